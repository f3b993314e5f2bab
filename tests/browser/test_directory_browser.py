"""The educators directory of a state too large for one page, in a real browser.

The example state plus enough educators for two directory pages: the filters
then take their options from the directory's filters.json and search every
page through its JSON index. The example's own directory (one page) carries
its options and works from a file:// copy.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import REPO_ROOT, BuiltSite, built_and_served
from playwright.sync_api import Page, expect

from credsite import urls as url_layout
from credsite.directory import DIRECTORY_PAGE_SIZE

from .layout_checks import BROKEN_WORDS, CUT_OFF_BOXES, NAV_ROWS

pytestmark = pytest.mark.browser

Axe = Callable[[Page], list[str]]
CLONES = DIRECTORY_PAGE_SIZE + 10  # copies of Noah Brandt's portfolio under other names
HOSTILE_NAME = '<img src=x onerror="window.pwned=1">Hostile Name'
ACCENTED_NAME = "Zoë Núñez"
CARDS = "#educator-cards > .person-card"


@pytest.fixture(scope="module")
def crowded_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuiltSite]:
    source = tmp_path_factory.mktemp("crowded")
    shutil.copytree(REPO_ROOT / "catalog", source / "catalog")
    shutil.copytree(REPO_ROOT / "portfolios", source / "portfolios")
    noah = (REPO_ROOT / "portfolios" / "noah-brandt.yaml").read_text(encoding="utf-8")
    assert noah.startswith("name: Noah Brandt\n")
    names = {f"educator-{n:03d}": f"Educator {n:03d}" for n in range(CLONES)}
    names.update({"hostile-name": HOSTILE_NAME, "zoe-nunez": ACCENTED_NAME})
    for pid, name in names.items():
        text = noah.replace("name: Noah Brandt\n", f"name: '{name}'\n", 1)
        (source / "portfolios" / f"{pid}.yaml").write_text(text, encoding="utf-8")
    with built_and_served(source, tmp_path_factory.mktemp("crowded-site") / "site") as site:
        yield site


def goto(page: Page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.ok, (url, response)


def listed_names(site: BuiltSite) -> list[str]:
    """Every name in the directory, page after page, as the built pages list them."""
    names, number = [], 1
    while (site.root / url_layout.output_file(url_layout.educators_page(number))).is_file():
        html = (site.root / url_layout.output_file(url_layout.educators_page(number))).read_text(encoding="utf-8")
        names += re.findall(r'<h2 class="person-card__name"><a href="[^"]*">([^<]*)</a>', html)
        number += 1
    return names


@pytest.mark.parametrize("width", [1280, 375, 320])
def test_a_later_page_has_no_accessibility_violations_and_fits_the_screen(crowded_site: BuiltSite, page: Page, axe: Axe, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    goto(page, crowded_site.url(url_layout.educators_page(2)))
    expect(page.locator("#educator-pages")).to_be_visible()
    expect(page.locator("#educator-filters")).to_be_visible()  # its options have arrived
    page.locator("#filter-panel > summary").click()
    violations = axe(page)
    assert not violations, "\n".join(violations)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert not page.evaluate(CUT_OFF_BOXES)
    assert not page.evaluate(BROKEN_WORDS)
    assert all(len(row) >= 2 for row in page.evaluate(NAV_ROWS))


def test_a_page_takes_its_filter_options_and_the_total_from_filters_json(crowded_site: BuiltSite, page: Page) -> None:
    filters = json.loads((crowded_site.root / url_layout.EDUCATORS_FILTERS).read_text(encoding="utf-8"))
    html = (crowded_site.root / url_layout.output_file(url_layout.educators_page(2))).read_text(encoding="utf-8")
    assert html.count("<option") == 3  # only "Any ...": the options are not in the page
    goto(page, crowded_site.url(url_layout.educators_page(2)))
    expect(page.locator("#educator-filters")).to_be_visible()
    for name, key in (("credential", "credentials"), ("stack", "stacks"), ("topic", "topics")):
        shown = page.locator(f"#filter-{name} option").evaluate_all("options => options.map(o => [o.value, o.textContent])")
        assert shown[1:] == [[o["id"], f"{o['title']} ({o['count']})"] for o in filters[key]]
    total = len(listed_names(crowded_site))
    assert filters["educators"] == total
    expect(page.locator("#educator-count")).to_have_text(f"Educators {DIRECTORY_PAGE_SIZE + 1}–{total} of {total}")


def test_without_its_filter_options_a_page_keeps_its_cards_and_hides_the_filters(crowded_site: BuiltSite, page: Page) -> None:
    page.route("**/educators/filters.json", lambda route: route.abort())
    goto(page, crowded_site.url(url_layout.educators_page(2)))
    expect(page.locator("#educator-pages")).to_be_visible()
    page.wait_for_timeout(300)
    expect(page.locator("#educator-filters")).to_be_hidden()
    expect(page.locator(CARDS)).to_have_count(len(listed_names(crowded_site)) - DIRECTORY_PAGE_SIZE)
    expect(page.locator("#educator-count")).to_have_text(f"Educators {DIRECTORY_PAGE_SIZE + 1}–{len(listed_names(crowded_site))}")


def test_a_directory_of_one_page_filters_in_place_from_a_file_copy(example_site, page: Page) -> None:
    """No server: the one-page directory needs no JSON file to filter its cards."""
    page.goto((example_site.root / url_layout.output_file(url_layout.EDUCATORS)).as_uri())
    expect(page.locator("#educator-filters")).to_be_visible()
    total = page.locator(CARDS).count()
    page.locator("#filter-panel > summary").click()
    option = page.locator("#filter-credential option").nth(1)
    holders = int(re.search(r"\((\d+)\)$", option.inner_text()).group(1))
    page.locator("#filter-credential").select_option(option.get_attribute("value"))
    expect(page.locator(CARDS + ":visible")).to_have_count(holders)
    expect(page.locator("#educator-count")).to_have_text(f"Matches: {holders} of {total} educators" if total != 1 else f"Matches: {holders} of 1 educator")


def test_the_pages_list_everyone_once_and_link_to_each_other_without_javascript(crowded_site: BuiltSite, page_without_javascript: Page) -> None:
    names = listed_names(crowded_site)
    assert len(names) == len(set(names)) > DIRECTORY_PAGE_SIZE
    page = page_without_javascript
    goto(page, crowded_site.url(url_layout.EDUCATORS))
    expect(page.locator("#educator-filters")).to_be_hidden()
    expect(page.locator(CARDS)).to_have_count(DIRECTORY_PAGE_SIZE)
    page.get_by_role("link", name="Next page").click()
    expect(page).to_have_url(crowded_site.url(url_layout.educators_page(2)))
    expect(page.locator(CARDS)).to_have_count(len(names) - DIRECTORY_PAGE_SIZE)
    expect(page.get_by_role("link", name="Page 2")).to_have_attribute("aria-current", "page")
    page.get_by_role("link", name="Previous page").click()
    expect(page).to_have_url(crowded_site.url(url_layout.EDUCATORS))


def test_a_filter_searches_every_page_and_shows_more_on_request(crowded_site: BuiltSite, page: Page, axe: Axe) -> None:
    goto(page, crowded_site.url(url_layout.educators_page(2)))
    page.locator("#filter-panel > summary").click()
    select = page.locator("#filter-credential")
    option = select.locator("option", has_text="Designing Technology-Rich Learning")  # from filters.json
    holders = int(re.search(r"\((\d+)\)$", option.inner_text()).group(1))
    assert holders > DIRECTORY_PAGE_SIZE  # so the list comes in two batches
    total = len(listed_names(crowded_site))
    select.select_option(option.get_attribute("value"))
    expect(page.locator("#educator-count")).to_have_text(f"Matches: {holders} of {total} educators")
    expect(page.locator(CARDS)).to_have_count(DIRECTORY_PAGE_SIZE)
    expect(page.locator("#educator-pages")).to_be_hidden()  # the matches come from every page
    expect(page.locator(CARDS).filter(has_text="Angela Pruitt")).to_have_count(1)  # from page 1
    violations = axe(page)
    assert not violations, "\n".join(violations)

    page.get_by_role("button", name="Show more educators").click()
    expect(page.locator(CARDS)).to_have_count(holders)
    expect(page.get_by_role("button", name="Show more educators")).to_be_hidden()
    expect(page.locator(CARDS).nth(DIRECTORY_PAGE_SIZE).locator("a").first).to_be_focused()

    page.get_by_role("button", name="Clear filters").first.click()
    expect(page.locator(CARDS)).to_have_count(total - DIRECTORY_PAGE_SIZE)  # page 2's own cards again
    expect(page.locator("#educator-pages")).to_be_visible()
    expect(page.locator("#educator-count")).to_have_text(f"Educators {DIRECTORY_PAGE_SIZE + 1}–{total} of {total}")
    assert urlsplit(page.url).query == ""


def test_a_search_ignores_accents_and_case_and_is_kept_in_the_url(crowded_site: BuiltSite, page: Page) -> None:
    goto(page, crowded_site.url(url_layout.educators_page(2)))  # last by name, so on the last page
    as_built = page.locator(CARDS).filter(has_text=ACCENTED_NAME).inner_text()
    goto(page, crowded_site.url(url_layout.EDUCATORS))
    page.locator("#filter-text").fill("zoe nunez")
    expect(page.locator(CARDS)).to_have_count(1)
    card = page.locator(CARDS).first
    expect(card.locator(".person-card__name")).to_have_text(ACCENTED_NAME)
    assert card.inner_text() == as_built  # the card made from the index is the page's card
    href = card.locator(".person-card__name a").get_attribute("href")
    assert href == crowded_site.url(url_layout.educator("zoe-nunez"))
    assert parse_qs(urlsplit(page.url).query) == {"q": ["zoe nunez"]}

    page.reload()  # the URL brings the search back
    expect(page.locator("#filter-text")).to_have_value("zoe nunez")
    expect(page.locator(CARDS)).to_have_count(1)
    card.locator(".person-card__name a").click()
    expect(page).to_have_url(crowded_site.url(url_layout.educator("zoe-nunez")))


def test_names_from_the_index_are_shown_as_text(crowded_site: BuiltSite, page: Page) -> None:
    goto(page, crowded_site.url(url_layout.EDUCATORS))
    page.locator("#filter-text").fill("onerror")
    expect(page.locator(CARDS)).to_have_count(1)
    expect(page.locator(CARDS).first.locator(".person-card__name")).to_have_text(HOSTILE_NAME)
    assert page.locator("#educator-cards img[src='x']").count() == 0
    assert page.evaluate("window.pwned") is None


def test_a_search_without_a_match_says_so(crowded_site: BuiltSite, page: Page) -> None:
    goto(page, crowded_site.url(url_layout.educators_page(2)))
    page.locator("#filter-text").fill("nobody by this name")
    expect(page.locator("#educator-empty")).to_be_visible()
    expect(page.locator(CARDS)).to_have_count(0)
    expect(page.locator("#educator-more")).to_be_hidden()


def test_the_directory_pages_are_valid_html(crowded_site: BuiltSite, nu_check: Callable[[list[Path]], list[str]]) -> None:
    pages = sorted((crowded_site.root / url_layout.EDUCATORS).glob("**/page_*/index.html"))
    assert pages
    errors = nu_check([crowded_site.root / url_layout.output_file(url_layout.EDUCATORS), *pages])
    assert not errors, "\n".join(errors)


def test_filters_cleared_while_the_index_loads_leave_the_page_as_it_was(crowded_site: BuiltSite, page: Page) -> None:
    held: list = []
    page.route("**/educators/directory.json", lambda route: held.append(route))  # it arrives when the test says so
    goto(page, crowded_site.url(url_layout.educators_page(2)))
    own_cards = page.locator(CARDS).count()
    page.locator("#filter-panel > summary").click()
    page.locator("#filter-credential").select_option(index=1)
    expect(page.locator("#educator-count")).to_have_text("Loading the list of educators…")
    page.get_by_role("button", name="Clear filters").first.click()
    expect(page.locator("#educator-pages")).to_be_visible()
    assert len(held) == 1
    held[0].continue_()
    page.wait_for_timeout(300)  # the index arrives, and changes nothing now
    expect(page.locator(CARDS)).to_have_count(own_cards)
    expect(page.locator("#educator-pages")).to_be_visible()
    expect(page.locator("#educator-more")).to_be_hidden()
    assert page.locator("#educator-count").inner_text().startswith("Educators 101–")


def test_an_index_that_cannot_be_loaded_is_reported_and_the_page_stays(crowded_site: BuiltSite, page: Page) -> None:
    page.route("**/educators/directory.json", lambda route: route.abort())
    goto(page, crowded_site.url(url_layout.educators_page(2)))
    page.locator("#filter-text").fill("educator")
    expect(page.locator("#educator-count")).to_have_text(
        "The filters could not load the list of educators. Reload the page to try again."
    )
    expect(page.locator(CARDS)).to_have_count(len(listed_names(crowded_site)) - DIRECTORY_PAGE_SIZE)
