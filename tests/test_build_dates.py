"""A passport changes with the build date only on its change dates.

The daily rebuild redoes only the passports whose ``[valid_from,
valid_until)`` range the new date left (progress.py, "When results change").
That is right only if every file a passport publishes is the same on every
date in its range: these tests render passports of random portfolios on two
dates of one range and compare every byte.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from test_passport_pages import CATALOG, CREDENTIALS, ISSUER, PATHWAYS, SCORES, STACKS

from credsite import privacy, progress
from credsite.model import Earned, License, OtherLearning, Portfolio, Revocation, State
from credsite.pipeline import catalog_site, complete_ledger, passport_output_files
from credsite.status_ledger import Ledger
from credsite.progress import change_dates, valid_range
from credsite.render import Renderer

BASE_URL = "https://example.org/mc/"
NO_FILES = Path("/nonexistent")  # the portfolios have no photo or evidence files
DAYS = st.dates(min_value=date(2012, 1, 1), max_value=date(2032, 12, 31))


@st.composite
def portfolios(draw: st.DrawFn) -> Portfolio:
    earned = tuple(
        Earned(
            credential=draw(st.sampled_from(sorted(CREDENTIALS))), version="1.0", earned_on=draw(DAYS), scores=dict(SCORES),
            revoked=Revocation(draw(DAYS)) if draw(st.booleans()) and draw(st.booleans()) else None,
        )
        for _ in range(draw(st.integers(0, 4)))
    )
    learning = tuple(
        OtherLearning(f"Workshop {i}", "workshop", draw(st.none() | DAYS), draw(st.integers(0, 30)))
        for i in range(draw(st.integers(0, 3)))
    )
    license = None
    if draw(st.booleans()):
        license = License(expires=draw(st.none() | DAYS), pathways=tuple(draw(st.sets(st.sampled_from(sorted(PATHWAYS)), min_size=1))))
    return Portfolio(id="jordan", name="Jordan Rivera", license=license, earned=earned, other_learning=learning)


def files_on(portfolio: Portfolio, day: date, tmp: Path) -> dict[str, bytes]:
    state = State(
        catalog=CATALOG, issuers={"state": ISSUER}, credentials=dict(CREDENTIALS), stacks=dict(STACKS),
        pathways=dict(PATHWAYS), portfolios={portfolio.id: portfolio}, build_date=day, source_dir=tmp,
    )
    # A status-list index for each credential, as the build gives them.
    site = replace(catalog_site(privacy.redact(state), BASE_URL, signed=False), ledger=complete_ledger(Ledger(), state))
    renderer = Renderer(site.urls, shared={"site": site, "catalog": site.state.catalog}, language="en")
    passport = progress.passport(privacy.redact_portfolio(portfolio), site.state)
    return dict(passport_output_files(site, renderer, None, passport))


@settings(max_examples=60, deadline=None)
@given(portfolio=portfolios(), day=DAYS, where=st.floats(0, 1))
def test_every_file_is_the_same_on_every_date_of_its_range(portfolio: Portfolio, day: date, where: float) -> None:
    tmp_path = NO_FILES
    latest_earned = max((e.earned_on for e in portfolio.earned), default=date.min)
    day = max(day, latest_earned)  # an earning after the build date does not validate
    state = State(CATALOG, {}, dict(CREDENTIALS), dict(STACKS), dict(PATHWAYS), {}, day, tmp_path)
    passport = progress.passport(portfolio, state)
    assert passport.valid_from <= day and (passport.valid_until is None or day < passport.valid_until)
    last = (passport.valid_until or day + timedelta(days=4000)) - timedelta(days=1)
    other = passport.valid_from if passport.valid_from > date.min else day - timedelta(days=4000)
    other = max(other, latest_earned)
    other += timedelta(days=int(where * (last - other).days))
    assert files_on(portfolio, other, tmp_path) == files_on(portfolio, day, tmp_path)


def test_the_day_after_an_expiry_is_a_change_date() -> None:
    state = State(CATALOG, {}, dict(CREDENTIALS), dict(STACKS), dict(PATHWAYS), {}, date(2026, 6, 1), Path("."))
    jordan = Portfolio(id="jordan", name="J", earned=(Earned("circles", "1.0", date(2024, 3, 1), scores=dict(SCORES)),))
    passport = progress.passport(jordan, state)  # circles is valid for 3 years
    assert passport.earned[0].status == "valid"
    assert (passport.valid_from, passport.valid_until) == (date.min, date(2027, 3, 2))
    expired = progress.passport(jordan, replace(state, build_date=date(2027, 3, 2)))
    assert expired.earned[0].status == "expired" and expired.valid_from == date(2027, 3, 2)


def test_a_rolling_window_changes_when_an_earning_leaves_it() -> None:
    """Without a license expiry the window ends on the build date: an earning counts until it is older than the window."""
    earned_on = date(2020, 2, 29)
    jordan = Portfolio(
        id="jordan", name="J", license=License(pathways=("renewal",)),
        earned=(Earned("reading", "1.0", earned_on, scores=dict(SCORES)),),
    )
    state = State(CATALOG, {}, dict(CREDENTIALS), dict(STACKS), dict(PATHWAYS), {}, date(2024, 1, 1), Path("."))
    passport = progress.passport(jordan, state)
    (pathway,) = passport.pathways
    assert pathway.rolling and pathway.counted == 1 and all(need.by is None for need in pathway.needs)
    leaving = passport.valid_until
    assert leaving == date(2025, 3, 1)
    on_last_day = progress.passport(jordan, replace(state, build_date=leaving - timedelta(days=1)))
    after = progress.passport(jordan, replace(state, build_date=leaving))
    assert on_last_day.pathways[0].counted == 1 and after.pathways[0].counted == 0


def test_valid_range_brackets_the_build_date() -> None:
    days = [date(2020, 1, 1), date(2022, 1, 1), date(2024, 1, 1)]
    assert valid_range(iter(days), date(2022, 1, 1)) == (date(2022, 1, 1), date(2024, 1, 1))
    assert valid_range(iter(days), date(2019, 1, 1)) == (date.min, date(2020, 1, 1))
    assert valid_range(iter(days), date(2030, 1, 1)) == (date(2024, 1, 1), None)
    assert valid_range(iter([]), date(2030, 1, 1)) == (date.min, None)


def test_change_dates_ignore_revoked_earnings() -> None:
    entry = progress.earned_credential(
        Earned("circles", "1.0", date(2024, 3, 1), revoked=Revocation(date(2024, 5, 1))), CREDENTIALS["circles"], date(2025, 1, 1)
    )
    assert list(change_dates(Portfolio(id="j", name="J"), [entry], [])) == []
