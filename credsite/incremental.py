"""The incremental build: what a rebuild reads, renders, writes and deletes.

Every decision a rebuild makes lives here; ``pipeline.build`` only runs it.
The build record (record.py) holds what the last build read and wrote. Set
beside the source files now, the settings, the build date and the git
commit, it gives a ``Plan``:

- nothing changed (no source file, setting, commit or build date): the
  output stands as it is, and the build stops before reading anything
  (``nothing_changed``, asked before the catalog is read);
- the portfolios to read: a portfolio is read, checked and rendered again
  when one of its own files, the catalog-side YAML every passport reads
  (catalog.yaml, issuers, stacks, pathways, the status-list ledger), a
  credential it read or the settings changed, or when the build date left
  the range its results hold for (progress.py, "When results change");
- the portfolios gone since the last build, whose files are deleted;
- what the output holds where this build may write (the site-wide files
  and those of the portfolios read or gone): only files whose bytes differ
  from these are staged, and those of them not written again are deleted
  (writer.py's journal). Without a record, a full build swaps in a new
  folder;
- the site-wide outputs (catalog pages, directory, figures, status list),
  which read the catalog and the passports' summaries only: **kept** when
  neither the catalog, the settings, the git dates nor the set of
  portfolios changed; rendered **alongside** the passports from the last
  build's summaries after a catalog edit (an edit there seldom changes a
  summary, and rendering in the same process pool as the passports is
  quicker than after them); else rendered **after** the passports.

Once the passports are rendered, ``Plan.site_wide_outcome`` says whether
that first choice stands: kept and alongside hold only if every new
summary equals the last build's and the status-list ledger did not change.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

from . import record as records
from .record import BuildRecord, FileStat, Output, PassportRecord, SiteTotals
from .site import PassportSummary
from .source_layout import CATALOG, CATALOG_FILE, FOLDERS, item_of, portfolio_of
from .status_ledger import LEDGER_FILE
from .urls import STATUS_CHECKED
from .writer import Previous, StagedOutput, content_id, read_build_id

# The catalog-side YAML every passport reads (its title, issuers, stacks, pathways).
PASSPORT_COMMON = (CATALOG_FILE, *(FOLDERS[kind] + "/" for kind in ("issuer", "stack", "pathway")))

SiteWide = Literal["kept", "alongside", "after"]


def passport_common(path: str) -> bool:
    """Whether every passport reads this file (the catalog-side YAML but credentials).

    The status-list ledger too: the build writes it and records its new
    bytes, so it differs from the record only when someone else edited it,
    and then any passport's indexes may have changed.
    """
    return (path.startswith(PASSPORT_COMMON) and path.endswith(".yaml")) or path == LEDGER_FILE


@dataclass(frozen=True)
class Changes:
    """Which source files differ from the last build's."""

    paths: frozenset[str]  # added, removed or edited, relative to the source

    @classmethod
    def between(cls, before: dict[str, FileStat], now: dict[str, FileStat]) -> Changes:
        paths = {p for p in before.keys() | now.keys() if p not in before or p not in now or before[p][3] != now[p][3]}
        return cls(frozenset(paths))

    @property
    def portfolios(self) -> set[str]:
        return {o for o in map(portfolio_of, self.paths) if o is not None}

    @property
    def credentials(self) -> set[str]:
        return {c for path in self.paths if (c := item_of("credential", path)) is not None}

    @property
    def passport_common(self) -> bool:
        return any(passport_common(p) for p in self.paths)

    @property
    def catalog(self) -> bool:
        return any(p.startswith(CATALOG + "/") for p in self.paths)


def previous_record(record_file: Path, out: Path, use_cache: bool) -> BuildRecord | None:
    """The last build's record, when there is one and it describes what ``out`` holds."""
    if not use_cache:
        return None
    previous = records.load_record(record_file)
    if previous is not None and previous.build_id != read_build_id(out):
        return None  # the output folder is not the one this record describes
    return previous


def nothing_changed(
    previous: BuildRecord | None, files: dict[str, FileStat], settings: str, git_head: str | None, build_date: date
) -> bool:
    """Same source bytes, settings, commit and build date as the last build: its output stands."""
    return (
        previous is not None
        and not Changes.between(previous.files, files).paths
        and previous.settings == settings
        and previous.git_head == git_head
        and previous.build_date == build_date.isoformat()
    )


def in_range(valid: records.DateRange, day: date) -> bool:
    start, stop = valid
    return start <= day.toordinal() and (stop == 0 or day.toordinal() < stop)


def unchanged_passports(previous: BuildRecord, changes: Changes, settings: str, build_date: date) -> set[str]:
    """Portfolios whose outputs and summary ``previous`` still describes on ``build_date``."""
    if settings != previous.settings or changes.passport_common:
        return set()
    portfolios, credentials = changes.portfolios, changes.credentials
    return {
        pid for pid, read in previous.credentials_of.items()
        if pid not in portfolios and credentials.isdisjoint(read) and in_range(previous.valid_of.get(pid, (0, 0)), build_date)
    }


