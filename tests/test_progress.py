from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

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
    Stack,
    State,
    Topic,
)
from credsite.pipeline import complete_site
from credsite.progress import (
    BucketProgress,
    EarnedCredential,
    PathwayProgress,
    assign_buckets,
    earned_credential,
    expires_on,
    passport,
    pathway_progress,
    stack_progress,
)

BUILD = date(2024, 6, 1)


# --- factories -------------------------------------------------------------


def make_credential(
    credential_id: str,
    topics: tuple[str, ...] = ("sel",),
    pd_points: float | None = None,
    valid_years: int | None = None,
    status: str = "active",
) -> Credential:
    return Credential(
        id=credential_id,
        title=credential_id.replace("-", " ").title(),
        version="1.0",
        issuer="ksde",
        summary="A summary.",
        competency="A competency.",
        key_method="A method.",
        sources=(Source(citation="A source."),),
        topics=topics,
        requirements=(EvidenceRequirement(id="overview", title="Overview", kind="text", prompt="Tell us."),),
        rubric=Rubric(
            levels=(RubricLevel("not-yet", "Not Yet", False), RubricLevel("proficient", "Proficient", True)),
            criteria=(RubricCriterion("c", "C", {"not-yet": "No", "proficient": "Yes"}),),
        ),
        status=status,  # type: ignore[arg-type]
        pd_points=pd_points,
        valid_years=valid_years,
    )


def make_earned(
    credential_id: str, on: date, bucket: str | None = None, revoked: date | None = None
) -> Earned:
    return Earned(
        credential=credential_id,
        version="1.0",
        earned_on=on,
        bucket=bucket,
        revoked=Revocation(on=revoked) if revoked else None,
    )


def resolved(credential: Credential, on: date, bucket: str | None = None, revoked: date | None = None) -> EarnedCredential:
    return earned_credential(make_earned(credential.id, on, bucket, revoked), credential, BUILD)


def count_pathway(total: int | None = None, buckets: tuple[Bucket, ...] = (), window_years: int = 5) -> Pathway:
    return Pathway(id="renewal", title="Renewal", window_years=window_years, total=total, buckets=buckets)


def points_pathway(points_required: float, window_years: int = 5) -> Pathway:
    return Pathway(id="points", title="Points", window_years=window_years, mode="points", points_required=points_required)


def license_until(expires: date | None) -> License:
    return License(type="Professional", state="KS", expires=expires, pathways=("renewal",))


def make_state(
    credentials: list[Credential],
    portfolios: list[Portfolio],
    stacks: list[Stack] = (),  # type: ignore[assignment]
    pathways: list[Pathway] = (),  # type: ignore[assignment]
) -> State:
    return State(
        catalog=Catalog(title="T", base_url="https://example.org/", publisher="ksde", topics=(Topic("sel", "SEL"),)),
        issuers={},
        credentials={c.id: c for c in credentials},
        stacks={s.id: s for s in stacks},
        pathways={p.id: p for p in pathways},
        portfolios={p.id: p for p in portfolios},
        build_date=BUILD,
        source_dir=Path("."),
    )


# --- expiry and status -----------------------------------------------------


def test_expires_on_adds_years() -> None:
    assert expires_on(date(2020, 3, 15), 5) == date(2025, 3, 15)


def test_expires_on_without_valid_years_is_never() -> None:
    assert expires_on(date(2020, 3, 15), None) is None


def test_expires_on_feb_29_becomes_feb_28() -> None:
    assert expires_on(date(2020, 2, 29), 1) == date(2021, 2, 28)
    assert expires_on(date(2020, 2, 29), 4) == date(2024, 2, 29)


def test_status_valid_on_expiry_day_and_expired_after() -> None:
    credential = make_credential("a", valid_years=2)
    on_the_day = earned_credential(make_earned("a", date(2022, 6, 1)), credential, BUILD)
    day_after = earned_credential(make_earned("a", date(2022, 5, 31)), credential, BUILD)
    assert on_the_day.status == "valid"
    assert day_after.status == "expired"
    assert day_after.expires_on == date(2024, 5, 31)


