"""When each source file last changed, from git when the source is a checkout.

Feeds and sitemaps want an "updated" date per credential. Git history is
the honest answer and is the same on every clone; outside a checkout (or for
a file git does not know yet) the build date stands in.
"""

from __future__ import annotations

import subprocess
from datetime import date, datetime, timezone

from .model import State


def _git_dates(state: State, folder: str) -> dict[str, date]:
    try:
        result = subprocess.run(
            ["git", "-C", str(state.source_dir), "log", "--format=%x00%ct", "--name-only", "--", folder],
            capture_output=True, text=True, timeout=60, check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return {}
    dates: dict[str, date] = {}
    current: date | None = None
    for line in result.stdout.splitlines():
        if line.startswith("\x00"):
            current = datetime.fromtimestamp(int(line[1:]), tz=timezone.utc).date()
        elif line.strip() and current is not None:
            dates.setdefault(line.rsplit("/", 1)[-1].removesuffix(".yaml"), current)
    return dates


def last_changed(state: State, folder: str) -> dict[str, date]:
    """Credential id -> the date its file last changed (never after the build date)."""
    found = _git_dates(state, folder)
    return {cid: min(found.get(cid, state.build_date), state.build_date) for cid in state.credentials}
