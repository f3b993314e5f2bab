"""Hostile text in every field: escaped or sanitized wherever it lands.

``payload_source`` copies the minimal fixture and fills every text and
Markdown field the schemas allow (catalog, issuer, credentials, stack,
pathways, portfolio) with script tags, event handlers, attribute breakers,
``javascript:`` and ``data:`` links, Jinja syntax, an already-escaped
entity and direction/line-separator characters. The tests here read the
built files without a browser: JSON, JSON-LD, SVG, XML, ``<title>``,
``<meta>`` and the static HTML. ``tests/browser/test_injection.py`` loads
the same site in Chromium.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from PIL import Image

from credsite.pipeline import BuildOptions, SourceProblems, build, validate

FIXTURE = Path(__file__).parent / "fixtures" / "minimal"
BUILD_DATE = date(2026, 11, 24)  # the day SOURCE_DATE_EPOCH=1795478400 names
PORTFOLIO = "ana"

PAYLOADS = (
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=1">',
    '"><svg onload=window.__pwned=1>',
    "'\"><iframe src=javascript:window.__pwned=1>",
    "</script><script>window.__pwned=1</script>",
    "</title><script>window.__pwned=1</script>",
    "[click](javascript:window.__pwned=1)",
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "![i](javascript:alert(1))",
    '<a href="javascript:window.__pwned=1">x</a>',
    "[vb](vbscript:msgbox(1))",
    "[spaced]( JaVaScRiPt:window.__pwned=1)",
    "[entity](&#106;avascript:window.__pwned=1)",
    "<javascript:window.__pwned=1>",
    "<!-- comment -->",
    "{{ 7*7 }}",
    "{% if true %}EVALUATED{% endif %}",
    "&lt;script&gt;",
    "line\u2028separator\u2029paragraph",
    "\u202eoverride",
)
# Markdown links that must survive, so the sanitizer is known to be on rather than dropping everything.
SAFE_LINKS = "[safe-web](https://example.org/ok) [safe-mail](mailto:ok@example.org)"
TEMPLATE_EXPRESSION = "{{ 7*7 }}"
TEMPLATE_STATEMENT = "{% if true %}EVALUATED{% endif %}"
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:text")
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background"})
# None of these is in the theme; from user text any of them would embed another document or rebase links.
FOREIGN_ELEMENTS = frozenset({"iframe", "object", "embed", "frame", "frameset", "applet", "base", "math"})


def hostile(label: str) -> str:
    """Every payload, after a label that says which field it came from."""
    return f"{label}: {' '.join(PAYLOADS)} {SAFE_LINKS}"


# --- the payload source ----------------------------------------------------------


def read_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def write_yaml(path: Path, data: Any) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**6), encoding="utf-8")


def edit_yaml(path: Path, change: Callable[[Any], None]) -> None:
    data = read_yaml(path)
    change(data)
    write_yaml(path, data)


def poison_catalog(catalog: dict[str, Any]) -> None:
    catalog["title"] = hostile("catalog title")
    catalog["description"] = hostile("catalog description")
    catalog["content_license"] = hostile("content license")
    for topic in catalog["topics"]:
        topic["title"] = hostile(f"topic {topic['id']} title")
        topic["description"] = hostile(f"topic {topic['id']} description")
    for term in catalog["grade_bands"] + catalog["roles"]:
        term["title"] = hostile(f"term {term['id']} title")
    for framework in catalog["frameworks"]:
        framework["title"] = hostile(f"framework {framework['id']} title")


def poison_issuer(issuer: dict[str, Any]) -> None:
    issuer["name"] = hostile("issuer name")
    issuer["description"] = hostile("issuer description")


def poison_credential(credential: dict[str, Any]) -> None:
    name = credential["title"]
    for key in ("title", "summary", "competency", "key_method", "cost"):
        credential[key] = hostile(f"{name} {key}")
    credential["method_components"] = [hostile(f"{name} method component")]
    research = credential["research_basis"]
    research["summary"] = hostile(f"{name} research summary")
    for source in research["sources"]:
        source["citation"] = hostile(f"{name} citation")
        source["note"] = hostile(f"{name} source note")
    credential["resources"] = [
        {"title": hostile(f"{name} resource title"), "url": "https://example.org/resource", "note": hostile(f"{name} resource note")},
        {"title": hostile(f"{name} resource without url")},
    ]
    credential["alignments"] = [{"framework": "lf", "code": hostile(f"{name} alignment code"), "title": hostile(f"{name} alignment title")}]
    evidence = credential["evidence"]
    evidence["instructions"] = hostile(f"{name} evidence instructions")
    for requirement in evidence["requirements"]:
        requirement["title"] = hostile(f"{name} requirement title")
        requirement["prompt"] = hostile(f"{name} requirement prompt")
    rubric = credential["rubric"]
    for level in rubric["levels"]:
        level["title"] = hostile(f"{name} level {level['id']}")
    for criterion in rubric["criteria"]:
        criterion["title"] = hostile(f"{name} criterion title")
        criterion["descriptors"] = {level: hostile(f"{name} descriptor {level}") for level in criterion["descriptors"]}


def poison_stack(stack: dict[str, Any]) -> None:
    for key in ("title", "description", "award"):
        stack[key] = hostile(f"stack {key}")


def poison_pathway(pathway: dict[str, Any]) -> None:
    pathway["title"] = hostile(f"pathway {pathway['title']} title")
    pathway["description"] = hostile(f"pathway {pathway['title']} description")
    for bucket in pathway.get("buckets", []):
        bucket["title"] = hostile(f"bucket {bucket['id']} title")


def poison_portfolio(portfolio: dict[str, Any]) -> None:
    for key in ("name", "headline", "location", "bio"):
        portfolio[key] = hostile(f"portfolio {key}")
    portfolio["links"] = [{"label": hostile("link label"), "url": "https://example.org/me"}]
    portfolio["license"].update(type=hostile("license type"), state=hostile("license state"))
    circles, reading = portfolio["earned"]
    circles["assessor"] = hostile("assessor")
    circles["evidence"]["overview"]["text"] = hostile("overview evidence text")
    for artifact in circles["evidence"]["artifacts"]["items"]:
        artifact.update(title=hostile(f"artifact {artifact['type']} title"), public=True)
        if artifact["type"] == "photo":
            artifact["consent"] = True
    for attempt in circles["attempts"]:
        attempt["feedback"] = hostile("attempt feedback")
    reading["evidence"]["reflection"] = {"text": hostile("reflection evidence text"), "public": True}
    reading["revoked"] = {"on": date(2025, 1, 15), "reason": hostile("revocation reason")}
    portfolio["in_progress"] = []
    portfolio["other_learning"] = [
        {"title": hostile("other learning title"), "kind": "course", "date": date(2025, 7, 1), "points": 5,
         "provider": hostile("other learning provider")},
    ]


def payload_source(root: Path) -> Path:
    """A copy of the minimal fixture with payloads in every text field; returns its folder."""
    shutil.copytree(FIXTURE, root)
    catalog = root / "catalog"
    edit_yaml(catalog / "catalog.yaml", poison_catalog)
    for path in sorted((catalog / "issuers").glob("*.yaml")):
        edit_yaml(path, poison_issuer)
    for path in sorted((catalog / "credentials").glob("*.yaml")):
        edit_yaml(path, poison_credential)
    for path in sorted((catalog / "stacks").glob("*.yaml")):
        edit_yaml(path, poison_stack)
    for path in sorted((catalog / "pathways").glob("*.yaml")):
        edit_yaml(path, poison_pathway)
    edit_yaml(root / "portfolios" / f"{PORTFOLIO}.yaml", poison_portfolio)
    return root


def build_payload_site(workspace: Path, base_url: str | None = None) -> Path:
    """Build the payload source into ``workspace/site``; returns the output folder."""
    source = payload_source(workspace / "source")
    out = workspace / "site"
    try:
        build(BuildOptions(source=source, out=out, base_url=base_url, build_date=BUILD_DATE))
    except SourceProblems as error:
        shown = "\n".join(f"{p.path}:{p.line}:{p.column}: {p.message}" for p in error.problems)
        pytest.fail(f"the payload source does not validate:\n{shown}", pytrace=False)
    return out


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_payload_site(tmp_path_factory.mktemp("injection"))


def files(site: Path, *suffixes: str) -> list[Path]:
    return sorted(p for p in site.rglob("*") if p.is_file() and p.suffix in suffixes)


def relative(site: Path, path: Path) -> str:
    return path.relative_to(site).as_posix()


# --- URL fields refuse dangerous schemes --------------------------------------------


def set_link_url(url: str) -> Callable[[dict[str, Any]], None]:
    def change(portfolio: dict[str, Any]) -> None:
        portfolio["links"] = [{"label": "Me", "url": url}]
    return change


def set_artifact_url(url: str) -> Callable[[dict[str, Any]], None]:
    def change(portfolio: dict[str, Any]) -> None:
        portfolio["earned"][0]["evidence"]["artifacts"]["items"][1]["url"] = url
    return change


def set_resource_url(url: str) -> Callable[[dict[str, Any]], None]:
    def change(credential: dict[str, Any]) -> None:
        credential["resources"] = [{"title": "R", "url": url}]
    return change


def set_issuer_url(url: str) -> Callable[[dict[str, Any]], None]:
    def change(issuer: dict[str, Any]) -> None:
        issuer["url"] = url
    return change


URL_FIELDS = {
    "links[].url": ("portfolios/ana.yaml", set_link_url),
    "artifact url": ("portfolios/ana.yaml", set_artifact_url),
    "resources[].url": ("catalog/credentials/circles.yaml", set_resource_url),
    "issuer url": ("catalog/issuers/state.yaml", set_issuer_url),
}
BAD_URLS = ("javascript:window.__pwned=1", " JavaScript:alert(1)", "data:text/html;base64,PHNjcmlwdD4=", "vbscript:msgbox(1)")


@pytest.mark.parametrize("bad_url", BAD_URLS)
@pytest.mark.parametrize("field_name", sorted(URL_FIELDS))
def test_a_dangerous_url_in_a_url_field_fails_validation(tmp_path: Path, field_name: str, bad_url: str) -> None:
    file, setter = URL_FIELDS[field_name]
    source = tmp_path / "source"
    shutil.copytree(FIXTURE, source)
    edit_yaml(source / file, setter(bad_url))
    state, problems = validate(source, BUILD_DATE)
    assert state is None
    assert [p for p in problems if p.path == file], problems


def test_a_build_with_a_javascript_link_writes_nothing(tmp_path: Path) -> None:
    source = tmp_path / "source"
    shutil.copytree(FIXTURE, source)
    edit_yaml(source / "portfolios" / "ana.yaml", set_link_url("javascript:window.__pwned=1"))
    out = tmp_path / "site"
    with pytest.raises(SourceProblems) as raised:
        build(BuildOptions(source=source, out=out, build_date=BUILD_DATE))
    assert any(p.path == "portfolios/ana.yaml" for p in raised.value.problems), raised.value.problems
    assert not out.exists()


# --- characters no published format can carry -------------------------------------


@pytest.mark.parametrize("escape", ["\\x01", "\\x0b", "\\x1b", "\\x7f", "\\uFFFE", "\\ud800"])
def test_control_characters_written_as_yaml_escapes_fail_validation(tmp_path: Path, escape: str) -> None:
    """A double-quoted escape would smuggle in a character that makes the Atom feed and SVG badges unparsable."""
    source = tmp_path / "source"
    shutil.copytree(FIXTURE, source)
    catalog = source / "catalog" / "catalog.yaml"
    text = catalog.read_text(encoding="utf-8").replace("title: Test State Micro-credentials", f'title: "Test {escape} State"')
    catalog.write_text(text, encoding="utf-8")
    state, problems = validate(source, BUILD_DATE)
    assert state is None
    assert [(p.path, p.line) for p in problems] == [("catalog/catalog.yaml", 1)], problems


def test_printable_escapes_stay_allowed(tmp_path: Path) -> None:
    source = tmp_path / "source"
    shutil.copytree(FIXTURE, source)
    catalog = source / "catalog" / "catalog.yaml"
    text = catalog.read_text(encoding="utf-8").replace("title: Test State Micro-credentials", 'title: "Caf\\u00e9 \\u2028 \\t State"')
    catalog.write_text(text, encoding="utf-8")
    state, problems = validate(source, BUILD_DATE)
    assert not problems
    assert state is not None and state.catalog.title == "Caf\u00e9 \u2028 \t State"


# --- the payloads made it into the model --------------------------------------------


def test_the_payloads_reach_the_published_data(site: Path) -> None:
    """Guards the rest: a payload that never reached the output would make every check pass."""
    catalog = json.loads((site / "catalog.json").read_text(encoding="utf-8"))
    assert catalog["catalog"]["title"] == hostile("catalog title")
    assert {c["title"] for c in catalog["credentials"]} == {hostile("Community Circles title"), hostile("Reading Conferences title")}
    passport = json.loads((site / "educators" / PORTFOLIO / "passport.json").read_text(encoding="utf-8"))
    assert passport["name"] == hostile("portfolio name")


# --- JSON files ----------------------------------------------------------------------


def test_every_json_file_parses_and_can_be_inlined_in_html(site: Path) -> None:
    json_files = files(site, ".json", ".jsonld", ".webmanifest")
    assert len(json_files) >= 8, [relative(site, p) for p in json_files]
    for path in json_files:
        text = path.read_text(encoding="utf-8")
        json.loads(text)
        lowered = text.lower()
        for sequence in ("</script", "<script", "<!--", "\u2028", "\u2029"):
            assert sequence not in lowered, f"{relative(site, path)} holds a raw {sequence!r}"


def strings_in(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)


def test_json_files_keep_user_text_exactly(site: Path) -> None:
    """Escaping for HTML must not change the data: parsers read back exactly what the author wrote."""
    search_index = json.loads((site / "search-index.json").read_text(encoding="utf-8"))
    assert {entry["title"] for entry in search_index} == {hostile("Community Circles title"), hostile("Reading Conferences title")}
    credential = json.loads((site / "educators" / PORTFOLIO / "credentials" / "circles.json").read_text(encoding="utf-8"))
    assert hostile("Community Circles title") in set(strings_in(credential))
    assert hostile("overview evidence text") in set(strings_in(credential))


# --- HTML: head, JSON-LD, attributes -----------------------------------------------------


class PageScan(HTMLParser):
    """What one HTML page holds, seen the way an HTML parser sees it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.metas: list[dict[str, str]] = []
        self.json_ld: list[str] = []
        self.scripts: list[dict[str, str]] = []
        self.problems: list[str] = []
        self._inside: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        self.check_element(tag, attributes)
        if tag == "meta":
            self.metas.append(attributes)
        elif tag == "script":
            self.scripts.append(attributes)
            self._inside, self._text = "script", []
        elif tag == "title" and self._inside is None and not self.title:
            # The first <title> is the document's; inline SVGs further down carry their own.
            self._inside, self._text = "title", []

    def check_element(self, tag: str, attributes: dict[str, str]) -> None:
        if tag in FOREIGN_ELEMENTS:
            self.problems.append(f"<{tag}> element")
        for name, value in attributes.items():
            if name.startswith("on"):
                self.problems.append(f"<{tag}> has an event handler attribute {name}")
            if name in URL_ATTRIBUTES and is_dangerous_url(value):
                self.problems.append(f"<{tag} {name}={value!r}>")
            if name == "srcdoc":
                self.problems.append(f"<{tag}> has srcdoc")

    def handle_endtag(self, tag: str) -> None:
        if tag == self._inside == "script" and self.scripts[-1].get("type") == "application/ld+json":
            self.json_ld.append("".join(self._text))
        elif tag == self._inside == "title":
            self.title = "".join(self._text)
        if tag == self._inside:
            self._inside = None

    def handle_data(self, data: str) -> None:
        if self._inside:
            self._text.append(data)


