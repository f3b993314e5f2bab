"""The figures' numbers against a state counted by hand: tests/fixtures/stats.

Who is in the fixture (25 public or unlisted passports, 2 private):

- Community Circles: 10 educators in 2024 (first try), 10 in 2025: 8 after one
  "Not Yet" (30, 40, ... 100 days before the award), 2 after two (120 and 200
  days before; one of them also records starting 150 days before).
- Shared Reading: 12 in 2025, all of them Circles earners, all first try but
  the twelfth, who hides their attempts.
- Peer Mentoring: 3 in 2025. Literacy Coaching: 4 in 2025 (one of them also
  holds Mentoring, and is unlisted).
- A revoked Circles award (no award), and two private portfolios that earned
  Circles and Mentoring (never counted).
- Renewal (two credentials in five years): the 10 Circles-2024 educators meet
  it (Circles and Reading); 4 Circles-2025 educators and one Coaching earner
  have one of two; two licensed educators have none. The private ones have
  licenses too.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from credsite import stats
from credsite.model import Attempt, Earned, InProgress, License, Portfolio
from credsite.pipeline import load_site
from credsite.progress import passport as make_passport

FIXTURE = Path(__file__).parent / "fixtures" / "stats"
BUILD_DATE = date(2026, 1, 15)


@pytest.fixture(scope="module")
def figures() -> stats.Figures:
    return stats.figures(load_site(FIXTURE, build_date=BUILD_DATE))


def test_growth_counts_awards_and_new_holders_by_year(figures: stats.Figures) -> None:
    growth = figures.growth
    assert growth.years == (2024, 2025)
    assert growth.awards == (10, 29)  # 2025: 10 Circles + 12 Reading + 3 Mentoring + 4 Coaching
    assert growth.awards_total == 39
    assert growth.new_holders == (10, 12)  # 2025: ten Circles earners, one Mentoring-only, one Coaching-only
    assert growth.holders == (10, 22)
    assert growth.holders_total == 22


def test_a_credential_with_enough_earners_publishes_its_numbers(figures: stats.Figures) -> None:
    circles = figures.credentials["circles"]
    assert circles.earners == 20
    assert circles.years == (2024, 2025)
    assert circles.earners_by_year == (10, 10)
    # 1, 2, 3, 4 or more, hidden: 8 and 2 are small and hide each other.
    assert circles.submissions == (10, None, None, 0, 0)
    assert circles.first_attempt_rate == 0.5  # 10 of 20
    assert circles.median_submissions == 1.5  # ten 1s, eight 2s, two 3s
    # 30..100, 150 (the recorded start beats the first attempt's 120), 200
    assert circles.median_days == 75.0


def figures_of(*earnings: tuple[str, int, int | None, int | None]) -> stats.Figures:
    """The figures of the fixture's catalog with one passport per given earning."""
    from dataclasses import replace

    from credsite.pipeline import with_summaries

    site = load_site(FIXTURE, build_date=BUILD_DATE)
    template = next(iter(site.summaries.values()))
    summaries = {f"e{n:03d}": replace(template, id=f"e{n:03d}", earnings=(e,)) for n, e in enumerate(earnings)}
    return stats.figures(with_summaries(site, summaries))


def test_the_first_attempt_rate_counts_hidden_attempts_as_not_known_to_pass() -> None:
    earned = [("circles", 2025, 1, None)] * 15 + [("circles", 2025, 2, None)] * 12 + [("circles", 2025, None, None)]
    circles = figures_of(*earned).credentials["circles"]
    # The lone hidden-attempts count takes the smallest other count with it; the rate is over all 28.
    assert circles.submissions == (15, None, 0, 0, None)
    assert circles.first_attempt_rate == pytest.approx(15 / 28)
    assert circles.median_submissions == 1.0  # over the 27 shown histories


def test_no_rate_when_its_first_time_count_is_hidden() -> None:
    earned = [("circles", 2025, 1, None)] * 4 + [("circles", 2025, 2, None)] * 12
    circles = figures_of(*earned).credentials["circles"]
    assert circles.submissions[0] is None and circles.first_attempt_rate is None


def test_hidden_attempts_are_their_own_small_count_and_take_a_partner(figures: stats.Figures) -> None:
    reading = figures.credentials["reading"]
    assert reading.earners == 12
    assert reading.years == (2025,)  # the years before its first earner are left out
    assert reading.earners_by_year == (12,)
    # 11 first-try and 1 hidden: the lone small count hides the smallest other one.
    assert reading.submissions == (None, 0, 0, 0, None)
    assert reading.first_attempt_rate is None  # its counts are hidden, so is the rate
    assert reading.median_submissions == 1.0  # over the 11 shown histories
    assert reading.median_days is None  # no start date recorded


@pytest.mark.parametrize("credential_id", ["mentoring", "coaching"])
def test_a_credential_with_few_earners_shows_nothing(figures: stats.Figures, credential_id: str) -> None:
    small = figures.credentials[credential_id]
    assert small.earners is None
    assert small.earners_by_year == (None,)
    assert small.submissions == (None,) * 5  # its total is hidden: nothing may add up to it
    assert (small.first_attempt_rate, small.median_submissions, small.median_days) == (None, None, None)


