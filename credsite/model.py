"""The catalog and portfolios as immutable dataclasses.

Everything here has already passed validation: ids resolve, dates are real
dates, defaults are filled in. Sequences are tuples and mappings are dicts
that nothing mutates, so a stage downstream can never change what an
earlier stage saw.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal


@dataclass(frozen=True)
class Topic:
    id: str
    title: str
    description: str | None = None  # markdown


@dataclass(frozen=True)
class Term:
    """A grade band or a role: an id with a display title."""

    id: str
    title: str


@dataclass(frozen=True)
class Framework:
    id: str
    title: str
    url: str | None = None


@dataclass(frozen=True)
class Catalog:
    title: str
    base_url: str
    publisher: str
    topics: tuple[Topic, ...]
    description: str | None = None  # markdown
    language: str = "en"
    logo: str | None = None  # path under catalog/
    contact: str | None = None
    content_license: str | None = None
    grade_bands: tuple[Term, ...] = ()
    roles: tuple[Term, ...] = ()
    frameworks: tuple[Framework, ...] = ()


@dataclass(frozen=True)
class Issuer:
    id: str
    name: str
    url: str
    email: str | None = None
    description: str | None = None  # markdown
    image: str | None = None  # path under catalog/
    ctid: str | None = None  # CTID, registered or derived (ctdl.py); assemble always sets it
    linkedin_organization_id: str | None = None  # digits: LinkedIn's id of the organization's page


@dataclass(frozen=True)
class Source:
    citation: str
    url: str | None = None
    doi: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Resource:
    title: str
    url: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Alignment:
    framework: str
    code: str | None = None
    title: str | None = None


RequirementKind = Literal["text", "artifacts", "reflection"]


@dataclass(frozen=True)
class EvidenceRequirement:
    id: str
    title: str
    kind: RequirementKind
    prompt: str  # markdown
    max_words: int | None = None
    min_items: int = 1  # artifacts only
    accepted: tuple[str, ...] = ()  # artifact types; empty means any


@dataclass(frozen=True)
class RubricLevel:
    id: str
    title: str
    passing: bool


@dataclass(frozen=True)
class RubricCriterion:
    id: str
    title: str
    descriptors: dict[str, str]  # level id -> markdown, in level order
    requirement: str | None = None


@dataclass(frozen=True)
class Rubric:
    levels: tuple[RubricLevel, ...]  # lowest to highest
    criteria: tuple[RubricCriterion, ...]
    min_passing: int | None = None  # None: every criterion must pass

    def level(self, level_id: str) -> RubricLevel | None:
        return next((lv for lv in self.levels if lv.id == level_id), None)

    def passes(self, scores: dict[str, str]) -> bool:
        """Whether criterion -> level scores satisfy the pass rule."""
        passing = sum(
            1 for c in self.criteria if (lv := self.level(scores.get(c.id, ""))) and lv.passing
        )
        needed = len(self.criteria) if self.min_passing is None else self.min_passing
        return passing >= needed


CredentialStatus = Literal["active", "draft", "retired"]


@dataclass(frozen=True)
class Credential:
    id: str
    title: str
    version: str
    issuer: str
    summary: str
    competency: str  # markdown
    key_method: str  # markdown
    sources: tuple[Source, ...]
    topics: tuple[str, ...]
    requirements: tuple[EvidenceRequirement, ...]
    rubric: Rubric
    status: CredentialStatus = "active"
    method_components: tuple[str, ...] = ()  # markdown items
    research_summary: str | None = None  # markdown
    resources: tuple[Resource, ...] = ()
    prerequisites: tuple[str, ...] = ()
    cost: str | None = None
    grade_bands: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    estimated_hours: float | None = None
    pd_points: float | None = None
    valid_years: int | None = None
    alignments: tuple[Alignment, ...] = ()
    evidence_instructions: str | None = None  # markdown
    image: str | None = None  # path under catalog/credentials/
    ctid: str | None = None  # CTID, registered or derived (ctdl.py); assemble always sets it

    def requirement(self, requirement_id: str) -> EvidenceRequirement | None:
        return next((r for r in self.requirements if r.id == requirement_id), None)


@dataclass(frozen=True)
class Stack:
    id: str
    title: str
    credentials: tuple[str, ...]
    require: int | None = None  # None: all of them
    description: str | None = None  # markdown
    award: str | None = None

    @property
    def required_count(self) -> int:
        return len(self.credentials) if self.require is None else self.require


@dataclass(frozen=True)
class Bucket:
    id: str
    title: str
    min: int
    topics: tuple[str, ...] = ()  # empty: any credential qualifies

    def accepts(self, credential: Credential) -> bool:
        return not self.topics or any(t in self.topics for t in credential.topics)


PathwayMode = Literal["count", "points"]


@dataclass(frozen=True)
class Pathway:
    id: str
    title: str
    window_years: int
    mode: PathwayMode = "count"
    description: str | None = None  # markdown
    total: int | None = None  # count mode
    buckets: tuple[Bucket, ...] = ()  # count mode
    points_required: float | None = None  # points mode


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class License:
    type: str | None = None
    state: str | None = None
    expires: date | None = None
    pathways: tuple[str, ...] = ()


@dataclass(frozen=True)
class TextEvidence:
    requirement: str
    text: str  # markdown
    public: bool = True


@dataclass(frozen=True)
class Artifact:
    title: str
    type: str
    file: str | None = None  # path under portfolios/<id>/
    url: str | None = None
    public: bool = False
    consent: bool = False


@dataclass(frozen=True)
class ArtifactEvidence:
    requirement: str
    items: tuple[Artifact, ...]


Evidence = TextEvidence | ArtifactEvidence


@dataclass(frozen=True)
class Attempt:
    submitted_on: date
    result: str  # a rubric level id, usually "not-yet"
    feedback: str | None = None  # markdown


@dataclass(frozen=True)
class Revocation:
    on: date
    reason: str | None = None


@dataclass(frozen=True)
class Earned:
    credential: str
    version: str  # defaulted to the catalog's current version
    earned_on: date
    assessor: str | None = None
    bucket: str | None = None  # pinned pathway bucket id
    scores: dict[str, str] = field(default_factory=dict)  # criterion id -> level id
    evidence: tuple[Evidence, ...] = ()
    attempts: tuple[Attempt, ...] = ()
    show_attempts: bool = True
    revoked: Revocation | None = None


@dataclass(frozen=True)
class InProgress:
    credential: str
    started_on: date | None = None


OtherLearningKind = Literal["degree", "certification", "course", "workshop", "other"]


@dataclass(frozen=True)
class OtherLearning:
    title: str
    kind: OtherLearningKind = "other"
    date: date | None = None
    points: float = 0
    provider: str | None = None


Visibility = Literal["public", "unlisted", "private"]


@dataclass(frozen=True)
class Portfolio:
    id: str
    name: str
    visibility: Visibility = "public"
    headline: str | None = None
    location: str | None = None
    photo: str | None = None  # path under portfolios/<id>/
    bio: str | None = None  # markdown
    links: tuple[Link, ...] = ()
    license: License | None = None
    goals: tuple[str, ...] = ()
    earned: tuple[Earned, ...] = ()
    in_progress: tuple[InProgress, ...] = ()
    other_learning: tuple[OtherLearning, ...] = ()


@dataclass(frozen=True)
class State:
    """The whole source: one catalog and every portfolio, keyed by id.

    Dicts keep file-name order (sorted), so iteration is deterministic.
    """

    catalog: Catalog
    issuers: dict[str, Issuer]
    credentials: dict[str, Credential]
    stacks: dict[str, Stack]
    pathways: dict[str, Pathway]
    portfolios: dict[str, Portfolio]
    build_date: date
    source_dir: Path
