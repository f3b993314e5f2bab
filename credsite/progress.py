"""Progress: expiry of earned credentials, stacks, and pathways.

Pure functions over the (already redacted) model; no I/O, no wall clock.
Every date decision uses the State's build date. The rules, as documented
for users:

Expiry
    An earned credential expires ``valid_years`` after ``earned_on``, on the
    same month and day; a credential earned on 29 February expires on
    28 February when the expiry year is not a leap year. Without
    ``valid_years`` it never expires. On the build date an earned
    credential is *revoked* when it carries a revocation (whatever the
    revocation's date), else *expired* when the build date is after the
    expiry date (the expiry day itself is still valid), else *valid*.

Stacks
    A stack credential is *held* when the educator earned it and it is not
    revoked; an expired credential is still held (it was earned). A stack
    is complete when the number held reaches its ``require`` (all of them
    by default). A passport shows every stack the educator holds at least
    one credential of or names as a goal: goals first in goal order, then
    the rest in stack id order.

Pathway window
    The window ends on the license's ``expires`` date, or on the build date
    when there is no license or it has no ``expires``. It starts
    ``window_years`` earlier on the same month and day (29 February becomes
    28 February). Both ends are inclusive.

What counts toward a pathway
    An earned credential counts when it was earned inside the window, is not
    revoked, and was not earned after the build date. An expired credential
    earned inside the window still counts (renewal recognises learning done
    during the cycle), and so does a credential retired from the catalog
    since. A credential earned more than once counts once, through its
    latest earning inside the window.

Count mode without buckets
    Every counted credential counts one; the pathway is met when the count
    reaches ``total``.

Count mode with buckets
    Each credential counts toward at most one bucket it qualifies for (a
    bucket without topics accepts any credential). A credential pinned to a
    bucket of this pathway (``bucket:`` in the portfolio) goes only there;
    a pin naming a bucket this pathway does not have is ignored here, since
    pins may be meant for another pathway. The assignment first fills as
    many bucket minimums as possible (a maximum bipartite matching, so a
    credential that qualifies for two buckets never starves one), then
    places every remaining qualifying credential too, in the first bucket
    (in pathway order) it qualifies for. Only credentials placed in a
    bucket count toward the total. The pathway is met when every bucket's
    minimum is met and the count reaches ``total`` (the sum of the bucket
    minimums when ``total`` is absent). Ties are broken by input order:
    credentials oldest first, buckets in pathway order.

Points mode
    Points are the ``pd_points`` of the counted credentials (none given
    counts 0) plus the ``points`` of other learning whose ``date`` is inside
    the window and not after the build date. Other learning without a date
    cannot be placed in a window and never counts. Only entries that
    contributed points are listed as counted items. The pathway is met when
    the points reach ``points_required``.

Needs
    When a pathway is not met, count mode lists one need per bucket still
    short of its minimum, then one need toward the total if the total is
    still short after those bucket needs are added; points mode lists the
    missing points. Every need is due by the window's end.

Holders
    A credential's holders are the public portfolios (unlisted ones are not
    listed) that earned it and whose earning is not revoked, by id.

When results change
    A passport's results depend on the build date only on some days: the
    day after an earned credential expires; the day dated other learning
    starts to count; and, for a window that ends on the build date (a
    license without ``expires``), the day an earning or other learning
    falls out of the window. ``valid_from`` is the last such day on or
    before the build date and ``valid_until`` the next one after it: on
    every build date in between, the passport's results are the same, and a
    rebuild on a new day redoes only the passports whose range it left. A
    window that ends on the build date is ``rolling``: its dates move every
    day, so pages say "the last N years" rather than print them, and its
    needs have no date to be met by.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Literal

from credsite.model import (
    Bucket,
    Credential,
    Earned,
    External,
    License,
    OtherLearning,
    Pathway,
    PathwayMode,
    Portfolio,
    RecognizedIssuer,
    Stack,
    State,
)

EarnedStatusName = Literal["valid", "expired", "revoked"]


@dataclass(frozen=True)
class EarnedCredential:
    """One earned entry, resolved against the catalog."""

    earned: Earned
    credential: Credential
    expires_on: date | None
    status: EarnedStatusName

    @property
    def revoked(self) -> bool:
        return self.status == "revoked"


@dataclass(frozen=True)
class ExternalHeld:
    """One external credential, resolved against its recognized issuer."""

    external: External
    issuer: RecognizedIssuer
    status: Literal["valid", "expired"]  # expired: validUntil is before the build date
    countable: bool  # valid, and its issuer has counts_toward


@dataclass(frozen=True)
class StackProgress:
    stack: Stack
    held: tuple[str, ...]  # held and not revoked, in stack order
    required: int
    complete: bool
    missing: tuple[str, ...]  # not held, in stack order


@dataclass(frozen=True)
class BucketProgress:
    bucket: Bucket
    credentials: tuple[str, ...]  # credential ids assigned here
    needed: int  # max(0, min - assigned)


@dataclass(frozen=True)
class Need:
    """One thing still needed; templates phrase it."""

    amount: float  # credentials (count mode) or points (points mode)
    bucket: Bucket | None  # None: toward the total
    by: date | None  # the window end; None when the window rolls (it ends on every build date)


@dataclass(frozen=True)
class CountedItem:
    """Something counted toward a pathway."""

    credential: str | None  # credential id, or None for an external credential or other learning
    title: str
    date: date
    bucket: str | None  # bucket id it counted toward (count mode with buckets)
    points: float  # points mode: what it contributed; count mode: 1
    external: str | None = None  # an external credential's file (credential is None then)


@dataclass(frozen=True)
class PathwayProgress:
    pathway: Pathway
    window_start: date
    window_end: date
    rolling: bool  # the window ends on the build date (no license expiry): its dates move daily
    mode: PathwayMode
    required: float
    counted: float
    met: bool
    buckets: tuple[BucketProgress, ...]
    items: tuple[CountedItem, ...]  # in date order, then title
    needs: tuple[Need, ...]  # empty when met

    def bucket_title(self, bucket_id: str | None) -> str:
        """The title of the bucket an item counted toward; "" for none."""
        return next((b.bucket.title for b in self.buckets if b.bucket.id == bucket_id), "")


@dataclass(frozen=True)
class Passport:
    portfolio: Portfolio
    earned: tuple[EarnedCredential, ...]  # newest earned_on first, then title
    stacks: tuple[StackProgress, ...]
    pathways: tuple[PathwayProgress, ...]  # the license's pathways, in license order
    completed_stacks: tuple[str, ...]
    external: tuple[ExternalHeld, ...] = ()  # newest validFrom first, then title
    # Every build date from valid_from up to (not including) valid_until gives these results.
    valid_from: date = date.min
    valid_until: date | None = None  # None: they never change with the date


# --- dates -----------------------------------------------------------------


def _shift_years(day: date, years: int) -> date:
    """The same month and day ``years`` later (or earlier); 29 Feb -> 28 Feb."""
    target_year = day.year + years
    try:
        return day.replace(year=target_year)
    except ValueError:
        return day.replace(year=target_year, day=28)


def expires_on(earned_on: date, valid_years: int | None) -> date | None:
    """When a credential earned on ``earned_on`` expires; None: never."""
    if valid_years is None:
        return None
    return _shift_years(earned_on, valid_years)


def earned_credential(earned: Earned, credential: Credential, build_date: date) -> EarnedCredential:
    expiry = expires_on(earned.earned_on, credential.valid_years)
    status: EarnedStatusName
    if earned.revoked is not None:
        status = "revoked"
    elif expiry is not None and build_date > expiry:
        status = "expired"
    else:
        status = "valid"
    return EarnedCredential(earned=earned, credential=credential, expires_on=expiry, status=status)


# --- stacks ----------------------------------------------------------------


def stack_progress(stack: Stack, held_ids: set[str]) -> StackProgress:
    """Progress toward a stack, given the ids held and not revoked."""
    held = tuple(c for c in stack.credentials if c in held_ids)
    missing = tuple(c for c in stack.credentials if c not in held_ids)
    required = stack.required_count
    return StackProgress(
        stack=stack, held=held, required=required, complete=len(held) >= required, missing=missing
    )


# --- bucket assignment -----------------------------------------------------


def _bucket_options(
    candidates: Sequence[tuple[str, set[str], str | None]], buckets: Sequence[Bucket]
) -> dict[str, tuple[str, ...]]:
    """Key -> the bucket ids it may go to, in bucket order."""
    order = [b.id for b in buckets]
    options: dict[str, tuple[str, ...]] = {}
    for key, qualifying, pinned in candidates:
        if pinned is not None and pinned in order:
            options[key] = (pinned,)
        else:
            options[key] = tuple(b for b in order if b in qualifying)
    return options


def _augment(
    key: str,
    options: dict[str, tuple[str, ...]],
    capacity: dict[str, int],
    members: dict[str, list[str]],
    visited: set[str],
) -> bool:
    """Kuhn's augmenting path: place ``key``, moving others along if needed.

    Buckets are visited at most once per search; within a bucket every
    slot is alike, so this is the matching on bucket slots.
    """
    for bucket_id in options[key]:
        if bucket_id in visited:
            continue
        visited.add(bucket_id)
        if len(members[bucket_id]) < capacity[bucket_id]:
            members[bucket_id].append(key)
            return True
        for other in list(members[bucket_id]):
            if _augment(other, options, capacity, members, visited):
                members[bucket_id].remove(other)
                members[bucket_id].append(key)
                return True
    return False


def assign_buckets(
    candidates: Sequence[tuple[str, set[str], str | None]], buckets: Sequence[Bucket]
) -> dict[str, str]:
    """Assign candidates to buckets, filling as many minimums as possible.

    ``candidates`` are ``(key, qualifying bucket ids, pinned bucket id or
    None)``. Phase one is a maximum matching of candidates to bucket slots,
    ``min`` slots per bucket, which maximizes the sum over buckets of
    ``min(assigned, min)``. Phase two places every candidate left over in
    its first option, which maximizes the total assigned. Returns
    ``{key: bucket id}`` in candidate order, for assigned keys only.
    """
    options = _bucket_options(candidates, buckets)
    capacity = {b.id: b.min for b in buckets}
    members: dict[str, list[str]] = {b.id: [] for b in buckets}
    for key, _, _ in candidates:
        _augment(key, options, capacity, members, set())
    placed = {key: bucket_id for bucket_id, keys in members.items() for key in keys}
    for key, _, _ in candidates:
        if key not in placed and options[key]:
            placed[key] = options[key][0]
    return {key: placed[key] for key, _, _ in candidates if key in placed}


# --- pathways --------------------------------------------------------------


def _window(pathway: Pathway, license: License | None, build_date: date) -> tuple[date, date]:
    end = license.expires if license is not None and license.expires is not None else build_date
    return _shift_years(end, -pathway.window_years), end


def _counted_credentials(
    earned: Sequence[EarnedCredential], start: date, end: date, build_date: date
) -> list[EarnedCredential]:
    """Credentials that count, one per credential id, oldest first."""
    latest: dict[str, EarnedCredential] = {}
    for entry in earned:
        on = entry.earned.earned_on
        if entry.revoked or not start <= on <= end or on > build_date:
            continue
        kept = latest.get(entry.credential.id)
        if kept is None or on > kept.earned.earned_on:
            latest[entry.credential.id] = entry
    return sorted(latest.values(), key=lambda e: (e.earned.earned_on, e.credential.title, e.credential.id))


def _item_order(item: CountedItem) -> tuple[date, str, str]:
    return (item.date, item.title, item.credential or "")


def _count_items(counted: Sequence[EarnedCredential]) -> list[CountedItem]:
    return [
        CountedItem(credential=e.credential.id, title=e.credential.title, date=e.earned.earned_on, bucket=None, points=1)
        for e in counted
    ]


def _bucketed_items(
    pathway: Pathway, counted: Sequence[EarnedCredential]
) -> tuple[list[CountedItem], tuple[BucketProgress, ...]]:
    bucket_ids = {b.id for b in pathway.buckets}
    candidates = [
        (
            e.credential.id,
            {b.id for b in pathway.buckets if b.accepts(e.credential)},
            e.earned.bucket if e.earned.bucket in bucket_ids else None,
        )
        for e in counted
    ]
    assignment = assign_buckets(candidates, pathway.buckets)
    items = [
        CountedItem(
            credential=e.credential.id,
            title=e.credential.title,
            date=e.earned.earned_on,
            bucket=assignment[e.credential.id],
            points=1,
        )
        for e in counted
        if e.credential.id in assignment
    ]
    progress = []
    for bucket in pathway.buckets:
        assigned = tuple(i.credential for i in items if i.bucket == bucket.id and i.credential is not None)
        progress.append(BucketProgress(bucket=bucket, credentials=assigned, needed=max(0, bucket.min - len(assigned))))
    return items, tuple(progress)


def _count_needs(required: int, counted: int, buckets: Sequence[BucketProgress], by: date) -> list[Need]:
    needs = [Need(amount=b.needed, bucket=b.bucket, by=by) for b in buckets if b.needed > 0]
    total_short = required - counted - sum(b.needed for b in buckets)
    if total_short > 0:
        needs.append(Need(amount=total_short, bucket=None, by=by))
    return needs


def _count_progress(
    pathway: Pathway, counted: Sequence[EarnedCredential], start: date, end: date
) -> PathwayProgress:
    if pathway.buckets:
        items, buckets = _bucketed_items(pathway, counted)
    else:
        items, buckets = _count_items(counted), ()
    required = pathway.total if pathway.total is not None else sum(b.min for b in pathway.buckets)
    count = len(items)
    met = count >= required and all(b.needed == 0 for b in buckets)
    return PathwayProgress(
        pathway=pathway,
        window_start=start,
        window_end=end,
        rolling=False,
        mode="count",
        required=required,
        counted=count,
        met=met,
        buckets=buckets,
        items=tuple(sorted(items, key=_item_order)),
        needs=() if met else tuple(_count_needs(required, count, buckets, end)),
    )


def _points_items(
    counted: Sequence[EarnedCredential], other_learning: Sequence[OtherLearning], start: date, end: date, build_date: date
) -> list[CountedItem]:
    items = [
        CountedItem(
            credential=e.credential.id,
            title=e.credential.title,
            date=e.earned.earned_on,
            bucket=None,
            points=e.credential.pd_points or 0,
        )
        for e in counted
    ]
    items += [
        CountedItem(credential=None, title=o.title, date=o.date, bucket=None, points=o.points)
        for o in other_learning
        if o.date is not None and start <= o.date <= end and o.date <= build_date
    ]
    return [i for i in items if i.points > 0]


def _points_progress(
    pathway: Pathway,
    counted: Sequence[EarnedCredential],
    other_learning: Sequence[OtherLearning],
    start: date,
    end: date,
    build_date: date,
) -> PathwayProgress:
    items = sorted(_points_items(counted, other_learning, start, end, build_date), key=_item_order)
    points = math.fsum(i.points for i in items)
    required = pathway.points_required or 0
    met = points >= required
    return PathwayProgress(
        pathway=pathway,
        window_start=start,
        window_end=end,
        rolling=False,
        mode="points",
        required=required,
        counted=points,
        met=met,
        buckets=(),
        items=tuple(items),
        needs=() if met else (Need(amount=required - points, bucket=None, by=end),),
    )


def pathway_progress(
    pathway: Pathway,
    earned: Sequence[EarnedCredential],
    other_learning: Sequence[OtherLearning],
    license: License | None,
    build_date: date,
) -> PathwayProgress:
    start, end = _window(pathway, license, build_date)
    counted = _counted_credentials(earned, start, end, build_date)
    if pathway.mode == "points":
        progress = _points_progress(pathway, counted, other_learning, start, end, build_date)
    else:
        progress = _count_progress(pathway, counted, start, end)
    if not _rolling(license):
        return progress
    return replace(progress, rolling=True, needs=tuple(replace(need, by=None) for need in progress.needs))


def _rolling(license: License | None) -> bool:
    return license is None or license.expires is None


# --- when results change with the build date -------------------------------


def _leaves_window(day: date, window_years: int) -> date:
    """The first build date on which ``day`` is before a rolling window's start."""
    leaving = _shift_years(day, window_years)
    while _shift_years(leaving, -window_years) <= day:
        leaving += timedelta(days=1)
    return leaving


