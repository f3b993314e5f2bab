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

import bisect
import functools
import hashlib
import math
import re
import struct
import unicodedata
import zlib
from collections.abc import Callable, Container, Sequence
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
# cheap (about 1 ms each): each is drawn straight into a 16-colour palette and
# stored at 4 bits a pixel (about 12 kB, where 24-bit RGB took 50-60 kB). The palette
# holds white, the accent pair, and the antialiasing shades from white to
# each text colour (all text sits on white):
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
# Rendered lines kept (a few MB): the site title and stock lines repeat on every card.
_TEXT_CACHE_SIZE = 128
# Lengths of words and lines kept: words repeat across cards, and wrapping
# measures each line as it grows.
_LENGTH_CACHE_SIZE = 16384


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


# Text is laid out and drawn here from one cached picture per character, the
# way Pillow's basic layout does it, rather than by FreeType for every line
# (which loads every glyph three times, about a millisecond a line). Basic
# layout is per character: each character has a fixed advance and picture,
# kerning (if the font had a kern table: Lato has none) is added pairwise,
# and each glyph is drawn at its pen position rounded to a pixel. So a line
# is its characters' pictures side by side, and its length the sum of their
# advances; tests check both against Pillow's own rendering.


@dataclass(frozen=True)
class _Glyph:
    advance: int  # in 1/64 pixel, FreeType's unit
    corner: tuple[int, int]  # of the mask, from the pen's (left, ascender) origin
    mask: Image.Image | None  # coverage, cropped to the ink; None where the glyph draws nothing


@functools.cache  # a few hundred characters per size over a whole state
def _glyph(size: int, character: str) -> _Glyph:
    """The character as Pillow draws it alone, the pen starting at the origin."""
    font = _font(size)
    advance = round(font.getlength(character) * 64)
    left, top, right, bottom = (int(edge) for edge in font.getbbox(character))  # whole pixels for a FreeType font
    if right <= left or bottom <= top:
        return _Glyph(advance, (0, 0), None)
    coverage = Image.new("L", (right - left, bottom - top))
    ImageDraw.Draw(coverage).text((-left, -top), character, font=font, fill=255)
    ink = coverage.getbbox()
    if ink is None:
        return _Glyph(advance, (0, 0), None)
    return _Glyph(advance, (left + ink[0], top + ink[1]), coverage.crop(ink))


@functools.cache
def _kerning(size: int, pair: str) -> int:
    """What basic layout adds to the first character's advance when the second follows, in 1/64 pixel."""
    return round(_font(size).getlength(pair) * 64) - _glyph(size, pair[0]).advance - _glyph(size, pair[1]).advance


def _pens(size: int, text: str) -> list[int]:
    """The pen's position before each character of the text, and after the last, in 1/64 pixel."""
    pens = [0]
    for index, character in enumerate(text):
        step = _glyph(size, character).advance
        if index + 1 < len(text):
            step += _kerning(size, text[index : index + 2])
        pens.append(pens[-1] + step)
    return pens


@functools.lru_cache(maxsize=_LENGTH_CACHE_SIZE)
def _length(size: int, text: str) -> float:
    """The text's width in pixels, as ``ImageFont.FreeTypeFont.getlength`` gives it."""
    return _pens(size, text)[-1] / 64


def _joined_length(size: int, first: str, first_length: float, second: str) -> float:
    """The width of ``first + second``, given the width of ``first``: layout is per pair of characters."""
    if not first or not second:
        return first_length + _length(size, second)
    return first_length + _kerning(size, first[-1] + second[0]) / 64 + _length(size, second)


