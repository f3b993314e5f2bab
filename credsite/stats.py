"""The numbers behind the figures (``stats/``): pure functions, no I/O.

Two halves. ``earning_facts`` and ``renewal_share`` turn one passport into
the few plain values its summary carries (site.py ``PassportSummary``), so a
rebuild recomputes the figures from the build record's summaries without
reading a portfolio. ``figures`` turns every summary into the published
numbers, with small counts suppressed (suppression.py). The rules, as
docs/state-staff.md tells the figures' readers:

Who counts
    Every public and unlisted passport (both are published). A private
    portfolio has no summary and never counts. Everything comes from the
    redacted passport, so no figure uses anything its educator did not
    publish: attempts an educator hid count as "not shown".

Earners
    An educator counts once per credential, in the year of their first
    earning of it that was not revoked. A revoked earning is no award.
    Expired credentials still count: they were earned.

Submissions
    An earning with no recorded "Not Yet" attempts passed on the first
    submission; each recorded attempt adds one. Counted for the first
    earning; an earning whose attempts the educator hid counts as "not
    shown", and the first-attempt pass rate and the median are over the
    earners whose history is shown.

Time to award
    From the earliest recorded start to the award: the ``started_on`` of an
    ``in_progress`` entry for the credential (if the portfolio still records
    one) or the first attempt's ``submitted_on``, whichever is earlier, to
    ``earned_on``; a start after the award (work toward earning it again)
    is ignored. Without either date an earning has no time to award.

Renewal
    Educators whose license names at least one renewal pathway. A license
    is met when any of its pathways is met (progress.py). For the others,
    how far along their best pathway is: the share of its requirement no
    longer needed (credentials or points).

Growth
    Credentials awarded each year are the earners of every credential that
    year (the grid's column totals); educators holding at least one
    credential at the end of a year are counted from the year of their
    first award.

Publishing
    Counts of 1 to 9 educators are not shown, and some larger ones are
    hidden with them so that no hidden count can be worked out (see
    suppression.py). The earners table, credentials by year with its
    totals, is one grid: a credential's page, the credential list and
    the growth figure all show parts of it, so one suppression covers
    them all. A rate or median needs 10 or more educators; a rate is
    shown only when the counts it divides are shown (it would give them
    away otherwise). Topic, stack and issuer rows count educators, not
    awards (an educator with three credentials in a topic counts once), so
    they add up to nothing that could be subtracted; a group with only one
    credential anyone has earned shows that credential's numbers and is
    hidden when they are.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .suppression import GridMask, is_small, suppress_grid, suppress_line

if TYPE_CHECKING:
    from .progress import Passport, PathwayProgress
    from .site import PassportSummary, Site

# (credential id, year first earned, submissions or None when the educator
# hid them, days from start to award or None when no start is recorded)
Earning = tuple[str, int, int | None, int | None]
Shown = int | None  # a published count; None: not shown

MIN_EDUCATORS = 10  # a rate or median over fewer educators is not shown
SUBMISSION_ROWS = 4  # 1, 2, 3, "4 or more"; then "not shown"
# Renewal bands, best first: met, then the lower bound of each share still short.
RENEWAL_BANDS = ("met", "75", "50", "25", "1", "0")


# --- one passport ------------------------------------------------------------------


def earning_facts(passport: Passport) -> tuple[Earning, ...]:
    """Per credential held, its first earning that was not revoked, sorted by credential id."""
    first: dict[str, object] = {}
    for entry in passport.earned:
        if entry.revoked:
            continue
        kept = first.get(entry.credential.id)
        if kept is None or entry.earned.earned_on < kept.earned.earned_on:  # type: ignore[attr-defined]
            first[entry.credential.id] = entry
    started = {w.credential: w.started_on for w in passport.portfolio.in_progress if w.started_on is not None}
    facts = []
    for credential_id in sorted(first):
        earned = first[credential_id].earned  # type: ignore[attr-defined]
        submissions = len(earned.attempts) + 1 if earned.show_attempts else None
        starts = [a.submitted_on for a in earned.attempts]
        if credential_id in started:
            starts.append(started[credential_id])
        starts = [day for day in starts if day <= earned.earned_on]
        days = (earned.earned_on - min(starts)).days if starts else None
        facts.append((credential_id, earned.earned_on.year, submissions, days))
    return tuple(facts)


def pathway_share(progress: PathwayProgress) -> float:
    """How much of a pathway's requirement is done: 1.0 when met, else below 1."""
    if progress.met or progress.required <= 0:
        return 1.0
    short = sum(need.amount for need in progress.needs)
    return min(0.999, max(0.0, round(1 - short / progress.required, 3)))


def renewal_share(passport: Passport) -> float | None:
    """The best pathway's share of the license's renewal; None without a renewal pathway."""
    if not passport.pathways:
        return None
    return max(pathway_share(p) for p in passport.pathways)


def renewal_band(share: float) -> int:
    """Index into RENEWAL_BANDS."""
    if share >= 1:
        return 0
    if share >= 0.75:
        return 1
    if share >= 0.5:
        return 2
    if share >= 0.25:
        return 3
    return 4 if share > 0 else 5


