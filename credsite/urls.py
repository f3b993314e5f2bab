"""The site's URL layout: the one place that knows where every page lives.

A *site path* is relative to the site root, has no leading slash, and ends
with ``/`` for a page (served as ``<path>index.html``) or with a file name
for anything else: ``credentials/morning-meetings/``, ``catalog.json``.

Links inside pages are made relative to the page that holds them, so the
built site works from any sub-path (``https://state.github.io/mc/``), from
a plain local web server, and from a staging copy. Canonical URLs, feeds,
sitemaps and Open Badges documents use absolute URLs built from the base URL.
The 404 page is served at arbitrary depths by GitHub Pages, so its links are
root-relative (``/mc/credentials/x/``) instead.
"""

from __future__ import annotations

import posixpath
from urllib.parse import urlsplit

HOME = ""
EDUCATORS = "educators/"
EDUCATORS_INDEX = "educators/directory.json"  # every listed educator, for the directory's filters
EDUCATORS_FILTERS = "educators/filters.json"  # the directory's filter options with their counts
NOT_FOUND = "404.html"
SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
FEED = "feed.xml"
CATALOG_JSON = "catalog.json"
SEARCH_INDEX = "search-index.json"
NOJEKYLL = ".nojekyll"
DID_DOCUMENT = "did.json"
WELL_KNOWN_DID_DOCUMENT = ".well-known/did.json"
STATUS_LIST = "status/revocation-list.json"  # the signed Bitstring Status List
STATUS_PAGE = "status/"  # revocations, for people
# The day of the last build, written by every build: the one file that changes
# daily, so passports can say when their status was checked without holding the date.
STATUS_CHECKED = "status/checked.json"
VERIFY = "verify/"  # how to verify a credential, in plain words
CTDL_GRAPH = "ctdl.json"  # every published credential in CTDL, for the Credential Registry (ctdl.py)
ASSETS = "assets/"
STATS = "stats/"  # the figures: how credentials are used, counted from every published passport
# Top-level folders that other tools write into too: credsite owns only the
# entries it writes there, never the whole folder (see writer.py).
SHARED_FOLDERS = (".well-known",)


def credential(credential_id: str) -> str:
    return f"credentials/{credential_id}/"


def credential_badge(credential_id: str, extension: str = "svg") -> str:
    return f"credentials/{credential_id}/badge.{extension}"


def credential_card(credential_id: str) -> str:
    return f"credentials/{credential_id}/card.png"


def credential_achievement(credential_id: str) -> str:
    return f"credentials/{credential_id}/achievement.json"


def credential_ctdl(credential_id: str) -> str:
    return f"credentials/{credential_id}/ctdl.json"


def stack(stack_id: str) -> str:
    return f"stacks/{stack_id}/"


def pathway(pathway_id: str) -> str:
    return f"pathways/{pathway_id}/"


def issuer(issuer_id: str) -> str:
    return f"issuers/{issuer_id}/"


def issuer_profile(issuer_id: str) -> str:
    return f"issuers/{issuer_id}/profile.json"


def issuer_ctdl(issuer_id: str) -> str:
    return f"issuers/{issuer_id}/ctdl.json"


def issuer_image(issuer_id: str, extension: str) -> str:
    return f"issuers/{issuer_id}/image.{extension}"


def topic(topic_id: str) -> str:
    return f"topics/{topic_id}/"


def stats_file(name: str) -> str:
    """A CSV download of the figures page (``name`` without its extension)."""
    return f"{STATS}{name}.csv"


def stats_credential(credential_id: str) -> str:
    """One credential's figures."""
    return f"{STATS}credentials/{credential_id}/"


def stats_credential_file(credential_id: str, name: str) -> str:
    """A CSV download of one credential's figures."""
    return f"{STATS}credentials/{credential_id}/{name}.csv"


