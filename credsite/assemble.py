"""Fourth stage: turn valid, typed file data into the immutable model.

Only called when validation found no problem, so every id resolves and
every date is real; this module fills in the documented defaults.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from .ctdl import ctid_of
from .model import (
    Alignment,
    Artifact,
    ArtifactEvidence,
    Attempt,
    Bucket,
    Catalog,
    Credential,
    Earned,
    Evidence,
    EvidenceRequirement,
    Framework,
    InProgress,
    Issuer,
    License,
    Link,
    OtherLearning,
    Pathway,
    Portfolio,
    Resource,
    Revocation,
    Rubric,
    RubricCriterion,
    RubricLevel,
    Source,
    Stack,
    State,
    Term,
    TextEvidence,
    Topic,
)
from .source import SourceFiles


def state(files: SourceFiles, source: Path, build_date: date) -> State:
    assert files.catalog is not None, "assemble runs only on valid sources"
    publisher_url = publisher_url_of(files)
    credentials = {cid: credential(cid, t.data, publisher_url) for cid, t in files.items["credential"].items()}
    return State(
        catalog=catalog(files.catalog.data),
        issuers={iid: issuer(iid, t.data, publisher_url) for iid, t in files.items["issuer"].items()},
        credentials=credentials,
        stacks={sid: stack(sid, t.data) for sid, t in files.items["stack"].items()},
        pathways={pid: pathway(pid, t.data) for pid, t in files.items["pathway"].items()},
        portfolios={pid: portfolio(pid, t.data, credentials) for pid, t in files.items["portfolio"].items()},
        build_date=build_date,
        source_dir=source,
    )


def publisher_url_of(files: SourceFiles) -> str:
    """The catalog publisher's web address: derived CTIDs are keyed by its domain (ctdl.py)."""
    assert files.catalog is not None
    return files.items["issuer"][files.catalog.data["publisher"]].data["url"]


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def catalog(data: dict[str, Any]) -> Catalog:
    return Catalog(
        title=data["title"],
        base_url=data["base_url"],
        publisher=data["publisher"],
        topics=tuple(Topic(t["id"], t["title"], t.get("description")) for t in data["topics"]),
        description=data.get("description"),
        language=data.get("language", "en"),
        logo=data.get("logo"),
        contact=data.get("contact"),
        content_license=data.get("content_license"),
        grade_bands=tuple(Term(g["id"], g["title"]) for g in data.get("grade_bands", [])),
        roles=tuple(Term(r["id"], r["title"]) for r in data.get("roles", [])),
        frameworks=tuple(Framework(f["id"], f["title"], f.get("url")) for f in data.get("frameworks", [])),
    )


def issuer(issuer_id: str, data: dict[str, Any], publisher_url: str) -> Issuer:
    return Issuer(
        id=issuer_id,
        name=data["name"],
        url=data["url"],
        email=data.get("email"),
        description=data.get("description"),
        image=data.get("image"),
        ctid=ctid_of(data.get("ctid"), publisher_url, "issuer", issuer_id),
        linkedin_organization_id=data.get("linkedin_organization_id"),
    )


def requirement(data: dict[str, Any]) -> EvidenceRequirement:
    return EvidenceRequirement(
        id=data["id"],
        title=data["title"],
        kind=data["kind"],
        prompt=data["prompt"],
        max_words=data.get("max_words"),
        min_items=data.get("min_items", 1),
        accepted=tuple(data.get("accepted", [])),
    )


def rubric(data: dict[str, Any]) -> Rubric:
    levels = tuple(RubricLevel(lv["id"], lv["title"], lv["passing"]) for lv in data["levels"])
    criteria = tuple(
        RubricCriterion(
            id=c["id"],
            title=c["title"],
            descriptors={lv.id: c["descriptors"][lv.id] for lv in levels},
            requirement=c.get("requirement"),
        )
        for c in data["criteria"]
    )
    pass_rule = data.get("pass_rule", "all")
    return Rubric(levels, criteria, None if pass_rule == "all" else pass_rule["min_passing"])


