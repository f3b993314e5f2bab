"""Bar charts: well-formed SVG with a text alternative, numbers as text, no colour-only meaning."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from credsite.charts import WIDTH, Bar, bar_chart, described, wrap

SVG = "{http://www.w3.org/2000/svg}"
BARS = [Bar("2024", 10.0, "10"), Bar("2025", None, "not shown"), Bar("2026", 0.0, "0"), Bar("2027", 40.0, "40")]


def chart(bars: list[Bar] = BARS) -> ET.Element:
    return ET.fromstring(bar_chart("chart-x", "Awards <each> year", "Bar chart & more.", bars))


def test_the_chart_is_an_image_named_by_its_title_and_description() -> None:
    svg = chart()
    assert svg.get("role") == "img"
    title_id, desc_id = svg.get("aria-labelledby", "").split()
    assert svg.find(f"{SVG}title").get("id") == title_id
    assert svg.find(f"{SVG}title").text == "Awards <each> year"  # escaped in the markup, read back as text
    assert svg.find(f"{SVG}desc").get("id") == desc_id


def test_every_bar_prints_its_number_and_a_hidden_one_is_hatched() -> None:
    svg = chart()
    texts = ["".join(t.itertext()) for t in svg.iter(f"{SVG}text")]
    assert texts == ["2024", "10", "2025", "not shown", "2026", "0", "2027", "40"]
    hidden = [r for r in svg.iter(f"{SVG}rect") if r.get("class") == "chart__hidden"]
    assert len(hidden) == 1 and hidden[0].get("fill") == "url(#chart-x-hatch)"
    assert svg.find(f"{SVG}defs/{SVG}pattern").get("id") == "chart-x-hatch"


def test_bars_are_to_scale_and_a_zero_draws_none() -> None:
    bars = {float(r.get("width")) for r in chart().iter(f"{SVG}rect") if r.get("class") == "chart__bar"}
    assert len(bars) == 2
    assert max(bars) == pytest.approx(4 * min(bars), abs=0.5)  # coordinates keep one decimal
    assert max(bars) <= WIDTH


def test_long_labels_wrap_instead_of_running_off_the_chart() -> None:
    svg = chart([Bar("Attempts not shown by the educator", 3.0, "3")])
    lines = [span.text for span in svg.iter(f"{SVG}tspan")]
    assert len(lines) > 1 and " ".join(lines) == "Attempts not shown by the educator"
    assert wrap("short", 200) == ["short"]


def test_labels_are_escaped() -> None:
    markup = bar_chart("c", "t", "d", [Bar("<script>alert(1)</script>", 1.0, "1")])
    assert "<script>" not in markup
    assert ET.fromstring(markup) is not None


def test_the_description_reads_every_bar() -> None:
    assert described(BARS) == "2024: 10; 2025: not shown; 2026: 0; 2027: 40"


def test_the_same_bars_give_the_same_bytes() -> None:
    assert bar_chart("a", "t", "d", BARS) == bar_chart("a", "t", "d", list(BARS))
