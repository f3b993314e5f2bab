"""Bar charts as SVG, drawn at build time: no chart library, no script.

Every chart is a horizontal bar chart (a label, a bar, the number at its
end), which stays readable when it shrinks to a phone's width. The chart
is an image with a text alternative (``role="img"``, a ``<title>`` and a
``<desc>`` that reads every bar); the page prints the same numbers in a
table next to it. Each bar carries its number as text, so colour never
carries meaning alone; a number that is not shown is drawn as a hatched
stub and says so. Colours come from the theme's stylesheet (light, dark,
print), with plain fills as a fallback for a copied file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

WIDTH = 320  # viewBox units: in a 288 px phone column the text stays about 13 px
FONT = 15
LINE = 17  # a label's line height
ROW = 30  # at least; a label on two lines makes its row taller
BAR = 18
GAP = 8  # between a label, its bar and its number
MARGIN = 4
CHAR = 0.62 * FONT  # a generous average character width, for laying out text
LABEL_SHARE = 0.42  # of the width, at most, for the labels
HIDDEN_STUB = 22


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # None: not shown
    text: str  # the number as printed (or the "not shown" wording)


def _text_width(text: str) -> float:
    return len(text) * CHAR


def wrap(label: str, width: float) -> list[str]:
    """A label in lines no wider than ``width`` (a word longer than that keeps its own line)."""
    lines: list[str] = []
    for word in label.split():
        if lines and _text_width(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


def bar_chart(chart_id: str, title: str, description: str, bars: Sequence[Bar]) -> str:
    """An inline ``<svg>``; ``chart_id`` must be unique on the page."""
    widest = max([_text_width(bar.label) for bar in bars] + [0.0])
    label_width = min(WIDTH * LABEL_SHARE, widest)
    labels = [wrap(bar.label, label_width) for bar in bars]
    label_width = max([_text_width(line) for lines in labels for line in lines] + [0.0])
    bar_start = MARGIN + label_width + GAP
    value_width = max([_text_width(bar.text) for bar in bars] + [0.0]) + GAP
    span = max(WIDTH - bar_start - value_width - MARGIN, 40.0)
    largest = max([bar.value for bar in bars if bar.value is not None] + [0.0])
    rows = [max(ROW, LINE * len(lines) + 10) for lines in labels]
    height = 2 * MARGIN + sum(rows)
    title_id, desc_id, hatch_id = f"{chart_id}-title", f"{chart_id}-desc", f"{chart_id}-hatch"
    parts = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'role="img" aria-labelledby="{title_id} {desc_id}" font-size="{FONT}">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(description)}</desc>',
        f'<defs><pattern id="{hatch_id}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        f'<line class="chart__hatch" x1="0" y1="0" x2="0" y2="6" stroke="#4a5260" stroke-width="2"/></pattern></defs>',
        f'<line class="chart__axis" x1="{_n(bar_start)}" y1="{MARGIN}" x2="{_n(bar_start)}" y2="{height - MARGIN}" '
        'stroke="#4a5260" stroke-width="1"/>',
    ]
    top = float(MARGIN)
    for bar, lines, row in zip(bars, labels, rows):
        middle = top + row / 2
        first = middle - LINE * (len(lines) - 1) / 2
        spans = "".join(
            f'<tspan x="{_n(bar_start - GAP)}" y="{_n(first + LINE * i)}">{escape(line)}</tspan>' for i, line in enumerate(lines)
        )
        parts.append(f'<text class="chart__label" text-anchor="end" dominant-baseline="central" fill="#1b1f24">{spans}</text>')
        bar_top = middle - BAR / 2
        if bar.value is None:
            length = float(HIDDEN_STUB)
            parts.append(
                f'<rect class="chart__hidden" x="{_n(bar_start)}" y="{_n(bar_top)}" width="{HIDDEN_STUB}" height="{BAR}" '
                f'fill="url(#{hatch_id})" stroke="#4a5260" stroke-width="1"/>'
            )
        else:
            length = span * bar.value / largest if largest else 0.0
            if bar.value > 0:
                length = max(length, 2.0)
                parts.append(
                    f'<rect class="chart__bar" x="{_n(bar_start)}" y="{_n(bar_top)}" width="{_n(length)}" '
                    f'height="{BAR}" fill="#1a4f8b"/>'
                )
        parts.append(
            f'<text class="chart__value" x="{_n(bar_start + length + GAP)}" y="{_n(middle)}" '
            f'dominant-baseline="central" fill="#1b1f24">{escape(bar.text)}</text>'
        )
        top += row
    parts.append("</svg>")
    return "\n".join(parts)


def described(bars: Sequence[Bar], separator: str = "; ") -> str:
    """Every bar as ``label: number``, for the chart's description."""
    return separator.join(f"{bar.label}: {bar.text}" for bar in bars)


def _n(value: float) -> str:
    """A coordinate with at most one decimal, the same bytes on every machine."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text