def is_dangerous_url(value: str) -> bool:
    """As a browser reads it: ASCII whitespace and controls anywhere are dropped, case ignored."""
    squeezed = "".join(ch for ch in value if ch > " ").lower()
    return squeezed.startswith(DANGEROUS_SCHEMES)


def scan(path: Path) -> PageScan:
    page = PageScan()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


def html_pages(site: Path) -> list[Path]:
    pages = files(site, ".html")
    assert len(pages) >= 10, [relative(site, p) for p in pages]
    return pages


def test_no_page_has_handlers_dangerous_urls_or_embedded_frames(site: Path) -> None:
    problems = [f"{relative(site, path)}: {problem}" for path in html_pages(site) for problem in scan(path).problems]
    assert not problems, "\n".join(problems)


def test_scripts_are_only_the_themes_files_and_json_ld(site: Path) -> None:
    for path in html_pages(site):
        for script in scan(path).scripts:
            if script.get("type") == "application/ld+json":
                continue
            assert script.get("src", "").rsplit("/", 1)[-1] in ("catalog.js", "directory.js", "passport.js", "wallet.js"), (relative(site, path), script)
            assert "/assets/" in "/" + script["src"].lstrip("./"), (relative(site, path), script)


def test_title_holds_the_payload_as_text(site: Path) -> None:
    home = scan(site / "index.html")
    assert home.title == hostile("catalog title")
    credential = scan(site / "credentials" / "circles" / "index.html")
    assert credential.title == f"{hostile('Community Circles title')} — {hostile('catalog title')}"
    passport = scan(site / "educators" / PORTFOLIO / "index.html")
    assert passport.title.startswith(hostile("portfolio name"))


