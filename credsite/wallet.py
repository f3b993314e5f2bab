"""What a passport offers for each earned credential to put it in a wallet or check it.

Rendered by ``templates/partials/wallet.html`` and ``assets/wallet.js``:

- **Download Open Badge**: the credential's JSON file (``download``), for
  every earned credential, revoked ones too (the file says it was revoked).
- **Verify with VerifierPlus**: the Digital Credentials Consortium's verifier
  (``https://verifierplus.org/#verify?vc=<URL>``) fetches the credential from
  its URL and checks its signature, dates and status.
- **A QR code of the credential's URL**, drawn in the browser on request:
  the Learner Credential Wallet's "Scan QR code" accepts a plain https URL of
  a credential and fetches it (its ``credentialsFrom``: "a URL to a remotely
  hosted VC or VP"), so no deep link is needed.
- **A baked badge**: the PNG badge with the signed credential in an ``iTXt``
  chunk ``openbadgecredential`` (Open Badges 3.0 baking), made in the browser
  from ``badge.png`` and the credential file, so it costs no published bytes.

Only current credentials are offered for a wallet (QR and baked badge): a
wallet would hold an expired or revoked one as if it counted. An expired one
can still be verified (VerifierPlus reports it expired but genuine); a
revoked one offers only its file.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from .openbadges import credential_url as open_badge_url
from .progress import EarnedCredential
from .site import Site

VERIFIER_PLUS = "https://verifierplus.org/"


@dataclass(frozen=True)
class WalletActions:
    credential_url: str  # absolute: the credential's id, what the QR code holds
    verify_url: str  # VerifierPlus, opening the credential from its URL
    raster_badge: str  # site path of the PNG a baked badge is made of
    importable: bool  # current (not expired): offered for a wallet


def verifier_plus_url(credential_url: str) -> str:
    """VerifierPlus checking the credential at ``credential_url`` (its whole URL percent-encoded)."""
    return f"{VERIFIER_PLUS}#verify?vc={quote(credential_url, safe='')}"


def wallet_actions(site: Site, held: EarnedCredential, portfolio_id: str) -> WalletActions | None:
    """The wallet and verifier actions of one earned credential; None when it was revoked."""
    if held.revoked:
        return None
    credential_url = open_badge_url(site.urls, portfolio_id, held.credential.id)
    return WalletActions(
        credential_url=credential_url,
        verify_url=verifier_plus_url(credential_url),
        raster_badge=site.raster_badge_path(held.credential),
        importable=held.status == "valid",
    )
