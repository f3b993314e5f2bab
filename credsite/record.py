"""What the last build read and wrote, so the next one redoes only what changed.

A build record lives in ``<source>/.credsite-cache/`` next to the parse
cache and belongs to one output folder: the fingerprint of that folder's
content (``.credsite-build``, a sum of hashes of every published file's path
and bytes) must be the one the record describes, or the record is not used
(the folder was emptied, or rebuilt from other sources). A CI cache that
restores both folders keeps rebuilds incremental. Output files edited by
hand are not noticed: ``--no-cache`` rebuilds everything.

It holds, for every source file, a digest of its bytes (with the size,
modification time and inode that let the next build skip re-reading a file
that did not change); the settings' digest; for every portfolio, the
credentials its checks and pages read, its output files and its summary for
the site-wide pages, and the build dates over which its results stay the
same (progress.py, "When results change"); and the site-wide outputs. A
portfolio is neither read nor rendered again when none of its own files,
none of the catalog-side YAML every passport reads (catalog.yaml, issuers,
stacks, pathways), none of the credentials it read and none of the settings
changed, and the new build date is still in its range. The build date is
not a setting: a daily rebuild redoes only the passports whose results the
new day changes (an expiry, a window edge).

Only plain values are stored (``marshal``), never pickles: the cache folder
sits in the source checkout, and loading it must not be able to run code.
A damaged or foreign record is ignored, never trusted.
"""

from __future__ import annotations

import json
import marshal
import os
import stat
import sys
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from . import __version__
from .cache import FOLDER, write_cache_file
from .cache import digest as digest_bytes
from .source_layout import CATALOG, CATALOG_FILE, FOLDERS, SOURCE_FOLDERS, item_of, portfolio_of
from .status_ledger import LEDGER_FILE

RECORD_FORMAT = 3  # 3: summaries carry the figures' inputs (stats.py)
# The catalog-side YAML every passport reads (its title, issuers, stacks, pathways).
PASSPORT_COMMON = (CATALOG_FILE, *(FOLDERS[kind] + "/" for kind in ("issuer", "stack", "pathway")))
PACKAGE = Path(__file__).resolve().parent

FileStat = tuple[int, int, int, str]  # size, mtime_ns, inode, digest of the bytes
Output = tuple[str, str, int]  # site path, digest of the bytes, size
DateRange = tuple[int, int]  # first and first-no-longer day ordinals; 0 for "no bound"


def date_range(valid_from: date, valid_until: date | None) -> DateRange:
    return (0 if valid_from == date.min else valid_from.toordinal(), valid_until.toordinal() if valid_until else 0)


def in_range(valid: DateRange, day: date) -> bool:
    start, stop = valid
    return start <= day.toordinal() and (stop == 0 or day.toordinal() < stop)