# --- the published numbers -----------------------------------------------------------


@dataclass(frozen=True)
class CredentialFigures:
    credential: str
    earners: Shown  # educators who earned it
    years: tuple[int, ...]  # from its first year with earners to the site's last year
    earners_by_year: tuple[Shown, ...]  # first earnings, by year
    submissions: tuple[Shown, ...]  # 1, 2, 3, 4 or more, not shown (hidden by the educator)
    first_attempt_rate: float | None  # share of earners with a shown history who passed first time
    median_submissions: float | None
    median_days: float | None


@dataclass(frozen=True)
class GroupFigures:
    """A topic, stack or issuer: educators, not awards, so nothing adds up across rows."""

    id: str
    credentials: int  # published credentials in the group
    earners: Shown  # educators who earned at least one of them
    completions: Shown | None  # stacks only: educators who completed it
    median_submissions: float | None
    median_days: float | None


@dataclass(frozen=True)
class Growth:
    years: tuple[int, ...]
    awards: tuple[Shown, ...]  # credentials awarded that year
    awards_total: Shown
    new_holders: tuple[Shown, ...]  # educators whose first credential came that year
    holders: tuple[Shown, ...]  # educators holding at least one at the end of the year
    holders_total: Shown


@dataclass(frozen=True)
class Renewal:
    bands: tuple[Shown, ...]  # educators, in RENEWAL_BANDS order
    total: Shown  # educators whose license names a renewal pathway
    share_met: float | None


@dataclass(frozen=True)
class Figures:
    growth: Growth
    renewal: Renewal
    credentials: dict[str, CredentialFigures]  # every published credential, in catalog order
    topics: tuple[GroupFigures, ...]
    stacks: tuple[GroupFigures, ...]
    issuers: tuple[GroupFigures, ...]


def figures(site: Site) -> Figures:
    """Every published number of the stats section, from the passports' summaries."""
    summaries = list(site.summaries.values())
    credentials = [c.id for c in site.published_credentials]
    held: dict[str, list[Held]] = {cid: [] for cid in credentials}
    for educator, summary in enumerate(summaries):
        for credential_id, year, submissions, days in summary.earnings:
            if credential_id in held:
                held[credential_id].append(Held(educator, year, submissions, days))
    years = _years(held)
    first_year = years[0] if years else 0
    earners = {cid: [0] * len(years) for cid in credentials}
    for credential_id, holders in held.items():
        for holder in holders:
            earners[credential_id][holder.year - first_year] += 1
    grid = _earners_grid(earners, credentials, years, held)
    per_credential = {
        cid: _credential_figures(cid, row, earners[cid], years, grid, held[cid]) for row, cid in enumerate(credentials)
    }
    completions: dict[str, int] = {}
    for summary in summaries:
        for stack_id in summary.stack_ids:
            completions[stack_id] = completions.get(stack_id, 0) + 1
    published = site.published_credentials
    return Figures(
        growth=_growth(years, earners, credentials, grid, held),
        renewal=_renewal(summaries),
        credentials=per_credential,
        topics=tuple(
            _group_figures(t.id, [c.id for c in published if t.id in c.topics], per_credential, held)
            for t in site.state.catalog.topics
        ),
        stacks=tuple(
            _group_figures(s.id, [c for c in s.credentials if c in held], per_credential, held, completions.get(s.id, 0))
            for s in site.state.stacks.values()
        ),
        issuers=tuple(
            _group_figures(i.id, [c.id for c in published if c.issuer == i.id], per_credential, held)
            for i in site.state.issuers.values()
            if any(c.issuer == i.id for c in published)
        ),
    )


def _earners_grid(
    earners: dict[str, list[int]], credentials: list[str], years: tuple[int, ...], held: dict[str, list[Held]]
) -> GridMask | None:
    """Suppression of credentials by year; a year's total and the grand total count
    awards, so they are hidden when fewer than 10 educators made them."""
    if not years:
        return None
    in_year: list[set[int]] = [set() for _ in years]
    for holders in held.values():
        for holder in holders:
            in_year[holder.year - years[0]].add(holder.educator)
    everyone = set().union(*in_year)
    return suppress_grid([earners[cid] for cid in credentials], [len(s) for s in in_year], len(everyone))


@dataclass(frozen=True)
class Held:
    """One educator's first earning of one credential, as the figures count it."""

    educator: int  # index of the summary
    year: int
    submissions: int | None
    days: int | None


def _years(held: dict[str, list[Held]]) -> tuple[int, ...]:
    found = {holder.year for holders in held.values() for holder in holders}
    return tuple(range(min(found), max(found) + 1)) if found else ()


def _shown(count: int, hidden: bool) -> Shown:
    return None if hidden else count


def median(values: Sequence[int], educators: int) -> float | None:
    """The median, when 10 or more educators gave the values."""
    if educators < MIN_EDUCATORS or not values:
        return None
    return float(statistics.median(values))


