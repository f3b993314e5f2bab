"""Second stage: give YAML scalars their types, then check each file against
its JSON Schema and explain every problem in plain words.

YAML 1.1 turns ``no`` into a boolean and ``1.10`` into a float; authors
should never have to know that. So the reader keeps every scalar as text,
and here each plain scalar becomes a number, boolean or null only where the
schema asks for one at that spot. Quoted text always stays text.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator

import jsonschema_rs

from .problems import Problem, did_you_mean

if TYPE_CHECKING:  # jsonschema (Python) is imported only to explain a file that failed
    from jsonschema import Draft202012Validator, FormatChecker
    from jsonschema.exceptions import ValidationError
from .reader import MappingNode, Mark, Positions, Quoted, plain_data
from .resources import resource_dir

KINDS = ("catalog", "issuer", "credential", "stack", "pathway", "portfolio")

JsonPath = tuple[str | int, ...]

_INT = re.compile(r"[-+]?[0-9]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_NULL = {"", "~", "null", "Null", "NULL"}
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+\Z")
SLUG_PATTERN = "^[a-z0-9]+(-[a-z0-9]+)*$"


@dataclass
class TypedFile:
    """One file's data with the position of every value and key.

    A file taken from the parse cache has no positions until a problem needs
    one; ``locate`` then reads them from the file again.
    """

    path: str  # relative to the source folder, '/' separators
    kind: str
    data: dict[str, Any]
    positions: Positions | None = None
    locate: Callable[[], Positions] | None = None

    @property
    def values(self) -> dict[JsonPath, Mark]:
        return self._positions()[0]

    @property
    def keys(self) -> dict[JsonPath, Mark]:
        return self._positions()[1]

    def _positions(self) -> Positions:
        if self.positions is None:
            self.positions = self.locate() if self.locate else ({}, {})
        return self.positions

    def where(self, json_path: JsonPath, *, key: bool = False) -> Mark:
        """The position of a value (or its key), else of its nearest ancestor.

        The file as a whole is at 1:1, not where its first key happens to be
        (after a comment, say): a required field missing at the top level is
        a problem with the whole file."""
        path = tuple(json_path)
        while path:
            if key and path in self.keys:
                return self.keys[path]
            if path in self.values:
                return self.values[path]
            if path in self.keys:
                return self.keys[path]
            path = path[:-1]
        return Mark(1, 1)

    def problem(self, json_path: JsonPath, message: str, *, key: bool = False) -> Problem:
        mark = self.where(json_path, key=key)
        return Problem(self.path, mark.line, mark.column, message)


def is_real_date(value: object) -> bool:
    if not isinstance(value, str) or not _DATE.match(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _is_uri(value: object) -> bool:
    return not isinstance(value, str) or bool(re.match(r"https?://[^\s/?#]+", value))


def _is_email(value: object) -> bool:
    return not isinstance(value, str) or bool(_EMAIL.match(value))


def _is_date(value: object) -> bool:
    return not isinstance(value, str) or is_real_date(value)


FORMATS = {"date": _is_date, "email": _is_email, "uri": _is_uri}


def _format_checker() -> FormatChecker:
    from jsonschema import FormatChecker

    checker = FormatChecker(formats=())
    for name, check in FORMATS.items():
        checker.checks(name)(check)
    return checker


class Schemas:
    """Compiled validators per file kind, built once per build.

    A file is checked by the Rust validator first (about a hundred times
    faster); only a file that fails is checked again by the Python one,
    whose errors say where and why. Both use the same format rules, and a
    test holds them to the same verdicts.
    """

    def __init__(self, schema_dir: Path | None = None, fast: bool = True) -> None:
        folder = schema_dir or resource_dir("schemas")
        self.schemas: dict[str, dict[str, Any]] = {}
        self.validators: dict[str, Draft202012Validator] = {}  # made when a file first fails
        self.fast_validators: dict[str, Any] = {}
        self.plans: dict[str, TypingPlan] = {}
        for kind in KINDS:
            schema = json.loads((folder / f"{kind}.schema.json").read_text(encoding="utf-8"))
            self.schemas[kind] = schema
            self.plans[kind] = compile_plan(schema, schema)
            if fast:
                self.fast_validators[kind] = jsonschema_rs.Draft202012Validator(
                    schema, formats=FORMATS, validate_formats=True, offline=True
                )

    def explaining_validator(self, kind: str) -> Draft202012Validator:
        """The Python validator, whose errors say where and why (imported only when needed)."""
        if kind not in self.validators:
            from jsonschema import Draft202012Validator

            self.validators[kind] = Draft202012Validator(self.schemas[kind], format_checker=_format_checker())
        return self.validators[kind]

    def check_plain(
        self, kind: str, path: str, plain: dict[str, Any], locate: Callable[[], Positions]
    ) -> TypedFile | None:
        """A file read as plain data, typed, when it is valid; None when it is not
        (``check`` then explains why, from a tree with positions)."""
        fast = self.fast_validators.get(kind)
        if fast is None:
            return None
        data = _typed_plain(plain, self.plans[kind])
        return TypedFile(path, kind, data, locate=locate) if fast.is_valid(data) else None

    def check(self, kind: str, path: str, node: MappingNode) -> tuple[TypedFile, list[Problem]]:
        """Type the node tree by the schema, validate it, and explain the errors."""
        root = self.schemas[kind]
        plain, positions = plain_data(node)
        data = _typed_plain(plain, self.plans[kind])
        typed = TypedFile(path, kind, data, positions)
        fast = self.fast_validators.get(kind)
        if fast is not None and fast.is_valid(data):
            return typed, []
        errors = self.explaining_validator(kind).iter_errors(data)
        problems = [p for error in errors for p in _explain(error, typed, root)]
        return typed, problems


# --- typing --------------------------------------------------------------


def _resolve(schema: Any, root: dict[str, Any]) -> dict[str, Any]:
    while isinstance(schema, dict) and "$ref" in schema:
        ref = schema["$ref"]
        if not ref.startswith("#/"):
            raise ValueError(f"only local $refs are supported, got {ref}")
        target: Any = root
        for part in ref[2:].split("/"):
            target = target[part]
        schema = target
    return schema if isinstance(schema, dict) else {}


def _branches(schema: dict[str, Any], root: dict[str, Any]) -> list[dict[str, Any]]:
    """The schema and its anyOf/oneOf alternatives, resolved."""
    schema = _resolve(schema, root)
    found = [schema]
    for keyword in ("anyOf", "oneOf"):
        for branch in schema.get(keyword, []):
            found.extend(_branches(branch, root))
    return found


def _types(schema: dict[str, Any], root: dict[str, Any]) -> set[str]:
    types: set[str] = set()
    for branch in _branches(schema, root):
        declared = branch.get("type")
        if isinstance(declared, str):
            types.add(declared)
        elif isinstance(declared, list):
            types.update(declared)
    return types


def _plain_scalar(text: str, types: set[str] | frozenset[str]) -> Any:
    """A plain scalar's value where the schema allows ``types``."""
    if text in _NULL:
        return None
    if "boolean" in types and (text in _TRUE or text in _FALSE):
        return text in _TRUE
    if "integer" in types and _INT.match(text):
        return int(text)
    if "number" in types and _FLOAT.match(text):
        number = float(text)
        return int(number) if _INT.match(text) else number
    return text


