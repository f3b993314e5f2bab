"""Keys, did:web, eddsa-rdfc-2022 proofs and verification."""

from __future__ import annotations

import json
import stat
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from test_openbadges import BASE_URL, FORMAL_SCHEMA, OB3, STATUS_INDEX, build_credential, make_earned

from credsite import openbadges, signing, status_list, urls
from credsite.badge_files import Signer
from credsite.model import Revocation
from credsite.status_ledger import Entry, Ledger
from credsite.urls import Urls

NOW = datetime(2020, 6, 1, tzinfo=UTC)
CREATED = "2019-01-01T00:00:00Z"  # after the test credential's validFrom, before NOW
EXAMPLES_NOW = datetime(2025, 1, 1, tzinfo=UTC)  # after the 1EdTech examples were signed
SITE_DID = "did:web:ksde-pl.github.io:microcredentials"
VALIDATOR_EXAMPLES = [
    "validator_ob30_simple.json",
    "validator_ob30_complete.json",
    "validator_ob30_endorsement-valid.json",
]


def fixed_key(seed: int = 7) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(bytes([seed]) * 32)


def sign_credential(document: dict, key: Ed25519PrivateKey | None = None) -> dict:
    key = key or fixed_key()
    method = signing.verification_method_id(SITE_DID, key.public_key())
    return signing.sign(document, key, method, CREATED)


def status_list_document(revoked: tuple[int, ...] = (), issuer: str = SITE_DID) -> dict:
    """The site's status list with the given indexes revoked (and index 7's neighbours given out)."""
    given = {STATUS_INDEX - 1, STATUS_INDEX, STATUS_INDEX + 1, *revoked}
    ledger = Ledger(
        tuple(Entry(i, "p", f"c{i}", date(2018, 1, 1), date(2020, 2, 1) if i in revoked else None) for i in sorted(given))
    )
    return status_list.status_list_credential(ledger, Urls(BASE_URL), issuer)


def build_site(tmp_path: Path, key: Ed25519PrivateKey, revoked: tuple[int, ...] = (), signed: bool = True) -> Path:
    """A built site folder holding what verification reads: did.json and the status list."""
    site = tmp_path / "site"
    (site / "status").mkdir(parents=True)
    (site / "did.json").write_bytes(openbadges.dumps(signing.did_document(BASE_URL, key.public_key())))
    write_status_list(site, sign_credential(status_list_document(revoked), key) if signed else status_list_document(revoked))
    return site


def write_status_list(site: Path, document: dict) -> None:
    (site / urls.STATUS_LIST).write_bytes(openbadges.dumps(document))


def signed_site_credential(tmp_path: Path, **earned_changes) -> tuple[dict, Path]:
    key = fixed_key()
    document = sign_credential(build_credential(make_earned(**earned_changes), issuer_did=SITE_DID), key)
    revoked = (STATUS_INDEX,) if earned_changes.get("revoked") else ()
    return document, build_site(tmp_path, key, revoked)


def check(verdict: signing.Verdict, name: str) -> signing.Check:
    return next(c for c in verdict.checks if c.name == name)


# --- base58 and Multikey -------------------------------------------------------------------


def test_base58_known_vectors_and_round_trip() -> None:
    assert signing.base58_encode(b"Hello World!") == "2NEpo7TZRRrLZSi2U"
    assert signing.base58_encode(b"\0\0\x01") == "112"
    for data in (b"", b"\0", b"\0\0abc", bytes(range(256))):
        assert signing.base58_decode(signing.base58_encode(data)) == data
    with pytest.raises(ValueError):
        signing.base58_decode("0OIl")


def test_public_key_multibase_is_an_ed25519_multikey() -> None:
    public_key = fixed_key().public_key()
    encoded = signing.public_key_multibase(public_key)
    assert encoded.startswith("z6Mk")
    assert signing.public_key_multibase(signing.public_key_from_multibase(encoded)) == encoded
    with pytest.raises(ValueError):
        signing.public_key_from_multibase("z" + signing.base58_encode(b"\x12\x00" + bytes(32)))


# --- key files --------------------------------------------------------------------------------


