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
    expect(page.locator("#pp-share")).to_be_hidden()
    expect(page.locator("#passport-url")).to_be_visible()
    expect(page.locator("[data-checked]")).to_be_hidden()  # the day of the last check needs the script
    expect(page.locator(".pp-trust")).to_contain_text("Status last changed")


def test_print_hides_navigation_and_controls_and_shows_the_qr_code_and_url(example_site, page: Page) -> None:
    pid = richest_public_passport(example_site.root)
    goto(page, example_site.url(url_layout.educator(pid)))
    page.emulate_media(media="print")
    for hidden in (".site-nav", ".breadcrumbs", ".site-footer", ".skip-link", "#pp-share", ".pp-actions", ".pp-wallet", "details", ".pp-tiles"):
        assert not page.locator(hidden).first.is_visible(), hidden
    qr = page.locator(".pp-qr svg")
    expect(qr).to_be_visible()
    box = qr.bounding_box()
    assert box is not None and box["width"] >= 100  # about 34 mm: scannable from paper
    expect(page.locator("#passport-url")).to_have_text(example_site.url(url_layout.educator(pid)))
    expect(page.locator(".pp-print")).to_be_visible()
    expect(page.locator(".pp-verdict")).to_be_visible()
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


# --- the first screen ----------------------------------------------------------------------------------

DESKTOP_FOLD = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 800}
MIN_TARGET_PX = 44

# What the example's licenses say, one case each: met by the only route, met by
# the second of two routes, a total reached with a bucket short, points short,
# and a rolling window (no license expiry) with nothing counted yet.
VERDICTS = {
    "maria-delgado": ("Met", "Meets the Professional License (KS) renewal requirements through "
                      "“Professional license renewal — micro-credential route”."),
    "angela-pruitt": ("Met", "Meets the Professional License (KS) renewal requirements through “Micro-credential renewal pilot”."),
    "ryan-kessler": ("In progress", "Needs 1 more credential in “Kansas State Board Outcomes” by 30 June 2029 to meet the "
                     "Professional License (KS) renewal requirements through “Professional license renewal — micro-credential route”."),
    "noah-brandt": ("In progress", "Needs 13 more points by 30 June 2030 to meet the Professional License (KS) renewal "
                    "requirements through “Professional license renewal — points route”."),
    "aaliyah-brooks": ("Not started", "Needs 2 more micro-credentials to meet the Initial License (KS) renewal requirements "
                       "through “Micro-credential renewal pilot”, counting learning from the last 5 years."),
}


def every_passport(root: Path) -> list[str]:
    public, unlisted = passport_ids(root)
    return sorted(public + unlisted)


def passport_with_past_credentials(root: Path) -> str:
    for pid in every_passport(root):
        if 'id="past-heading"' in (root / url_layout.output_file(url_layout.educator(pid))).read_text(encoding="utf-8"):
            return pid
    raise AssertionError("the example has no passport with an expired or revoked credential")


def top_of(page: Page, selector: str) -> float:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return box["y"] + page.evaluate("window.scrollY")


@pytest.mark.parametrize(("viewport", "screens"), [(DESKTOP_FOLD, 1), (PHONE, 2)], ids=["1280", "375"])
def test_the_first_tile_and_the_verdict_come_first(example_site, page: Page, viewport: dict, screens: int) -> None:
    """At 1280×900 the first badge tile is above the fold; on a 375×800 phone within two screens."""
    page.set_viewport_size(viewport)
    checked = 0
    for pid in every_passport(example_site.root):
        goto(page, example_site.url(url_layout.educator(pid)))
        if page.locator(".pp-tiles > li").count() == 0:
            continue
        tile = top_of(page, ".pp-tiles > li") + 56  # the tile's badge and title showing
        assert tile <= screens * viewport["height"], f"{pid}: the first tile starts at {tile:.0f}px"
        if page.locator(".pp-verdict").count():
            assert top_of(page, ".pp-verdict") < top_of(page, ".pp-tiles"), pid
        checked += 1
    assert checked >= 5


@pytest.mark.parametrize("pid", sorted(VERDICTS))
def test_the_renewal_verdict_says_where_the_license_stands_in_words_and_an_icon(example_site, page: Page, pid: str) -> None:
    state, sentence = VERDICTS[pid]
    goto(page, example_site.url(url_layout.educator(pid)))
    verdict = page.locator(".pp-verdict__text")
    expect(verdict).to_have_count(1)
    assert " ".join(verdict.inner_text().split()) == f"{state} {sentence}"
    icon = page.evaluate("element => getComputedStyle(element, '::before').content", verdict.locator(".pp-state").element_handle())
    assert icon not in ("none", "normal", '""'), icon  # never colour alone: an icon beside the words


