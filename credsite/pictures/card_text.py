"""The social card's text: Lato, laid out and drawn as Pillow's basic layout does, but faster.

Text is laid out and drawn here from one cached picture per character, the
way Pillow's basic layout does it, rather than by FreeType for every line
(which loads every glyph three times, about a millisecond a line). Basic
layout is per character: each character has a fixed advance and picture,
kerning (if the font had a kern table: Lato has none) is added pairwise,
and each glyph is drawn at its pen position rounded to a pixel. So a line
is its characters' pictures side by side, and its length the sum of their
advances: a fast twin of ``ImageFont.getlength`` and ``ImageDraw.text``,
which property tests in ``tests/test_pictures.py`` hold it to, pixel for pixel.
"""

from __future__ import annotations

import bisect
import functools
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import font_lato
from PIL import Image, ImageDraw, ImageFont

from .svg import one_line

# Lato (SIL Open Font License, from the font-lato package) covers the Latin
# letters of Spanish, French, German, Polish… names; Pillow's own font has no
# accented letters and drew "Tomás" with an empty box.
_FONT_FILES = {False: Path(font_lato.font_directory) / "Lato-Regular.ttf", True: Path(font_lato.font_directory) / "Lato-Bold.ttf"}
TITLE_SIZE = 66  # the one size drawn in bold: the card's title
# Rendered lines kept (a few MB): the site title and stock lines repeat on every card.
_TEXT_CACHE_SIZE = 128
# Lengths of words and lines kept: words repeat across cards, and wrapping
# measures each line as it grows.
_LENGTH_CACHE_SIZE = 16384
_DRAWN = bytes([0] + [255] * 255)  # palette index -> paste mask: every pixel that is not 0 (white)


@functools.cache  # one font object per size, reused by every card
def lato(size: int, bold: bool | None = None) -> ImageFont.FreeTypeFont:
    """Lato at ``size``: bold when asked, by default only at the title's size.

    Everything below takes ``bold`` the same way: the card's own text leaves it
    out, the badge drawn on the card (card_badge) asks for bold.
    """
    # Basic layout: the same on every machine (libraqm is not always installed)
    # and it cannot be made to fail by bidi controls in hostile text.
    weight = size == TITLE_SIZE if bold is None else bold
    return ImageFont.truetype(str(_FONT_FILES[weight]), size, layout_engine=ImageFont.Layout.BASIC)


@functools.cache
def _has_glyph(size: int, character: str, bold: bool | None = None) -> bool:
    font = lato(size, bold)
    return _glyph_pixels(font, character) != _glyph_pixels(font, "\uffff")  # U+FFFF draws the missing-glyph box


def _glyph_pixels(font: ImageFont.FreeTypeFont, character: str) -> bytes:
    image = Image.new("L", (font.size * 2, font.size * 2))
    ImageDraw.Draw(image).text((0, 0), character, font=font, fill=255)
    return image.tobytes()


def drawable(text: str, size: int, bold: bool | None = None) -> str:
    """The text with letters the font lacks replaced by their base letter
    (Nguyễn -> Nguyen) or dropped, never drawn as an empty box."""
    if text.isascii():
        return text
    kept = []
    for character in text:
        if _has_glyph(size, character, bold):
            kept.append(character)
            continue
        base = "".join(c for c in unicodedata.normalize("NFKD", character) if not unicodedata.combining(c))
        kept.extend(c for c in base if _has_glyph(size, c, bold))
    return "".join(kept)



@dataclass(frozen=True)
class _Glyph:
    advance: int  # in 1/64 pixel, FreeType's unit
    corner: tuple[int, int]  # of the mask, from the pen's (left, ascender) origin
    mask: Image.Image | None  # coverage, cropped to the ink; None where the glyph draws nothing


@functools.cache  # a few hundred characters per size over a whole state
def _glyph(size: int, character: str, bold: bool | None = None) -> _Glyph:
    """The character as Pillow draws it alone, the pen starting at the origin."""
    font = lato(size, bold)
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
def _kerning(size: int, pair: str, bold: bool | None = None) -> int:
    """What basic layout adds to the first character's advance when the second follows, in 1/64 pixel."""
    return round(lato(size, bold).getlength(pair) * 64) - _glyph(size, pair[0], bold).advance - _glyph(size, pair[1], bold).advance


def _pens(size: int, text: str, bold: bool | None = None) -> list[int]:
    """The pen's position before each character of the text, and after the last, in 1/64 pixel."""
    pens = [0]
    for index, character in enumerate(text):
        step = _glyph(size, character, bold).advance
        if index + 1 < len(text):
            step += _kerning(size, text[index : index + 2], bold)
        pens.append(pens[-1] + step)
    return pens


@functools.lru_cache(maxsize=_LENGTH_CACHE_SIZE)
def _length(size: int, text: str) -> float:
    """The text's width in pixels, as ``ImageFont.FreeTypeFont.getlength`` gives it."""
    return _pens(size, text)[-1] / 64


def text_length(size: int, text: str) -> float:
    """The width of a line of text in pixels (card fonts), as Pillow measures it."""
    return _length(size, text)


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


def fit(text: str, size: int, width: int) -> str:
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

    ``font`` is the card font of its size (``lato``).
    """
    size = int(font.size)
    words = [piece for word in one_line(text).split(" ") if word for piece in _split_word(word, size, width)]
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
class TextLayer:
    offset: tuple[int, int]  # from the text's origin (left, ascender) to the layer's corner
    indices: Image.Image  # palette indices, 0 where no glyph covers the pixel
    drawn: Image.Image  # 255 where a glyph covers the pixel


def _placed_glyphs(size: int, text: str, bold: bool | None = None) -> list[tuple[int, int, Image.Image]]:
    """Each drawn glyph's mask and where its corner goes, from the text's origin."""
    placed = []
    for pen, character in zip(_pens(size, text, bold), text):
        glyph = _glyph(size, character, bold)
        if glyph.mask is not None:
            x = (pen + 32) >> 6  # FreeType's rounding of the pen to a pixel
            placed.append((x + glyph.corner[0], glyph.corner[1], glyph.mask))
    return placed


def text_coverage(text: str, size: int, bold: bool | None = None) -> tuple[tuple[int, int], Image.Image] | None:
    """One line of text's glyph coverage (0-255), and its corner from the text's
    origin (left, ascender); None if it draws nothing."""
    placed = _placed_glyphs(size, text, bold)
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
def text_layer(text: str, size: int, table: bytes) -> TextLayer | None:
    """One line of text in the palette shades ``table`` maps its coverage to; None if it draws nothing."""
    drawn = text_coverage(text, size)
    if drawn is None:
        return None
    offset, coverage = drawn
    # bytes.translate rather than Image.point, which rebuilds its table in Python on every call.
    indices = coverage.tobytes().translate(table)
    return TextLayer(
        offset,
        Image.frombytes("L", coverage.size, indices),
        Image.frombytes("L", coverage.size, indices.translate(_DRAWN)),
    )