def test_raw_title_elements_hold_no_markup(site: Path) -> None:
    for path in html_pages(site):
        head = path.read_text(encoding="utf-8").split("</head>", 1)[0]
        titles = re.findall(r"<title>(.*?)</title>", head, flags=re.DOTALL)
        assert len(titles) == 1, (relative(site, path), titles)
        assert "<" not in titles[0] and ">" not in titles[0], (relative(site, path), titles[0])


def meta_content(page: PageScan, key: str) -> str | None:
    for meta in page.metas:
        if meta.get("name") == key or meta.get("property") == key:
            return meta.get("content")
    return None


def test_meta_tags_hold_the_payload_as_text(site: Path) -> None:
    credential = scan(site / "credentials" / "circles" / "index.html")
    assert meta_content(credential, "og:title") == hostile("Community Circles title")
    assert meta_content(credential, "description") == hostile("Community Circles summary")
    assert meta_content(credential, "og:site_name") == hostile("catalog title")
    assert meta_content(credential, "twitter:title") == hostile("Community Circles title")
    passport = scan(site / "educators" / PORTFOLIO / "index.html")
    assert meta_content(passport, "og:title") == hostile("portfolio name")
    description = meta_content(passport, "description") or ""
    assert hostile("portfolio name") in description and hostile("portfolio headline") in description


