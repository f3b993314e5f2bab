"""The public catalog's outputs, rendered from a small hand-built Site.

The fixture catalog has one credential of each kind that changes what is
published: active with a drawn badge, active with its own image, retired,
and draft; one public, one unlisted and one private educator.
"""

from __future__ import annotations

import io
import itertools
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image

from credsite import privacy, progress
from credsite.catalog_pages import catalog_files
from credsite.ctdl import derived_ctid
from credsite.model import (
    Alignment,
    Bucket,
    Catalog,
    Credential,
    Earned,
    EvidenceRequirement,
    Framework,
    Issuer,
    Pathway,
    Portfolio,
    Rubric,
    RubricCriterion,
    RubricLevel,
    Source,
    Stack,
    State,
    Term,
    Topic,
)
from credsite.jsontext import html_safe_json
from credsite.render import Renderer, theme_dir
from credsite.pipeline import complete_site
from credsite.site import Site
from credsite.urls import Urls

BASE_URL = "https://state.example.org/mc/"
BUILD_DATE = date(2026, 11, 24)
PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0000003010100c9fe92ef0000000049454e44ae426082"
)
NASTY_TITLE = 'Circles & <script>alert("x")</script> Talk'

# --- the fixture catalog ---------------------------------------------------------


def rubric(min_passing: int | None = None) -> Rubric:
    return Rubric(
        levels=(
            RubricLevel("not-yet", "Not Yet", False),
            RubricLevel("proficient", "Proficient", True),
            RubricLevel("exemplary", "Exemplary", True),
        ),
        criteria=(
            RubricCriterion("structure", "Structure", {"not-yet": "Missing.", "proficient": "Present.", "exemplary": "Led by students."}, "plan"),
            RubricCriterion("voice", "Student voice", {"not-yet": "Few.", "proficient": "Most.", "exemplary": "All."}),
        ),
        min_passing=min_passing,
    )


def credential(cid: str, title: str, **changes: object) -> Credential:
    fields: dict[str, object] = {
        "id": cid,
        "title": title,
        "version": "1.0",
        "issuer": "state",
        "summary": f"Summary of {title}.",
        "competency": f"The educator practises **{title.lower()}** daily.",
        "key_method": "A *four-part* method.",
        "sources": (Source("Author, A. (2020). A study. Journal, 1(2), 3–4.", doi="10.1000/xyz", note="Key study."),),
        "topics": ("sel",),
        "requirements": (
            EvidenceRequirement("plan", "Plan", "text", "Describe the plan.", max_words=400),
            EvidenceRequirement("artifacts", "Artifacts", "artifacts", "Plans and photos.", min_items=2, accepted=("lesson-plan", "photo")),
        ),
        "rubric": rubric(),
        "grade_bands": ("k-2",),
        "roles": ("teacher",),
        "estimated_hours": 12.5,
        "pd_points": 20,
        "valid_years": 5,
        "alignments": (Alignment("lf", "designs", "Learning Designs"),),
        "ctid": derived_ctid("https://state.example.org", "credential", cid),  # as assemble makes it
    }
    fields.update(changes)
    return Credential(**fields)  # type: ignore[arg-type]


