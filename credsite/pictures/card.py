"""The social card: a 1200×630 Open Graph preview of a credential or a passport.

A state site has a card per educator and per credential, so cards must be
cheap (about 1 ms each): each is drawn straight into a 16-colour palette and
stored at 4 bits a pixel (about 12 kB, where 24-bit RGB took 50-60 kB). Its
text is laid out and drawn by ``card_text``, and the PNG written by
``png_writer``.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from PIL import Image

from .card_text import TITLE_SIZE, drawable, fit, lato, text_layer, wrap
from .palette import INK, WHITE, ColourPair, colours
from .png_writer import FILTER_COLUMNS, new_canvas, png_4bit
from .svg import one_line

CARD_SIZE = (1200, 630)
_CARD_LEFT = 96
_CARD_RIGHT = 1200 - 80
_CARD_BOTTOM = 630 - 48

# The palette holds white, the accent pair, and the antialiasing shades from
# white to each text colour (all text sits on white):
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


@functools.cache
def _card_background() -> Image.Image:
    """The card without text, in palette indices: white with the accent band on the left."""
    height = CARD_SIZE[1]
    canvas = new_canvas(CARD_SIZE, _WHITE_INDEX)
    canvas.paste(_ACCENT_DARK_INDEX, (FILTER_COLUMNS, 0, FILTER_COLUMNS + 41, height))
    canvas.paste(_ACCENT_LIGHT_INDEX, (FILTER_COLUMNS + 40, 0, FILTER_COLUMNS + 53, height))
    return canvas


def _draw_text(canvas: Image.Image, origin: tuple[int, int], text: str, size: int, table: bytes) -> range:
    """Draws one line of text; returns the rows it drew on."""
    layer = text_layer(text, size, table)
    if layer is None:
        return range(0)
    corner = (FILTER_COLUMNS + origin[0] + layer.offset[0], origin[1] + layer.offset[1])
    canvas.paste(layer.indices, corner, layer.drawn)
    return range(corner[1], corner[1] + layer.indices.height)


def social_card_png(title: str, subtitle: str, lines: Sequence[str], site_title: str, accent_key: str) -> bytes:
    """A 1200×630 Open Graph preview image."""
    pair = colours(accent_key)
    canvas = _card_background().copy()
    width = _CARD_RIGHT - _CARD_LEFT
    drawn = [_draw_text(canvas, (_CARD_LEFT, 52), fit(one_line(drawable(site_title, 30)), 30, width), 30, _MUTED_TABLE)]
    y = 118
    for line in wrap(drawable(title, TITLE_SIZE), lato(TITLE_SIZE), width, 3):
        drawn.append(_draw_text(canvas, (_CARD_LEFT, y), line, TITLE_SIZE, _INK_TABLE))
        y += 80
    y += 14
    if subtitle.strip():
        drawn.append(_draw_text(canvas, (_CARD_LEFT, y), fit(one_line(drawable(subtitle, 38)), 38, width), 38, _ACCENT_TABLE))
        y += 60
    for line in lines:
        if y + 36 > _CARD_BOTTOM:
            break
        drawn.append(_draw_text(canvas, (_CARD_LEFT, y), fit(one_line(drawable(line, 30)), 30, width), 30, _MUTED_TABLE))
        y += 44
    return png_4bit(canvas, drawn, _card_palette(pair))

