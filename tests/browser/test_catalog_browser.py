"""The catalog pages in headless Chromium: accessibility, reflow, search, filters, keyboard and print.

Runs against the example site, built once and served under /microcredentials/
(see tests/conftest.py), so every link that forgets the sub-path breaks here.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, expect


pytestmark = pytest.mark.browser

Axe = Callable[[Page], list[str]]

PAGE_TYPES = {
    "home": "",
    "credential": "credentials/morning-meetings-sel/",
    "retired credential": "credentials/classroom-community-circles/",
    "stack": "stacks/class-structures-sel/",
    "count pathway": "pathways/ks-renewal-mc/",
    "points pathway": "pathways/ks-renewal-points/",
    "issuer": "issuers/prairie-trails-esc/",
    "topic": "topics/literacy/",
    "not found": "404.html",
}
VISIBLE_CARDS = "#credential-list > li.card:visible"


def search_index(example_site) -> list[dict]:
    return json.loads((example_site.root / "search-index.json").read_text(encoding="utf-8"))


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def open_home(page: Page, example_site, query: str = "") -> None:
    page.goto(example_site.url() + query)
    expect(page.locator("#finder")).to_be_visible()  # shown once the search index has loaded


@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_catalog_page_types_have_no_axe_violations(example_site, page: Page, axe: Axe, name: str, width: int) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.set_viewport_size({"width": width, "height": 900})
    response = page.goto(example_site.url(PAGE_TYPES[name]))
    assert response is not None and response.ok
    assert page.locator("h1").count() == 1
    violations = axe(page)
    assert not violations, "\n".join(violations)
    assert not errors, errors


@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_catalog_page_types_do_not_scroll_sideways_at_320_px(example_site, page: Page, name: str) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(example_site.url(PAGE_TYPES[name]))
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 320, f"{name} is {scroll_width}px wide in a 320px viewport"


def test_missing_page_gets_the_styled_404_page_at_any_depth(example_site, page: Page) -> None:
    response = page.goto(example_site.url("credentials/no-such-thing/deeper/"))
    assert response is not None and response.status == 404
    expect(page.locator("h1")).to_have_text("Page not found")
    # The stylesheet loaded through a root-relative link: the skip link is positioned off-screen.
    assert page.evaluate("getComputedStyle(document.querySelector('.skip-link')).position") == "absolute"
    page.get_by_label("Search titles, summaries and competencies").fill("dialogic")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/microcredentials/?q=dialogic")
    expect(page.locator(VISIBLE_CARDS)).to_have_count(1)


def test_search_narrows_as_you_type_and_announces_the_count(example_site, page: Page) -> None:
    entries = search_index(example_site)
    open_home(page, example_site)
    status = page.locator("#finder-status")
    expect(status).to_have_attribute("aria-live", "polite")
    expect(page.locator(VISIBLE_CARDS)).to_have_count(len(entries))

    page.locator("#finder-q").press_sequentially("read")
    expected = [e for e in entries if "read" in fold(" ".join([e["title"], e["summary"], e["competency"]]))]
    assert 0 < len(expected) < len(entries)
    expect(page.locator(VISIBLE_CARDS)).to_have_count(len(expected))
    expect(status).to_have_text(f"{len(expected)} of {len(entries)} micro-credentials shown")

    page.locator("#finder-q").press_sequentially("ing dialogic")
    expect(page.locator(VISIBLE_CARDS)).to_have_count(1)
    expect(page.locator(VISIBLE_CARDS).get_by_role("link")).to_have_text("Dialogic Reading for School Readiness")


def test_search_with_no_match_says_so_and_clear_restores_everything(example_site, page: Page) -> None:
    entries = search_index(example_site)
    open_home(page, example_site)
    page.locator("#finder-q").fill("zzqxj")
    expect(page.locator(VISIBLE_CARDS)).to_have_count(0)
    expect(page.locator("#finder-empty")).to_be_visible()
    page.get_by_role("button", name="Clear search and filters").click()
    expect(page.locator(VISIBLE_CARDS)).to_have_count(len(entries))
    expect(page.locator("#finder-empty")).to_be_hidden()
    expect(page.locator("#finder-q")).to_be_focused()
    assert urlsplit(page.url).query == ""


def test_a_filter_updates_the_url_and_a_reload_restores_it(example_site, page: Page) -> None:
    in_topic = [e for e in search_index(example_site) if "literacy" in e["topics"]]
    open_home(page, example_site)
    page.get_by_text("Filters", exact=True).click()  # they are folded away at first
    page.get_by_label("Topic", exact=True).select_option("literacy")
    expect(page.locator(VISIBLE_CARDS)).to_have_count(len(in_topic))
    assert parse_qs(urlsplit(page.url).query) == {"topic": ["literacy"]}

    page.get_by_label("Grade band", exact=True).select_option("prek-2")
    both = [e for e in in_topic if "prek-2" in e["grade_bands"]]
    expect(page.locator(VISIBLE_CARDS)).to_have_count(len(both))
    assert parse_qs(urlsplit(page.url).query) == {"topic": ["literacy"], "grade": ["prek-2"]}

    page.reload()
    expect(page.locator("#finder")).to_be_visible()
    expect(page.get_by_label("Topic", exact=True)).to_have_value("literacy")
    expect(page.get_by_label("Grade band", exact=True)).to_have_value("prek-2")
    expect(page.locator(VISIBLE_CARDS)).to_have_count(len(both))


def test_a_shared_link_opens_the_filtered_view(example_site, page: Page) -> None:
    entries = search_index(example_site)
    issuer_and_text = [
        e for e in entries if e["issuer"] == "ksde" and "family" in fold(" ".join([e["title"], e["summary"], e["competency"]]))
    ]
    open_home(page, example_site, "?q=Family&issuer=ksde&role=not-a-role")
    expect(page.locator("#finder-q")).to_have_value("Family")
    expect(page.get_by_label("Role", exact=True)).to_have_value("")  # unknown values are ignored
    expect(page.locator(VISIBLE_CARDS)).to_have_count(len(issuer_and_text))


def test_without_javascript_every_credential_is_listed(example_site, page_without_javascript: Page) -> None:
    page = page_without_javascript
    page.goto(example_site.url("?topic=literacy"))
    expect(page.locator(VISIBLE_CARDS)).to_have_count(len(search_index(example_site)))
    expect(page.locator("#finder")).to_be_hidden()


def test_first_tab_reaches_the_skip_link_which_moves_focus_to_main(example_site, page: Page) -> None:
    page.goto(example_site.url(PAGE_TYPES["credential"]))
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineWidth")
    assert float(outline.removesuffix("px")) >= 2
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")


def test_keyboard_reaches_the_search_and_filters_in_order(example_site, page: Page) -> None:
    open_home(page, example_site)
    page.locator("#finder-q").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.matches('#finder-panel > summary')")
    page.keyboard.press("Enter")  # opens the folded filters
    order = []
    for _ in range(6):
        page.keyboard.press("Tab")
        order.append(page.evaluate("document.activeElement.id"))
    assert order == ["finder-topic", "finder-grade", "finder-role", "finder-stack", "finder-issuer", "finder-clear"]