def test_write_new_key_creates_private_file_and_refuses_to_overwrite(tmp_path: Path) -> None:
    path = tmp_path / "signing-key.pem"
    signing.write_new_key(path, date(2025, 6, 1))
    original = path.read_bytes()
    assert original.startswith(b"credsite signing key, in use from 2025-06-01\n-----BEGIN PRIVATE KEY-----")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert isinstance(signing.load_signing_key(path).private_key, Ed25519PrivateKey)
    with pytest.raises(FileExistsError):
        signing.write_new_key(path, date(2025, 6, 1))
    assert path.read_bytes() == original


def test_a_key_file_without_a_date_still_signs(tmp_path: Path) -> None:
    (tmp_path / "old.pem").write_bytes(signing.generate_private_key_pem())  # as keygen wrote keys before
    assert signing.load_signing_key(tmp_path / "old.pem").in_use_from is None


def test_the_date_line_can_be_added_to_an_old_key(tmp_path: Path) -> None:
    key = tmp_path / "key.pem"
    key.write_bytes(b"credsite signing key, in use from 2025-06-01\r\n" + signing.generate_private_key_pem())
    assert signing.load_signing_key(key).in_use_from == date(2025, 6, 1)


@pytest.mark.parametrize("day", ["2025-13-01", "June 1", ""])
def test_a_key_date_that_is_not_a_real_date_is_refused(tmp_path: Path, day: str) -> None:
    key = tmp_path / "key.pem"
    key.write_bytes(f"credsite signing key, in use from {day}\n".encode() + signing.generate_private_key_pem())
    with pytest.raises(signing.SigningError, match="needs a real date"):
        signing.load_signing_key(key)


def test_a_key_dated_after_today_is_refused(tmp_path: Path) -> None:
    signing.write_new_key(tmp_path / "key.pem", date(2030, 1, 2))
    with pytest.raises(signing.SigningError, match="dated in the future"):
        signing.load_signing_key(tmp_path / "key.pem", today=date(2030, 1, 1))
    assert signing.load_signing_key(tmp_path / "key.pem", today=date(2030, 1, 2)).in_use_from == date(2030, 1, 2)


@pytest.mark.parametrize(
    ("earned_on", "in_use_from", "created"),
    [
        (date(2018, 10, 1), date(2025, 6, 1), "2025-06-01T00:00:00Z"),  # earned before the key: the key's first day
        (date(2026, 2, 3), date(2025, 6, 1), "2026-02-03T00:00:00Z"),  # earned since: the day it was earned
        (date(2018, 10, 1), None, "2018-10-01T00:00:00Z"),  # a key file without a date
    ],
)
def test_a_proof_is_dated_the_day_earned_but_never_before_the_key(earned_on: date, in_use_from: date | None, created: str) -> None:
    signer = Signer(fixed_key(), BASE_URL, in_use_from)
    assert signer.proof_created(earned_on) == created
    document = signer.sign(build_credential(make_earned(earned_on=earned_on), issuer_did=SITE_DID), earned_on)
    assert document["proof"][0]["created"] == created


def test_the_key_date_is_part_of_the_build_settings(tmp_path: Path) -> None:
    from credsite.pipeline import BuildOptions, settings_key

    pem = signing.generate_private_key_pem()
    (tmp_path / "undated.pem").write_bytes(pem)
    (tmp_path / "dated.pem").write_bytes(b"credsite signing key, in use from 2025-06-01\n" + pem)
    keys = {settings_key(BuildOptions(tmp_path, tmp_path / "out", signing_key=tmp_path / name)) for name in ("undated.pem", "dated.pem")}
    assert len(keys) == 2, "adding the date re-dates every proof, so the next build must rewrite them"


def test_verify_refuses_a_proof_dated_in_the_future(tmp_path: Path) -> None:
    document, site = signed_site_credential(tmp_path)
    created = datetime.fromisoformat(document["proof"][0]["created"])
    assert signing.verify(document, signing.site_resolver(site), created + signing.CLOCK_SKEW).ok
    proof = check(signing.verify(document, signing.site_resolver(site), created - signing.CLOCK_SKEW - timedelta(seconds=1)), "proof")
    assert not proof.passed and "in the future" in proof.detail


def test_generated_keys_differ() -> None:
    assert signing.generate_private_key_pem() != signing.generate_private_key_pem()


