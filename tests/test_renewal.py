"""The renewal verdict (renewal.py) against progress.py, for every shape of route.

Each case is a portfolio run through ``progress.passport``, so the verdict is
tested on what the build computes, not on hand-made progress objects.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from credsite import progress
from credsite.model import (
    Bucket,
    Catalog,
    Credential,
    Earned,
    EvidenceRequirement,
    License,
    OtherLearning,
    Pathway,
    Portfolio,
    Revocation,
    Rubric,
    RubricCriterion,
    RubricLevel,
    Source,
    State,
    Topic,
)
from credsite.renewal import RenewalVerdict, renewal_verdict, shortfall, total_need_buckets

BUILD = date(2026, 11, 24)
EXPIRES = date(2029, 6, 30)


def make_credential(credential_id: str, topics: tuple[str, ...], pd_points: float | None = None) -> Credential:
    return Credential(
        id=credential_id, title=credential_id.title(), version="1.0", issuer="ksde", summary="S.",
        competency="C.", key_method="M.", sources=(Source("A source."),), topics=topics,
        requirements=(EvidenceRequirement("overview", "Overview", "text", "Tell us."),),
        rubric=Rubric(
            levels=(RubricLevel("not-yet", "Not Yet", False), RubricLevel("proficient", "Proficient", True)),
            criteria=(RubricCriterion("c", "C", {"not-yet": "No", "proficient": "Yes"}),),
        ),
        pd_points=pd_points,
    )


CREDENTIALS = {
    c.id: c
    for c in (
        make_credential("sel-a", ("sel",), 20),
        make_credential("sel-b", ("sel",), 20),
        make_credential("sel-c", ("sel",), 20),
        make_credential("read-a", ("literacy",), 10),
        make_credential("read-b", ("literacy",), 10),
        make_credential("read-c", ("literacy",), 10),
        make_credential("math-a", ("math",)),
    )
}
OUTCOMES = Bucket("outcomes", "State Board Outcomes", 3, ("sel",))
INDIVIDUAL = Bucket("individual", "Individual learning", 2)
PATHWAYS = {
    p.id: p
    for p in (
        Pathway("plain", "Count route", 5, total=3),
        Pathway("buckets", "Micro-credential route", 5, total=5, buckets=(OUTCOMES, INDIVIDUAL)),
        Pathway("points", "Points route", 5, mode="points", points_required=120),
        Pathway("pilot", "Pilot route", 5, total=2),
        Pathway(
            "closed", "Closed route", 5, total=4,
            buckets=(Bucket("sel", "SEL", 1, ("sel",)), Bucket("literacy", "Literacy", 1, ("literacy",))),
        ),
    )
}


def verdict_for(
    routes: tuple[str, ...], earned: list[tuple[str, date]], expires: date | None = EXPIRES,
    other_learning: tuple[OtherLearning, ...] = (), revoked: tuple[str, ...] = (),
) -> RenewalVerdict | None:
    license = License(type="Professional License", state="KS", expires=expires, pathways=routes)
    portfolio = Portfolio(
        id="jo", name="Jo", license=license, other_learning=other_learning,
        earned=tuple(
            Earned(cid, "1.0", on, revoked=Revocation(on) if cid in revoked else None) for cid, on in earned
        ),
    )
    state = State(
        catalog=Catalog(title="T", base_url="https://example.org/", publisher="ksde", topics=(Topic("sel", "SEL"),)),
        issuers={}, credentials=dict(CREDENTIALS), stacks={}, pathways=dict(PATHWAYS),
        portfolios={"jo": portfolio}, build_date=BUILD, source_dir=Path("."),
    )
    passport = progress.passport(portfolio, state)
    return renewal_verdict(portfolio.license, passport.pathways)


def day(n: int) -> date:
    return date(2025, 1, n)


# --- one route ---------------------------------------------------------------------------


def test_count_without_buckets_met() -> None:
    verdict = verdict_for(("plain",), [("sel-a", day(1)), ("read-a", day(2)), ("math-a", day(3))])
    assert verdict is not None
    assert (verdict.state, verdict.route.pathway.id, verdict.needs, verdict.due) == ("met", "plain", (), None)


def test_count_without_buckets_partly_met_needs_the_rest_by_the_license_expiry() -> None:
    verdict = verdict_for(("plain",), [("sel-a", day(1))])
    assert verdict is not None and verdict.state == "partly"
    ((need),) = verdict.needs
    assert (need.amount, need.bucket, need.by) == (2, None, EXPIRES)
    assert verdict.due == EXPIRES


def test_nothing_counted_is_not_started() -> None:
    verdict = verdict_for(("plain",), [])
    assert verdict is not None and verdict.state == "not_started"
    assert [n.amount for n in verdict.needs] == [3]


def test_a_revoked_credential_does_not_start_a_route() -> None:
    verdict = verdict_for(("plain",), [("sel-a", day(1))], revoked=("sel-a",))
    assert verdict is not None and verdict.state == "not_started"


def test_buckets_met() -> None:
    earned = [("sel-a", day(1)), ("sel-b", day(2)), ("sel-c", day(3)), ("read-a", day(4)), ("read-b", day(5))]
    verdict = verdict_for(("buckets",), earned)
    assert verdict is not None and verdict.met


def test_five_of_five_credentials_with_one_bucket_short_is_not_met() -> None:
    """The case the old summary got wrong: the total is reached, a bucket is not."""
    earned = [("sel-a", day(1)), ("sel-b", day(2)), ("read-a", day(3)), ("read-b", day(4)), ("read-c", day(5))]
    verdict = verdict_for(("buckets",), earned)
    assert verdict is not None
    assert verdict.route.counted == verdict.route.required == 5  # what "5 of 5" showed
    assert verdict.state == "partly"
    (need,) = verdict.needs
    assert (need.amount, need.bucket, need.by) == (1, OUTCOMES, EXPIRES)
    assert shortfall(verdict.route) == 1 / 5


def test_buckets_need_each_short_bucket_then_the_total() -> None:
    verdict = verdict_for(("buckets",), [("sel-a", day(1))])
    assert verdict is not None
    assert [(n.amount, n.bucket.id if n.bucket else None) for n in verdict.needs] == [(2, "outcomes"), (2, "individual")]


def test_points_partly_met_needs_the_missing_points() -> None:
    learning = (OtherLearning("Summer institute", "workshop", day(10), 30),)
    verdict = verdict_for(("points",), [("sel-a", day(1)), ("read-a", day(2))], other_learning=learning)
    assert verdict is not None and verdict.state == "partly"
    assert verdict.route.counted == 60
    (need,) = verdict.needs
    assert (need.amount, need.bucket, need.by) == (60, None, EXPIRES)


def test_points_met() -> None:
    learning = (OtherLearning("Graduate course", "course", day(10), 120),)
    verdict = verdict_for(("points",), [], other_learning=learning)
    assert verdict is not None and verdict.met


def test_a_rolling_window_has_no_due_date() -> None:
    """A license without ``expires``: the window ends on every build date, so needs have no date."""
    verdict = verdict_for(("plain",), [("sel-a", day(1))], expires=None)
    assert verdict is not None and verdict.route.rolling
    assert verdict.due is None and all(need.by is None for need in verdict.needs)


# --- several routes ----------------------------------------------------------------------


def test_one_met_route_of_two_meets_the_license() -> None:
    """The case the old summary got wrong: "1 of 2 pathways met" when one route renews it."""
    verdict = verdict_for(("buckets", "pilot"), [("sel-a", day(1)), ("read-a", day(2))])
    assert verdict is not None and verdict.met
    assert verdict.route.pathway.id == "pilot"
    assert [r.pathway.id for r in verdict.other_routes] == ["buckets"]
    assert not verdict.other_routes[0].met


def test_the_first_met_route_in_license_order_decides() -> None:
    earned = [("sel-a", day(1)), ("read-a", day(2)), ("math-a", day(3))]
    verdict = verdict_for(("pilot", "plain"), earned)
    assert verdict is not None and verdict.route.pathway.id == "pilot"
    verdict = verdict_for(("plain", "pilot"), earned)
    assert verdict is not None and verdict.route.pathway.id == "plain"


def test_with_no_route_met_the_closest_route_decides() -> None:
    # buckets: 4 of 5 (one outcome short, 1/5 missing); plain: 1 of 3 would be 2/3 missing.
    earned = [("sel-a", day(1)), ("sel-b", day(2)), ("read-a", day(3)), ("read-b", day(4))]
    verdict = verdict_for(("points", "buckets"), earned)
    assert verdict is not None and verdict.state == "partly"
    assert verdict.route.pathway.id == "buckets"  # 1/5 missing, against 60 of 120 points
    assert [r.pathway.id for r in verdict.other_routes] == ["points"]
    assert [(n.amount, n.bucket.id if n.bucket else None) for n in verdict.needs] == [(1, "outcomes")]


def test_equally_close_routes_go_to_the_first_in_license_order() -> None:
    verdict = verdict_for(("buckets", "plain"), [])
    assert verdict is not None and verdict.state == "not_started"
    assert verdict.route.pathway.id == "buckets"


# --- no license, no route ------------------------------------------------------------------


def test_no_license_or_no_route_gives_no_verdict() -> None:
    assert renewal_verdict(None, ()) is None
    assert verdict_for((), [("sel-a", day(1))]) is None


# --- what a credential toward the total must be --------------------------------------------


def test_total_need_buckets() -> None:
    assert total_need_buckets(PATHWAYS["plain"]) == ()
    assert total_need_buckets(PATHWAYS["buckets"]) == ()  # "Individual learning" takes any credential
    assert [b.id for b in total_need_buckets(PATHWAYS["closed"])] == ["sel", "literacy"]
    verdict = verdict_for(("closed",), [("sel-a", day(1)), ("read-a", day(2))])
    assert verdict is not None
    ((need),) = verdict.needs
    assert (need.amount, need.bucket) == (2, None)  # toward the total: a SEL or literacy credential


# --- every portfolio ---------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(
    routes=st.lists(st.sampled_from(sorted(PATHWAYS)), min_size=1, max_size=3, unique=True),
    earned=st.lists(
        st.tuples(st.sampled_from(sorted(CREDENTIALS)), st.dates(date(2023, 1, 1), date(2026, 11, 24))), max_size=7
    ),
    expires=st.none() | st.just(EXPIRES),
)
def test_the_verdict_agrees_with_the_routes(routes: list[str], earned: list[tuple[str, date]], expires: date | None) -> None:
    verdict = verdict_for(tuple(routes), earned, expires=expires)
    assert verdict is not None
    every = [verdict.route, *verdict.other_routes]
    assert sorted(r.pathway.id for r in every) == sorted(routes)
    assert verdict.met == any(r.met for r in every)
    assert verdict.met == (not verdict.needs)
    if not verdict.met:
        assert all(shortfall(verdict.route) <= shortfall(r) for r in verdict.other_routes)
        assert (verdict.state == "partly") == bool(verdict.route.items)
        assert verdict.due == (None if expires is None else expires)
