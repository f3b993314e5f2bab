"""The status-list ledger: which bit of the site's status list belongs to
which credential, remembered in the source (``catalog/status-list.txt``).

Every published Open Badges credential names one index of the site's
Bitstring Status List; a verifier reads that bit to learn whether the
credential was revoked. A credential's index must never change once it is
published (copies saved in wallets keep it), two credentials must never
share one, and revoking must flip only that credential's bit. No function
of the source alone can promise all three while portfolios come and go, so
the build *remembers* every index it gave out, in this file, which lives
with the catalog in git:

    # index<TAB>portfolio<TAB>credential<TAB>earned on[<TAB>revoked on]
    0	angela-pruitt	kindergarten-transition	2024-03-02	2025-09-12
    1	angela-pruitt	morning-meetings-sel	2023-10-20

- A line is never removed or reordered: when a credential leaves a
  portfolio, or its portfolio turns private or is deleted, its line stays
  (a tombstone), so the index is never given to another credential, and the
  same credential gets it back if it returns.
- A published credential missing from the ledger gets the lowest index no
  line holds, in the order (earned on, portfolio, credential): the build's
  output is a function of the source and the ledger.
- The last column is the date of the revocation the source records; a
  revocation of a credential that is no longer published (removed, or its
  portfolio now private) stays in force, since copies of it are still out
  there. ``earned on`` is the earning date when the index was given: for
  people reading the file, never read back.

The build writes the updated ledger back into the source (atomically) and
the Pages workflow commits it; pull requests must not edit it. See
docs/format-decisions.md and docs/state-staff.md.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from functools import cached_property
from pathlib import Path

from .model import Portfolio
from .problems import Problem

LEDGER_FILE = "catalog/status-list.txt"
# 2**24 indexes: a 2 MB bitstring, room for 16 million credentials.
MAX_INDEX = 2**24 - 1
HEADER = (
    "# The status-list index of every credential this site has published. Written by `credsite build`:\n"
    "# never edit, reorder or remove a line (see docs/state-staff.md).\n"
    "# index\tportfolio\tcredential\tearned on\trevoked on\n"
)
_INDEX = re.compile(r"0|[1-9][0-9]{0,7}")
_SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_FIELDS = ("index", "portfolio", "credential", "earned on", "revoked on")

Key = tuple[str, str]  # (portfolio id, credential id)


@dataclass(frozen=True)
class Entry:
    """One line: the index given to one portfolio's credential."""

    index: int
    portfolio: str
    credential: str
    earned_on: date
    revoked_on: date | None = None

    @property
    def key(self) -> Key:
        return (self.portfolio, self.credential)

    def line(self) -> str:
        fields = [str(self.index), self.portfolio, self.credential, self.earned_on.isoformat()]
        if self.revoked_on is not None:
            fields.append(self.revoked_on.isoformat())
        return "\t".join(fields)


@dataclass(frozen=True)
class Ledger:
    """Every entry, by index."""

    entries: tuple[Entry, ...] = ()

    @cached_property
    def _by_key(self) -> dict[Key, Entry]:
        return {entry.key: entry for entry in self.entries}

    def entry(self, portfolio_id: str, credential_id: str) -> Entry | None:
        return self._by_key.get((portfolio_id, credential_id))

    def index_of(self, portfolio_id: str, credential_id: str) -> int | None:
        entry = self.entry(portfolio_id, credential_id)
        return None if entry is None else entry.index

    @property
    def revoked_indexes(self) -> frozenset[int]:
        return frozenset(entry.index for entry in self.entries if entry.revoked_on is not None)

    @property
    def highest_index(self) -> int:
        return max((entry.index for entry in self.entries), default=-1)

    def text(self) -> str:
        """The file's bytes, as the build writes them."""
        return HEADER + "".join(entry.line() + "\n" for entry in self.entries)


@dataclass(frozen=True)
class Earning:
    """What the ledger needs of one earned credential in the source."""

    portfolio: str
    credential: str
    earned_on: date
    revoked_on: date | None
    published: bool  # its passport is public or unlisted, so the credential file is published

    @property
    def key(self) -> Key:
        return (self.portfolio, self.credential)


def earnings(portfolio: Portfolio) -> tuple[Earning, ...]:
    """Every credential the portfolio earned, published or not (a private
    portfolio's revocations still reach credentials it published before)."""
    published = portfolio.visibility != "private"
    return tuple(
        Earning(portfolio.id, e.credential, e.earned_on, e.revoked.on if e.revoked else None, published)
        for e in portfolio.earned
    )


@dataclass
class LedgerChange:
    """What ``update`` changed, for the build's summary line."""

    added: int = 0
    revocations: int = 0  # entries whose revocation date was set, changed or cleared

    def __bool__(self) -> bool:
        return bool(self.added or self.revocations)