def test_load_signing_key_explains_a_wrong_file(tmp_path: Path) -> None:
    with pytest.raises(signing.SigningError, match="cannot read"):
        signing.load_signing_key(tmp_path / "missing.pem")
    garbage = tmp_path / "garbage.pem"
    garbage.write_text("not a key")
    with pytest.raises(signing.SigningError, match="not an unencrypted PEM private key"):
        signing.load_signing_key(garbage)
    other = tmp_path / "ec.pem"
    other.write_bytes(
        ec.generate_private_key(ec.SECP256R1()).private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    with pytest.raises(signing.SigningError, match="must be Ed25519"):
        signing.load_signing_key(other)


def test_refuse_key_inside_source_or_output(tmp_path: Path) -> None:
    source, output, secrets = tmp_path / "repo", tmp_path / "site", tmp_path / "secrets"
    for folder in (source, output, secrets):
        folder.mkdir()
    signing.refuse_key_inside(secrets / "key.pem", [source, output])
    for inside in (source / "key.pem", output / "nested" / "key.pem", source / ".." / "repo" / "key.pem"):
        with pytest.raises(signing.SigningError, match="inside"):
            signing.refuse_key_inside(inside, [source, output])
    link = secrets / "link.pem"
    link.symlink_to(source / "key.pem")
    with pytest.raises(signing.SigningError, match="inside"):
        signing.refuse_key_inside(link, [source, output])


def test_a_key_file_is_found_inside_a_git_work_tree(tmp_path: Path) -> None:
    repository, worktree, elsewhere = tmp_path / "catalog", tmp_path / "worktree", tmp_path / "secrets"
    (repository / ".git").mkdir(parents=True)
    worktree.mkdir()
    (worktree / ".git").write_text("gitdir: ../catalog/.git/worktrees/w\n")  # worktrees and submodules have a .git file
    elsewhere.mkdir()
    assert signing.enclosing_git_work_tree(repository / "nested" / "folder" / "key.pem") == repository
    assert signing.enclosing_git_work_tree(worktree / "key.pem") == worktree
    assert signing.enclosing_git_work_tree(elsewhere / "key.pem") is None


def test_the_warning_for_a_key_inside_a_repository_says_why_and_what_to_do(tmp_path: Path) -> None:
    (tmp_path / "catalog" / ".git").mkdir(parents=True)
    (tmp_path / "secrets").mkdir()
    assert signing.key_location_warning(tmp_path / "secrets" / "key.pem") is None
    warning = signing.key_location_warning(tmp_path / "catalog" / "key.pem")
    assert warning is not None
    assert f"inside the git repository {tmp_path / 'catalog'}" in warning
    assert "sign credentials in your state's name" in warning and "history" in warning
    assert "CI secret" in warning and "CREDSITE_SIGNING_KEY" in warning


def test_a_relative_key_path_is_looked_up_from_the_working_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    assert signing.enclosing_git_work_tree(Path("key.pem")) == tmp_path


# --- did:web --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "base_url, did",
    [
        ("https://state.github.io/mc/", "did:web:state.github.io:mc"),
        ("https://state.github.io/mc", "did:web:state.github.io:mc"),
        ("https://State.GitHub.io/", "did:web:state.github.io"),
        ("https://example.org/a/b/c/", "did:web:example.org:a:b:c"),
        ("https://localhost:8443/mc/", "did:web:localhost%3A8443:mc"),
    ],
)
def test_did_web(base_url: str, did: str) -> None:
    assert signing.did_web(base_url) == did


@pytest.mark.parametrize("base_url", ["http://state.github.io/mc/", "https://x.org/mc/?q=1", "file:///tmp/site"])
def test_did_web_needs_a_plain_https_url(base_url: str) -> None:
    with pytest.raises(signing.SigningError):
        signing.did_web(base_url)


def did_web_document_url(did: str) -> str:
    """Where a resolver reads a did:web DID document (did:web spec, "Read")."""
    base_url = signing.did_web_base_url(did)
    return base_url + urls.did_document(base_url)


def test_did_web_document_location() -> None:
    assert did_web_document_url("did:web:state.github.io:mc") == "https://state.github.io/mc/did.json"
    assert did_web_document_url("did:web:localhost%3A8443:mc") == "https://localhost:8443/mc/did.json"
    assert did_web_document_url("did:web:state.github.io") == "https://state.github.io/.well-known/did.json"
    assert urls.did_document("https://state.github.io/mc/") == "did.json"
    assert urls.did_document("https://state.github.io/") == ".well-known/did.json"


