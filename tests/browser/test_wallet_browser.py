"""Wallet actions on passports in a real browser: the QR code a wallet scans, the baked badge, VerifierPlus."""

from __future__ import annotations

import io
import json
import re
import struct
import zlib
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import Browser, Page, expect

from credsite import urls as url_layout

from .conftest import DESKTOP_VIEWPORT, block_outside_requests

pytestmark = pytest.mark.browser

Axe = Callable[[Page], list[str]]
PHONE = {"width": 375, "height": 800}
MIN_TARGET_PX = 44
KEYWORD = b"openbadgecredential"


def passport_with(root: Path, css_class: str) -> str:
    """The first passport (by id) showing a credential card of the given status class."""
    for page in sorted((root / "educators").glob("*/index.html")):
        if f"pp-credential--{css_class}" in page.read_text(encoding="utf-8"):
            return page.parent.name
    raise AssertionError(f"the example has no passport with a {css_class} credential")


def open_passport(page: Page, site, pid: str) -> None:
    response = page.goto(site.url(url_layout.educator(pid)))
    assert response is not None and response.ok


def first_current_card(page: Page):
    return page.locator("article.pp-credential--valid").first


def png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    """(type, data) of every chunk, each CRC checked: a damaged PNG fails here."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, offset = [], 8
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind, body = data[offset + 4 : offset + 8], data[offset + 8 : offset + 8 + length]
        (crc,) = struct.unpack(">I", data[offset + 8 + length : offset + 12 + length])
        assert zlib.crc32(kind + body) == crc, kind
        chunks.append((kind, body))
        offset += 12 + length
    assert chunks[-1][0] == b"IEND" and offset == len(data)
    return chunks


def test_the_qr_code_holds_the_credentials_address_the_credential_names_as_its_id(example_site, page: Page) -> None:
    pid = passport_with(example_site.root, "valid")
    open_passport(page, example_site, pid)
    card = first_current_card(page)
    show = card.locator("[data-wallet-qr]")
    expect(show).to_have_attribute("aria-expanded", "false")
    show.click()
    qr = card.locator(".pp-wallet__qr [role=img]")
    expect(qr.locator("svg")).to_be_visible()
    expect(show).to_have_attribute("aria-expanded", "true")
    assert show.get_attribute("aria-controls") == card.locator(".pp-wallet__qr").get_attribute("id")
    decoded = [result.text for result in zxingcpp.read_barcodes(Image.open(io.BytesIO(qr.screenshot())))]
    credential_file = card.locator("a[download]").get_attribute("href")
    credential = json.loads((example_site.root / url_layout.educator(pid) / credential_file).read_text())
    assert decoded == [credential["id"]]
    show.click()
    expect(card.locator(".pp-wallet__qr")).to_be_hidden()
    expect(show).to_have_attribute("aria-expanded", "false")


def test_the_baked_badge_is_the_badge_png_with_the_credential_file_in_one_itxt_chunk(example_site, browser: Browser) -> None:
    context = browser.new_context(viewport=DESKTOP_VIEWPORT, accept_downloads=True)
    context.route("**/*", block_outside_requests)
    page = context.new_page()
    pid = passport_with(example_site.root, "valid")
    open_passport(page, example_site, pid)
    card = first_current_card(page)
    credential_file = example_site.root / url_layout.educator(pid) / (card.locator("a[download]").get_attribute("href") or "")
    with page.expect_download() as download_info:
        card.locator("[data-wallet-bake]").click()
    download = download_info.value
    baked = Path(download.path()).read_bytes()
    context.close()

    assert download.suggested_filename == credential_file.stem + "-open-badge.png"

    chunks = png_chunks(baked)
    assert [kind for kind, _ in chunks[:2]] == [b"IHDR", b"iTXt"]  # right after IHDR, before the image data
    badge_chunks = [body for kind, body in chunks if kind == b"iTXt" and body.startswith(KEYWORD + b"\0")]
    assert len(badge_chunks) == 1
    body = badge_chunks[0][len(KEYWORD) + 1 :]
    assert body[:2] == b"\0\0"  # compression flag and method: not compressed (OB 3.0 forbids it)
    language, rest = body[2:].split(b"\0", 1)
    translated, text = rest.split(b"\0", 1)
    assert language == translated == b""
    assert text == credential_file.read_bytes()  # exactly the published (signed when signing) credential
    assert json.loads(text)["type"] == ["VerifiableCredential", "OpenBadgeCredential"]

    badge_id = json.loads(text)["credentialSubject"]["achievement"]["image"]["id"]
    badge_png = (example_site.root / urlsplit(badge_id).path.split("/microcredentials/", 1)[-1]).read_bytes()
    assert [c for c in chunks if c[0] != b"iTXt"] == png_chunks(badge_png)  # nothing else changed
    image = Image.open(io.BytesIO(baked))
    image.load()  # decodes
    assert image.text[KEYWORD.decode()] == text.decode("utf-8")  # as Pillow, a reader of baked badges, sees it


def test_a_badge_that_cannot_be_made_is_said_so_and_the_file_stays(example_site, page: Page) -> None:
    page.route("**/badge.png", lambda route: route.fulfill(status=404, body="gone"))
    open_passport(page, example_site, passport_with(example_site.root, "valid"))
    card = first_current_card(page)
    card.locator("[data-wallet-bake]").click()
    status = card.locator(".pp-wallet__status[role=status]")
    expect(status).to_contain_text("did not work")
    expect(card.locator("[data-wallet-bake]")).to_be_enabled()


def test_a_qr_code_that_cannot_be_drawn_is_said_so(example_site, page: Page) -> None:
    page.route("**/vendor/qrcodegen.js", lambda route: route.abort())
    open_passport(page, example_site, passport_with(example_site.root, "valid"))
    card = first_current_card(page)
    card.locator("[data-wallet-qr]").click()
    expect(card.locator(".pp-wallet__status[role=status]")).to_contain_text("did not work")
    expect(card.locator("[data-wallet-qr]")).to_have_attribute("aria-expanded", "false")


def test_verify_opens_verifierplus_on_the_credentials_address(example_site, page: Page) -> None:
    open_passport(page, example_site, passport_with(example_site.root, "valid"))
    card = first_current_card(page)
    href = card.get_by_role("link", name=re.compile("^Verify with VerifierPlus")).get_attribute("href") or ""
    parts = urlsplit(href)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "verifierplus.org", "/")
    assert parts.fragment.startswith("verify?vc=")
    vc = parse_qs(parts.fragment.split("?", 1)[1])["vc"]
    credential_file = example_site.root / urlsplit(page.url).path.split("/microcredentials/", 1)[1] / (card.locator("a[download]").get_attribute("href") or "")
    assert vc == [json.loads(credential_file.read_text())["id"]]
    assert "/" not in parts.fragment.split("vc=", 1)[1]  # the address is encoded whole


def test_expired_and_revoked_credentials_are_not_offered_for_a_wallet(example_site, page: Page) -> None:
    open_passport(page, example_site, passport_with(example_site.root, "expired"))
    expired = page.locator("article.pp-credential--expired").first
    expect(expired.locator("a[download]")).to_have_count(1)
    expect(expired.get_by_role("link", name=re.compile("^Verify with VerifierPlus"))).to_have_count(1)
    expect(expired.locator("[data-wallet-qr], [data-wallet-bake]")).to_have_count(0)
    open_passport(page, example_site, passport_with(example_site.root, "revoked"))
    revoked = page.locator("article.pp-credential--revoked").first
    expect(revoked.locator("a[download]")).to_have_count(1)  # the file says it was revoked
    expect(revoked.get_by_role("link", name=re.compile("VerifierPlus"))).to_have_count(0)
    expect(revoked.locator("button")).to_have_count(0)


def test_without_javascript_the_file_and_the_verifier_remain(example_site, page_without_javascript: Page) -> None:
    page = page_without_javascript
    open_passport(page, example_site, passport_with(example_site.root, "valid"))
    card = first_current_card(page)
    expect(card.get_by_role("link", name=re.compile("^Download Open Badge"))).to_be_visible()
    expect(card.get_by_role("link", name=re.compile("^Verify with VerifierPlus"))).to_be_visible()
    expect(card.locator("button")).to_have_count(0)  # the QR and badge controls need the script


def test_wallet_controls_are_big_keyboard_reachable_and_show_focus(example_site, page: Page) -> None:
    page.set_viewport_size(PHONE)
    open_passport(page, example_site, passport_with(example_site.root, "valid"))
    controls = first_current_card(page).locator(".pp-wallet a, .pp-wallet button")
    assert controls.count() == 4
    for index in range(controls.count()):
        box = controls.nth(index).bounding_box()
        assert box is not None and box["height"] >= MIN_TARGET_PX and box["width"] >= MIN_TARGET_PX
    show = first_current_card(page).locator("[data-wallet-qr]")
    for _ in range(200):  # Tab through the page until the button has focus
        page.keyboard.press("Tab")
        if show.evaluate("button => document.activeElement === button"):
            break
    else:
        pytest.fail("the QR button is not reachable with Tab")
    outline = show.evaluate("button => getComputedStyle(button).outlineStyle + ' ' + getComputedStyle(button).outlineWidth")
    assert outline.startswith("solid") and not outline.endswith(" 0px")
    page.keyboard.press("Enter")
    expect(show).to_have_attribute("aria-expanded", "true")


@pytest.mark.parametrize("viewport", [DESKTOP_VIEWPORT, PHONE], ids=["1280", "375"])
def test_a_passport_with_a_qr_code_open_has_no_accessibility_violations(example_site, page: Page, axe: Axe, viewport: dict) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.set_viewport_size(viewport)
    open_passport(page, example_site, passport_with(example_site.root, "valid"))
    card = first_current_card(page)
    card.locator("[data-wallet-qr]").click()
    expect(card.locator(".pp-wallet__qr svg")).to_be_visible()
    violations = axe(page)
    assert not violations, "\n".join(violations)
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    assert not errors, errors