def test_markdown_descriptions_become_plain_text_in_meta_tags(site: Path) -> None:
    home = scan(site / "index.html")
    description = meta_content(home, "description") or ""
    assert "catalog description" in description
    assert "safe-web" in description
    assert "https://example.org/ok" not in description, "a meta description is words, not link targets"


def test_json_ld_parses_and_holds_the_payload_only_escaped(site: Path) -> None:
    checked = 0
    for path in html_pages(site):
        raw = path.read_text(encoding="utf-8")
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', raw, flags=re.DOTALL):
            assert "<" not in block and ">" not in block, relative(site, path)
            assert "\u2028" not in block and "\u2029" not in block, relative(site, path)
            data = json.loads(block)
            texts = set(strings_in(data))
            assert any("window.__pwned=1" in text for text in texts), relative(site, path)
            checked += 1
        assert len(scan(path).json_ld) == raw.count('<script type="application/ld+json">'), relative(site, path)
    assert checked >= 3  # two credential pages and the passport


def test_structured_data_keeps_user_text_exactly(site: Path) -> None:
    raw = (site / "credentials" / "circles" / "index.html").read_text(encoding="utf-8")
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', raw, flags=re.DOTALL)
    assert block is not None
    data = json.loads(block.group(1))
    assert data["name"] == hostile("Community Circles title")
    assert data["recognizedBy"]["name"] == hostile("issuer name")


