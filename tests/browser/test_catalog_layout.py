"""How the catalog pages and the directory are laid out, measured in Chromium at
1280, 375 and 320 px: nothing cut off inside a scrolling box, no word broken
across lines (addresses and file names aside), a header whose navigation never
leaves an item alone on a line, tables that become cards on a phone and stay
tables for screen readers, the first credential in the first screen, and
credential pages that print on at most three Letter pages with margins.

The checks run the same JavaScript on every page; each is first shown to find
the fault it looks for on a page made to have it, so a check that cannot fail
fails here.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest
from playwright.sync_api import Page, expect

from credsite import urls as url_layout

from .layout_checks import BROKEN_WORDS, CUT_OFF_BOXES, NAV_ROWS

pytestmark = pytest.mark.browser

Axe = Callable[[Page], list[str]]

PAGE_TYPES = {
    "home": "",
    "credential": "credentials/morning-meetings-sel/",
    "credential with a prerequisite and a cost": "credentials/check-and-connect-mentoring/",
    "retired credential": "credentials/classroom-community-circles/",
    "stack": "stacks/class-structures-sel/",
    "count pathway": "pathways/ks-renewal-mc/",
    "points pathway": "pathways/ks-renewal-points/",
    "issuer": "issuers/prairie-trails-esc/",
    "topic": "topics/literacy/",
    "educators": url_layout.EDUCATORS,
    "revocations": url_layout.STATUS_PAGE,
    "not found": "404.html",
}
PHONE = {"width": 375, "height": 800}
DESKTOP = {"width": 1280, "height": 900}
NARROWEST = {"width": 320, "height": 640}
WIDTHS = {"desktop": DESKTOP, "phone": PHONE, "narrowest": NARROWEST}
LETTER_PAGES_AT_MOST = 3
MARGIN_AT_LEAST_PT = 28  # 10 mm

def credential_ids(root: Path) -> list[str]:
    return sorted(p.parent.name for p in (root / "credentials").glob("*/index.html"))


def open_at(page: Page, url: str, viewport: dict[str, int]) -> None:
    page.set_viewport_size(viewport)
    response = page.goto(url)
    assert response is not None and (response.ok or url.endswith("404.html")), (url, response)
    page.wait_for_load_state("networkidle")  # the finder appears once its index arrives


def print_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def page_margins(pdf: bytes) -> list[tuple[float, float, float, float]]:
    """(left, top, right, bottom) margins in points of every page, read from
    Chromium's PDF: each page's content starts with the scale from CSS pixels
    and then clips to the printable area."""
    margins = []
    with pikepdf.open(io.BytesIO(pdf)) as document:
        for pdf_page in document.pages:
            width, height = float(pdf_page.mediabox[2]), float(pdf_page.mediabox[3])
            scale = None
            for operands, operator in pikepdf.parse_content_stream(pdf_page):
                if operator == pikepdf.Operator("cm") and scale is None:
                    scale = float(operands[0])
                elif operator == pikepdf.Operator("re") and scale is not None:
                    x, y, w, h = (float(value) * scale for value in operands)
                    margins.append((x, y, width - x - w, height - y - h))
                    break
            else:
                margins.append((0.0, 0.0, 0.0, 0.0))
    return margins


# --- the checks find what they look for -------------------------------------------------


def test_the_checks_find_a_cut_off_box_a_broken_word_and_a_lone_nav_item(page: Page) -> None:
    page.set_viewport_size(PHONE)
    page.set_content(
        """<!doctype html><html lang="en"><body>
        <div style="overflow-x:auto;width:100px"><table><tr><td style="white-space:nowrap">a long row of text that does not fit</td></tr></table></div>
        <p style="width:60px;overflow-wrap:anywhere">Requirements met</p>
        <p style="width:60px;overflow-wrap:anywhere"><a class="bare-url" href="https://example.org/a/long/path">https://example.org/a/long/path</a></p>
        <p style="width:90px">Social-Emotional Learning</p>
        <nav class="site-nav"><ul style="display:flex;flex-wrap:wrap;width:200px;list-style:none;padding:0">
          <li style="width:90px">One</li><li style="width:90px">Two</li><li style="width:90px">Three</li></ul></nav>
        </body></html>"""
    )
    assert page.evaluate(CUT_OFF_BOXES) == ["div: " + page.evaluate("document.querySelector('div').scrollWidth + 'px of content in 100px'")]
    broken = page.evaluate(BROKEN_WORDS)
    assert any(word.startswith('"Requirements"') for word in broken), broken
    assert not any("example.org" in word or "Social" in word or "Emotional" in word for word in broken), broken
    assert page.evaluate(NAV_ROWS) == [["One", "Two"], ["Three"]]


def test_the_margin_check_sees_a_page_printed_without_margins(page: Page) -> None:
    page.set_content("<!doctype html><html lang='en'><style>@page { margin: 0 }</style><p>Text</p></html>")
    assert min(page_margins(page.pdf(format="Letter"))[0]) < 1
    page.set_content("<!doctype html><html lang='en'><style>@page { margin: 20mm }</style><p>Text</p></html>")
    assert all(abs(side - 56.7) < 1 for side in page_margins(page.pdf(format="Letter"))[0])


# --- every page type, at every width ------------------------------------------------------


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_nothing_is_cut_off_and_no_word_is_broken(example_site, page: Page, name: str, width: str) -> None:
    open_at(page, example_site.url(PAGE_TYPES[name]), WIDTHS[width])
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")  # folded text too
    viewport = WIDTHS[width]["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport, f"{name} scrolls sideways at {viewport} px"
    cut_off = page.evaluate(CUT_OFF_BOXES)
    assert not cut_off, f"{name} at {viewport} px:\n" + "\n".join(cut_off)
    broken = page.evaluate(BROKEN_WORDS)
    assert not broken, f"{name} at {viewport} px breaks words:\n" + "\n".join(broken)


@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_no_table_sits_in_a_scrolling_box(example_site, page: Page, name: str) -> None:
    open_at(page, example_site.url(PAGE_TYPES[name]), PHONE)
    assert page.locator("main .table-wrap").count() == 0
    for table in page.locator("main table").all():
        assert "table-cards" in (table.get_attribute("class") or "").split(), "a table that does not become cards on a phone"


@pytest.mark.parametrize("width", ["desktop", "phone"])
@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_dark_colour_scheme_has_no_axe_violations(example_site, page: Page, axe: Axe, name: str, width: str) -> None:
    page.emulate_media(color_scheme="dark")
    open_at(page, example_site.url(PAGE_TYPES[name]), WIDTHS[width])
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") != "rgb(255, 255, 255)", "no dark scheme"
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    violations = axe(page)
    assert not violations, "\n".join(violations)


# --- the header ----------------------------------------------------------------------------


@pytest.mark.parametrize("width", ["phone", "narrowest"])
@pytest.mark.parametrize("name", ["home", "credential", "educators"])
def test_no_navigation_item_is_alone_on_a_line_on_a_phone(example_site, page: Page, name: str, width: str) -> None:
    open_at(page, example_site.url(PAGE_TYPES[name]), WIDTHS[width])
    rows = page.evaluate(NAV_ROWS)
    assert len(rows) <= 2 and all(len(row) >= 2 for row in rows), rows
    header = page.locator(".site-header").bounding_box()
    assert header is not None and header["height"] <= 150, f"the header is {header} at {width}"


@pytest.mark.parametrize("items", range(2, 9))
def test_a_navigation_of_two_to_eight_items_leaves_none_alone_on_a_phone(example_site, page: Page, items: int) -> None:
    """A state's theme (or a new section) can change how many items there are."""
    open_at(page, example_site.url(), PHONE)
    page.evaluate(
        """n => {
          const list = document.querySelector('.site-nav ul');
          const model = list.querySelector('li');
          list.replaceChildren(...Array.from({ length: n }, (_, i) => {
            const item = model.cloneNode(true);
            item.querySelector('a').textContent = 'Section ' + (i + 1);
            return item;
          }));
        }""",
        items,
    )
    rows = page.evaluate(NAV_ROWS)
    assert len(rows) <= 2 and all(len(row) >= 2 for row in rows), rows


