"""The data format's defaults, read from the ``default`` keywords of the schemas.

A default is written once, in ``schemas/<kind>.schema.json`` (where the
field reference and editors read it too); the model's field defaults
(``default()``) and the data ``assemble`` turns into the model
(``with_defaults()``) both come from there.

Paths name a field as the field reference (docs/field-reference.md) does
(``schema_fields``): ``evidence.requirements[].min_items``,
``earned[].evidence.<id>.public``.
"""

from __future__ import annotations

import functools
import json
from typing import Any

from .resources import resource_dir
from .schema_fields import EVERY_ITEM, EVERY_VALUE, Schema, join, objects

Defaults = dict[str, Any]  # path -> the default value there


@functools.cache
def _schema(kind: str) -> Schema:
    return json.loads((resource_dir("schemas") / f"{kind}.schema.json").read_text(encoding="utf-8"))


@functools.cache
def schema_defaults(kind: str) -> Defaults:
    """Every default of a kind of file (``credential``, ``portfolio``...), by path."""
    root = _schema(kind)
    found: Defaults = {}
    for path, node in objects(root, root):
        for name, field in node["properties"].items():
            if "default" in field:
                found[join(path, name)] = field["default"]
    return found


def default(kind: str, path: str) -> Any:
    """The schema's default for one field; a KeyError names a field the schema gives none."""
    return schema_defaults(kind)[path]


@functools.cache
def _plan(kind: str) -> dict[str, Any]:
    """The defaults as a tree of keys (``[]`` and ``<id>`` as keys too), leaves holding ``_Leaf``."""
    tree: dict[str, Any] = {}
    for path, value in schema_defaults(kind).items():
        keys = path.replace(EVERY_ITEM, "." + EVERY_ITEM).split(".")
        branch = tree
        for key in keys[:-1]:
            branch = branch.setdefault(key, {})
        branch[keys[-1]] = _Leaf(value)
    return tree


class _Leaf:
    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value


def with_defaults(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    """The file's data with every absent field that has a default filled in.

    The data is not changed: the mappings on the way to a default are copied.
    """
    return _fill(data, _plan(kind))


def _fill(value: Any, plan: dict[str, Any]) -> Any:
    if isinstance(value, list):
        items = plan.get(EVERY_ITEM)
        return [_fill(item, items) for item in value] if items else value
    if not isinstance(value, dict):
        return value
    filled = dict(value)
    for key, branch in plan.items():
        if key == EVERY_VALUE:
            for name, child in value.items():
                filled[name] = _fill(child, branch)
        elif key == EVERY_ITEM:
            continue
        elif isinstance(branch, _Leaf):
            filled.setdefault(key, branch.value)
        elif key in value:
            filled[key] = _fill(value[key], branch)
    return filled