def test_did_document_publishes_a_multikey_for_assertions() -> None:
    public_key = fixed_key().public_key()
    document = signing.did_document(BASE_URL, public_key, also_known_as=(BASE_URL + "issuers/ksde/profile.json",))
    method_id = f"{SITE_DID}#{signing.public_key_multibase(public_key)}"
    assert document == {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": SITE_DID,
        "alsoKnownAs": [BASE_URL + "issuers/ksde/profile.json"],
        "verificationMethod": [
            {
                "id": method_id,
                "type": "Multikey",
                "controller": SITE_DID,
                "publicKeyMultibase": signing.public_key_multibase(public_key),
            }
        ],
        "assertionMethod": [method_id],
    }


# --- document loader and canonicalization -----------------------------------------------------


def test_document_loader_serves_vendored_contexts_only() -> None:
    remote = signing.document_loader("https://www.w3.org/ns/credentials/v2")
    assert remote["documentUrl"] == "https://www.w3.org/ns/credentials/v2"
    assert "VerifiableCredential" in remote["document"]["@context"]
    with pytest.raises(signing.UnknownContextError, match="never used"):
        signing.document_loader("https://example.org/context.json")


def test_canonicalize_rejects_unknown_context_and_undefined_terms() -> None:
    document = build_credential()
    with pytest.raises(signing.SigningError, match="not vendored"):
        signing.canonicalize({**document, "@context": [*document["@context"], "https://example.org/x.json"]})
    with pytest.raises(signing.SigningError, match="nickname"):
        signing.canonicalize({**document, "nickname": "JR"})
    with pytest.raises(signing.SigningError, match="relative IRI"):
        signing.canonicalize({**document, "type": [*document["type"], "MadeUpType"]})


def test_canonicalize_rejects_control_characters() -> None:
    with pytest.raises(signing.SigningError, match="control character"):
        signing.canonicalize({**build_credential(), "name": "bell\x07"})


# --- signing ------------------------------------------------------------------------------------


def test_sign_adds_a_data_integrity_proof_and_leaves_the_input_alone() -> None:
    document = build_credential(issuer_did=SITE_DID)
    before = json.dumps(document)
    signed = sign_credential(document)
    assert json.dumps(document) == before
    (proof,) = signed["proof"]
    assert proof["type"] == "DataIntegrityProof"
    assert proof["cryptosuite"] == "eddsa-rdfc-2022"
    assert proof["proofPurpose"] == "assertionMethod"
    assert proof["created"] == CREATED
    assert proof["verificationMethod"] == signing.verification_method_id(SITE_DID, fixed_key().public_key())
    assert proof["proofValue"].startswith("z")
    assert {k: v for k, v in signed.items() if k != "proof"} == document


def test_signatures_are_deterministic() -> None:
    document = build_credential(issuer_did=SITE_DID)
    assert openbadges.dumps(sign_credential(document)) == openbadges.dumps(sign_credential(document))


def test_signing_again_replaces_the_old_proof() -> None:
    signed = sign_credential(build_credential(issuer_did=SITE_DID))
    assert sign_credential(signed) == signed


def test_sign_needs_a_context() -> None:
    with pytest.raises(signing.SigningError, match="@context"):
        signing.sign({"id": "https://example.org/x"}, fixed_key(), SITE_DID + "#k", CREATED)


# --- verification: the 1EdTech validator's signed examples ----------------------------------------


def example_resolver(document: dict) -> signing.Resolver:
    """Controller documents for the examples' keys, and an empty list for their status URL.

    The examples name https controllers we cannot reach; their key is the
    Multikey in the verification method's fragment, so the test builds the
    controller document a resolver would have fetched.
    """
    controllers = {}
    for proof in document["proof"]:
        controller, key = proof["verificationMethod"].split("#")
        controllers[controller] = {
            "id": controller,
            "verificationMethod": [
                {
                    "id": proof["verificationMethod"],
                    "type": "Multikey",
                    "controller": controller,
                    "publicKeyMultibase": key,
                }
            ],
            "assertionMethod": [proof["verificationMethod"]],
        }
    status = document.get("credentialStatus", {}).get("id")

    def resolve(identifier: str) -> dict:
        if identifier in controllers:
            return controllers[identifier]
        if identifier == status:
            return {"id": status, "issuer": document["issuer"]["id"], "revokedCredentials": []}
        raise LookupError(identifier)

    return resolve