# --- HTML: body text ---------------------------------------------------------------------


DOUBLE_ESCAPED = re.compile(r"&amp;(?:amp|quot|apos|gt|lt|#\d+|#x[0-9a-f]+);", re.IGNORECASE)
# The payloads that hold an entity on purpose, as they read when escaped once.
ENTITIES_ESCAPED_ONCE = tuple(html.escape(p) for p in PAYLOADS if "&" in p)
# The statement payload's "EVALUATED", written as text or URL-encoded into a link.
TEMPLATE_RESULT = re.compile(r"(?<!%\})(?<!%25%7D)EVALUATED")


def test_text_is_escaped_once_not_twice(site: Path) -> None:
    """``&lt;script&gt;`` written by an author shows as typed; ``<img`` never shows as ``&lt;img``."""
    for path in html_pages(site):
        raw = path.read_text(encoding="utf-8")
        for escaped_once in ENTITIES_ESCAPED_ONCE:
            raw = raw.replace(escaped_once, "")
        found = DOUBLE_ESCAPED.findall(raw)
        assert not found, f"{relative(site, path)}: doubly escaped text {sorted(set(found))}"


def test_template_syntax_in_user_text_is_never_evaluated(site: Path) -> None:
    for path in files(site, ".html", ".json", ".xml", ".svg"):
        text = path.read_text(encoding="utf-8")
        assert not TEMPLATE_RESULT.search(text), relative(site, path)
    home = (site / "index.html").read_text(encoding="utf-8")
    assert TEMPLATE_EXPRESSION in home and TEMPLATE_STATEMENT in home


