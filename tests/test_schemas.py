"""The JSON Schemas in schemas/: valid, complete, and faithful to docs/format.md."""

from __future__ import annotations

import copy
import datetime
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

ROOT = Path(__file__).resolve().parents[1]
SCHEMA_DIR = ROOT / "schemas"
FORMAT_MD = ROOT / "docs" / "format.md"  # the data format's reference, in the repository
KINDS = ("catalog", "issuer", "credential", "stack", "pathway", "portfolio")
HEADINGS = {
    "catalog/catalog.yaml": "catalog",
    "catalog/issuers/<id>.yaml": "issuer",
    "catalog/credentials/<id>.yaml": "credential",
    "catalog/stacks/<id>.yaml": "stack",
    "catalog/pathways/<id>.yaml": "pathway",
    "portfolios/<id>.yaml": "portfolio",
}
# Keywords the schemas may use. Anything else (oneOf, allOf, if/then, ...)
# would need the walkers below, the loader and the field reference to learn it.
KEYWORDS = {
    "$schema", "$id", "$defs", "$ref", "title", "description", "default", "type",
    "properties", "required", "additionalProperties", "propertyNames", "items",
    "anyOf", "enum", "pattern", "format", "minLength", "maxLength", "minimum",
    "exclusiveMinimum", "minItems", "uniqueItems", "contentMediaType",
}


class StrictBoolLoader(yaml.SafeLoader):
    """SafeLoader where only true/false are booleans, so `on:` and `no` stay text."""


StrictBoolLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
StrictBoolLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


# --------------------------------------------------------------------------- helpers
def load_schema(kind: str) -> dict[str, Any]:
    return json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8"))


def validator(kind: str) -> Draft202012Validator:
    return Draft202012Validator(load_schema(kind), format_checker=Draft202012Validator.FORMAT_CHECKER)


def resolve(root: dict, node: dict, pointer: str = "") -> tuple[dict, str]:
    """Follow local $refs; returns the target and its JSON pointer."""
    while "$ref" in node:
        pointer = node["$ref"]
        node = root["$defs"][pointer.removeprefix("#/$defs/")]
    return node, pointer


def subschemas(node: dict, pointer: str = "#") -> Iterator[tuple[str, dict]]:
    """Every schema node in a document, with its JSON pointer."""
    yield pointer, node
    for keyword in ("properties", "$defs"):
        for name, sub in node.get(keyword, {}).items():
            yield from subschemas(sub, f"{pointer}/{keyword}/{name}")
    for keyword in ("items", "additionalProperties", "propertyNames"):
        if isinstance(node.get(keyword), dict):
            yield from subschemas(node[keyword], f"{pointer}/{keyword}")
    for index, sub in enumerate(node.get("anyOf", [])):
        yield from subschemas(sub, f"{pointer}/anyOf/{index}")


def iso_dates(data: Any) -> Any:
    """PyYAML turns 2018-12-14 into a date; the real loader keeps text."""
    if isinstance(data, dict):
        return {key: iso_dates(value) for key, value in data.items()}
    if isinstance(data, list):
        return [iso_dates(value) for value in data]
    if isinstance(data, datetime.date):
        return data.isoformat()
    return data


def format_blocks() -> dict[str, str]:
    """docs/format.md's yaml examples by schema kind."""
    blocks: dict[str, str] = {}
    heading = None
    pattern = re.compile(r"^## `([^`]+)`|^```yaml\n(.*?)^```", re.MULTILINE | re.DOTALL)
    for match in pattern.finditer(FORMAT_MD.read_text(encoding="utf-8")):
        if match.group(1) is not None:
            heading = match.group(1)
            continue
        assert heading in HEADINGS, f"yaml example under unknown heading {heading!r}"
        assert HEADINGS[heading] not in blocks, f"two yaml examples under {heading!r}"
        blocks[HEADINGS[heading]] = match.group(2)
    assert set(blocks) == set(KINDS), f"docs/format.md examples found for {sorted(blocks)}"
    return blocks


def format_example(kind: str) -> Any:
    return yaml.load(format_blocks()[kind], Loader=StrictBoolLoader)


