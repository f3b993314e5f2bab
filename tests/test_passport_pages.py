"""Passport pages: files per educator, the directory, passport.json, privacy, pictures."""

from __future__ import annotations

import io
import json
import re
import shutil
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image, ImageCms, PngImagePlugin

from credsite import passport_pages, privacy, progress
from credsite import urls as url_layout
from credsite.i18n import messages
from credsite.model import (
    Artifact,
    ArtifactEvidence,
    Attempt,
    Bucket,
    Catalog,
    Credential,
    Earned,
    EvidenceRequirement,
    InProgress,
    Issuer,
    License,
    Link,
    OtherLearning,
    Pathway,
    Portfolio,
    Revocation,
    Rubric,
    RubricCriterion,
    RubricLevel,
    Source,
    Stack,
    State,
    TextEvidence,
    Topic,
)
from credsite.directory import DIRECTORY_PAGE_SIZE, directory_files, page_links
from credsite.passport_json import passport_document
from credsite.passport_pages import one_passport_files
from credsite.passport_view import linkedin_url
from credsite.evidence_copies import clean_image
from credsite.pipeline import BuildOptions, complete_site
from credsite.pipeline import build as build_site
from credsite.render import Renderer, theme_dir
from credsite.site import Site

from pdf_samples import pdf_bytes

BASE_URL = "https://example.org/mc/"
BUILD_DATE = date(2026, 11, 24)
MARKER = "PRIVATE-MARKER"

# --- tiny factories ------------------------------------------------------------

LEVELS = (
    RubricLevel("not-yet", "Not Yet", False),
    RubricLevel("proficient", "Proficient", True),
    RubricLevel("exemplary", "Exemplary", True),
)


def credential(cid: str, title: str, topics: tuple[str, ...] = ("sel",), **extra) -> Credential:
    return Credential(
        id=cid,
        title=title,
        version="1.0",
        issuer="state",
        summary=f"{title} summary.",
        competency="The educator does it.",
        key_method="A method.",
        sources=(Source("A source."),),
        topics=topics,
        requirements=(
            EvidenceRequirement("overview", "Overview", "text", "Describe it."),
            EvidenceRequirement("artifacts", "Artifacts", "artifacts", "Show it."),
        ),
        rubric=Rubric(
            levels=LEVELS,
            criteria=(
                RubricCriterion("structure", "Structure", {"not-yet": "x", "proficient": "y", "exemplary": "z"}),
                RubricCriterion("voice", "Student voice", {"not-yet": "x", "proficient": "y", "exemplary": "z"}),
            ),
        ),
        **extra,
    )


CREDENTIALS = {
    "circles": credential("circles", "Community Circles", ("sel",), valid_years=3, pd_points=15),
    "reading": credential("reading", "Reading Conferences", ("literacy",), pd_points=10),
    "meetings": credential("meetings", "Morning Meetings", ("sel",), valid_years=5),
}
STACKS = {"foundations": Stack("foundations", "Foundations", ("circles", "meetings"))}
PATHWAYS = {
    "renewal": Pathway(
        "renewal", "Renewal", 5, total=3,
        buckets=(Bucket("outcomes", "State outcomes", 1, ("sel",)), Bucket("any", "Individual", 1)),
    ),
    "points": Pathway("points", "Points renewal", 5, mode="points", points_required=40),
}
CATALOG = Catalog(
    title="Test State Micro-credentials",
    base_url=BASE_URL,
    publisher="state",
    topics=(Topic("sel", "Social-Emotional Learning"), Topic("literacy", "Literacy")),
)
ISSUER = Issuer("state", "State Department of Education", "https://state.example.org")
SCORES = {"structure": "proficient", "voice": "exemplary"}


def earned(cid: str, on: date, **extra) -> Earned:
    return Earned(credential=cid, version="1.0", earned_on=on, scores=dict(SCORES), **extra)


def portfolio(pid: str, name: str, **extra) -> Portfolio:
    return Portfolio(id=pid, name=name, **extra)


def make_site(source: Path, portfolios: list[Portfolio], signed: bool = False) -> Site:
    """A Site as the pipeline makes it: the state redacted, then progress computed."""
    state = State(
        catalog=CATALOG,
        issuers={"state": ISSUER},
        credentials=dict(CREDENTIALS),
        stacks=dict(STACKS),
        pathways=dict(PATHWAYS),
        portfolios={p.id: p for p in sorted(portfolios, key=lambda p: p.id)},
        build_date=BUILD_DATE,
        source_dir=source,
    )
    return complete_site(privacy.redact(state), BASE_URL, signed, updated={})


def passport_files(site: Site, renderer: Renderer) -> Iterator[tuple[str, bytes]]:
    """The files of every passport in ``site.passports``, then the directory."""
    for passport in site.passports.values():
        yield from one_passport_files(site, renderer, passport)
    yield from directory_files(site, renderer)


def build(site: Site) -> dict[str, bytes]:
    renderer = Renderer(site.urls, shared={"site": site, "catalog": site.state.catalog}, language="en")
    return dict(passport_files(site, renderer))


def write(source: Path, pid: str, relative: str, data: bytes) -> None:
    path = source / "portfolios" / pid / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def png_bytes(size: tuple[int, int] = (40, 20), colour: str = "red", text: str | None = None) -> bytes:
    info = PngImagePlugin.PngInfo()
    if text:
        info.add_text("Comment", text)
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG", pnginfo=info)
    return buffer.getvalue()