def test_renewal_counts_licensed_educators_by_their_best_pathway(figures: stats.Figures) -> None:
    renewal = figures.renewal
    # met, 75-99, 50-74, 25-49, 1-24, nothing: 5 at one of two and 2 at none are small.
    assert renewal.bands == (10, 0, None, 0, 0, None)
    assert renewal.total == 17
    assert renewal.share_met == pytest.approx(10 / 17)


def test_groups_count_educators_once(figures: stats.Figures) -> None:
    topics = {g.id: g for g in figures.topics}
    assert topics["sel"].earners == 21  # Circles' 20 and the unlisted Mentoring earner
    assert topics["literacy"].earners == 18  # Reading's 12, Mentoring's 3, Coaching's 4, one in both
    assert topics["sel"].median_days == 75.0
    assert topics["literacy"].median_days is None
    (foundations,) = figures.stacks
    assert (foundations.earners, foundations.completions) == (20, 12)
    issuers = {g.id: g for g in figures.issuers}
    assert issuers["state"].earners == 20
    assert issuers["partner"].earners is None  # 6 educators


def test_private_and_revoked_awards_never_count() -> None:
    site = load_site(FIXTURE, build_date=BUILD_DATE)
    assert "zara-quill" not in site.summaries and "zeno-barrow" not in site.summaries
    assert site.summaries["yael-lindgren"].earnings == ()  # her only award was revoked


# --- one passport's facts ----------------------------------------------------------------


def one_passport(*earned: Earned, in_progress: tuple[InProgress, ...] = (), license: License | None = None):  # noqa: ANN201
    site = load_site(FIXTURE, build_date=BUILD_DATE)
    portfolio = Portfolio(id="solo", name="Solo", earned=earned, in_progress=in_progress, license=license)
    return make_passport(portfolio, site.state)


def earning(credential: str, on: date, *attempts: date, show: bool = True, revoked: bool = False) -> Earned:
    from credsite.model import Revocation

    return Earned(
        credential=credential, version="1.0", earned_on=on,
        attempts=tuple(Attempt(day, "not-yet") for day in attempts), show_attempts=show,
        revoked=Revocation(date(2025, 12, 1)) if revoked else None,
    )


def test_the_first_award_counts_and_a_revoked_one_is_skipped() -> None:
    passport = one_passport(
        earning("circles", date(2025, 6, 1)),
        earning("circles", date(2023, 6, 1), revoked=True),
        earning("circles", date(2024, 6, 1), date(2024, 5, 1)),
    )
    assert stats.earning_facts(passport) == (("circles", 2024, 2, 31),)


def test_time_to_award_starts_at_the_earlier_of_start_and_first_attempt() -> None:
    started = (InProgress("circles", date(2024, 1, 1)), InProgress("reading", date(2025, 8, 1)))
    passport = one_passport(
        earning("circles", date(2024, 3, 1), date(2024, 2, 1)),
        earning("reading", date(2025, 7, 1)),  # started after the award: working toward it again
        in_progress=started,
    )
    assert stats.earning_facts(passport) == (("circles", 2024, 2, 60), ("reading", 2025, 1, None))


def test_hidden_attempts_are_unknown_not_a_first_time_pass() -> None:
    from credsite import privacy

    raw = one_passport(earning("circles", date(2024, 3, 1), date(2024, 2, 1), show=False))
    site = load_site(FIXTURE, build_date=BUILD_DATE)
    redacted = make_passport(privacy.redact_portfolio(raw.portfolio), site.state)
    assert stats.earning_facts(redacted) == (("circles", 2024, None, None),)


def test_renewal_share_is_the_best_pathway_and_none_without_one() -> None:
    licensed = License(expires=date(2027, 6, 30), pathways=("renewal",))
    assert stats.renewal_share(one_passport(license=licensed)) == 0.0
    assert stats.renewal_share(one_passport(earning("circles", date(2025, 1, 1)), license=licensed)) == 0.5
    both = (earning("circles", date(2025, 1, 1)), earning("reading", date(2025, 2, 1)))
    assert stats.renewal_share(one_passport(*both, license=licensed)) == 1.0
    assert stats.renewal_share(one_passport(*both)) is None


@pytest.mark.parametrize(
    ("share", "band"), [(1.0, 0), (0.999, 1), (0.75, 1), (0.5, 2), (0.25, 3), (0.01, 4), (0.0, 5)]
)
def test_renewal_bands(share: float, band: int) -> None:
    assert stats.renewal_band(share) == band


def test_the_summary_round_trips_through_the_build_record() -> None:
    from credsite.site import PassportSummary

    site = load_site(FIXTURE, build_date=BUILD_DATE)
    for summary in site.summaries.values():
        assert PassportSummary.from_record(summary.to_record()) == summary


def test_figures_are_the_same_for_the_same_summaries() -> None:
    first = stats.figures(load_site(FIXTURE, build_date=BUILD_DATE))
    assert stats.figures(load_site(FIXTURE, build_date=BUILD_DATE)) == first
