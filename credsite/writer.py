"""Last stage: write the site to a staging folder, then swap it into place.

The published folder is only touched once the whole new site is on disk,
so a failed or interrupted build leaves the previous output as it was. A
manifest (``.credsite-manifest.json``) marks the folder as credsite's and
names the top-level entries credsite owns (``educators``, ``index.html``,
…; inside a folder other tools share, such as ``.well-known``, the entry
itself). Everything else in the folder (a ``CNAME``, say) is someone
else's, and a rebuild keeps it. The manifest names no file below an owned
folder: it is published with the site, and a list of every file would
give away the address of every unlisted passport.

Two ways to publish. A full build stages every file and swaps the staging
folder into place. A rebuild that knows what the output holds where it may
write (from the build record, see incremental.py) stages only the files
whose bytes changed; once everything is staged it writes a journal of the
moves and deletions and then applies it, file by file. Should a build be killed
while applying, the next build finds the journal and finishes the job
before doing anything else, so the output never stays half old, half new.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from types import TracebackType

from .errors import OutputError
from .record import digest_bytes
from .urls import SHARED_FOLDERS

MANIFEST = ".credsite-manifest.json"
# The fingerprint of every published file's path and bytes: a rebuild trusts
# its build record only for the output this names (see record.py).
BUILD_ID = ".credsite-build"
JOURNAL = ".credsite-journal.json"
_ID_MODULUS = 2**128
_STAGING = ".staging-"
_RETIRING = ".retiring-"

Previous = dict[str, tuple[str, int]]  # site path -> (digest, size) of what the output holds


def owned_entry(relative: str) -> str:
    """The top-level entry a site path belongs to: its first component, or,
    inside a folder other tools share (``.well-known``), the first two."""
    parts = relative.split("/", 2)
    if parts[0] in SHARED_FOLDERS and len(parts) > 1:
        return f"{parts[0]}/{parts[1]}"
    return parts[0]


def _read_manifest(folder: Path) -> set[str] | None:
    """The entries a previous build owns, or None when credsite did not make the folder."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("generator") != "credsite":
        return None
    if isinstance(data.get("owns"), list):
        return {entry for entry in data["owns"] if isinstance(entry, str)}
    if isinstance(data.get("files"), list):  # written by credsite 0.x, which listed every file
        return {owned_entry(name) for name in data["files"] if isinstance(name, str)}
    return None


def content_id(entries: Iterable[tuple[str, str]]) -> int:
    """An order-free fingerprint of (path, digest) pairs: a sum of their hashes mod 2**128.

    Adding a file adds its term and removing one subtracts it, so a rebuild
    updates the site's fingerprint from what it changed, without reading
    every file again.
    """
    total = 0
    for path, digest in entries:
        total += int.from_bytes(hashlib.blake2b(f"{path}\0{digest}".encode(), digest_size=16).digest(), "big")
    return total % _ID_MODULUS


def read_build_id(out: Path) -> str | None:
    """The fingerprint of the content the last build left in ``out``, if any."""
    try:
        text = (out / BUILD_ID).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return text or None


def _entries(folder: Path) -> list[str]:
    """The folder's top-level entries, and the entries inside its shared folders."""
    entries = []
    for child in sorted(folder.iterdir()):
        if child.name in SHARED_FOLDERS and child.is_dir() and not child.is_symlink():
            entries += [f"{child.name}/{inner.name}" for inner in sorted(child.iterdir())]
        else:
            entries.append(child.name)
    return entries


def check_output_folder(out: Path) -> set[str]:
    """The entries a previous build owns; refuses a folder credsite does not own."""
    if not out.exists():
        return set()
    if not out.is_dir():
        raise OutputError(f"{out} exists and is not a folder; choose another --out")
    owned = _read_manifest(out)
    if owned is None:
        if any(out.iterdir()):
            raise OutputError(
                f"refusing to write into {out}: it is not empty and was not created by credsite "
                f"(no {MANIFEST}). Choose an empty or new --out folder."
            )
        return set()
    return owned