def jpeg_with_exif(size: tuple[int, int], orientation: int, description: str) -> bytes:
    exif = Image.Exif()
    exif[0x0112] = orientation  # Orientation
    exif[0x010E] = description  # ImageDescription
    exif[0x8825] = {1: "N", 2: (38.0, 30.0, 0.0)}  # GPS IFD: latitude
    image = Image.new("RGB", size, "blue")
    image.paste((255, 255, 0), (0, 0, size[0] // 2, size[1]))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif.tobytes(), comment=description.encode())
    return buffer.getvalue()


class Page(HTMLParser):
    """The parts of a rendered page the tests look at."""

    def __init__(self, html: bytes) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text_parts: list[str] = []
        self.feed(html.decode("utf-8"))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def handle_data(self, data: str) -> None:
        self.text_parts.append(data)

    @property
    def text(self) -> str:
        return re.sub(r"\s+", " ", " ".join(self.text_parts))

    @property
    def words(self) -> str:
        """The text as a reader sees it: inline elements add no space."""
        return re.sub(r"\s+", " ", "".join(self.text_parts))

    def all(self, tag: str, **attrs: str) -> list[dict[str, str]]:
        return [a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in attrs.items())]

    def hrefs(self) -> list[str]:
        return [a["href"] for t, a in self.tags if "href" in a]


# --- fixtures --------------------------------------------------------------------


@pytest.fixture
def jordan() -> Portfolio:
    return portfolio(
        "jordan",
        "Jordan Rivera",
        headline="Kindergarten teacher",
        location="Kansas",
        photo="photo.png",
        bio="Twelve years in **early childhood** classrooms.",
        links=(Link("LinkedIn", "https://www.linkedin.com/in/example"),),
        license=License(type="Professional License", state="KS", expires=date(2027, 6, 30), pathways=("renewal", "points")),
        goals=("foundations",),
        earned=(
            earned(
                "circles",
                date(2025, 3, 1),
                assessor="Review panel",
                evidence=(
                    TextEvidence("overview", "We met **every** Monday."),
                    ArtifactEvidence(
                        "artifacts",
                        (
                            Artifact("Circle plan", "lesson-plan", file="plans/circle plan.pdf", public=True),
                            Artifact("Circle photo", "photo", file="photos/circle.jpg", public=True, consent=True),
                            Artifact("Slides", "lesson-plan", url="https://slides.example.org/1", public=True),
                            Artifact("Handout page", "lesson-plan", file="handout.html", public=True),
                        ),
                    ),
                ),
                attempts=(Attempt(date(2025, 1, 10), "not-yet", "Add *student voice*."),),
            ),
            earned("reading", date(2024, 5, 1)),
            earned("meetings", date(2019, 8, 1), revoked=Revocation(date(2020, 2, 1), "Evidence was not original.")),
        ),
        in_progress=(InProgress("meetings", date(2026, 1, 15)),),
        other_learning=(OtherLearning("Literacy institute", "workshop", date(2025, 7, 1), 20, "State"),),
    )


@pytest.fixture
def source(tmp_path: Path) -> Path:
    write(tmp_path, "jordan", "photo.png", png_bytes((900, 600), text="camera serial 123"))
    write(tmp_path, "jordan", "plans/circle plan.pdf", pdf_bytes(title="Plan for Ava M.", author="Jordan Rivera"))
    write(tmp_path, "jordan", "photos/circle.jpg", jpeg_with_exif((30, 20), 6, "Taken at 1 Elm Street"))
    write(tmp_path, "jordan", "handout.html", b"<script>alert(1)</script>")
    return tmp_path


@pytest.fixture
def site(source: Path, jordan: Portfolio) -> Site:
    sam = portfolio("sam", "Sam Lee", visibility="unlisted", headline="Counselor", earned=(earned("reading", date(2025, 1, 1)),))
    ann = portfolio("ann", "Ann Bell", earned=(earned("meetings", date(2023, 1, 1)), earned("circles", date(2024, 1, 1))))
    return make_site(source, [jordan, sam, ann])


@pytest.fixture
def files(site: Site) -> dict[str, bytes]:
    return build(site)


# --- which files ---------------------------------------------------------------------


def test_every_passport_gets_its_page_json_and_card(files: dict[str, bytes]) -> None:
    for pid in ("jordan", "sam", "ann"):
        page = files[url_layout.output_file(url_layout.educator(pid))]
        assert url_layout.educator_passport_json(pid) in files
        card = Image.open(io.BytesIO(files[url_layout.educator_card(pid)]))
        assert card.size == (1200, 630)
        # The QR code of the passport's address is in the page itself (issue 20: no file of its own).
        assert re.search(rb'<div class="pp-qr"><svg [^>]*role="img"', page)
        assert not [name for name in files if name.startswith(f"educators/{pid}/") and name.endswith(".svg")]
    assert url_layout.output_file(url_layout.EDUCATORS) in files


def test_a_private_portfolio_produces_no_file(source: Path, jordan: Portfolio) -> None:
    hidden = portfolio("hidden", f"{MARKER} name", visibility="private", earned=(earned("reading", date(2025, 1, 1)),))
    files = build(make_site(source, [jordan, hidden]))
    assert not [path for path in files if "hidden" in path]
    assert not [path for path, data in files.items() if MARKER.encode() in data]


def test_evidence_that_is_not_public_appears_nowhere(source: Path, jordan: Portfolio) -> None:
    write(source, "jordan", f"secret/{MARKER}.pdf", f"%PDF {MARKER}".encode())
    secret_earning = earned(
        "meetings",
        date(2025, 6, 1),
        evidence=(
            TextEvidence("overview", f"{MARKER} text", public=False),
            ArtifactEvidence("artifacts", (Artifact(f"{MARKER} title", "photo", file=f"secret/{MARKER}.pdf"),)),
        ),
        attempts=(Attempt(date(2025, 5, 1), "not-yet", f"{MARKER} feedback"),),
        show_attempts=False,
    )
    files = build(make_site(source, [replace(jordan, earned=(*jordan.earned, secret_earning))]))
    leaks = [path for path, data in files.items() if MARKER in path or MARKER.encode() in data]
    assert not leaks


def test_the_pages_leave_out_private_evidence_even_before_redaction(source: Path, jordan: Portfolio) -> None:
    """A second line of defence: handed an unredacted State, the page module still publishes nothing private."""
    write(source, "jordan", "secret/notes.pdf", f"%PDF {MARKER}".encode())
    secret_earning = earned(
        "meetings",
        date(2025, 6, 1),
        evidence=(
            TextEvidence("overview", f"{MARKER} text", public=False),
            ArtifactEvidence("artifacts", (Artifact(f"{MARKER} title", "photo", file="secret/notes.pdf"),)),
        ),
        attempts=(Attempt(date(2025, 5, 1), "not-yet", f"{MARKER} feedback"),),
        show_attempts=False,
    )
    site = make_site(source, [jordan])
    unredacted = replace(jordan, earned=(*jordan.earned, secret_earning))
    state = replace(site.state, portfolios={"jordan": unredacted})
    site = replace(site, state=state, passports={"jordan": progress.passport(unredacted, state)})
    files = build(site)
    assert not [path for path, data in files.items() if "secret" in path or MARKER.encode() in data]


def test_public_evidence_files_are_copied_or_cleaned_and_unsafe_types_left_out(files: dict[str, bytes]) -> None:
    plan = files[url_layout.evidence_file("jordan", "plans/circle plan.pdf")]
    assert plan.startswith(b"%PDF-") and b"Ava M." not in plan and b"Jordan Rivera" not in plan
    photo = files[url_layout.evidence_file("jordan", "photos/circle.jpg")]
    assert b"Elm Street" not in photo
    assert not [path for path in files if path.endswith("handout.html")]
    page = Page(files["educators/jordan/index.html"])
    hrefs = page.hrefs()
    assert "evidence/plans/circle%20plan.pdf" in hrefs
    assert "evidence/photos/circle.jpg" in hrefs
    assert "https://slides.example.org/1" in hrefs
    assert not [h for h in hrefs if "handout" in h]
    assert "Handout page (file not published)" in page.text


def test_the_photo_is_reencoded_without_metadata_and_resized(files: dict[str, bytes]) -> None:
    data = files[url_layout.educator_photo("jordan", "png")]
    assert b"camera serial" not in data
    image = Image.open(io.BytesIO(data))
    assert max(image.size) <= 800
    assert not image.info.get("Comment")
    page = Page(files["educators/jordan/index.html"])
    assert page.all("img", src="photo.png", alt="Photo of Jordan Rivera")


# --- pictures ---------------------------------------------------------------------------


def test_clean_image_drops_exif_gps_and_comments_and_applies_orientation() -> None:
    original = jpeg_with_exif((30, 20), 6, "Taken at 1 Elm Street")
    cleaned = clean_image(original, "JPEG", 2400)
    image = Image.open(io.BytesIO(cleaned))
    assert image.size == (20, 30)  # orientation 6: rotated a quarter turn
    assert not image.getexif()
    assert "exif" not in image.info and "comment" not in image.info
    assert b"Elm Street" not in cleaned
    assert clean_image(original, "JPEG", 2400) == cleaned


def test_clean_image_keeps_png_transparency_and_drops_text_chunks() -> None:
    buffer = io.BytesIO()
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "someone@example.org")
    Image.new("RGBA", (10, 10), (0, 0, 0, 0)).save(buffer, format="PNG", pnginfo=info)
    cleaned = clean_image(buffer.getvalue(), "PNG", 100)
    image = Image.open(io.BytesIO(cleaned))
    assert image.mode == "RGBA" and image.getpixel((0, 0))[3] == 0
    assert b"someone@example.org" not in cleaned