@dataclass
class TypingPlan:
    """What the schema wants at one spot, resolved once per build: the
    types a scalar may take, and the plans for fields and list items."""

    types: frozenset[str]
    properties: dict[str, TypingPlan]
    additional: TypingPlan | None
    items: TypingPlan | None

    def field(self, key: str) -> TypingPlan:
        return self.properties.get(key) or self.additional or _ANYTHING

    def item(self) -> TypingPlan:
        return self.items or _ANYTHING


_ANYTHING = TypingPlan(frozenset(), {}, None, None)


def compile_plan(schema: dict[str, Any], root: dict[str, Any]) -> TypingPlan:
    memo: dict[int, TypingPlan] = {}

    def plan_for(node: dict[str, Any]) -> TypingPlan:
        resolved = _resolve(node, root)
        if id(resolved) in memo:
            return memo[id(resolved)]
        plan = TypingPlan(frozenset(_types(resolved, root)), {}, None, None)
        memo[id(resolved)] = plan  # before recursing: schemas may refer to themselves
        for branch in _branches(resolved, root):
            for key, child in branch.get("properties", {}).items():
                plan.properties.setdefault(key, plan_for(child))
            if isinstance(branch.get("additionalProperties"), dict) and plan.additional is None:
                plan.additional = plan_for(branch["additionalProperties"])
            if isinstance(branch.get("items"), dict) and plan.items is None:
                plan.items = plan_for(branch["items"])
        return plan

    return plan_for(schema)


def _typed_plain(value: Any, plan: TypingPlan) -> Any:
    """Plain data (yaml_plain.read_plain, reader.plain_data) typed by the
    schema: a plain scalar becomes a number, boolean or null only where the
    schema allows one; quoted text stays text."""
    kind = type(value)
    if kind is dict:
        return {key: _typed_plain(child, plan.field(key)) for key, child in value.items()}
    if kind is list:
        item = plan.item()
        return [_typed_plain(child, item) for child in value]
    if kind is Quoted:
        return str(value)
    return _plain_scalar(value, plan.types)


# --- explaining ----------------------------------------------------------


