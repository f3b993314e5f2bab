"""`credsite new`: starter files that document every field and validate once filled in."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from credsite.pipeline import validate
from credsite.cli import main
from credsite.scaffold import KINDS, PUBLISHED_SCHEMA_URL, suggest_id

REPO_ROOT = Path(__file__).resolve().parent.parent
MINIMAL = REPO_ROOT / "tests" / "fixtures" / "minimal"
BUILD_DATE = date(2026, 6, 1)
FOLDER = {
    "credential": "catalog/credentials",
    "portfolio": "portfolios",
    "stack": "catalog/stacks",
    "pathway": "catalog/pathways",
}

# `key:` or `key: []`, then `# TODO <kind of value>: help`; ids offer "choose from: a, b".
PLACEHOLDER = re.compile(r"^(?P<key>\s*(?:- )?[a-z0-9_-]+:)\s*(?:\[\])?\s*# TODO (?P<type>[a-z]+): (?P<help>.*)$")
# A commented-out field: "# " (after any indentation) followed by `key:` or a list item.
COMMENTED_FIELD = re.compile(r"^(\s*)# (?=\s*(?:[a-z0-9_-]+:(?:\s|$)|- ))")


def fill_placeholders(text: str) -> str:
    """Every TODO line given a valid value of its kind; choices take the first offered id."""
    return "\n".join(_fill_line(line) for line in text.split("\n"))


def _fill_line(line: str) -> str:
    match = PLACEHOLDER.match(line)
    if not match:
        return line
    kind = match["type"]
    if kind in ("text", "markdown"):
        value = "Filled in for the test."
    elif kind == "number":
        value = "1"
    else:
        first = match["help"].split("choose from: ", 1)[1].split(", ")[0]
        value = f"[{first}]" if kind == "ids" else first
    return f"{match['key']} {value}"


def uncomment_optional_fields(text: str) -> str:
    lines = text.split("\n")
    return "\n".join(lines[:1] + [COMMENTED_FIELD.sub(r"\1", line) for line in lines[1:]])


def todo_lines(text: str) -> set[int]:
    return {number for number, line in enumerate(text.split("\n"), start=1) if "# TODO" in line}


@pytest.fixture()
def source(tmp_path: Path) -> Path:
    folder = tmp_path / "src"
    shutil.copytree(MINIMAL, folder)
    return folder


def run_new(source: Path, kind: str, item_id: str):
    return CliRunner().invoke(main, ["new", kind, item_id, "--source", str(source)])


def new_file(source: Path, kind: str, item_id: str) -> Path:
    result = run_new(source, kind, item_id)
    assert result.exit_code == 0, result.output
    return source / FOLDER[kind] / f"{item_id}.yaml"


def problems_in(source: Path) -> list[str]:
    _, problems = validate(source, BUILD_DATE)
    return [p.text() for p in problems]


@pytest.mark.parametrize("kind", KINDS)
def test_starter_begins_with_the_published_schema_without_a_schemas_folder(source: Path, kind: str) -> None:
    file = new_file(source, kind, "new-item")
    first_line = file.read_text(encoding="utf-8").split("\n", 1)[0]
    assert first_line == "# yaml-language-server: $schema=" + PUBLISHED_SCHEMA_URL.format(kind=kind)


@pytest.mark.parametrize("kind", KINDS)
def test_starter_points_at_the_repository_schema_relative_to_itself(source: Path, kind: str) -> None:
    shutil.copytree(REPO_ROOT / "schemas", source / "schemas")
    file = new_file(source, kind, "new-item")
    first_line = file.read_text(encoding="utf-8").split("\n", 1)[0]
    reference = first_line.removeprefix("# yaml-language-server: $schema=")
    assert not reference.startswith(("/", "http"))
    assert (file.parent / reference).resolve() == (source / "schemas" / f"{kind}.schema.json").resolve()


def test_new_reports_the_file_it_wrote(source: Path) -> None:
    result = run_new(source, "stack", "reading-stack")
    assert result.exit_code == 0
    assert "catalog/stacks/reading-stack.yaml" in result.output
    assert "TODO" in result.output


def test_new_creates_a_missing_kind_folder(source: Path) -> None:
    shutil.rmtree(source / "catalog" / "stacks")
    assert new_file(source, "stack", "first-stack").is_file()


@pytest.mark.parametrize("kind", KINDS)
def test_new_refuses_to_overwrite_an_existing_file(source: Path, kind: str) -> None:
    existing = source / FOLDER[kind] / "taken.yaml"
    existing.parent.mkdir(parents=True, exist_ok=True)
    existing.write_text("keep me\n", encoding="utf-8")
    result = run_new(source, kind, "taken")
    assert result.exit_code == 1
    assert f"{FOLDER[kind]}/taken.yaml already exists" in result.output
    assert existing.read_text(encoding="utf-8") == "keep me\n"


def test_new_refuses_an_existing_catalog_item(source: Path) -> None:
    before = (source / "catalog/credentials/circles.yaml").read_bytes()
    result = run_new(source, "credential", "circles")
    assert result.exit_code == 1
    assert (source / "catalog/credentials/circles.yaml").read_bytes() == before


@pytest.mark.parametrize(
    ("bad_id", "suggestion"),
    [
        ("Morning Meetings", "morning-meetings"),
        ("reading__circles", "reading-circles"),
        ("Lectura guiada: año 1", "lectura-guiada-ano-1"),
        ("edge-case-", "edge-case"),
    ],
)
def test_new_rejects_an_invalid_id_and_suggests_one(source: Path, bad_id: str, suggestion: str) -> None:
    result = run_new(source, "credential", bad_id)
    assert result.exit_code == 2
    assert "is not a valid id" in result.output
    assert f"credsite new credential {suggestion}" in result.output
    assert sorted(p.name for p in (source / "catalog/credentials").iterdir()) == ["circles.yaml", "reading.yaml"]


def test_new_rejects_an_id_with_nothing_to_suggest(source: Path) -> None:
    result = run_new(source, "portfolio", "!!!")
    assert result.exit_code == 2
    assert "is not a valid id" in result.output
    assert "Try:" not in result.output


def test_new_rejects_an_overlong_id(source: Path) -> None:
    result = run_new(source, "portfolio", "a" * 65)
    assert result.exit_code == 2
    assert "at most 64 characters" in result.output
    assert f"credsite new portfolio {'a' * 64}" in result.output


def test_new_rejects_an_unknown_kind(source: Path) -> None:
    assert run_new(source, "badge", "x").exit_code == 2


def test_new_needs_a_catalog(tmp_path: Path) -> None:
    result = run_new(tmp_path, "portfolio", "ana")
    assert result.exit_code == 1
    assert "catalog/catalog.yaml" in result.output
    assert not (tmp_path / "portfolios").exists()


def test_suggest_id() -> None:
    assert suggest_id("  Check & Connect  ") == "check-connect"
    assert suggest_id("x" * 70) == "x" * 64
    assert suggest_id("a" * 63 + " b") == "a" * 63
    assert suggest_id("ñ") == "n"
    assert suggest_id("中文") == ""


@pytest.mark.parametrize("kind", KINDS)
def test_unfilled_starter_fails_at_exactly_its_placeholder_lines(source: Path, kind: str) -> None:
    file = new_file(source, kind, "new-item")
    _, problems = validate(source, BUILD_DATE)
    relative = f"{FOLDER[kind]}/new-item.yaml"
    assert problems, "an unfilled starter must not validate"
    assert {p.path for p in problems} == {relative}
    assert {p.line for p in problems} == todo_lines(file.read_text(encoding="utf-8"))
    assert all("is empty; give it a value" in p.message or "needs at least 1 item" in p.message for p in problems)


@pytest.mark.parametrize("kind", KINDS)
def test_filled_starter_validates(source: Path, kind: str) -> None:
    file = new_file(source, kind, "new-item")
    file.write_text(fill_placeholders(file.read_text(encoding="utf-8")), encoding="utf-8")
    assert problems_in(source) == []


@pytest.mark.parametrize("kind", KINDS)
def test_every_documented_optional_field_validates_when_uncommented(source: Path, kind: str) -> None:
    file = new_file(source, kind, "new-item")
    text = uncomment_optional_fields(fill_placeholders(file.read_text(encoding="utf-8")))
    assert "\n# earned:" not in text and "\n# status:" not in text
    file.write_text(text, encoding="utf-8")
    # The commented photo and image fields name files the author adds beside the YAML.
    (source / "portfolios" / "new-item").mkdir(exist_ok=True)
    Image.new("RGB", (64, 64), "teal").save(source / "portfolios" / "new-item" / "photo.jpg")
    Image.new("RGB", (64, 64), "teal").save(source / "catalog" / "credentials" / "new-item.png")
    assert problems_in(source) == []


@pytest.mark.parametrize("kind", KINDS)
def test_filled_starter_validates_in_the_example_repository(tmp_path: Path, kind: str) -> None:
    source = tmp_path / "example"
    for folder in ("catalog", "portfolios", "schemas"):
        shutil.copytree(REPO_ROOT / folder, source / folder)
    file = new_file(source, kind, "new-item")
    text = file.read_text(encoding="utf-8")
    file.write_text(uncomment_optional_fields(fill_placeholders(text)), encoding="utf-8")
    (source / "portfolios" / "new-item").mkdir(exist_ok=True)
    Image.new("RGB", (64, 64), "teal").save(source / "portfolios" / "new-item" / "photo.jpg")
    Image.new("RGB", (64, 64), "teal").save(source / "catalog" / "credentials" / "new-item.png")
    assert problems_in(source) == []


def test_starter_offers_the_ids_in_the_source(source: Path) -> None:
    text = new_file(source, "credential", "new-item").read_text(encoding="utf-8")
    assert re.search(r"^issuer: state\s+#", text, re.MULTILINE)
    assert re.search(r"^topics: \[\]\s+# TODO ids: .*choose from: sel, literacy$", text, re.MULTILINE)
    portfolio = new_file(source, "portfolio", "new-item").read_text(encoding="utf-8")
    assert "#   - credential: circles" in portfolio
    assert "#     scores: {structure: proficient, voice: proficient}" in portfolio
    assert "# goals: [foundations]" in portfolio


def test_credential_starter_lists_the_artifact_types_with_the_catalogs(source: Path) -> None:
    catalog = source / "catalog" / "catalog.yaml"
    catalog.write_text(catalog.read_text(encoding="utf-8") + "artifact_types:\n  - {id: field-notes, title: Field notes}\n", encoding="utf-8")
    text = new_file(source, "credential", "new-item").read_text(encoding="utf-8")
    assert "# Artifact types: lesson-plan, student-work, video, photo, communication, data, reflection-log, other, field-notes\n" in text


def test_new_portfolio_is_public_as_the_guide_says_and_explains_the_three_choices(source: Path) -> None:
    text = new_file(source, "portfolio", "new-item").read_text(encoding="utf-8")
    assert re.search(r"^visibility: public\s+#", text, re.MULTILINE)
    for choice in ("public", "unlisted", "private"):
        assert re.search(rf'^#   "{choice}"( \(the default\))?: \S', text, re.MULTILINE), choice
    guide = (REPO_ROOT / "docs" / "educators.md").read_text(encoding="utf-8")
    assert "| `public` (the default) |" in guide


def test_starter_without_a_matching_id_asks_for_one(source: Path) -> None:
    shutil.rmtree(source / "catalog" / "issuers")
    text = new_file(source, "credential", "new-item").read_text(encoding="utf-8")
    assert re.search(r"^issuer:\s+# TODO id: .*none exist yet", text, re.MULTILINE)


def test_same_source_gives_the_same_starter(tmp_path: Path) -> None:
    first, second = tmp_path / "one", tmp_path / "two"
    shutil.copytree(MINIMAL, first)
    shutil.copytree(MINIMAL, second)
    for kind in KINDS:
        assert new_file(first, kind, "x").read_bytes() == new_file(second, kind, "x").read_bytes()