def test_clean_image_applies_an_embedded_colour_profile_and_drops_it() -> None:
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, format="PNG", icc_profile=srgb)
    cleaned = Image.open(io.BytesIO(clean_image(buffer.getvalue(), "PNG", 100)))
    assert "icc_profile" not in cleaned.info
    assert all(abs(a - b) <= 2 for a, b in zip(cleaned.getpixel((4, 4)), (200, 30, 30), strict=True))


# --- the page -------------------------------------------------------------------------------


def test_the_page_shows_identity_progress_and_credentials(files: dict[str, bytes]) -> None:
    page = Page(files["educators/jordan/index.html"])
    text = page.words
    assert len(page.all("h1")) == 1
    for expected in (
        "Jordan Rivera", "Kindergarten teacher", "Kansas", "early childhood",
        "Issued by State Department of Education.", "Status last changed 1 July 2025.", "How to verify",
        "Met Meets the Professional License (KS) renewal requirements through “Points renewal”.",
        "2 current micro-credentials · 1 revoked",
        "Renewal window: 30 June 2022 to 30 June 2027",
        "Needs 1 more micro-credential by 30 June 2027 to meet the Professional License (KS) renewal requirements through “Renewal”.",
        "Foundations", "Community Circles", "Reading Conferences", "Review panel",
        "Student voice", "Levels: Not Yet · Proficient (passing) · Exemplary", "Exemplary above passing",
        "Earned after 1 resubmission.", "Submitted 10 January 2025: Not Yet", "student voice",
        "In progress", "started 15 January 2026", "Literacy institute", "Past credentials",
    ):
        assert expected in text, expected
    assert page.all("meta", name="robots") == []
    assert page.all("link", rel="stylesheet", href="../../assets/passport.css")
    assert page.all("script", src="../../assets/passport.js", defer="")
    assert page.all("a", href="../../verify/")
    assert page.all("span", **{"data-checked": "../../status/checked.json"})
    assert page.all("meta", property="og:image", content=BASE_URL + "educators/jordan/card.png")
    assert page.all("meta", property="og:type", content="profile")