# --------------------------------------------------------------------------- 1. valid schemas
@pytest.mark.parametrize("kind", KINDS)
def test_schema_is_valid_2020_12(kind: str) -> None:
    schema = load_schema(kind)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == f"https://credsite.github.io/schemas/v1/{kind}.schema.json"
    assert schema["title"].strip() and schema["description"].strip()


@pytest.mark.parametrize("kind", KINDS)
def test_schema_uses_only_plain_local_keywords(kind: str) -> None:
    schema = load_schema(kind)
    for pointer, node in subschemas(schema):
        assert set(node) <= KEYWORDS, f"{pointer}: unexpected keywords {set(node) - KEYWORDS}"
        if "$ref" in node:
            name = node["$ref"].removeprefix("#/$defs/")
            assert node["$ref"].startswith("#/$defs/") and name in schema["$defs"], f"{pointer}: bad $ref"
        if pointer.endswith("/propertyNames"):
            assert node == {"$ref": "#/$defs/slug"}, f"{pointer}: user keys must be slugs"
    assert schema["$defs"]["slug"] == {
        **schema["$defs"]["slug"],
        "type": "string",
        "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$",
        "maxLength": 64,
    }


# --------------------------------------------------------------------------- 2. closed and described
@pytest.mark.parametrize("kind", KINDS)
def test_every_object_is_closed_and_every_property_described(kind: str) -> None:
    for pointer, node in subschemas(load_schema(kind)):
        if (node.get("type") == "object" and "$ref" not in node) or "properties" in node:
            assert "additionalProperties" in node, f"{pointer}: additionalProperties not set"
        for name, sub in node.get("properties", {}).items():
            description = sub.get("description")
            assert isinstance(description, str) and description.strip(), f"{pointer}/properties/{name}: no description"


@pytest.mark.parametrize("kind", KINDS)
def test_every_value_position_states_its_type(kind: str) -> None:
    """A type-guided loader reads each YAML scalar as the type named at its spot."""
    for pointer, node in subschemas(load_schema(kind)):
        if pointer.endswith("/propertyNames"):
            continue
        branches = node.get("anyOf", [node])
        assert all("type" in branch for branch in branches), f"{pointer}: no explicit type"


@pytest.mark.parametrize("kind", KINDS)
def test_defaults_are_valid_values(kind: str) -> None:
    schema = load_schema(kind)
    for pointer, node in subschemas(schema):
        if "default" in node:
            own = {**node, "$defs": schema["$defs"]}
            assert Draft202012Validator(own).is_valid(node["default"]), f"{pointer}: bad default"


DEFAULTS = [
    ("catalog", "#/properties/language", "en"),
    ("credential", "#/properties/status", "active"),
    ("credential", "#/properties/rubric/properties/pass_rule", "all"),
    ("credential", "#/properties/evidence/properties/requirements/items/properties/min_items", 1),
    ("stack", "#/properties/require", "all"),
    ("pathway", "#/properties/mode", "count"),
    ("portfolio", "#/properties/visibility", "public"),
    ("portfolio", "#/$defs/evidence/properties/public", True),
    ("portfolio", "#/$defs/artifact/properties/public", False),
    ("portfolio", "#/properties/earned/items/properties/show_attempts", True),
]


@pytest.mark.parametrize(("kind", "pointer", "value"), DEFAULTS)
def test_documented_default(kind: str, pointer: str, value: Any) -> None:
    default = schema_at(load_schema(kind), pointer)["default"]
    assert default == value and type(default) is type(value)


# --------------------------------------------------------------------------- 3. docs/format.md coverage
def missing_key_paths(root: dict, node: dict, data: Any, path: str) -> list[str]:
    """Key paths in ``data`` that the schema has no place for."""
    node, _ = resolve(root, node)
    if "anyOf" in node:
        return min((missing_key_paths(root, branch, data, path) for branch in node["anyOf"]), key=len)
    if isinstance(data, dict):
        missing: list[str] = []
        for key, value in data.items():
            sub = node.get("properties", {}).get(key, node.get("additionalProperties"))
            if isinstance(sub, dict):
                missing += missing_key_paths(root, sub, value, f"{path}.{key}")
            else:
                missing.append(f"{path}.{key}")
        return missing
    if isinstance(data, list):
        items = node.get("items")
        if not isinstance(items, dict):
            return [f"{path}[]"] if data else []
        return [m for value in data for m in missing_key_paths(root, items, value, f"{path}[]")]
    return []


