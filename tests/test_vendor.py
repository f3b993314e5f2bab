"""The reference files in tests/vendor/: unchanged, all accounted for, and consistent."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import jsonschema
import pytest

VENDOR = Path(__file__).resolve().parent / "vendor"
NOT_VENDORED = {"README.md", "SHA256SUMS"}


def listed_hashes() -> dict[str, str]:
    """SHA256SUMS, in `sha256sum` format: the hash, two spaces, the path."""
    hashes = {}
    for line in (VENDOR / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, path = line.split("  ", 1)
        hashes[path] = digest
    return hashes


def vendored_files() -> list[str]:
    return sorted(p.relative_to(VENDOR).as_posix() for p in VENDOR.rglob("*") if p.is_file() and p.name not in NOT_VENDORED)


def test_every_vendored_file_is_listed_with_its_hash() -> None:
    assert vendored_files() == sorted(listed_hashes())


@pytest.mark.parametrize("path", sorted(listed_hashes()))
def test_vendored_file_is_unchanged(path: str) -> None:
    assert hashlib.sha256((VENDOR / path).read_bytes()).hexdigest() == listed_hashes()[path]


@pytest.mark.parametrize("path", sorted(listed_hashes()))
def test_readme_says_where_each_file_comes_from(path: str) -> None:
    rows = [line for line in (VENDOR / "README.md").read_text(encoding="utf-8").splitlines() if line.startswith(f"| `{path}` |")]
    assert len(rows) == 1, f"{path}: no row in tests/vendor/README.md"
    cells = [cell.strip() for cell in rows[0].strip("|").split("|")]
    copied_from, licence = cells[-2], cells[-1]
    assert "@" in copied_from and "`" in copied_from, f"{path}: give repository@commit `path`"
    assert licence, f"{path}: no licence"


def draft_2019_09(schema_path: Path) -> jsonschema.Draft201909Validator:
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    jsonschema.Draft201909Validator.check_schema(schema)
    return jsonschema.Draft201909Validator(schema, format_checker=jsonschema.Draft201909Validator.FORMAT_CHECKER)


def test_the_clr_example_fits_the_clr_schemas_and_context() -> None:
    clr = VENDOR / "clr2"
    example = json.loads((clr / "examples" / "validator_clr20_simple.json").read_text(encoding="utf-8"))
    assert list(draft_2019_09(clr / "schemas" / "clr_v2p0_clrcredential_schema.json").iter_errors(example)) == []
    embedded = example["credentialSubject"]["verifiableCredential"]
    achievement_schema = draft_2019_09(clr / "schemas" / "clr_v2p0_achievementcredential_schema.json")
    assert embedded and all(list(achievement_schema.iter_errors(vc)) == [] for vc in embedded)
    context = json.loads((clr / "contexts" / "clr_v2p0_context-2.0.1.json").read_text(encoding="utf-8"))
    assert "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json" in example["@context"]
    assert "ClrCredential" in context["@context"]


@pytest.mark.parametrize("name", ["clr_v2p0_endorsementcredential_schema.json", "clr_v2p0_profile_schema.json"])
def test_the_other_clr_schemas_are_valid_schemas(name: str) -> None:
    draft_2019_09(VENDOR / "clr2" / "schemas" / name)