def test_status_revoked_wins_over_expired() -> None:
    credential = make_credential("a", valid_years=1)
    entry = earned_credential(make_earned("a", date(2010, 1, 1), revoked=date(2010, 6, 1)), credential, BUILD)
    assert entry.status == "revoked"


def test_status_valid_without_expiry() -> None:
    entry = earned_credential(make_earned("a", date(1990, 1, 1)), make_credential("a"), BUILD)
    assert entry.status == "valid"
    assert entry.expires_on is None


# --- stacks ----------------------------------------------------------------


def test_stack_all_required() -> None:
    stack = Stack(id="s", title="S", credentials=("a", "b", "c"))
    progress = stack_progress(stack, {"c", "a", "z"})
    assert progress.held == ("a", "c")
    assert progress.missing == ("b",)
    assert progress.required == 3
    assert not progress.complete


def test_stack_any_n() -> None:
    stack = Stack(id="s", title="S", credentials=("a", "b", "c"), require=2)
    assert stack_progress(stack, {"b", "c"}).complete
    assert not stack_progress(stack, {"b"}).complete


# --- window ----------------------------------------------------------------


def test_window_ends_at_license_expiry_and_edges_are_inclusive() -> None:
    a, b, c, d = (make_credential(x) for x in "abcd")
    earned = [
        resolved(a, date(2019, 6, 30)),  # day before the window
        resolved(b, date(2019, 7, 1)),  # first day
        resolved(c, date(2024, 5, 1)),
        resolved(d, date(2018, 1, 1)),
    ]
    progress = pathway_progress(count_pathway(total=2), earned, [], license_until(date(2024, 7, 1)), BUILD)
    assert progress.window_start == date(2019, 7, 1)
    assert progress.window_end == date(2024, 7, 1)
    assert [i.credential for i in progress.items] == ["b", "c"]
    assert progress.met


def test_window_last_day_counts() -> None:
    a = make_credential("a")
    progress = pathway_progress(count_pathway(total=1), [resolved(a, BUILD)], [], None, BUILD)
    assert progress.window_end == BUILD
    assert progress.met


def test_window_ends_on_build_date_without_expiry() -> None:
    progress = pathway_progress(count_pathway(total=1), [], [], license_until(None), BUILD)
    assert progress.window_end == BUILD
    assert progress.window_start == date(2019, 6, 1)


def test_window_start_feb_29() -> None:
    progress = pathway_progress(count_pathway(total=1, window_years=1), [], [], license_until(date(2024, 2, 29)), BUILD)
    assert progress.window_start == date(2023, 2, 28)


def test_earned_after_build_date_does_not_count() -> None:
    a = make_credential("a")
    progress = pathway_progress(
        count_pathway(total=1), [resolved(a, date(2024, 6, 2))], [], license_until(date(2025, 1, 1)), BUILD
    )
    assert progress.counted == 0


def test_expired_in_window_counts() -> None:
    a = make_credential("a", valid_years=1)
    entry = resolved(a, date(2020, 1, 1))
    assert entry.status == "expired"
    progress = pathway_progress(count_pathway(total=1), [entry], [], None, BUILD)
    assert progress.met


def test_retired_credential_counts() -> None:
    a = make_credential("a", status="retired")
    progress = pathway_progress(count_pathway(total=1), [resolved(a, date(2022, 1, 1))], [], None, BUILD)
    assert progress.met


def test_revoked_never_counts() -> None:
    a = make_credential("a", pd_points=50)
    entry = resolved(a, date(2022, 1, 1), revoked=date(2023, 1, 1))
    assert pathway_progress(count_pathway(total=1), [entry], [], None, BUILD).counted == 0
    bucketed = count_pathway(buckets=(Bucket("x", "X", 1),))
    assert pathway_progress(bucketed, [entry], [], None, BUILD).counted == 0
    assert pathway_progress(points_pathway(10), [entry], [], None, BUILD).counted == 0


def test_same_credential_earned_twice_counts_once() -> None:
    a = make_credential("a")
    earned = [resolved(a, date(2020, 1, 1)), resolved(a, date(2023, 1, 1))]
    progress = pathway_progress(count_pathway(total=2), earned, [], None, BUILD)
    assert progress.counted == 1
    assert progress.items[0].date == date(2023, 1, 1)


