"""The public catalog: pages, pictures and machine-readable files.

``catalog_files`` yields every catalog-side output as (path relative to the
site root, bytes): home, credential, stack, pathway, issuer and topic pages,
the 404 page, badges and social cards, ``sitemap.xml``, ``robots.txt``, the
Atom feed, ``catalog.json``, ``search-index.json``, ``.nojekyll``, the
theme's ``assets/`` and the catalog's own images.

Drafts produce nothing anywhere. Retired credentials keep their page (and
badge and card), but stay out of browsing, search, the feed and topic
lists; issuer pages list them apart. Everything is derived from the Site
alone, so the same inputs give the same bytes.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape as xml_escape
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any


from . import badge_raster, ctdl, pictures
from . import urls as url_layout
from .markdown import plain_text
from .model import (
    Alignment,
    Bucket,
    Credential,
    Framework,
    Issuer,
    Pathway,
    Stack,
    Topic,
)
from .jsontext import json_file
from .render import Renderer
from .site import Site

ATOM_NS = "http://www.w3.org/2005/Atom"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
THEME_ASSETS = "assets"


# --- lookups the templates share -------------------------------------------


@dataclass(frozen=True)
class CatalogIndex:
    """Titles by id and the relations pages show, computed once per build."""

    topic_titles: dict[str, str]
    grade_titles: dict[str, str]
    role_titles: dict[str, str]
    frameworks: dict[str, Framework]
    issuers: dict[str, Issuer]
    credentials: dict[str, Credential]  # published (active and retired), by id
    listed: tuple[Credential, ...]  # active, sorted by title
    stacks_of: dict[str, tuple[Stack, ...]]  # credential id -> stacks holding it

    def listed_in_topic(self, topic_id: str) -> list[Credential]:
        return [c for c in self.listed if topic_id in c.topics]

    def listed_by_issuer(self, issuer_id: str) -> list[Credential]:
        return [c for c in self.listed if c.issuer == issuer_id]

    def retired_by_issuer(self, issuer_id: str) -> list[Credential]:
        retired = [c for c in self.credentials.values() if c.issuer == issuer_id and c.status == "retired"]
        return sorted(retired, key=title_order)

    def qualifying(self, bucket: Bucket) -> list[Credential]:
        return [c for c in self.listed if bucket.accepts(c)]

    def stack_credentials(self, stack: Stack) -> list[Credential]:
        """The stack's published credentials, in stack order (drafts left out)."""
        return [self.credentials[cid] for cid in stack.credentials if cid in self.credentials]


def title_order(credential: Credential) -> tuple[str, str]:
    return (credential.title.casefold(), credential.id)


def catalog_index(site: Site) -> CatalogIndex:
    catalog = site.state.catalog
    published = {c.id: c for c in site.published_credentials}
    stacks_of = {
        cid: tuple(s for s in site.state.stacks.values() if cid in s.credentials) for cid in published
    }
    return CatalogIndex(
        topic_titles={t.id: t.title for t in catalog.topics},
        grade_titles={g.id: g.title for g in catalog.grade_bands},
        role_titles={r.id: r.title for r in catalog.roles},
        frameworks={f.id: f for f in catalog.frameworks},
        issuers=dict(site.state.issuers),
        credentials=published,
        listed=tuple(sorted(site.listed_credentials, key=title_order)),
        stacks_of=stacks_of,
    )


# --- the generator -----------------------------------------------------------


CATALOG_PARTS = ("pages", "pictures", "data")  # slices a build may render in separate processes


def catalog_files(site: Site, renderer: Renderer, parts: tuple[str, ...] = CATALOG_PARTS) -> Iterator[tuple[str, bytes]]:
    """Every catalog-side output file (or those of some parts): (path relative to the site root, bytes)."""
    index = catalog_index(site)
    if "pages" in parts:
        yield from page_files(site, renderer, index)
    if "pictures" in parts:
        yield from picture_files(site, renderer, index)
    if "data" in parts:
        yield from data_files(site, renderer, index)


