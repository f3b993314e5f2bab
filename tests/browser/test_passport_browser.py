"""Passport pages and the educators directory in a real browser (the example site, served under a sub-path)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from credsite import urls as url_layout

from .conftest import DESKTOP_VIEWPORT, block_outside_requests

pytestmark = pytest.mark.browser

Axe = Callable[[Page], list[str]]
NARROWEST_VIEWPORT = {"width": 320, "height": 640}
ROBOTS_NOINDEX = re.compile(r'<meta name="robots" content="noindex">')


def passport_ids(root: Path) -> tuple[list[str], list[str]]:
    """(public, unlisted) portfolio ids of the built example, read from the pages themselves."""
    public, unlisted = [], []
    for page in sorted((root / "educators").glob("*/index.html")):
        pid = page.parent.name
        (unlisted if ROBOTS_NOINDEX.search(page.read_text(encoding="utf-8")) else public).append(pid)
    return public, unlisted


def richest_public_passport(root: Path) -> str:
    """The public passport with the most earned credentials: the one that shows the most."""
    public, _ = passport_ids(root)
    assert public, "the example has no public passport"
    def credentials_shown(pid: str) -> int:
        return (root / url_layout.output_file(url_layout.educator(pid))).read_text(encoding="utf-8").count("pp-credential--")

    return max(public, key=credentials_shown)


def open_all_details(page: Page) -> None:
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")


def goto(page: Page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.ok, (url, response)


@pytest.mark.parametrize("width", [1280, 375])
def test_a_public_passport_has_no_accessibility_violations(example_site, page: Page, axe: Axe, width: int) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.set_viewport_size({"width": width, "height": 800})
    goto(page, example_site.url(url_layout.educator(richest_public_passport(example_site.root))))
    open_all_details(page)  # evidence and attempts are checked too
    violations = axe(page)
    assert not violations, "\n".join(violations)
    assert page.locator("h1").count() == 1
    assert not errors, errors


@pytest.mark.parametrize("width", [1280, 375])
def test_an_unlisted_passport_has_no_accessibility_violations(example_site, page: Page, axe: Axe, width: int) -> None:
    _, unlisted = passport_ids(example_site.root)
    assert unlisted, "the example has no unlisted passport"
    page.set_viewport_size({"width": width, "height": 800})
    goto(page, example_site.url(url_layout.educator(unlisted[0])))
    open_all_details(page)
    violations = axe(page)
    assert not violations, "\n".join(violations)
    assert page.locator('meta[name="robots"][content="noindex"]').count() == 1


@pytest.mark.parametrize("width", [1280, 375])
def test_the_directory_has_no_accessibility_violations(example_site, page: Page, axe: Axe, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    goto(page, example_site.url(url_layout.EDUCATORS))
    violations = axe(page)
    assert not violations, "\n".join(violations)


def test_the_directory_lists_public_passports_only(example_site, page: Page) -> None:
    public, unlisted = passport_ids(example_site.root)
    goto(page, example_site.url(url_layout.EDUCATORS))
    listed = page.locator("#educator-cards .person-card__name a")
    hrefs = [listed.nth(i).get_attribute("href") for i in range(listed.count())]
    assert sorted(href.strip("/") for href in hrefs) == sorted(public)
    assert not set(unlisted) & {href.strip("/") for href in hrefs}


@pytest.mark.parametrize("site_path", ["educator", "directory"])
def test_passport_pages_do_not_scroll_sideways_at_320_px(example_site, page: Page, site_path: str) -> None:
    target = url_layout.EDUCATORS if site_path == "directory" else url_layout.educator(richest_public_passport(example_site.root))
    page.set_viewport_size(NARROWEST_VIEWPORT)
    goto(page, example_site.url(target))
    open_all_details(page)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= NARROWEST_VIEWPORT["width"], f"{target} is {scroll_width}px wide in a 320px viewport"


def test_the_directory_filters_cards_keeps_the_state_in_the_url_and_announces_the_count(example_site, page: Page) -> None:
    goto(page, example_site.url(url_layout.EDUCATORS))
    cards = page.locator("#educator-cards > .person-card")
    total = cards.count()
    page.locator("#filter-panel > summary").click()  # the filters are folded away at first
    select = page.locator("#filter-credential")
    expect(select).to_be_visible()  # shown by directory.js
    option = select.locator("option").nth(1)
    credential_id = option.get_attribute("value")
    expected = int(re.search(r"\((\d+)\)$", option.inner_text()).group(1))
    select.select_option(credential_id)
    expect(page.locator("#educator-cards > .person-card:visible")).to_have_count(expected)
    for i in range(total):
        card = cards.nth(i)
        holds = credential_id in (card.get_attribute("data-credentials") or "").split()
        assert card.is_visible() == holds
    expect(page.locator("#educator-count")).to_have_text(f"Matches: {expected} of {total} educators")
    assert parse_qs(urlsplit(page.url).query) == {"credential": [credential_id]}

    page.reload()  # the URL brings the filter back
    expect(page.locator("#filter-credential")).to_have_value(credential_id)
    expect(page.locator("#educator-cards > .person-card:visible")).to_have_count(expected)

    page.get_by_role("button", name="Clear filters").first.click()
    expect(page.locator("#educator-cards > .person-card:visible")).to_have_count(total)
    assert urlsplit(page.url).query == ""


def test_a_filter_with_no_match_says_so(example_site, page: Page) -> None:
    goto(page, example_site.url(url_layout.EDUCATORS))
    cards = page.locator("#educator-cards > .person-card")
    first_stack = page.locator("#filter-stack option").nth(1).get_attribute("value")
    first_topic_values = page.locator("#filter-topic option").evaluate_all("options => options.map(o => o.value)")
    def values(card_index: int, key: str) -> list[str]:
        return (cards.nth(card_index).get_attribute(f"data-{key}") or "").split()

    stack_holders = [i for i in range(cards.count()) if first_stack in values(i, "stacks")]
    covered = {topic for i in stack_holders for topic in values(i, "topics")}
    unmatched = next((t for t in first_topic_values if t and t not in covered), None)
    if unmatched is None:
        pytest.skip("every topic is held by an educator who completed the first stack")
    page.locator("#filter-panel > summary").click()
    page.locator("#filter-stack").select_option(first_stack)
    page.locator("#filter-topic").select_option(unmatched)
    expect(page.locator("#educator-empty")).to_be_visible()
    expect(page.locator("#educator-cards > .person-card:visible")).to_have_count(0)


def test_everything_is_listed_without_javascript(example_site, page_without_javascript: Page) -> None:
    page = page_without_javascript
    goto(page, example_site.url(url_layout.EDUCATORS))
    expect(page.locator("#educator-filters")).to_be_hidden()
    expect(page.locator("#educator-cards > .person-card").first).to_be_visible()
    goto(page, example_site.url(url_layout.educator(richest_public_passport(example_site.root))))
    expect(page.locator("button.pp-copy")).to_be_hidden()
    expect(page.locator("#passport-url")).to_be_visible()


def test_copy_link_copies_the_passport_url_and_announces_it(example_site, browser: Browser) -> None:
    context = browser.new_context(viewport=DESKTOP_VIEWPORT)
    context.route("**/*", block_outside_requests)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=example_site.url().rsplit("/", 2)[0])
    page = context.new_page()
    try:
        pid = richest_public_passport(example_site.root)
        goto(page, example_site.url(url_layout.educator(pid)))
        button = page.get_by_role("button", name="Copy link")
        expect(button).to_be_visible()
        button.click()
        expect(page.get_by_role("status").filter(has_text="Link copied")).to_have_count(1)
        assert page.evaluate("navigator.clipboard.readText()") == example_site.url(url_layout.educator(pid))
    finally:
        context.close()


def test_print_hides_navigation_and_controls_and_shows_the_qr_code_and_url(example_site, page: Page) -> None:
    pid = richest_public_passport(example_site.root)
    goto(page, example_site.url(url_layout.educator(pid)))
    page.emulate_media(media="print")
    for hidden in (".site-nav", ".breadcrumbs", ".site-footer", ".skip-link", "button.pp-copy", ".pp-actions", "details"):
        assert not page.locator(hidden).first.is_visible(), hidden
    qr = page.locator("img.pp-qr")
    expect(qr).to_be_visible()
    assert page.evaluate("img => img.complete && img.naturalWidth > 0", qr.element_handle())
    expect(page.locator("#passport-url")).to_have_text(example_site.url(url_layout.educator(pid)))
    expect(page.locator(".pp-print-footer")).to_be_visible()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")


@pytest.mark.parametrize("paper", ["Letter", "A4"])
def test_every_passport_prints_on_at_most_two_pages(example_site, page: Page, paper: str) -> None:
    """A passport printed to attach to an application: one or two pages."""
    passports = sorted(p.parent.name for p in (example_site.root / "educators").glob("*/index.html"))
    assert len(passports) >= 5
    page.emulate_media(media="print")
    for portfolio_id in passports:
        page.goto(example_site.url(url_layout.educator(portfolio_id)))
        pdf = page.pdf(format=paper)
        pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
        assert 1 <= pages <= 2, f"{portfolio_id} prints on {pages} {paper} pages"
