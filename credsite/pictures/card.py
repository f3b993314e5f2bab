"""The social card: a 1200×630 Open Graph preview of a credential or a passport.

Text on the left (the site, the title, a subtitle of up to two lines, a line
or two of facts, and at the bottom the issuer with its logo); on the right,
badge art: one credential's badge, or up to three on a passport's card, the
newest in front (``card_badge`` draws them in the design of ``badge_svg``).

A state site has a card per educator and per credential, so cards must be
cheap (a few milliseconds each): each is drawn straight into a 16-colour
palette and stored at 4 bits a pixel. Its text is laid out and drawn by
``card_text`` and the PNG written by ``png_writer``.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Sequence
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

from .card_badge import DARK, LIGHT, MID, badge_halo, badge_levels
from .card_text import TITLE_SIZE, drawable, fit, lato, text_layer, text_length, wrap
from .palette import INK, WHITE, ColourPair, colours
from .png_writer import FILTER_COLUMNS, new_canvas, png_4bit
from .svg import one_line

CARD_SIZE = (1200, 630)
_CARD_LEFT = 96
_CARD_RIGHT = 1200 - 80
_TEXT_RIGHT_BESIDE_BADGES = 770
_CARD_BOTTOM = 630 - 48
SUBTITLE_SIZE = 38
LINE_SIZE = 30
_LOGO_HEIGHT = 56
_LOGO_MAX_WIDTH = 220

# The palette: 0 white; 1-6 shades from white to INK (all text sits on
# white); then three colours for each badge: its pair's light, the tone
# halfway to its dark, and the dark. The first pair is also the band's.
_INK_SHADES = 6  # non-white shades of INK; the last one is INK itself
_FIRST_INK_INDEX = 1
_WHITE_INDEX = 0
_FIRST_BADGE_INDEX = _FIRST_INK_INDEX + _INK_SHADES
MAX_BADGES = 3
_PALETTE_SIZE = 16
# Secondary text is INK at this shade (#3b3f48, 11:1 on white): the palette has
# no room for a ramp of MUTED_INK as well, and this is the shade nearest it.
_MUTED_SHADE = 5

# Where badges go, by how many there are: (centre x, centre y, size), front one first.
_BADGE_PLACES = {
    1: ((975, 300, 330),),
    2: ((1015, 335, 270), (905, 250, 230)),
    3: ((985, 350, 270), (880, 220, 220), (1085, 220, 220)),
}


@dataclass(frozen=True)
class CardBadge:
    """A credential's badge as a card draws it: drawn as badge_svg draws it, or the catalog's own image."""

    title: str  # its initials are drawn
    topic: str  # on its ribbon
    key: str  # its colours and motif (the credential id, as for badge_svg)
    image: bytes | None = None  # the catalog's badge image (PNG, JPEG or WebP bytes), drawn instead


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


def _between(first: str, second: str) -> bytes:
    return bytes(round((a + b) / 2) for a, b in zip(_rgb(first), _rgb(second), strict=True))


def pair_colours(pair: ColourPair) -> bytes:
    """A drawn badge's three colours, light to dark: its pair's light, the tone between, its dark."""
    return bytes(_rgb(pair.light)) + _between(pair.light, pair.dark) + bytes(_rgb(pair.dark))


@functools.cache  # one palette per set of badge colours
def _card_palette(badge_colours: bytes) -> bytes:
    """The card's 16 RGB colours, in the index order above (unused ones white)."""
    colour_table = bytes(_rgb(WHITE)) + _shades(INK, _INK_SHADES) + badge_colours
    return colour_table + bytes(_rgb(WHITE)) * (_PALETTE_SIZE - len(colour_table) // 3)


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


@functools.cache
def _badge_table(first: int) -> bytes:
    """A drawn badge's tone levels to palette indices from ``first`` (0 outside, never pasted)."""
    levels = {LIGHT: first, MID: first + 1, DARK: first + 2}
    return bytes(levels.get(level, _WHITE_INDEX) for level in range(256))


@functools.cache
def _card_background(light: int, dark: int) -> Image.Image:
    """The card without text or badges, in palette indices: white with a band on the left."""
    height = CARD_SIZE[1]
    canvas = new_canvas(CARD_SIZE, _WHITE_INDEX)
    canvas.paste(dark, (FILTER_COLUMNS, 0, FILTER_COLUMNS + 41, height))
    canvas.paste(light, (FILTER_COLUMNS + 40, 0, FILTER_COLUMNS + 53, height))
    return canvas


@functools.lru_cache(maxsize=64)
def _image_badge(image_file: bytes, size: int, count: int) -> tuple[Image.Image, Image.Image, bytes] | None:
    """A catalog badge image fitted in ``size`` pixels, in ``count`` colours of its own
    (lightest first): (colour numbers from 0, where it is drawn, the colours); None when unreadable."""
    try:
        with Image.open(io.BytesIO(image_file)) as opened:
            opened.load()
            image = opened.convert("RGBA")
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None
    image.thumbnail((size, size), Image.Resampling.LANCZOS)
    shown = Image.new("RGBA", (size, size), (255, 255, 255, 0))
    shown.paste(image, ((size - image.width) // 2, (size - image.height) // 2))
    mask = Image.frombytes("L", shown.size, shown.getchannel("A").tobytes().translate(_OPAQUE))
    on_white = Image.new("RGB", shown.size, (255, 255, 255))
    on_white.paste(shown, mask=shown.getchannel("A"))
    quantized = on_white.quantize(colors=count, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    found = (quantized.getpalette() or [])[: 3 * count]
    found += [255] * (3 * count - len(found))
    colours_found = [tuple(found[i : i + 3]) for i in range(0, 3 * count, 3)]
    order = sorted(range(count), key=lambda i: -sum(colours_found[i]))  # lightest first
    renumber = bytes(order.index(i) if i < count else 0 for i in range(256))
    numbers = Image.frombytes("L", quantized.size, quantized.tobytes().translate(renumber))
    return numbers, mask, b"".join(bytes(colours_found[i]) for i in order)


_OPAQUE = bytes(255 if a >= 128 else 0 for a in range(256))


@functools.lru_cache(maxsize=64)  # a handful of issuers; their logo on every card
def logo_layer(image_file: bytes) -> Image.Image | None:
    """A raster logo as ink shades on white (palette indices), at most 56 px tall; None when unreadable.

    The palette has no room for a logo's own colours, so it is drawn in ink,
    its darker parts darker, as a one-colour logo is printed.
    """
    try:
        with Image.open(io.BytesIO(image_file)) as opened:
            opened.load()
            image = opened.convert("RGBA")
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None
    on_white = Image.new("RGBA", image.size, (255, 255, 255, 255))
    on_white.alpha_composite(image)
    ink = Image.frombytes("L", image.size, on_white.convert("L").tobytes().translate(_INVERTED))
    box = ink.getbbox()  # the drawn part, without white margins
    if box is None:
        return None
    ink = ink.crop(box)
    scale = min(_LOGO_HEIGHT / ink.height, _LOGO_MAX_WIDTH / ink.width)
    ink = ink.resize((max(1, round(ink.width * scale)), max(1, round(ink.height * scale))), Image.Resampling.LANCZOS)
    return Image.frombytes("L", ink.size, ink.tobytes().translate(_INK_TABLE))


_INVERTED = bytes(255 - v for v in range(256))


def _draw_text(canvas: Image.Image, origin: tuple[int, int], text: str, size: int, table: bytes) -> range:
    """Draws one line of text; returns the rows it drew on."""
    layer = text_layer(text, size, table)
    if layer is None:
        return range(0)
    corner = (FILTER_COLUMNS + origin[0] + layer.offset[0], origin[1] + layer.offset[1])
    canvas.paste(layer.indices, corner, layer.drawn)
    return range(corner[1], corner[1] + layer.indices.height)


def _draw_badges(canvas: Image.Image, badges: Sequence[CardBadge]) -> tuple[list[range], bytes]:
    """The badges at their places, back ones first, each in front with white kept around
    it; returns the rows drawn on and the badges' colours, in palette order."""
    drawn = []
    places = _BADGE_PLACES[len(badges)]
    # A lone badge may use every colour left; on a passport's card each gets three.
    per_badge = (_PALETTE_SIZE - _FIRST_BADGE_INDEX) // len(badges)
    slots: list[bytes] = []
    for slot in reversed(range(len(badges))):
        badge = badges[slot]
        centre_x, centre_y, size = places[slot]
        corner = (FILTER_COLUMNS + centre_x - size // 2, centre_y - size // 2)
        first = _FIRST_BADGE_INDEX + per_badge * slot
        if slot < len(badges) - 1:  # something may lie behind it
            canvas.paste(_WHITE_INDEX, corner, badge_halo(size, 6))
        picture = _image_badge(badge.image, size, per_badge) if badge.image else None
        if picture is not None:
            numbers, mask, found = picture
            indices = Image.frombytes("L", numbers.size, numbers.tobytes().translate(bytes((first + n) % 256 for n in range(256))))
            slots.append(found)
        else:
            indices, mask = _drawn_badge(badge, size, first)
            slots.append(pair_colours(colours(badge.key)) + bytes(_rgb(WHITE)) * (per_badge - 3))
        canvas.paste(indices, corner, mask)
        drawn.append(range(corner[1], corner[1] + size))
    return drawn, b"".join(reversed(slots))


_DRAWN_LEVELS = bytes([0] + [255] * 255)  # badge level -> paste mask: every pixel inside the badge


@functools.lru_cache(maxsize=1024)  # a state's badges, in each of the few places a card puts them
def _drawn_badge(badge: CardBadge, size: int, first: int) -> tuple[Image.Image, Image.Image]:
    """A drawn badge in palette indices from ``first``, and the mask of where it is drawn."""
    levels = badge_levels(badge.title, badge.topic, badge.key, size).tobytes()
    return (
        Image.frombytes("L", (size, size), levels.translate(_badge_table(first))),
        Image.frombytes("L", (size, size), levels.translate(_DRAWN_LEVELS)),
    )


def _issuer_row(canvas: Image.Image, issuer: str, logo: Image.Image | None, right: int) -> list[range]:
    """The logo, then the issuer line ("Issued by …"), at the bottom."""
    drawn = []
    x = _CARD_LEFT
    middle = _CARD_BOTTOM - _LOGO_HEIGHT // 2
    if logo is not None:
        top = middle - logo.height // 2
        canvas.paste(logo, (FILTER_COLUMNS + x, top), Image.frombytes("L", logo.size, logo.tobytes().translate(_DRAWN_LEVELS)))
        drawn.append(range(top, top + logo.height))
        x += logo.width + 20
    if issuer.strip() and right - x > 60:
        text = fit(one_line(drawable(issuer, LINE_SIZE)), LINE_SIZE, right - x)
        drawn.append(_draw_text(canvas, (x, middle - 21), text, LINE_SIZE, _MUTED_TABLE))
    return drawn


def _wrapped_line(line: str | Sequence[str], width: int) -> list[str]:
    """A line of up to two lines: text wraps at spaces, phrases ("5 micro-credentials",
    "renewal met") are joined by " · " and wrap between them when they can."""
    if isinstance(line, str):
        return wrap(drawable(line, LINE_SIZE), lato(LINE_SIZE), width, 2)
    phrases = [one_line(drawable(phrase, LINE_SIZE)) for phrase in line if phrase.strip()]
    lines: list[str] = []
    for phrase in phrases:
        joined = f"{lines[-1]} · {phrase}" if lines else phrase
        if lines and text_length(LINE_SIZE, joined) <= width:
            lines[-1] = joined
        else:
            lines.append(phrase)
    if len(lines) > 2 or any(text_length(LINE_SIZE, piece) > width for piece in lines):
        return wrap(" · ".join(phrases), lato(LINE_SIZE), width, 2)
    return lines


def social_card_png(
    title: str,
    subtitle: str,
    lines: Sequence[str | Sequence[str]],
    site_title: str,
    accent_key: str,
    *,
    badges: Sequence[CardBadge] = (),
    issuer: str = "",
    logo: Image.Image | None = None,  # from logo_layer
    title_lines: int = 3,
) -> bytes:
    """A 1200×630 Open Graph preview image.

    ``title`` takes up to ``title_lines`` lines, ``subtitle`` and each of
    ``lines`` (a text, or phrases joined by " · ") up to two (then an ellipsis); the first of ``lines`` is drawn in
    ink, the others muted, as many as fit above the issuer's line. Up to three ``badges``
    (more are left out); without any, the band takes ``accent_key``'s colours.
    """
    badges = tuple(badges[:MAX_BADGES])
    # The band takes the lightest and darkest colour of the front badge (of the key, without one).
    per_badge = (_PALETTE_SIZE - _FIRST_BADGE_INDEX) // max(1, len(badges))
    first_slot = _image_badge(badges[0].image, _BADGE_PLACES[len(badges)][0][2], per_badge) if badges and badges[0].image else None
    dark = _FIRST_BADGE_INDEX + (per_badge - 1 if first_slot is not None else 2)
    canvas = _card_background(_FIRST_BADGE_INDEX, dark).copy()
    drawn: list[range] = []
    badge_colours = pair_colours(colours(accent_key))
    if badges:
        drawn, badge_colours = _draw_badges(canvas, badges)
    right = _TEXT_RIGHT_BESIDE_BADGES if badges else _CARD_RIGHT
    width = right - _CARD_LEFT
    drawn.append(_draw_text(canvas, (_CARD_LEFT, 52), fit(one_line(drawable(site_title, LINE_SIZE)), LINE_SIZE, width), LINE_SIZE, _MUTED_TABLE))
    y = 112
    for line in wrap(drawable(title, TITLE_SIZE), lato(TITLE_SIZE), width, title_lines):
        drawn.append(_draw_text(canvas, (_CARD_LEFT, y), line, TITLE_SIZE, _INK_TABLE))
        y += 78
    y += 10
    for line in wrap(drawable(subtitle, SUBTITLE_SIZE), lato(SUBTITLE_SIZE), width, 2):
        drawn.append(_draw_text(canvas, (_CARD_LEFT, y), line, SUBTITLE_SIZE, _INK_TABLE))
        y += 50
    y += 14
    bottom = _CARD_BOTTOM - (_LOGO_HEIGHT if issuer.strip() or logo is not None else 0) - 16
    for index, line in enumerate(lines):
        table = _INK_TABLE if index == 0 else _MUTED_TABLE
        for piece in _wrapped_line(line, width):
            if y + 36 > bottom:
                break
            drawn.append(_draw_text(canvas, (_CARD_LEFT, y), piece, LINE_SIZE, table))
            y += 42
    drawn += _issuer_row(canvas, issuer, logo, _CARD_RIGHT)  # below the badges: the whole width
    return png_4bit(canvas, drawn, _card_palette(badge_colours))
