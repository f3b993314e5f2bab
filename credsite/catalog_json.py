"""The catalog's files for programs: ``catalog.json`` and the search index.

``catalog.json`` is the published catalog in the authoring format's shape,
with absolute URLs; the search index is what ``assets/catalog.js`` filters
and searches on the home page.
"""

from __future__ import annotations

from typing import Any

from . import urls as url_layout
from .catalog_index import CatalogIndex
from .markdown import plain_text
from .model import Credential, Issuer, Pathway, Stack, Topic
from .site import Site


def without_none(values: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in values.items() if value is not None}


def catalog_document(site: Site, index: CatalogIndex) -> dict[str, Any]:
    """The published catalog, machine-readable, with absolute URLs."""
    catalog = site.state.catalog
    return {
        "generator": "credsite",
        "catalog": without_none({
            "title": catalog.title,
            "description": catalog.description,
            "url": site.urls.absolute(url_layout.HOME),
            "language": catalog.language,
            "publisher": catalog.publisher,
            "logo": site.urls.absolute(site.logo_path) if site.logo_path else None,
            "contact": catalog.contact,
            "content_license": catalog.content_license,
            "topics": [topic_json(site, t) for t in catalog.topics],
            "grade_bands": [{"id": g.id, "title": g.title} for g in catalog.grade_bands],
            "roles": [{"id": r.id, "title": r.title} for r in catalog.roles],
            "frameworks": [without_none({"id": f.id, "title": f.title, "url": f.url}) for f in catalog.frameworks],
        }),
        "issuers": [issuer_json(site, i) for i in site.state.issuers.values()],
        "credentials": [credential_json(site, c) for c in index.credentials.values()],
        "stacks": [stack_json(site, index, s) for s in site.state.stacks.values()],
        "pathways": [pathway_json(site, p) for p in site.state.pathways.values()],
    }


def topic_json(site: Site, topic: Topic) -> dict[str, Any]:
    return without_none({
        "id": topic.id, "title": topic.title, "description": topic.description,
        "url": site.urls.absolute(url_layout.topic(topic.id)),
    })


def issuer_json(site: Site, issuer: Issuer) -> dict[str, Any]:
    image = site.issuer_image_path(issuer)
    return without_none({
        "id": issuer.id,
        "name": issuer.name,
        "url": issuer.url,
        "email": issuer.email,
        "description": issuer.description,
        "image": site.urls.absolute(image) if image else None,
        "page": site.urls.absolute(url_layout.issuer(issuer.id)),
        "profile": site.urls.absolute(url_layout.issuer_profile(issuer.id)),
    })


def credential_json(site: Site, credential: Credential) -> dict[str, Any]:
    """A credential in the authoring format's shape, plus its published URLs."""
    rubric = credential.rubric
    return without_none({
        "id": credential.id,
        "title": credential.title,
        "version": credential.version,
        "status": credential.status,
        "issuer": credential.issuer,
        "summary": credential.summary,
        "competency": credential.competency,
        "key_method": credential.key_method,
        "method_components": list(credential.method_components),
        "research_basis": without_none({
            "summary": credential.research_summary,
            "sources": [without_none(vars(s)) for s in credential.sources],
        }),
        "resources": [without_none(vars(r)) for r in credential.resources],
        "prerequisites": list(credential.prerequisites),
        "cost": credential.cost,
        "topics": list(credential.topics),
        "grade_bands": list(credential.grade_bands),
        "roles": list(credential.roles),
        "estimated_hours": credential.estimated_hours,
        "pd_points": credential.pd_points,
        "valid_years": credential.valid_years,
        "alignments": [without_none(vars(a)) for a in credential.alignments],
        "evidence": without_none({
            "instructions": credential.evidence_instructions,
            "requirements": [requirement_json(r) for r in credential.requirements],
        }),
        "rubric": {
            "levels": [vars(level) for level in rubric.levels],
            "criteria": [without_none(vars(c)) for c in rubric.criteria],
            "pass_rule": "all" if rubric.min_passing is None else {"min_passing": rubric.min_passing},
        },
        "url": site.urls.absolute(url_layout.credential(credential.id)),
        "badge": site.urls.absolute(site.badge_path(credential)),
        "card": site.urls.absolute(url_layout.credential_card(credential.id)),
        "achievement": site.urls.absolute(url_layout.credential_achievement(credential.id)),
        "updated": site.updated[credential.id].isoformat() if credential.id in site.updated else None,
    })


def requirement_json(requirement: Any) -> dict[str, Any]:
    data = without_none(vars(requirement))
    data["accepted"] = list(requirement.accepted)
    if requirement.kind != "artifacts":
        data.pop("min_items")
        data.pop("accepted")
    return data


def stack_json(site: Site, index: CatalogIndex, stack: Stack) -> dict[str, Any]:
    return without_none({
        "id": stack.id,
        "title": stack.title,
        "description": stack.description,
        "credentials": [c.id for c in index.stack_credentials(stack)],
        "require": "all" if stack.require is None else stack.require,
        "award": stack.award,
        "url": site.urls.absolute(url_layout.stack(stack.id)),
    })


def pathway_json(site: Site, pathway: Pathway) -> dict[str, Any]:
    return without_none({
        "id": pathway.id,
        "title": pathway.title,
        "description": pathway.description,
        "window_years": pathway.window_years,
        "mode": pathway.mode,
        "total": pathway.total,
        "buckets": [without_none({"id": b.id, "title": b.title, "min": b.min, "topics": list(b.topics)}) for b in pathway.buckets],
        "points_required": pathway.points_required,
        "url": site.urls.absolute(url_layout.pathway(pathway.id)),
    })


def search_index(site: Site, index: CatalogIndex) -> list[dict[str, Any]]:
    """What catalog.js filters and searches: one entry per listed credential, by title."""
    return [search_entry(site, index, c) for c in index.listed]


def search_entry(site: Site, index: CatalogIndex, credential: Credential) -> dict[str, Any]:
    return {
        "id": credential.id,
        "title": credential.title,
        "summary": credential.summary,
        "competency": plain_text(credential.competency),
        "topics": list(credential.topics),
        "grade_bands": list(credential.grade_bands),
        "roles": list(credential.roles),
        "stacks": [s.id for s in index.stacks_of.get(credential.id, ())],
        "issuer": credential.issuer,
        "url": site.urls.absolute(url_layout.credential(credential.id)),
    }
