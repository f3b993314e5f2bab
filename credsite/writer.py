"""Last stage: write the site to a staging folder, then swap it into place.

The published folder is only touched once the whole new site is on disk,
so a failed or interrupted build leaves the previous output as it was. A
manifest (``.credsite-manifest.json``) records every file credsite wrote:
it marks the folder as credsite's, and it lets a rebuild keep files someone
else put there (a ``CNAME``, say) instead of deleting them.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path, PurePosixPath
from types import TracebackType

MANIFEST = ".credsite-manifest.json"
_STAGING = ".staging-"
_RETIRING = ".retiring-"


class OutputError(Exception):
    """The output folder cannot be used; the message says why and what to do."""


def _read_manifest(folder: Path) -> list[str] | None:
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    files = data.get("files") if isinstance(data, dict) and data.get("generator") == "credsite" else None
    return files if isinstance(files, list) else None


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
    """Collects files in a sibling staging folder and publishes them at once."""

    def __init__(self, out: Path, generator_version: str) -> None:
        self.out = out.resolve()
        self.previous = check_output_folder(self.out)
        self.version = generator_version
        self.out.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale(self.out)
        self.staging = self.out.parent / f".{self.out.name}{_STAGING}{os.getpid()}"
        if self.staging.exists():
            shutil.rmtree(self.staging)
        self.staging.mkdir()
        self.written: set[str] = set()
        self.bytes_written = 0

    def __enter__(self) -> StagedOutput:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        if kind is not None:
            self.abort()

    def write(self, relative: str, data: bytes) -> None:
        """Stage one file; each path may be written once."""
        if relative in self.written:
            raise OutputError(f"two outputs want the same file {relative}")
        write_staged_file(self.staging, relative, data)
        self.record(relative, len(data))

    def record(self, relative: str, size: int) -> None:
        """Account for a file a worker process staged with ``write_staged_file``."""
        if relative in self.written:
            raise OutputError(f"two outputs want the same file {relative}")
        self.written.add(relative)
        self.bytes_written += size

    def commit(self) -> None:
        """Swap the staged site into place, keeping files credsite did not write."""
        self._carry_over_foreign_files()
        manifest = {"generator": "credsite", "version": self.version, "files": sorted(self.written)}
        (self.staging / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
        retiring = self.out.parent / f".{self.out.name}{_RETIRING}{os.getpid()}"
        if self.out.exists():
            self.out.rename(retiring)
        self.staging.rename(self.out)
        if retiring.exists():
            shutil.rmtree(retiring)

    def abort(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)

    def _carry_over_foreign_files(self) -> None:
        if not self.out.exists():
            return
        ours = set(self.previous) | {MANIFEST}
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


def write_staged_file(staging: Path, relative: str, data: bytes) -> None:
    """Write one file into a staging folder (from the main or a worker process)."""
    target = staging / _safe_output_path(relative)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


def _safe_output_path(relative: str) -> PurePosixPath:
    path = PurePosixPath(relative)
    if not relative or path.is_absolute() or ".." in path.parts or "\\" in relative or relative == MANIFEST:
        raise OutputError(f"refusing to write outside the output folder: {relative!r}")
    return path


def _remove_stale(out: Path) -> None:
    """Staging or retiring folders left by a build that was killed."""
    for prefix in (_STAGING, _RETIRING):
        for leftover in out.parent.glob(f".{out.name}{prefix}*"):
            pid = leftover.name.rsplit("-", 1)[-1]
            if leftover.is_dir() and not _process_alive(pid):
                shutil.rmtree(leftover, ignore_errors=True)


def _process_alive(pid: str) -> bool:
    try:
        os.kill(int(pid), 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return True