def digest_values(*values: Any) -> str:
    """A digest of plain values (str, int, tuples, lists, dicts, None).

    JSON, not marshal: marshal's bytes depend on which objects happen to be
    shared in memory, so equal values could get different digests.
    """
    return digest_bytes(json.dumps(values, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode())


# --- the source files --------------------------------------------------------


def scan_source(source: Path, previous: dict[str, FileStat]) -> dict[str, FileStat]:
    """Every file under catalog/ and portfolios/ with the digest of its bytes.

    A file whose size, modification time and inode equal last build's is not
    read again. Symbolic links are recorded by their target, never followed.
    """
    found: dict[str, FileStat] = {}
    for folder in SOURCE_FOLDERS:
        _scan_folder(source / folder, folder, previous, found)
    return found


def scan_source_files(source: Path, relatives: list[str]) -> dict[str, FileStat]:
    """The entries of ``scan_source`` for some files only (one the build itself wrote)."""
    found: dict[str, FileStat] = {}
    for relative in relatives:
        path = source / relative
        info = path.stat()
        found[relative] = (info.st_size, info.st_mtime_ns, info.st_ino, digest_bytes(path.read_bytes()))
    return found


def _scan_folder(folder: Path, relative: str, previous: dict[str, FileStat], found: dict[str, FileStat]) -> None:
    try:
        entries = list(os.scandir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return
    for entry in entries:
        rel = f"{relative}/{entry.name}"
        info = entry.stat(follow_symlinks=False)
        if stat.S_ISDIR(info.st_mode):
            _scan_folder(Path(entry.path), rel, previous, found)
            continue
        known = previous.get(rel)
        if known is not None and known[:3] == (info.st_size, info.st_mtime_ns, info.st_ino):
            found[rel] = known
            continue
        if stat.S_ISLNK(info.st_mode):
            content = b"symlink:" + os.fsencode(os.readlink(entry.path))
        else:
            try:
                content = Path(entry.path).read_bytes()
            except OSError:
                content = b"unreadable"
        found[rel] = (info.st_size, info.st_mtime_ns, info.st_ino, digest_bytes(content))


def tree_digest(root: Path | None) -> str:
    """A digest of every file's path and bytes under ``root`` (templates, the package)."""
    if root is None or not root.is_dir():
        return ""
    files = sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return digest_values([(p.relative_to(root).as_posix(), digest_bytes(p.read_bytes())) for p in files])


def code_digest() -> str:
    """credsite's own code, templates, schemas and the libraries that shape output bytes.

    A rebuild after upgrading credsite (or editing it, in a checkout) must
    not reuse pages the old code made.
    """
    import jinja2
    import PIL

    return digest_values(
        __version__, RECORD_FORMAT, sys.version, zlib.ZLIB_RUNTIME_VERSION, PIL.__version__, jinja2.__version__,
        tree_digest(PACKAGE), tree_digest(PACKAGE.parent / "templates"), tree_digest(PACKAGE.parent / "schemas"),
    )


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


# --- the record ----------------------------------------------------------------

SHARDS = 64  # passport records are spread over this many files, so a small edit rewrites one


def shard_of(portfolio_id: str) -> int:
    return zlib.crc32(portfolio_id.encode("utf-8")) % SHARDS


@dataclass
class PassportRecord:
    """A passport's outputs stay valid while its own files, the catalog-side
    YAML every passport reads, the credentials it read and the settings are
    unchanged."""

    credentials: tuple[str, ...]  # catalog credentials its checks and pages read
    outputs: tuple[Output, ...]
    summary: tuple[Any, ...] | None  # PassportSummary.to_record(); None for a private portfolio
    valid: DateRange = (0, 0)  # the build dates its outputs hold for; (0, 0): all of them


@dataclass
class SiteTotals:
    files: int = 0
    pages: int = 0
    bytes: int = 0


@dataclass
class BuildRecord:
    """The main record, plus passport records loaded shard by shard when asked for.

    ``credentials_of`` (every recorded portfolio and the credentials it read)
    is enough to tell which passports changed; a passport's outputs and
    summary are read only for those, or for all when the site-wide pages
    must be remade.
    """

    file: Path
    build_id: str = ""  # the fingerprint (writer.content_id) of the output this record describes
    settings: str = ""
    git_head: str | None = None
    files: dict[str, FileStat] = field(default_factory=dict)
    credentials_of: dict[str, tuple[str, ...]] = field(default_factory=dict)
    valid_of: dict[str, DateRange] = field(default_factory=dict)  # every recorded portfolio's date range
    build_date: str = ""  # ISO date of the build that wrote the record
    updated: tuple[tuple[str, str], ...] = ()  # credential id, ISO date of its last commit (the feed's dates)
    site_outputs: tuple[Output, ...] = ()
    totals: SiteTotals = field(default_factory=SiteTotals)
    shards: dict[int, dict[str, PassportRecord]] = field(default_factory=dict)  # loaded so far
    dirty: set[int] = field(default_factory=set)  # shards to write

    @property
    def shard_folder(self) -> Path:
        return self.file.with_suffix("")

    def _shard(self, number: int) -> dict[str, PassportRecord]:
        if number not in self.shards:
            self.shards[number] = _load_shard(self.shard_folder / f"{number:02d}.marshal")
        return self.shards[number]

    def passport(self, portfolio_id: str) -> PassportRecord | None:
        return self._shard(shard_of(portfolio_id)).get(portfolio_id)

    def all_passports(self) -> dict[str, PassportRecord]:
        found: dict[str, PassportRecord] = {}
        for number in range(SHARDS):
            found.update(self._shard(number))
        return found

    def set_passport(self, portfolio_id: str, passport: PassportRecord | None) -> None:
        """Record (or, with None, forget) one portfolio's passport."""
        number = shard_of(portfolio_id)
        shard = self._shard(number)
        if passport is None:
            shard.pop(portfolio_id, None)
            self.credentials_of.pop(portfolio_id, None)
            self.valid_of.pop(portfolio_id, None)
        else:
            shard[portfolio_id] = passport
            self.credentials_of[portfolio_id] = passport.credentials
            self.valid_of[portfolio_id] = passport.valid
        self.dirty.add(number)

    def unchanged_passports(self, changes: Changes, settings: str, build_date: date) -> set[str]:
        """Portfolios whose outputs and summary this record still describes on ``build_date``."""
        if settings != self.settings or changes.passport_common:
            return set()
        portfolios, credentials = changes.portfolios, changes.credentials
        return {
            pid for pid, read in self.credentials_of.items()
            if pid not in portfolios and credentials.isdisjoint(read) and in_range(self.valid_of.get(pid, (0, 0)), build_date)
        }

    def outputs(self, portfolio_ids: Iterable[str]) -> dict[str, tuple[str, int]]:
        """The site-wide files and those of the given passports: site path -> (digest, size)."""
        found = {path: (digest, size) for path, digest, size in self.site_outputs}
        for pid in portfolio_ids:
            passport = self.passport(pid)
            if passport is not None:
                found.update((path, (digest, size)) for path, digest, size in passport.outputs)
        return found


def record_file(source: Path, out: Path) -> Path:
    """One record per output folder, named by where it is from the source
    (so a checkout moved or restored elsewhere with its output keeps it)."""
    where = os.path.relpath(out.resolve(), source.resolve())
    return source / FOLDER / f"build-{digest_bytes(where.encode())}.marshal"


def new_record(file: Path) -> BuildRecord:
    """An empty record whose every shard will be written (a full build)."""
    record = BuildRecord(file)
    record.shards = {number: {} for number in range(SHARDS)}
    record.dirty = set(range(SHARDS))
    return record


def load_record(file: Path) -> BuildRecord | None:
    try:
        raw = marshal.loads(file.read_bytes())
        if not isinstance(raw, dict) or raw.get("format") != RECORD_FORMAT:
            return None
        return BuildRecord(
            file=file,
            build_id=raw["build_id"],
            settings=raw["settings"],
            git_head=raw["git_head"],
            files=raw["files"],
            credentials_of=raw["credentials_of"],
            valid_of=raw["valid_of"],
            build_date=raw["build_date"],
            updated=raw["updated"],
            site_outputs=raw["site_outputs"],
            totals=SiteTotals(*raw["totals"]),
        )
    except (OSError, EOFError, ValueError, TypeError, KeyError):
        return None


def _load_shard(file: Path) -> dict[str, PassportRecord]:
    try:
        raw = marshal.loads(file.read_bytes())
        return {pid: PassportRecord(*entry) for pid, entry in raw.items()}
    except (OSError, EOFError, ValueError, TypeError, AttributeError):
        return {}  # read as "no record": the passport is rendered again


def save_record(record: BuildRecord) -> None:
    """The changed shards first, then the main file (which alone makes the record usable)."""
    raw = {
        "format": RECORD_FORMAT,
        "build_id": record.build_id,
        "settings": record.settings,
        "git_head": record.git_head,
        "files": record.files,
        "credentials_of": record.credentials_of,
        "valid_of": record.valid_of,
        "build_date": record.build_date,
        "updated": record.updated,
        "site_outputs": record.site_outputs,
        "totals": (record.totals.files, record.totals.pages, record.totals.bytes),
    }
    try:
        for number in sorted(record.dirty):
            shard = {pid: (p.credentials, p.outputs, p.summary, p.valid) for pid, p in record.shards[number].items()}
            write_cache_file(record.file.parent, record.shard_folder / f"{number:02d}.marshal", marshal.dumps(shard))
        write_cache_file(record.file.parent, record.file, marshal.dumps(raw))
        record.dirty.clear()
    except OSError:
        pass  # a read-only checkout: the next build simply starts afresh
