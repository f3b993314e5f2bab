"""Deterministic pictures: badges, social cards, QR codes, timelines.

Every picture depends only on its arguments (no clock, no randomness: the
colours and motifs come from a SHA-256 of a key), so the same input gives
the same bytes. SVG text is XML-escaped, characters XML cannot carry are
dropped, and no SVG has scripts or external references. Each picture has a
short built-in ``<title>``; the page that shows it supplies the real text
alternative (alt text, or a table for the timeline).

Colours come in pairs (dark, light) with at least 4.5:1 contrast, and text
is only ever drawn in one colour of a pair on the other (or dark on white),
so text meets WCAG 2.1 AA contrast wherever it sits.
"""

from __future__ import annotations

import functools
import hashlib
import math
import re
import struct
import unicodedata
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import font_lato
import segno
from PIL import Image, ImageDraw, ImageFont

FONT_STACK = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif"
INK = "#111827"  # body text on white: 17.7:1
MUTED_INK = "#374151"  # secondary text on white: 10.3:1
WHITE = "#ffffff"


@dataclass(frozen=True)
class ColourPair:
    dark: str
    light: str


# Each pair has at least 4.5:1 contrast between its two colours, and each
# dark colour has at least 4.5:1 against white (tests check both).
PALETTE: tuple[ColourPair, ...] = (
    ColourPair("#1d3f72", "#e8f0fb"),  # blue
    ColourPair("#0f5e56", "#e3f4f1"),  # teal
    ColourPair("#6b2c5f", "#f8e9f4"),  # plum
    ColourPair("#8a3b12", "#fdf0e6"),  # rust
    ColourPair("#2f5d1e", "#eef6e8"),  # green
    ColourPair("#4b3a8c", "#efecfa"),  # violet
    ColourPair("#7a2230", "#fbeaec"),  # crimson
    ColourPair("#1f4f63", "#e6f3f8"),  # petrol
    ColourPair("#5c4a12", "#faf4e1"),  # olive
    ColourPair("#374151", "#f1f3f6"),  # slate
)

# Control characters (bar tab/newline) and non-characters are not allowed in XML 1.0.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SMALL_WORDS = frozenset({"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with"})


def _xml(text: str) -> str:
    """Text safe inside an XML element or a double- or single-quoted attribute."""
    cleaned = _NOT_XML.sub("", text)
    return (
        cleaned.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&apos;")
    )


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _digest(key: str) -> bytes:
    return hashlib.sha256(key.encode("utf-8")).digest()


def colours(key: str) -> ColourPair:
    """The colour pair a key always gets."""
    return PALETTE[_digest(key)[0] % len(PALETTE)]


# --- badge -----------------------------------------------------------------

_CENTRE = (128.0, 116.0)


def initials(title: str) -> str:
    """Up to three capital initials of a title's significant words."""
    words = re.findall(r"\w+", title)
    significant = [w for w in words if w.lower() not in _SMALL_WORDS] or words
    letters = "".join(w[0] for w in significant if not w[0].isdigit())[:3]
    return (letters or "".join(significant)[:3] or "?").upper()


def _polygon(radius: float, sides: int, rotation_degrees: float) -> str:
    cx, cy = _CENTRE
    points = []
    for k in range(sides):
        angle = math.radians(rotation_degrees + 360 * k / sides)
        points.append(f"{cx + radius * math.cos(angle):.2f},{cy + radius * math.sin(angle):.2f}")
    return " ".join(points)


def _motif(digest: bytes, colour: str) -> str:
    """A ring of dots, rays or a dashed ring between the text and the edge."""
    kind = digest[1] % 3
    count = 6 + digest[2] % 7
    rotation = digest[3] % 60
    cx, cy = _CENTRE
    if kind == 2:
        dash = 4 + digest[2] % 9
        return (
            f'<circle cx="{cx:.0f}" cy="{cy:.0f}" r="70" fill="none" stroke="{colour}" '
            f'stroke-width="4" stroke-dasharray="{dash} {dash / 2:g}" transform="rotate({rotation} {cx:.0f} {cy:.0f})"/>'
        )
    shapes = []
    for k in range(count):
        angle = math.radians(rotation + 360 * k / count - 90)
        cos, sin = math.cos(angle), math.sin(angle)
        if kind == 0:
            shapes.append(f'<circle cx="{cx + 70 * cos:.2f}" cy="{cy + 70 * sin:.2f}" r="4.5"/>')
        else:
            shapes.append(
                f'<line x1="{cx + 62 * cos:.2f}" y1="{cy + 62 * sin:.2f}" '
                f'x2="{cx + 76 * cos:.2f}" y2="{cy + 76 * sin:.2f}"/>'
            )
    style = f'fill="{colour}"' if kind == 0 else f'stroke="{colour}" stroke-width="4" stroke-linecap="round"'
    return f"<g {style}>{''.join(shapes)}</g>"


