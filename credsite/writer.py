"""Last stage: write the site to a staging folder, then swap it into place.

The published folder is only touched once the whole new site is on disk,
so a failed or interrupted build leaves the previous output as it was. A
manifest (``.credsite-manifest.json``) records every file credsite wrote:
it marks the folder as credsite's, and it lets a rebuild keep files someone
else put there (a ``CNAME``, say) instead of deleting them.

Two ways to publish. A full build stages every file and swaps the staging
folder into place. A rebuild that knows what the output holds (the build
record's digests, see record.py) stages only the files whose bytes
changed; once everything is staged it writes a journal of the moves and
deletions and then applies it, file by file. Should a build be killed
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

from .record import digest_bytes

MANIFEST = ".credsite-manifest.json"
# The fingerprint of every published file's path and bytes: a rebuild trusts
# its build record only for the output this names (see record.py).
BUILD_ID = ".credsite-build"
JOURNAL = ".credsite-journal.json"
_ID_MODULUS = 2**128
_STAGING = ".staging-"
_RETIRING = ".retiring-"

Previous = dict[str, tuple[str, int]]  # site path -> (digest, size) of what the output holds


class OutputError(Exception):
    """The output folder cannot be used; the message says why and what to do."""


def _manifest(folder: Path) -> dict | None:
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("generator") == "credsite" else None


def _read_manifest(folder: Path) -> list[str] | None:
    data = _manifest(folder)
    files = data.get("files") if data else None
    return files if isinstance(files, list) else None


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


def _all_files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() or p.is_symlink())


def check_output_folder(out: Path) -> list[str]:
    """The files a previous build wrote; refuses a folder credsite does not own."""
    if not out.exists():
        return []
    if not out.is_dir():
        raise OutputError(f"{out} exists and is not a folder; choose another --out")
    manifest = _read_manifest(out)
    if manifest is None:
        if any(out.iterdir()):
            raise OutputError(
                f"refusing to write into {out}: it is not empty and was not created by credsite "
                f"(no {MANIFEST}). Choose an empty or new --out folder."
            )
        return []
    return manifest


class StagedOutput:
    """Collects files in a sibling staging folder and publishes them at once.

    With ``previous`` (what the output folder holds, from the build record)
    only changed files are staged, and publishing applies a journal instead
    of swapping the whole folder.
    """

    def __init__(self, out: Path, generator_version: str, previous: Previous | None = None) -> None:
        self.out = out.resolve()
        self.out.parent.mkdir(parents=True, exist_ok=True)
        recover(self.out)
        self.previous_files = check_output_folder(self.out)
        self.version = generator_version
        self.previous = previous
        self.staging = self.out.parent / f".{self.out.name}{_STAGING}{os.getpid()}"
        if self.staging.exists():
            shutil.rmtree(self.staging)
        self.staging.mkdir()
        self.written: dict[str, tuple[str, int]] = {}  # files this build made: path -> (digest, size)
        self.changed: list[str] = []  # the ones staged (the others were already there, byte for byte)
        self.kept: set[str] = set()  # files of the previous build this one did not remake

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
        """Files of the previous build that stay as they are (a rebuild)."""
        clash = paths & self.written.keys()
        if clash:
            raise OutputError(f"two outputs want the same file {min(clash)}")
        self.kept = paths

    @property
    def published_files(self) -> list[str]:
        """Every file of the new site, sorted."""
        return sorted(self.written.keys() | self.kept)

    def commit(self, build_id: str = "") -> None:
        """Publish the new site, keeping files credsite did not write."""
        if build_id:
            (self.staging / BUILD_ID).write_text(build_id + "\n", encoding="ascii")
        if self.previous is not None and self.out.is_dir():
            self._apply_changes()
            return
        self._carry_over_foreign_files()
        (self.staging / MANIFEST).write_text(self._manifest_text(), encoding="utf-8")
        retiring = self.out.parent / f".{self.out.name}{_RETIRING}{os.getpid()}"
        if self.out.exists():
            self.out.rename(retiring)
        self.staging.rename(self.out)
        if retiring.exists():
            shutil.rmtree(retiring)

    def abort(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)

    def _manifest_text(self) -> str:
        manifest = {"generator": "credsite", "version": self.version, "files": self.published_files}
        return json.dumps(manifest, separators=(",", ":")) + "\n"

    def _apply_changes(self) -> None:
        ours = set(self.previous_files)
        new = [relative for relative in self.written if relative not in ours]
        for relative in new:
            if (self.out / relative).exists():
                raise OutputError(
                    f"{self.out / relative} was not written by credsite, and the new build wants that path; "
                    "move the file away and build again"
                )
        deleted = sorted(ours - self.kept - self.written.keys())
        if new or deleted:  # the list of files changed: so does the manifest (most edits keep it)
            (self.staging / MANIFEST).write_text(self._manifest_text(), encoding="utf-8")
        journal = {"moves": sorted(self.changed), "deletions": deleted}
        partial = self.staging / f"{JOURNAL}.partial"
        partial.write_text(json.dumps(journal), encoding="utf-8")
        partial.replace(self.staging / JOURNAL)  # from here on the build completes, even if killed
        apply_journal(self.out, self.staging)

    def _carry_over_foreign_files(self) -> None:
        if not self.out.exists():
            return
        ours = set(self.previous_files) | {MANIFEST, BUILD_ID}
        for relative in _all_files(self.out):
            if relative in ours:
                continue
            if relative in self.written:
                raise OutputError(
                    f"{self.out / relative} was not written by credsite, and the new build wants that path; "
                    "move the file away and build again"
                )
            target = self.staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(self.out / relative, target, follow_symlinks=False)


def apply_journal(out: Path, staging: Path) -> None:
    """Move the staged files into place, delete the dropped ones, then the manifest; idempotent."""
    journal = json.loads((staging / JOURNAL).read_text(encoding="utf-8"))
    for relative in journal["moves"]:
        staged = staging / relative
        if staged.exists():  # a killed run may have moved it already
            target = out / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staged, target)
    for relative in journal["deletions"]:
        target = out / relative
        target.unlink(missing_ok=True)
        _remove_empty_parents(target.parent, out)
    for last in (MANIFEST, BUILD_ID):
        if (staging / last).exists():
            os.replace(staging / last, out / last)
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
