"""A persistent cache of parsed, schema-valid source files.

Reading and typing 20,000 portfolios is most of a rebuild's validation time,
and almost none of them change between two builds. Each valid file's typed
data is kept under its path, keyed by a hash of its bytes; the whole cache
is keyed by credsite's version and the schemas, so an upgrade or a schema
change starts afresh. Only files with no problems are cached, and only
their data: positions are needed just to report a problem, and are re-read
from the file in that rare case. Cross-file rules always run on every file.

The cache lives in ``<source>/.credsite-cache/`` (git-ignored). A damaged or
unreadable cache is ignored, never trusted.
"""

from __future__ import annotations

import hashlib
import marshal
import os
from pathlib import Path
from typing import Any

from . import __version__

FOLDER = ".credsite-cache"
_PREFIX = "parsed-"


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def write_cache_file(folder: Path, file: Path, data: bytes) -> None:
    """Write one file under the cache folder (which git ignores), atomically; OSError on failure."""
    file.parent.mkdir(parents=True, exist_ok=True)
    (folder / ".gitignore").write_text("*\n", encoding="utf-8")
    partial = file.with_suffix(f".{os.getpid()}.partial")
    partial.write_bytes(data)
    partial.replace(file)


class ParseCache:
    """path -> (content digest, kind, typed data) for files that were valid."""

    def __init__(self, folder: Path, schema_key: str, name: str = "all") -> None:
        self.folder = folder
        self.name = name
        self.file = folder / f"{_PREFIX}{name}-{digest(f'{__version__}:{schema_key}'.encode())}.marshal"
        self.entries: dict[str, tuple[str, str, Any]] = self._load()
        self.used: set[str] = set()
        self.changed = False

    def _load(self) -> dict[str, tuple[str, str, Any]]:
        try:
            entries = marshal.loads(self.file.read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            return {}
        return entries if isinstance(entries, dict) else {}

    def get(self, path: str, content_digest: str, kind: str) -> Any | None:
        entry = self.entries.get(path)
        if entry is None or entry[0] != content_digest or entry[1] != kind:
            return None
        self.used.add(path)
        return entry[2]

    def put(self, path: str, content_digest: str, kind: str, data: Any) -> None:
        self.entries[path] = (content_digest, kind, data)
        self.used.add(path)
        self.changed = True

    def save(self) -> None:
        """Write the entries this build used (deleted files drop out), atomically."""
        if not self.changed and self.used == set(self.entries):
            return
        kept = {path: self.entries[path] for path in sorted(self.used)}
        try:
            write_cache_file(self.folder, self.file, marshal.dumps(kept))
            for stale in self.folder.glob(f"{_PREFIX}{self.name}-*.marshal"):
                if stale != self.file:
                    stale.unlink(missing_ok=True)
        except OSError:
            pass  # a read-only checkout: the next build simply parses again