def test_routes_not_used_fold_away(example_site, page: Page) -> None:
    goto(page, example_site.url(url_layout.educator("angela-pruitt")))  # met by the pilot, not by the other route
    other = page.locator("#renewal ~ details")
    expect(other.locator("summary")).to_have_text("1 other renewal route")
    expect(other.locator(".pp-route")).to_be_hidden()
    other.locator("summary").click()
    expect(other.locator(".pp-route h3")).to_have_text("Professional license renewal — micro-credential route")


def test_a_tile_links_to_its_credential_below(example_site, page: Page) -> None:
    goto(page, example_site.url(url_layout.educator(richest_public_passport(example_site.root))))
    tile = page.locator(".pp-tiles > li").first
    anchor = tile.locator("a").get_attribute("href") or ""
    tile.click(position={"x": 8, "y": 8})  # anywhere on the tile
    expect(page).to_have_url(re.compile(re.escape(anchor) + "$"))
    expect(page.locator(f"article{anchor}")).to_be_in_viewport()


def test_past_credentials_are_apart_and_the_counts_agree(example_site, page: Page) -> None:
    pid = passport_with_past_credentials(example_site.root)
    goto(page, example_site.url(url_layout.educator(pid)))
    past = page.locator("section[aria-labelledby=past-heading] article")
    current = page.locator("section[aria-labelledby=current-heading] article")
    assert past.count() >= 1
    expect(past.locator("a[href*='linkedin.com']")).to_have_count(0)
    expect(page.locator(".pp-tiles > li")).to_have_count(current.count())
    counts = page.locator(".pp-held > p").first.inner_text()
    assert f"{current.count()} current micro-credential" in counts, counts
    goto(page, example_site.url(url_layout.EDUCATORS))
    card = page.locator(".pp-card", has=page.locator(f".pp-card__name a[href='{pid}/']"))
    if card.count():  # listed: the directory says the same
        assert counts in card.locator(".pp-card__counts").inner_text()


def test_the_page_says_when_statuses_were_last_checked(example_site, page: Page) -> None:
    goto(page, example_site.url(url_layout.educator(richest_public_passport(example_site.root))))
    expect(page.locator("[data-checked]")).to_have_text("Checked 24 November 2026.")  # status/checked.json of the build


# --- nothing cut off, no word broken, targets big enough ------------------------------------------------

CUT_OFF = """
() => {
  const cut = [];
  for (const element of document.querySelectorAll("main *")) {
    const style = getComputedStyle(element);
    const clips = [style.overflowX, style.overflowY].some((value) => value !== "visible");
    // Screen-reader-only boxes (1 px, clipped) hide their content on purpose.
    const readerOnly = element.closest(".visually-hidden") || (element.clientWidth <= 1 && element.clientHeight <= 1);
    if (!clips || readerOnly || !element.getClientRects().length) continue;
    if (element.scrollWidth > element.clientWidth + 1 || element.scrollHeight > element.clientHeight + 1) {
      cut.push(`${element.localName}.${element.className}: ${element.scrollWidth}x${element.scrollHeight} in ${element.clientWidth}x${element.clientHeight}`);
    }
  }
  return cut;
}
"""

# Words split across two line boxes. A break after a hyphen or slash is where a
# line may break; addresses and file names may break anywhere.
BROKEN_WORDS = """
() => {
  const broken = [];
  const hidden = (element) => {
    for (let at = element; at && at.localName !== "main"; at = at.parentElement) {
      if (at.clientWidth <= 1 && at.clientHeight <= 1 && at.getClientRects().length) return true;  // screen readers only
    }
    return false;
  };
  const walker = document.createTreeWalker(document.querySelector("main"), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest(".visually-hidden, .pp-url, script, style, svg") || !parent.getClientRects().length || hidden(parent)) continue;
    const text = node.textContent;
    const tokens = /\\S+/g;
    for (let token = tokens.exec(text); token; token = tokens.exec(text)) {
      if (/^(https?:|www\\.)|@|\\.(pdf|jpe?g|png|json)\\W*$/i.test(token[0])) continue;  // addresses and file names
      const words = /[^\\-\\u2010-\\u2014\\/]+/g;
      for (let word = words.exec(token[0]); word; word = words.exec(token[0])) {
        const range = document.createRange();
        range.setStart(node, token.index + word.index);
        range.setEnd(node, token.index + word.index + word[0].length);
        const rects = Array.from(range.getClientRects()).filter((rect) => rect.width > 0);
        if (new Set(rects.map((rect) => Math.round(rect.bottom))).size > 1) {
          broken.push(`${word[0]} (in ${parent.localName}.${parent.className})`);
        }
      }
    }
  }
  return broken;
}
"""


def open_everything(page: Page) -> None:
    open_all_details(page)
    page.wait_for_timeout(50)


