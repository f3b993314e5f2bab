"""The catalog's files for machines: sitemap, robots.txt, the Atom feed, catalog.json
and the search index (``catalog_json``), and ``.nojekyll``."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import date
from xml.sax.saxutils import escape as xml_escape

from . import ctdl
from . import urls as url_layout
from .catalog_index import CatalogIndex, title_order
from .catalog_json import catalog_document, search_index
from .jsontext import json_file
from .markdown import plain_text
from .model import Credential
from .site import Site

ATOM_NS = "http://www.w3.org/2005/Atom"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def data_files(site: Site, index: CatalogIndex) -> Iterator[tuple[str, bytes]]:
    """Sitemap, robots, feed, catalog.json, the search index and .nojekyll."""
    yield url_layout.SITEMAP, sitemap_xml(site, index)
    yield url_layout.ROBOTS, robots_txt(site)
    yield url_layout.FEED, feed_xml(site, index)
    # For programs, and large at state scale: compact (json's fast encoder).
    yield url_layout.CATALOG_JSON, json_file(catalog_document(site, index), compact=True, sort_keys=True)
    # Fetched on every visit to the home page: compact.
    yield url_layout.SEARCH_INDEX, json_file(search_index(site, index), compact=True, sort_keys=True)
    yield url_layout.NOJEKYLL, b""
    yield from ctdl.ctdl_files(site)


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


# A feed with no entries has no change to date. Atom still requires <updated>;
# a fixed day (not the build date) keeps its bytes the same from day to day,
# as a rebuild that only moves the date expects.
EMPTY_FEED_UPDATED = date(1970, 1, 1)


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
    ET.SubElement(root, atom("updated")).text = atom_time(entries[0][0] if entries else EMPTY_FEED_UPDATED)
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
