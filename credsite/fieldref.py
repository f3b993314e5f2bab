"""Render the field reference (docs/field-reference.md) from the JSON Schemas.

``python -m credsite.fieldref`` rewrites the file; ``--check`` only compares
and exits 1 when the file on disk is out of date.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .schema_fields import Schema, join, objects, ref_name, resolve
from .source_layout import CATALOG_FILE, FOLDERS, item_file

REPO_ROOT = Path(__file__).resolve().parents[1]
OUTPUT = REPO_ROOT / "docs" / "field-reference.md"

KINDS = (("catalog", CATALOG_FILE), *((kind, item_file(kind, "<id>")) for kind in FOLDERS))

# Shared $defs shown by name rather than by their JSON type.
NAMED_TYPES = {
    "slug": "id",
    "url": "web address (https:// or http://)",
    "email": "e-mail address",
    "date": "date (YYYY-MM-DD)",
    "path": "file path",
}

HEADER = """\
# Field reference

Every field of every file a catalog or portfolio author writes. Generated from
the JSON Schemas in `schemas/` by `python -m credsite.fieldref`; do not edit by
hand. Fields marked *yes* under Required must be present; all others are
optional. A field that is not listed here is an error.

Paths: `a.b` is field `b` inside `a`; `a[]` is each entry of list `a`;
`<id>` stands for an id you choose (a requirement id, for example).
"""

TABLE_HEAD = "| Field | Type | Required | Default | Description |\n| --- | --- | --- | --- | --- |"


def render_field_reference(schema_dir: Path) -> str:
    """The whole field reference as Markdown, one section per file kind."""
    sections = [HEADER]
    for kind, location in KINDS:
        schema = json.loads((schema_dir / f"{kind}.schema.json").read_text(encoding="utf-8"))
        sections.append(_render_kind(kind, location, schema))
    return "\n".join(sections)


def _render_kind(kind: str, location: str, root: Schema) -> str:
    lines = [f"## {kind.capitalize()}", "", f"File: `{location}`", "", _prose(root["description"]), ""]
    for path, node in objects(root, root, ""):
        lines += [f"### `{path}`" if path else "### Top level", "", TABLE_HEAD]
        lines += [_row(root, node, path, name) for name in node["properties"]]
        lines.append("")
    return "\n".join(lines)




def _row(root: Schema, parent: Schema, path: str, name: str) -> str:
    node = parent["properties"][name]
    full = join(path, name)
    required = "yes" if name in parent.get("required", []) else "—"
    description = node.get("description") or resolve(root, node).get("description", "")
    cells = [f"`{full}`", _type_words(root, node, full), required, _default_words(node), _prose(description)]
    return "| " + " | ".join(_cell(c) for c in cells) + " |"


def _type_words(root: Schema, node: Schema, path: str) -> str:
    if "anyOf" in node:
        return " or ".join(_type_words(root, branch, path) for branch in node["anyOf"])
    name = ref_name(node)
    if name in NAMED_TYPES:
        return NAMED_TYPES[name]
    if name and ref_name(root["$defs"][name]) == "slug":
        return name.replace("_", " ")
    return _plain_type_words(root, resolve(root, node), path)


def _plain_type_words(root: Schema, node: Schema, path: str) -> str:
    kind = node.get("type")
    if "enum" in node:
        values = node["enum"]
        return f"the word {values[0]}" if len(values) == 1 else "one of: " + ", ".join(values)
    if kind == "array":
        return _list_words(root, node["items"], path)
    if kind == "object":
        return _object_words(root, node, path)
    if kind == "string":
        return "Markdown text" if node.get("contentMediaType") == "text/markdown" else "text"
    if kind == "boolean":
        return "yes/no"
    return _number_words(node)


def _list_words(root: Schema, items: Schema, path: str) -> str:
    if "properties" in resolve(root, items):
        return f"list; each entry is described under `{path}[]`"
    words = _type_words(root, items, path + "[]")
    plural = words + "s" if words.endswith((" id", " type")) or words == "id" else words + " items"
    return "list of " + plural


def _object_words(root: Schema, node: Schema, path: str) -> str:
    if "properties" in node:
        return f"fields described under `{path}`"
    value = _type_words(root, node["additionalProperties"], join(path, "<id>"))
    return f"map of id → {value}"


def _number_words(node: Schema) -> str:
    noun = "whole number" if node.get("type") == "integer" else "number"
    if "exclusiveMinimum" in node:
        return f"{noun} > {node['exclusiveMinimum']}"
    if "minimum" in node:
        return f"{noun} ≥ {node['minimum']}"
    return noun


def _default_words(node: Schema) -> str:
    if "default" not in node:
        return "—"
    value = node["default"]
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)








def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _prose(text: str) -> str:
    """Plain text made safe for Markdown: ``<id>`` must not read as an HTML tag."""
    return text.replace("&", "&amp;").replace("<", "&lt;")


def main(argv: list[str] | None = None) -> int:
    """Write docs/field-reference.md, or with --check report whether it is current."""
    parser = argparse.ArgumentParser(description="Generate docs/field-reference.md from schemas/.")
    parser.add_argument("--check", action="store_true", help="exit 1 if the file on disk is out of date")
    args = parser.parse_args(argv)
    text = render_field_reference(REPO_ROOT / "schemas")
    if args.check:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.is_file() else None
        if current != text:
            print("docs/field-reference.md is out of date; run: python -m credsite.fieldref", file=sys.stderr)
            return 1
        return 0
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(text, encoding="utf-8", newline="\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
