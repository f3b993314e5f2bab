"""Fourth stage: turn valid, typed file data into the immutable model.

Only called when validation found no problem, so every id resolves and
every date is real. The schemas' defaults are filled in first
(``defaults.with_defaults``); then every model field is read from the key
of its name (or where ``model.found_at`` says), converted by its type:
lists become tuples, ISO dates ``date``s, mappings the model's dataclasses.
So an optional field named alike in the schema and the model needs no code
here. Only what is not a plain copy is written out below: the ids (from
the file names), a rubric's pass rule and descriptor order, a stack's
"all", and the evidence an educator submitted.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from datetime import date
from pathlib import Path
from typing import Any

from .ctdl import ctid_of
from .defaults import with_defaults
from .model import (
    ALL,
    PATH,
    ArtifactEvidence,
    Catalog,
    Credential,
    Earned,
    Evidence,
    Issuer,
    Pathway,
    Portfolio,
    Rubric,
    RubricCriterion,
    RubricLevel,
    Stack,
    State,
    TextEvidence,
)
from .source import SourceFiles

def state(files: SourceFiles, source: Path, build_date: date) -> State:
    assert files.catalog is not None, "assemble runs only on valid sources"
    publisher_url = publisher_url_of(files)
    credentials = {cid: credential(cid, t.data, publisher_url) for cid, t in files.items["credential"].items()}
    return State(
        catalog=catalog(files.catalog.data),
        issuers={iid: issuer(iid, t.data, publisher_url) for iid, t in files.items["issuer"].items()},
        credentials=credentials,
        stacks={sid: stack(sid, t.data) for sid, t in files.items["stack"].items()},
        pathways={pid: pathway(pid, t.data) for pid, t in files.items["pathway"].items()},
        portfolios={pid: portfolio(pid, t.data, credentials) for pid, t in files.items["portfolio"].items()},
        build_date=build_date,
        source_dir=source,
    )


# --- by name -------------------------------------------------------------------


@functools.cache  # one per model class
def _fields(cls: type) -> tuple[tuple[str, str, Any], ...]:
    """(field name, where it is in the data, its type) of each field of a model class."""
    hints = typing.get_type_hints(cls)
    return tuple((f.name, f.metadata.get(PATH, f.name), hints[f.name]) for f in dataclasses.fields(cls))


def _lookup(data: dict[str, Any], path: str) -> tuple[bool, Any]:
    """Whether the data has the dotted ``path``, and its value there."""
    value: Any = data
    for key in path.split("."):
        if not isinstance(value, dict) or key not in value:
            return False, None
        value = value[key]
    return True, value


def from_data(cls: type, data: dict[str, Any], **given: Any) -> Any:
    """An instance of the model class ``cls`` from typed data: the fields ``given``
    as they are, every other one from the data (a field the data lacks keeps
    the model's default)."""
    values = dict(given)
    for name, path, hint in _fields(cls):
        if name not in values:
            found, value = _lookup(data, path)
            if found:
                values[name] = _converted(hint, value)
    return cls(**values)


def _converted(hint: Any, value: Any) -> Any:
    """A value of the data as the model's type ``hint`` holds it."""
    origin = typing.get_origin(hint)
    if origin in (types.UnionType, typing.Union):  # X | None
        kinds = [a for a in typing.get_args(hint) if a is not type(None)]
        return _converted(kinds[0], value) if len(kinds) == 1 else value
    if origin is tuple:
        return tuple(_converted(typing.get_args(hint)[0], item) for item in value)
    if origin is dict:
        return dict(value)
    if hint is date:
        return date.fromisoformat(value)
    if dataclasses.is_dataclass(hint):
        return from_data(hint, value)  # type: ignore[arg-type]
    return value


# --- each kind of file -------------------------------------------------------------


def catalog(data: dict[str, Any]) -> Catalog:
    return from_data(Catalog, with_defaults("catalog", data))


def publisher_url_of(files: SourceFiles) -> str:
    """The catalog publisher's web address: derived CTIDs are keyed by its domain (ctdl.py)."""
    assert files.catalog is not None
    return files.items["issuer"][files.catalog.data["publisher"]].data["url"]


def issuer(issuer_id: str, data: dict[str, Any], publisher_url: str) -> Issuer:
    ctid = ctid_of(data.get("ctid"), publisher_url, "issuer", issuer_id)
    return from_data(Issuer, with_defaults("issuer", data), id=issuer_id, ctid=ctid)


def rubric(data: dict[str, Any]) -> Rubric:
    levels = tuple(from_data(RubricLevel, level) for level in data["levels"])
    criteria = tuple(
        # Descriptors in level order, whatever order the file gives them in.
        from_data(RubricCriterion, c, descriptors={level.id: c["descriptors"][level.id] for level in levels})
        for c in data["criteria"]
    )
    pass_rule = data["pass_rule"]
    return Rubric(levels, criteria, None if pass_rule == ALL else pass_rule["min_passing"])


def credential(credential_id: str, data: dict[str, Any], publisher_url: str) -> Credential:
    data = with_defaults("credential", data)
    ctid = ctid_of(data.get("ctid"), publisher_url, "credential", credential_id)
    return from_data(Credential, data, id=credential_id, rubric=rubric(data["rubric"]), ctid=ctid)


def stack(stack_id: str, data: dict[str, Any]) -> Stack:
    data = with_defaults("stack", data)
    return from_data(Stack, data, id=stack_id, require=None if data["require"] == ALL else data["require"])


def pathway(pathway_id: str, data: dict[str, Any]) -> Pathway:
    return from_data(Pathway, with_defaults("pathway", data), id=pathway_id)


def evidence(requirement_id: str, data: dict[str, Any]) -> Evidence:
    if "items" in data:
        return from_data(ArtifactEvidence, data, requirement=requirement_id)
    return from_data(TextEvidence, data, requirement=requirement_id)


def earned(data: dict[str, Any], credentials: dict[str, Credential]) -> Earned:
    return from_data(
        Earned,
        data,
        version=data.get("version", credentials[data["credential"]].version),  # the catalog's current one
        evidence=tuple(evidence(rid, e) for rid, e in data.get("evidence", {}).items()),
    )


def portfolio(portfolio_id: str, data: dict[str, Any], credentials: dict[str, Credential]) -> Portfolio:
    data = with_defaults("portfolio", data)
    earned_entries = tuple(earned(e, credentials) for e in data.get("earned", []))
    return from_data(Portfolio, data, id=portfolio_id, earned=earned_entries)