@dataclass(frozen=True)
class Plan:
    """What one build does; ``plan`` makes it, ``pipeline.build`` runs it."""

    previous: BuildRecord | None  # the last build's record; None: a full build
    read: tuple[str, ...]  # portfolios to read, check and render, in source order
    removed: tuple[str, ...]  # portfolios the last build recorded that are gone, sorted
    replaceable: Previous | None  # what the output holds where this build may write; None: a full build
    site_wide: SiteWide  # the site-wide outputs before the passports are rendered (module docstring)
    catalog_unchanged: bool  # same catalog and settings: the figures may keep credential pages whose numbers held
    updated: tuple[tuple[str, str], ...]  # credential id, ISO date of its last commit (the feed's dates)

    def guess(self) -> dict[str, PassportSummary]:
        """The last build's summaries of the portfolios still there, for rendering ``alongside``."""
        assert self.previous is not None
        return summaries(self.previous, leave_out=set(self.removed))

    def site_wide_outcome(self, made: dict[str, PassportRecord], ledger_changed: bool) -> SiteWide:
        """Whether the site-wide outputs are kept, the ones rendered alongside stand, or they are rendered after.

        Ask before ``record_passports``, which changes the previous record.
        """
        if self.site_wide == "after" or ledger_changed:  # a new index changes the status list
            return "after"
        assert self.previous is not None
        return self.site_wide if same_summaries(self.previous, made) else "after"

    def kept_site_outputs(self) -> tuple[Output, ...]:
        """The site-wide files that stay as the last build wrote them: all but
        ``status/checked.json``, which every build writes (it holds the build date)."""
        assert self.previous is not None
        return tuple(output for output in self.previous.site_outputs if output[0] != STATUS_CHECKED)

    def record_passports(self, record_file: Path, made: dict[str, PassportRecord]) -> BuildRecord:
        """The record with the passports this build made and without the removed ones."""
        record = self.previous or records.new_record(record_file)
        for pid in self.removed:
            record.set_passport(pid, None)
        for pid, passport_record in made.items():
            record.set_passport(pid, passport_record)
        return record

    def build_id(self, output: StagedOutput) -> str:
        """The new output's fingerprint: the last one, less the files replaced, plus the files made."""
        made = content_id((path, digest) for path, (digest, _) in output.written.items())
        if self.previous is None or self.replaceable is None:
            return f"{made:032x}"
        gone = content_id((path, digest) for path, (digest, _) in self.replaceable.items() if path not in output.kept)
        return f"{(int(self.previous.build_id, 16) - gone + made) % 2**128:032x}"

    def totals(self, output: StagedOutput) -> SiteTotals:
        """Files, pages and bytes of the published site, from the last build's and what changed."""
        made = SiteTotals(
            len(output.written),
            sum(1 for name in output.written if name.endswith(".html")),
            sum(size for _, size in output.written.values()),
        )
        if self.previous is None or self.replaceable is None:
            return made
        before = self.previous.totals
        gone = [(path, size) for path, (_, size) in self.replaceable.items() if path not in output.kept]
        return SiteTotals(
            before.files - len(gone) + made.files,
            before.pages - sum(1 for path, _ in gone if path.endswith(".html")) + made.pages,
            before.bytes - sum(size for _, size in gone) + made.bytes,
        )


def plan(
    previous: BuildRecord | None, files: dict[str, FileStat], settings: str, build_date: date,
    portfolio_ids: Iterable[str], updated: tuple[tuple[str, str], ...],
) -> Plan:
    """The plan of a build from the last build's record (None: a full build) and the source now."""
    portfolio_ids = list(portfolio_ids)
    if previous is None:
        return Plan(None, tuple(portfolio_ids), (), None, "after", False, updated)
    changes = Changes.between(previous.files, files)
    unchanged = unchanged_passports(previous, changes, settings, build_date)
    read = tuple(pid for pid in portfolio_ids if pid not in unchanged)
    removed = tuple(sorted(set(previous.credentials_of) - set(portfolio_ids)))
    same_settings = previous.settings == settings
    site_wide: SiteWide
    if not same_settings:
        site_wide = "after"
    elif changes.catalog:
        site_wide = "alongside"
    elif updated != previous.updated or removed:
        site_wide = "after"
    else:
        site_wide = "kept"
    return Plan(
        previous=previous,
        read=read,
        removed=removed,
        replaceable=previous.outputs([*read, *removed]),
        site_wide=site_wide,
        catalog_unchanged=same_settings and not changes.catalog,
        updated=updated,
    )


def same_summaries(previous: BuildRecord, made: dict[str, PassportRecord]) -> bool:
    """Whether every passport made has the summary the last build recorded for it."""
    for pid, made_record in made.items():
        before = previous.passport(pid)
        if before is None or before.summary != made_record.summary:
            return False
    return True


def summaries(record: BuildRecord, leave_out: set[str] | None = None) -> dict[str, PassportSummary]:
    """Every published passport's summary the record holds (private portfolios have none)."""
    return {
        pid: PassportSummary.from_record(r.summary)
        for pid, r in record.all_passports().items()
        if r.summary and (leave_out is None or pid not in leave_out)
    }


def save(
    record: BuildRecord, *, build_id: str, settings: str, git_head: str | None, files: dict[str, FileStat],
    build_date: date, updated: tuple[tuple[str, str], ...], site_outputs: tuple[Output, ...], totals: SiteTotals,
) -> None:
    """Write the record of the build just published, for the next one."""
    record.build_id, record.settings, record.git_head, record.files = build_id, settings, git_head, files
    record.build_date = build_date.isoformat()
    record.updated, record.site_outputs, record.totals = updated, site_outputs, totals
    records.save_record(record)


def remember_scan(previous: BuildRecord, files: dict[str, FileStat]) -> None:
    """After a build that changed nothing: same bytes, maybe new timestamps; remember
    them so the next scan does not read those files again."""
    if files != previous.files:
        previous.files = files
        records.save_record(previous)