def test_current_credentials_get_tiles_and_past_ones_their_own_section(files: dict[str, bytes]) -> None:
    html = files["educators/jordan/index.html"].decode()
    tiles = html[html.index('<ul class="pp-tiles">') :]
    tiles = tiles[: tiles.index("</ul>")]
    assert re.findall(r'<a href="#([^"]+)">', tiles) == ["credential-circles", "credential-reading"]  # newest first
    assert "Valid until 1 March 2028" in tiles and "Valid, does not expire" in tiles
    past = html[html.index('id="past-heading"') :]
    assert 'id="credential-meetings"' in past and 'id="credential-circles"' not in past


def test_meters_have_limits_a_value_and_a_visible_text(source: Path, jordan: Portfolio) -> None:
    # The route that decides the verdict is shown in full: here the one with buckets.
    only_buckets = replace(jordan, license=replace(jordan.license, pathways=("renewal",)))
    html = build(make_site(source, [only_buckets]))["educators/jordan/index.html"].decode()
    meters = re.findall(r'<meter id="([^"]+)" min="0" max="([^"]+)" value="([^"]+)">([^<]+)</meter>', html)
    assert meters
    for meter_id, maximum, value, text in meters:
        assert 0 <= float(value) <= float(maximum)
        assert f'<label for="{meter_id}">' in html
        assert text.strip()
    assert ">2 of 3 credentials</meter>" in html  # renewal: circles and reading counted, meetings revoked


def test_a_route_with_buckets_shows_the_buckets_not_a_full_total(source: Path, jordan: Portfolio) -> None:
    """A total reached with a bucket short read "5 of 5" beside "In progress": the buckets' bars say it."""
    renewal = replace(PATHWAYS["renewal"], total=2)  # the buckets' minimums add up to the total
    site = make_site(source, [jordan])
    site = replace(site, state=replace(site.state, pathways={**site.state.pathways, "renewal": renewal}))
    two_readings = replace(jordan, earned=(earned("reading", date(2025, 3, 1)),), license=replace(jordan.license, pathways=("renewal",)))
    passport = progress.passport(two_readings, site.state)
    html = dict(one_passport_files(site, Renderer(site.urls, shared={"site": site, "catalog": site.state.catalog}), passport))[
        "educators/jordan/index.html"
    ].decode()
    assert "In all" not in html  # no total bar: it would repeat the buckets
    assert ">0 of 1 credential</meter>" in html and ">1 of 1 credential</meter>" in html
    assert "Needs 1 more credential in “State outcomes” by 30 June 2027" in Page(html.encode()).words


def test_a_revoked_credential_is_marked_and_gets_no_linkedin_link(files: dict[str, bytes]) -> None:
    html = files["educators/jordan/index.html"].decode()
    revoked = html[html.index('id="credential-meetings"') :]
    revoked = revoked[: revoked.index("</article>")]
    assert "Revoked" in revoked and 'datetime="2020-02-01">1 February 2020' in revoked
    assert "Reason: Evidence was not original." in revoked
    assert "linkedin.com/profile/add" not in revoked
    assert "Rubric results" not in revoked
    assert html.count("linkedin.com/profile/add") == 2


def test_an_expired_credential_is_past_and_gets_no_linkedin_link(source: Path, jordan: Portfolio) -> None:
    old = replace(jordan, earned=(earned("circles", date(2021, 3, 1)), earned("reading", date(2024, 5, 1))))
    html = build(make_site(source, [old]))["educators/jordan/index.html"].decode()
    assert "1 current micro-credential · 1 expired" in Page(html.encode()).words
    expired = html[html.index('id="credential-circles"') :]
    expired = expired[: expired.index("</article>")]
    assert html.index('id="past-heading"') < html.index('id="credential-circles"')
    assert "Expired" in expired and "1 March 2024" in expired
    assert "linkedin.com/profile/add" not in expired
    assert html.count("linkedin.com/profile/add") == 1


