"""The Open Badges 3.0 files of a site: achievements, issuer profiles, one
credential per earned micro-credential, the revocation list and, when the
build signs, the site's DID document.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Iterator

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from . import clr, openbadges, status_list
from . import urls as url_layout
from .progress import Passport
from .site import Site


@dataclass(frozen=True)
class Signer:
    """The site's signing identity: its key and the did:web it publishes."""

    private_key: Ed25519PrivateKey
    base_url: str
    in_use_from: date | None = None  # the key's first day, from its file (signing.KEY_DATE_LINE)

    @property
    def did(self) -> str:
        from . import signing  # pyld and its HTTP stack: only when signing

        return signing.did_web(self.base_url)

    @property
    def verification_method(self) -> str:
        from . import signing

        return signing.verification_method_id(self.did, self.private_key.public_key())

    def proof_created(self, earned_on: date) -> str:
        """The proof's ``created``: the day the credential was earned, or the
        key's first day for one earned before the key existed, at midnight UTC.

        Never the build date (every daily rebuild would sign everything anew)
        and never before the key (a verifier that checks the key was valid
        when the proof was made would refuse it). Same data, same bytes."""
        day = max(earned_on, self.in_use_from) if self.in_use_from else earned_on
        return f"{day.isoformat()}T00:00:00Z"

    def sign(self, document: dict[str, Any], earned_on: date) -> dict[str, Any]:
        from . import signing

        return signing.sign(document, self.private_key, self.verification_method, self.proof_created(earned_on))


def shared_badge_files(site: Site, signer: Signer | None) -> Iterator[tuple[str, bytes]]:
    """Issuer profiles, achievements and the DID document."""
    state, urls = site.state, site.urls
    issuer_did = signer.did if signer else None
    for issuer in state.issuers.values():
        profile = openbadges.issuer_profile(issuer, urls, site.issuer_image_path(issuer), issuer_did)
        yield url_layout.issuer_profile(issuer.id), openbadges.dumps(profile)
    for credential in site.published_credentials:
        issuer = state.issuers[credential.issuer]
        document = openbadges.achievement(credential, issuer, state.catalog, urls, site.raster_badge_path(credential))
        yield url_layout.credential_achievement(credential.id), openbadges.dumps(document)
    if signer:
        from . import signing

        did_document = signing.did_document(signer.base_url, signer.private_key.public_key())
        yield url_layout.did_document(signer.base_url), openbadges.dumps(did_document)


def educator_badge_files(site: Site, signer: Signer | None, passport: Passport) -> Iterator[tuple[str, bytes]]:
    """One OpenBadgeCredential per credential the educator earned, and the
    passport's CLR holding them (all signed when a key is given)."""
    state, urls = site.state, site.urls
    portfolio_id = passport.portfolio.id
    issuer_did = signer.did if signer else None
    published = []
    for held in passport.earned:
        credential = held.credential
        index = site.ledger.index_of(portfolio_id, credential.id)
        if index is None:  # the pipeline gives every published credential an index before rendering
            raise LookupError(f"{portfolio_id}/{credential.id} has no status-list index")
        document = openbadges.badge_credential(
            passport.portfolio, held.earned, credential, state.issuers[credential.issuer], state.catalog,
            urls, held.expires_on, site.raster_badge_path(credential), status_list.status_entry(urls, index), issuer_did,
        )
        if signer:
            document = signer.sign(document, held.earned.earned_on)
        published.append(document)
        yield url_layout.educator_credential(portfolio_id, credential.id), openbadges.dumps(document)
    record = clr.clr_credential(site, passport, published, issuer_did)
    if record is not None:
        if signer:
            record = signer.sign(record, clr.record_date(passport))
        yield url_layout.educator_clr(portfolio_id), openbadges.dumps(record)
