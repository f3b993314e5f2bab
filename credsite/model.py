"""The catalog and portfolios as immutable dataclasses.

Everything here has already passed validation: ids resolve, dates are real
dates, defaults are filled in. Sequences are tuples and mappings are dicts
that nothing mutates, so a stage downstream can never change what an
earlier stage saw.

A field is named as in the data format, so ``assemble`` fills it by name
and ``catalog.json`` writes it by name; a field kept elsewhere in the file
says where (``found_at``). A default the format documents comes from the
schema (``default()``); an absent optional field is None or empty.
"""

from __future__ import annotations

from dataclasses import MISSING, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

from .defaults import default

PATH = "path"  # a field's metadata key: where in the file it is, when not at its own name
# The format's word for "every criterion" (a rubric's pass rule) and "every
# credential" (a stack's require); the model holds None for it.
ALL = "all"


def found_at(path: str, default: Any = MISSING) -> Any:
    """A field whose value is at ``path`` in the file ("research_basis.summary"), not at its own name."""
    return field(default=default, metadata={PATH: path})


@dataclass(frozen=True)
class Topic:
    id: str
    title: str
    description: str | None = None  # markdown


@dataclass(frozen=True)
class Term:
    """A grade band, a role or an artifact type the catalog adds: an id with a display title."""

    id: str
    title: str
    description: str | None = None


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
    language: str = default("catalog", "language")
    logo: str | None = None  # path under catalog/
    contact: str | None = None
    content_license: str | None = None
    grade_bands: tuple[Term, ...] = ()
    roles: tuple[Term, ...] = ()
    artifact_types: tuple[Term, ...] = ()  # beside the built-in ones (crossref.ARTIFACT_TYPES)
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
    min_items: int = default("credential", "evidence.requirements[].min_items")  # artifacts only
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
    sources: tuple[Source, ...] = found_at("research_basis.sources")
    topics: tuple[str, ...]
    requirements: tuple[EvidenceRequirement, ...] = found_at("evidence.requirements")
    rubric: Rubric
    status: CredentialStatus = default("credential", "status")
    method_components: tuple[str, ...] = ()  # markdown items
    research_summary: str | None = found_at("research_basis.summary", None)  # markdown
    resources: tuple[Resource, ...] = ()
    prerequisites: tuple[str, ...] = ()
    cost: str | None = None
    grade_bands: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    estimated_hours: float | None = None
    pd_points: float | None = None
    valid_years: int | None = None
    alignments: tuple[Alignment, ...] = ()
    evidence_instructions: str | None = found_at("evidence.instructions", None)  # markdown
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
    mode: PathwayMode = default("pathway", "mode")
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
    public: bool = default("portfolio", "earned[].evidence.<id>.public")


@dataclass(frozen=True)
class Artifact:
    title: str
    type: str
    file: str | None = None  # path under portfolios/<id>/
    url: str | None = None
    public: bool = default("portfolio", "earned[].evidence.<id>.items[].public")
    consent: bool = default("portfolio", "earned[].evidence.<id>.items[].consent")


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
    show_attempts: bool = default("portfolio", "earned[].show_attempts")
    revoked: Revocation | None = None


@dataclass(frozen=True)
class InProgress:
    credential: str
    started_on: date | None = None


OtherLearningKind = Literal["degree", "certification", "course", "workshop", "other"]


@dataclass(frozen=True)
class OtherLearning:
    title: str
    kind: OtherLearningKind = default("portfolio", "other_learning[].kind")
    date: date | None = None
    points: float = default("portfolio", "other_learning[].points")
    provider: str | None = None


@dataclass(frozen=True)
class CountsToward:
    """How a recognized issuer's credentials count (FORMAT v1.1 ``counts_toward``)."""

    topics: tuple[str, ...] = ()  # catalog topic ids: the pathway buckets it can fill
    pd_points: float | None = None  # points mode: what one such credential is worth


@dataclass(frozen=True)
class RecognizedIssuer:
    """An outside issuer the state trusts, by key (``catalog/recognized/<id>.yaml``)."""

    id: str
    name: str
    issuer_ids: tuple[str, ...]  # the issuer.id values its credentials carry
    url: str | None = None
    keys: tuple[str, ...] = ()  # Ed25519 public keys, multibase; a did:key issuer needs none
    counts_toward: CountsToward | None = None  # None: its credentials are shown, never counted


@dataclass(frozen=True)
class ExternalFacts:
    """What the build read from an external credential after its proof verified.

    Only validation makes these (it is the stage that verifies the file), so
    every External in the model is one whose checks all passed.
    """

    title: str  # credentialSubject.achievement.name
    issuer_id: str  # issuer.id, as in the file
    valid_from: date
    valid_until: date | None  # None: it does not expire
    verification_method: str  # the key the proof verified with
    sha256: str  # of the file's bytes, as published
    credential_id: str | None = None  # the credential's own id, when it has one
    description: str | None = None  # achievement.description (plain text)
    issuer_name: str | None = None  # issuer.name, as in the file
    achievement_type: str | None = None
    image: str | None = None  # achievement.image id, when an https: URL


@dataclass(frozen=True)
class External:
    """One ``external:`` entry: a signed Open Badges 3.0 credential from a recognized issuer."""

    file: str  # path under portfolios/<id>/
    issuer: str  # a catalog/recognized id
    facts: ExternalFacts
    public: bool = True  # False: counted and shown by title only, the file is not published


Visibility = Literal["public", "unlisted", "private"]


@dataclass(frozen=True)
class Portfolio:
    id: str
    name: str
    visibility: Visibility = default("portfolio", "visibility")
    headline: str | None = None
    location: str | None = None
    photo: str | None = None  # path under portfolios/<id>/
    bio: str | None = None  # markdown
    links: tuple[Link, ...] = ()
    license: License | None = None
    goals: tuple[str, ...] = ()
    earned: tuple[Earned, ...] = ()
    in_progress: tuple[InProgress, ...] = ()
    external: tuple[External, ...] = ()
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
    recognized: dict[str, RecognizedIssuer] = field(default_factory=dict)