_RIBBON_TEXT_WIDTH = 192
_RIBBON_MAX_SIZE, _RIBBON_MIN_SIZE = 16, 11


def _estimated_ems(text: str) -> float:
    """A generous estimate of a sans-serif text's width in ems (bold face).

    The SVG's font is the reader's system font, so it cannot be measured
    here; the estimate errs wide so text stays on the ribbon.
    """
    narrow, wide = set("fijlrtI.,;:'!| "), set("mwMW@%")
    return sum(0.36 if c in narrow else 1.0 if c in wide else 0.74 if c.isupper() else 0.6 for c in text)


def _ribbon_text(topic_title: str) -> tuple[str, int]:
    """The topic as it fits on the ribbon, and its font size."""
    text = _one_line(topic_title)
    size = min(_RIBBON_MAX_SIZE, math.floor(_RIBBON_TEXT_WIDTH / max(_estimated_ems(text), 0.01)))
    if size >= _RIBBON_MIN_SIZE:
        return text, size
    while text and _estimated_ems(text.rstrip() + "…") * _RIBBON_MIN_SIZE > _RIBBON_TEXT_WIDTH:
        text = text[:-1]
    return text.rstrip() + "…", _RIBBON_MIN_SIZE


def badge_svg(title: str, topic_title: str, palette_key: str) -> str:
    """A hexagonal badge: initials in the middle, the topic on a ribbon."""
    digest = _digest(palette_key)
    pair = colours(palette_key)
    letters = initials(title)
    letters_size = 56 if len(letters) < 3 else 40
    ribbon, ribbon_size = _ribbon_text(topic_title)
    label = _xml(f"{_one_line(title)} — {_one_line(topic_title)}")
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 256 256" role="img">'
        f'<title>{label}</title>'
        f'<polygon points="{_polygon(114, 6, -90)}" fill="{pair.light}" stroke="{pair.dark}" stroke-width="4"/>'
        f'<polygon points="{_polygon(102, 6, -90)}" fill="{pair.dark}"/>'
        f'<polygon points="{_polygon(92, 6, -90)}" fill="none" stroke="{pair.light}" stroke-width="2"/>'
        f"{_motif(digest, pair.light)}"
        f'<text x="128" y="{116 + letters_size * 0.35:.0f}" text-anchor="middle" font-family="{FONT_STACK}" '
        f'font-size="{letters_size}" font-weight="700" fill="{pair.light}">{_xml(letters)}</text>'
        f'<polygon points="8,184 32,184 26,198 32,212 8,212 16,198" fill="{pair.dark}"/>'
        f'<polygon points="248,184 224,184 230,198 224,212 248,212 240,198" fill="{pair.dark}"/>'
        f'<rect x="22" y="178" width="212" height="40" rx="3" fill="{pair.light}" stroke="{pair.dark}" stroke-width="2"/>'
        f'<text x="128" y="{198 + ribbon_size * 0.35:.0f}" text-anchor="middle" font-family="{FONT_STACK}" '
        f'font-size="{ribbon_size}" font-weight="600" fill="{pair.dark}">{_xml(ribbon)}</text>'
        "</svg>\n"
    )


# --- social card -----------------------------------------------------------

CARD_SIZE = (1200, 630)
_CARD_LEFT = 96
_CARD_RIGHT = 1200 - 80
_CARD_BOTTOM = 630 - 48

