"""The signed example checked by the verifiers wallets use, offline.

``@digitalcredentials/verifier-core`` is what the Learner Credential Wallet
and VerifierPlus run; Digital Bazaar's ``@digitalbazaar/vc`` is an independent
implementation of the same specifications. Both run in one Node process
(tests/js/verify.mjs) over every credential and CLR of a signed build, with
every URL they ask for answered from the build folder and the vendored
contexts and schemas: the test fails if they asked for anything else.

Node and the packages pinned in tests/js/package-lock.json are needed
(``npm ci --prefix tests/js``; .ci/run installs both). Without them a
developer's run skips these tests; on CI (``CI`` set) it fails.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
JS = REPO_ROOT / "tests" / "js"
CONTEXTS = REPO_ROOT / "credsite" / "contexts"
BASE_URL = "https://ksde-pl.github.io/microcredentials/"
BUILD_DAY = "2026-11-24T00:00:00Z"  # conftest.EXAMPLE_BUILD_EPOCH
ROUTES = {
    "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json": CONTEXTS
    / "ob_v3p0_achievementcredential_schema.json",
    # verifier-core has its own copy of every other context credsite uses, but not this one.
    "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json": CONTEXTS / "clr_v2p0_context-2.0.1.json",
    "https://purl.imsglobal.org/spec/clr/v2p0/schema/json/clr_v2p0_clrcredential_schema.json": REPO_ROOT
    / "tests/vendor/clr2/schemas/clr_v2p0_clrcredential_schema.json",
}


def on_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def require(available: bool, reason: str) -> None:
    """Skip when a tool is missing on a developer machine; fail on CI, where .ci/run installs it."""
    if available:
        return
    if on_ci():
        pytest.fail(f"{reason} (required when CI is set; .ci/run installs it)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def node() -> str:
    executable = shutil.which("node")
    require(executable is not None, "Node.js is not installed")
    require((JS / "node_modules/@digitalcredentials/verifier-core").is_dir(), "run `npm ci --prefix tests/js` first")
    return str(executable)


def run_verifiers(node: str, site: Path, files: list[Path], tmp_path: Path) -> dict[str, dict]:
    config = tmp_path / "verify.json"
    config.write_text(json.dumps({
        "site": str(site), "baseUrl": BASE_URL, "contexts": str(CONTEXTS), "now": BUILD_DAY,
        "routes": {url: str(path) for url, path in ROUTES.items()}, "files": [str(f) for f in files],
    }))
    result = subprocess.run([node, str(JS / "verify.mjs"), str(config)], capture_output=True, text=True, timeout=600, cwd=JS)
    assert result.returncode == 0, result.stderr[-3000:]
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert lines[-1] == {"misses": []}, "a verifier asked for a URL that is not served offline"
    return {line["file"]: line for line in lines[:-1]}


@pytest.fixture(scope="module")
def verified(node: str, signed_site: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    """Every credential and CLR of the signed example, and tampered copies of one of each."""
    tampered = tmp_path_factory.mktemp("tampered")
    credential = json.loads((signed_site / "educators/maria-delgado/credentials/dialogic-reading.json").read_text())
    credential["credentialSubject"]["identifier"][0]["identityHash"] = "Mario Delgado"
    (tampered / "credential.json").write_text(json.dumps(credential))
    record = json.loads((signed_site / "educators/maria-delgado/clr.json").read_text())
    record["credentialSubject"]["verifiableCredential"][0]["name"] += " (with honours)"
    (tampered / "clr.json").write_text(json.dumps(record))
    files = [*credential_files(signed_site), *sorted(signed_site.glob("educators/*/clr.json"))]
    results = run_verifiers(node, signed_site, [*files, tampered / "credential.json", tampered / "clr.json"], tampered)
    results["tampered credential"] = results.pop(str(tampered / "credential.json"))
    results["tampered clr"] = results.pop(str(tampered / "clr.json"))
    return results


def credential_files(site: Path) -> list[Path]:
    return sorted(site.glob("educators/*/credentials/*.json"))


def expired(document: dict, now: datetime) -> bool:
    return "validUntil" in document and datetime.fromisoformat(document["validUntil"]) <= now


def revoked(document: dict) -> bool:
    # Read from the credential itself (it says so in its description), not from the status list under test.
    return document.get("description", "").startswith("Revoked on ")


def test_verifier_core_reads_every_credential_as_the_source_says(verified: dict[str, dict], signed_site: Path) -> None:
    now = datetime.now(UTC)  # verifier-core has no clock option
    files = credential_files(signed_site)
    assert len(files) >= 30
    for file in files:
        document = json.loads(file.read_text())
        steps = verified[str(file)]["verifierCore"]
        assert "fatal" not in steps and "error" not in steps, (file, steps)
        assert steps["valid_signature"] is True, (file, steps)
        assert steps["revocation_status"] is (not revoked(document)), (file, steps)
        assert steps["expiration"] is (not expired(document, now)), (file, steps)
        assert steps["schema"] == ["valid"], (file, steps)
    outcomes = {(revoked(json.loads(f.read_text())), expired(json.loads(f.read_text()), now)) for f in files}
    assert {(False, False), (True, False), (False, True)} <= outcomes, "the example needs current, revoked and expired credentials"
    unlisted_revoked = signed_site / "educators/tomas-reyes/credentials/classroom-community-circles.json"
    assert verified[str(unlisted_revoked)]["verifierCore"]["revocation_status"] is False


def test_digital_bazaar_verifies_every_signature_and_reads_the_same_bits(verified: dict[str, dict], signed_site: Path) -> None:
    build_day = datetime.fromisoformat(BUILD_DAY)
    for file in credential_files(signed_site):
        document = json.loads(file.read_text())
        result = verified[str(file)]["digitalBazaar"]
        # Digital Bazaar refuses an expired credential outright; at the build date only the expired one fails.
        assert result["verified"] is (not expired(document, build_day)), (file, result)
        if result["verified"]:
            assert result["statusVerified"] is True and result["revoked"] == [revoked(document)], (file, result)


def test_every_clr_verifies_with_both(verified: dict[str, dict], signed_site: Path) -> None:
    records = sorted(signed_site.glob("educators/*/clr.json"))
    assert len(records) >= 8
    for file in records:
        steps = verified[str(file)]["verifierCore"]
        assert steps["valid_signature"] is True and steps["expiration"] is True, (file, steps)
        assert steps["schema"] == ["valid"], (file, steps)
        assert verified[str(file)]["digitalBazaar"]["verified"] is True, file


def test_a_changed_credential_or_clr_fails_with_both(verified: dict[str, dict]) -> None:
    for name in ("tampered credential", "tampered clr"):
        result = verified[name]
        assert result["verifierCore"] == {"fatal": ["invalid_signature: The signature is not valid."]}, (name, result)
        assert result["digitalBazaar"]["verified"] is False, (name, result)