@pytest.mark.parametrize("kind", KINDS)
def test_format_example_keys_exist_in_schema(kind: str) -> None:
    schema = load_schema(kind)
    assert missing_key_paths(schema, schema, format_example(kind), kind) == []


@pytest.mark.parametrize("kind", KINDS)
def test_schema_invents_no_fields(kind: str) -> None:
    text = FORMAT_MD.read_text(encoding="utf-8")
    names = {name for _, node in subschemas(load_schema(kind)) for name in node.get("properties", {})}
    invented = sorted(n for n in names if not re.search(rf"\b{re.escape(n)}\b", text))
    assert invented == []


def required_marks(root: dict, node: dict, pointer: str, ynode: yaml.Node, lines: list[str], marks: dict) -> None:
    """Collect, per object schema reached, the example keys commented (req)."""
    node, pointer = resolve(root, node, pointer)
    if "anyOf" in node:
        for index, branch in enumerate(node["anyOf"]):
            if (branch.get("type") == "object") == isinstance(ynode, yaml.MappingNode):
                required_marks(root, branch, f"{pointer}/anyOf/{index}", ynode, lines, marks)
        return
    if isinstance(ynode, yaml.SequenceNode):
        for item in ynode.value:
            required_marks(root, node["items"], f"{pointer}/items", item, lines, marks)
    if not isinstance(ynode, yaml.MappingNode):
        return
    found = marks.setdefault(pointer, set())
    for key_node, value_node in ynode.value:
        key = key_node.value
        line = lines[key_node.start_mark.line]
        if "# (req)" in line and re.match(rf"\s*(-\s+)?{re.escape(key)}\s*:", line):
            found.add(key)
        if key in node.get("properties", {}):
            sub, sub_pointer = node["properties"][key], f"{pointer}/properties/{key}"
        else:
            sub, sub_pointer = node["additionalProperties"], f"{pointer}/additionalProperties"
        required_marks(root, sub, sub_pointer, value_node, lines, marks)


def schema_at(root: dict, pointer: str) -> dict:
    node = root
    for part in pointer.removeprefix("#").strip("/").split("/"):
        if part:
            node = node[int(part)] if isinstance(node, list) else node[part]
    return node


@pytest.mark.parametrize("kind", KINDS)
def test_required_fields_are_exactly_those_marked_req(kind: str) -> None:
    schema, block = load_schema(kind), format_blocks()[kind]
    marks: dict[str, set[str]] = {}
    required_marks(schema, schema, "#", yaml.compose(block, Loader=StrictBoolLoader), block.splitlines(), marks)
    for pointer, marked in marks.items():
        assert set(schema_at(schema, pointer).get("required", [])) == marked, pointer


# An example holds one value per field; these alternatives are given in its comments instead.
ALTERNATIVES_IN_COMMENTS = {("credential", "#/properties/rubric/properties/pass_rule/anyOf/1")}  # {min_passing: N}


@pytest.mark.parametrize("kind", KINDS)
def test_format_example_shows_every_object_of_the_schema(kind: str) -> None:
    """So that every object's required fields are checked against the (req) marks above."""
    schema, block = load_schema(kind), format_blocks()[kind]
    marks: dict[str, set[str]] = {}
    required_marks(schema, schema, "#", yaml.compose(block, Loader=StrictBoolLoader), block.splitlines(), marks)
    objects = {pointer for pointer, node in subschemas(schema) if "properties" in node}
    hidden = {pointer for k, pointer in ALTERNATIVES_IN_COMMENTS if k == kind}
    assert sorted(objects - set(marks) - hidden) == []


# --------------------------------------------------------------------------- 4. docs/format.md examples validate
@pytest.mark.parametrize("kind", KINDS)
def test_format_example_validates(kind: str) -> None:
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator(kind).iter_errors(iso_dates(format_example(kind)))
    ]
    assert errors == []


