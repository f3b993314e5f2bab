"""The fields of a format schema by path, named as the field reference names them.

A path is the keys from the file's root, ``[]`` standing for every item of a
list and ``<id>`` for every value of a mapping: ``evidence.requirements[].min_items``,
``earned[].evidence.<id>.public``. ``fieldref.py`` documents the fields and
``defaults.py`` reads their defaults through these.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

Schema = dict[str, Any]
EVERY_ITEM = "[]"
EVERY_VALUE = "<id>"


def ref_name(node: Schema) -> str:
    """The name of the shared definition a node points at (``#/$defs/<name>``), or ''."""
    ref = node.get("$ref", "")
    return ref.removeprefix("#/$defs/") if ref.startswith("#/$defs/") else ""


def resolve(root: Schema, node: Schema) -> Schema:
    """The definition a node points at, followed to the end (the node itself if none)."""
    while "$ref" in node:
        node = root["$defs"][ref_name(node)]
    return node


def join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def objects(root: Schema, node: Schema, path: str = "") -> Iterator[tuple[str, Schema]]:
    """Every object with named fields under ``node``, by path, parents before children."""
    node = resolve(root, node)
    if "properties" in node:
        yield path, node
        for name, sub in node["properties"].items():
            yield from objects(root, sub, join(path, name))
    for branch in node.get("anyOf", []):
        yield from objects(root, branch, path)
    if isinstance(node.get("items"), dict):
        yield from objects(root, node["items"], path + EVERY_ITEM)
    if isinstance(node.get("additionalProperties"), dict):
        yield from objects(root, node["additionalProperties"], join(path, EVERY_VALUE))
