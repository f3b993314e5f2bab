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
    shown". The first-attempt pass rate is over every earner (one who hid
    their attempts is not known to have passed the first time); the median
    is over the earners whose history is shown.

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
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .renewal import shortfall
from .suppression import GridMask, is_small, suppress_grid, suppress_line

if TYPE_CHECKING:
    from .progress import EarnedCredential, Passport, PathwayProgress
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
    first: dict[str, EarnedCredential] = {}
    for entry in passport.earned:
        if entry.revoked:
            continue
        kept = first.get(entry.credential.id)
        if kept is None or entry.earned.earned_on < kept.earned.earned_on:
            first[entry.credential.id] = entry
    started = {w.credential: w.started_on for w in passport.portfolio.in_progress if w.started_on is not None}
    facts = []
    for credential_id in sorted(first):
        earned = first[credential_id].earned
        submissions = len(earned.attempts) + 1 if earned.show_attempts else None
        starts = [a.submitted_on for a in earned.attempts]
        if credential_id in started:
            starts.append(started[credential_id])
        starts = [day for day in starts if day <= earned.earned_on]
        days = (earned.earned_on - min(starts)).days if starts else None
        facts.append((credential_id, earned.earned_on.year, submissions, days))
    return tuple(facts)


def pathway_share(progress: PathwayProgress) -> float:
    """How much of a pathway's requirement is done: 1.0 when met, else below 1
    (the passport's verdict measures the same shortfall: renewal.py)."""
    if progress.met:
        return 1.0
    return min(0.999, max(0.0, round(1 - shortfall(progress), 3)))


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
    first_attempt_rate: float | None  # share of all earners known to have passed the first time
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
    raw: dict[str, list[tuple[int, int, int | None, int | None]]] = {cid: [] for cid in credentials}
    first_award: list[int] = []  # per educator holding a credential, the year of their first
    educators_in: dict[int, set[int]] = {}  # year -> educators with an award that year
    for educator, summary in enumerate(summaries):
        first = None
        for credential_id, year, submissions, days in summary.earnings:
            found = raw.get(credential_id)
            if found is None:
                continue
            found.append((educator, year, submissions, days))
            educators_in.setdefault(year, set()).add(educator)
            first = year if first is None or year < first else first
        if first is not None:
            first_award.append(first)
    held = {cid: Holders.of(entries) for cid, entries in raw.items()}
    years = tuple(range(min(educators_in), max(educators_in) + 1)) if educators_in else ()
    earners = {cid: [held[cid].years.count(year) for year in years] for cid in credentials}
    grid = None
    if years:
        column_educators = [len(educators_in.get(year, ())) for year in years]
        grid = suppress_grid([earners[cid] for cid in credentials], column_educators, len(first_award))
    per_credential = {
        cid: _credential_figures(cid, row, earners[cid], years, grid, held[cid]) for row, cid in enumerate(credentials)
    }
    completions: dict[str, int] = {}
    for summary in summaries:
        for stack_id in summary.stack_ids:
            completions[stack_id] = completions.get(stack_id, 0) + 1
    published = site.published_credentials
    return Figures(
        growth=_growth(years, earners, credentials, grid, first_award),
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


@dataclass(frozen=True)
class Holders:
    """Who holds one credential and how they earned it (their first award)."""

    educators: list[int]  # indexes of the summaries
    years: list[int]
    submissions: list[int]  # of those whose history is shown
    with_history: list[int]  # educators whose history is shown
    hidden: int  # educators who hid their attempts
    days: list[int]
    with_days: list[int]  # educators with a time to award

    @classmethod
    def of(cls, entries: list[tuple[int, int, int | None, int | None]]) -> Holders:
        """From (educator, year, submissions, days) entries."""
        shown = [(educator, value) for educator, _, value, _ in entries if value is not None]
        timed = [(educator, value) for educator, _, _, value in entries if value is not None]
        return cls(
            educators=[entry[0] for entry in entries],
            years=[entry[1] for entry in entries],
            submissions=[value for _, value in shown],
            with_history=[educator for educator, _ in shown],
            hidden=len(entries) - len(shown),
            days=[value for _, value in timed],
            with_days=[educator for educator, _ in timed],
        )


def _shown(count: int, hidden: bool) -> Shown:
    return None if hidden else count


def median(values: Sequence[int], educators: int) -> float | None:
    """The median, when 10 or more educators gave the values."""
    if educators < MIN_EDUCATORS or not values:
        return None
    return float(statistics.median(values))


def _credential_figures(
    credential_id: str, row: int, counts: list[int], years: tuple[int, ...], grid: GridMask | None, holders: Holders,
) -> CredentialFigures:
    total = sum(counts)
    total_hidden = grid is not None and row in grid.rows
    by_year = tuple(_shown(count, grid is not None and (row, column) in grid.cells) for column, count in enumerate(counts))
    start = next((i for i, count in enumerate(counts) if count), len(counts))
    taken = Counter(holders.submissions)
    buckets = [taken[n] for n in range(1, SUBMISSION_ROWS)]
    buckets += [sum(count for n, count in taken.items() if n >= SUBMISSION_ROWS), holders.hidden]
    if total_hidden:  # the same total as the grid's row: hidden there, nothing here may add up to it
        shown_buckets: tuple[Shown, ...] = (None,) * len(buckets)
    else:
        mask = suppress_line(buckets)
        shown_buckets = tuple(_shown(count, hide) for count, hide in zip(buckets, mask.cells))
    shown_history = len(holders.submissions)
    rate = None
    # First-time passes over every earner, those who hid their attempts included
    # (as not known to have passed first time): both counts are printed, so the
    # rate gives nothing away. Over the earners with a shown history instead, it
    # would give away how many hid theirs, nearly always a small count.
    if not total_hidden and shown_buckets[0] is not None and total >= MIN_EDUCATORS:
        rate = buckets[0] / total
    return CredentialFigures(
        credential=credential_id,
        earners=_shown(total, total_hidden),
        years=years[start:],
        earners_by_year=by_year[start:],
        submissions=shown_buckets,
        first_attempt_rate=rate,
        median_submissions=median(holders.submissions, shown_history),
        median_days=median(holders.days, len(holders.days)),
    )


def _growth(
    years: tuple[int, ...], earners: dict[str, list[int]], credentials: list[str], grid: GridMask | None,
    first_award: list[int],
) -> Growth:
    awards = [sum(earners[cid][i] for cid in credentials) for i in range(len(years))]
    new_holders = [first_award.count(year) for year in years]
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
    group_id: str, members: list[str], per_credential: dict[str, CredentialFigures], held: dict[str, Holders],
    completions: int | None = None,
) -> GroupFigures:
    groups = [held[cid] for cid in members]
    educators = len(set().union(*(h.educators for h in groups)))
    with_history = len(set().union(*(h.with_history for h in groups)))
    with_days = len(set().union(*(h.with_days for h in groups)))
    earned = [cid for cid in members if held[cid].educators]
    # With one earned credential the group's count is that credential's count: hidden with it.
    follows_hidden = len(earned) == 1 and per_credential[earned[0]].earners is None
    return GroupFigures(
        id=group_id,
        credentials=len(members),
        earners=None if is_small(educators) or follows_hidden else educators,
        completions=None if completions is None else _group_count(completions, follows_hidden),
        median_submissions=median([v for h in groups for v in h.submissions], with_history),
        median_days=median([v for h in groups for v in h.days], with_days),
    )


def _group_count(count: int, follows_hidden: bool) -> Shown:
    if count == 0:
        return 0
    return None if is_small(count) or follows_hidden else count
