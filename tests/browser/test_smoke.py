"""Smoke tests for the browser harness and the example site's home page."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

NARROWEST_VIEWPORT = {"width": 320, "height": 640}


def test_axe_reports_a_page_with_known_violations(page: Page, axe: Callable[[Page], list[str]]) -> None:
    page.set_content("<!doctype html><title>t</title><img src='x.png'>")
    violations = axe(page)
    assert any(line.startswith("image-alt (critical)") for line in violations), violations
    assert any(line.startswith("html-has-lang") for line in violations), violations


@pytest.mark.parametrize("width", [1280, 375])
def test_home_page_has_a_heading_and_no_accessibility_violations(
    example_site, page: Page, axe: Callable[[Page], list[str]], width: int
) -> None:
    page_errors: list[str] = []
    page.on("pageerror", lambda error: page_errors.append(str(error)))
    page.set_viewport_size({"width": width, "height": 800})
    response = page.goto(example_site.url())
    assert response is not None and response.ok, response
    assert page.locator("h1").count() >= 1
    violations = axe(page)
    assert not violations, "\n".join(violations)
    assert not page_errors, page_errors


def test_home_page_does_not_scroll_sideways_at_320_px(example_site, page: Page) -> None:
    page.set_viewport_size(NARROWEST_VIEWPORT)
    page.goto(example_site.url())
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= NARROWEST_VIEWPORT["width"], f"the page is {scroll_width}px wide in a 320px viewport"