def _ellipsize(text: str, size: int, width: int) -> str:
    """The text cut so that it and a final ellipsis fit in ``width``."""
    # No longer cut fits once the text alone is too wide, so start from there
    # rather than measuring every shorter length of a long text.
    text = text[: bisect.bisect_right(_pens(size, text), width * 64)]
    while text and _length(size, text.rstrip() + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _fit(text: str, size: int, width: int) -> str:
    """The text, or as much as fits followed by an ellipsis."""
    return text if _length(size, text) <= width else _ellipsize(text, size, width)


def _split_word(word: str, size: int, width: int) -> list[str]:
    """A word too wide for a line, broken into pieces that fit."""
    if _length(size, word) <= width:
        return [word]
    pieces, piece, piece_length = [], "", 0.0
    for char in word:
        joined = _joined_length(size, piece, piece_length, char)
        if piece and joined > width:
            pieces.append(piece)
            piece, joined = "", _length(size, char)
        piece += char
        piece_length = joined
    return [*pieces, piece] if piece else pieces


def wrap(text: str, font: ImageFont.FreeTypeFont, width: int, max_lines: int) -> list[str]:
    """Greedy word wrap to ``width`` pixels; the last line kept ends in an ellipsis if text is left.

    ``font`` is the card font of its size (``_font``).
    """
    size = int(font.size)
    words = [piece for word in _one_line(text).split(" ") if word for piece in _split_word(word, size, width)]
    lines: list[str] = []
    line_length = 0.0
    for word in words:
        if lines:
            joined = _joined_length(size, lines[-1], line_length, " " + word)
            if joined <= width:
                lines[-1] = f"{lines[-1]} {word}"
                line_length = joined
                continue
        lines.append(word)
        line_length = _length(size, word)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = _ellipsize(lines[-1] + " ", size, width)
    return lines


@dataclass(frozen=True)
class _TextLayer:
    offset: tuple[int, int]  # from the text's origin (left, ascender) to the layer's corner
    indices: Image.Image  # palette indices, 0 where no glyph covers the pixel
    drawn: Image.Image  # 255 where a glyph covers the pixel


def _placed_glyphs(size: int, text: str) -> list[tuple[int, int, Image.Image]]:
    """Each drawn glyph's mask and where its corner goes, from the text's origin."""
    placed = []
    for pen, character in zip(_pens(size, text), text):
        glyph = _glyph(size, character)
        if glyph.mask is not None:
            x = (pen + 32) >> 6  # FreeType's rounding of the pen to a pixel
            placed.append((x + glyph.corner[0], glyph.corner[1], glyph.mask))
    return placed


def _text_coverage(text: str, size: int) -> tuple[tuple[int, int], Image.Image] | None:
    """One line of text's glyph coverage (0-255), and its corner from the text's
    origin (left, ascender); None if it draws nothing."""
    placed = _placed_glyphs(size, text)
    if not placed:
        return None
    left = min(x for x, _, _ in placed)
    top = min(y for _, y, _ in placed)
    right = max(x + mask.width for x, _, mask in placed)
    bottom = max(y + mask.height for _, y, mask in placed)
    coverage = Image.new("L", (right - left, bottom - top), 0)
    for x, y, mask in placed:
        # Filling through the mask blends where neighbours overlap exactly as
        # FreeType's rendering does: coverage + old * (255 - coverage) / 255, rounded.
        coverage.paste(255, (x - left, y - top), mask)
    return (left, top), coverage


@functools.lru_cache(maxsize=_TEXT_CACHE_SIZE)
def _text_layer(text: str, size: int, table: bytes) -> _TextLayer | None:
    """One line of text in the palette shades ``table`` maps its coverage to; None if it draws nothing."""
    drawn = _text_coverage(text, size)
    if drawn is None:
        return None
    offset, coverage = drawn
    # bytes.translate rather than Image.point, which rebuilds its table in Python on every call.
    indices = coverage.tobytes().translate(table)
    return _TextLayer(
        offset,
        Image.frombytes("L", coverage.size, indices),
        Image.frombytes("L", coverage.size, indices.translate(_DRAWN)),
    )


# The canvas has two extra columns on the left, always 0: packed at 4 bits a
# pixel, they become each PNG scanline's filter-type byte (0, none), so a
# packed row of the canvas is a PNG scanline as it is.
_FILTER_COLUMNS = 2


@functools.cache
def _card_background() -> Image.Image:
    """The card without text, in palette indices: white with the accent band on the left."""
    width, height = CARD_SIZE
    canvas = Image.new("L", (_FILTER_COLUMNS + width, height), _WHITE_INDEX)
    canvas.paste(_ACCENT_DARK_INDEX, (_FILTER_COLUMNS, 0, _FILTER_COLUMNS + 41, height))
    canvas.paste(_ACCENT_LIGHT_INDEX, (_FILTER_COLUMNS + 40, 0, _FILTER_COLUMNS + 53, height))
    return canvas


def _draw_text(canvas: Image.Image, origin: tuple[int, int], text: str, size: int, table: bytes) -> range:
    """Draws one line of text; returns the rows it drew on."""
    layer = _text_layer(text, size, table)
    if layer is None:
        return range(0)
    corner = (_FILTER_COLUMNS + origin[0] + layer.offset[0], origin[1] + layer.offset[1])
    canvas.paste(layer.indices, corner, layer.drawn)
    return range(corner[1], corner[1] + layer.indices.height)


def social_card_png(title: str, subtitle: str, lines: Sequence[str], site_title: str, accent_key: str) -> bytes:
    """A 1200×630 Open Graph preview image."""
    pair = colours(accent_key)
    canvas = _card_background().copy()
    width = _CARD_RIGHT - _CARD_LEFT
    drawn = [_draw_text(canvas, (_CARD_LEFT, 52), _fit(_one_line(drawable(site_title, 30)), 30, width), 30, _MUTED_TABLE)]
    y = 118
    for line in wrap(drawable(title, _TITLE_SIZE), _font(_TITLE_SIZE), width, 3):
        drawn.append(_draw_text(canvas, (_CARD_LEFT, y), line, _TITLE_SIZE, _INK_TABLE))
        y += 80
    y += 14
    if subtitle.strip():
        drawn.append(_draw_text(canvas, (_CARD_LEFT, y), _fit(_one_line(drawable(subtitle, 38)), 38, width), 38, _ACCENT_TABLE))
        y += 60
    for line in lines:
        if y + 36 > _CARD_BOTTOM:
            break
        drawn.append(_draw_text(canvas, (_CARD_LEFT, y), _fit(_one_line(drawable(line, 30)), 30, width), 30, _MUTED_TABLE))
        y += 44
    return _png_4bit(_card_pixels(canvas, drawn), CARD_SIZE, _card_palette(pair))


# Compressing the card's pixels (380 kB of scanlines) was the slowest step,
# and zlib's time goes with the bytes it is given. Most rows have no text and
# are all alike, so only the rows with text go through zlib; each run of rows
# without text is a piece of deflate stream made once and reused. Pieces of
# deflate stream can be joined when each ends on a byte boundary
# (Z_SYNC_FLUSH) and none refers back into another. Measured on typical
# cards: 0.3 ms and 12 kB a card at level 3; level 1 saves 0.15 ms for 7%
# more, level 5 costs 0.35 ms more for 9% less. (zlib over all rows took
# 1.7 ms at level 5, and still 0.75 ms at level 1 for 16 kB.)
_TEXT_ROWS_LEVEL = 3
_PNG_FILTER_UP = 2  # a scanline stored as its difference from the one above


def _merged_rows(drawn: Sequence[range], height: int) -> list[range]:
    """The rows drawn on, as separate runs in order, within ``0..height``."""
    runs: list[range] = []
    for rows in sorted((r for r in drawn if r), key=lambda r: r.start):
        start, stop = max(rows.start, 0), min(rows.stop, height)
        if runs and start <= runs[-1].stop:
            runs[-1] = range(runs[-1].start, max(runs[-1].stop, stop))
        elif start < stop:
            runs.append(range(start, stop))
    return runs


@dataclass(frozen=True)
class _Piece:
    deflated: bytes  # raw deflate, ending on a byte boundary
    checksum: int  # Adler-32 of the uncompressed bytes
    length: int  # of the uncompressed bytes


def _deflate_piece(data: bytes, level: int) -> _Piece:
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)  # -15: raw deflate (no header), 32 kB window
    return _Piece(compressor.compress(data) + compressor.flush(zlib.Z_SYNC_FLUSH), zlib.adler32(data), len(data))