# --- count mode ------------------------------------------------------------


def test_count_without_buckets_needs_toward_total() -> None:
    a, b = make_credential("a"), make_credential("b")
    earned = [resolved(b, date(2023, 1, 1)), resolved(a, date(2022, 1, 1))]
    progress = pathway_progress(count_pathway(total=5), earned, [], license_until(date(2025, 6, 30)), BUILD)
    assert progress.counted == 2
    assert progress.required == 5
    assert not progress.met
    assert [(n.amount, n.bucket, n.by) for n in progress.needs] == [(3, None, date(2025, 6, 30))]
    assert [i.credential for i in progress.items] == ["a", "b"]
    assert all(i.points == 1 and i.bucket is None for i in progress.items)


def test_count_met_has_no_needs() -> None:
    a = make_credential("a")
    progress = pathway_progress(count_pathway(total=1), [resolved(a, date(2023, 1, 1))], [], None, BUILD)
    assert progress.met
    assert progress.needs == ()


def test_starvation_case_is_met() -> None:
    # A qualifies for X and Y, B only for X: first-fit puts A in X and starves Y.
    a = make_credential("a", topics=("x-topic", "y-topic"))
    b = make_credential("b", topics=("x-topic",))
    buckets = (Bucket("x", "X", 1, ("x-topic",)), Bucket("y", "Y", 1, ("y-topic",)))
    earned = [resolved(a, date(2021, 1, 1)), resolved(b, date(2022, 1, 1))]
    progress = pathway_progress(count_pathway(buckets=buckets), earned, [], None, BUILD)
    assert progress.met
    assert progress.required == 2
    assert {bp.bucket.id: bp.credentials for bp in progress.buckets} == {"x": ("b",), "y": ("a",)}


def test_assign_buckets_starvation_direct() -> None:
    buckets = [Bucket("x", "X", 1), Bucket("y", "Y", 1)]
    assert assign_buckets([("a", {"x", "y"}, None), ("b", {"x"}, None)], buckets) == {"a": "y", "b": "x"}


def test_pinned_bucket_is_respected() -> None:
    # A is pinned to X although Y needs it; Y stays short.
    a = make_credential("a", topics=("x-topic", "y-topic"))
    b = make_credential("b", topics=("x-topic",))
    buckets = (Bucket("x", "X", 1, ("x-topic",)), Bucket("y", "Y", 1, ("y-topic",)))
    earned = [resolved(a, date(2021, 1, 1), bucket="x"), resolved(b, date(2022, 1, 1))]
    progress = pathway_progress(count_pathway(buckets=buckets), earned, [], None, BUILD)
    assert {bp.bucket.id: bp.credentials for bp in progress.buckets} == {"x": ("a", "b"), "y": ()}
    assert not progress.met
    assert [(n.amount, n.bucket.id if n.bucket else None) for n in progress.needs] == [(1, "y")]


def test_pin_to_another_pathways_bucket_is_ignored() -> None:
    a = make_credential("a")
    buckets = (Bucket("x", "X", 1),)
    earned = [resolved(a, date(2021, 1, 1), bucket="elsewhere")]
    progress = pathway_progress(count_pathway(buckets=buckets), earned, [], None, BUILD)
    assert progress.met


def test_buckets_extra_credentials_count_toward_total() -> None:
    creds = [make_credential(x, topics=("sel",)) for x in "abcd"]
    buckets = (Bucket("outcomes", "Outcomes", 1, ("sel",)), Bucket("any", "Any", 1))
    earned = [resolved(c, date(2021, 1, i + 1)) for i, c in enumerate(creds)]
    progress = pathway_progress(count_pathway(total=4, buckets=buckets), earned, [], None, BUILD)
    assert progress.counted == 4
    assert progress.met
    assert sum(len(bp.credentials) for bp in progress.buckets) == 4


def test_credential_qualifying_for_no_bucket_does_not_count() -> None:
    a = make_credential("a", topics=("math",))
    buckets = (Bucket("x", "X", 0, ("sel",)),)
    progress = pathway_progress(count_pathway(total=1, buckets=buckets), [resolved(a, date(2021, 1, 1))], [], None, BUILD)
    assert progress.counted == 0
    assert not progress.met