def test_the_page_says_whether_credentials_are_signed_once(source: Path, jordan: Portfolio) -> None:
    unsigned = Page(build(make_site(source, [jordan]))["educators/jordan/index.html"]).words
    signed = Page(build(make_site(source, [jordan], signed=True))["educators/jordan/index.html"]).words
    assert "Issued by State Department of Education." in unsigned and "signed" not in unsigned.lower()
    assert signed.count("Digitally signed credentials issued by State Department of Education.") == 1
    assert "unsigned" not in signed.lower()
    assert "Download Open Badge" in unsigned  # each credential's file, worded for people


def test_attempts_are_hidden_when_the_educator_says_so(source: Path, jordan: Portfolio) -> None:
    quiet = replace(jordan.earned[0], show_attempts=False)
    files = build(make_site(source, [replace(jordan, earned=(quiet, *jordan.earned[1:]))]))
    text = Page(files["educators/jordan/index.html"]).text
    assert "resubmission" not in text and "Assessment history" not in text and "student voice" not in text


def test_a_criterion_of_an_older_version_is_named_by_its_version_never_its_id(source: Path, jordan: Portfolio) -> None:
    older = replace(jordan.earned[1], version="0.9", scores={"structure": "proficient", "old-criterion": "gone-level"})
    files = build(make_site(source, [replace(jordan, earned=(jordan.earned[0], older))]))
    text = Page(files["educators/jordan/index.html"]).words
    assert "A criterion of version 0.9" in text and "A level of version 0.9" in text
    assert "old-criterion" not in text and "gone-level" not in text


def test_the_unlisted_page_is_noindex_and_left_out_of_the_directory(files: dict[str, bytes]) -> None:
    page = Page(files["educators/sam/index.html"])
    assert page.all("meta", name="robots", content="noindex")
    assert not page.all("script", type="application/ld+json")
    directory = files["educators/index.html"].decode()
    assert "Sam Lee" not in directory and "educators/sam" not in directory and 'href="sam/"' not in directory


def test_the_directory_lists_public_passports_with_filter_data(files: dict[str, bytes]) -> None:
    page = Page(files["educators/index.html"])
    cards = page.all("li", **{"class": "person-card"})
    assert [c["data-credentials"] for c in cards] == ["circles meetings", "circles reading"]  # Ann, then Jordan
    assert [c["data-stacks"] for c in cards] == ["foundations", ""]
    assert [c["data-topics"] for c in cards] == ["sel", "sel literacy"]
    assert page.all("form", id="educator-filters", hidden="")
    options = [a["value"] for a in page.all("option")]
    assert options == ["", "circles", "meetings", "reading", "", "foundations", "", "literacy", "sel"]
    assert "Community Circles (2)" in page.text  # Ann and Jordan; unlisted Sam is not counted
    assert "Reading Conferences (1)" in page.text
    assert {"ann/", "jordan/"} <= set(page.hrefs())
    assert len(page.all("h1")) == 1


def test_a_directory_of_one_page_has_no_page_links_and_filters_in_place(files: dict[str, bytes]) -> None:
    page = Page(files["educators/index.html"])
    assert not page.all("nav", id="educator-pages")
    assert "data-index" not in page.all("form", id="educator-filters")[0]
    assert "2 educators" in page.text


def crowd(count: int, **extra) -> list[Portfolio]:
    """``count`` public educators named so that their order is known: Educator 000, 001..."""
    return [
        portfolio(f"educator-{n:03d}", f"Educator {n:03d}", headline=f"Teacher at School {n}", earned=(earned("circles", date(2024, 1, 1)),), **extra)
        for n in range(count)
    ]


@pytest.fixture
def crowded(source: Path, jordan: Portfolio) -> dict[str, bytes]:
    """A directory of three pages: 205 public educators (Jordan among them) and one unlisted."""
    sam = portfolio("sam", "Sam Lee", visibility="unlisted", earned=(earned("reading", date(2025, 1, 1)),))
    site = make_site(source, [*crowd(204), jordan, sam])
    renderer = Renderer(site.urls, shared={"site": site, "catalog": site.state.catalog}, language="en")
    return dict(directory_files(site, renderer))


def card_names(html: bytes) -> list[str]:
    return re.findall(r'<h2 class="person-card__name"><a href="[^"]*">([^<]*)</a>', html.decode())


def test_a_large_directory_is_split_into_pages_of_a_hundred_in_name_order(crowded: dict[str, bytes]) -> None:
    pages = ["educators/index.html", "educators/page_2/index.html", "educators/page_3/index.html"]
    assert sorted(name for name in crowded if name.endswith(".html")) == sorted(pages)
    names = [card_names(crowded[name]) for name in pages]
    assert [len(n) for n in names] == [DIRECTORY_PAGE_SIZE, DIRECTORY_PAGE_SIZE, 5]
    everyone = [f"Educator {n:03d}" for n in range(204)] + ["Jordan Rivera"]
    assert [name for page in names for name in page] == everyone  # each once, by name; unlisted Sam nowhere
    second = Page(crowded[pages[1]])
    assert "Educators 101–200" in second.text
    assert "Educators, page 2 of 3" in second.text  # the title
    assert [a["href"] for a in second.all("a", rel="prev")] == ["../"]
    assert [a["href"] for a in second.all("a", rel="next")] == ["../page_3/"]
    assert [a["href"] for a in second.all("a", **{"aria-current": "page"})] == ["./"]
    first, last = Page(crowded[pages[0]]), Page(crowded[pages[2]])
    assert not first.all("a", rel="prev") and not last.all("a", rel="next")
    assert first.all("form", id="educator-filters")[0]["data-index"] == "directory.json"
    assert second.all("form", id="educator-filters")[0]["data-index"] == "../directory.json"
    assert second.all("form", id="educator-filters")[0]["data-filters"] == "../filters.json"
    assert second.all("form", id="educator-filters")[0]["data-count-page"] == "Educators 101–200 of {total}"