def _field(path: JsonPath) -> str:
    """How a message names a place: ``evidence.requirements[2].kind``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "the file"


def _show(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "…"
        return f'"{shown}"'
    if isinstance(value, (int, float)):
        return str(value)
    return "a list" if isinstance(value, list) else "a set of fields"


_TYPE_WORDS = {
    "string": "text",
    "number": "a number",
    "integer": "a whole number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a set of fields",
    "null": "empty",
}


def _describe(schema: dict[str, Any], root: dict[str, Any]) -> str:
    """A short human description of what a (sub)schema accepts."""
    parts = []
    for branch in _branches(schema, root):
        if "enum" in branch:
            parts.append(", ".join(f'"{v}"' for v in branch["enum"]))
        elif "const" in branch:
            parts.append(f'"{branch["const"]}"')
        elif "type" in branch:
            words = _TYPE_WORDS.get(branch["type"], branch["type"]) if isinstance(branch["type"], str) else "a value"
            if "minimum" in branch:
                words += f" of at least {branch['minimum']}"
            parts.append(words)
    return " or ".join(dict.fromkeys(parts)) or "a valid value"


def _explain(error: ValidationError, typed: TypedFile, root: dict[str, Any]) -> Iterator[Problem]:
    path = tuple(error.absolute_path)
    name = _field(path)
    value = error.instance
    schema = error.schema if isinstance(error.schema, dict) else {}
    keyword = error.validator
    if keyword == "required":
        missing = re.match(r"'(.+)' is a required property", error.message)
        field = missing.group(1) if missing else "?"
        where = "" if not path else f" in {name}"
        yield typed.problem(path, f'missing required field "{field}"{where}', key=bool(path))
    elif keyword == "additionalProperties":
        allowed = list(schema.get("properties", {}))
        for extra in sorted(set(value) - set(allowed)):
            hint = did_you_mean(extra, allowed)
            if not hint and allowed:
                hint = f" (allowed here: {', '.join(allowed)})"
            yield typed.problem(path + (extra,), f'unknown field "{extra}"{hint}', key=True)
    elif keyword == "propertyNames":
        for bad in sorted(k for k in value if not re.match(SLUG_PATTERN, k)):
            yield typed.problem(path + (bad,), f'"{bad}" is not a valid id: {SLUG_ADVICE}', key=True)
    elif keyword in ("anyOf", "oneOf"):
        yield typed.problem(path, f"{name} must be {_describe(schema, root)}, not {_show(value)}")
    else:
        yield typed.problem(path, _sentence(keyword, error, name, value, schema, root))


SLUG_ADVICE = 'use lowercase letters, digits and single hyphens, like "morning-meetings"'


def _sentence(keyword: str, error: ValidationError, name: str, value: Any, schema: dict, root: dict) -> str:
    expected = error.validator_value
    if keyword == "type":
        if value is None:
            return f"{name} is empty; give it a value ({_describe(schema, root)})"
        return f"{name} must be {_describe(schema, root)}, not {_show(value)}"
    if keyword in ("enum", "const"):
        options = expected if keyword == "enum" else [expected]
        hint = did_you_mean(str(value), [str(o) for o in options])
        listed = ", ".join(str(o) for o in options)
        return f"{name} must be one of: {listed}; got {_show(value)}{hint}"
    if keyword == "pattern":
        if expected == SLUG_PATTERN:
            return f"{name}: {_show(value)} is not a valid id: {SLUG_ADVICE}"
        if expected.startswith("^https?"):
            return f"{name} must be an absolute http:// or https:// address, not {_show(value)}"
        return f"{name}: {_show(value)} is not in the expected form"
    if keyword == "format":
        if expected == "date":
            return f"{name}: {_show(value)} is not a real date; write YYYY-MM-DD, like 2026-06-30"
        if expected == "email":
            return f"{name}: {_show(value)} is not an e-mail address"
        return f"{name} must be an absolute http:// or https:// address, not {_show(value)}"
    if keyword == "minItems":
        return f"{name} needs at least {expected} item{'s' if expected != 1 else ''}"
    if keyword == "maxItems":
        return f"{name} may have at most {expected} items"
    if keyword == "uniqueItems":
        return f"{name} lists the same value more than once"
    if keyword == "minLength":
        return f"{name} must not be empty" if expected == 1 else f"{name} must be at least {expected} characters"
    if keyword == "maxLength":
        return f"{name} is too long: at most {expected} characters"
    if keyword == "minimum":
        return f"{name} must be at least {expected}, not {_show(value)}"
    if keyword == "exclusiveMinimum":
        return f"{name} must be more than {expected}, not {_show(value)}"
    if keyword == "maximum":
        return f"{name} must be at most {expected}, not {_show(value)}"
    return f"{name}: {error.message}"