def test_the_desktop_header_is_one_row(example_site, page: Page) -> None:
    open_at(page, example_site.url(PAGE_TYPES["credential"]), DESKTOP)
    assert len(page.evaluate(NAV_ROWS)) == 1
    brand = page.locator(".site-brand").bounding_box()
    nav = page.locator(".site-nav").bounding_box()
    assert brand and nav and abs((brand["y"] + brand["height"] / 2) - (nav["y"] + nav["height"] / 2)) < 12


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_the_skip_link_and_the_navigation_show_where_the_focus_is(example_site, page: Page, width: str) -> None:
    open_at(page, example_site.url(PAGE_TYPES["credential"]), WIDTHS[width])
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    expect(page.locator(".skip-link")).to_be_in_viewport()
    for _ in range(2):  # the brand, then the first navigation item
        page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.closest('.site-nav') !== null")
    assert focused
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"


# --- the catalog home ----------------------------------------------------------------------


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_the_first_credential_card_is_in_the_first_screen(example_site, page: Page, width: str) -> None:
    viewport = WIDTHS[width]
    open_at(page, example_site.url(), viewport)
    expect(page.locator("#finder")).to_be_visible()
    title = page.locator("#credential-list > li").first.locator(".card__title").bounding_box()
    assert title is not None and title["y"] + title["height"] <= viewport["height"], f"the first card's title ends at {title}"