def test_a_directory_of_several_pages_reads_its_filter_options_from_one_small_file(crowded: dict[str, bytes]) -> None:
    """A page would otherwise repeat every option with its count (55 kB with 500 credentials)."""
    for name in ("educators/index.html", "educators/page_2/index.html", "educators/page_3/index.html"):
        page = Page(crowded[name])
        assert [o["value"] for o in page.all("option")] == ["", "", ""], name  # "Any ..." only
        assert "of 205" not in page.text and "(205)" not in page.text
    filters = json.loads(crowded[url_layout.EDUCATORS_FILTERS])
    assert filters["educators"] == 205
    assert filters["credentials"] == [
        {"id": "circles", "title": "Community Circles", "count": 205},  # the whole directory, unlisted Sam left out
        {"id": "reading", "title": "Reading Conferences", "count": 1},
    ]
    assert [o["id"] for o in filters["topics"]] == ["literacy", "sel"]
    assert "Sam Lee" not in crowded[url_layout.EDUCATORS_FILTERS].decode()


def test_a_new_credential_changes_only_the_directory_page_that_shows_its_holder(source: Path, jordan: Portfolio) -> None:
    """Issue 20: one educator's change must not remake every directory page."""
    def directory(people: list[Portfolio]) -> dict[str, bytes]:
        site = make_site(source, people)
        renderer = Renderer(site.urls, shared={"site": site, "catalog": site.state.catalog}, language="en")
        return dict(directory_files(site, renderer))

    crowd_of = crowd(204)
    before = directory([*crowd_of, jordan])
    first = crowd_of[0]
    more = replace(first, earned=(*first.earned, earned("reading", date(2025, 3, 1))))  # Educator 000, on page 1
    after = directory([more, *crowd_of[1:], jordan])
    changed = sorted(name for name in before if before[name] != after[name])
    assert changed == ["educators/directory.json", "educators/filters.json", "educators/index.html"]


def test_the_directory_index_holds_every_listed_educator_as_its_card_shows_them(crowded: dict[str, bytes]) -> None:
    index = json.loads(crowded[url_layout.EDUCATORS_INDEX])
    entries = index["educators"]
    assert [e["name"] for e in entries] == [f"Educator {n:03d}" for n in range(204)] + ["Jordan Rivera"]
    jordan = entries[-1]
    assert jordan["url"] == "jordan/" and jordan["photo"].startswith("jordan/photo.")
    assert jordan["credentials"] == ["circles", "reading"]  # the revoked one is not held
    assert jordan["counts"] == "2 current micro-credentials · 1 revoked · 1 in progress"
    assert [index["credentials"][c] for c in jordan["top"]] == ["Community Circles", "Reading Conferences"]
    assert "more" not in jordan
    allowed = {"name", "url", "headline", "location", "photo", "counts", "top", "more", "credentials", "stacks", "topics"}
    assert all(set(e) <= allowed for e in entries)
    text = crowded[url_layout.EDUCATORS_INDEX].decode()
    assert "Sam Lee" not in text and MARKER not in text and "bio" not in text


