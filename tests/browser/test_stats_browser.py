"""The figures section in headless Chromium: accessibility, reflow, charts that scale, cards, dark and print.

Two states: the example (a dozen educators, so nearly every number reads
"not shown") and tests/fixtures/stats (enough educators for bars, rates
and medians).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import BuiltSite, built_and_served
from playwright.sync_api import Page, expect

from credsite import urls as url_layout

pytestmark = pytest.mark.browser

Axe = Callable[[Page], list[str]]
FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "stats"
PAGES = {"figures": url_layout.STATS, "credential": url_layout.stats_credential("circles")}
EXAMPLE_PAGES = {"figures": url_layout.STATS, "credential": url_layout.stats_credential("morning-meetings-sel")}


@pytest.fixture(scope="module")
def figures_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuiltSite]:
    with built_and_served(FIXTURE, tmp_path_factory.mktemp("figures") / "site") as site:
        yield site


def goto(page: Page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.ok, (url, response)


@pytest.mark.parametrize("width", [1280, 375, 320])
@pytest.mark.parametrize("name", list(PAGES))
def test_figures_have_no_axe_violations(figures_site: BuiltSite, page: Page, axe: Axe, name: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    goto(page, figures_site.url(PAGES[name]))
    assert page.locator("h1").count() == 1
    violations = axe(page)
    assert not violations, "\n".join(violations)


@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("name", list(EXAMPLE_PAGES))
def test_the_examples_figures_have_no_axe_violations(example_site: BuiltSite, page: Page, axe: Axe, name: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    goto(page, example_site.url(EXAMPLE_PAGES[name]))
    expect(page.locator("#privacy-note")).to_contain_text("Numbers for fewer than 10 educators are not shown to protect privacy.")
    violations = axe(page)
    assert not violations, "\n".join(violations)


@pytest.mark.parametrize("name", list(PAGES))
def test_dark_figures_have_no_axe_violations(figures_site: BuiltSite, page: Page, axe: Axe, name: str) -> None:
    page.emulate_media(color_scheme="dark")
    goto(page, figures_site.url(PAGES[name]))
    bar = page.locator(".chart__bar").first
    assert bar.evaluate("el => getComputedStyle(el).fill") != "rgb(26, 79, 139)", "the dark scheme did not reach the chart"
    violations = axe(page)
    assert not violations, "\n".join(violations)


@pytest.mark.parametrize("name", list(PAGES))
def test_figures_do_not_scroll_sideways_at_320_px(figures_site: BuiltSite, page: Page, name: str) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    goto(page, figures_site.url(PAGES[name]))
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_charts_scale_to_the_column_and_keep_their_text_readable(figures_site: BuiltSite, page: Page) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    goto(page, figures_site.url(url_layout.STATS))
    for chart in page.locator("svg.chart").all():
        box = chart.bounding_box()
        assert box is not None and 0 < box["width"] <= 288 + 1
        size = chart.locator("text").first.evaluate("t => t.getBoundingClientRect().height")
        assert size >= 11, f"chart text is {size}px high at 320 px"


def test_a_wide_table_becomes_cards_on_a_phone_and_stays_a_table_on_a_desktop(figures_site: BuiltSite, page: Page) -> None:
    goto(page, figures_site.url(url_layout.STATS))
    cell = page.locator("#credentials-table tbody td").first
    assert cell.evaluate("td => getComputedStyle(td).display") == "table-cell"
    page.set_viewport_size({"width": 375, "height": 800})
    assert cell.evaluate("td => getComputedStyle(td).display") == "flex"
    label = cell.evaluate("td => getComputedStyle(td, '::before').content")
    assert label == '"Educators who earned it"'
    for table in page.locator("table.stats-table").all():
        box = table.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 375


def test_every_chart_has_its_numbers_in_a_table_and_a_csv(figures_site: BuiltSite, page: Page) -> None:
    for path in PAGES.values():
        goto(page, figures_site.url(path))
        for chart in page.locator("svg.chart").all():
            section = chart.locator("xpath=ancestor::section[1]")
            expect(section.locator("table")).to_have_count(1)
            link = section.locator("a[download]")
            href = link.get_attribute("href")
            assert href and href.endswith(".csv")
            response = page.request.get(figures_site.url(path) + href)
            assert response.ok and response.headers["content-type"].startswith("text/csv")
            labels = chart.locator("text.chart__label").evaluate_all(
                "texts => texts.map(t => [...t.querySelectorAll('tspan')].map(s => s.textContent).join(' '))"
            )
            assert labels == section.locator("tbody th").all_inner_texts()


def test_print_keeps_the_charts_and_tables_and_drops_the_downloads(figures_site: BuiltSite, page: Page) -> None:
    goto(page, figures_site.url(url_layout.STATS))
    page.emulate_media(media="print")
    expect(page.locator("svg.chart").first).to_be_visible()
    expect(page.locator("table.stats-table").first).to_be_visible()
    assert not page.locator(".stats-download").first.is_visible()
    assert not page.locator(".site-nav").is_visible()
    assert page.pdf(format="Letter").startswith(b"%PDF")


def test_the_credential_page_links_to_its_figures(figures_site: BuiltSite, page: Page) -> None:
    goto(page, figures_site.url(url_layout.credential("circles")))
    page.get_by_role("link", name="Earners, attempts and time to award").click()
    expect(page).to_have_url(figures_site.url(url_layout.stats_credential("circles")))
    expect(page.get_by_role("heading", level=1)).to_have_text("Figures: Community Circles")


def test_the_figures_are_valid_html(figures_site: BuiltSite, example_site: BuiltSite, nu_check) -> None:  # noqa: ANN001
    """The example's figures are checked with every page of the example (test_html_validity.py);
    these have bars, rates and medians too."""
    pages = sorted((figures_site.root / "stats").rglob("*.html"))
    assert len(pages) == 5
    assert (example_site.root / "stats/index.html") in example_site.html_files()
    errors = nu_check(pages)
    assert not errors, "\n".join(errors)
