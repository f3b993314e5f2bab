"""The data format's defaults come from the schemas, and the model has a field for every field of the format."""

from __future__ import annotations

import dataclasses
import typing
from datetime import date
from pathlib import Path

import pytest

from credsite import assemble, model
from credsite.defaults import _schema, default, schema_defaults, with_defaults
from credsite.schema_fields import resolve

REPO_ROOT = Path(__file__).resolve().parent.parent

# The model class each kind of file becomes.
MODEL_OF = {
    "catalog": model.Catalog,
    "issuer": model.Issuer,
    "credential": model.Credential,
    "stack": model.Stack,
    "pathway": model.Pathway,
    "portfolio": model.Portfolio,
}
# Keys of the format that assemble reads itself rather than into a field of the same name.
READ_BY_ASSEMBLE = {
    "id",  # every kind: the file name is the id
    "$schema",  # an editor's hint
    "evidence",  # credential: found_at paths; earned[]: the submitted evidence, by requirement
    "research_basis",  # credential: found_at paths
    "pass_rule",  # rubric: Rubric.min_passing
}
# Fields the schema accepts (and describes as "shown with its name") that the
# model does not carry, so no page shows them yet: a gap to close, not a rule.
NOT_YET_IN_THE_MODEL = {"frameworks.description"}


def test_the_documented_defaults_are_read_from_the_schemas() -> None:
    assert default("credential", "evidence.requirements[].min_items") == 1
    assert default("credential", "status") == "active"
    assert default("portfolio", "earned[].evidence.<id>.public") is True
    assert default("portfolio", "earned[].evidence.<id>.items[].public") is False
    assert schema_defaults("issuer") == {}
    with pytest.raises(KeyError):
        default("credential", "title")


def test_with_defaults_fills_absent_fields_at_every_depth_and_changes_nothing_given() -> None:
    data = {
        "name": "Sam",
        "earned": [
            {"credential": "circles", "evidence": {"plan": {"text": "x"}, "work": {"items": [{"title": "a", "public": True}]}}},
            {"credential": "reading", "show_attempts": False},
        ],
    }
    before = repr(data)
    filled = with_defaults("portfolio", data)
    assert repr(data) == before  # the typed data others read is not changed
    assert filled["visibility"] == "public"
    first, second = filled["earned"]
    assert first["show_attempts"] is True and second["show_attempts"] is False
    assert first["evidence"]["plan"]["public"] is True
    assert first["evidence"]["work"]["items"] == [{"title": "a", "public": True, "consent": False}]
    assert "evidence" not in second and "other_learning" not in filled  # only fields that are there get defaults inside


def test_the_models_defaults_are_the_schemas() -> None:
    assert model.EvidenceRequirement("r", "R", "artifacts", "p").min_items == default("credential", "evidence.requirements[].min_items")
    assert model.Portfolio("p", "P").visibility == default("portfolio", "visibility")
    assert model.OtherLearning("t").kind == default("portfolio", "other_learning[].kind")


def _dataclass_in(hint: typing.Any) -> type | None:
    """The model class a field holds (alone, optional, or as a tuple of them), if any."""
    for candidate in (hint, *typing.get_args(hint)):
        if dataclasses.is_dataclass(candidate):
            return candidate  # type: ignore[return-value]
    return None


def _unhomed(cls: type, node: dict, root: dict, where: str) -> list[str]:
    """Fields of the schema ``node`` that no field of ``cls`` (or of the classes it holds) reads."""
    node = resolve(root, node)
    node = resolve(root, node["items"]) if "items" in node else node
    fields = {f.metadata.get(model.PATH, f.name).split(".")[0]: f for f in dataclasses.fields(cls)}
    hints = typing.get_type_hints(cls)
    missing = []
    for name, child in node.get("properties", {}).items():
        if name in READ_BY_ASSEMBLE:
            continue
        field = fields.get(name)
        if field is None:
            missing.append(f"{where}{name}")
            continue
        held = _dataclass_in(hints[field.name])
        if held is not None and field.metadata.get(model.PATH) is None:
            missing += _unhomed(held, child, root, f"{where}{name}.")
    return missing


@pytest.mark.parametrize("kind", MODEL_OF)
def test_every_field_of_the_format_has_a_field_in_the_model(kind: str) -> None:
    """A field added to a schema fails here until the model has it (by the same name)."""
    schema = _schema(kind)
    assert set(_unhomed(MODEL_OF[kind], schema, schema, "")) - NOT_YET_IN_THE_MODEL == set()


def test_a_field_named_alike_in_the_data_and_the_model_is_assembled_without_code() -> None:
    @dataclasses.dataclass(frozen=True)
    class Session:
        title: str
        held_on: date | None = None
        rooms: tuple[str, ...] = ()
        host: model.Link | None = None

    session = assemble.from_data(Session, {"title": "Intro", "held_on": "2026-01-05", "rooms": ["a"], "host": {"label": "x", "url": "u"}})
    assert session == Session("Intro", date(2026, 1, 5), ("a",), model.Link("x", "u"))
    assert assemble.from_data(Session, {"title": "Bare"}) == Session("Bare")


def test_catalog_json_writes_the_model_back_in_the_formats_shape() -> None:
    """assemble.from_data and catalog_json.model_data are each other's inverse, found_at paths included."""
    from credsite.catalog_json import model_data
    from credsite.pipeline import load_state

    state = load_state(REPO_ROOT, date(2026, 11, 24))
    for credential in state.credentials.values():
        data = model_data(credential)
        assert "research_basis" in data and "sources" not in data  # at its found_at path
        assert assemble.from_data(model.Credential, data, rubric=credential.rubric) == credential
    for item in [state.catalog, *state.issuers.values(), *state.pathways.values()]:
        assert assemble.from_data(type(item), model_data(item)) == item