def data_files(site: Site, renderer: Renderer, index: CatalogIndex) -> Iterator[tuple[str, bytes]]:
    """Sitemap, robots, feed, catalog.json, the search index and the theme's assets."""
    yield url_layout.SITEMAP, sitemap_xml(site, index)
    yield url_layout.ROBOTS, robots_txt(site)
    yield url_layout.FEED, feed_xml(site, index)
    # For programs, and large at state scale: compact (json's fast encoder).
    yield url_layout.CATALOG_JSON, json_file(catalog_document(site, index), compact=True, sort_keys=True)
    # Fetched on every visit to the home page: compact.
    yield url_layout.SEARCH_INDEX, json_file(search_index(site, index), compact=True, sort_keys=True)
    yield url_layout.NOJEKYLL, b""
    yield from ctdl.ctdl_files(site)
    yield from asset_files(site, renderer)


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


# --- pictures and copied files -------------------------------------------------


def picture_files(site: Site, renderer: Renderer, index: CatalogIndex) -> Iterator[tuple[str, bytes]]:
    source = site.state.source_dir / "catalog"
    for credential in index.credentials.values():
        if credential.image:
            image = source / "credentials" / credential.image
            yield site.badge_path(credential), image.read_bytes()
            raster = badge_raster.catalog_image_png(image, site.cache_folder)
        else:
            first_topic = index.topic_titles[credential.topics[0]]
            svg = pictures.badge_svg(credential.title, first_topic, credential.id)
            yield site.badge_path(credential), svg.encode("utf-8")
            raster = badge_raster.badge_png(svg, site.cache_folder)
        if raster is not None:  # None: the catalog's image is a PNG, published above at the same path
            yield site.raster_badge_path(credential), raster
        yield url_layout.credential_card(credential.id), social_card(site, renderer, index, credential)
    for issuer in site.state.issuers.values():
        if issuer.image:
            yield site.issuer_image_path(issuer), (source / issuer.image).read_bytes()


def social_card(site: Site, renderer: Renderer, index: CatalogIndex, credential: Credential) -> bytes:
    translate = renderer.translator
    facts = [", ".join(index.topic_titles[t] for t in credential.topics)]
    amounts = []
    if credential.estimated_hours:
        amounts.append(translate.ngettext("{hours} hour", "{hours} hours", 1 if credential.estimated_hours == 1 else 2,
                                          hours=f"{credential.estimated_hours:g}"))
    if credential.pd_points:
        amounts.append(translate.ngettext("{points} PD point", "{points} PD points", 1 if credential.pd_points == 1 else 2,
                                          points=f"{credential.pd_points:g}"))
    if amounts:
        facts.append(" · ".join(amounts))
    subtitle = translate.gettext("Micro-credential from {issuer}", issuer=index.issuers[credential.issuer].name)
    return pictures.social_card_png(credential.title, subtitle, facts, site.state.catalog.title, credential.id)


def theme_assets(renderer: Renderer) -> dict[str, Path]:
    """``assets/...`` output path -> the file that wins (override folder first)."""
    found: dict[str, Path] = {}
    for folder in reversed(renderer.folders):
        assets = folder / THEME_ASSETS
        if not assets.is_dir():
            continue
        for file in sorted(assets.rglob("*")):
            if file.is_file() and not file.name.startswith("."):
                found[url_layout.asset(file.relative_to(assets).as_posix())] = file
    return found


def asset_files(site: Site, renderer: Renderer) -> Iterator[tuple[str, bytes]]:
    catalog = site.state.catalog
    logo = site.logo_path
    for output, file in sorted(theme_assets(renderer).items()):
        if output != logo:
            yield output, file.read_bytes()
    if catalog.logo and logo:
        yield logo, (site.state.source_dir / "catalog" / catalog.logo).read_bytes()


# --- sitemap, robots, feed -------------------------------------------------------