def educators_page(number: int) -> str:
    """A page of the educators directory: the first is ``educators/`` itself.

    An underscore cannot appear in an id, so ``page_2`` never meets an
    educator's folder.
    """
    if number < 1:
        raise ValueError(f"directory pages are numbered from 1, not {number}")
    return EDUCATORS if number == 1 else f"{EDUCATORS}page_{number}/"


def educator(portfolio_id: str) -> str:
    return f"educators/{portfolio_id}/"


def educator_passport_json(portfolio_id: str) -> str:
    return f"educators/{portfolio_id}/passport.json"


def educator_card(portfolio_id: str) -> str:
    return f"educators/{portfolio_id}/card.png"


def educator_photo(portfolio_id: str, extension: str) -> str:
    return f"educators/{portfolio_id}/photo.{extension}"


def educator_credential(portfolio_id: str, credential_id: str) -> str:
    """The Open Badges credential of one earned micro-credential."""
    return f"educators/{portfolio_id}/credentials/{credential_id}.json"


def educator_clr(portfolio_id: str) -> str:
    """The passport as a Comprehensive Learner Record (CLR 2.0)."""
    return f"educators/{portfolio_id}/clr.json"


def base_url_of_credential(credential_url: str) -> str | None:
    """The site's base URL, read back from the URL of an educator's credential or CLR."""
    marker = "/educators/"
    if marker not in credential_url or not credential_url.endswith(".json"):
        return None
    return credential_url[: credential_url.rindex(marker) + 1]


def evidence_file(portfolio_id: str, relative_file: str) -> str:
    """A copied evidence file, kept under the educator's own folder."""
    return f"educators/{portfolio_id}/evidence/{relative_file}"


def did_document(base_url: str) -> str:
    """Where did:web resolution looks for the site's DID document.

    ``did:web:host:path`` resolves to ``https://host/path/did.json``, but a
    DID for a bare host (``did:web:host``) resolves to
    ``https://host/.well-known/did.json``.
    """
    return DID_DOCUMENT if urlsplit(base_url).path.strip("/") else WELL_KNOWN_DID_DOCUMENT


def asset(name: str) -> str:
    return f"{ASSETS}{name}"


def output_file(site_path: str) -> str:
    """The file that serves a site path: pages are folders with index.html."""
    return f"{site_path}index.html" if site_path == "" or site_path.endswith("/") else site_path


def normalize_base_url(base_url: str) -> str:
    """The base URL with exactly one trailing slash."""
    return base_url.rstrip("/") + "/"


class Urls:
    """Turns site paths into the links a given page needs."""

    def __init__(self, base_url: str) -> None:
        self.base_url = normalize_base_url(base_url)
        self.base_path = urlsplit(self.base_url).path or "/"

    def absolute(self, site_path: str) -> str:
        """The full URL, for canonical links, feeds, JSON and Open Badges."""
        return self.base_url + site_path

    def root_relative(self, site_path: str) -> str:
        """``/sub/path/...``: for pages served at unknown depths (404)."""
        return self.base_path + site_path

    def relative(self, from_page: str, site_path: str) -> str:
        """A link from one page's site path to another site path."""
        from_dir = from_page if from_page.endswith("/") or from_page == "" else posixpath.dirname(from_page) + "/"
        if from_dir in ("", "/"):
            return site_path or "./"
        target = _relative_path(site_path, from_dir)
        if site_path.endswith("/") or site_path == "":
            target = "./" if target == "." else target + "/"
        return target


def _relative_path(site_path: str, from_dir: str) -> str:
    """``posixpath.relpath`` for two site paths, without its normalising
    (a page links a hundred times, and relpath was a tenth of rendering)."""
    start = [part for part in from_dir.split("/") if part]
    parts = [part for part in site_path.split("/") if part]
    if "." in start or ".." in start or "." in parts or ".." in parts:
        return posixpath.relpath("/" + site_path, "/" + from_dir.rstrip("/"))
    common = 0
    while common < len(start) and common < len(parts) and start[common] == parts[common]:
        common += 1
    return "/".join([".."] * (len(start) - common) + parts[common:]) or "."