class StagedOutput:
    """Collects files in a sibling staging folder and publishes them at once.

    With ``previous`` (what the output folder holds at the paths this build
    may write, from the build record) only changed files are staged, and
    publishing applies a journal instead of swapping the whole folder: the
    files of ``previous`` this build neither writes nor keeps are deleted,
    and every other file stays as it is.
    """

    def __init__(self, out: Path, generator_version: str, previous: Previous | None = None) -> None:
        self.out = out.resolve()
        self.out.parent.mkdir(parents=True, exist_ok=True)
        recover(self.out)
        self.previous_owned = check_output_folder(self.out)
        self.version = generator_version
        self.previous = previous
        self.staging = self.out.parent / f".{self.out.name}{_STAGING}{os.getpid()}"
        if self.staging.exists():
            shutil.rmtree(self.staging)
        self.staging.mkdir()
        self.written: dict[str, tuple[str, int]] = {}  # files this build made: path -> (digest, size)
        self.changed: list[str] = []  # the ones staged (the others were already there, byte for byte)
        self.kept: set[str] = set()  # files of ``previous`` that stay as they are

    def __enter__(self) -> StagedOutput:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        if kind is not None:
            self.abort()

    def write(self, relative: str, data: bytes) -> None:
        """Stage one file (when its bytes changed); each path may be written once."""
        if relative in self.written:
            raise OutputError(f"two outputs want the same file {relative}")
        self.record(*stage_file(self.staging, relative, data, self.previous))

    def record(self, relative: str, digest: str, size: int, changed: bool) -> None:
        """Account for a file ``stage_file`` handled (here or in a worker process)."""
        if relative in self.written:
            raise OutputError(f"two outputs want the same file {relative}")
        self.written[relative] = (digest, size)
        if changed:
            self.changed.append(relative)

    def keep(self, paths: set[str]) -> None:
        """Files of ``previous`` that stay as they are (a rebuild that did not remake them)."""
        clash = paths & self.written.keys()
        if clash:
            raise OutputError(f"two outputs want the same file {min(clash)}")
        self.kept = paths

    def commit(self, build_id: str = "") -> None:
        """Publish the new site, keeping files credsite did not write."""
        if build_id:
            (self.staging / BUILD_ID).write_text(build_id + "\n", encoding="ascii")
        if self.previous is not None and self.out.is_dir():
            self._apply_changes()
            return
        self._carry_over_foreign_files()
        (self.staging / MANIFEST).write_text(_manifest_text(self.version, {owned_entry(p) for p in self.written}), encoding="utf-8")
        retiring = self.out.parent / f".{self.out.name}{_RETIRING}{os.getpid()}"
        if self.out.exists():
            self.out.rename(retiring)
        self.staging.rename(self.out)
        if retiring.exists():
            shutil.rmtree(retiring)

    def abort(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)

    def _apply_changes(self) -> None:
        assert self.previous is not None
        new_entries = {owned_entry(relative) for relative in self.written} - self.previous_owned
        # A path the last build did not write (the record says) holds someone else's file if anything.
        for path in sorted({*new_entries, *(relative for relative in self.changed if relative not in self.previous)}):
            if (self.out / path).exists() or (self.out / path).is_symlink():
                raise OutputError(
                    f"{self.out / path} was not written by credsite, and the new build wants that path; "
                    "move it away and build again"
                )
        deleted = sorted(self.previous.keys() - self.kept - self.written.keys())
        owned = sorted(self.previous_owned | new_entries)
        journal = {"moves": sorted(self.changed), "deletions": deleted, "owns": owned, "version": self.version}
        partial = self.staging / f"{JOURNAL}.partial"
        partial.write_text(json.dumps(journal), encoding="utf-8")
        partial.replace(self.staging / JOURNAL)  # from here on the build completes, even if killed
        apply_journal(self.out, self.staging)

    def _carry_over_foreign_files(self) -> None:
        if not self.out.exists():
            return
        wanted = {owned_entry(relative) for relative in self.written}
        for entry in _entries(self.out):
            if entry in self.previous_owned or entry in (MANIFEST, BUILD_ID):
                continue
            if entry in wanted:
                raise OutputError(
                    f"{self.out / entry} was not written by credsite, and the new build wants that path; "
                    "move it away and build again"
                )
            source, target = self.out / entry, self.staging / entry
            target.parent.mkdir(parents=True, exist_ok=True)
            if source.is_dir() and not source.is_symlink():
                shutil.copytree(source, target, symlinks=True)
            else:
                shutil.copy2(source, target, follow_symlinks=False)