def public_pages(site: Site, index: CatalogIndex) -> list[tuple[str, date | None]]:
    """Every indexable page's site path with its last change when known."""
    pages: list[tuple[str, date | None]] = [(url_layout.HOME, None)]
    pages += [(url_layout.credential(cid), site.updated.get(cid)) for cid in index.credentials]
    pages += [(url_layout.stack(sid), None) for sid in site.state.stacks]
    pages += [(url_layout.pathway(pid), None) for pid in site.state.pathways]
    pages += [(url_layout.issuer(iid), None) for iid in site.state.issuers]
    pages += [(url_layout.topic(t.id), None) for t in site.state.catalog.topics]
    pages.append((url_layout.EDUCATORS, None))
    pages += [(url_layout.educator(p.id), None) for p in site.public_passports]
    return pages


def xml_bytes(root: ET.Element) -> bytes:
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def sitemap_xml(site: Site, index: CatalogIndex) -> bytes:
    """Written line by line (ElementTree's layout, escaping as it does): a
    state's sitemap has an entry per public passport, tens of thousands."""
    lines = ["<?xml version='1.0' encoding='utf-8'?>", f'<urlset xmlns="{SITEMAP_NS}">']
    for site_path, changed in public_pages(site, index):
        lines += ["  <url>", f"    <loc>{xml_escape(site.urls.absolute(site_path))}</loc>"]
        if changed:
            lines.append(f"    <lastmod>{changed.isoformat()}</lastmod>")
        lines.append("  </url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def robots_txt(site: Site) -> bytes:
    return f"User-agent: *\nAllow: /\n\nSitemap: {site.urls.absolute(url_layout.SITEMAP)}\n".encode()


def atom_time(day: date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def feed_entries(site: Site, index: CatalogIndex) -> list[tuple[date, Credential]]:
    """Listed credentials, most recently changed first, then by title."""
    dated = [(site.updated.get(c.id, site.state.build_date), c) for c in index.listed]
    return sorted(dated, key=lambda pair: (-pair[0].toordinal(), title_order(pair[1])))


def atom(tag: str) -> str:
    return f"{{{ATOM_NS}}}{tag}"


def feed_xml(site: Site, index: CatalogIndex) -> bytes:
    catalog = site.state.catalog
    entries = feed_entries(site, index)
    root = ET.Element(atom("feed"), {"xml:lang": catalog.language})
    ET.SubElement(root, atom("title")).text = catalog.title
    if catalog.description:
        ET.SubElement(root, atom("subtitle")).text = plain_text(catalog.description)
    ET.SubElement(root, atom("id")).text = site.urls.absolute(url_layout.HOME)
    ET.SubElement(root, atom("link"), {"rel": "self", "type": "application/atom+xml", "href": site.urls.absolute(url_layout.FEED)})
    ET.SubElement(root, atom("link"), {"rel": "alternate", "type": "text/html", "href": site.urls.absolute(url_layout.HOME)})
    ET.SubElement(root, atom("updated")).text = atom_time(entries[0][0] if entries else site.state.build_date)
    publisher = site.state.issuers.get(catalog.publisher)
    author = ET.SubElement(root, atom("author"))
    ET.SubElement(author, atom("name")).text = publisher.name if publisher else catalog.title
    if publisher:
        ET.SubElement(author, atom("uri")).text = publisher.url
    ET.SubElement(root, atom("generator")).text = "credsite"
    for changed, credential in entries:
        root.append(feed_entry(site, index, credential, changed))
    ET.register_namespace("", ATOM_NS)
    return xml_bytes(root)


def feed_entry(site: Site, index: CatalogIndex, credential: Credential, changed: date) -> ET.Element:
    page_url = site.urls.absolute(url_layout.credential(credential.id))
    entry = ET.Element(atom("entry"))
    ET.SubElement(entry, atom("title")).text = credential.title
    ET.SubElement(entry, atom("id")).text = page_url
    ET.SubElement(entry, atom("link"), {"rel": "alternate", "type": "text/html", "href": page_url})
    ET.SubElement(entry, atom("updated")).text = atom_time(changed)
    author = ET.SubElement(entry, atom("author"))
    ET.SubElement(author, atom("name")).text = index.issuers[credential.issuer].name
    for topic_id in credential.topics:
        ET.SubElement(entry, atom("category"), {"term": topic_id, "label": index.topic_titles[topic_id]})
    ET.SubElement(entry, atom("summary")).text = credential.summary
    return entry


# --- catalog.json and the search index ------------------------------------------




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