def full_state(source: Path) -> State:
    catalog = Catalog(
        title="Test State Micro-credentials",
        base_url=BASE_URL,
        publisher="state",
        topics=(Topic("sel", "Social-Emotional Learning", "Growth of the *whole* child."), Topic("literacy", "Literacy")),
        description="A catalog with a [bad link](javascript:alert(1)) and a [good one](https://example.org/).",
        logo="assets/logo.svg",
        contact="mc@example.org",
        content_license="CC-BY-4.0",
        grade_bands=(Term("k-2", "Grades K–2"), Term("3-5", "Grades 3–5")),
        roles=(Term("teacher", "Classroom teacher"), Term("coach", "Instructional coach")),
        frameworks=(Framework("lf", "Learning Forward", "https://learningforward.org/"),),
    )
    credentials = {
        "circles": credential("circles", NASTY_TITLE, topics=("sel", "literacy")),
        "draft-idea": credential("draft-idea", "Secret Draft Idea", status="draft"),
        "old-way": credential("old-way", "The Old Way", status="retired", pd_points=None),
        "reading": credential("reading", "Shared Reading", topics=("literacy",), image="reading.png", rubric=rubric(1), grade_bands=("3-5",)),
    }
    return State(
        catalog=catalog,
        issuers={
            "other": Issuer("other", "Other Issuer", "https://other.example.org", image="assets/other.png",
                            ctid=derived_ctid("https://state.example.org", "issuer", "other")),
            "state": Issuer("state", "State Department", "https://state.example.org", email="pl@example.org",
                            ctid=derived_ctid("https://state.example.org", "issuer", "state")),
        },
        credentials=credentials,
        stacks={"foundations": Stack("foundations", "Foundations", ("circles", "reading", "draft-idea"), award="A certificate")},
        pathways={
            "renewal": Pathway(
                "renewal", "Renewal", 5, total=3,
                buckets=(Bucket("sel-bucket", "SEL outcomes", 1, ("sel",)), Bucket("any", "Any learning", 2)),
            ),
            "points": Pathway("points", "Points route", 5, mode="points", points_required=120),
        },
        portfolios={
            "ana": Portfolio("ana", "Ana Public", earned=(Earned("circles", "1.0", date(2024, 5, 1)),)),
            "bo": Portfolio("bo", "Bo Unlisted", visibility="unlisted", earned=(Earned("circles", "1.0", date(2024, 5, 1)),)),
            "cy": Portfolio("cy", "Cy Private", visibility="private", earned=(Earned("reading", "1.0", date(2024, 5, 1)),)),
        },
        build_date=BUILD_DATE,
        source_dir=source,
    )


def write_source_files(source: Path) -> None:
    files = {
        "catalog/assets/logo.svg": b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>',
        "catalog/assets/other.png": PNG_1PX,
        "catalog/credentials/reading.png": PNG_1PX,
    }
    for relative, data in files.items():
        (source / relative).parent.mkdir(parents=True, exist_ok=True)
        (source / relative).write_bytes(data)


def make_site(source: Path, base_url: str = BASE_URL) -> Site:
    write_source_files(source)
    state = privacy.redact(full_state(source))
    updated = {"circles": date(2026, 3, 1), "old-way": date(2025, 1, 1), "reading": date(2026, 6, 1)}
    return complete_site(state, base_url, updated=updated)


def render_all(site: Site, override: Path | None = None, language: str = "en") -> dict[str, bytes]:
    renderer = Renderer(
        site.urls, shared={"site": site, "catalog": site.state.catalog}, override=override, language=language
    )
    files: dict[str, bytes] = {}
    for path, data in catalog_files(site, renderer):
        assert path not in files, f"{path} yielded twice"
        files[path] = data
    return files


@pytest.fixture
def site(tmp_path: Path) -> Site:
    return make_site(tmp_path / "source")


@pytest.fixture
def files(site: Site) -> dict[str, bytes]:
    return render_all(site)


def text(files: dict[str, bytes], path: str) -> str:
    return files[path].decode("utf-8")


