"""Where the files that ship with credsite live.

In a wheel, ``schemas/`` and ``templates/`` are copied inside the package;
in a source checkout (and an editable install) they sit at the repository
root beside the package. One lookup serves both.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    """The folder ``name`` (``schemas`` or ``templates``)."""
    inside = PACKAGE_DIR / name
    if inside.is_dir():
        return inside
    return PACKAGE_DIR.parent / name
