"""A credential's badge drawn for the social card, in four tones: the design of
``badge.badge_svg`` (hexagon, ring, motif, initials, topic ribbon) without an
SVG renderer.

The card is a 16-colour palette image, so a badge takes three of its colours
(its pair's light and dark, and the tone halfway between for edges) and is
drawn as tone levels: 0 outside, 1 light, 2 between, 3 dark. Shapes are drawn
four times larger and reduced, for smooth edges. One badge costs a few
milliseconds and is kept (a state has a few hundred credentials, and every
passport's card shows some of them).
"""

from __future__ import annotations

import functools
import math

from PIL import Image, ImageDraw

from .badge import initials, ribbon_text
from .card_text import drawable, text_coverage
from .palette import digest
from .svg import one_line

OUTSIDE, LIGHT, MID, DARK = 0, 1, 2, 3
_SCALE = 4  # drawn this many times larger, then reduced
_MARGIN = 8  # view units around badge_svg's 256-unit view box, for the halo
_VIEW = 256 + 2 * _MARGIN
_CENTRE = (128.0 + _MARGIN, 116.0 + _MARGIN)
# Tones on the drawing canvas: 0 is the pair's dark colour, 255 its light one.
_DARK_TONE, _LIGHT_TONE = 0, 255
_TONE_LEVELS = bytes(DARK if v < 80 else MID if v < 176 else LIGHT for v in range(256))
_EDGE = bytes(255 if a >= 96 else 0 for a in range(256))  # at least partly covered: an edge tone
_SOLID = bytes(255 if a >= 200 else 0 for a in range(256))  # covered: its own tone


def _hexagon(radius: float, unit: float) -> list[tuple[float, float]]:
    cx, cy = _CENTRE
    return [
        ((cx + radius * math.cos(math.radians(-90 + 60 * k))) * unit, (cy + radius * math.sin(math.radians(-90 + 60 * k))) * unit)
        for k in range(6)
    ]


def _silhouette(draw: ImageDraw.ImageDraw, unit: float, grow: float = 0) -> None:
    """The badge's outline (hexagon and ribbon), ``grow`` units larger all round."""
    m = _MARGIN
    draw.polygon(_hexagon(116 + grow, unit), fill=255)
    draw.rectangle(((21 + m - grow) * unit, (177 + m - grow) * unit, (235 + m + grow) * unit, (219 + m + grow) * unit), fill=255)
    for tail in ((8, 184, 32, 184, 26, 198, 32, 212, 8, 212, 16, 198), (248, 184, 224, 184, 230, 198, 224, 212, 248, 212, 240, 198)):
        points = [((tail[i] + m) * unit, (tail[i + 1] + m) * unit) for i in range(0, len(tail), 2)]
        if grow:
            draw.polygon(points, fill=255, outline=255, width=max(1, round(2 * grow * unit)))
        else:
            draw.polygon(points, fill=255)


@functools.lru_cache(maxsize=512)
def _motif(kind: int, variant: int, rotation: int, size: int) -> Image.Image:
    """badge_svg's ring of dots, rays or dashes (``variant``: their count, or the dash length): its coverage."""
    scale = 2  # small shapes: twice the size is smooth enough
    unit = size * scale / _VIEW
    mask = Image.new("L", (size * scale, size * scale), 0)
    draw = ImageDraw.Draw(mask)
    cx, cy = _CENTRE
    if kind == 2:
        # A ring, then the gaps cut out as wedges: one polygon each (arcs are slow to draw).
        draw.ellipse(((cx - 72) * unit, (cy - 72) * unit, (cx + 72) * unit, (cy + 72) * unit), fill=255)
        draw.ellipse(((cx - 68) * unit, (cy - 68) * unit, (cx + 68) * unit, (cy + 68) * unit), fill=0)
        step, length = 1.5 * variant / 70, variant / 70  # radians: a dash of ``variant`` units, a gap of half that
        start = math.radians(rotation) + length
        while start < math.radians(rotation) + 2 * math.pi - 1e-9:
            end = min(start + step - length, math.radians(rotation) + 2 * math.pi)
            wedge = [(cx * unit, cy * unit)] + [
                ((cx + 80 * math.cos(a)) * unit, (cy + 80 * math.sin(a)) * unit) for a in (start, (start + end) / 2, end)
            ]
            draw.polygon(wedge, fill=0)
            start += step
        return mask.reduce(scale)
    for k in range(variant):
        angle = math.radians(rotation + 360 * k / variant - 90)
        cos, sin = math.cos(angle), math.sin(angle)
        if kind == 0:
            x, y = cx + 70 * cos, cy + 70 * sin
            draw.ellipse(((x - 4.5) * unit, (y - 4.5) * unit, (x + 4.5) * unit, (y + 4.5) * unit), fill=255)
        else:
            draw.line(((cx + 62 * cos) * unit, (cy + 62 * sin) * unit, (cx + 76 * cos) * unit, (cy + 76 * sin) * unit),
                      fill=255, width=round(4 * unit))
    return mask.reduce(scale)