def _credential_figures(
    credential_id: str, row: int, counts: list[int], years: tuple[int, ...], grid: GridMask | None, holders: list[Held],
) -> CredentialFigures:
    total = sum(counts)
    total_hidden = grid is not None and row in grid.rows
    by_year = tuple(_shown(count, grid is not None and (row, column) in grid.cells) for column, count in enumerate(counts))
    start = next((i for i, count in enumerate(counts) if count), len(counts))
    buckets = [0] * (SUBMISSION_ROWS + 1)
    for holder in holders:
        value = holder.submissions
        buckets[SUBMISSION_ROWS if value is None else min(value, SUBMISSION_ROWS) - 1] += 1
    if total_hidden:  # the same total as the grid's row: hidden there, nothing here may add up to it
        shown_buckets: tuple[Shown, ...] = (None,) * len(buckets)
    else:
        mask = suppress_line(buckets)
        shown_buckets = tuple(_shown(count, hide) for count, hide in zip(buckets, mask.cells))
    with_history = [h.submissions for h in holders if h.submissions is not None]
    rate = None
    # The rate divides "first time" by "shown history" (the total less "not shown"):
    # both must be printed already, or the rate would give them away.
    if not total_hidden and shown_buckets[0] is not None and shown_buckets[-1] is not None and len(with_history) >= MIN_EDUCATORS:
        rate = buckets[0] / len(with_history)
    days = [h.days for h in holders if h.days is not None]
    return CredentialFigures(
        credential=credential_id,
        earners=_shown(total, total_hidden),
        years=years[start:],
        earners_by_year=by_year[start:],
        submissions=shown_buckets,
        first_attempt_rate=rate,
        median_submissions=median(with_history, len(with_history)),
        median_days=median(days, len(days)),
    )


def _growth(
    years: tuple[int, ...], earners: dict[str, list[int]], credentials: list[str], grid: GridMask | None,
    held: dict[str, list[Held]],
) -> Growth:
    awards = [sum(earners[cid][i] for cid in credentials) for i in range(len(years))]
    first_award: dict[int, int] = {}
    for holders in held.values():
        for holder in holders:
            known = first_award.get(holder.educator)
            if known is None or holder.year < known:
                first_award[holder.educator] = holder.year
    first_year = years[0] if years else 0
    new_holders = [0] * len(years)
    for year in first_award.values():
        new_holders[year - first_year] += 1
    mask = suppress_line(new_holders)
    new_shown = [_shown(count, hide) for count, hide in zip(new_holders, mask.cells)]
    holding: list[Shown] = []
    running = 0
    for i, count in enumerate(new_holders):
        running += count
        # Printed only when the printed yearly counts already give it, from the
        # first year on or back from the total: it adds nothing to work out.
        from_start = all(value is not None for value in new_shown[: i + 1])
        from_total = not mask.total and all(value is not None for value in new_shown[i + 1 :])
        holding.append(running if (from_start or from_total) and not is_small(running) else None)
    return Growth(
        years=years,
        awards=tuple(_shown(count, grid is not None and i in grid.columns) for i, count in enumerate(awards)),
        awards_total=_shown(sum(awards), grid is not None and grid.grand),
        new_holders=tuple(new_shown),
        holders=tuple(holding),
        holders_total=_shown(len(first_award), mask.total),
    )


def _renewal(summaries: list[PassportSummary]) -> Renewal:
    bands = [0] * len(RENEWAL_BANDS)
    for summary in summaries:
        if summary.renewal is not None:
            bands[renewal_band(summary.renewal)] += 1
    mask = suppress_line(bands)
    total = sum(bands)
    met_shown = not mask.cells[0] and not mask.total and total >= MIN_EDUCATORS
    return Renewal(
        bands=tuple(_shown(count, hide) for count, hide in zip(bands, mask.cells)),
        total=_shown(total, mask.total),
        share_met=bands[0] / total if met_shown else None,
    )


def _group_figures(
    group_id: str, members: list[str], per_credential: dict[str, CredentialFigures], held: dict[str, list[Held]],
    completions: int | None = None,
) -> GroupFigures:
    educators: set[int] = set()
    with_history: set[int] = set()
    with_days: set[int] = set()
    submissions: list[int] = []
    days: list[int] = []
    for credential_id in members:
        for holder in held[credential_id]:
            educators.add(holder.educator)
            if holder.submissions is not None:
                submissions.append(holder.submissions)
                with_history.add(holder.educator)
            if holder.days is not None:
                days.append(holder.days)
                with_days.add(holder.educator)
    earned = [cid for cid in members if held[cid]]
    # With one earned credential the group's count is that credential's count: hidden with it.
    follows_hidden = len(earned) == 1 and per_credential[earned[0]].earners is None
    return GroupFigures(
        id=group_id,
        credentials=len(members),
        earners=None if is_small(len(educators)) or follows_hidden else len(educators),
        completions=None if completions is None else _group_count(completions, follows_hidden),
        median_submissions=median(submissions, len(with_history)),
        median_days=median(days, len(with_days)),
    )


def _group_count(count: int, follows_hidden: bool) -> Shown:
    if count == 0:
        return 0
    return None if is_small(count) or follows_hidden else count
