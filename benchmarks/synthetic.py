"""A synthetic state in credsite's data format, for benchmarks and scale tests.

    python benchmarks/synthetic.py --out /tmp/state --credentials 500 --educators 20000

Writes `catalog/` and `portfolios/` (YAML and the image, PDF and photo files
they name) under --out. The same arguments and --seed always write the same
bytes. The text is filler, but the structure is what a state's catalog holds:
every field of the data format (docs/format.md) appears, with the mixes a
state has — drafts and retired credentials, stacks that need all or some of
their credentials, renewal pathways counted by credentials, by buckets and by
points, public, unlisted and private portfolios, private evidence, consent,
revoked credentials and earlier attempts.

The state is valid for the build date --today (default 2026-01-01): build it
with SOURCE_DATE_EPOCH set to that day. Rare features are given to the first
item that can take them, so even a state of ten educators holds every one.

As a module: `write_state(out, credentials=500, educators=20000, seed=1)`.
"""

from __future__ import annotations

import argparse
import calendar
import io
import json
import random
import re
import sys
import textwrap
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw

DEFAULT_TODAY = date(2026, 1, 1)

# --- vocabulary ------------------------------------------------------------------

TOPICS = [
    ("social-emotional-learning", "Social-Emotional Learning", "A Kansas State Board outcome."),
    ("kindergarten-readiness", "Kindergarten Readiness", "A Kansas State Board outcome."),
    ("individual-plans-of-study", "Individual Plans of Study", "A Kansas State Board outcome."),
    ("graduation-rates", "Graduation Rates", "A Kansas State Board outcome."),
    ("postsecondary-success", "Postsecondary Success", "A Kansas State Board outcome."),
    ("literacy", "Literacy", None),
    ("mathematics", "Mathematics", None),
    ("science-inquiry", "Science Inquiry", None),
    ("computer-science", "Computer Science", None),
    ("trauma-responsive-practice", "Trauma-Responsive Practice", None),
    ("family-engagement", "Family Engagement", "Working with families as partners."),
    ("instructional-technology", "Instructional Technology", None),
    ("english-learners", "English Learners", None),
    ("special-education", "Special Education", None),
]
STATE_BOARD_OUTCOMES = [topic for topic, _, description in TOPICS if description == "A Kansas State Board outcome."]
GRADE_BANDS = [("prek-2", "PreK–2", "Preschool through second grade."), ("3-5", "Grades 3–5", None),
               ("6-8", "Grades 6–8", None), ("9-12", "Grades 9–12", "High school.")]
ROLES = [("teacher", "Classroom teacher", "Teaches a class or a subject."), ("counselor", "School counselor", None),
         ("librarian", "Library media specialist", None), ("administrator", "Building administrator", None),
         ("paraeducator", "Paraeducator", "Supports students alongside a licensed teacher.")]
# Beside the built-in artifact types, the state adds its own (catalog.yaml's artifact_types).
EXTRA_ARTIFACT_TYPES = [("observation-notes", "Observation notes", "Notes from a colleague's classroom visit."), ("survey", "Survey results", None)]
ARTIFACT_TYPES = ["lesson-plan", "student-work", "video", "photo", "communication", "data", "observation-notes"]
CONSENT_TYPES = {"photo", "video", "student-work"}
OTHER_LEARNING_KINDS = ["degree", "certification", "course", "workshop", "other"]

WORDS = (
    "students classroom evidence practice feedback reflection lesson routine "
    "meeting team school family community growth reading writing number sense "
    "inquiry discussion data goal plan assessment voice choice mindful calm "
    "trauma responsive restorative circle literacy science engineering career "
    "readiness kindergarten graduation transition mentoring conference "
    "regulation listening greeting sharing problem solving partners morning "
    "vocabulary fluency models questions small groups exit tickets portfolio "
    "rubric criteria peers coaching observation schedule attendance belonging"
).split()
FIRST_NAMES = ("Avery Beatriz Carmen Dmitri Eun-ji Fatima Graham Hana Isaiah José Kiara Liam Mai Nadia "
               "Oluwaseun Priya Quinn Rosa Siobhán Tomás Uma Wyatt Ximena Yusuf Zoë").split()
