"""A credential's badge: a hexagon in its colour pair, its initials, its topic on a ribbon."""

from __future__ import annotations

import math
import re

from .palette import colours, digest
from .svg import FONT_STACK, one_line, xml_text

_SMALL_WORDS = frozenset({"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with"})

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


def _motif(key_digest: bytes, colour: str) -> str:
    """A ring of dots, rays or a dashed ring between the text and the edge."""
    kind = key_digest[1] % 3
    count = 6 + key_digest[2] % 7
    rotation = key_digest[3] % 60
    cx, cy = _CENTRE
    if kind == 2:
        dash = 4 + key_digest[2] % 9
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


def ribbon_text(topic_title: str) -> tuple[str, int]:
    """The topic as it fits on the ribbon, and its font size."""
    text = one_line(topic_title)
    size = min(_RIBBON_MAX_SIZE, math.floor(_RIBBON_TEXT_WIDTH / max(_estimated_ems(text), 0.01)))
    if size >= _RIBBON_MIN_SIZE:
        return text, size
    while text and _estimated_ems(text.rstrip() + "…") * _RIBBON_MIN_SIZE > _RIBBON_TEXT_WIDTH:
        text = text[:-1]
    return text.rstrip() + "…", _RIBBON_MIN_SIZE


def badge_svg(title: str, topic_title: str, palette_key: str) -> str:
    """A hexagonal badge: initials in the middle, the topic on a ribbon."""
    key_digest = digest(palette_key)
    pair = colours(palette_key)
    letters = initials(title)
    letters_size = 56 if len(letters) < 3 else 40
    ribbon, ribbon_size = ribbon_text(topic_title)
    label = xml_text(f"{one_line(title)} — {one_line(topic_title)}")
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 256 256" role="img">'
        f'<title>{label}</title>'
        f'<polygon points="{_polygon(114, 6, -90)}" fill="{pair.light}" stroke="{pair.dark}" stroke-width="4"/>'
        f'<polygon points="{_polygon(102, 6, -90)}" fill="{pair.dark}"/>'
        f'<polygon points="{_polygon(92, 6, -90)}" fill="none" stroke="{pair.light}" stroke-width="2"/>'
        f"{_motif(key_digest, pair.light)}"
        f'<text x="128" y="{116 + letters_size * 0.35:.0f}" text-anchor="middle" font-family="{FONT_STACK}" '
        f'font-size="{letters_size}" font-weight="700" fill="{pair.light}">{xml_text(letters)}</text>'
        f'<polygon points="8,184 32,184 26,198 32,212 8,212 16,198" fill="{pair.dark}"/>'
        f'<polygon points="248,184 224,184 230,198 224,212 248,212 240,198" fill="{pair.dark}"/>'
        f'<rect x="22" y="178" width="212" height="40" rx="3" fill="{pair.light}" stroke="{pair.dark}" stroke-width="2"/>'
        f'<text x="128" y="{198 + ribbon_size * 0.35:.0f}" text-anchor="middle" font-family="{FONT_STACK}" '
        f'font-size="{ribbon_size}" font-weight="600" fill="{pair.dark}">{xml_text(ribbon)}</text>'
        "</svg>\n"
    )