def example_schema(name: str) -> dict:
    path = OB3 / "schemas" / "ob_v3p0_endorsementcredential_schema.json" if "endorsement" in name else FORMAL_SCHEMA
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", VALIDATOR_EXAMPLES)
def test_validator_examples_verify(name: str) -> None:
    document = json.loads((OB3 / "examples" / name).read_text(encoding="utf-8"))
    verdict = signing.verify(document, example_resolver(document), EXAMPLES_NOW, schema=example_schema(name))
    assert verdict.ok, verdict.text()
    assert [c.name for c in verdict.checks] == ["schema", "proof", "dates", "revocation"]


@pytest.mark.parametrize("name", VALIDATOR_EXAMPLES)
def test_validator_examples_fail_when_a_value_changes(name: str) -> None:
    document = json.loads((OB3 / "examples" / name).read_text(encoding="utf-8"))
    resolver = example_resolver(document)
    document["name"] = document["name"] + "!"
    verdict = signing.verify(document, resolver, EXAMPLES_NOW)
    assert not check(verdict, "proof").passed


# --- verification: our own credentials ------------------------------------------------------------


def test_sign_then_verify_round_trip_against_the_built_site(tmp_path: Path) -> None:
    document, site = signed_site_credential(tmp_path)
    published = json.loads(openbadges.dumps(document))
    verdict = signing.verify(published, signing.site_resolver(site), NOW)
    assert verdict.ok, verdict.text()
    assert verdict.text().endswith("\nVALID")
    assert check(verdict, "revocation").detail == f"not revoked: entry 7 of {BASE_URL}status/revocation-list.json is 0"


def test_verify_with_the_formal_schema(tmp_path: Path) -> None:
    document, site = signed_site_credential(tmp_path)
    schema = example_schema("credential")
    assert signing.verify(document, signing.site_resolver(site), NOW, schema=schema).ok
    broken = {**document, "credentialSubject": {**document["credentialSubject"], "type": "Person"}}
    assert not check(signing.verify(broken, signing.site_resolver(site), NOW, schema=schema), "schema").passed


def test_verify_with_a_did_document_file_says_revocation_was_not_checked(tmp_path: Path) -> None:
    document, site = signed_site_credential(tmp_path)
    verdict = signing.verify(document, signing.did_file_resolver(site / "did.json"), NOW)
    assert check(verdict, "proof").passed
    # A lone DID document cannot tell whether the credential was revoked: the verdict says so.
    revocation = check(verdict, "revocation")
    assert revocation.passed is None and revocation.detail.startswith("not checked: the status list")
    assert verdict.ok and verdict.unchecked == ("revocation",)
    assert verdict.text().splitlines()[-1] == "VALID (not checked: revocation)"
    assert "--   revocation: not checked" in verdict.text()


def test_a_did_document_file_and_a_site_folder_check_everything(tmp_path: Path) -> None:
    document, site = signed_site_credential(tmp_path, revoked=Revocation(on=date(2020, 2, 1)))
    other = tmp_path / "did.json"
    other.write_bytes((site / "did.json").read_bytes())
    (site / "did.json").unlink()  # the key comes from the file, the status list from the site
    verdict = signing.verify(document, signing.did_file_resolver(other, then=signing.site_resolver(site, BASE_URL)), NOW)
    assert check(verdict, "proof").passed
    assert check(verdict, "revocation").passed is False and verdict.result == "NOT VALID"


def test_a_site_without_did_json_says_so(tmp_path: Path) -> None:
    document, site = signed_site_credential(tmp_path)
    (site / "did.json").unlink()
    verdict = signing.verify(document, signing.site_resolver(site, BASE_URL), NOW)
    proof = check(verdict, "proof")
    assert proof.passed is False and "has no did.json" in proof.detail
    assert verdict.result == "NOT VALID"