def test_strict_bool_loader_keeps_keys_and_words_as_text() -> None:
    data = yaml.load("on: 2020-02-01\nanswer: no\nflag: true\nversion: '1.10'\n", Loader=StrictBoolLoader)
    assert data == {"on": datetime.date(2020, 2, 1), "answer": "no", "flag": True, "version": "1.10"}


# --------------------------------------------------------------------------- 5. minimal and negative cases
EARNED = {"credential": "morning-meetings-sel", "earned_on": "2018-12-14"}
MINIMAL = {
    "catalog": {
        "title": "Kansas Educator Micro-credentials",
        "base_url": "https://example.org/",
        "publisher": "ksde",
        "topics": [{"id": "sel", "title": "SEL"}],
    },
    "issuer": {"name": "KSDE", "url": "https://www.ksde.org"},
    "credential": {
        "title": "Morning Meetings",
        "version": "1.0",
        "issuer": "ksde",
        "summary": "Lead morning meetings.",
        "competency": "Plans meetings.",
        "key_method": "Four parts.",
        "research_basis": {"sources": [{"citation": "Kriete & Davis (2014)."}]},
        "topics": ["sel"],
        "evidence": {"requirements": [{"id": "overview", "title": "Overview", "kind": "text", "prompt": "Summarize."}]},
        "rubric": {
            "levels": [{"id": "not-yet", "title": "Not Yet", "passing": False}, {"id": "ok", "title": "OK", "passing": True}],
            "criteria": [{"id": "structure", "title": "Structure", "descriptors": {"not-yet": "Missing.", "ok": "Done."}}],
        },
    },
    "stack": {"title": "SEL", "credentials": ["morning-meetings-sel"]},
    "pathway": {"title": "Renewal", "window_years": 5},
    "portfolio": {"name": "Jordan Rivera"},
}
DELETE = object()
JS = "javascript:alert(1)"
NEGATIVE = [
    ("catalog", "unknown key", ("titel",), "x"),
    ("catalog", "javascript base_url", ("base_url",), JS),
    ("catalog", "topic id not a slug", ("topics", 0, "id"), "Social_Emotional"),
    ("catalog", "language not a code", ("language",), "english"),
    ("catalog", "topic without title", ("topics", 0, "title"), DELETE),
    ("catalog", "no publisher", ("publisher",), DELETE),
    ("catalog", "unknown key in topic", ("topics", 0, "url"), "https://x.org"),
    ("issuer", "unknown key", ("website",), "https://x.org"),
    ("issuer", "javascript url", ("url",), JS),
    ("issuer", "relative url", ("url",), "www.ksde.org"),
    ("issuer", "id with capitals", ("id",), "KSDE"),
    ("issuer", "email without @", ("email",), "tla.example.org"),
    ("issuer", "empty image path", ("image",), ""),
    ("credential", "status not in list", ("status",), "archived"),
    ("credential", "kind not in list", ("evidence", "requirements", 0, "kind"), "essay"),
    ("credential", "version as number", ("version",), 1.1),
    ("credential", "no topics", ("topics",), []),
    ("credential", "duplicate topics", ("topics",), ["sel", "sel"]),
    ("credential", "one rubric level", ("rubric", "levels"), [{"id": "done", "title": "Done", "passing": True}]),
    ("credential", "pass_rule word", ("rubric", "pass_rule"), "most"),
    ("credential", "pass_rule zero", ("rubric", "pass_rule"), {"min_passing": 0}),
    ("credential", "pass_rule extra key", ("rubric", "pass_rule"), {"min_passing": 1, "max": 2}),
    ("credential", "javascript source url", ("research_basis", "sources", 0, "url"), JS),
    ("credential", "no sources", ("research_basis", "sources"), []),
    ("credential", "zero hours", ("estimated_hours",), 0),
    ("credential", "id over 64 characters", ("id",), "a" * 65),
    ("credential", "id with double hyphen", ("id",), "morning--meetings"),
    ("credential", "descriptor key not a slug", ("rubric", "criteria", 0, "descriptors", "Not Yet"), "x"),
    ("credential", "typo in requirement", ("evidence", "requirements", 0, "max_word"), 10),
    ("credential", "min_items zero", ("evidence", "requirements", 0, "min_items"), 0),
    ("credential", "passing as text", ("rubric", "levels", 0, "passing"), "no"),
    ("stack", "require zero", ("require",), 0),
    ("stack", "require other word", ("require",), "any"),
    ("stack", "no credentials", ("credentials",), []),
    ("stack", "duplicate credentials", ("credentials",), ["a", "a"]),
    ("stack", "unknown key", ("awards",), "x"),
    ("pathway", "mode not in list", ("mode",), "hours"),
    ("pathway", "negative bucket min", ("buckets",), [{"id": "x", "min": -1}]),
    ("pathway", "total zero", ("total",), 0),
    ("pathway", "fractional window", ("window_years",), 2.5),
    ("pathway", "unknown key in bucket", ("buckets",), [{"id": "x", "minimum": 1}]),
    ("portfolio", "visibility not in list", ("visibility",), "hidden"),
    ("portfolio", "impossible date", ("earned",), [{**EARNED, "earned_on": "2018-02-30"}]),
    ("portfolio", "date not ISO", ("earned",), [{**EARNED, "earned_on": "12/14/2018"}]),
    ("portfolio", "javascript link", ("links",), [{"label": "x", "url": JS}]),
    ("portfolio", "other_learning kind", ("other_learning",), [{"title": "x", "kind": "seminar"}]),
    ("portfolio", "artifact without type", ("earned",), [{**EARNED, "evidence": {"a": {"items": [{"title": "x"}]}}}]),
    ("portfolio", "javascript artifact url", ("earned",), [{**EARNED, "evidence": {"a": {"items": [{"title": "x", "type": "photo", "url": JS}]}}}]),
    ("portfolio", "unknown key in evidence", ("earned",), [{**EARNED, "evidence": {"a": {"txt": "x"}}}]),
    ("portfolio", "score key not a slug", ("earned",), [{**EARNED, "scores": {"Structure": "ok"}}]),
    ("portfolio", "attempt result not a slug", ("earned",), [{**EARNED, "attempts": [{"result": "Not Yet"}]}]),
    ("portfolio", "show_attempts as text", ("earned",), [{**EARNED, "show_attempts": "yes"}]),
    ("portfolio", "unknown key in revoked", ("earned",), [{**EARNED, "revoked": {"date": "2020-02-01"}}]),
    ("portfolio", "earned without date", ("earned",), [{"credential": "x"}]),
]