@functools.cache  # one per run length: a few hundred over a whole build
def _blank_piece(rows: int) -> _Piece:
    """``rows`` scanlines without text. Each after the first is stored as its
    difference from the one above (PNG's Up filter): all zeros."""
    first = _card_background().crop((0, 0, _FILTER_COLUMNS + CARD_SIZE[0], 1)).tobytes("raw", "L;4")
    rest = bytes([_PNG_FILTER_UP]) + bytes(len(first) - 1)
    return _deflate_piece(first + rest * (rows - 1), 9)


def _adler32_combine(first: int, second: int, second_length: int) -> int:
    """The Adler-32 of two byte strings one after the other, from theirs (zlib's adler32_combine)."""
    base = 65521
    first_low, first_high = first & 0xFFFF, first >> 16
    low = (first_low + (second & 0xFFFF) - 1) % base
    high = (first_high + (second >> 16) + second_length * first_low - second_length) % base
    return low | high << 16


_ZLIB_HEADER = b"\x78\x01"  # deflate with a 32 kB window, no preset dictionary
_FINAL_EMPTY_BLOCK = b"\x03\x00"  # the last block: fixed Huffman codes, nothing but its end code


def _zlib_stream(pieces: Sequence[_Piece]) -> bytes:
    """A zlib stream of the pieces one after the other."""
    checksum = zlib.adler32(b"")
    for piece in pieces:
        checksum = _adler32_combine(checksum, piece.checksum, piece.length)
    return b"".join((_ZLIB_HEADER, *(piece.deflated for piece in pieces), _FINAL_EMPTY_BLOCK, struct.pack(">I", checksum)))


