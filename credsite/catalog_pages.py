"""The public catalog: its pages, and the entry point for all its outputs.

``catalog_files`` yields every catalog-side output as (path relative to the
site root, bytes): the home, credential, stack, pathway, issuer and topic
pages and the 404 page (here); badges, social cards, the catalog's own images
and the theme's ``assets/`` (``catalog_pictures``); ``sitemap.xml``,
``robots.txt``, the Atom feed, ``catalog.json``, ``search-index.json`` and
``.nojekyll`` (``catalog_data``).

Drafts produce nothing anywhere. Retired credentials keep their page (and
badge and card), but stay out of browsing, search, the feed and topic
lists; issuer pages list them apart. Everything is derived from the Site
alone, so the same inputs give the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from . import urls as url_layout
from .catalog_data import data_files
from .catalog_index import CatalogIndex, catalog_index
from .catalog_pictures import picture_files
from .markdown import plain_text
from .model import Alignment, Bucket, Credential, Framework, Issuer, Pathway
from .render import Renderer
from .site import Site
from .verify_page import verify_page


CATALOG_PARTS = ("pages", "pictures", "data")  # slices a build may render in separate processes


def catalog_files(site: Site, renderer: Renderer, parts: tuple[str, ...] = CATALOG_PARTS) -> Iterator[tuple[str, bytes]]:
    """Every catalog-side output file (or those of some parts): (path relative to the site root, bytes)."""
    index = catalog_index(site)
    if "pages" in parts:
        yield from page_files(site, renderer, index)
    if "pictures" in parts:
        yield from picture_files(site, renderer, index)
    if "data" in parts:
        yield from data_files(site, index)


def page_files(site: Site, renderer: Renderer, index: CatalogIndex) -> Iterator[tuple[str, bytes]]:
    yield page(renderer, "home.html", url_layout.HOME, **home_context(site, index))
    for credential in index.credentials.values():
        path = url_layout.credential(credential.id)
        yield page(renderer, "credential.html", path, **credential_context(site, index, credential))
    for stack in site.state.stacks.values():
        yield page(renderer, "stack.html", url_layout.stack(stack.id), index=index, stack=stack)
    for pathway in site.state.pathways.values():
        yield page(renderer, "pathway.html", url_layout.pathway(pathway.id), index=index, pathway=pathway)
    for issuer in site.state.issuers.values():
        yield page(renderer, "issuer.html", url_layout.issuer(issuer.id), **issuer_context(site, index, issuer))
    for topic in site.state.catalog.topics:
        yield page(renderer, "topic.html", url_layout.topic(topic.id), index=index, topic=topic)
    yield verify_page(site, renderer)
    yield url_layout.NOT_FOUND, renderer.render(
        "404.html", url_layout.NOT_FOUND, index=index, root_relative_links=True, canonical=False, noindex=True
    )


def page(renderer: Renderer, template: str, site_path: str, **context: Any) -> tuple[str, bytes]:
    return url_layout.output_file(site_path), renderer.render(template, site_path, **context)


def home_context(site: Site, index: CatalogIndex) -> dict[str, Any]:
    catalog = site.state.catalog
    listed_ids = {c.id for c in index.listed}
    return {
        "index": index,
        "filter_topics": [t for t in catalog.topics if index.listed_in_topic(t.id)],
        "filter_grades": [g for g in catalog.grade_bands if any(g.id in c.grade_bands for c in index.listed)],
        "filter_roles": [r for r in catalog.roles if any(r.id in c.roles for c in index.listed)],
        "filter_stacks": [s for s in site.state.stacks.values() if listed_ids & set(s.credentials)],
        "filter_issuers": [i for i in site.state.issuers.values() if index.listed_by_issuer(i.id)],
    }


def issuer_context(site: Site, index: CatalogIndex, issuer: Issuer) -> dict[str, Any]:
    image = site.issuer_image_path(issuer)
    return {"index": index, "issuer": issuer, "issuer_image": image}


@dataclass(frozen=True)
class PathwayFit:
    """How one credential counts toward one pathway."""

    pathway: Pathway
    buckets: tuple[Bucket, ...]  # count mode with buckets: the buckets it qualifies for


def pathway_fits(site: Site, credential: Credential) -> list[PathwayFit]:
    fits = []
    for pathway in site.state.pathways.values():
        if pathway.mode == "points":
            if credential.pd_points:
                fits.append(PathwayFit(pathway, ()))
            continue
        buckets = tuple(b for b in pathway.buckets if b.accepts(credential))
        if buckets or not pathway.buckets:
            fits.append(PathwayFit(pathway, buckets))
    return fits


def alignment_groups(index: CatalogIndex, credential: Credential) -> list[tuple[Framework, list[Alignment]]]:
    """Alignments grouped by framework, frameworks in order of first mention."""
    groups: dict[str, list[Alignment]] = {}
    for alignment in credential.alignments:
        groups.setdefault(alignment.framework, []).append(alignment)
    return [(index.frameworks[framework_id], members) for framework_id, members in groups.items()]


def credential_context(site: Site, index: CatalogIndex, credential: Credential) -> dict[str, Any]:
    holders = [site.summaries[pid] for pid in site.holders.get(credential.id, ()) if pid in site.summaries]
    return {
        "index": index,
        "credential": credential,
        "issuer": index.issuers[credential.issuer],
        "stacks": index.stacks_of.get(credential.id, ()),
        "fits": pathway_fits(site, credential),
        "holders": sorted(holders, key=lambda p: (p.name.casefold(), p.id)),
        "alignments": alignment_groups(index, credential),
        "prerequisites": [index.credentials[p] for p in credential.prerequisites if p in index.credentials],
        "jsonld": credential_jsonld(site, index, credential),
    }


# --- schema.org ----------------------------------------------------------------


def iso_duration_hours(hours: float) -> str:
    minutes = round(hours * 60)
    whole, rest = divmod(minutes, 60)
    return f"PT{whole}H" + (f"{rest}M" if rest else "")


def credential_jsonld(site: Site, index: CatalogIndex, credential: Credential) -> dict[str, Any]:
    """schema.org EducationalOccupationalCredential for the credential page."""
    issuer = index.issuers[credential.issuer]
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "EducationalOccupationalCredential",
        "@id": site.urls.absolute(url_layout.credential(credential.id)),
        "url": site.urls.absolute(url_layout.credential(credential.id)),
        "identifier": credential.id,
        "name": credential.title,
        "description": credential.summary,
        "version": credential.version,
        "credentialCategory": "Micro-credential",
        "competencyRequired": plain_text(credential.competency),
        "image": site.urls.absolute(site.badge_path(credential)),
        "inLanguage": site.state.catalog.language,
        "recognizedBy": {"@type": "Organization", "name": issuer.name, "url": issuer.url},
        "about": [
            {"@type": "DefinedTerm", "name": index.topic_titles[t], "url": site.urls.absolute(url_layout.topic(t))}
            for t in credential.topics
        ],
    }
    if credential.grade_bands:
        data["educationalLevel"] = [index.grade_titles[g] for g in credential.grade_bands]
    if credential.roles:
        data["audience"] = [
            {"@type": "EducationalAudience", "educationalRole": index.role_titles[r]} for r in credential.roles
        ]
    if credential.estimated_hours:
        data["timeRequired"] = iso_duration_hours(credential.estimated_hours)
    if credential.valid_years:
        data["validFor"] = f"P{credential.valid_years}Y"
    if credential.status == "retired":
        data["creativeWorkStatus"] = "Retired"
    return data