def test_bucket_needs_then_total_need() -> None:
    a = make_credential("a", topics=("sel",))
    buckets = (Bucket("outcomes", "Outcomes", 3, ("sel",)), Bucket("any", "Any", 1))
    progress = pathway_progress(count_pathway(total=6, buckets=buckets), [resolved(a, date(2021, 1, 1))], [], None, BUILD)
    needs = [(n.amount, n.bucket.id if n.bucket else None) for n in progress.needs]
    # 1 counted + 2 + 1 from bucket needs = 4; 2 more toward the total of 6.
    assert needs == [(2, "outcomes"), (1, "any"), (2, None)]
    assert [bp.needed for bp in progress.buckets] == [2, 1]


def test_total_absent_is_sum_of_mins() -> None:
    buckets = (Bucket("x", "X", 2), Bucket("y", "Y", 3))
    progress = pathway_progress(count_pathway(buckets=buckets), [], [], None, BUILD)
    assert progress.required == 5
    assert [n.amount for n in progress.needs] == [2, 3]


# --- points mode -----------------------------------------------------------


def test_points_mode_dated_and_undated_other_learning() -> None:
    a = make_credential("a", pd_points=20)
    b = make_credential("b")  # no pd_points: 0
    other = [
        OtherLearning(title="Workshop", kind="workshop", date=date(2023, 3, 1), points=15),
        OtherLearning(title="Undated course", kind="course", points=100),
        OtherLearning(title="Old degree", kind="degree", date=date(2010, 1, 1), points=100),
        OtherLearning(title="Future workshop", kind="workshop", date=date(2024, 7, 1), points=100),
    ]
    earned = [resolved(a, date(2022, 1, 1)), resolved(b, date(2022, 2, 1))]
    progress = pathway_progress(points_pathway(50), earned, other, license_until(date(2025, 1, 1)), BUILD)
    assert progress.mode == "points"
    assert progress.counted == 35
    assert progress.required == 50
    assert not progress.met
    assert [(i.title, i.points, i.credential) for i in progress.items] == [("A", 20, "a"), ("Workshop", 15, None)]
    assert [(n.amount, n.bucket) for n in progress.needs] == [(15, None)]


def test_points_mode_met() -> None:
    a = make_credential("a", pd_points=60)
    other = [OtherLearning(title="Course", date=date(2023, 1, 1), points=60.5)]
    progress = pathway_progress(points_pathway(120), [resolved(a, date(2022, 1, 1))], other, None, BUILD)
    assert progress.met
    assert progress.counted == 120.5
    assert progress.needs == ()


# --- passport and holders --------------------------------------------------


def test_passport_orders_earned_stacks_and_pathways() -> None:
    creds = [make_credential(x, valid_years=10) for x in ("alpha", "beta", "gamma", "delta")]
    stacks = [
        Stack(id="s-goal", title="Goal", credentials=("delta",)),
        Stack(id="s-held", title="Held", credentials=("alpha", "beta")),
        Stack(id="a-held", title="Also", credentials=("gamma",)),
        Stack(id="s-none", title="None", credentials=("delta",)),
        Stack(id="s-revoked", title="Revoked", credentials=("delta", "zeta")),
    ]
    pathway = count_pathway(total=2)
    portfolio = Portfolio(
        id="jr",
        name="J R",
        license=license_until(date(2025, 1, 1)),
        goals=("s-goal",),
        earned=(
            make_earned("alpha", date(2021, 1, 1)),
            make_earned("gamma", date(2023, 1, 1)),
            make_earned("beta", date(2023, 1, 1)),
            make_earned("delta", date(2022, 1, 1), revoked=date(2022, 2, 1)),
        ),
    )
    state = make_state(creds, [portfolio], stacks, [pathway])
    result = passport(portfolio, state)
    assert [e.credential.id for e in result.earned] == ["beta", "gamma", "delta", "alpha"]
    assert [s.stack.id for s in result.stacks] == ["s-goal", "a-held", "s-held"]
    assert result.completed_stacks == ("a-held", "s-held")
    assert [p.pathway.id for p in result.pathways] == ["renewal"]
    assert result.pathways[0].counted == 3 and result.pathways[0].met