def _card_pixels(canvas: Image.Image, drawn: Sequence[range]) -> bytes:
    """The canvas's rows as PNG scanlines in a zlib stream, given the rows that have text."""
    pieces, row = [], 0
    for rows in [*_merged_rows(drawn, canvas.height), range(canvas.height, canvas.height)]:
        if rows.start > row:
            pieces.append(_blank_piece(rows.start - row))
        if rows:
            scanlines = canvas.crop((0, rows.start, canvas.width, rows.stop)).tobytes("raw", "L;4")
            pieces.append(_deflate_piece(scanlines, _TEXT_ROWS_LEVEL))
        row = rows.stop
    return _zlib_stream(pieces)


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _png_4bit(pixels: bytes, size: tuple[int, int], palette: bytes) -> bytes:
    """A PNG of 4-bit palette indices, given as the zlib stream of its scanlines, and its RGB palette.

    Written here rather than by Pillow's PNG plugin, which spends over a
    millisecond a card on per-row overhead. No ancillary chunks, so no metadata.
    """
    width, height = size
    header = struct.pack(">IIBBBBB", width, height, 4, 3, 0, 0, 0)  # 4 bits, palette, deflate, adaptive filters, no interlace
    return b"".join((
        b"\x89PNG\r\n\x1a\n",
        _png_chunk(b"IHDR", header),
        _png_chunk(b"PLTE", palette),
        _png_chunk(b"IDAT", pixels),
        _png_chunk(b"IEND", b""),
    ))


# --- QR code ---------------------------------------------------------------

QR_BORDER = 4  # the quiet zone the QR standard asks for, in modules
# A fixed data mask skips segno's search over all eight (most of the time a
# code takes). Any mask gives a valid code; mask 2 (vertical stripes every
# third column) scored within 3% of the best mask's penalty on average, and
# never worse than 15%, over a sample of passport addresses.
QR_MASK = 2

# Every educator has a QR code, so they are made here rather than by segno,
# which places and masks each module in Python (about 1 ms a code). A
# version's layout is worked out once; a code is then its codewords' bits
# gathered into that layout in one step. The codes are the ones segno makes
# for the same address (error level M, raised while the size allows, mask 2),
# module for module: tests compare the two over thousands of addresses and
# every version. Text that segno would not put in byte mode goes to segno.

