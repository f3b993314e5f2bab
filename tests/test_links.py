"""Every reference inside the built site resolves to a file that exists.

Pure Python: every ``.html`` file is parsed, each ``href``, ``src``,
``srcset``, ``poster``, ``action``, Open Graph image/URL and CSS ``url()``
(inline, and in the stylesheets the pages reference) is resolved against the
page's served URL under the site's sub-path. A target inside the site must
exist (a folder means its ``index.html``) and, for ``#fragment`` links into a
page, that page must have the id. Links to other hosts and ``mailto:`` are not
followed; a same-host link that escapes the sub-path, or a script-bearing
scheme such as ``javascript:``, is a problem.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

URL_ATTRIBUTES = {"href", "src", "poster", "action"}
SRCSET_ATTRIBUTES = {"srcset", "imagesrcset"}
URL_META_PROPERTIES = {"og:image", "og:url", "og:image:url", "og:image:secure_url", "twitter:image"}
FOLLOWED_SCHEMES = {"http", "https"}
UNFOLLOWED_SCHEMES = {"mailto", "tel"}
# Inline images and fonts; as a link target (href) a data: URL can carry a page, so it is refused there.
DATA_ATTRIBUTES = {"src", "srcset", "imagesrcset", "poster", "css"}
# The HTML spec scrolls "#top" to the top of the page even without such an id.
IMPLICIT_FRAGMENTS = {"", "top"}
CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)|@import\s+(['"])(.*?)\3""", re.IGNORECASE)


@dataclass
class PageScan:
    """What one HTML page refers to, and the fragment ids it offers."""

    references: list[tuple[str, str]] = field(default_factory=list)  # (attribute, raw URL)
    ids: set[str] = field(default_factory=set)


def css_references(css: str) -> list[tuple[str, str]]:
    return [("css", match.group(2) or match.group(4)) for match in CSS_URL.finditer(css)]


def srcset_urls(srcset: str) -> list[str]:
    candidates = (candidate.strip().split() for candidate in srcset.split(","))
    return [parts[0] for parts in candidates if parts]


class PageScanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scan = PageScan()
        self.in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self.in_style = tag == "style"
        if values.get("id"):
            self.scan.ids.add(values["id"])
        if tag == "a" and values.get("name"):
            self.scan.ids.add(values["name"])
        for name, value in values.items():
            self.scan.references += attribute_references(name, value)
        if tag == "meta" and values.get("property", values.get("name", "")) in URL_META_PROPERTIES:
            self.scan.references.append(("meta", values.get("content", "")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self.in_style = False

    def handle_data(self, data: str) -> None:
        if self.in_style:
            self.scan.references += css_references(data)


def attribute_references(name: str, value: str) -> list[tuple[str, str]]:
    if name in URL_ATTRIBUTES:
        return [(name, value.strip())]
    if name in SRCSET_ATTRIBUTES:
        return [(name, url) for url in srcset_urls(value)]
    if name == "style":
        return css_references(value)
    return []


def scan_page(html: str) -> PageScan:
    scanner = PageScanner()
    scanner.feed(html)
    scanner.close()
    return scanner.scan


class LinkChecker:
    """Checks the references of a built site, served at ``base_url``, against its files."""

    def __init__(self, root: Path, base_url: str) -> None:
        self.root = root.resolve()
        self.base_url = base_url.rstrip("/") + "/"
        parts = urlsplit(self.base_url)
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.mount = parts.path
        self.pages = {path: scan_page(path.read_text(encoding="utf-8")) for path in sorted(self.root.rglob("*.html"))}

    def problems(self) -> list[str]:
        found: list[str] = []
        stylesheets: set[Path] = set()
        for path, scan in self.pages.items():
            found += self.check_all(path, scan.references, stylesheets)
        for stylesheet in sorted(stylesheets):
            references = css_references(stylesheet.read_text(encoding="utf-8"))
            found += self.check_all(stylesheet, references, set())
        return found

    def check_all(self, source: Path, references: list[tuple[str, str]], stylesheets: set[Path]) -> list[str]:
        source_url = self.base_url + source.relative_to(self.root).as_posix()
        found = []
        for attribute, raw in references:
            problem, target = self.check(source_url, attribute, raw)
            if problem:
                found.append(f"{source.relative_to(self.root).as_posix()}: {attribute}={raw!r}: {problem}")
            elif target is not None and target.suffix == ".css":
                stylesheets.add(target)
        return found

    def check(self, source_url: str, attribute: str, raw: str) -> tuple[str | None, Path | None]:
        """(problem or None, the local file the reference points to, if any)."""
        target_url = urljoin(source_url, raw)
        parts = urlsplit(target_url)
        if parts.scheme in UNFOLLOWED_SCHEMES or (parts.scheme == "data" and attribute in DATA_ATTRIBUTES):
            return None, None
        if parts.scheme not in FOLLOWED_SCHEMES:
            return f"scheme {parts.scheme!r} is not allowed here", None
        if f"{parts.scheme}://{parts.netloc}" != self.origin:
            return None, None
        if not (parts.path + "/").startswith(self.mount):
            return f"leaves the site's sub-path {self.mount}", None
        target = self.file_for(unquote(parts.path[len(self.mount) :]))
        if target is None:
            return "no such file in the site", None
        return self.check_fragment(target, unquote(parts.fragment)), target

    def file_for(self, relative: str) -> Path | None:
        candidate = (self.root / relative).resolve()
        if candidate.is_dir():
            candidate = candidate / "index.html"
        if not candidate.is_relative_to(self.root) or not candidate.is_file():
            return None
        return candidate

    def check_fragment(self, target: Path, fragment: str) -> str | None:
        if fragment in IMPLICIT_FRAGMENTS or target not in self.pages:
            return None
        return None if fragment in self.pages[target].ids else f"no element with id {fragment!r} in the target page"


# The checker itself, on a small site where each broken reference is known.

BASE_URL = "http://127.0.0.1:8000/microcredentials/"

HOME = """<!doctype html><html lang="en"><head><title>Home</title>
<link rel="stylesheet" href="assets/site.css">
<link rel="canonical" href="http://127.0.0.1:8000/microcredentials/">
<meta property="og:image" content="http://127.0.0.1:8000/microcredentials/missing-card.png">
<style>.hero { background: url('img/a.png') }</style></head>
<body><a href="#main">Skip</a><main id="main">
<a href="credentials/a/">fine</a> <a href="credentials/a">fine without slash</a>
<a href="credentials/missing/">broken</a>
<a href="credentials/a/#criteria">fine anchor</a> <a href="credentials/a/#nope">broken anchor</a>
<a href="https://example.org/x">other host</a> <a href="mailto:a@example.org">mail</a>
<a href="/elsewhere/">escapes the sub-path</a> <a href="javascript:alert(1)">script</a>
<a href="../../etc/passwd">escapes the folder</a>
<img alt="" src="img/a.png" srcset="img/a.png 1x, img/missing%402x.png 2x">
<img alt="" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
</main></body></html>"""
CREDENTIAL = '<!doctype html><html lang="en"><title>A</title><h2 id="criteria">Criteria</h2><a href="../../">Home</a>'
STYLESHEET = "body { background: url(\"../img/a.png\") } .x { background: url(../img/gone.png) }"


def write_site(root: Path) -> None:
    files = {
        "index.html": HOME,
        "credentials/a/index.html": CREDENTIAL,
        "assets/site.css": STYLESHEET,
        "img/a.png": "png",
    }
    for relative, text in files.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text, encoding="utf-8")


def test_link_checker_reports_exactly_the_broken_references(tmp_path: Path) -> None:
    write_site(tmp_path)
    problems = LinkChecker(tmp_path, BASE_URL).problems()
    expected = [
        "index.html: meta='http://127.0.0.1:8000/microcredentials/missing-card.png': no such file",
        "index.html: href='credentials/missing/': no such file",
        "index.html: href='credentials/a/#nope': no element with id 'nope'",
        "index.html: href='/elsewhere/': leaves the site's sub-path",
        "index.html: href='javascript:alert(1)': scheme 'javascript'",
        "index.html: href='../../etc/passwd': leaves the site's sub-path",
        "index.html: srcset='img/missing%402x.png': no such file",
        "assets/site.css: css='../img/gone.png': no such file",
    ]
    for start in expected:
        assert any(problem.startswith(start) for problem in problems), (start, problems)
    assert len(problems) == len(expected), problems


def test_link_checker_passes_a_site_without_broken_references(tmp_path: Path) -> None:
    (tmp_path / "credentials/a").mkdir(parents=True)
    (tmp_path / "credentials/a/index.html").write_text(CREDENTIAL, encoding="utf-8")
    (tmp_path / "index.html").write_text('<a href="credentials/a/#criteria">A</a>', encoding="utf-8")
    assert LinkChecker(tmp_path, BASE_URL).problems() == []


def test_example_site_has_no_broken_references(example_site) -> None:
    checker = LinkChecker(example_site.root, example_site.base_url)
    assert checker.pages, "the build wrote no HTML page"
    problems = checker.problems()
    assert not problems, "\n".join(problems)
