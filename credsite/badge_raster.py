"""Every credential's badge as a PNG: the image wallets draw and baked badges are made of.

Wallets (the Learner Credential Wallet among them) cannot draw SVG, and an
Open Badges 3.0 baked badge must be PNG or SVG with the credential inside,
so each published credential also gets ``credentials/<id>/badge.png``
(``Site.raster_badge_path``), which both Achievement documents reference:

- a drawn badge (no ``image:``) is ``pictures.badge_svg`` rasterized by resvg
  ``SIZE`` pixels wide, with Lato as its only font (system fonts are never
  loaded, so every machine gives the same pixels);
- a catalog ``image:`` in PNG is that file itself (already published there);
- JPEG and WebP are re-encoded as PNG from their pixels; SVG is rasterized.

resvg takes about 20 ms a badge, which at 500 credentials would be ten
seconds of every catalog rebuild, so a rendering is kept under
``.credsite-cache/badges/`` keyed by a digest of everything that shapes it
(the SVG text, the size, resvg's version, the font files): a rebuild only
rasterizes badges whose SVG changed. Same inputs, same bytes, cached or not.
"""

from __future__ import annotations

import functools
import hashlib
from importlib.metadata import version
from pathlib import Path

import font_lato
import resvg_py

from . import filetypes
from .cache import digest, write_cache_file
from .evidence_copies import clean_image

SIZE = 256  # pixels a side: the SVG's own 256-unit view box, one unit a pixel
RASTER_MAX_SIDE = 512  # a catalog JPEG or WebP badge, re-encoded as PNG
CACHE_SUBFOLDER = "badges"
_FONTS = tuple(str(Path(font_lato.font_directory) / name) for name in ("Lato-Regular.ttf", "Lato-Bold.ttf"))


@functools.cache
def _renderer_key() -> str:
    """What besides the SVG shapes the pixels: resvg's version, the size and the font files."""
    fonts = hashlib.blake2b(digest_size=16)
    for font in _FONTS:
        fonts.update(Path(font).read_bytes())
    return f"resvg-py {version('resvg-py')}:{SIZE}:{fonts.hexdigest()}"


def rasterize_svg(svg: str) -> bytes:
    """The SVG drawn ``SIZE`` pixels wide (its own proportions), on a transparent background."""
    return bytes(
        resvg_py.svg_to_bytes(
            svg_string=svg,
            width=SIZE,
            skip_system_fonts=True,
            font_files=list(_FONTS),
            # The badge names a system font stack; every family falls back to Lato.
            font_family="Lato",
            sans_serif_family="Lato",
            serif_family="Lato",
        )
    )


def badge_png(svg: str, cache_folder: Path | None) -> bytes:
    """``rasterize_svg(svg)``, from the cache when an earlier build made it."""
    if cache_folder is None:
        return rasterize_svg(svg)
    cached = cache_folder / CACHE_SUBFOLDER / f"{digest(f'{_renderer_key()}:{svg}'.encode())}.png"
    try:
        data = cached.read_bytes()
        if data.startswith(b"\x89PNG\r\n\x1a\n"):
            return data
    except OSError:
        pass
    data = rasterize_svg(svg)
    try:
        write_cache_file(cache_folder, cached, data)
    except OSError:
        pass  # a read-only checkout: the next build renders it again
    return data


def catalog_image_png(image: Path, cache_folder: Path | None) -> bytes | None:
    """A catalog ``image:`` as PNG; None when it is a PNG already (published as it is)."""
    image_format = "svg" if image.suffix.lower() == ".svg" else filetypes.format_of(image.name)
    if image_format == "png":
        return None
    if image_format == "svg":
        return badge_png(image.read_text(encoding="utf-8"), cache_folder)
    return clean_image(image.read_bytes(), "PNG", RASTER_MAX_SIDE)