LAST_NAMES = ("Abernathy Brooks Castillo Dubois Eriksen Friedman García Haddad Iverson Johnson Kowalski "
              "Lindqvist Martínez Nguyễn O'Connor Patel Quintero Running-Bear Schmidt Thompson Ueda "
              "Vasquez Washington Yazzie Zimmerman").split()
SCHOOLS = ("Prairie View Elementary", "Cottonwood Middle School", "Sunflower High School", "Flint Hills Academy",
           "Bluestem Elementary", "Walnut Creek Middle School", "Smoky Hill High School")
TOWNS = ("Wichita", "Topeka", "Salina", "Garden City", "Emporia", "Hays", "Lawrence", "Dodge City")


# --- features that must appear at least once ---------------------------------------


@dataclass
class Features:
    """Rare features: each is forced on at its first chance, then taken at its rate.

    A benchmark state is large and would hold them anyway; the guarantee is
    for the small states the tests generate, which must still exercise the
    whole format.
    """

    rng: random.Random
    pending: set[str] = field(default_factory=set)

    def take(self, name: str, rate: float) -> bool:
        roll = self.rng.random() < rate
        if name not in self.pending:
            return roll
        self.pending.discard(name)
        return True


CREDENTIAL_FEATURES = {
    "retired", "draft", "prerequisites", "image", "no-valid-years", "min-passing", "default-pass-rule",
    "four-levels", "any-artifact-type", "default-min-items", "second-framework", "no-optional-text",
    "registered-ctid",
}
PORTFOLIO_FEATURES = {
    "private", "unlisted", "no-license", "photo", "webp-photo", "goals", "in-progress", "older-version",
    "pinned-bucket", "revoked", "hidden-attempts", "attempts", "private-text", "file-artifact", "photo-artifact",
    "id-key", "other-learning", "every-learning-kind", "bio-link", "shown-attempts",
}


# --- YAML --------------------------------------------------------------------------


class Flow(list):
    """A list written on one line: `[a, b]` (ids only, so nothing needs quoting)."""


class FlowMap(dict):
    """A mapping written on one line: `{credential: x, started_on: 2025-01-01}`."""


# Text written without quotes, as authors write it: starts with a letter, no YAML indicator in it.
PLAIN = re.compile(r"[^\W\d_][\w .,/:()'-]*[\w.)]")
YAML_WORDS = {"yes", "no", "on", "off", "true", "false", "null", "y", "n"}
FOLD_AFTER = 100  # longer text is written as a folded block (>-), as authors write it
ONE_LINE_KEYS = {"bio", "summary"}  # the benchmark edits these in place, one line each


def scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, date):
        return value.isoformat()
    if PLAIN.fullmatch(value) and value.lower() not in YAML_WORDS and ": " not in value and " #" not in value:
        return value
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def yaml_lines(data: dict[str, Any], indent: int = 0) -> Iterator[str]:
    pad = " " * indent
    for key, value in data.items():
        if isinstance(value, FlowMap):
            yield f"{pad}{key}: {{{', '.join(f'{k}: {scalar(v)}' for k, v in value.items())}}}"
        elif isinstance(value, Flow):
            yield f"{pad}{key}: [{', '.join(scalar(v) for v in value)}]"
        elif isinstance(value, dict):
            yield f"{pad}{key}:"
            yield from yaml_lines(value, indent + 2)
        elif isinstance(value, list):
            yield f"{pad}{key}:"
            for item in value:
                yield from list_item(item, indent + 2)
        elif isinstance(value, str) and len(value) > FOLD_AFTER and key not in ONE_LINE_KEYS:
            yield f"{pad}{key}: >-"
            yield from textwrap.wrap(value, 76, initial_indent=pad + "  ", subsequent_indent=pad + "  ",
                                     break_long_words=False, break_on_hyphens=False)
        else:
            yield f"{pad}{key}: {scalar(value)}"


def list_item(item: Any, indent: int) -> Iterator[str]:
    pad = " " * indent
    if isinstance(item, FlowMap):
        yield f"{pad}- {{{', '.join(f'{k}: {scalar(v)}' for k, v in item.items())}}}"
    elif isinstance(item, dict):
        lines = list(yaml_lines(item, indent + 2))
        yield pad + "- " + lines[0][indent + 2:]
        yield from lines[1:]
    else:
        yield f"{pad}- {scalar(item)}"