def test_markdown_keeps_safe_links_and_drops_dangerous_ones(site: Path) -> None:
    raw = (site / "educators" / PORTFOLIO / "index.html").read_text(encoding="utf-8")
    bio = re.search(r'<h2 id="about-heading">[^<]*</h2>\s*<div class="pp-prose">(.*?)</div>', raw, flags=re.DOTALL)
    assert bio is not None
    assert '<a href="https://example.org/ok"' in bio.group(1)
    assert '<a href="mailto:ok@example.org"' in bio.group(1)
    assert bio.group(1).count("<a ") == 2, bio.group(1)
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in bio.group(1)


# --- SVG, XML and PNG files ----------------------------------------------------------------


SVG = "{http://www.w3.org/2000/svg}"


def test_every_svg_is_well_formed_without_scripts_or_handlers(site: Path) -> None:
    svgs = files(site, ".svg")
    assert any(p.name == "badge.svg" for p in svgs)
    for path in svgs:
        text = path.read_text(encoding="utf-8")
        root = ET.fromstring(text)
        assert "<script" not in text.lower(), relative(site, path)
        for element in root.iter():
            tag = element.tag.rsplit("}", 1)[-1].lower()
            assert tag not in ("script", "foreignobject", "iframe", "image", "use"), (relative(site, path), tag)
            for name, value in element.attrib.items():
                local = name.rsplit("}", 1)[-1].lower()
                assert not local.startswith("on"), (relative(site, path), tag, name)
                assert not (local == "href" and is_dangerous_url(value)), (relative(site, path), tag, value)


def test_badge_titles_hold_the_payload_as_text(site: Path) -> None:
    root = ET.fromstring((site / "credentials" / "circles" / "badge.svg").read_text(encoding="utf-8"))
    title = root.find(f"{SVG}title")
    assert title is not None and title.text is not None
    assert "window.__pwned=1" in title.text and "Community Circles title" in title.text


def test_the_feed_and_the_sitemap_parse_as_xml(site: Path) -> None:
    feed = ET.fromstring((site / "feed.xml").read_bytes())
    atom = "{http://www.w3.org/2005/Atom}"
    assert feed.findtext(f"{atom}title") == hostile("catalog title")
    titles = {entry.findtext(f"{atom}title") for entry in feed.iter(f"{atom}entry")}
    assert hostile("Community Circles title") in titles
    ET.fromstring((site / "sitemap.xml").read_bytes())


def test_png_cards_carry_no_text_chunks(site: Path) -> None:
    cards = sorted(site.rglob("card.png"))
    assert cards
    for path in cards:
        data = path.read_bytes()
        assert b"__pwned" not in data and b"tEXt" not in data and b"iTXt" not in data, relative(site, path)
        with Image.open(path) as image:
            image.load()
            assert not getattr(image, "text", {}), relative(site, path)
