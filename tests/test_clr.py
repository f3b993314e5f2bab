"""The passport as a CLR 2.0 ClrCredential: 1EdTech's schema, what it holds, proofs and tampering."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import jsonschema
import pytest

from credsite import clr, signing

REPO_ROOT = Path(__file__).resolve().parents[1]
CLR_SCHEMAS = REPO_ROOT / "tests/vendor/clr2/schemas"
CLR_SCHEMA = json.loads((CLR_SCHEMAS / "clr_v2p0_clrcredential_schema.json").read_text())
EMBEDDED_SCHEMA = json.loads((CLR_SCHEMAS / "clr_v2p0_achievementcredential_schema.json").read_text())
OB_SCHEMA = json.loads((REPO_ROOT / "credsite/contexts/ob_v3p0_achievementcredential_schema.json").read_text())
NOW = datetime(2026, 11, 24, tzinfo=UTC)


def schema_errors(document: dict, schema: dict = CLR_SCHEMA) -> list[str]:
    validator = jsonschema.Draft201909Validator(schema, format_checker=jsonschema.Draft201909Validator.FORMAT_CHECKER)
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]


def records(site: Path) -> dict[str, dict]:
    return {p.parent.name: json.loads(p.read_text()) for p in sorted(site.glob("educators/*/clr.json"))}


def published_credentials(site: Path, portfolio_id: str) -> dict[str, dict]:
    folder = site / "educators" / portfolio_id / "credentials"
    return {p.stem: json.loads(p.read_text()) for p in sorted(folder.glob("*.json"))}


@pytest.mark.parametrize("signed", [False, True])
def test_every_record_validates_against_1edtechs_clr_schema(signed: bool, signed_site: Path, example_site) -> None:  # noqa: ANN001
    site = signed_site if signed else example_site.root
    found = records(site)
    assert len(found) >= 8
    for portfolio_id, document in found.items():
        assert schema_errors(document) == [], portfolio_id
        assert ("proof" in document) == signed
        for credential in document["credentialSubject"]["verifiableCredential"]:
            assert schema_errors(credential, EMBEDDED_SCHEMA) == [], credential["id"]


def test_a_record_holds_the_published_credentials_it_still_holds(signed_site: Path) -> None:
    passports = {p.parent.name for p in signed_site.glob("educators/*/index.html")} - {"page_2"}
    found = records(signed_site)
    for portfolio_id in passports:
        credentials = published_credentials(signed_site, portfolio_id)
        held = {cid: doc for cid, doc in credentials.items() if "Revoked on" not in doc.get("description", "")}
        if not held:
            assert portfolio_id not in found  # CLR 2.0 needs at least one credential
            continue
        subject = found[portfolio_id]["credentialSubject"]
        assert subject["id"] == found[portfolio_id]["credentialSubject"]["verifiableCredential"][0]["credentialSubject"]["id"]
        embedded = {doc["id"]: doc for doc in subject["verifiableCredential"]}
        assert embedded == {doc["id"]: doc for doc in held.values()}, portfolio_id  # byte for byte as published
    angela = {doc["id"] for doc in found["angela-pruitt"]["credentialSubject"]["verifiableCredential"]}
    assert not any(identifier.endswith("/kindergarten-transition.json") for identifier in angela)  # revoked


def test_stacks_become_achievements_and_is_part_of_associations(signed_site: Path) -> None:
    for portfolio_id, document in records(signed_site).items():
        subject = document["credentialSubject"]
        held = {c["credentialSubject"]["achievement"]["id"] for c in subject["verifiableCredential"]}
        stacks = {a["id"]: a for a in subject.get("achievement", [])}
        for association in subject.get("association", []):
            assert association["type"] == "Association" and association["associationType"] == "isPartOf"
            assert association["sourceId"] in held and association["targetId"] in stacks, portfolio_id
        for stack in stacks.values():
            assert "/stacks/" in stack["id"] and stack["criteria"]["narrative"].startswith("Hold ")
    maria = records(signed_site)["maria-delgado"]["credentialSubject"]
    assert maria["association"], "the example's Maria Delgado holds credentials of a stack"


def test_a_signed_record_and_every_credential_in_it_verify(signed_site: Path) -> None:
    resolve = signing.site_resolver(signed_site)
    for portfolio_id, document in records(signed_site).items():
        verdict = signing.verify(document, resolve, NOW, schema=OB_SCHEMA)
        assert verdict.ok, f"{portfolio_id}:\n{verdict.text()}"
        assert [c.name for c in verdict.checks] == ["schema", "proof", "dates", "revocation", "credentials"]
    linda = signing.verify(records(signed_site)["linda-schroeder"], resolve, NOW, schema=OB_SCHEMA)
    credentials = next(c for c in linda.checks if c.name == "credentials")
    assert "1 outside its dates" in credentials.detail and "expired on 2023-03-20" in credentials.detail


def test_tampering_with_the_record_or_a_credential_in_it_fails(signed_site: Path) -> None:
    resolve = signing.site_resolver(signed_site)
    document = records(signed_site)["maria-delgado"]
    renamed = {**document, "name": document["name"] + "!"}
    assert signing.verify(renamed, resolve, NOW).result == "NOT VALID"
    inner = json.loads(json.dumps(document))
    inner["credentialSubject"]["verifiableCredential"][0]["name"] += "!"
    verdict = signing.verify(inner, resolve, NOW)
    checks = {c.name: c for c in verdict.checks}
    assert checks["proof"].passed is False and checks["credentials"].passed is False
    # An association added after signing breaks the record's own proof.
    added = json.loads(json.dumps(document))
    added["credentialSubject"]["association"].append(dict(added["credentialSubject"]["association"][0]))
    assert next(c for c in signing.verify(added, resolve, NOW).checks if c.name == "proof").passed is False


def test_an_unsigned_record_is_unsigned(example_site) -> None:  # noqa: ANN001
    document = records(example_site.root)["maria-delgado"]
    verdict = signing.verify(document, signing.site_resolver(example_site.root, example_site.base_url), NOW, schema=OB_SCHEMA)
    assert verdict.result == "UNSIGNED", verdict.text()
    assert next(c for c in verdict.checks if c.name == "credentials").passed


def test_the_record_is_dated_by_its_latest_earning_or_revocation(signed_site: Path) -> None:
    for portfolio_id, document in records(signed_site).items():
        earned = [c["validFrom"] for c in published_credentials(signed_site, portfolio_id).values()]
        assert document["validFrom"] >= max(earned), portfolio_id
        assert document["proof"][0]["created"] >= document["validFrom"]  # or the signing key's first day
    assert records(signed_site)["tomas-reyes"]["validFrom"] == "2025-02-14T00:00:00Z"
    assert clr.CLR_CONTEXT in records(signed_site)["tomas-reyes"]["@context"]