class Outline(HTMLParser):
    """Headings, ids, element counts and attributes of one page."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[int] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))

    def attrs(self, tag: str) -> list[dict[str, str | None]]:
        return [attributes for name, attributes in self.tags if name == tag]


def outline(html: str) -> Outline:
    parser = Outline()
    parser.feed(html)
    return parser


PAGES = [
    "index.html",
    "credentials/circles/index.html",
    "credentials/old-way/index.html",
    "credentials/reading/index.html",
    "stacks/foundations/index.html",
    "pathways/renewal/index.html",
    "pathways/points/index.html",
    "issuers/state/index.html",
    "issuers/other/index.html",
    "topics/sel/index.html",
    "topics/literacy/index.html",
    "404.html",
]

# --- what is written ---------------------------------------------------------------


def test_every_page_and_plumbing_file_is_written(files: dict[str, bytes]) -> None:
    expected = PAGES + [
        "sitemap.xml", "robots.txt", "feed.xml", "catalog.json", "search-index.json", ".nojekyll",
        "credentials/circles/badge.svg", "credentials/circles/card.png",
        "credentials/old-way/badge.svg", "credentials/reading/badge.png", "credentials/reading/card.png",
        "assets/site.css", "assets/catalog.js", "assets/favicon.svg", "assets/logo.svg", "issuers/other/image.png",
    ]
    missing = [path for path in expected if path not in files]
    assert not missing, missing
    assert files[".nojekyll"] == b""


def test_a_draft_produces_nothing_anywhere(files: dict[str, bytes]) -> None:
    assert not [path for path in files if "draft-idea" in path]
    leaking = [path for path, data in files.items() if b"draft-idea" in data or b"Secret Draft Idea" in data]
    assert not leaking, leaking


def test_retired_credential_keeps_its_page_with_a_banner_but_leaves_browsing(files: dict[str, bytes]) -> None:
    page = text(files, "credentials/old-way/index.html")
    assert 'id="retired-notice"' in page and "This micro-credential is retired." in page
    for listing in ("index.html", "topics/sel/index.html", "search-index.json", "feed.xml", "stacks/foundations/index.html"):
        assert "old-way" not in text(files, listing), listing
    issuer_page = text(files, "issuers/state/index.html")
    retired_section = issuer_page.split("<h2>Retired</h2>", 1)[1]
    assert 'href="../../credentials/old-way/"' in retired_section
    statuses = {c["id"]: c["status"] for c in json.loads(files["catalog.json"])["credentials"]}
    assert statuses == {"circles": "active", "old-way": "retired", "reading": "active"}


def test_badges_are_drawn_or_copied_with_their_extension(files: dict[str, bytes], site: Site) -> None:
    assert files["credentials/circles/badge.svg"].startswith(b"<svg")
    assert files["credentials/reading/badge.png"] == PNG_1PX
    assert "credentials/reading/badge.svg" not in files
    home = text(files, "index.html")
    assert 'src="credentials/reading/badge.png"' in home
    assert 'src="credentials/circles/badge.svg"' in home


def test_social_cards_are_1200_by_630_png(files: dict[str, bytes]) -> None:
    with Image.open(io.BytesIO(files["credentials/circles/card.png"])) as card:
        assert (card.format, card.size) == ("PNG", (1200, 630))


def test_catalog_logo_and_issuer_images_are_copied(files: dict[str, bytes]) -> None:
    assert files["issuers/other/image.png"] == PNG_1PX
    assert files["assets/logo.svg"].startswith(b"<svg")
    assert '<img class="site-brand__logo" src="../../assets/logo.svg" alt=""' in text(files, "topics/sel/index.html")
    assert 'src="image.png"' in text(files, "issuers/other/index.html")


# --- pages ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", PAGES)
def test_each_page_has_one_h1_and_no_skipped_heading_level(files: dict[str, bytes], path: str) -> None:
    headings = outline(text(files, path)).headings
    assert headings.count(1) == 1 and headings[0] == 1, headings
    skips = [(a, b) for a, b in itertools.pairwise(headings) if b > a + 1]
    assert not skips, headings


@pytest.mark.parametrize("path", PAGES)
def test_each_page_has_landmarks_skip_link_and_no_style_attributes(files: dict[str, bytes], path: str) -> None:
    page = text(files, path)
    parsed = outline(page)
    assert page.startswith("<!doctype html>")
    assert '<html lang="en">' in page
    assert '<a class="skip-link" href="#main">' in page
    assert '<main id="main" tabindex="-1"' in page
    assert "<header" in page and "<footer" in page and "<nav" in page
    assert not [a for _, a in parsed.tags if "style" in a]
    assert all(img.get("alt") is not None for img in parsed.attrs("img"))


def test_user_text_is_escaped_and_unsafe_links_dropped(files: dict[str, bytes]) -> None:
    page = text(files, "credentials/circles/index.html")
    assert "<script>alert" not in page
    assert "Circles &amp; &lt;script&gt;" in page
    home = text(files, "index.html")
    links = [attrs.get("href") or "" for _, attrs in outline(home).tags]
    assert not [link for link in links if "javascript" in link]
    assert 'href="https://example.org/"' in home
    json_ld = page.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in json_ld
    assert json.loads(json_ld)["name"] == NASTY_TITLE


def test_links_are_page_relative_and_the_404_page_is_root_relative(files: dict[str, bytes]) -> None:
    home = text(files, "index.html")
    assert 'href="assets/site.css"' in home and 'href="credentials/circles/"' in home
    credential = text(files, "credentials/circles/index.html")
    assert 'href="../../assets/site.css"' in credential
    assert 'href="../../topics/literacy/"' in credential
    not_found = text(files, "404.html")
    assert 'href="/mc/assets/site.css"' in not_found
    assert 'href="/mc/topics/sel/"' in not_found
    assert 'action="/mc/"' in not_found
    assert '<meta name="robots" content="noindex">' in not_found
    assert 'rel="canonical"' not in not_found


def test_canonical_and_open_graph_urls_are_absolute(files: dict[str, bytes]) -> None:
    page = text(files, "credentials/circles/index.html")
    assert '<link rel="canonical" href="https://state.example.org/mc/credentials/circles/">' in page
    assert '<meta property="og:image" content="https://state.example.org/mc/credentials/circles/card.png">' in page
    assert '<meta name="twitter:card" content="summary_large_image">' in page
    assert "<title>Circles &amp; &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; Talk — Test State Micro-credentials</title>" in page
    assert "<title>Test State Micro-credentials</title>" in text(files, "index.html")


def test_home_lists_every_active_credential_as_a_card_with_filters(files: dict[str, bytes]) -> None:
    home = text(files, "index.html")
    cards = re.findall(r'<li class="card" data-id="([a-z0-9-]+)"', home)
    assert cards == ["circles", "reading"]
    assert '<form class="finder" role="search" id="finder"' in home
    assert 'aria-live="polite"' in home and "2 micro-credentials" in home
    for name in ("topic", "grade", "role", "stack", "issuer"):
        assert f'<select id="finder-{name}" name="{name}">' in home
    # Filters offer only terms some active credential uses.
    assert '<option value="coach">' not in home
    assert '<option value="other">' not in home
    assert '<script src="assets/catalog.js" defer></script>' in home


def test_credential_page_shows_the_full_specification(files: dict[str, bytes]) -> None:
    page = text(files, "credentials/circles/index.html")
    for expected in (
        "<strong>circles &amp;",  # competency markdown rendered
        '<a class="bare-url" href="https://doi.org/10.1000/xyz">https://doi.org/10.1000/xyz</a>',
        "Key study.",
        "Up to 400 words",
        "At least 2 artifacts",
        "Accepted types: lesson plan, photo",
        "12.5 hours",
        "5 years after it is earned",
        "Learning Designs (designs)",
        'href="../../stacks/foundations/"',
        'href="../../pathways/renewal/"',
        "counts toward one of: SEL outcomes or Any learning.",
        "contributes 20 PD points.",
        'href="achievement.json"',
    ):
        assert expected in page, expected


def test_rubric_is_an_accessible_table_with_passing_levels_in_words(files: dict[str, bytes]) -> None:
    page = text(files, "credentials/circles/index.html")
    table = page.split('<table class="rubric table-cards">', 1)[1].split("</table>", 1)[0]
    assert "<caption" in table
    assert table.count('scope="col"') == 4
    assert table.count('scope="row"') == 2
    assert table.count("Passing level") == 2
    assert "every criterion must be scored at a passing level (Proficient or Exemplary)" in page
    # On a phone each cell shows its column's name (no scrolling box): the level, and whether it passes.
    assert "table-wrap" not in page
    assert table.count('data-label="Not Yet"') == 2
    assert table.count('data-label="Proficient (passing level)" class="is-passing"') == 2
    reading = text(files, "credentials/reading/index.html")
    assert "at least 1 of the 2 criteria must be scored at a passing level" in reading


def test_the_facts_and_how_to_earn_it_come_right_after_the_title(files: dict[str, bytes]) -> None:
    page = text(files, "credentials/circles/index.html")
    main = page.split("</h1>", 1)[1]
    assert main.index('<dl class="fact-list">') < main.index('class="earn"') < main.index('id="competency"')
    facts = main.split('<dl class="fact-list">', 1)[1].split("</dl>", 1)[0]
    for fact in ("<dt>Issuer</dt>", "<dd>12.5 hours</dd>", "<dd>20</dd>", "<dd>5 years after it is earned</dd>", "<dd>1.0</dd>", "<dd>Offered</dd>"):
        assert fact in facts, fact
    earn = main.split('<section class="earn"', 1)[1].split("</section>", 1)[0]
    assert '<a href="#evidence">evidence</a>: 2 parts.' in earn
    assert '<a class="button" href="mailto:pl@example.org">Email State Department</a>' in earn
    assert '<a class="button button--secondary" href="https://state.example.org">Website of State Department</a>' in earn
    assert 'class="earn"' not in text(files, "credentials/old-way/index.html")  # retired: it cannot be earned


def test_how_to_earn_it_without_an_email_sends_to_the_website_and_a_cost_is_a_fact(tmp_path: Path) -> None:
    source = tmp_path / "source"
    write_source_files(source)
    state = privacy.redact(full_state(source))
    elsewhere = replace(state.credentials["reading"], issuer="other", cost="$50 <b>fee</b>", prerequisites=("circles",))
    state = replace(state, credentials={**state.credentials, "reading": elsewhere})
    page = text(render_all(complete_site(state, BASE_URL, updated={})), "credentials/reading/index.html")
    earn = page.split('<section class="earn"', 1)[1].split("</section>", 1)[0]
    assert "mailto:" not in earn
    assert '<a class="button" href="https://other.example.org">Website of Other Issuer</a>' in earn
    assert 'Earn first: <a href="../circles/">' in earn
    assert "<div><dt>Cost</dt> <dd>$50 &lt;b&gt;fee&lt;/b&gt;</dd></div>" in page


def test_holders_are_public_passports_only(files: dict[str, bytes]) -> None:
    page = text(files, "credentials/circles/index.html")
    assert "1 public passport" in page
    assert 'href="../../educators/ana/"' in page and "Ana Public" in page
    assert "Bo Unlisted" not in page
    assert "Cy Private" not in text(files, "credentials/reading/index.html")


def test_credential_json_ld_is_an_educational_occupational_credential(files: dict[str, bytes]) -> None:
    page = text(files, "credentials/reading/index.html")
    data = json.loads(page.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0])
    assert data["@type"] == "EducationalOccupationalCredential"
    assert data["url"] == "https://state.example.org/mc/credentials/reading/"
    assert data["image"] == "https://state.example.org/mc/credentials/reading/badge.png"
    assert data["timeRequired"] == "PT12H30M"
    assert data["validFor"] == "P5Y"
    assert data["educationalLevel"] == ["Grades 3–5"]


def test_pathway_pages_state_the_rule_and_what_qualifies(files: dict[str, bytes]) -> None:
    renewal = text(files, "pathways/renewal/index.html")
    assert "3 micro-credentials within the 5 years before your license expires." in renewal
    assert "at least 1 from SEL outcomes" in renewal
    sel_bucket = renewal.split('id="bucket-sel-bucket"', 1)[1].split("</section>", 1)[0]
    assert 'href="../../credentials/circles/"' in sel_bucket
    assert "reading" not in sel_bucket
    assert "Any micro-credential in the catalog qualifies." in renewal
    points = text(files, "pathways/points/index.html")
    assert "120 PD points within the 5 years before your license expires." in points
    assert "<caption" in points and 'href="../../credentials/reading/"' in points


def test_stack_and_topic_pages_list_their_credentials(files: dict[str, bytes]) -> None:
    stack = text(files, "stacks/foundations/index.html")
    assert re.findall(r'data-id="([a-z0-9-]+)"', stack) == ["circles", "reading"]
    assert "A certificate" in stack
    literacy = text(files, "topics/literacy/index.html")
    assert re.findall(r'data-id="([a-z0-9-]+)"', literacy) == ["circles", "reading"]
    assert re.findall(r'data-id="([a-z0-9-]+)"', text(files, "topics/sel/index.html")) == ["circles"]


# --- machine-readable files ---------------------------------------------------------


def test_sitemap_lists_public_pages_only(files: dict[str, bytes]) -> None:
    root = ET.fromstring(files["sitemap.xml"])
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = [loc.text for loc in root.findall("s:url/s:loc", ns)]
    assert locations[0] == BASE_URL
    for path in ("credentials/circles/", "credentials/old-way/", "stacks/foundations/", "pathways/points/",
                 "issuers/other/", "topics/literacy/", "educators/", "educators/ana/"):
        assert BASE_URL + path in locations, path
    assert BASE_URL + "educators/bo/" not in locations
    assert BASE_URL + "educators/cy/" not in locations
    assert BASE_URL + "404.html" not in locations
    lastmod = {u.findtext("s:loc", namespaces=ns): u.findtext("s:lastmod", namespaces=ns) for u in root.findall("s:url", ns)}
    assert lastmod[BASE_URL + "credentials/circles/"] == "2026-03-01"
    assert lastmod[BASE_URL] is None


def test_robots_points_at_the_sitemap(files: dict[str, bytes]) -> None:
    assert "Sitemap: https://state.example.org/mc/sitemap.xml" in text(files, "robots.txt")


def test_feed_is_atom_with_absolute_ids_newest_first(files: dict[str, bytes]) -> None:
    ns = {"a": "http://www.w3.org/2005/Atom"}
    root = ET.fromstring(files["feed.xml"])
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    entries = root.findall("a:entry", ns)
    assert [e.findtext("a:id", namespaces=ns) for e in entries] == [BASE_URL + "credentials/reading/", BASE_URL + "credentials/circles/"]
    assert [e.findtext("a:updated", namespaces=ns) for e in entries] == ["2026-06-01T00:00:00Z", "2026-03-01T00:00:00Z"]
    assert root.findtext("a:updated", namespaces=ns) == "2026-06-01T00:00:00Z"
    assert entries[1].findtext("a:title", namespaces=ns) == NASTY_TITLE
    assert b"<script>" not in files["feed.xml"]


def test_an_empty_feed_is_dated_the_same_on_every_build_date(site: Site) -> None:
    """No entries: no change to date; the build date would rewrite the feed daily."""
    from credsite.catalog_data import feed_xml
    from credsite.catalog_index import catalog_index

    ns = {"a": "http://www.w3.org/2005/Atom"}
    days = []
    for day in (date(2026, 1, 1), date(2026, 9, 9)):
        empty = replace(site, state=replace(site.state, credentials={}, stacks={}, build_date=day), updated={})
        root = ET.fromstring(feed_xml(empty, catalog_index(empty)))
        assert root.findall("a:entry", ns) == []
        days.append(root.findtext("a:updated", namespaces=ns))
    assert days[0] == days[1] == "1970-01-01T00:00:00Z"


def test_catalog_json_is_the_published_catalog_with_absolute_urls(files: dict[str, bytes]) -> None:
    document = json.loads(files["catalog.json"])
    expected = html_safe_json(json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))) + "\n"
    assert files["catalog.json"].decode() == expected
    assert document["catalog"]["url"] == BASE_URL
    assert document["catalog"]["logo"] == BASE_URL + "assets/logo.svg"
    circles = document["credentials"][0]
    assert circles["url"] == BASE_URL + "credentials/circles/"
    assert circles["rubric"]["pass_rule"] == "all"
    assert circles["evidence"]["requirements"][1]["accepted"] == ["lesson-plan", "photo"]
    assert "min_items" not in circles["evidence"]["requirements"][0]
    assert document["stacks"][0]["credentials"] == ["circles", "reading"]
    assert [i["id"] for i in document["issuers"]] == ["other", "state"]
    assert document["issuers"][0]["image"] == BASE_URL + "issuers/other/image.png"


def test_search_index_has_what_the_script_filters_on(files: dict[str, bytes]) -> None:
    index = json.loads(files["search-index.json"])
    assert [entry["id"] for entry in index] == ["circles", "reading"]
    assert index[0]["competency"].startswith("The educator practises circles &")
    assert index[0]["stacks"] == ["foundations"]
    assert index[1] | {"competency": ""} == {
        "id": "reading", "title": "Shared Reading", "summary": "Summary of Shared Reading.", "competency": "",
        "topics": ["literacy"], "grade_bands": ["3-5"], "roles": ["teacher"], "stacks": ["foundations"],
        "issuer": "state", "url": BASE_URL + "credentials/reading/",
    }


# --- build properties ----------------------------------------------------------------


def test_the_same_site_gives_the_same_bytes(tmp_path: Path) -> None:
    first = render_all(make_site(tmp_path / "a"))
    second = render_all(make_site(tmp_path / "b"))
    assert list(first) == list(second)
    assert first == second


def test_another_base_url_changes_absolute_urls_only(tmp_path: Path) -> None:
    files = render_all(make_site(tmp_path / "s", "https://other.example.net/"))
    assert 'href="https://other.example.net/credentials/circles/"' in text(files, "credentials/circles/index.html")
    assert 'href="/assets/site.css"' in text(files, "404.html")
    assert 'href="../../assets/site.css"' in text(files, "credentials/circles/index.html")


def test_override_folder_wins_for_templates_and_assets(tmp_path: Path) -> None:
    site = make_site(tmp_path / "source")
    override = tmp_path / "theme"
    (override / "assets").mkdir(parents=True)
    (override / "assets" / "site.css").write_text("body { color: black }\n", encoding="utf-8")
    (override / "assets" / "extra.css").write_text(".x {}\n", encoding="utf-8")
    (override / "topic.html").write_text(
        '{% extends "base.html" %}{% block main %}<h1>Custom {{ topic.title }}</h1>{% endblock %}', encoding="utf-8"
    )
    files = render_all(site, override)
    assert files["assets/site.css"] == b"body { color: black }\n"
    assert files["assets/extra.css"] == b".x {}\n"
    assert files["assets/catalog.js"] == (theme_dir() / "assets" / "catalog.js").read_bytes()
    assert "<h1>Custom Literacy</h1>" in text(files, "topics/literacy/index.html")


def test_spanish_catalog_translates_the_interface(tmp_path: Path) -> None:
    files = render_all(make_site(tmp_path / "s"), language="es")
    home = text(files, "index.html")
    assert "Saltar al contenido principal" in home
    assert "2 microcredenciales" in home


def used_messages() -> set[str]:
    """Every literal message the catalog templates pass to _() or ngettext()."""
    names = ["base.html", "home.html", "credential.html", "stack.html", "pathway.html", "issuer.html",
             "topic.html", "404.html", "partials/catalog.html"]
    literal = r"""(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')"""
    found: set[str] = set()
    for name in names:
        source = (theme_dir() / name).read_text(encoding="utf-8")
        for match in re.finditer(r"\b_\(\s*" + literal, source):
            found.add(match.group(1) or match.group(2))
        for match in re.finditer(r"\bngettext\(\s*" + literal + r"\s*,\s*" + literal, source):
            found.add(match.group(1) or match.group(2))
            found.add(match.group(3) or match.group(4))
    found |= {"Micro-credential from {issuer}"}  # used by the social cards in Python
    return found


def test_every_catalog_message_has_a_spanish_translation() -> None:
    from credsite.i18n import messages

    spanish = messages("es")
    missing = sorted(m for m in used_messages() if m not in spanish)
    assert not missing, missing