@functools.lru_cache(maxsize=8)
def _frame(size: int) -> tuple[Image.Image, Image.Image]:
    """What every badge shares, ``size`` pixels square: its coverage and its tones
    (the hexagon's rings and the ribbon), drawn large and reduced."""
    canvas_size = size * _SCALE
    unit = canvas_size / _VIEW
    alpha = Image.new("L", (canvas_size, canvas_size), 0)
    _silhouette(ImageDraw.Draw(alpha), unit)
    tone = Image.new("L", (canvas_size, canvas_size), _DARK_TONE)
    draw = ImageDraw.Draw(tone)
    draw.polygon(_hexagon(112, unit), fill=_LIGHT_TONE)  # the light band inside the dark outer stroke
    draw.polygon(_hexagon(102, unit), fill=_DARK_TONE)
    draw.polygon(_hexagon(93, unit), fill=_LIGHT_TONE)
    draw.polygon(_hexagon(91, unit), fill=_DARK_TONE)
    m = _MARGIN
    draw.rectangle(((21 + m) * unit, (177 + m) * unit, (235 + m) * unit, (219 + m) * unit), fill=_DARK_TONE)
    draw.rectangle(((23 + m) * unit, (179 + m) * unit, (233 + m) * unit, (217 + m) * unit), fill=_LIGHT_TONE)
    return alpha.reduce(_SCALE), tone.reduce(_SCALE)


def _text_at(tone: Image.Image, text: str, size: int, centre: tuple[float, float], value: int) -> None:
    """Bold text centred on a point (its ink), drawn into the tones as Pillow draws it (card_text)."""
    drawn = text_coverage(drawable(text, size, bold=True), size, bold=True)
    if drawn is None:
        return
    _, coverage = drawn
    tone.paste(value, (round(centre[0] - coverage.width / 2), round(centre[1] - coverage.height / 2)), coverage)


@functools.lru_cache(maxsize=512)
def badge_levels(title: str, topic: str, key: str, size: int) -> Image.Image:
    """The badge ``size`` pixels square (with a margin of 8/272 of it) as tone levels
    (OUTSIDE, LIGHT, MID, DARK), an "L" image."""
    alpha, frame = _frame(size)
    tone = frame.copy()
    key_digest = digest(key)
    kind = key_digest[1] % 3
    variant = 4 + key_digest[2] % 9 if kind == 2 else 6 + key_digest[2] % 7
    tone.paste(_LIGHT_TONE, (0, 0), _motif(kind, variant, key_digest[3] % 60, size))
    unit = size / _VIEW
    letters = initials(title)
    letters_size = 56 if len(letters) < 3 else 40
    _text_at(tone, letters, round(letters_size * unit), (_CENTRE[0] * unit, _CENTRE[1] * unit), _LIGHT_TONE)
    ribbon, ribbon_size = ribbon_text(one_line(topic))
    _text_at(tone, ribbon, max(1, round(ribbon_size * unit)), (_CENTRE[0] * unit, (198 + _MARGIN) * unit), _DARK_TONE)
    levels = Image.new("L", (size, size), OUTSIDE)
    levels.paste(MID, mask=_mapped(alpha, _EDGE))
    levels.paste(_mapped(tone, _TONE_LEVELS), mask=_mapped(alpha, _SOLID))
    return levels


def _mapped(image: Image.Image, table: bytes) -> Image.Image:
    """Each pixel through a 256-byte table (Image.point rebuilds its table in Python every call)."""
    return Image.frombytes("L", image.size, image.tobytes().translate(table))


@functools.lru_cache(maxsize=16)
def badge_halo(size: int, grow: int) -> Image.Image:
    """A mask ("1" where 255) of the badge's outline ``grow`` view units larger: the white kept around a badge in front."""
    canvas_size = size * _SCALE
    mask = Image.new("L", (canvas_size, canvas_size), 0)
    _silhouette(ImageDraw.Draw(mask), canvas_size / _VIEW, grow)
    return _mapped(mask.reduce(_SCALE), _EDGE)
