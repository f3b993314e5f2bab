"""The payload site in Chromium: no user text runs as script on any page.

Every text field of the catalog and of a portfolio holds script tags, event
handlers, attribute breakers and dangerous links (see ``tests/test_injection.py``).
Each page is loaded with traps set before any of its own script runs: a
write to ``window.__pwned`` or a call to ``alert``/``confirm``/``prompt``
is recorded, and so is any dialog. The live DOM is then searched for event
handler attributes, dangerous URLs, frames and foreign scripts, and its
text for evaluated template syntax and doubly escaped text.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pytest
from conftest import SITE_MOUNT, SiteRequestHandler, SiteServer
from playwright.sync_api import Dialog, Page
from test_injection import PAYLOADS, TEMPLATE_EXPRESSION, TEMPLATE_STATEMENT, build_payload_site

pytestmark = pytest.mark.browser

TRAPS = """
(() => {
  const hits = [];
  Object.defineProperty(window, "__xssHits", { value: hits });
  Object.defineProperty(window, "__pwned", {
    configurable: false,
    get() { return undefined; },
    set(value) { hits.push("window.__pwned = " + String(value)); },
  });
  for (const name of ["alert", "confirm", "prompt", "print"]) {
    window[name] = (...args) => { hits.push(name + "(" + args.map(String).join(", ") + ")"); };
  }
})();
"""

# Runs in the page: every way user text could have become live markup.
DOM_PROBLEMS = """
(assetsUrl) => {
  const problems = [];
  const urlAttributes = ["href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "ping"];
  const dangerous = ["javascript:", "vbscript:", "data:text"];
  for (const element of document.querySelectorAll("*")) {
    for (const attribute of element.attributes) {
      const name = attribute.name.toLowerCase();
      if (name.startsWith("on")) {
        problems.push(`<${element.localName}> has an event handler attribute ${name}`);
      }
      if (name === "srcdoc") {
        problems.push(`<${element.localName}> has srcdoc`);
      }
      if (urlAttributes.includes(name)) {
        // As a browser reads a URL: ASCII whitespace and controls dropped, case ignored.
        const squeezed = attribute.value.replace(/[\\u0000-\\u0020]/g, "").toLowerCase();
        if (dangerous.some((scheme) => squeezed.startsWith(scheme))) {
          problems.push(`<${element.localName} ${name}="${attribute.value}">`);
        }
      }
    }
  }
  for (const element of document.querySelectorAll("iframe, frame, frameset, object, embed, applet, base, meta[http-equiv], form[action^='javascript' i]")) {
    problems.push(`<${element.localName}> element`);
  }
  for (const script of document.querySelectorAll("script")) {
    const jsonLd = script.type === "application/ld+json" && !script.src;
    if (!jsonLd && !(script.src && script.src.startsWith(assetsUrl))) {
      problems.push(`foreign <script>: ${script.outerHTML.slice(0, 120)}`);
    }
  }
  for (const svg of document.querySelectorAll("svg")) {
    // The passport's QR code and the figures' charts are drawn by credsite from numbers and interface text.
    if (!svg.closest(".pp-qr, .stats-chart")) {
      problems.push(`inline <svg> outside the passport's QR code and the figures' charts: ${svg.outerHTML.slice(0, 120)}`);
    }
  }
  for (const image of document.querySelectorAll("img")) {
    if (!image.src.startsWith(assetsUrl.replace(/assets\\/$/, ""))) {
      problems.push(`<img> from elsewhere: ${image.outerHTML.slice(0, 120)}`);
    }
  }
  return problems;
}
"""

# Escaped twice: what an author typed as "<img" showing as "&lt;img". Entities
# may show only where the author typed them (the payloads that hold one).
DOUBLE_ESCAPED_TEXT = re.compile(r"&(?:amp|quot|apos|gt|lt|#\d+|#x[0-9a-f]+);", re.IGNORECASE)
TYPED_ENTITIES = tuple(payload for payload in PAYLOADS if "&" in payload)
TEMPLATE_RESULT = re.compile(r"(?<!%\})EVALUATED|(?<![\d.])49(?![\d.])")
PAGE_SETTLE = "networkidle"  # catalog.js fetches the search index after load and rebuilds the list from it


@dataclass(frozen=True)
class ServedSite:
    root: Path
    base_url: str

    def page_urls(self) -> list[str]:
        urls = []
        for page in sorted(self.root.rglob("*.html")):
            relative = page.relative_to(self.root).as_posix()
            urls.append(self.base_url + (relative.removesuffix("index.html") if page.name == "index.html" else relative))
        return urls


@pytest.fixture(scope="module")
def payload_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    workspace = tmp_path_factory.mktemp("injection-browser")
    out = workspace / "site"
    server = SiteServer(("127.0.0.1", 0), partial(SiteRequestHandler, directory=str(out)))
    thread = threading.Thread(target=server.serve_forever, name="payload-site-server", daemon=True)
    thread.start()
    try:
        base_url = f"http://127.0.0.1:{server.server_port}{SITE_MOUNT}"
        build_payload_site(workspace, base_url)
        yield ServedSite(out, base_url)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def page_problems(page: Page, url: str, assets_url: str) -> list[str]:
    response = page.goto(url, wait_until=PAGE_SETTLE)
    if response is None or not response.ok:
        return [f"HTTP {response.status if response else 'no response'}"]
    problems = [f"script ran: {hit}" for hit in page.evaluate("window.__xssHits")]
    if page.evaluate("typeof window.__pwned") != "undefined":
        problems.append("window.__pwned is defined")
    problems += page.evaluate(DOM_PROBLEMS, assets_url)
    text = page.evaluate("document.title + '\\n' + document.body.textContent")
    if TEMPLATE_EXPRESSION not in text:
        problems.append(f"the literal {TEMPLATE_EXPRESSION} is not shown")
    problems += [f"template evaluated: {found!r}" for found in TEMPLATE_RESULT.findall(text.replace(TEMPLATE_STATEMENT, ""))]
    for typed in TYPED_ENTITIES:
        text = text.replace(typed, "")
    problems += [f"doubly escaped text shown: {found}" for found in sorted(set(DOUBLE_ESCAPED_TEXT.findall(text)))]
    return problems


def test_no_payload_runs_or_reaches_the_dom_on_any_page(payload_site: ServedSite, page: Page) -> None:
    dialogs: list[str] = []

    def dismiss(dialog: Dialog) -> None:
        dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", dismiss)
    page.add_init_script(TRAPS)
    urls = payload_site.page_urls()
    assert len(urls) >= 10, urls
    found = []
    for url in urls:
        found += [f"{url.removeprefix(payload_site.base_url) or '(home)'}: {problem}" for problem in
                  page_problems(page, url, payload_site.base_url + "assets/")]
    found += [f"dialog opened: {dialog}" for dialog in dialogs]
    assert not found, "\n".join(found)


def test_the_traps_catch_a_script_that_runs(payload_site: ServedSite, page: Page) -> None:
    """The harness itself: an injected script and a handler are both caught."""
    page.add_init_script(TRAPS)
    page.goto(payload_site.base_url, wait_until=PAGE_SETTLE)
    page.evaluate("""() => {
        const script = document.createElement("script");
        script.textContent = "window.__pwned = 1; alert('x')";
        document.body.append(script);
        document.body.setAttribute("onclick", "window.__pwned = 2");
    }""")
    assert page.evaluate("window.__xssHits") == ["window.__pwned = 1", "alert(x)"]
    problems = page.evaluate(DOM_PROBLEMS, payload_site.base_url + "assets/")
    assert any("event handler attribute onclick" in p for p in problems), problems
    assert any("foreign <script>" in p for p in problems), problems
