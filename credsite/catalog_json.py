"""The catalog's files for programs: ``catalog.json`` and the search index.

``catalog.json`` is the published catalog in the authoring format's shape,
with absolute URLs. Each entry is its model object as data (``model_data``:
every field at its name, or where ``model.found_at`` says, absent ones left
out), so a new field of the format is published with no code here; what
follows is only what differs from the source: a source path becomes the
published file's URL, and each entry gains its pages' URLs. The search index
is what ``assets/catalog.js`` filters and searches on the home page.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from . import urls as url_layout
from .catalog_index import CatalogIndex
from .markdown import plain_text
from .model import ALL, PATH, Credential, EvidenceRequirement, Issuer, Pathway, Rubric, Stack, Topic
from .site import Site

def model_data(value: Any, leave_out: tuple[str, ...] = (), **given: Any) -> Any:
    """A model object as JSON data, in the authoring format's shape.

    Each field of a dataclass goes at its name (or its ``found_at`` path), a
    field that is None is left out, tuples become lists and dates ISO text.
    ``leave_out`` names fields not to publish; ``given`` replaces a field's
    value (placed where the field goes) or adds a key.
    """
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        data: dict[str, Any] = {}
        for field in dataclasses.fields(value):
            if field.name in leave_out:
                continue
            item = given.pop(field.name) if field.name in given else model_data(getattr(value, field.name))
            if item is not None:
                _place(data, field.metadata.get(PATH, field.name), item)
        data.update((key, item) for key, item in given.items() if item is not None)
        return data
    if isinstance(value, (tuple, list)):
        return [model_data(item) for item in value]
    if isinstance(value, dict):
        return {key: model_data(item) for key, item in value.items()}
    if isinstance(value, date):
        return value.isoformat()
    return value


def _place(data: dict[str, Any], path: str, value: Any) -> None:
    *parents, name = path.split(".")
    for parent in parents:
        data = data.setdefault(parent, {})
    data[name] = value


def catalog_document(site: Site, index: CatalogIndex) -> dict[str, Any]:
    """The published catalog, machine-readable, with absolute URLs."""
    absolute = site.urls.absolute
    return {
        "generator": "credsite",
        "catalog": model_data(
            site.state.catalog,
            leave_out=("base_url",),  # the site's own address is "url"
            url=absolute(url_layout.HOME),
            logo=absolute(site.logo_path) if site.logo_path else None,
            topics=[topic_json(site, t) for t in site.state.catalog.topics],
        ),
        "issuers": [issuer_json(site, i) for i in site.state.issuers.values()],
        "credentials": [credential_json(site, c) for c in index.credentials.values()],
        "stacks": [stack_json(site, index, s) for s in site.state.stacks.values()],
        "pathways": [pathway_json(site, p) for p in site.state.pathways.values()],
    }


def topic_json(site: Site, topic: Topic) -> dict[str, Any]:
    return model_data(topic, url=site.urls.absolute(url_layout.topic(topic.id)))


def issuer_json(site: Site, issuer: Issuer) -> dict[str, Any]:
    image = site.issuer_image_path(issuer)
    absolute = site.urls.absolute
    return model_data(
        issuer,
        image=absolute(image) if image else None,
        page=absolute(url_layout.issuer(issuer.id)),
        profile=absolute(url_layout.issuer_profile(issuer.id)),
    )


def credential_json(site: Site, credential: Credential) -> dict[str, Any]:
    """A credential in the authoring format's shape, plus its published URLs."""
    absolute = site.urls.absolute
    return model_data(
        credential,
        leave_out=("image",),  # published as "badge"
        requirements=[requirement_json(r) for r in credential.requirements],
        rubric=rubric_json(credential.rubric),
        url=absolute(url_layout.credential(credential.id)),
        badge=absolute(site.badge_path(credential)),
        card=absolute(url_layout.credential_card(credential.id)),
        achievement=absolute(url_layout.credential_achievement(credential.id)),
        updated=site.updated[credential.id].isoformat() if credential.id in site.updated else None,
    )


def requirement_json(requirement: EvidenceRequirement) -> dict[str, Any]:
    artifacts_only = () if requirement.kind == "artifacts" else ("min_items", "accepted")
    return model_data(requirement, leave_out=artifacts_only)


def rubric_json(rubric: Rubric) -> dict[str, Any]:
    pass_rule = ALL if rubric.min_passing is None else {"min_passing": rubric.min_passing}
    return model_data(rubric, leave_out=("min_passing",), pass_rule=pass_rule)


def stack_json(site: Site, index: CatalogIndex, stack: Stack) -> dict[str, Any]:
    return model_data(
        stack,
        credentials=[c.id for c in index.stack_credentials(stack)],  # drafts left out
        require=ALL if stack.require is None else stack.require,
        url=site.urls.absolute(url_layout.stack(stack.id)),
    )


def pathway_json(site: Site, pathway: Pathway) -> dict[str, Any]:
    return model_data(pathway, url=site.urls.absolute(url_layout.pathway(pathway.id)))


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