# A state site has a card per educator and per credential, so cards must be
# cheap: each is drawn straight into a 16-colour palette and stored at 4 bits
# a pixel (about 12 kB and 4 ms a card, where 24-bit RGB took 50-60 kB and
# 14 ms). The palette holds white, the accent pair, and the antialiasing
# shades from white to each text colour (all text sits on white):
#   0 white, 1 accent light, 2-10 shades up to INK, 11-15 shades up to accent dark.
_INK_SHADES = 9  # non-white shades of INK; the last one is INK itself
_ACCENT_SHADES = 5  # non-white shades of the accent's dark colour; the last one is that colour
_WHITE_INDEX = 0
_ACCENT_LIGHT_INDEX = 1
_FIRST_INK_INDEX = 2
_FIRST_ACCENT_INDEX = _FIRST_INK_INDEX + _INK_SHADES
_ACCENT_DARK_INDEX = _FIRST_ACCENT_INDEX + _ACCENT_SHADES - 1
# Secondary text is INK at this shade (#464b57, 8.7:1 on white): the palette
# has no room for a ramp of MUTED_INK as well, and this is the shade nearest it.
_MUTED_SHADE = 7
# zlib level for the card's pixels (measured on typical cards: level 3 is
# 0.8 ms faster but a sixth larger, 6 is 1 ms slower for 2% smaller).
_PNG_COMPRESS_LEVEL = 5
# Rendered lines kept (a few MB): the site title and stock lines repeat on every card.
_TEXT_CACHE_SIZE = 128


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return int(hex_colour[1:3], 16), int(hex_colour[3:5], 16), int(hex_colour[5:7], 16)


def _shades(hex_colour: str, count: int) -> bytes:
    """``count`` RGB colours in even steps from just past white to the colour.

    The blend is in sRGB, as Pillow blends antialiased text into an RGB image.
    """
    red, green, blue = _rgb(hex_colour)
    shades = bytearray()
    for step in range(1, count + 1):
        fraction = step / count
        shades += bytes(round(255 + (channel - 255) * fraction) for channel in (red, green, blue))
    return bytes(shades)


@functools.cache  # one palette per colour pair
def _card_palette(pair: ColourPair) -> bytes:
    """The card's 16 RGB colours, in the index order above."""
    return bytes(_rgb(WHITE)) + bytes(_rgb(pair.light)) + _shades(INK, _INK_SHADES) + _shades(pair.dark, _ACCENT_SHADES)


def _coverage_to_index(first_index: int, shades: int, darkest: int) -> bytes:
    """A ``bytes.translate`` table from glyph coverage (0-255) to a palette index, 0 (white) for none.

    Full coverage gets shade ``darkest`` of the ``shades`` that start at ``first_index``.
    """
    if not 0 < darkest <= shades:
        raise ValueError(f"shade {darkest} is not one of the {shades} shades")
    table = bytearray()
    for coverage in range(256):
        shade = round(coverage * darkest / 255)
        table.append(first_index + shade - 1 if shade else _WHITE_INDEX)
    return bytes(table)


_INK_TABLE = _coverage_to_index(_FIRST_INK_INDEX, _INK_SHADES, _INK_SHADES)
_MUTED_TABLE = _coverage_to_index(_FIRST_INK_INDEX, _INK_SHADES, _MUTED_SHADE)
_ACCENT_TABLE = _coverage_to_index(_FIRST_ACCENT_INDEX, _ACCENT_SHADES, _ACCENT_SHADES)
_DRAWN = bytes([0] + [255] * 255)  # palette index -> paste mask: every pixel that is not white


# Lato (SIL Open Font License, from the font-lato package) covers the Latin
# letters of Spanish, French, German, Polish… names; Pillow's own font has no
# accented letters and drew "Tomás" with an empty box.
_FONT_FILES = {False: Path(font_lato.font_directory) / "Lato-Regular.ttf", True: Path(font_lato.font_directory) / "Lato-Bold.ttf"}
_TITLE_SIZE = 66


@functools.cache  # one font object per size, reused by every card
def _font(size: int) -> ImageFont.FreeTypeFont:
    # Basic layout: the same on every machine (libraqm is not always installed)
    # and it cannot be made to fail by bidi controls in hostile text.
    return ImageFont.truetype(str(_FONT_FILES[size == _TITLE_SIZE]), size, layout_engine=ImageFont.Layout.BASIC)


