"""The status-list ledger: indexes given once, never moved, never shared."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from credsite import status_ledger, status_list
from credsite.model import Earned, Portfolio, Revocation
from credsite.status_ledger import Earning, Entry, Ledger, parse, update

DAY = date(2024, 1, 1)


def earning(portfolio: str, credential: str, days: int = 0, revoked: date | None = None, published: bool = True) -> Earning:
    return Earning(portfolio, credential, DAY + timedelta(days=days), revoked, published)


# --- update ---------------------------------------------------------------------------------


def test_new_credentials_get_the_lowest_free_indexes_in_earned_portfolio_credential_order() -> None:
    ledger, change = update(Ledger(), [earning("b", "x", 1), earning("a", "y", 1), earning("c", "z", 0)])
    assert [(e.index, e.portfolio, e.credential) for e in ledger.entries] == [(0, "c", "z"), (1, "a", "y"), (2, "b", "x")]
    assert change.added == 3 and change.revocations == 0
    # A gap (an index no line holds) is filled first; the input's order does not matter.
    gapped = Ledger((Entry(0, "a", "a", DAY), Entry(2, "a", "b", DAY)))
    ledger, _ = update(gapped, [earning("z", "z", 5), earning("y", "y", 9)])
    assert [(e.index, e.portfolio) for e in ledger.entries] == [(0, "a"), (1, "z"), (2, "a"), (3, "y")]


def test_a_known_credential_keeps_its_index_and_takes_the_sources_revocation() -> None:
    ledger, _ = update(Ledger(), [earning("a", "x"), earning("a", "y")])
    revoked, change = update(ledger, [earning("a", "y", revoked=date(2025, 3, 1))])
    assert change.added == 0 and change.revocations == 1
    assert revoked.entry("a", "y") == Entry(1, "a", "y", DAY, date(2025, 3, 1))
    assert revoked.revoked_indexes == {1}
    # The earning date in the ledger is the one the index was given with.
    later, change = update(revoked, [earning("a", "x", 30)])
    assert later is revoked and not change


def test_an_unpublished_credential_gets_no_index_but_its_revocation_still_counts() -> None:
    ledger, change = update(Ledger(), [earning("private", "x", published=False)])
    assert ledger.entries == () and not change
    ledger, _ = update(Ledger(), [earning("p", "x")])
    # The portfolio turned private, then the credential was revoked: saved copies must read as revoked.
    ledger, _ = update(ledger, [earning("p", "x", revoked=date(2025, 1, 1), published=False)])
    assert ledger.revoked_indexes == {0}


def test_a_removed_credential_stays_as_a_tombstone_and_its_index_is_never_given_again() -> None:
    ledger, _ = update(Ledger(), [earning("a", "x"), earning("a", "y", revoked=date(2025, 1, 1))])
    after, change = update(ledger, [earning("b", "z")])  # "a" lost both credentials
    assert after.entry("a", "x").index == 0 and after.entry("a", "y").index == 1
    assert after.entry("b", "z").index == 2 and change.added == 1
    assert after.revoked_indexes == {1}  # a revoked credential that left its passport stays revoked


# --- the file ---------------------------------------------------------------------------------


def test_the_file_round_trips_with_a_header() -> None:
    ledger, _ = update(Ledger(), [earning("ana", "circles", revoked=date(2025, 9, 12)), earning("ana", "read-aloud", 3)])
    text = ledger.text()
    assert text.startswith("# ") and "0\tana\tcircles\t2024-01-01\t2025-09-12\n1\tana\tread-aloud\t2024-01-04\n" in text
    assert parse(text) == (ledger, [])


def test_malformed_lines_are_problems_at_their_line_and_column() -> None:
    text = "\n".join(
        [
            "# a comment",
            "0\tana\tcircles\t2024-01-01",
            "1 ana circles 2024-01-01",
            "01\tAna\tcircles\t2024-02-30",
            "0\tben\tcircles\t2024-01-01",
            "2\tana\tcircles\t2024-01-01",
            "3\tana\tread-aloud\t2024-01-01\tlater",
            "",
        ]
    )
    ledger, problems = parse(text)
    assert [p.text() for p in problems] == [
        "catalog/status-list.txt:3:1: expected index, portfolio, credential, earned on and an optional revoked on, "
        "separated by tabs; found 1 field (fields are separated by one tab, not spaces)",
        "catalog/status-list.txt:4:1: the index must be a whole number from 0 to 16,777,215 without leading zeros, not '01'",
        "catalog/status-list.txt:4:4: 'Ana' is not a portfolio id",
        "catalog/status-list.txt:4:16: earned on must be a date like 2025-09-12, not '2024-02-30'",
        "catalog/status-list.txt:5:1: index 0 is already given at line 2; an index belongs to one credential",
        'catalog/status-list.txt:6:3: portfolio "ana" already has index 0 for "circles" at line 2; a credential has one index',
        "catalog/status-list.txt:7:29: revoked on must be a date like 2025-09-12, not 'later'",
    ]
    assert [e.index for e in ledger.entries] == [0]


def test_a_missing_file_is_an_empty_ledger_and_writing_is_atomic(tmp_path) -> None:  # noqa: ANN001
    (tmp_path / "catalog").mkdir()
    assert status_ledger.read(tmp_path) == (Ledger(), [])
    ledger, _ = update(Ledger(), [earning("a", "x")])
    status_ledger.write(tmp_path, ledger)
    assert status_ledger.read(tmp_path) == (ledger, [])
    assert sorted(p.name for p in (tmp_path / "catalog").iterdir()) == ["status-list.txt"]


# --- random edits, then builds --------------------------------------------------------------

PORTFOLIOS = ["ana", "ben", "cruz"]
CREDENTIALS = ["circles", "read-aloud", "feedback", "mentoring"]
VISIBILITIES = ["public", "unlisted", "private"]


class EditsThenBuilds(RuleBasedStateMachine):
    """Portfolios edited at random between builds.

    A build hands ``update`` the earnings of the portfolios it re-read, as
    the pipeline does: every portfolio (a clean build) or only those edited
    since the last build (a rebuild); both must give the same ledger. The
    ledger goes through its file between builds, as it does in git.
    """

    @initialize(
        visibilities=st.lists(st.sampled_from(VISIBILITIES), min_size=len(PORTFOLIOS), max_size=len(PORTFOLIOS)),
        earned=st.lists(st.lists(st.sampled_from(CREDENTIALS), unique=True), min_size=len(PORTFOLIOS), max_size=len(PORTFOLIOS)),
    )
    def start(self, visibilities: list[str], earned: list[list[str]]) -> None:
        # id -> {"visibility", "earned": [[credential, day, revoked on]]}
        self.portfolios: dict[str, dict] = {
            portfolio_id: {"visibility": visibility, "earned": [[credential, 0, None] for credential in credentials]}
            for portfolio_id, visibility, credentials in zip(PORTFOLIOS, visibilities, earned)
        }
        self.edited: set[str] = set(self.portfolios)
        self.ledger = Ledger()  # rebuilt incrementally
        self.clean = Ledger()  # rebuilt from every portfolio
        self.given: dict[tuple[str, str], int] = {}  # every index ever published
        self.last_revoked: dict[tuple[str, str], bool] = {}
        self.bits_before: frozenset[int] = frozenset()
        self.revoked_since_build: list[tuple[str, str]] = []
        self.other_edits_since_build = False

    def _touch(self, portfolio_id: str, revoking: tuple[str, str] | None = None) -> None:
        self.edited.add(portfolio_id)
        if revoking:
            self.revoked_since_build.append(revoking)
        else:
            self.other_edits_since_build = True

    @rule(portfolio_id=st.sampled_from(PORTFOLIOS), visibility=st.sampled_from(VISIBILITIES))
    def add_portfolio(self, portfolio_id: str, visibility: str) -> None:
        if portfolio_id not in self.portfolios:
            self.portfolios[portfolio_id] = {"visibility": visibility, "earned": []}
            self._touch(portfolio_id)

    @rule(portfolio_id=st.sampled_from(PORTFOLIOS))
    def remove_portfolio(self, portfolio_id: str) -> None:
        if self.portfolios.pop(portfolio_id, None) is not None:
            self._touch(portfolio_id)

    @rule(portfolio_id=st.sampled_from(PORTFOLIOS), credential=st.sampled_from(CREDENTIALS), day=st.integers(-400, 400))
    def earn(self, portfolio_id: str, credential: str, day: int) -> None:
        portfolio = self.portfolios.get(portfolio_id)
        if portfolio is not None and credential not in [e[0] for e in portfolio["earned"]]:
            portfolio["earned"].append([credential, day, None])  # backdated entries too
            self._touch(portfolio_id)

    @rule(portfolio_id=st.sampled_from(PORTFOLIOS), position=st.integers(0, 4))
    def remove_earned(self, portfolio_id: str, position: int) -> None:
        portfolio = self.portfolios.get(portfolio_id)
        if portfolio and portfolio["earned"]:
            portfolio["earned"].pop(position % len(portfolio["earned"]))
            self._touch(portfolio_id)

    @rule(portfolio_id=st.sampled_from(PORTFOLIOS), seed=st.randoms(use_true_random=False))
    def reorder(self, portfolio_id: str, seed) -> None:  # noqa: ANN001
        portfolio = self.portfolios.get(portfolio_id)
        if portfolio:
            seed.shuffle(portfolio["earned"])
            self._touch(portfolio_id)

    @rule(portfolio_id=st.sampled_from(PORTFOLIOS), position=st.integers(0, 4), day=st.integers(0, 100))
    def revoke(self, portfolio_id: str, position: int, day: int) -> None:
        portfolio = self.portfolios.get(portfolio_id)
        if portfolio and portfolio["earned"]:
            entry = portfolio["earned"][position % len(portfolio["earned"])]
            if entry[2] is None:
                entry[2] = date(2026, 1, 1) + timedelta(days=day)
                self._touch(portfolio_id, revoking=(portfolio_id, entry[0]))

    @rule(portfolio_id=st.sampled_from(PORTFOLIOS), position=st.integers(0, 4))
    def withdraw_revocation(self, portfolio_id: str, position: int) -> None:
        portfolio = self.portfolios.get(portfolio_id)
        if portfolio and portfolio["earned"]:
            entry = portfolio["earned"][position % len(portfolio["earned"])]
            if entry[2] is not None:
                entry[2] = None
                self._touch(portfolio_id)

    @rule(portfolio_id=st.sampled_from(PORTFOLIOS), visibility=st.sampled_from(VISIBILITIES))
    def change_visibility(self, portfolio_id: str, visibility: str) -> None:
        portfolio = self.portfolios.get(portfolio_id)
        if portfolio and portfolio["visibility"] != visibility:
            portfolio["visibility"] = visibility
            self._touch(portfolio_id)

    def _earnings(self, portfolio_ids) -> list[Earning]:  # noqa: ANN001
        found = []
        for portfolio_id in portfolio_ids:
            data = self.portfolios.get(portfolio_id)
            if data is not None:
                found += status_ledger.earnings(_portfolio(portfolio_id, data))
        return found

    @rule()
    def build(self) -> None:
        self.ledger = parse(update(self.ledger, self._earnings(sorted(self.edited)))[0].text())[0]
        self.clean = update(self.clean, self._earnings(sorted(self.portfolios)))[0]
        assert self.ledger == self.clean
        published_now = {e.key for e in self._earnings(self.portfolios) if e.published}
        for key in published_now:
            index = self.ledger.index_of(*key)
            assert index is not None, f"{key} is published without an index"
            assert self.given.setdefault(key, index) == index, f"{key} moved from {self.given[key]} to {index}"
        source = {e.key: e.revoked_on is not None for e in self._earnings(self.portfolios)}
        for key in self.given:
            if key in source:
                self.last_revoked[key] = source[key]
        bits = self.ledger.revoked_indexes
        assert bits == {self.given[key] for key, revoked in self.last_revoked.items() if revoked}
        if self.revoked_since_build and not self.other_edits_since_build:
            flipped = {self.given[key] for key in self.revoked_since_build if key in self.given}
            assert bits ^ self.bits_before == flipped
        self.bits_before = bits
        self.edited.clear()
        self.revoked_since_build, self.other_edits_since_build = [], False

    @invariant()
    def no_two_credentials_share_an_index(self) -> None:
        indexes = [entry.index for entry in self.ledger.entries]
        keys = [entry.key for entry in self.ledger.entries]
        assert len(set(indexes)) == len(indexes) and len(set(keys)) == len(keys)
        assert sorted(self.given.values()) == sorted(set(self.given.values()))

    @precondition(lambda self: self.ledger.entries)
    @invariant()
    def the_published_list_holds_exactly_the_revoked_bits(self) -> None:
        bits = status_list.decode(status_list.encode(self.ledger.revoked_indexes, status_list.list_length(self.ledger.highest_index)))
        for entry in self.ledger.entries:
            assert status_list.bit_is_set(bits, entry.index) == (entry.revoked_on is not None)


def _portfolio(portfolio_id: str, data: dict) -> Portfolio:
    earned = tuple(
        Earned(credential, "1.0", DAY + timedelta(days=day), revoked=Revocation(revoked) if revoked else None)
        for credential, day, revoked in data["earned"]
    )
    return Portfolio(portfolio_id, portfolio_id.title(), visibility=data["visibility"], earned=earned)


TestEditsThenBuilds = EditsThenBuilds.TestCase
TestEditsThenBuilds.settings = settings(
    max_examples=300, stateful_step_count=50, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
