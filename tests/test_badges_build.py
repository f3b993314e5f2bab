"""Open Badges through the command line: a signed build verifies end to end."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import jsonschema
import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
EPOCH = "1795478400"  # 2026-11-24


def credsite(*args: str, cwd: Path | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PYTHONPATH": str(REPO_ROOT), **env}
    return subprocess.run([sys.executable, "-m", "credsite", *args], capture_output=True, text=True, env=environment, cwd=cwd, timeout=600)


def credential_files(site: Path) -> list[Path]:
    return sorted(site.glob("educators/*/credentials/*.json"))


def test_the_did_document_is_published_with_a_multikey(signed_site: Path) -> None:
    did = json.loads((signed_site / "did.json").read_text())
    assert did["id"] == "did:web:ksde-pl.github.io:microcredentials"
    method = did["verificationMethod"][0]
    assert method["type"] == "Multikey" and method["publicKeyMultibase"].startswith("z6Mk")
    assert did["assertionMethod"] == [method["id"]]


def test_every_signed_credential_verifies_except_revoked_ones(signed_site: Path) -> None:
    files = credential_files(signed_site)
    assert len(files) >= 20
    revoked = []
    for file in files:
        document = json.loads(file.read_text())
        proof = document["proof"][0]
        assert proof["type"] == "DataIntegrityProof" and proof["cryptosuite"] == "eddsa-rdfc-2022"
        result = credsite("verify", str(file), "--site", str(signed_site))
        if "Revoked on" in document.get("description", ""):
            revoked.append(file)
            assert result.returncode == 1 and "revocation" in result.stdout.lower()
        elif result.returncode != 0:
            assert "validUntil" in document, result.stdout  # only an expired credential may fail otherwise
            assert "FAIL dates" in result.stdout
        else:
            assert result.stdout.strip().endswith("VALID")
    assert revoked, "the example state has a revoked credential"


def test_a_changed_byte_fails_verification(signed_site: Path, tmp_path: Path) -> None:
    original = next(f for f in credential_files(signed_site) if "maria-delgado" in f.as_posix())
    assert credsite("verify", str(original), "--site", str(signed_site)).returncode == 0
    text = original.read_text()
    tampered = tmp_path / "tampered.json"
    tampered.write_text(text.replace('"Maria Delgado"', '"Mario Delgado"', 1))
    assert tampered.read_text() != text
    result = credsite("verify", str(tampered), "--site", str(signed_site))
    assert result.returncode == 1
    assert "NOT VALID" in result.stdout


def test_signatures_are_deterministic_and_survive_a_daily_rebuild(signed_site: Path, tmp_path: Path) -> None:
    key = tmp_path / "key.pem"
    # The same key and inputs must give the same bytes; a new key must differ.
    assert credsite("keygen", str(key)).returncode == 0
    first, second, next_day = tmp_path / "one", tmp_path / "two", tmp_path / "next-day"
    for out, epoch in ((first, EPOCH), (second, EPOCH), (next_day, str(int(EPOCH) + 86_400))):
        result = credsite("build", "--source", str(REPO_ROOT), "--out", str(out), "--signing-key", str(key), SOURCE_DATE_EPOCH=epoch)
        assert result.returncode == 0, result.stderr
    for file in credential_files(first):
        assert file.read_bytes() == (second / file.relative_to(first)).read_bytes()
        # The build date is not in the proof: the daily rebuild signs nothing anew.
        again = json.loads((next_day / file.relative_to(first)).read_text())
        assert json.loads(file.read_text())["proof"] == again["proof"], file


def test_no_proof_is_dated_before_its_key_or_in_the_future(signed_site: Path) -> None:
    key_text = (signed_site.parent / "secrets" / "site-key.pem").read_text()
    key_day = date.fromisoformat(key_text.split("\n", 1)[0].removeprefix("credsite signing key, in use from "))
    build_day = datetime.fromtimestamp(int(EPOCH), UTC).date()
    assert key_day == build_day  # keygen dates a new key today: SOURCE_DATE_EPOCH's day, as builds do
    earned_days = set()
    for file in credential_files(signed_site):
        document = json.loads(file.read_text())
        earned_day = date.fromisoformat(document["validFrom"][:10])  # validFrom is the day it was earned
        earned_days.add(earned_day)
        created = document["proof"][0]["created"]
        assert created == f"{max(earned_day, key_day).isoformat()}T00:00:00Z", file
        assert date.fromisoformat(created[:10]) <= build_day
    assert min(earned_days) < key_day, "the example state has credentials earned before its key"


def test_unsigned_credentials_validate_against_the_formal_schema(example_site) -> None:  # noqa: ANN001
    schema = json.loads((REPO_ROOT / "credsite" / "contexts" / "ob_v3p0_achievementcredential_schema.json").read_text())
    validator = jsonschema.Draft201909Validator(schema)
    files = credential_files(example_site.root)
    assert files
    for file in files:
        errors = [e.message for e in validator.iter_errors(json.loads(file.read_text()))]
        assert errors == [], file


def test_each_result_resolves_in_the_published_achievement(example_site) -> None:  # noqa: ANN001
    for file in credential_files(example_site.root):
        subject = json.loads(file.read_text())["credentialSubject"]
        embedded = subject["achievement"]
        assert "resultDescription" not in embedded, file
        published = json.loads((example_site.root / embedded["id"].removeprefix(example_site.base_url)).read_text())
        levels = {d["id"]: {level["id"] for level in d["rubricCriterionLevel"]} for d in published["resultDescription"]}
        for result in subject.get("result", []):
            if "achievedLevel" in result:
                assert result["achievedLevel"] in levels[result["resultDescription"]], file


def test_keygen_refuses_to_overwrite(tmp_path: Path) -> None:
    key = tmp_path / "key.pem"
    key.write_text("precious")
    result = credsite("keygen", str(key))
    assert result.returncode == 1
    assert "refusing to overwrite" in result.stderr
    assert key.read_text() == "precious"


def test_keygen_warns_when_the_key_lands_in_a_git_repository_and_still_writes_it(tmp_path: Path) -> None:
    repository = tmp_path / "catalog-repo"
    subprocess.run(["git", "init", "-q", str(repository)], check=True)
    key = repository / "signing-key.pem"
    result = credsite("keygen", str(key))
    assert result.returncode == 0, result.stderr
    assert key.is_file() and b"PRIVATE KEY" in key.read_bytes()
    assert f"warning: {key} is inside the git repository {repository}" in result.stderr
    assert "CI secret" in result.stderr
    assert "wrote a new Ed25519 signing key" in result.stdout


def test_keygen_outside_a_repository_says_nothing_more(tmp_path: Path) -> None:
    result = credsite("keygen", str(tmp_path / "key.pem"))
    assert result.returncode == 0
    assert result.stderr == ""


@pytest.mark.parametrize("name", ["credsite-signing-key.pem", "catalog/state.key", "signing-key", "keys/signing-key.txt"])
def test_gitignore_leaves_key_files_out(name: str) -> None:
    result = subprocess.run(["git", "-C", str(REPO_ROOT), "-c", "core.excludesFile=/dev/null", "check-ignore", "--no-index", "-q", name], check=False)
    assert result.returncode == 0, f"{name} is not ignored by .gitignore"


def test_a_key_inside_the_source_or_output_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "src"
    (source / "catalog").mkdir(parents=True)
    for folder in ("catalog", "portfolios"):
        subprocess.run(["cp", "-r", str(REPO_ROOT / folder), str(source)], check=True)
    key = source / "key.pem"
    assert credsite("keygen", str(key)).returncode == 0
    result = credsite("build", "--source", str(source), "--out", str(tmp_path / "site"), "--signing-key", str(key))
    assert result.returncode == 1
    assert "lies inside" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "site").exists()


def test_the_signing_key_can_come_from_the_environment(tmp_path: Path) -> None:
    key = tmp_path / "key.pem"
    assert credsite("keygen", str(key)).returncode == 0
    out = tmp_path / "site"
    result = credsite("build", "--source", str(REPO_ROOT), "--out", str(out), CREDSITE_SIGNING_KEY=str(key))
    assert result.returncode == 0, result.stderr
    assert (out / "did.json").is_file()


def test_verify_needs_a_site_folder_or_a_did_document(signed_site: Path) -> None:
    file = credential_files(signed_site)[0]
    result = credsite("verify", str(file))
    assert result.returncode == 2 and "--site DIR" in result.stderr


def test_verify_with_a_did_document_passes_and_says_revocation_was_not_checked(signed_site: Path, tmp_path: Path) -> None:
    file = next(f for f in credential_files(signed_site) if "maria-delgado" in f.as_posix())
    did = tmp_path / "did.json"
    did.write_bytes((signed_site / "did.json").read_bytes())
    result = credsite("verify", str(file), "--did", str(did))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "--   revocation: not checked" in result.stdout
    assert result.stdout.splitlines()[-1] == "VALID (not checked: revocation)"
    # With the site folder too, the status list is read: a revoked credential fails.
    revoked = signed_site / "educators/angela-pruitt/credentials/kindergarten-transition.json"
    assert credsite("verify", str(revoked), "--did", str(did)).returncode == 0
    both = credsite("verify", str(revoked), "--did", str(did), "--site", str(signed_site))
    assert both.returncode == 1 and "FAIL revocation: REVOKED" in both.stdout


def test_verify_says_when_the_site_folder_has_no_did_json(signed_site: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(signed_site, site)
    (site / "did.json").unlink()
    file = next(f for f in credential_files(site) if "maria-delgado" in f.as_posix())
    result = credsite("verify", str(file), "--site", str(site))
    assert result.returncode == 1
    assert f"FAIL proof: {site} has no did.json" in result.stdout and "--signing-key" in result.stdout


def test_verify_on_an_unsigned_site_says_unsigned_not_invalid(example_site) -> None:  # noqa: ANN001
    file = next(f for f in credential_files(example_site.root) if "maria-delgado" in f.as_posix())
    result = credsite("verify", str(file), "--site", str(example_site.root))
    assert result.returncode == 4, result.stdout + result.stderr
    assert "--   proof: the credential is not signed" in result.stdout
    assert "ok   revocation: not revoked" in result.stdout and "ok   dates" in result.stdout
    assert result.stdout.splitlines()[-1].startswith("UNSIGNED: ")
    assert "NOT VALID" not in result.stdout and "internal error" not in result.stderr
    revoked = example_site.root / "educators/angela-pruitt/credentials/kindergarten-transition.json"
    result = credsite("verify", str(revoked), "--site", str(example_site.root))
    assert result.returncode == 1 and result.stdout.splitlines()[-1] == "NOT VALID"
