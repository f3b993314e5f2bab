"""The catalog in the Credential Registry's language: CTDL JSON-LD and CTIDs.

Credential Engine's Credential Registry describes credentials in CTDL. The
site publishes, for Credential Engine's publish action to read
(docs/state-staff.md, "Publishing to the Credential Registry"):

- ``credentials/<id>/ctdl.json``: each published credential as a
  ``ceterms:MicroCredential`` with the Registry's required properties (CTID,
  name, description, subject webpage, owner, status, language);
- ``issuers/<id>/ctdl.json``: each issuer as a ``ceterms:CredentialOrganization``,
  which the credentials' ``ownedBy`` and ``offeredBy`` point at;
- ``ctdl.json``: every published credential in one ``@graph``, so the action
  needs one URL however many credentials a state adds. Issuers are left out
  of it on purpose: an organization's record is kept in the Registry through
  its Credential Engine account, and the action must not publish over it.

Each document's ``@id`` is the URL it is served from, as the action requires;
text is in language maps keyed by the catalog's language.

**CTIDs** (``ce-`` and a UUID) identify a resource in the Registry for good.
An issuer or credential that was registered already keeps its CTID in its
YAML (``ctid:``). Otherwise the CTID is derived (``derived_ctid``) from the
item's kind and id and the web domain of the catalog's publisher (its
issuer ``url``, without ``www.``): the same on every build and machine,
unchanged by edits to titles, text, versions or the site's ``base_url`` (a
state that moves its site to its own domain keeps its CTIDs), different for
every item and every state. The UUID has the version-4 form the Registry
documents, with its bits from a SHA-256 of that key instead of a random
source. ``assemble`` stores the result in the model, so everything reads
``Credential.ctid`` and ``Issuer.ctid``.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from . import urls as url_layout
from .jsontext import json_file
from .model import Credential, Issuer

if TYPE_CHECKING:  # assemble imports this module for the CTIDs; validation never renders
    from .site import Site

CTDL_CONTEXT = "https://credreg.net/ctdl/schema/context/json"
# OB 3.0's AlignmentTargetType for a credential described in CTDL (a MicroCredential is a ceterms:Credential).
OB_ALIGNMENT_TARGET_TYPE = "ceterms:Credential"
_STATUS = {  # credential status -> (concept, label, definition) in ceterms:CredentialStatus
    "active": ("credentialStat:Active", "Active", "Awards of the credential are ongoing."),
    "retired": ("credentialStat:Deprecated", "Deprecated", "Awards of the credential have ceased."),
}


def publisher_domain(publisher_url: str) -> str:
    """The host of the publisher's web address, lower case, without ``www.`` or a port."""
    host = (urlsplit(publisher_url).hostname or "").lower()
    return host.removeprefix("www.")


def derived_ctid(publisher_url: str, kind: str, item_id: str) -> str:
    """The CTID of an item without a registered one: ``kind`` is ``credential`` or ``issuer``."""
    key = f"credsite:{publisher_domain(publisher_url)}:{kind}:{item_id}".encode()
    return f"ce-{uuid.UUID(bytes=hashlib.sha256(key).digest()[:16], version=4)}"


def ctid_of(explicit: str | None, publisher_url: str, kind: str, item_id: str) -> str:
    return explicit or derived_ctid(publisher_url, kind, item_id)


# --- documents -------------------------------------------------------------------


def credential_document(site: Site, credential: Credential) -> dict[str, Any]:
    """``credentials/<id>/ctdl.json``: a published credential as a ceterms:MicroCredential."""
    state, urls = site.state, site.urls
    language = state.catalog.language
    owner = urls.absolute(url_layout.issuer_ctdl(credential.issuer))
    concept, label, definition = _STATUS[credential.status]
    topics = {topic.id: topic.title for topic in state.catalog.topics}
    return {
        "@context": CTDL_CONTEXT,
        "@id": urls.absolute(url_layout.credential_ctdl(credential.id)),
        "@type": "ceterms:MicroCredential",
        "ceterms:ctid": _required_ctid(credential.ctid, credential.id),
        "ceterms:name": {language: credential.title},
        "ceterms:description": {language: credential.summary},
        "ceterms:subjectWebpage": urls.absolute(url_layout.credential(credential.id)),
        "ceterms:ownedBy": [owner],
        "ceterms:offeredBy": [owner],
        "ceterms:inLanguage": [language],
        "ceterms:credentialStatusType": {
            "@type": "ceterms:CredentialAlignmentObject",
            "ceterms:framework": "https://credreg.net/ctdl/terms/CredentialStatus",
            "ceterms:targetNode": concept,
            "ceterms:frameworkName": {"en-US": "Credential Status"},
            "ceterms:targetNodeName": {"en-US": label},
            "ceterms:targetNodeDescription": {"en-US": definition},
        },
        "ceterms:image": urls.absolute(site.raster_badge_path(credential)),
        "ceterms:keyword": {language: [topics[topic] for topic in credential.topics]},
    }


def issuer_document(site: Site, issuer: Issuer) -> dict[str, Any]:
    """``issuers/<id>/ctdl.json``: an issuer as a ceterms:CredentialOrganization."""
    from .markdown import plain_text

    urls = site.urls
    language = site.state.catalog.language
    document: dict[str, Any] = {
        "@context": CTDL_CONTEXT,
        "@id": urls.absolute(url_layout.issuer_ctdl(issuer.id)),
        "@type": "ceterms:CredentialOrganization",
        "ceterms:ctid": _required_ctid(issuer.ctid, issuer.id),
        "ceterms:name": {language: issuer.name},
    }
    if issuer.description:
        document["ceterms:description"] = {language: plain_text(issuer.description)}
    document["ceterms:subjectWebpage"] = issuer.url
    if issuer.email:
        document["ceterms:email"] = [issuer.email]
    image = site.issuer_image_path(issuer)
    if image:
        document["ceterms:image"] = urls.absolute(image)
    return document


def catalog_graph(site: Site) -> dict[str, Any]:
    """``ctdl.json``: every published credential in one graph, for the publish action's one URL."""
    graph = []
    for credential in site.published_credentials:
        entity = credential_document(site, credential)
        del entity["@context"]  # the graph's context covers every entity
        graph.append(entity)
    return {"@context": CTDL_CONTEXT, "@id": site.urls.absolute(url_layout.CTDL_GRAPH), "@graph": graph}


def ctdl_files(site: Site) -> Iterator[tuple[str, bytes]]:
    """Every CTDL file of the site (site path, bytes)."""
    for issuer in site.state.issuers.values():
        yield url_layout.issuer_ctdl(issuer.id), json_file(issuer_document(site, issuer))
    for credential in site.published_credentials:
        yield url_layout.credential_ctdl(credential.id), json_file(credential_document(site, credential))
    # Read by a program only, and it grows with the catalog: compact.
    yield url_layout.CTDL_GRAPH, json_file(catalog_graph(site), compact=True)


def _required_ctid(ctid: str | None, item_id: str) -> str:
    if not ctid:
        raise ValueError(f"{item_id} has no CTID: models from assemble always have one")
    return ctid