def test_the_filters_are_folded_and_a_shared_filter_opens_them(example_site, page: Page) -> None:
    open_at(page, example_site.url(), PHONE)
    expect(page.locator("#finder-q")).to_be_visible()
    expect(page.locator("#finder-topic")).to_be_hidden()
    summary = page.locator("#finder-panel > summary")
    expect(summary).to_have_text("Filters")
    summary.focus()
    page.keyboard.press("Enter")  # a <details> opens from the keyboard
    expect(page.locator("#finder-topic")).to_be_visible()
    page.locator("#finder-topic").select_option("literacy")
    expect(summary).to_have_text("Filters (1 in use)")

    open_at(page, example_site.url("?topic=literacy&grade=prek-2"), PHONE)
    expect(page.locator("#finder-panel")).to_have_attribute("open", "")
    expect(summary).to_have_text("Filters (2 in use)")


# --- tables on a phone ---------------------------------------------------------------------


CELL_LABELS = """
table => Array.from(table.tBodies[0].rows).flatMap(row => Array.from(row.cells).filter(c => c.tagName === 'TD').map(cell => {
  const header = table.tHead.rows[0].cells[cell.cellIndex];
  const label = getComputedStyle(cell, '::before').content;
  return { header: header.firstChild.textContent.trim(), label, display: getComputedStyle(cell).display };
}))
"""


@pytest.mark.parametrize("name", ["credential", "points pathway"])
def test_a_table_becomes_labelled_cards_on_a_phone_and_stays_a_table(example_site, page: Page, name: str) -> None:
    open_at(page, example_site.url(PAGE_TYPES[name]), PHONE)
    table = page.locator("main table").first
    cells = table.evaluate(CELL_LABELS)
    assert cells
    for cell in cells:
        assert cell["display"] != "table-cell"
        # Each value is shown under its column's name (Chromium reports the
        # content before its alternative text).
        assert cell["label"].startswith('"' + cell["header"]), cell
    rows = table.locator("tbody tr")
    first, second = rows.nth(0).bounding_box(), rows.nth(1).bounding_box()
    assert first and second and second["y"] >= first["y"] + first["height"]  # cards one under another
    assert first["width"] <= PHONE["width"]
    # The accessibility tree still has a table: rows, column and row headers,
    # cells; and a cell's name is its text, without the label the column header already gives.
    tree = table.aria_snapshot()
    for role in ("table", "row", "columnheader", "rowheader", "cell"):
        assert re.search(rf"^\s*- '?{role}\b", tree, re.MULTILINE), (role, tree)
    for cell in cells:
        assert f'cell "{cell["header"]}' not in tree, tree

    open_at(page, example_site.url(PAGE_TYPES[name]), DESKTOP)
    assert all(cell["display"] == "table-cell" for cell in page.locator("main table").first.evaluate(CELL_LABELS))
    assert page.locator("main table thead").first.is_visible()