def tampered_versions(data: bytes, positions: list[int]):
    """The document with one byte changed at each position (letters and digits only,
    since a space changed to a tab is the same JSON)."""
    for position in positions:
        old = chr(data[position])
        if old.isdigit():
            new = "0" if old == "9" else chr(ord(old) + 1)
        elif old.isalpha():
            new = "a" if old == "z" else "A" if old == "Z" else chr(ord(old) + 1)
        else:
            new = "#"
        yield position, data[:position] + new.encode() + data[position + 1 :]


def test_changing_any_byte_of_a_signed_credential_fails(tmp_path: Path) -> None:
    document, site = signed_site_credential(tmp_path)
    data = openbadges.dumps(document)
    text = data.decode()
    proof_start = text.index('"proof"')
    letters_and_digits = [p for p in range(proof_start) if chr(data[p]).isascii() and chr(data[p]).isalnum()]
    positions = letters_and_digits[:: len(letters_and_digits) // 60]
    for marker in ('"created"', '"verificationMethod"', '"proofValue"', '"cryptosuite"', '"proofPurpose"'):
        value_start = text.index(marker, proof_start) + len(marker) + 3
        positions += [value_start + 2, value_start + 20]
    positions += [text.index(r"\u0026") + 2] if r"\u0026" in text else []
    resolver = signing.site_resolver(site)
    assert len(positions) > 60
    for position, tampered in tampered_versions(data, positions):
        try:
            candidate = json.loads(tampered)
        except ValueError:
            continue
        verdict = signing.verify(candidate, resolver, NOW)
        assert not verdict.ok, f"byte {position} changed and the credential still verifies:\n{verdict.text()}"


def test_an_added_property_fails(tmp_path: Path) -> None:
    document, site = signed_site_credential(tmp_path)
    for changed in (
        {**document, "nickname": "JR"},
        {**document, "credentialSubject": {**document["credentialSubject"], "narrative": "Extra."}},
        {**document, "validUntil": "2099-01-01T00:00:00Z"},
    ):
        assert not check(signing.verify(changed, signing.site_resolver(site), NOW), "proof").passed


def test_an_unsigned_credential_is_unsigned_not_invalid(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "status").mkdir(parents=True)
    publisher = BASE_URL + "issuers/ksde/profile.json"
    write_status_list(site, status_list_document(issuer=publisher))
    verdict = signing.verify(build_credential(), signing.site_resolver(site, BASE_URL), NOW)
    assert not verdict.ok and verdict.result == "UNSIGNED"
    assert check(verdict, "proof") == signing.Check("proof", None, "the credential is not signed")
    assert check(verdict, "revocation").passed and check(verdict, "dates").passed
    assert verdict.text().splitlines()[-1].startswith("UNSIGNED: the credential carries no signature")
    # Unsigned and revoked, or unsigned and expired, is not valid.
    write_status_list(site, status_list_document((STATUS_INDEX,), issuer=publisher))
    assert signing.verify(build_credential(), signing.site_resolver(site, BASE_URL), NOW).result == "NOT VALID"


def test_signature_by_another_key_fails(tmp_path: Path) -> None:
    _, site = signed_site_credential(tmp_path)
    forged = sign_credential(build_credential(issuer_did=SITE_DID), fixed_key(seed=9))
    verdict = signing.verify(forged, signing.site_resolver(site), NOW)
    assert not check(verdict, "proof").passed
    assert "not an assertion method" in check(verdict, "proof").detail


def test_issuer_must_control_the_signing_key(tmp_path: Path) -> None:
    _, site = signed_site_credential(tmp_path)
    unsigned = build_credential()  # issuer.id is the profile URL, not the site DID
    verdict = signing.verify(sign_credential(unsigned), signing.site_resolver(site), NOW)
    assert "but the issuer is" in check(verdict, "proof").detail


def test_revoked_credential_is_reported_as_revoked(tmp_path: Path) -> None:
    document, site = signed_site_credential(tmp_path, revoked=Revocation(on=date(2020, 2, 1), reason="Not own work."))
    verdict = signing.verify(document, signing.site_resolver(site), NOW)
    assert check(verdict, "proof").passed
    revocation = check(verdict, "revocation")
    assert revocation.passed is False
    assert revocation.detail == (
        f"REVOKED: entry 7 of {BASE_URL}status/revocation-list.json is set (Revoked on 2020-02-01. Reason: Not own work.)"
    )
    assert not verdict.ok and verdict.text().endswith("\nNOT VALID")


def test_only_the_credentials_own_bit_counts(tmp_path: Path) -> None:
    document, site = signed_site_credential(tmp_path)
    key = fixed_key()
    for neighbours in ((STATUS_INDEX - 1,), (STATUS_INDEX + 1,), (0, 131_071)):
        write_status_list(site, sign_credential(status_list_document(neighbours), key))
        assert check(signing.verify(document, signing.site_resolver(site), NOW), "revocation").passed


@pytest.mark.parametrize(
    "spoil, message",
    [
        (lambda d: {k: v for k, v in d.items() if k != "proof"}, "the credential is not signed"),
        (lambda d: {**d, "credentialSubject": {**d["credentialSubject"], "encodedList": status_list.encode([7], 131_072)}}, "the signature does not match"),
        (lambda d: {**d, "type": ["VerifiableCredential"]}, "is not a BitstringStatusListCredential"),
        (lambda d: {**d, "credentialSubject": {**d["credentialSubject"], "statusPurpose": "suspension"}}, "is for 'suspension', not 'revocation'"),
        (lambda d: {**d, "issuer": "did:web:elsewhere.example"}, "not by the credential's issuer"),
        (lambda d: {**d, "validUntil": "2019-01-01T00:00:00Z"}, "expired on 2019-01-01"),
        (lambda d: {**d, "credentialSubject": {**d["credentialSubject"], "encodedList": "H4sI"}}, "multibase base64url"),
    ],
)
def test_a_status_list_that_cannot_be_trusted_fails_the_check(tmp_path: Path, spoil, message: str) -> None:  # noqa: ANN001
    document, site = signed_site_credential(tmp_path)
    signed_list = json.loads((site / urls.STATUS_LIST).read_text())
    spoiled = spoil(signed_list)
    if "proof" in spoiled and spoiled is not signed_list and message != "the signature does not match":
        spoiled = sign_credential({k: v for k, v in spoiled.items() if k != "proof"})
    write_status_list(site, spoiled)
    revocation = check(signing.verify(document, signing.site_resolver(site), NOW), "revocation")
    assert revocation.passed is False and message in revocation.detail, revocation.detail


def test_a_missing_status_list_fails_the_check(tmp_path: Path) -> None:
    document, site = signed_site_credential(tmp_path)
    (site / urls.STATUS_LIST).unlink()
    revocation = check(signing.verify(document, signing.site_resolver(site), NOW), "revocation")
    assert revocation.passed is False and revocation.detail.startswith("cannot read the status list")


def test_expired_and_not_yet_valid_credentials_are_reported(tmp_path: Path) -> None:
    document, site = signed_site_credential(tmp_path)
    resolver = signing.site_resolver(site)
    expired = signing.verify(document, resolver, datetime(2024, 1, 1, tzinfo=UTC))
    assert check(expired, "proof").passed
    assert check(expired, "dates") == signing.Check("dates", False, "expired on 2023-12-14T00:00:00Z")
    early = signing.verify(document, resolver, datetime(2018, 12, 13, 23, 0))
    assert check(early, "dates").detail == "not valid before 2018-12-14T00:00:00Z"


def test_site_resolver_serves_only_files_of_the_site(tmp_path: Path) -> None:
    _, site = signed_site_credential(tmp_path)
    (tmp_path / "outside.json").write_text("{}")
    resolve = signing.site_resolver(site)
    assert resolve(SITE_DID)["id"] == SITE_DID
    assert resolve(BASE_URL + "status/revocation-list.json")["type"][1] == "BitstringStatusListCredential"
    for identifier in (BASE_URL + "../outside.json", "https://evil.example/status.json", BASE_URL + "nothing.json"):
        with pytest.raises(LookupError):
            resolve(identifier)


def test_site_resolver_needs_a_did_document(tmp_path: Path) -> None:
    with pytest.raises(signing.SigningError, match="no did.json"):
        signing.site_resolver(tmp_path)


def test_shape_check_without_schema() -> None:
    verdict = signing.verify(
        {"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"]}, lambda _: {}, NOW
    )
    assert not check(verdict, "schema").passed
    assert check(signing.verify(build_credential(), lambda _: {}, NOW), "schema").passed