@functools.cache
def _has_glyph(size: int, character: str) -> bool:
    font = _font(size)
    return _glyph_pixels(font, character) != _glyph_pixels(font, "\uffff")  # U+FFFF draws the missing-glyph box


def _glyph_pixels(font: ImageFont.FreeTypeFont, character: str) -> bytes:
    image = Image.new("L", (font.size * 2, font.size * 2))
    ImageDraw.Draw(image).text((0, 0), character, font=font, fill=255)
    return image.tobytes()


def drawable(text: str, size: int) -> str:
    """The text with letters the font lacks replaced by their base letter
    (Nguyễn -> Nguyen) or dropped, never drawn as an empty box."""
    if text.isascii():
        return text
    kept = []
    for character in text:
        if _has_glyph(size, character):
            kept.append(character)
            continue
        base = "".join(c for c in unicodedata.normalize("NFKD", character) if not unicodedata.combining(c))
        kept.extend(c for c in base if _has_glyph(size, c))
    return "".join(kept)


def _ellipsize(text: str, font: ImageFont.FreeTypeFont, width: int) -> str:
    """The text cut so that it and a final ellipsis fit in ``width``."""
    while text and font.getlength(text.rstrip() + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _fit(text: str, font: ImageFont.FreeTypeFont, width: int) -> str:
    """The text, or as much as fits followed by an ellipsis."""
    return text if _word_width(font, text) <= width else _ellipsize(text, font, width)


def _split_word(word: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """A word too wide for a line, broken into pieces that fit."""
    if font.getlength(word) <= width:
        return [word]
    pieces, piece = [], ""
    for char in word:
        if piece and font.getlength(piece + char) > width:
            pieces.append(piece)
            piece = ""
        piece += char
    return [*pieces, piece] if piece else pieces


def _fits(line: str, line_width: float, word: str, font: ImageFont.FreeTypeFont, width: int) -> tuple[bool, float]:
    """Whether ``line + " " + word`` fits, and its width. Measuring every
    candidate line dominated card drawing, so widths are added up and only a
    line that ends within a few pixels of the edge is measured exactly
    (kerning moves a line by a pixel or two at most)."""
    estimate = line_width + _word_width(font, " " + word)
    if abs(estimate - width) > _EXACT_MARGIN:
        return estimate <= width, estimate
    exact = font.getlength(f"{line} {word}")
    return exact <= width, exact


_EXACT_MARGIN = 12


def _word_width(font: ImageFont.FreeTypeFont, word: str) -> float:
    return _cached_width(font.path, font.size, word)


@functools.lru_cache(maxsize=16384)
def _cached_width(path: str, size: int, text: str) -> float:
    return _font(size).getlength(text)


def wrap(text: str, font: ImageFont.FreeTypeFont, width: int, max_lines: int) -> list[str]:
    """Greedy word wrap to ``width`` pixels; the last line kept ends in an ellipsis if text is left."""
    words = [piece for word in _one_line(text).split(" ") if word for piece in _split_word(word, font, width)]
    lines: list[str] = []
    line_width = 0.0
    for word in words:
        fits, joined_width = _fits(lines[-1], line_width, word, font, width) if lines else (False, 0.0)
        if fits:
            lines[-1] = f"{lines[-1]} {word}"
            line_width = joined_width
        else:
            lines.append(word)
            line_width = _word_width(font, word)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = _ellipsize(lines[-1] + " ", font, width)
    return lines


@dataclass(frozen=True)
class _TextLayer:
    offset: tuple[int, int]  # from the text's origin (left, ascender) to the layer's corner
    indices: Image.Image  # palette indices, 0 where no glyph covers the pixel
    drawn: Image.Image  # 255 where a glyph covers the pixel


@functools.lru_cache(maxsize=_TEXT_CACHE_SIZE)
def _text_layer(text: str, size: int, table: bytes) -> _TextLayer | None:
    """One line of text in the palette shades ``table`` maps its coverage to; None if it draws nothing."""
    font = _font(size)
    left, top, right, bottom = (int(edge) for edge in font.getbbox(text))  # whole pixels for a FreeType font
    if right <= left or bottom <= top:
        return None
    coverage = Image.new("L", (right - left, bottom - top), 0)
    ImageDraw.Draw(coverage).text((-left, -top), text, font=font, fill=255)
    # bytes.translate rather than Image.point, which rebuilds its table in Python on every call.
    indices = coverage.tobytes().translate(table)
    return _TextLayer(
        (left, top),
        Image.frombytes("L", coverage.size, indices),
        Image.frombytes("L", coverage.size, indices.translate(_DRAWN)),
    )


def _draw_text(canvas: Image.Image, origin: tuple[int, int], text: str, size: int, table: bytes) -> None:
    layer = _text_layer(text, size, table)
    if layer is not None:
        corner = (origin[0] + layer.offset[0], origin[1] + layer.offset[1])
        canvas.paste(layer.indices, corner, layer.drawn)


def social_card_png(title: str, subtitle: str, lines: Sequence[str], site_title: str, accent_key: str) -> bytes:
    """A 1200×630 Open Graph preview image."""
    pair = colours(accent_key)
    canvas = Image.new("L", CARD_SIZE, _WHITE_INDEX)  # palette indices
    draw = ImageDraw.Draw(canvas)
    draw.rectangle((0, 0, 40, CARD_SIZE[1]), fill=_ACCENT_DARK_INDEX)
    draw.rectangle((40, 0, 52, CARD_SIZE[1]), fill=_ACCENT_LIGHT_INDEX)
    width = _CARD_RIGHT - _CARD_LEFT
    _draw_text(canvas, (_CARD_LEFT, 52), _fit(_one_line(drawable(site_title, 30)), _font(30), width), 30, _MUTED_TABLE)
    y = 118
    for line in wrap(drawable(title, _TITLE_SIZE), _font(_TITLE_SIZE), width, 3):
        _draw_text(canvas, (_CARD_LEFT, y), line, _TITLE_SIZE, _INK_TABLE)
        y += 80
    y += 14
    if subtitle.strip():
        _draw_text(canvas, (_CARD_LEFT, y), _fit(_one_line(drawable(subtitle, 38)), _font(38), width), 38, _ACCENT_TABLE)
        y += 60
    for line in lines:
        if y + 36 > _CARD_BOTTOM:
            break
        _draw_text(canvas, (_CARD_LEFT, y), _fit(_one_line(drawable(line, 30)), _font(30), width), 30, _MUTED_TABLE)
        y += 44
    return _png_4bit(canvas, _card_palette(pair))


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _png_4bit(indices: Image.Image, palette: bytes) -> bytes:
    """A PNG of palette indices (an "L" image of values 0-15) and its RGB palette.

    Written here rather than by Pillow's PNG plugin, which spends over a
    millisecond a card on per-row overhead: the whole picture is packed and
    compressed in one go. No ancillary chunks, so no metadata.
    """
    width, height = indices.size
    packed = indices.tobytes("raw", "L;4")  # two pixels a byte, each row padded to a whole byte
    stride = (width + 1) // 2
    scanlines = b"".join(b"\x00" + packed[start : start + stride] for start in range(0, len(packed), stride))
    header = struct.pack(">IIBBBBB", width, height, 4, 3, 0, 0, 0)  # 4 bits, palette, deflate, no filter, no interlace
    return b"".join((
        b"\x89PNG\r\n\x1a\n",
        _png_chunk(b"IHDR", header),
        _png_chunk(b"PLTE", palette),
        _png_chunk(b"IDAT", zlib.compress(scanlines, _PNG_COMPRESS_LEVEL)),
        _png_chunk(b"IEND", b""),
    ))


# --- QR code ---------------------------------------------------------------

QR_BORDER = 4  # the quiet zone the QR standard asks for, in modules
# A fixed data mask skips segno's search over all eight (most of the time a
# code takes). Any mask gives a valid code; mask 2 (vertical stripes every
# third column) scored within 3% of the best mask's penalty on average, and
# never worse than 15%, over a sample of passport addresses.
QR_MASK = 2


_DARK_RUN = re.compile(b"\x01+")  # segno's matrix rows hold 1 for a dark module, 0 for a light one


def _qr_path(matrix: Sequence[bytes | bytearray]) -> str:
    """SVG path data: one relative horizontal stroke per run of dark modules.

    Strokes are 1 unit wide and centred half a unit below the row's top, so
    each covers exactly its run's modules.
    """
    parts = []
    pen: tuple[int, int] | None = None  # where the last stroke ended, in modules
    for y, row in enumerate(matrix, start=QR_BORDER):
        for run in _DARK_RUN.finditer(row):
            start, end = run.start() + QR_BORDER, run.end() + QR_BORDER
            if pen is None:
                parts.append(f"M{start} {y}.5h{end - start}")
            else:
                parts.append(f"m{start - pen[0]} {y - pen[1]}h{end - start}")
            pen = (end, y)
    return "".join(parts)


def qr_svg(url: str) -> str:
    """A QR code of ``url``, scaled by its viewBox, with a white quiet zone."""
    code = segno.make(url, error="m", micro=False, mask=QR_MASK)
    size = len(code.matrix) + 2 * QR_BORDER
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" role="img" '
        'shape-rendering="crispEdges">'
        f'<title>QR code for {_xml(url)}</title>'
        f'<rect width="{size}" height="{size}" fill="{WHITE}"/>'
        f'<path fill="none" stroke="#000" d="{_qr_path(code.matrix)}"/>'
        "</svg>\n"
    )


# --- timeline --------------------------------------------------------------

_TL_WIDTH, _TL_HEIGHT = 320, 160
_TL_LEFT, _TL_RIGHT, _TL_TOP, _TL_BASE = 12, 308, 22, 130
_TL_LABEL_WIDTH = 34  # a four-digit year at 12 px, with a gap


def _timeline_years(years: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Every year from the first to the last, with 0 where nothing was earned."""
    counts: dict[int, int] = {}
    for year, count in years:
        counts[year] = counts.get(year, 0) + count
    if not counts:
        return []
    return [(year, counts.get(year, 0)) for year in range(min(counts), max(counts) + 1)]


def _timeline_desc(filled: Sequence[tuple[int, int]]) -> str:
    if not filled:
        return "No credentials earned yet."
    return "; ".join(f"{year}: {count}" for year, count in filled) + "."


def _timeline_bars(filled: Sequence[tuple[int, int]], colour: str) -> list[str]:
    slot = (_TL_RIGHT - _TL_LEFT) / len(filled)
    bar_width = max(2.0, slot * 0.6)
    tallest = max(count for _, count in filled) or 1
    label_every = max(1, math.ceil(_TL_LABEL_WIDTH / slot))
    show_counts = slot >= 18
    parts = []
    for index, (year, count) in enumerate(filled):
        middle = _TL_LEFT + slot * (index + 0.5)
        height = (_TL_BASE - _TL_TOP) * count / tallest
        parts.append(
            f'<rect x="{middle - bar_width / 2:.2f}" y="{_TL_BASE - height:.2f}" '
            f'width="{bar_width:.2f}" height="{height:.2f}" fill="{colour}"/>'
        )
        if show_counts and count:
            parts.append(f'<text x="{middle:.2f}" y="{_TL_BASE - height - 4:.2f}" text-anchor="middle">{count}</text>')
        if (len(filled) - 1 - index) % label_every == 0:  # counted from the end: the latest year is labelled
            parts.append(f'<text x="{middle:.2f}" y="{_TL_BASE + 16}" text-anchor="middle">{year}</text>')
    return parts


def timeline_svg(years: Sequence[tuple[int, int]], label: str) -> str:
    """A bar chart of credentials earned per year; the page also shows a table."""
    filled = _timeline_years(years)
    body = _timeline_bars(filled, PALETTE[0].dark) if filled else [
        f'<text x="{_TL_WIDTH / 2:g}" y="{_TL_HEIGHT / 2:g}" text-anchor="middle">No credentials earned yet</text>'
    ]
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_TL_WIDTH} {_TL_HEIGHT}" width="100%" role="img">'
        f'<title>{_xml(label)}</title>'
        f'<desc>{_xml(_timeline_desc(filled))}</desc>'
        f'<rect width="{_TL_WIDTH}" height="{_TL_HEIGHT}" fill="{WHITE}"/>'
        f'<line x1="{_TL_LEFT}" y1="{_TL_BASE}" x2="{_TL_RIGHT}" y2="{_TL_BASE}" stroke="{MUTED_INK}" stroke-width="1"/>'
        f'<g font-family="{FONT_STACK}" font-size="12" fill="{INK}">{"".join(body)}</g>'
        "</svg>\n"
    )