# --- the credential page -------------------------------------------------------------------


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_the_facts_are_right_under_the_title_and_the_rubric_is_full_width(example_site, page: Page, width: str) -> None:
    open_at(page, example_site.url(PAGE_TYPES["credential with a prerequisite and a cost"]), WIDTHS[width])
    heading = page.locator("h1").bounding_box()
    facts = page.locator(".fact-list")
    box = facts.bounding_box()
    assert heading and box and 0 <= box["y"] - (heading["y"] + heading["height"]) < 200
    for label in ("Issuer", "Estimated time", "Professional development points", "Valid for", "Version", "Status"):
        expect(facts.locator("dt", has_text=label)).to_have_count(1)
    expect(page.locator(".fact-lines dt", has_text="Cost")).to_have_count(1)
    rubric = page.locator("table.rubric").bounding_box()
    main = page.locator("main").bounding_box()
    padding = float(page.evaluate("parseFloat(getComputedStyle(document.querySelector('main')).paddingLeft)"))
    assert rubric and main and rubric["width"] >= main["width"] - 2 * padding - 1


def test_how_to_earn_it_links_the_evidence_the_rubric_and_the_issuer(example_site, page: Page) -> None:
    open_at(page, example_site.url(PAGE_TYPES["credential with a prerequisite and a cost"]), PHONE)
    earn = page.locator("section.earn")
    expect(earn.get_by_role("heading", name="How to earn it")).to_be_visible()
    expect(earn.get_by_role("link", name="Early Warning Indicators and Intervention")).to_be_visible()  # the prerequisite
    for anchor in ("#method", "#evidence", "#rubric"):
        expect(earn.locator(f"a[href='{anchor}']")).to_have_count(1)
        assert page.locator(anchor).count() == 1
    email = earn.get_by_role("link", name="Email Prairie Trails Education Service Center")
    expect(email).to_have_attribute("href", "mailto:credentials@example.org")
    expect(earn.get_by_role("link", name="Website of Prairie Trails Education Service Center")).to_have_attribute(
        "href", "https://prairie-trails-esc.example.org"
    )
    box = email.bounding_box()
    assert box and box["height"] >= 44
    earn.locator("a[href='#rubric']").click()
    expect(page.locator("#rubric")).to_be_in_viewport()


def test_a_retired_credential_offers_no_way_to_earn_it(example_site, page: Page) -> None:
    open_at(page, example_site.url(PAGE_TYPES["retired credential"]), PHONE)
    expect(page.locator("#retired-notice")).to_be_visible()
    expect(page.locator("section.earn")).to_have_count(0)
    expect(page.locator(".fact-list dd", has_text="Retired")).to_have_count(1)


def test_every_credential_prints_on_at_most_three_letter_pages_with_margins(example_site, page: Page) -> None:
    ids = credential_ids(example_site.root)
    assert len(ids) >= 10
    page.emulate_media(media="print")
    for credential_id in ids:
        page.goto(example_site.url(url_layout.credential(credential_id)))
        pdf = page.pdf(format="Letter")
        pages = print_pages(pdf)
        assert 1 <= pages <= LETTER_PAGES_AT_MOST, f"{credential_id} prints on {pages} Letter pages"
        for number, margins in enumerate(page_margins(pdf), 1):
            assert min(margins) >= MARGIN_AT_LEAST_PT, f"{credential_id}, page {number}: margins {margins} pt"


def test_the_printed_credential_keeps_the_rubric_and_the_contact_and_drops_the_controls(example_site, page: Page) -> None:
    page.goto(example_site.url(PAGE_TYPES["credential"]))
    page.emulate_media(media="print")
    for hidden in (".site-nav", ".breadcrumbs", ".site-footer", ".skip-link", "#holders"):
        expect(page.locator(hidden)).to_be_hidden()
    expect(page.locator("table.rubric thead")).to_be_visible()  # a real table on paper
    expect(page.locator("section.earn")).to_be_visible()
    email = page.locator("section.earn a[href^='mailto:']")
    assert "mailto:" in email.evaluate("a => getComputedStyle(a, '::after').content")
    link = page.locator("main a[href^='http']:not(.bare-url)").first
    assert link.get_attribute("href") in link.evaluate("a => getComputedStyle(a, '::after').content")
    bare = page.locator("main a.bare-url").first
    assert bare.evaluate("a => getComputedStyle(a, '::after').content") == "none"