def _manifest_text(version: str, owned: set[str]) -> str:
    manifest = {"generator": "credsite", "version": version, "owns": sorted(owned)}
    return json.dumps(manifest, separators=(",", ":")) + "\n"


def apply_journal(out: Path, staging: Path) -> None:
    """Move the staged files into place, delete the dropped ones, then write
    the manifest (the entries still holding a file) and the fingerprint; idempotent."""
    journal = json.loads((staging / JOURNAL).read_text(encoding="utf-8"))
    for relative in journal["moves"]:
        staged = staging / relative
        if staged.exists():  # a killed run may have moved it already
            target = out / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staged, target)
    emptied = set()
    for relative in journal["deletions"]:
        target = out / relative
        target.unlink(missing_ok=True)
        _remove_empty_parents(target.parent, out)
        emptied.add(owned_entry(relative))
    # Only an entry that lost files can have gone; the rest are still there.
    still_owned = {entry for entry in journal["owns"] if entry not in emptied or (out / entry).exists()}
    if still_owned != _read_manifest(out):
        (out / f"{MANIFEST}.partial").write_text(_manifest_text(journal["version"], still_owned), encoding="utf-8")
        os.replace(out / f"{MANIFEST}.partial", out / MANIFEST)
    if (staging / BUILD_ID).exists():
        os.replace(staging / BUILD_ID, out / BUILD_ID)
    shutil.rmtree(staging, ignore_errors=True)


def _remove_empty_parents(folder: Path, out: Path) -> None:
    while folder != out and folder.is_relative_to(out):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def holds(previous: Previous | None, relative: str, digest: str) -> bool:
    """Whether the output already has these bytes at this path."""
    known = previous.get(relative) if previous is not None else None
    return known is not None and known[0] == digest


def stage_file(staging: Path, relative: str, data: bytes, previous: Previous | None) -> tuple[str, str, int, bool]:
    """Stage one file unless the output already holds these bytes: (path, digest, size, staged)."""
    digest = digest_bytes(data)
    if holds(previous, relative, digest):
        return relative, digest, len(data), False
    write_staged_file(staging, relative, data)
    return relative, digest, len(data), True


def write_staged_file(staging: Path, relative: str, data: bytes) -> None:
    """Write one file into a staging folder (from the main or a worker process)."""
    target = staging / _safe_output_path(relative)
    try:
        target.write_bytes(data)
    except FileNotFoundError:
        # Made only when missing: a passport writes several files into each
        # folder, and a mkdir per file was a measurable share of a big build.
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def _safe_output_path(relative: str) -> PurePosixPath:
    path = PurePosixPath(relative)
    if not relative or path.is_absolute() or ".." in path.parts or "\\" in relative or relative in (MANIFEST, BUILD_ID, JOURNAL):
        raise OutputError(f"refusing to write outside the output folder: {relative!r}")
    return path


def recover(out: Path) -> None:
    """Clear up after a build that was killed: remove its staging or
    retiring folders; a journal in one means that build was publishing:
    finish it first."""
    for prefix in (_STAGING, _RETIRING):
        for leftover in out.parent.glob(f".{out.name}{prefix}*"):
            pid = leftover.name.rsplit("-", 1)[-1]
            if not leftover.is_dir() or _process_alive(pid):
                continue
            if prefix == _STAGING and (leftover / JOURNAL).is_file() and out.is_dir():
                apply_journal(out, leftover)
            shutil.rmtree(leftover, ignore_errors=True)


def _process_alive(pid: str) -> bool:
    try:
        os.kill(int(pid), 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return True