def credential(credential_id: str, data: dict[str, Any], publisher_url: str) -> Credential:
    research = data["research_basis"]
    evidence = data["evidence"]
    return Credential(
        id=credential_id,
        title=data["title"],
        version=data["version"],
        issuer=data["issuer"],
        summary=data["summary"],
        competency=data["competency"],
        key_method=data["key_method"],
        sources=tuple(Source(s["citation"], s.get("url"), s.get("doi"), s.get("note")) for s in research["sources"]),
        topics=tuple(data["topics"]),
        requirements=tuple(requirement(r) for r in evidence["requirements"]),
        rubric=rubric(data["rubric"]),
        status=data.get("status", "active"),
        method_components=tuple(data.get("method_components", [])),
        research_summary=research.get("summary"),
        resources=tuple(Resource(r["title"], r.get("url"), r.get("note")) for r in data.get("resources", [])),
        prerequisites=tuple(data.get("prerequisites", [])),
        cost=data.get("cost"),
        grade_bands=tuple(data.get("grade_bands", [])),
        roles=tuple(data.get("roles", [])),
        estimated_hours=data.get("estimated_hours"),
        pd_points=data.get("pd_points"),
        valid_years=data.get("valid_years"),
        alignments=tuple(Alignment(a["framework"], a.get("code"), a.get("title")) for a in data.get("alignments", [])),
        evidence_instructions=evidence.get("instructions"),
        image=data.get("image"),
        ctid=ctid_of(data.get("ctid"), publisher_url, "credential", credential_id),
    )


def stack(stack_id: str, data: dict[str, Any]) -> Stack:
    require = data.get("require", "all")
    return Stack(
        id=stack_id,
        title=data["title"],
        credentials=tuple(data["credentials"]),
        require=None if require == "all" else require,
        description=data.get("description"),
        award=data.get("award"),
    )


def pathway(pathway_id: str, data: dict[str, Any]) -> Pathway:
    return Pathway(
        id=pathway_id,
        title=data["title"],
        window_years=data["window_years"],
        mode=data.get("mode", "count"),
        description=data.get("description"),
        total=data.get("total"),
        buckets=tuple(Bucket(b["id"], b["title"], b["min"], tuple(b.get("topics", []))) for b in data.get("buckets", [])),
        points_required=data.get("points_required"),
    )


def evidence(requirement_id: str, data: dict[str, Any]) -> Evidence:
    if "items" in data:
        items = tuple(
            Artifact(
                title=a["title"],
                type=a["type"],
                file=a.get("file"),
                url=a.get("url"),
                public=a.get("public", False),
                consent=a.get("consent", False),
            )
            for a in data["items"]
        )
        return ArtifactEvidence(requirement_id, items)
    return TextEvidence(requirement_id, data["text"], data.get("public", True))


def earned(data: dict[str, Any], credentials: dict[str, Credential]) -> Earned:
    revoked = data.get("revoked")
    return Earned(
        credential=data["credential"],
        version=data.get("version", credentials[data["credential"]].version),
        earned_on=date.fromisoformat(data["earned_on"]),
        assessor=data.get("assessor"),
        bucket=data.get("bucket"),
        scores=dict(data.get("scores", {})),
        evidence=tuple(evidence(rid, e) for rid, e in data.get("evidence", {}).items()),
        attempts=tuple(
            Attempt(date.fromisoformat(a["submitted_on"]), a["result"], a.get("feedback")) for a in data.get("attempts", [])
        ),
        show_attempts=data.get("show_attempts", True),
        revoked=Revocation(date.fromisoformat(revoked["on"]), revoked.get("reason")) if revoked else None,
    )


def portfolio(portfolio_id: str, data: dict[str, Any], credentials: dict[str, Credential]) -> Portfolio:
    license_data = data.get("license")
    return Portfolio(
        id=portfolio_id,
        name=data["name"],
        visibility=data.get("visibility", "public"),
        headline=data.get("headline"),
        location=data.get("location"),
        photo=data.get("photo"),
        bio=data.get("bio"),
        links=tuple(Link(link["label"], link["url"]) for link in data.get("links", [])),
        license=License(
            type=license_data.get("type"),
            state=license_data.get("state"),
            expires=_day(license_data.get("expires")),
            pathways=tuple(license_data.get("pathways", [])),
        )
        if license_data
        else None,
        goals=tuple(data.get("goals", [])),
        earned=tuple(earned(e, credentials) for e in data.get("earned", [])),
        in_progress=tuple(InProgress(w["credential"], _day(w.get("started_on"))) for w in data.get("in_progress", [])),
        other_learning=tuple(
            OtherLearning(
                title=o["title"],
                kind=o.get("kind", "other"),
                date=_day(o.get("date")),
                points=o.get("points", 0),
                provider=o.get("provider"),
            )
            for o in data.get("other_learning", [])
        ),
    )
