"""What each earned credential offers for a wallet or a verifier (credsite/wallet.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from credsite import wallet
from credsite.pipeline import load_site

FIXTURE = Path(__file__).parent / "fixtures" / "minimal"


def test_verifier_plus_gets_the_whole_address_encoded_once() -> None:
    url = "https://state.example.org/mc/educators/ana/credentials/circles.json?x=1&y=2#z"
    link = wallet.verifier_plus_url(url)
    parts = urlsplit(link)
    assert link.startswith("https://verifierplus.org/#verify?vc=")
    encoded = parts.fragment.removeprefix("verify?vc=")
    assert not set("/?&#:") & set(encoded)  # nothing VerifierPlus could split on
    assert unquote(encoded) == url
    # VerifierPlus reads the fragment's query with URLSearchParams and decodes the value again:
    assert unquote(parse_qs(parts.fragment.split("?", 1)[1])["vc"][0]) == url


def test_only_current_credentials_go_to_a_wallet_and_revoked_ones_are_not_verified() -> None:
    site = load_site(FIXTURE, build_date=date(2026, 11, 24))
    held = site.passports["ana"].earned[0]
    actions = wallet.wallet_actions(site, held, "ana")
    assert actions is not None
    assert actions.credential_url == f"https://test.example.org/mc/educators/ana/credentials/{held.credential.id}.json"
    assert actions.verify_url == wallet.verifier_plus_url(actions.credential_url)
    assert actions.raster_badge == f"credentials/{held.credential.id}/badge.png"
    assert actions.importable is (held.status == "valid")
    expired = wallet.wallet_actions(site, replace(held, status="expired"), "ana")
    assert expired is not None and expired.importable is False  # verified, not offered for a wallet
    assert wallet.wallet_actions(site, replace(held, status="revoked"), "ana") is None