@pytest.mark.parametrize("width", [1280, 375, 320])
def test_nothing_is_cut_off_and_no_word_breaks_across_lines(example_site, page: Page, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    for pid in every_passport(example_site.root):
        goto(page, example_site.url(url_layout.educator(pid)))
        open_everything(page)
        assert not (cut := page.evaluate(CUT_OFF)), f"{pid} at {width}px: {cut}"
        assert not (broken := page.evaluate(BROKEN_WORDS)), f"{pid} at {width}px: {broken}"
    goto(page, example_site.url(url_layout.VERIFY))
    assert not page.evaluate(CUT_OFF) and not page.evaluate(BROKEN_WORDS)


def test_the_word_check_finds_a_word_broken_across_lines(example_site, page: Page) -> None:
    page.set_viewport_size({"width": 320, "height": 800})
    goto(page, example_site.url(url_layout.VERIFY))
    page.evaluate("""() => {
      const p = document.createElement("p");
      p.style.cssText = "width: 4em; overflow-wrap: anywhere";
      p.textContent = "Requirements";
      document.querySelector("main").append(p);
    }""")
    assert page.evaluate(BROKEN_WORDS) == ["Requirements (in p.)"]


def test_main_actions_are_at_least_44_px_on_a_phone(example_site, page: Page) -> None:
    page.set_viewport_size(PHONE)
    goto(page, example_site.url(url_layout.educator(richest_public_passport(example_site.root))))
    targets = page.locator("#pp-share, .pp-actions a, .pp-wallet a, .pp-wallet button, main summary")
    assert targets.count() >= 6
    for index in range(targets.count()):
        target = targets.nth(index)
        target.scroll_into_view_if_needed()
        box = target.bounding_box()
        assert box is not None and box["height"] >= MIN_TARGET_PX and box["width"] >= MIN_TARGET_PX, (target.inner_text(), box)


# --- sharing --------------------------------------------------------------------------------------------

NO_SHARE_SHEET = "Object.defineProperty(Navigator.prototype, 'share', { value: undefined, configurable: true });"
SHARE_SHEET = """
window.__shared = [];
Object.defineProperty(Navigator.prototype, 'share', { configurable: true, value: function (data) {
  window.__shared.push(data);
  return window.__shareFails ? Promise.reject(new DOMException('blocked', window.__shareFails)) : Promise.resolve();
} });
"""


def sharing_page(browser: Browser, example_site, script: str) -> tuple[Page, Callable[[], None]]:
    context = browser.new_context(viewport=PHONE)
    context.route("**/*", block_outside_requests)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=example_site.url().rsplit("/", 2)[0])
    context.add_init_script(script)
    page = context.new_page()
    goto(page, example_site.url(url_layout.educator(richest_public_passport(example_site.root))))
    return page, context.close


def test_without_a_share_sheet_the_button_copies_the_link_and_says_so(example_site, browser: Browser) -> None:
    page, close = sharing_page(browser, example_site, NO_SHARE_SHEET)
    try:
        button = page.locator("#pp-share")
        expect(button).to_have_text("Copy link")
        button.click()
        expect(page.get_by_role("status").filter(has_text="Link copied")).to_have_count(1)
        assert page.evaluate("navigator.clipboard.readText()") == page.locator("#passport-url").inner_text()
    finally:
        close()


def test_with_a_share_sheet_the_button_opens_it_with_the_passport_address(example_site, browser: Browser) -> None:
    page, close = sharing_page(browser, example_site, SHARE_SHEET)
    try:
        button = page.locator("#pp-share")
        expect(button).to_have_text("Share")
        button.click()
        page.wait_for_function("window.__shared.length === 1")
        shared = page.evaluate("window.__shared[0]")
        assert shared["url"] == page.locator("#passport-url").inner_text() and shared["title"]
        page.evaluate("window.__shareFails = 'AbortError'")  # the sheet closed: nothing else happens
        button.click()
        page.wait_for_function("window.__shared.length === 2")
        page.wait_for_timeout(200)
        expect(page.get_by_role("status").filter(has_text="Link copied")).to_have_count(0)
        page.evaluate("window.__shareFails = 'NotAllowedError'")  # the sheet refused: the link is copied instead
        button.click()
        expect(page.get_by_role("status").filter(has_text="Link copied")).to_have_count(1)
    finally:
        close()


# --- accessibility, every kind of passport, both widths, both schemes -----------------------------------


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 375])
def test_passports_and_the_verify_page_have_no_accessibility_violations(example_site, browser: Browser, axe: Axe, width: int, scheme: str) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
    context.route("**/*", block_outside_requests)
    page = context.new_page()
    try:
        for pid in every_passport(example_site.root):
            goto(page, example_site.url(url_layout.educator(pid)))
            open_everything(page)
            assert not (violations := axe(page)), f"{pid} ({width}px, {scheme}):\n" + "\n".join(violations)
        goto(page, example_site.url(url_layout.VERIFY))
        assert not (violations := axe(page)), f"verify page ({width}px, {scheme}):\n" + "\n".join(violations)
    finally:
        context.close()