# ISO/IEC 18004 table 9, versions 1-40: error correction codewords per block,
# and blocks, for levels M, Q and H (the levels a code asked for at M can have).
_QR_ECC_PER_BLOCK = {
    "M": (10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26,
          26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28),
    "Q": (13, 22, 18, 26, 18, 24, 18, 22, 20, 24, 28, 26, 24, 20, 30, 24, 28, 28, 26, 30,
          28, 30, 30, 30, 30, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30),
    "H": (17, 28, 22, 16, 22, 28, 26, 26, 24, 28, 24, 28, 22, 24, 24, 30, 28, 28, 26, 28,
          30, 24, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30),
}
_QR_BLOCKS = {
    "M": (1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16,
          17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49),
    "Q": (1, 1, 2, 2, 4, 4, 6, 6, 8, 8, 8, 10, 12, 16, 12, 17, 16, 18, 21, 20,
          23, 23, 25, 27, 29, 34, 34, 35, 38, 40, 43, 45, 48, 51, 53, 56, 59, 62, 65, 68),
    "H": (1, 1, 2, 4, 4, 4, 5, 6, 8, 8, 11, 11, 16, 16, 18, 16, 19, 21, 25, 25,
          25, 34, 30, 32, 35, 37, 40, 42, 45, 48, 51, 54, 57, 60, 63, 66, 70, 74, 77, 81),
}
_QR_FORMAT_LEVEL_BITS = {"M": 0b00, "Q": 0b11, "H": 0b10}
# Whether each data mask pattern inverts the module at (row, column).
_QR_MASKS: tuple[Callable[[int, int], bool], ...] = (
    lambda row, column: (row + column) % 2 == 0,
    lambda row, column: row % 2 == 0,
    lambda row, column: column % 3 == 0,
    lambda row, column: (row + column) % 3 == 0,
    lambda row, column: (row // 2 + column // 3) % 2 == 0,
    lambda row, column: row * column % 2 + row * column % 3 == 0,
    lambda row, column: (row * column % 2 + row * column % 3) % 2 == 0,
    lambda row, column: ((row + column) % 2 + row * column % 3) % 2 == 0,
)
_QR_ALPHANUMERIC = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")


def _qr_size(version: int) -> int:
    return 17 + 4 * version


def _qr_raw_codewords(version: int) -> int:
    """Codewords (data and error correction) a version holds; the modules left over stay as remainder bits."""
    modules = (16 * version + 128) * version + 64
    if version >= 2:
        alignments = version // 7 + 2
        modules -= (25 * alignments - 10) * alignments - 55
        if version >= 7:
            modules -= 36  # the two version information blocks
    return modules // 8


def _qr_data_codewords(version: int, level: str) -> int:
    index = version - 1
    return _qr_raw_codewords(version) - _QR_ECC_PER_BLOCK[level][index] * _QR_BLOCKS[level][index]


def _qr_stream_bits(version: int, data: bytes) -> int:
    """Bits of a byte-mode segment: mode indicator, character count, data."""
    return 4 + (8 if version < 10 else 16) + 8 * len(data)


def _qr_version_and_level(data: bytes) -> tuple[int, str] | None:
    """segno's choice: the smallest version that holds the data at level M,
    then the highest level up to H that still fits that version."""
    for version in range(1, 41):
        needed = _qr_stream_bits(version, data)
        if _qr_data_codewords(version, "M") * 8 >= needed:
            level = "M"
            for higher in ("Q", "H"):
                if _qr_data_codewords(version, higher) * 8 < needed:
                    break
                level = higher
            return version, level
    return None


def _qr_data(version: int, data: bytes, capacity: int) -> bytes:
    """The data codewords: byte-mode segment, terminator, padding."""
    count_bits = 8 if version < 10 else 16
    stream = ((0b0100 << count_bits | len(data)) << 8 * len(data) | int.from_bytes(data, "big")) << 4  # 4: terminator
    # The mode indicator and terminator make the stream whole bytes; segno
    # then adds a zero byte before the pad codewords (harmless: readers stop
    # at the terminator), kept so that the codes stay segno's.
    codewords = stream.to_bytes(_qr_stream_bits(version, data) // 8 + 1, "big") + b"\x00"
    return (codewords + b"\xec\x11" * capacity)[:capacity]


def _gf_tables() -> tuple[list[int], list[int]]:
    """Powers of 2 in GF(256) with the QR polynomial x^8 + x^4 + x^3 + x^2 + 1
    (twice round, so that a sum of two logarithms needs no modulo), and logarithms."""
    powers, logarithms = [], [0] * 256
    value = 1
    for power in range(510):
        powers.append(value)
        if power < 255:
            logarithms[value] = power
        value <<= 1
        if value & 0x100:
            value ^= 0x11D
    return powers, logarithms


_GF_EXP, _GF_LOG = _gf_tables()  # for Reed-Solomon error correction


def _gf_multiply(a: int, b: int) -> int:
    return 0 if a == 0 or b == 0 else _GF_EXP[_GF_LOG[a] + _GF_LOG[b]]


@functools.cache  # one per block length in use: a handful
def _rs_step_table(degree: int) -> tuple[int, ...]:
    """For each feedback byte, the generator polynomial times it, as a ``degree``-byte integer."""
    generator = [1]  # coefficients, highest power first: the product of (x - a^i) for i < degree
    for i in range(degree):
        root = _GF_EXP[i]
        generator = [a ^ _gf_multiply(b, root) for a, b in zip([*generator, 0], [0, *generator], strict=True)]
    divisor = generator[1:]
    return tuple(int.from_bytes(bytes(_gf_multiply(c, f) for c in divisor), "big") for f in range(256))


def _rs_remainder(block: bytes, degree: int) -> bytes:
    """The ``degree`` error correction codewords of a data block."""
    table = _rs_step_table(degree)
    shift, mask = 8 * (degree - 1), (1 << 8 * degree) - 1
    remainder = 0
    for byte in block:
        remainder = ((remainder << 8) & mask) ^ table[byte ^ (remainder >> shift)]
    return remainder.to_bytes(degree, "big")


def _interleaved(blocks: Sequence[bytes]) -> bytes:
    longest = max(len(block) for block in blocks)
    return bytes(block[i] for i in range(longest) for block in blocks if i < len(block))


def _qr_codewords(version: int, level: str, data: bytes) -> bytes:
    """Data and error correction codewords, split into blocks and interleaved."""
    index = version - 1
    blocks, degree = _QR_BLOCKS[level][index], _QR_ECC_PER_BLOCK[level][index]
    raw = _qr_raw_codewords(version)
    short_blocks, short_length = blocks - raw % blocks, raw // blocks - degree  # the others hold one more data codeword
    codewords = _qr_data(version, data, _qr_data_codewords(version, level))
    data_blocks, start = [], 0
    for block in range(blocks):
        length = short_length + (block >= short_blocks)
        data_blocks.append(codewords[start : start + length])
        start += length
    return _interleaved(data_blocks) + _interleaved([_rs_remainder(block, degree) for block in data_blocks])


def _bch(value: int, generator: int) -> int:
    """``value`` followed by its BCH check bits for ``generator``."""
    degree = generator.bit_length() - 1
    remainder = value << degree
    for bit in range(remainder.bit_length() - 1, degree - 1, -1):
        if remainder >> bit & 1:
            remainder ^= generator << (bit - degree)
    return value << degree | remainder


def _alignment_centres(version: int) -> list[int]:
    if version == 1:
        return []
    count = version // 7 + 2
    step = (version * 8 + count * 3 + 5) // (count * 4 - 4) * 2
    last = _qr_size(version) - 7
    return [6, *reversed([last - step * i for i in range(count - 1)])]


def _function_modules(version: int, level: str, mask: int) -> dict[tuple[int, int], int]:
    """Every module that is not data, keyed (row, column), with its colour (1 dark)."""
    size = _qr_size(version)
    modules: dict[tuple[int, int], int] = {}
    for i in range(size):  # timing patterns
        modules[6, i] = modules[i, 6] = int(i % 2 == 0)
    for top, left in ((0, 0), (0, size - 7), (size - 7, 0)):  # finders with their separators
        for dy in range(-1, 8):
            for dx in range(-1, 8):
                if 0 <= top + dy < size and 0 <= left + dx < size:
                    ring = max(abs(dy - 3), abs(dx - 3))
                    modules[top + dy, left + dx] = int(ring != 2 and ring != 4)
    centres = _alignment_centres(version)
    corners = {(centres[0], centres[0]), (centres[0], centres[-1]), (centres[-1], centres[0])} if centres else set()
    for cy in centres:
        for cx in centres:
            if (cy, cx) in corners:  # they would overlap a finder
                continue
            for dy in range(-2, 3):
                for dx in range(-2, 3):
                    modules[cy + dy, cx + dx] = int(max(abs(dy), abs(dx)) != 1)
    format_bits = _bch(_QR_FORMAT_LEVEL_BITS[level] << 3 | mask, 0x537) ^ 0x5412
    around_top_left = [(row, 8) for row in (0, 1, 2, 3, 4, 5, 7, 8)] + [(8, column) for column in (7, 5, 4, 3, 2, 1, 0)]
    split_copy = [(8, size - 1 - i) for i in range(8)] + [(size - 7 + i, 8) for i in range(7)]
    for i, (first, second) in enumerate(zip(around_top_left, split_copy, strict=True)):  # bit 0 first
        modules[first] = modules[second] = format_bits >> i & 1
    modules[size - 8, 8] = 1  # the dark module
    if version >= 7:
        version_bits = _bch(version, 0x1F25)
        for i in range(18):
            bit = version_bits >> i & 1
            modules[i // 3, size - 11 + i % 3] = modules[size - 11 + i % 3, i // 3] = bit
    return modules


def _data_order(size: int, functions: Container[tuple[int, int]]) -> list[tuple[int, int]]:
    """The data modules in the order the codeword bits fill them: two-column
    strips from the right, alternately upwards and downwards, skipping column 6."""
    order: list[tuple[int, int]] = []
    for right in range(size - 1, 0, -2):
        if right <= 6:
            right -= 1
        upwards = ((right + 1) & 2) == 0
        for step in range(size):
            row = size - 1 - step if upwards else step
            order.extend((row, column) for column in (right, right - 1) if (row, column) not in functions)
    return order


@dataclass(frozen=True)
class _QrLayout:
    size: int
    template: bytes  # every module row by row, data modules 0
    gather: list[int]  # for each module, where its colour is in template + data bits + inverted data bits
    data_modules: int


@functools.cache  # one per version and level: a few over a whole state
def _qr_layout(version: int, level: str, mask: int) -> _QrLayout:
    size = _qr_size(version)
    functions = _function_modules(version, level, mask)
    inverted = _QR_MASKS[mask]
    template = bytearray(size * size)
    gather = list(range(size * size))
    for (row, column), colour in functions.items():
        template[row * size + column] = colour
    order = _data_order(size, functions)
    for bit, (row, column) in enumerate(order):
        gather[row * size + column] = size * size + bit + (len(order) if inverted(row, column) else 0)
    return _QrLayout(size, bytes(template), gather, len(order))


_BYTE_BITS = [bytes(value >> (7 - i) & 1 for i in range(8)) for value in range(256)]
_INVERT_BITS = bytes.maketrans(b"\x00\x01", b"\x01\x00")


def _byte_mode_data(url: str) -> bytes | None:
    """The bytes segno puts in a byte-mode segment for this text; None where
    segno would choose another mode (all digits or capitals) or encoding."""
    if not url.isascii() or set(url) <= _QR_ALPHANUMERIC:
        return None
    return url.encode("ascii")


def _qr_matrix(url: str, mask: int = QR_MASK) -> list[bytes]:
    """The QR code's rows, 1 for a dark module and 0 for a light one."""
    data = _byte_mode_data(url)
    choice = _qr_version_and_level(data) if data is not None else None
    if data is None or choice is None:  # segno encodes it, or says why it cannot
        return [bytes(row) for row in segno.make(url, error="m", micro=False, mask=mask).matrix]
    version, level = choice
    layout = _qr_layout(version, level, mask)
    bits = b"".join(map(_BYTE_BITS.__getitem__, _qr_codewords(version, level, data)))
    bits += bytes(layout.data_modules - len(bits))  # remainder bits
    modules = bytes(map((layout.template + bits + bits.translate(_INVERT_BITS)).__getitem__, layout.gather))
    size = layout.size
    return [modules[start : start + size] for start in range(0, size * size, size)]


_DARK_RUN = re.compile(b"\x01+")  # matrix rows hold 1 for a dark module, 0 for a light one


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
    matrix = _qr_matrix(url)
    size = len(matrix) + 2 * QR_BORDER
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" role="img" '
        'shape-rendering="crispEdges">'
        f'<title>QR code for {_xml(url)}</title>'
        f'<rect width="{size}" height="{size}" fill="{WHITE}"/>'
        f'<path fill="none" stroke="#000" d="{_qr_path(matrix)}"/>'
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