def update(ledger: Ledger, source: Iterable[Earning]) -> tuple[Ledger, LedgerChange]:
    """The ledger once it knows the given earnings.

    Earnings already in the ledger take the source's revocation date; the
    published ones missing from it get the lowest free indexes in the order
    (earned on, portfolio, credential). Entries no earning names are kept as
    they are. Nothing else changes: no index ever moves.
    """
    by_key = {entry.key: entry for entry in ledger.entries}
    change = LedgerChange()
    missing: dict[Key, Earning] = {}
    for earning in source:
        known = by_key.get(earning.key)
        if known is None:
            if earning.published:
                missing[earning.key] = earning
        elif known.revoked_on != earning.revoked_on:
            by_key[earning.key] = replace(known, revoked_on=earning.revoked_on)
            change.revocations += 1
    new = sorted(missing.values(), key=lambda e: (e.earned_on, e.portfolio, e.credential))
    free = _free_indexes({entry.index for entry in ledger.entries})
    for earning in new:
        index = next(free)
        if index > MAX_INDEX:
            raise LedgerFull(f"{LEDGER_FILE}: every index up to {MAX_INDEX:,} is taken")
        by_key[earning.key] = Entry(index, earning.portfolio, earning.credential, earning.earned_on, earning.revoked_on)
        change.added += 1
    if not change:
        return ledger, change
    return Ledger(tuple(sorted(by_key.values(), key=lambda entry: entry.index))), change


class LedgerFull(Exception):
    """No index is left to give."""


def _free_indexes(used: set[int]) -> Iterator[int]:
    index = 0
    while True:
        if index not in used:
            yield index
        index += 1


# --- the file ----------------------------------------------------------------


def read(source: Path) -> tuple[Ledger, list[Problem]]:
    """The ledger in ``source`` (empty when there is no file yet) and its problems."""
    path = Path(source) / LEDGER_FILE
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return Ledger(), []
    except OSError as error:
        return Ledger(), [Problem(LEDGER_FILE, 1, 1, f"cannot read the status-list ledger: {error.strerror}")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return Ledger(), [Problem(LEDGER_FILE, 1, 1, "the status-list ledger is not UTF-8 text")]
    return parse(text)


def parse(text: str) -> tuple[Ledger, list[Problem]]:
    """Entries and every problem: malformed lines, repeated indexes or credentials."""
    entries: list[Entry] = []
    problems: list[Problem] = []
    index_lines: dict[int, int] = {}
    key_lines: dict[Key, tuple[int, int]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        entry, line_problems = _parse_line(line, number)
        problems += line_problems
        if entry is None:
            continue
        if entry.index in index_lines:
            problems.append(Problem(LEDGER_FILE, number, 1, f"index {entry.index} is already given at line {index_lines[entry.index]}; an index belongs to one credential"))
            continue
        if entry.key in key_lines:
            first, index = key_lines[entry.key]
            column = len(str(entry.index)) + 2
            message = f'portfolio "{entry.portfolio}" already has index {index} for "{entry.credential}" at line {first}; a credential has one index'
            problems.append(Problem(LEDGER_FILE, number, column, message))
            continue
        index_lines[entry.index] = number
        key_lines[entry.key] = (number, entry.index)
        entries.append(entry)
    return Ledger(tuple(sorted(entries, key=lambda entry: entry.index))), problems


def _parse_line(line: str, number: int) -> tuple[Entry | None, list[Problem]]:
    fields = line.split("\t")
    if len(fields) not in (4, 5):
        found = f"found {len(fields)} field{'s' if len(fields) != 1 else ''}"
        hint = " (fields are separated by one tab, not spaces)" if len(fields) < 4 and " " in line else ""
        message = f"expected index, portfolio, credential, earned on and an optional revoked on, separated by tabs; {found}{hint}"
        return None, [Problem(LEDGER_FILE, number, 1, message)]
    problems = []
    values: list[object] = []
    column = 1
    for name, value in zip(_FIELDS, fields):
        parsed, problem = _parse_field(name, value)
        if problem:
            problems.append(Problem(LEDGER_FILE, number, column, problem))
        values.append(parsed)
        column += len(value) + 1
    if problems:
        return None, problems
    index, portfolio, credential, earned_on, *revoked = values
    return Entry(index, portfolio, credential, earned_on, revoked[0] if revoked else None), []  # type: ignore[arg-type]


def _parse_field(name: str, value: str) -> tuple[object, str | None]:
    """The field's value and, when it is malformed, what is wrong."""
    if name == "index":
        if not _INDEX.fullmatch(value) or int(value) > MAX_INDEX:
            return None, f"the index must be a whole number from 0 to {MAX_INDEX:,} without leading zeros, not {value!r}"
        return int(value), None
    if name in ("portfolio", "credential"):
        return value, None if _SLUG.fullmatch(value) else f"{value!r} is not a {name} id"
    try:
        if not _DATE.fullmatch(value):
            raise ValueError(value)
        return date.fromisoformat(value), None
    except ValueError:
        return None, f"{name} must be a date like 2025-09-12, not {value!r}"


def write(source: Path, ledger: Ledger) -> None:
    """Replace the ledger file in ``source`` at once (never half written); OSError on failure."""
    path = Path(source) / LEDGER_FILE
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        partial.write_text(ledger.text(), encoding="utf-8", newline="\n")
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