def test_a_card_names_how_many_credentials_it_leaves_out(source: Path, jordan: Portfolio, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(passport_pages, "TOP_CREDENTIALS_ON_CARD", 1)  # Jordan holds two
    site = make_site(source, [jordan])
    renderer = Renderer(site.urls, shared={"site": site, "catalog": site.state.catalog}, language="en")
    files = dict(directory_files(site, renderer))
    entry = json.loads(files[url_layout.EDUCATORS_INDEX])["educators"][0]
    assert entry["more"] == "and 1 more" and len(entry["top"]) == 1
    assert "and 1 more" in Page(files["educators/index.html"]).text


@given(st.integers(1, 400).flatmap(lambda pages: st.tuples(st.integers(1, pages), st.just(pages))))
def test_page_links_show_the_ends_and_the_neighbourhood_and_leave_out_only_runs(current_and_pages: tuple[int, int]) -> None:
    current, pages = current_and_pages
    links = page_links(current, pages)
    numbers = [n for n in links if n is not None]
    assert numbers == sorted(set(numbers)) and numbers[0] == 1 and numbers[-1] == pages
    assert set(range(max(1, current - 2), min(pages, current + 2) + 1)) <= set(numbers)
    for before, gap, after in zip(links, links[1:], links[2:]):
        if gap is None:
            assert before is not None and after is not None and after - before > 2  # a gap hides two pages or more
    for before, after in zip(links, links[1:]):
        if before is not None and after is not None:
            assert after == before + 1
    assert len(links) <= 9


def test_an_empty_directory_says_so(source: Path) -> None:
    files = build(make_site(source, [portfolio("sam", "Sam Lee", visibility="unlisted")]))
    page = Page(files["educators/index.html"])
    assert "No educator has published a passport yet." in page.text
    assert not page.all("form")


# --- links ------------------------------------------------------------------------------------


def test_linkedin_url_prefills_every_field(site: Site) -> None:
    held = next(e for e in site.passports["jordan"].earned if e.credential.id == "circles")
    url = linkedin_url(held, ISSUER, "https://example.org/mc/educators/jordan/#credential-circles", "https://id/1")
    assert url is not None
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == "https://www.linkedin.com/profile/add"
    assert parse_qs(parts.query) == {
        "startTask": ["CERTIFICATION_NAME"],
        "name": ["Community Circles"],
        "organizationName": ["State Department of Education"],
        "issueYear": ["2025"],
        "issueMonth": ["3"],
        "expirationYear": ["2028"],
        "expirationMonth": ["3"],
        "certUrl": ["https://example.org/mc/educators/jordan/#credential-circles"],
        "certId": ["https://id/1"],
    }
    assert " " not in url and "&name=Community%20Circles&" in url


def test_linkedin_url_names_the_issuers_page_when_it_has_one(site: Site) -> None:
    held = next(e for e in site.passports["jordan"].earned if e.credential.id == "circles")
    issuer = replace(ISSUER, linkedin_organization_id="1337")
    query = parse_qs(urlsplit(linkedin_url(held, issuer, "https://example.org/p/#c", "https://id/1") or "").query)
    # The page id shows the issuer's logo and links to its page; the name would be plain text beside it.
    assert query["organizationId"] == ["1337"] and "organizationName" not in query
    assert query["name"] == ["Community Circles"]


def test_every_link_into_the_passport_folder_has_a_file(files: dict[str, bytes]) -> None:
    for pid in ("jordan", "sam", "ann"):
        page_path = url_layout.educator(pid)
        for href in Page(files[url_layout.output_file(page_path)]).hrefs():
            if urlsplit(href).scheme or href.startswith("#") or href.startswith("../"):
                continue
            target = url_layout.output_file(unquote(urlsplit(page_path + href).path))
            if target.startswith(f"educators/{pid}/credentials/") or target == url_layout.educator_clr(pid):
                continue  # Open Badges files and the CLR: written by badge_files
            assert target in files, (pid, href)


def test_every_href_is_relative_or_a_safe_absolute_url(files: dict[str, bytes]) -> None:
    for path, data in files.items():
        if not path.endswith(".html"):
            continue
        for href in Page(data).hrefs():
            scheme = urlsplit(href).scheme
            assert scheme in ("", "http", "https", "mailto"), (path, href)
            assert not href.startswith("/"), (path, href)  # pages work from any sub-path


# --- passport.json -----------------------------------------------------------------------------


def test_passport_json_has_the_documented_shape(files: dict[str, bytes]) -> None:
    document = json.loads(files["educators/jordan/passport.json"])
    assert document["id"] == "jordan"
    assert document["url"] == BASE_URL + "educators/jordan/"
    circles = next(e for e in document["earned"] if e["credential"] == "circles")
    assert circles == {
        "credential": "circles", "title": "Community Circles", "version": "1.0", "earned_on": "2025-03-01",
        "expires_on": "2028-03-01", "status": "valid", "scores": SCORES, "url": BASE_URL + "credentials/circles/",
    }
    assert next(e for e in document["earned"] if e["credential"] == "meetings")["status"] == "revoked"
    renewal, points = document["pathways"]
    assert renewal == {
        "id": "renewal", "title": "Renewal", "mode": "count", "met": False,
        "window": {"start": "2022-06-30", "end": "2027-06-30"}, "required": 3, "counted": 2,
        "buckets": [
            {"id": "outcomes", "min": 1, "credentials": ["circles"]},
            {"id": "any", "min": 1, "credentials": ["reading"]},
        ],
    }
    assert (points["mode"], points["required"], points["counted"], points["met"]) == ("points", 40, 45, True)
    assert document["stacks"] == [{"id": "foundations", "complete": False, "required": 2, "held": ["circles"]}]


def test_passport_document_uses_only_the_passport(site: Site) -> None:
    document = passport_document(site, site.passports["sam"])
    assert [e["credential"] for e in document["earned"]] == ["reading"]
    assert document["pathways"] == [] and document["stacks"] == []


# --- determinism and translations -----------------------------------------------------------------


def test_two_builds_give_the_same_bytes(source: Path, jordan: Portfolio) -> None:
    first = build(make_site(source, [jordan]))
    second = build(make_site(source, [jordan]))
    assert first == second


def test_the_page_is_escaped(source: Path, jordan: Portfolio) -> None:
    nasty = replace(jordan, name="<script>alert('x')</script>", headline='"><img src=x onerror=alert(1)>')
    html = build(make_site(source, [nasty]))["educators/jordan/index.html"].decode()
    assert "<script>alert" not in html and "<img src=x" not in html


def test_a_spanish_catalog_gets_a_spanish_passport(site: Site) -> None:
    renderer = Renderer(site.urls, shared={"site": site, "catalog": site.state.catalog}, language="es")
    files = dict(passport_files(site, renderer))
    page = Page(files["educators/jordan/index.html"])
    assert "Pasaporte de aprendizaje profesional" in page.text
    assert "Período de renovación: del 30 de junio de 2022 al 30 de junio de 2027" in page.text
    assert "Coincidencias:" in files["educators/index.html"].decode()  # the filter's count template


MESSAGE = re.compile(r"""(?:\b_|\bgettext|\bngettext)\(\s*(["'])((?:(?!\1).)+)\1(?:\s*,\s*(["'])((?:(?!\3).)+)\3)?""")


def used_messages() -> set[str]:
    package = Path(__file__).resolve().parent.parent / "credsite"
    sources = [package / name for name in ("passport_pages.py", "passport_view.py", "directory.py")]
    sources += [theme_dir() / name for name in ("passport.html", "educators.html", "partials/passport_macros.html")]
    found: set[str] = set()
    for path in sources:
        for match in MESSAGE.finditer(path.read_text(encoding="utf-8")):
            found.add(match.group(2))
            if match.group(4) and match.group(0).startswith("ngettext"):
                found.add(match.group(4))
    found |= {"{n} micro-credential", "{n} micro-credentials", "{n} stack completed", "{n} stacks completed"}
    return found


def test_every_passport_message_has_a_spanish_translation() -> None:
    spanish = messages("es")
    missing = sorted(m for m in used_messages() if m not in spanish)
    assert not missing, missing
    for message in used_messages():
        assert set(re.findall(r"{\w+}", message)) == set(re.findall(r"{\w+}", spanish[message])), message


# --- the example site, built by the CLI --------------------------------------------------------------

REPO_ROOT = Path(__file__).resolve().parent.parent


def test_the_example_build_publishes_no_private_marker(example_site) -> None:
    planted = [p for p in (REPO_ROOT / "portfolios").rglob("*") if p.is_file() and MARKER.encode() in p.read_bytes()]
    assert planted, "the example plants no marker: this test would prove nothing"
    leaks = [
        path.relative_to(example_site.root).as_posix()
        for path in sorted(example_site.root.rglob("*"))
        if path.is_file() and (MARKER in path.name or MARKER.encode() in path.read_bytes())
    ]
    assert not leaks, leaks


def test_the_example_lists_no_unlisted_passport(example_site) -> None:
    root = example_site.root
    unlisted = [
        page.parent.name
        for page in sorted((root / "educators").glob("*/index.html"))
        if '<meta name="robots" content="noindex">' in page.read_text(encoding="utf-8")
    ]
    assert unlisted, "the example has no unlisted passport"
    listings = [url_layout.SITEMAP, url_layout.SEARCH_INDEX, url_layout.FEED, url_layout.CATALOG_JSON]
    listings += [url_layout.output_file(url_layout.EDUCATORS), url_layout.output_file(url_layout.HOME)]
    for listing in listings:
        text = (root / listing).read_text(encoding="utf-8")
        for pid in unlisted:
            assert url_layout.educator(pid) not in text and f'"{pid}/"' not in text, (listing, pid)


def test_a_bucket_that_needs_nothing_shows_its_words_without_a_label_for_a_missing_meter(
    source: Path, jordan: Portfolio, monkeypatch: pytest.MonkeyPatch
) -> None:
    renewal = PATHWAYS["renewal"]
    optional = replace(renewal, buckets=(*renewal.buckets[:1], replace(renewal.buckets[1], min=0)))
    monkeypatch.setitem(PATHWAYS, "renewal", optional)
    only_buckets = replace(jordan, license=replace(jordan.license, pathways=("renewal",)))  # the route shown in full
    page = Page(build(make_site(source, [only_buckets]))["educators/jordan/index.html"])
    ids = {attrs["id"] for _, attrs in page.tags if "id" in attrs}
    targets = [attrs["for"] for tag, attrs in page.tags if tag == "label" and "for" in attrs]
    assert targets and all(target in ids for target in targets)
    assert "Individual" in page.text


def test_an_issuer_file_names_its_linkedin_page_in_add_to_profile_links(tmp_path: Path) -> None:
    source = tmp_path / "state"
    shutil.copytree(Path(__file__).parent / "fixtures" / "minimal", source)
    issuer = source / "catalog" / "issuers" / "state.yaml"
    issuer.write_text(issuer.read_text(encoding="utf-8") + "linkedin_organization_id: 1337\n", encoding="utf-8")
    build_site(BuildOptions(source=source, out=tmp_path / "site", build_date=date(2026, 11, 24), cache=False))
    html = (tmp_path / "site" / "educators" / "ana" / "index.html").read_text(encoding="utf-8")
    links = [href for href in Page(html.encode()).hrefs() if href.startswith("https://www.linkedin.com/profile/add?")]
    assert links and all(parse_qs(urlsplit(href).query)["organizationId"] == ["1337"] for href in links)


def test_only_a_passport_with_a_current_credential_loads_the_wallet_controls(source: Path, jordan: Portfolio) -> None:
    current = build(make_site(source, [jordan]))["educators/jordan/index.html"]
    assert b'id="pp-wallet-controls"' in current and b"assets/wallet.js" in current
    revoked = replace(jordan, earned=tuple(replace(e, revoked=Revocation(date(2025, 6, 1))) for e in jordan.earned))
    page = build(make_site(source, [revoked]))["educators/jordan/index.html"]
    assert b"pp-wallet-controls" not in page and b"wallet.js" not in page
    assert b"Download Open Badge" in page  # each revoked credential keeps its file
