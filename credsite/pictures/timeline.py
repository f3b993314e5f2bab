"""The passport's timeline: a bar chart of credentials earned per year."""

from __future__ import annotations

import math
from collections.abc import Sequence

from .palette import INK, MUTED_INK, PALETTE, WHITE
from .svg import FONT_STACK, xml_text

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
        f'<title>{xml_text(label)}</title>'
        f'<desc>{xml_text(_timeline_desc(filled))}</desc>'
        f'<rect width="{_TL_WIDTH}" height="{_TL_HEIGHT}" fill="{WHITE}"/>'
        f'<line x1="{_TL_LEFT}" y1="{_TL_BASE}" x2="{_TL_RIGHT}" y2="{_TL_BASE}" stroke="{MUTED_INK}" stroke-width="1"/>'
        f'<g font-family="{FONT_STACK}" font-size="12" fill="{INK}">{"".join(body)}</g>'
        "</svg>\n"
    )
