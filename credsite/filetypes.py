"""Which files may be published, checked by content as well as by name.

Evidence comes from many hands: a file named ``plan.pdf`` that is really
HTML would run script when opened from the site. So every file credsite
copies must have an allowed extension *and* start with that format's magic
bytes. SVG and HTML are never accepted as evidence or photos (they can carry
script); the catalog's own logo and badge images may be SVG, but only
without script, event handlers, external references or embedded documents.
"""

from __future__ import annotations

import re
from pathlib import Path

from PIL import Image

MAX_EVIDENCE_BYTES = 25 * 1024 * 1024
MAX_IMAGE_BYTES = 5 * 1024 * 1024

_SIGNATURES = {
    "pdf": lambda head: head.startswith(b"%PDF-"),
    "png": lambda head: head.startswith(b"\x89PNG\r\n\x1a\n"),
    "jpeg": lambda head: head.startswith(b"\xff\xd8\xff"),
    "webp": lambda head: head[:4] == b"RIFF" and head[8:12] == b"WEBP",
    "mp4": lambda head: head[4:8] == b"ftyp",
}
_EXTENSIONS = {".pdf": "pdf", ".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg", ".webp": "webp", ".mp4": "mp4", ".m4v": "mp4"}

EVIDENCE_FORMATS = frozenset({"pdf", "png", "jpeg", "webp", "mp4"})
PHOTO_FORMATS = frozenset({"png", "jpeg", "webp"})
IMAGE_FORMATS = frozenset({"png", "jpeg", "webp", "svg"})

_UNSAFE_SVG = re.compile(
    rb"<\s*(script|foreignObject|iframe|embed|object|use|image)\b"
    rb"|\son\w+\s*="
    rb"|javascript:"
    rb"|(xlink:)?href\s*=\s*[\"'](?!#)"
    rb"|<!ENTITY|<!DOCTYPE",
    re.IGNORECASE,
)


def format_of(name: str) -> str | None:
    """The format a file name claims by its extension (``"jpeg"`` for x.JPG), if credsite knows it."""
    return _EXTENSIONS.get(Path(name).suffix.lower())


def describe(formats: frozenset[str]) -> str:
    names = {"pdf": "PDF", "png": "PNG", "jpeg": "JPEG", "webp": "WebP", "mp4": "MP4", "svg": "SVG"}
    return ", ".join(names[f] for f in sorted(formats))


def check_file(path: Path, allowed: frozenset[str], max_bytes: int) -> str | None:
    """Why ``path`` may not be published, or None when it may."""
    size = path.stat().st_size
    if size > max_bytes:
        return f"is {size / 1e6:.1f} MB; the limit is {max_bytes / 1e6:.0f} MB"
    suffix = path.suffix.lower()
    if suffix == ".svg" and "svg" in allowed:
        return _svg_problem(path)
    expected = format_of(path.name)
    if expected is None or expected not in allowed:
        return f"has a file type that cannot be published here (allowed: {describe(allowed)})"
    with path.open("rb") as file:
        head = file.read(16)
    if not _SIGNATURES[expected](head):
        return f"is named {suffix} but its content is not {describe(frozenset({expected}))}"
    if expected in PHOTO_FORMATS:
        return _image_problem(path)
    return None


def _image_problem(path: Path) -> str | None:
    """Images are re-encoded when published (to drop their metadata), so
    they must decode completely; a damaged one is reported here, not mid-build."""
    try:
        with Image.open(path) as image:
            image.load()
    except (OSError, ValueError, Image.DecompressionBombError, SyntaxError):
        return "is damaged or not a complete image; export it again"
    return None


def _svg_problem(path: Path) -> str | None:
    data = path.read_bytes()
    if b"<svg" not in data[:4096].lower():
        return "is named .svg but is not an SVG image"
    if _UNSAFE_SVG.search(data):
        return "is an SVG with script, event handlers, links or embedded content, which cannot be published"
    return None
