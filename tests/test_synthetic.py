"""benchmarks/synthetic.py: the state generator the benchmark and scale tests use.

It must write valid states, the same bytes for the same seed, and use every
part of the data format, so that a benchmark or scale run exercises all of it.
The last test holds generator and schemas to each other: a field added to a
schema fails it until the generator writes the field.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from credsite.pipeline import validate
from test_schemas import KINDS, StrictBoolLoader, load_schema, resolve, subschemas

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import synthetic

TODAY = synthetic.DEFAULT_TODAY
FOLDERS = {
    "catalog": "catalog/catalog.yaml",
    "issuer": "catalog/issuers/*.yaml",
    "credential": "catalog/credentials/*.yaml",
    "stack": "catalog/stacks/*.yaml",
    "pathway": "catalog/pathways/*.yaml",
    "portfolio": "portfolios/*.yaml",
}


@pytest.fixture(scope="module")
def small_state(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synthetic") / "state"
    synthetic.write_state(out, credentials=12, educators=25, seed=7)
    return out


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def documents(state: Path, kind: str) -> list[Any]:
    return [yaml.load(p.read_text(encoding="utf-8"), Loader=StrictBoolLoader) for p in sorted(state.glob(FOLDERS[kind]))]


# --- valid and deterministic ------------------------------------------------------


def test_a_small_state_validates(small_state: Path) -> None:
    _, problems = validate(small_state, TODAY)
    assert [p.text() for p in problems] == []


def test_a_state_validates_for_another_build_date_and_seed(tmp_path: Path) -> None:
    synthetic.write_state(tmp_path, credentials=30, educators=60, seed=12345, today=date(2030, 6, 15))
    _, problems = validate(tmp_path, date(2030, 6, 15))
    assert [p.text() for p in problems] == []


def test_the_same_seed_writes_the_same_bytes(small_state: Path, tmp_path: Path) -> None:
    synthetic.write_state(tmp_path, credentials=12, educators=25, seed=7)
    assert tree(tmp_path) == tree(small_state)


def test_the_same_seed_writes_the_same_bytes_in_another_process(small_state: Path, tmp_path: Path) -> None:
    # Another process, another string hash seed: nothing may depend on set or dict order from hashing.
    command = [sys.executable, str(BENCHMARKS / "synthetic.py"), "--out", str(tmp_path),
               "--credentials", "12", "--educators", "25", "--seed", "7"]
    subprocess.run(command, check=True, capture_output=True, env={**os.environ, "PYTHONHASHSEED": "4242"})
    assert tree(tmp_path) == tree(small_state)


def test_another_seed_writes_another_state(small_state: Path, tmp_path: Path) -> None:
    synthetic.write_state(tmp_path, credentials=12, educators=25, seed=8)
    other = tree(tmp_path)
    assert other.keys() & tree(small_state).keys()
    assert other != tree(small_state)


def test_it_runs_as_a_script(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(BENCHMARKS / "synthetic.py"), "--out", str(tmp_path), "--credentials", "3", "--educators", "4"],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("wrote 3 credentials and 4 portfolios (")
    assert len(list((tmp_path / "portfolios").glob("*.yaml"))) == 4
    assert len(list((tmp_path / "catalog" / "credentials").glob("*.yaml"))) == 3


def test_the_script_refuses_a_state_without_credentials(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(BENCHMARKS / "synthetic.py"), "--out", str(tmp_path), "--credentials", "0"],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 2 and "--credentials must be at least 1" in result.stderr


# --- shaped like the states the benchmark results were measured on ---------------


def test_educators_hold_about_two_and_a_half_credentials(tmp_path: Path) -> None:
    written = synthetic.write_state(tmp_path, credentials=100, educators=600, seed=1)
    portfolios = documents(tmp_path, "portfolio")
    assert written.earned == sum(len(p.get("earned", [])) for p in portfolios)
    assert 2.3 < written.earned / len(portfolios) < 2.9
    visibility = [p.get("visibility", "public") for p in portfolios]
    assert 0.85 < visibility.count("public") / len(visibility) < 0.95
    for portfolio in portfolios:
        for earned in portfolio.get("earned", []):
            assert len(earned["evidence"]["artifacts"]["items"]) == 3


# --- every part of the format ------------------------------------------------------


def reached(root: dict, node: dict, pointer: str, data: Any, seen: dict[str, list[Any]]) -> None:
    """Record every schema position `data` fills (JSON pointers, as subschemas() names them) and its values."""
    seen.setdefault(pointer, []).append(data)
    if "$ref" in node:  # a field whose type is a definition: record the definition's position too
        node, pointer = resolve(root, node, pointer)
        seen.setdefault(pointer, []).append(data)
    if "anyOf" in node:
        for index, branch in enumerate(node["anyOf"]):
            if (branch.get("type") == "object") == isinstance(data, dict):
                reached(root, branch, f"{pointer}/anyOf/{index}", data, seen)
        return
    if isinstance(data, dict):
        for key, value in data.items():
            if key in node.get("properties", {}):
                reached(root, node["properties"][key], f"{pointer}/properties/{key}", value, seen)
            elif isinstance(node.get("additionalProperties"), dict):
                reached(root, node["additionalProperties"], f"{pointer}/additionalProperties", value, seen)
            else:
                seen.setdefault(f"{pointer}: unknown key {key!r}", []).append(value)
    elif isinstance(data, list):
        for value in data:
            reached(root, node["items"], f"{pointer}/items", value, seen)


def positions(kind: str, state: Path) -> tuple[dict, dict[str, list[Any]]]:
    schema = load_schema(kind)
    seen: dict[str, list[Any]] = {}
    for document in documents(state, kind):
        reached(schema, schema, "#", document, seen)
    return schema, seen


@pytest.mark.parametrize("kind", KINDS)
def test_every_field_of_the_schema_is_written(small_state: Path, kind: str) -> None:
    schema, seen = positions(kind, small_state)
    fields = [pointer for pointer, _ in subschemas(schema) if pointer.rsplit("/", 2)[-2:-1] == ["properties"]]
    assert fields and [f for f in fields if f not in seen] == []
    assert [p for p in seen if "unknown key" in p] == []


@pytest.mark.parametrize("kind", KINDS)
def test_every_choice_of_the_schema_is_written(small_state: Path, kind: str) -> None:
    """Every value of every enum (status, kind, mode, visibility...) and both forms of pass_rule and require."""
    schema, seen = positions(kind, small_state)
    for pointer, node in subschemas(schema):
        for value in node.get("enum", []):
            assert value in [str(v) for v in seen.get(pointer, [])], f"{pointer}: {value!r} never written"
        for index, _ in enumerate(node.get("anyOf", [])):
            assert f"{pointer}/anyOf/{index}" in seen, f"{pointer}: alternative {index} never written"


@pytest.mark.parametrize("flag", ["public", "consent", "show_attempts"])
def test_both_values_of_the_privacy_flags_are_written(small_state: Path, flag: str) -> None:
    _, seen = positions("portfolio", small_state)
    values = {v for pointer, found in seen.items() if pointer.endswith(f"/properties/{flag}") for v in found}
    assert values == ({True} if flag == "consent" else {True, False})


def test_the_files_the_state_names_are_there_and_of_each_kind(small_state: Path) -> None:
    suffixes = {p.suffix for p in (small_state / "portfolios").rglob("*") if p.is_file() and p.suffix != ".yaml"}
    assert {".pdf", ".jpg", ".webp"} <= suffixes
    assert (small_state / "catalog" / "assets" / "logo.svg").is_file()
    assert list((small_state / "catalog" / "credentials" / "images").glob("*.png"))