def write_yaml(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(yaml_lines(data)) + "\n", encoding="utf-8")


# --- files the YAML points at --------------------------------------------------------


def png(color: tuple[int, int, int], size: int = 96) -> bytes:
    image = Image.new("RGB", (size, size), color)
    ImageDraw.Draw(image).ellipse((size // 6, size // 6, size * 5 // 6, size * 5 // 6), fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def photo(color: tuple[int, int, int], image_format: str) -> bytes:
    """A small portrait-like picture: a head and shoulders on a coloured ground."""
    image = Image.new("RGB", (120, 120), color)
    draw = ImageDraw.Draw(image)
    draw.ellipse((40, 20, 80, 60), fill=(236, 200, 170))
    draw.rectangle((28, 70, 92, 120), fill=(40, 60, 90))
    buffer = io.BytesIO()
    image.save(buffer, image_format, quality=80)
    return buffer.getvalue()


def pdf(today: date) -> bytes:
    """A one-page PDF (a blank page with lines), dated `today` so that its bytes never change."""
    page = Image.new("L", (170, 220), 255)
    draw = ImageDraw.Draw(page)
    for y in range(30, 200, 14):
        draw.line((20, y, 150, y), fill=120)
    moment = time.gmtime(calendar.timegm(today.timetuple()))  # Pillow would write the time of the run
    buffer = io.BytesIO()
    page.save(buffer, "PDF", resolution=72, creationDate=moment, modDate=moment)
    return buffer.getvalue()


LOGO_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" role="img" aria-label="State seal">'
    '<circle cx="32" cy="32" r="30" fill="#1d4e89"/><path d="M16 40 L32 14 L48 40 Z" fill="#f2c14e"/></svg>\n'
)


def write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


# --- the state ----------------------------------------------------------------------


@dataclass(frozen=True)
class CredentialPlan:
    """What portfolios need to know of a credential to earn it validly."""

    id: str
    version: str
    status: str
    topics: tuple[str, ...]
    criteria: tuple[str, ...]
    passing: tuple[str, ...]
    not_passing: tuple[str, ...]  # non-passing level ids other than not-yet
    min_passing: int | None
    requirements: tuple[tuple[str, str, int, tuple[str, ...]], ...]  # (id, kind, min_items, accepted)


class StateWriter:
    def __init__(self, out: Path, seed: int, today: date) -> None:
        self.out = out
        self.rng = random.Random(seed)
        self.today = today
        self.features = Features(self.rng, set(CREDENTIAL_FEATURES | PORTFOLIO_FEATURES))
        self.pdf = pdf(today)
        self.pathway_buckets: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
        self.earned_total = 0

    # text
    def words(self, n: int) -> str:
        return " ".join(self.rng.choice(WORDS) for _ in range(n))

    def title(self, n: int) -> str:
        return self.words(n).title()

    def sentence(self, n: int = 12) -> str:
        text = self.words(n)
        return text[0].upper() + text[1:] + "."

    def paragraph(self, sentences: int = 3) -> str:
        return " ".join(self.sentence(self.rng.randint(8, 16)) for _ in range(sentences))

    def markdown_paragraph(self, sentences: int = 3) -> str:
        """A paragraph with the Markdown authors use: emphasis, now and then a link."""
        text = self.paragraph(sentences)
        first, rest = text.split(" ", 1)
        if self.rng.random() < 0.2:
            rest += " See the [district guide](https://district.example.org/guide)."
        return f"**{first}** {rest}"

    def day_before(self, day: date, low: int, high: int) -> date:
        return day - timedelta(days=self.rng.randint(low, high))

    # catalog
    def catalog(self) -> None:
        write_yaml(self.out / "catalog" / "catalog.yaml", {
            "title": "Synthetic State Educator Micro-credentials",
            "description": "Micro-credentials approved for *professional license renewal*, generated for scale tests.",
            "base_url": "https://example.github.io/state-microcredentials/",
            "language": "en",
            "publisher": "state-dept",
            "logo": "assets/logo.svg",
            "contact": "microcredentials@state.example.org",
            "content_license": "CC-BY-4.0",
            "topics": [vocabulary_entry(*topic) for topic in TOPICS],
            "grade_bands": [vocabulary_entry(*band) for band in GRADE_BANDS],
            "roles": [vocabulary_entry(*role) for role in ROLES],
            "artifact_types": [vocabulary_entry(*kind) for kind in EXTRA_ARTIFACT_TYPES],
            "frameworks": [
                {"id": "learning-forward", "title": "Learning Forward Standards for Professional Learning",
                 "description": "The standards for professional learning the state adopted.",
                 "url": "https://learningforward.org/standards/"},
                {"id": "state-teaching-standards", "title": "State Professional Teaching Standards"},
            ],
        })
        write_bytes(self.out / "catalog" / "assets" / "logo.svg", LOGO_SVG.encode())
        write_bytes(self.out / "catalog" / "assets" / "state-dept.png", png((29, 78, 137)))
        write_yaml(self.out / "catalog" / "issuers" / "state-dept.yaml", {
            "id": "state-dept",
            "name": "State Department of Education",
            "url": "https://state.example.org",
            "email": "credentials@state.example.org",
            "description": "Teacher Licensure and Accreditation, **Educator Development** team.",
            "image": "assets/state-dept.png",
            "ctid": "ce-7f42a13b-2c7e-4cbb-bbae-337a5187cf61",  # registered with the Credential Registry
            "linkedin_organization_id": "1337",
        })
        write_yaml(self.out / "catalog" / "issuers" / "state-university.yaml", {
            "name": "State University College of Education",
            "url": "https://education.state-university.example.edu",
            "email": "microcredentials@state-university.example.edu",
            "description": "Reviews submissions for the graduate-credit stacks.",
        })
        write_yaml(self.out / "catalog" / "issuers" / "regional-service-center.yaml", {
            "name": "Regional Education Service Center",
            "url": "https://resc.example.org",
        })

    def credential(self, index: int, earlier: list[CredentialPlan]) -> CredentialPlan:
        take = self.features.take
        credential_id = f"mc-{index:05d}"
        status = "retired" if take("retired", 0.03) else "draft" if take("draft", 0.02) else "active"
        version = f"{self.rng.randint(1, 2)}.{self.rng.randint(0, 3)}"
        topics = tuple(self.rng.sample([t for t, _, _ in TOPICS], self.rng.randint(1, 2)))
        four_levels = take("four-levels", 0.25)
        levels = [{"id": "not-yet", "title": "Not Yet", "passing": False}]
        if four_levels:
            levels.append({"id": "developing", "title": "Developing", "passing": False})
        levels += [{"id": "proficient", "title": "Proficient", "passing": True},
                   {"id": "exemplary", "title": "Exemplary", "passing": True}]
        any_type = take("any-artifact-type", 0.15)
        default_min = take("default-min-items", 0.15)
        requirements = [
            {"id": "overview", "title": "Overview", "kind": "text", "prompt": self.sentence(20), "max_words": 400},
            {"id": "artifacts", "title": "Artifacts supporting the work", "kind": "artifacts", "prompt": self.sentence(15)},
            {"id": "reflection", "title": "Reflection", "kind": "reflection", "prompt": self.sentence(15)},
        ]
        if not default_min:
            requirements[1]["min_items"] = 3
        if not any_type:
            requirements[1]["accepted"] = Flow(ARTIFACT_TYPES)
        if self.rng.random() < 0.3:
            requirements[2]["max_words"] = 600
        criteria = [f"criterion-{k}" for k in range(1, self.rng.randint(3, 5))]
        linked = ["overview", "artifacts", "reflection"]
        rubric: dict[str, Any] = {"levels": [FlowMap(level) for level in levels], "criteria": []}
        for k, criterion in enumerate(criteria):
            entry: dict[str, Any] = {"id": criterion, "title": self.title(3)}
            if k < 3:  # a fourth criterion scores the submission as a whole
                entry["requirement"] = linked[k]
            entry["descriptors"] = {level["id"]: self.sentence() for level in levels}
            rubric["criteria"].append(entry)
        min_passing = None
        if take("min-passing", 0.2):
            min_passing = len(criteria) - 1
            rubric["pass_rule"] = {"min_passing": min_passing}
        elif not take("default-pass-rule", 0.2):
            rubric["pass_rule"] = "all"
        sparse = take("no-optional-text", 0.05)  # only what the format requires of the text
        data: dict[str, Any] = {}
        if index % 50 == 1:
            data["id"] = credential_id
        data |= {
            "title": f"Micro-credential {index}: {self.title(4)}",
            "version": version,
            "status": status,
            "issuer": self.rng.choice(["state-dept", "state-dept", "state-university", "regional-service-center"]),
            "summary": self.sentence(14),
            "competency": self.markdown_paragraph(2),
            "key_method": self.paragraph(3),
        }
        if status == "active" and self.rng.random() < 0.5:
            del data["status"]  # active is the default
        if not sparse:
            data["method_components"] = [self.sentence(10) for _ in range(3)]
        sources = []
        for s in range(self.rng.randint(2, 3)):
            source: dict[str, Any] = {
                "citation": f"Author{s}, A. ({2000 + index % 20}). {self.title(6)}. Journal of Education, {s + 10}(2), 1-20."}
            if not sparse:
                source["url"] = f"https://doi.org/10.1000/{credential_id}.{s}"
                if s == 0:
                    source |= {"doi": f"10.1000/{credential_id}.{s}", "note": self.sentence(8)}
            sources.append(source)
        data["research_basis"] = {"summary": self.paragraph(2), "sources": sources} if not sparse else {"sources": sources}
        if not sparse and self.rng.random() < 0.5:
            data["resources"] = [{"title": self.title(4), "url": f"https://learn.example.org/{credential_id}/{r}",
                                  "note": self.sentence(6)} for r in range(self.rng.randint(1, 2))]
        candidates = [c.id for c in earlier if c.status != "draft"]
        if candidates and take("prerequisites", 0.1):
            data["prerequisites"] = Flow(self.rng.sample(candidates, 1))
        if not sparse:
            data["cost"] = self.rng.choice(["Free", "Free; a $40 assessment fee applies to resubmissions", "$25"])
        data["topics"] = Flow(topics)
        data["grade_bands"] = Flow(g for g, _, _ in self.rng.sample(GRADE_BANDS, self.rng.randint(1, 3)))
        data["roles"] = Flow(r for r, _, _ in self.rng.sample(ROLES, self.rng.randint(1, 2)))
        data["estimated_hours"] = self.rng.choice([10, 12.5, 15, 20, 25])
        data["pd_points"] = self.rng.choice([0, 10, 15, 20, 30])
        if not take("no-valid-years", 0.1):
            data["valid_years"] = 5
        alignments = [{"framework": "learning-forward", "code": "learning-designs", "title": "Learning Designs"}]
        if take("second-framework", 0.3):
            alignments.append({"framework": "state-teaching-standards", "code": f"standard-{self.rng.randint(1, 10)}"})
        data["alignments"] = alignments
        data["evidence"] = {"instructions": self.sentence(), "requirements": requirements}
        data["rubric"] = rubric
        if take("image", 0.02):
            data["image"] = f"images/{credential_id}.png"
            write_bytes(self.out / "catalog" / "credentials" / "images" / f"{credential_id}.png",
                        png((self.rng.randint(0, 200), self.rng.randint(0, 200), self.rng.randint(0, 200))))
        if take("registered-ctid", 0.01):  # registered before: keeps its own CTID
            data["ctid"] = f"ce-{uuid.UUID(int=self.rng.getrandbits(128), version=4)}"
        write_yaml(self.out / "catalog" / "credentials" / f"{credential_id}.yaml", data)
        return CredentialPlan(
            id=credential_id, version=version, status=status, topics=topics, criteria=tuple(criteria),
            passing=("proficient", "exemplary"), not_passing=("developing",) if four_levels else (),
            min_passing=min_passing,
            requirements=tuple((r["id"], r["kind"], r.get("min_items", 1), tuple(r.get("accepted", ()))) for r in requirements),
        )

    def stacks_and_pathways(self, credentials: list[CredentialPlan]) -> list[str]:
        offered = [c.id for c in credentials if c.status != "draft"]
        stacks = []
        # One stack per ten credentials, and at least four, so that every way of writing `require` appears.
        for s in range(1, max(4, len(credentials) // 10) + 1):
            members = self.rng.sample(offered, min(len(offered), self.rng.randint(3, 6)))
            data: dict[str, Any] = {"id": f"stack-{s}"} if s == 1 else {}
            data["title"] = f"Stack {s}: {self.title(3)}"
            if s % 4 != 0:
                data["description"] = self.sentence()
            data["credentials"] = Flow(members)
            if s % 2 == 0 and len(members) > 1:
                data["require"] = len(members) - 1
            elif s % 3 != 0:
                data["require"] = "all"
            if s % 4 != 0:
                data["award"] = "Three graduate credit hours"
            write_yaml(self.out / "catalog" / "stacks" / f"stack-{s}.yaml", data)
            stacks.append(f"stack-{s}")
        pathways = {
            "renewal-mc": {
                "id": "renewal-mc",
                "title": "Professional license renewal (micro-credential route)",
                "description": "Five micro-credentials in the *five-year* cycle.",
                "window_years": 5, "mode": "count", "total": 5,
                "buckets": [
                    {"id": "state-board-outcomes", "title": "State Board Outcomes", "min": 3,
                     "topics": Flow(STATE_BOARD_OUTCOMES)},
                    {"id": "individual", "title": "Individual professional learning", "min": 2},
                ],
            },
            "renewal-points": {
                "title": "Professional license renewal (points route)",
                "description": "Points from micro-credentials and other professional learning.",
                "window_years": 5, "mode": "points", "points_required": 120,
            },
            "pilot": {"title": "Renewal pilot (two micro-credentials)", "window_years": 3, "total": 2},
            "leadership": {
                "title": "Teacher leadership endorsement", "window_years": 4, "mode": "count",
                "buckets": [
                    {"id": "family", "title": "Family engagement", "min": 1, "topics": Flow(["family-engagement"])},
                    {"id": "electives", "title": "Electives", "min": 0},
                ],
            },
        }
        for pathway_id, data in pathways.items():
            write_yaml(self.out / "catalog" / "pathways" / f"{pathway_id}.yaml", data)
            self.pathway_buckets[pathway_id] = [(b["id"], tuple(b.get("topics", ()))) for b in data.get("buckets", [])]
        return stacks

    # portfolios
    def portfolio(self, number: int, credentials: list[CredentialPlan], stacks: list[str]) -> None:
        take = self.features.take
        portfolio_id = f"educator-{number:06d}"
        folder = self.out / "portfolios" / portfolio_id
        visibility = self.visibility(number)
        data: dict[str, Any] = {"id": portfolio_id} if take("id-key", 0.01) else {}
        data["name"] = f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"
        if visibility != "public" or self.rng.random() < 0.5:
            data["visibility"] = visibility  # public is the default
        role = self.rng.choice(ROLES)[1]
        data["headline"] = f"{role}, {self.rng.choice(SCHOOLS)}"
        data["location"] = f"{self.rng.choice(TOWNS)}, Kansas"
        if take("photo", 0.03):
            webp = take("webp-photo", 0.3)
            name = "photo.webp" if webp else "photo.jpg"
            data["photo"] = name
            color = (self.rng.randint(60, 220), self.rng.randint(60, 220), self.rng.randint(60, 220))
            write_bytes(folder / name, photo(color, "WEBP" if webp else "JPEG"))
        bio = self.paragraph(2)
        if take("bio-link", 0.1):
            bio += " My classroom blog is [here](https://blog.example.org/" + portfolio_id + ")."
        data["bio"] = bio
        links = [{"label": "LinkedIn", "url": f"https://www.linkedin.com/in/{portfolio_id}"}]
        if self.rng.random() < 0.2:
            links.append({"label": "School page", "url": f"https://school.example.org/staff/{portfolio_id}"})
        data["links"] = links
        expires = self.today + timedelta(days=self.rng.randint(-200, 1500))
        license_pathways: list[str] = []
        if not take("no-license", 0.1):
            license_pathways = self.rng.sample(["renewal-mc", "renewal-points", "pilot", "leadership"], self.rng.randint(1, 2))
            if "renewal-mc" not in license_pathways and self.rng.random() < 0.7:
                license_pathways.insert(0, "renewal-mc")
            data["license"] = {"type": "Professional License", "state": "KS", "expires": expires,
                               "pathways": Flow(license_pathways)}
        if take("goals", 0.3):
            data["goals"] = Flow(self.rng.sample(stacks, min(len(stacks), self.rng.randint(1, 2))))
        earnable = [c for c in credentials if c.status != "draft"]
        held = self.rng.sample(earnable, min(len(earnable), self.earned_count()))
        earned = [self.earned(c, folder, expires, license_pathways) for c in held]
        self.earned_total += len(earned)
        if earned:
            data["earned"] = earned
        not_held = [c for c in earnable if c not in held]
        if not_held and take("in-progress", 0.2):
            data["in_progress"] = [FlowMap({"credential": c.id, "started_on": self.day_before(self.today, 10, 300)})
                                   for c in self.rng.sample(not_held, min(len(not_held), self.rng.randint(1, 2)))]
        if take("other-learning", 0.4):
            learning = {"title": "Summer literacy institute", "kind": "workshop",
                        "date": self.day_before(self.today, 30, 1500), "points": 15}
            entries = [learning]
            if take("every-learning-kind", 0.05):
                entries = [{"title": f"{kind.title()}: {self.title(3)}", "kind": kind,
                            "date": self.day_before(self.today, 30, 3000), "points": self.rng.choice([0, 5, 15, 30]),
                            "provider": "State University"} for kind in OTHER_LEARNING_KINDS]
                entries.append({"title": "Reading group"})  # nothing but a title
            data["other_learning"] = entries
        write_yaml(self.out / "portfolios" / f"{portfolio_id}.yaml", data)

    def visibility(self, number: int) -> str:
        # The first educator is public: the rare features forced onto it are then
        # published and built. The next ones take private and unlisted.
        if number == 1:
            return "public"
        take = self.features.take
        return "private" if take("private", 0.05) else "unlisted" if take("unlisted", 0.05) else "public"

    def earned_count(self) -> int:
        # How many credentials an educator holds: 2.6 on average, a few hold many.
        return self.rng.choices(range(9), weights=[16, 15, 19, 19, 15, 9, 4, 2, 1])[0]

    def earned(self, credential: CredentialPlan, folder: Path, expires: date, pathways: list[str]) -> dict[str, Any]:
        take = self.features.take
        earned_on = min(expires - timedelta(days=self.rng.randint(30, 2200)), self.today - timedelta(days=1))
        entry: dict[str, Any] = {"credential": credential.id}
        if take("older-version", 0.05):
            major, minor = (int(part) for part in credential.version.split("."))
            entry["version"] = f"{major}.{minor - 1}" if minor else f"{major - 1}.9"  # under the previous rubric
        elif self.rng.random() < 0.2:
            entry["version"] = credential.version
        entry["earned_on"] = earned_on
        entry["assessor"] = self.rng.choice(["State review panel", "Regional coach", "University reviewer"])
        bucket = self.pinnable_bucket(credential, pathways)
        if bucket and take("pinned-bucket", 0.1):
            entry["bucket"] = bucket
        entry["scores"] = self.scores(credential)
        entry["evidence"] = self.evidence(credential, folder)
        if take("attempts", 0.3):
            result = credential.not_passing[0] if credential.not_passing and self.rng.random() < 0.5 else "not-yet"
            entry["attempts"] = [{"submitted_on": earned_on - timedelta(days=40), "result": result,
                                  "feedback": self.sentence()}]
            if take("hidden-attempts", 0.2):
                entry["show_attempts"] = False
            elif take("shown-attempts", 0.3):
                entry["show_attempts"] = True
        if take("revoked", 0.01):
            revoked_on = min(earned_on + timedelta(days=self.rng.randint(1, 200)), self.today)
            entry["revoked"] = {"on": revoked_on, "reason": "Evidence was not the educator's own."}
        return entry

    def pinnable_bucket(self, credential: CredentialPlan, pathways: list[str]) -> str | None:
        """A bucket of the license's pathways (of every pathway, without a license) the credential qualifies for."""
        for pathway_id in pathways or list(self.pathway_buckets):
            for bucket_id, topics in self.pathway_buckets[pathway_id]:
                if not topics or set(topics) & set(credential.topics):
                    return bucket_id
        return None

    def scores(self, credential: CredentialPlan) -> dict[str, str]:
        scores = {criterion: self.rng.choice(credential.passing) for criterion in credential.criteria}
        if credential.min_passing is not None and credential.min_passing < len(credential.criteria):
            scores[credential.criteria[-1]] = "not-yet"  # below the bar on one criterion, and still passing
        return scores

    def evidence(self, credential: CredentialPlan, folder: Path) -> dict[str, Any]:
        take = self.features.take
        evidence: dict[str, Any] = {}
        for requirement_id, kind, min_items, accepted in credential.requirements:
            if kind != "artifacts":
                given: dict[str, Any] = {"text": self.markdown_paragraph(3)}
                if take("private-text", 0.2):
                    given["public"] = False
                elif self.rng.random() < 0.5:
                    given["public"] = True
                evidence[requirement_id] = given
                continue
            items = []
            for a in range(max(3, min_items)):
                artifact_type = self.rng.choice(accepted or ARTIFACT_TYPES)
                public = self.rng.random() < 0.6
                item: dict[str, Any] = {"title": self.title(4), "type": artifact_type}
                if artifact_type in ("photo", "student-work") and take("photo-artifact", 0.02):
                    name = f"{credential.id}/artifact-{a}.jpg"
                    item["file"] = name
                    write_bytes(folder / name, photo((self.rng.randint(0, 255), 120, 160), "JPEG"))
                elif artifact_type not in CONSENT_TYPES and take("file-artifact", 0.01):
                    name = f"{credential.id}/artifact-{a}.pdf"
                    item["file"] = name
                    write_bytes(folder / name, self.pdf)
                else:
                    item["url"] = f"https://drive.example.org/{folder.name}/{credential.id}/{a}"
                if public or self.rng.random() < 0.5:
                    item["public"] = public
                if public and artifact_type in CONSENT_TYPES:
                    item["consent"] = True
                items.append(item)
            evidence[requirement_id] = {"items": items}
        return evidence


def vocabulary_entry(entry_id: str, title: str, description: str | None) -> dict[str, str]:
    entry = {"id": entry_id, "title": title}
    if description:
        entry["description"] = description
    return entry


@dataclass(frozen=True)
class Written:
    credentials: int
    educators: int
    earned: int


def write_state(out: Path, credentials: int = 500, educators: int = 5000, seed: int = 1,
                today: date = DEFAULT_TODAY) -> Written:
    """Write a state under `out`; the same arguments always write the same bytes."""
    if credentials < 1 or educators < 0:
        raise ValueError("a state needs at least one credential, and no fewer than zero educators")
    writer = StateWriter(Path(out), seed, today)
    writer.catalog()
    plans: list[CredentialPlan] = []
    for index in range(1, credentials + 1):
        plans.append(writer.credential(index, plans))
    stacks = writer.stacks_and_pathways(plans)
    (Path(out) / "portfolios").mkdir(parents=True, exist_ok=True)
    for number in range(1, educators + 1):
        writer.portfolio(number, plans, stacks)
    return Written(credentials, educators, writer.earned_total)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="folder to write catalog/ and portfolios/ into")
    parser.add_argument("--credentials", type=int, default=500, help="credentials in the catalog (default: %(default)s)")
    parser.add_argument("--educators", type=int, default=5000, help="portfolios (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=1, help="the same seed writes the same bytes (default: %(default)s)")
    parser.add_argument("--today", type=date.fromisoformat, default=DEFAULT_TODAY,
                        help="the build date the state is valid for, YYYY-MM-DD (default: %(default)s)")
    arguments = parser.parse_args(argv)
    if arguments.credentials < 1 or arguments.educators < 0:
        parser.error("--credentials must be at least 1 and --educators at least 0")
    written = write_state(arguments.out, arguments.credentials, arguments.educators, arguments.seed, arguments.today)
    print(f"wrote {written.credentials} credentials and {written.educators} portfolios "
          f"({written.earned} earned credentials) under {arguments.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