def changed(document: dict, path: tuple, value: Any) -> dict:
    document = copy.deepcopy(document)
    parent = document
    for key in path[:-1]:
        parent = parent[key]
    if value is DELETE:
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    return document


@pytest.mark.parametrize("kind", KINDS)
def test_minimal_document_validates(kind: str) -> None:
    assert [e.message for e in validator(kind).iter_errors(MINIMAL[kind])] == []


@pytest.mark.parametrize(("kind", "case", "path", "value"), NEGATIVE, ids=[f"{k}: {c}" for k, c, *_ in NEGATIVE])
def test_invalid_document_is_rejected(kind: str, case: str, path: tuple, value: Any) -> None:
    assert not validator(kind).is_valid(changed(MINIMAL[kind], path, value)), case


# --------------------------------------------------------------------------- field reference
def render() -> str:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from credsite.fieldref import render_field_reference

    return render_field_reference(SCHEMA_DIR)


def test_field_reference_is_current() -> None:
    committed = (ROOT / "docs" / "field-reference.md").read_text(encoding="utf-8")
    assert committed == render(), "docs/field-reference.md is stale: run python -m credsite.fieldref"


def test_field_reference_lists_every_field() -> None:
    text = render()
    for kind in KINDS:
        for _, node in subschemas(load_schema(kind)):
            for name in node.get("properties", {}):
                assert re.search(rf"`[^`]*\b{re.escape(name)}`", text), f"{kind}: {name} missing"


def test_field_reference_check_flag() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "credsite.fieldref", "--check"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