def test_passport_without_license_has_no_pathways() -> None:
    portfolio = Portfolio(id="x", name="X")
    state = make_state([], [portfolio], pathways=[count_pathway(total=1)])
    assert passport(portfolio, state).pathways == ()


def test_holders_public_only_not_revoked_sorted() -> None:
    creds = [make_credential("a"), make_credential("b")]
    portfolios = [
        Portfolio(id="zed", name="Z", earned=(make_earned("a", date(2020, 1, 1)),)),
        Portfolio(id="amy", name="A", earned=(make_earned("a", date(2020, 1, 1)),)),
        Portfolio(id="hid", name="H", visibility="unlisted", earned=(make_earned("a", date(2020, 1, 1)),)),
        Portfolio(id="rev", name="R", earned=(make_earned("a", date(2020, 1, 1), revoked=date(2021, 1, 1)),)),
    ]
    site = complete_site(make_state(creds, portfolios), "https://example.org/", updated={})
    assert site.holders == {"a": ("amy", "zed"), "b": ()}


# --- assign_buckets against brute force ------------------------------------


def _objective(assignment: dict[str, str], buckets: list[Bucket]) -> tuple[int, int]:
    filled = sum(min(sum(1 for v in assignment.values() if v == b.id), b.min) for b in buckets)
    return filled, len(assignment)


def _brute_force_best(candidates: list[tuple[str, set[str], str | None]], buckets: list[Bucket]) -> tuple[int, int]:
    ids = [b.id for b in buckets]
    choices = []
    for _, qualifying, pinned in candidates:
        options = [pinned] if pinned in ids else [b for b in ids if b in qualifying]
        choices.append([None, *options])
    best = (0, 0)
    for picks in itertools.product(*choices):
        assignment = {c[0]: p for c, p in zip(candidates, picks) if p is not None}
        best = max(best, _objective(assignment, buckets))
    return best


@st.composite
def assignment_cases(draw: st.DrawFn) -> tuple[list[tuple[str, set[str], str | None]], list[Bucket]]:
    bucket_count = draw(st.integers(1, 3))
    buckets = [Bucket(f"b{i}", f"B{i}", draw(st.integers(0, 3))) for i in range(bucket_count)]
    ids = [b.id for b in buckets]
    candidates = []
    for i in range(draw(st.integers(0, 6))):
        qualifying = draw(st.sets(st.sampled_from(ids)))
        pinned = draw(st.one_of(st.none(), st.sampled_from(sorted(qualifying)) if qualifying else st.none()))
        candidates.append((f"c{i}", qualifying, pinned))
    return candidates, buckets


@settings(max_examples=400, deadline=None)
@given(assignment_cases())
def test_assign_buckets_matches_brute_force(case: tuple[list[tuple[str, set[str], str | None]], list[Bucket]]) -> None:
    candidates, buckets = case
    assignment = assign_buckets(candidates, buckets)
    for key, qualifying, pinned in candidates:
        if key in assignment:
            assert assignment[key] == pinned if pinned else assignment[key] in qualifying
    assert _objective(assignment, buckets) == _brute_force_best(candidates, buckets)
    assert assign_buckets(candidates, buckets) == assignment


def test_a_pathway_names_the_bucket_an_item_counted_toward() -> None:
    outcomes, individual = Bucket("outcomes", "State outcomes", 1), Bucket("any", "Individual", 1)
    progress = PathwayProgress(
        pathway=Pathway("renewal", "Renewal", 5, buckets=(outcomes, individual)),
        window_start=date(2024, 1, 1), window_end=date(2029, 1, 1), rolling=False, mode="count", required=2, counted=0, met=False,
        buckets=(BucketProgress(outcomes, (), 1), BucketProgress(individual, (), 1)), items=(), needs=(),
    )
    assert progress.bucket_title("any") == "Individual"
    assert progress.bucket_title("outcomes") == "State outcomes"
    assert progress.bucket_title(None) == "" and progress.bucket_title("gone") == ""
