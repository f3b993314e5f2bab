"""What the site publishes about revocations: the signed Bitstring Status
List that wallets and verifiers read, and a page that lists revocations for
people.

W3C Bitstring Status List v1.0: each credential's ``credentialStatus`` is a
``BitstringStatusListEntry`` naming one bit (its index, kept by
``status_ledger``) of a ``BitstringStatusListCredential`` published at
``status/revocation-list.json``; the bit is 1 when the credential is
revoked. ``encodedList`` is "u" (multibase base64url, no padding) followed
by the GZIP of the bitstring, index 0 being the most significant bit of the
first byte. The list has at least 131,072 entries, so that a list with a few
revocations does not say how many credentials the site issued, and it
carries its own proof: verifiers refuse an unsigned one.

The list credential has no ``validFrom`` or ``validUntil`` (an expired list
would break revocation checks for every credential at once) and its proof is
dated by the latest revocation it records, never by the build date, so a
daily rebuild that changes nothing else leaves its bytes alone.

The page (``status/``) names the educator and links the passport for a
public passport only: for an unlisted passport it says "a credential on an
unlisted passport", since no published file but the passport's own may
lead to it, and leaves out the reason (staff write reasons freely; one could
name the educator). Revocations of credentials no longer published are
counted, not described.
"""

from __future__ import annotations

import base64
import gzip
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from . import urls as url_layout
from .jsontext import json_file
from .status_ledger import Ledger
from .urls import Urls

if TYPE_CHECKING:
    from .badge_files import Signer
    from .render import Renderer
    from .site import Site

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
ENTRY_TYPE = "BitstringStatusListEntry"
LIST_CREDENTIAL_TYPE = "BitstringStatusListCredential"
LIST_TYPE = "BitstringStatusList"
PURPOSE = "revocation"
MINIMUM_LENGTH = 131_072  # entries (16 kB), the spec's minimum


# --- the bitstring -------------------------------------------------------------


def list_length(highest_index: int) -> int:
    """Entries in a list that holds ``highest_index``: a multiple of the minimum."""
    blocks = max(1, -(-(highest_index + 1) // MINIMUM_LENGTH))
    return blocks * MINIMUM_LENGTH


def encode(set_bits: Iterable[int], length: int) -> str:
    """``encodedList``: multibase base64url (no padding) of the GZIP of the bitstring.

    GZIP with no file name and modification time 0, so the same bits give
    the same bytes on every build.
    """
    bits = bytearray(length // 8)
    for index in set_bits:
        bits[index // 8] |= 0x80 >> (index % 8)
    compressed = gzip.compress(bytes(bits), compresslevel=9, mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).decode("ascii").rstrip("=")


def decode(encoded_list: str) -> bytes:
    """The bitstring of an ``encodedList``; ValueError when it is not one."""
    if not encoded_list.startswith("u"):
        raise ValueError("encodedList must be multibase base64url (start with 'u')")
    body = encoded_list[1:]
    try:
        compressed = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        return gzip.decompress(compressed)
    except (ValueError, OSError, EOFError) as error:
        raise ValueError(f"encodedList is not GZIP data in base64url: {error}") from error


def bit_is_set(bitstring: bytes, index: int) -> bool:
    """Whether entry ``index`` is 1; IndexError past the end of the list."""
    if not 0 <= index < len(bitstring) * 8:
        raise IndexError(f"index {index} is outside a list of {len(bitstring) * 8:,} entries")
    return bool(bitstring[index // 8] & (0x80 >> (index % 8)))


# --- the documents ------------------------------------------------------------------


def status_entry(urls: Urls, index: int) -> dict[str, Any]:
    """A credential's ``credentialStatus``: its bit of the site's list."""
    list_url = urls.absolute(url_layout.STATUS_LIST)
    return {
        "id": f"{list_url}#{index}",
        "type": ENTRY_TYPE,
        "statusPurpose": PURPOSE,
        "statusListIndex": str(index),
        "statusListCredential": list_url,
    }


def status_list_credential(ledger: Ledger, urls: Urls, issuer_id: str) -> dict[str, Any]:
    """The unsigned ``BitstringStatusListCredential`` of every index in the ledger."""
    list_url = urls.absolute(url_layout.STATUS_LIST)
    return {
        "@context": [VC_CONTEXT],
        "id": list_url,
        "type": ["VerifiableCredential", LIST_CREDENTIAL_TYPE],
        "issuer": issuer_id,
        "credentialSubject": {
            "id": f"{list_url}#list",
            "type": LIST_TYPE,
            "statusPurpose": PURPOSE,
            "encodedList": encode(ledger.revoked_indexes, list_length(ledger.highest_index)),
        },
    }


# The proof date of a list that records nothing (the signer moves it to the key's first day).
EMPTY_LIST_DATE = date(2020, 1, 1)


def signing_date(ledger: Ledger) -> date:
    """The proof's date: the latest revocation, else the first earning.

    Never the build date, so a rebuild on a new day leaves the list's bytes
    alone; revocation and earning dates are never after the build date.
    """
    revoked = [entry.revoked_on for entry in ledger.entries if entry.revoked_on is not None]
    if revoked:
        return max(revoked)
    return min((entry.earned_on for entry in ledger.entries), default=EMPTY_LIST_DATE)


# --- the site's files ------------------------------------------------------------------


@dataclass(frozen=True)
class RevocationRow:
    """One revocation as the page shows it."""

    credential_title: str
    revoked_on: date
    educator: str | None  # None: an unlisted passport, never named
    passport: str | None  # site path of a public passport
    reason: str | None  # shown for public passports only


@dataclass(frozen=True)
class RevocationsView:
    rows: tuple[RevocationRow, ...]  # newest first
    unpublished: int  # revoked indexes no published passport shows (removed, or now private)


def revocations_view(site: Site) -> RevocationsView:
    rows = []
    shown: set[int] = set()
    for summary in site.summaries.values():
        public = summary.visibility == "public"
        for credential_id, revoked_on, reason in summary.revocations:
            credential = site.state.credentials.get(credential_id)
            index = site.ledger.index_of(summary.id, credential_id)
            if index is not None:
                shown.add(index)
            rows.append(
                RevocationRow(
                    credential_title=credential.title if credential else credential_id,
                    revoked_on=revoked_on,
                    educator=summary.name if public else None,
                    passport=url_layout.educator(summary.id) if public else None,
                    reason=reason if public else None,
                )
            )
    rows.sort(key=lambda row: (-row.revoked_on.toordinal(), row.educator is None, row.educator or "", row.credential_title))
    return RevocationsView(tuple(rows), len(site.ledger.revoked_indexes - shown))


def status_files(site: Site, renderer: Renderer, signer: Signer | None) -> Iterator[tuple[str, bytes]]:
    """The status list credential (signed when the site signs) and the revocations page."""
    state, urls = site.state, site.urls
    issuer_id = signer.did if signer else urls.absolute(url_layout.issuer_profile(state.catalog.publisher))
    document = status_list_credential(site.ledger, urls, issuer_id)
    if signer:
        document = signer.sign(document, signing_date(site.ledger))
    yield url_layout.STATUS_LIST, json_file(document, compact=True)
    page = url_layout.STATUS_PAGE
    yield url_layout.output_file(page), renderer.render("status.html", page, view=revocations_view(site))