def change_dates(portfolio: Portfolio, entries: Sequence[EarnedCredential], pathways: Sequence[Pathway]) -> Iterator[date]:
    """Every build date on which a passport's results may differ from the day before's."""
    for entry in entries:
        if not entry.revoked and entry.expires_on is not None:
            yield entry.expires_on + timedelta(days=1)
    dated_learning = [o.date for o in portfolio.other_learning if o.date is not None]
    yield from dated_learning  # counts from its day on
    if pathways and _rolling(portfolio.license):
        for years in {p.window_years for p in pathways}:
            for day in [*(e.earned.earned_on for e in entries if not e.revoked), *dated_learning]:
                yield _leaves_window(day, years)


def valid_range(changes: Iterator[date], build_date: date) -> tuple[date, date | None]:
    """The build dates around ``build_date`` between two changes: [from, until)."""
    days = set(changes)
    before = [day for day in days if day <= build_date]
    after = [day for day in days if day > build_date]
    return (max(before) if before else date.min), (min(after) if after else None)


# --- passports -------------------------------------------------------------


def _passport_stacks(portfolio: Portfolio, state: State, held_ids: set[str]) -> tuple[StackProgress, ...]:
    goal_ids = [g for g in portfolio.goals if g in state.stacks]
    others = sorted(
        stack_id
        for stack_id, stack in state.stacks.items()
        if stack_id not in goal_ids and any(c in held_ids for c in stack.credentials)
    )
    return tuple(stack_progress(state.stacks[s], held_ids) for s in [*dict.fromkeys(goal_ids), *others])


def passport(portfolio: Portfolio, state: State) -> Passport:
    """Everything a passport page shows about an educator's progress."""
    entries = [earned_credential(e, state.credentials[e.credential], state.build_date) for e in portfolio.earned]
    entries.sort(key=lambda e: (-e.earned.earned_on.toordinal(), e.credential.title, e.credential.id))
    held_ids = {e.credential.id for e in entries if not e.revoked}
    stacks = _passport_stacks(portfolio, state, held_ids)
    license = portfolio.license
    pathway_ids = license.pathways if license is not None else ()
    pathways = tuple(
        pathway_progress(state.pathways[p], entries, portfolio.other_learning, license, state.build_date)
        for p in pathway_ids
    )
    valid_from, valid_until = valid_range(
        change_dates(portfolio, entries, [state.pathways[p] for p in pathway_ids]), state.build_date
    )
    return Passport(
        portfolio=portfolio,
        earned=tuple(entries),
        stacks=stacks,
        pathways=pathways,
        completed_stacks=tuple(s.stack.id for s in stacks if s.complete),
        valid_from=valid_from,
        valid_until=valid_until,
    )
