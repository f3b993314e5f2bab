"""`credsite new`: write a commented starter file for a new catalog item or portfolio.

A starter documents every field. Required values an author must choose are
left empty with a ``# TODO <kind of value>: ...`` comment: the validator reports
an empty value as "title is empty; give it a value (text)" at that line, so an
unfilled starter can never be published. (A value such as ``title: TODO``
would be valid text and would be published.) Ids the author picks from are
read from the source as it is now, so a filled starter validates at once.

Starters live in ``credsite/starters/<kind>.yaml`` as Jinja templates. Only
slugs (``^[a-z0-9]+(-[a-z0-9]+)*$``) are ever inserted into them, so no YAML
quoting is needed and nothing an author wrote elsewhere can break the file.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .crossref import ARTIFACT_TYPES
from .defaults import default
from .errors import CredsiteError
from .resources import PACKAGE_DIR
from .schema import SLUG_ADVICE, SLUG_PATTERN, Schemas
from .source import SourceFiles, read_source
from .source_layout import CATALOG_FILE, item_file

KINDS = ("credential", "portfolio", "stack", "pathway")
STARTERS_DIR = PACKAGE_DIR / "starters"
PUBLISHED_SCHEMA_URL = "https://credsite.github.io/schemas/v1/{kind}.schema.json"
MAX_ID_LENGTH = 64
# Comments in starters line up at this column; at least two spaces always separate them.
COMMENT_COLUMN = 24
# Dates in commented examples: fixed, so the same source always gives the same starter.
EXAMPLE_EARNED_ON = "2025-01-15"
DEFAULT_ARTIFACT_TYPE = "lesson-plan"

_SLUG = re.compile(SLUG_PATTERN)


@dataclass(frozen=True)
class Vocabulary:
    """The ids a starter offers, read from the source as it is now (only valid slugs)."""

    publisher: str | None = None
    issuers: tuple[str, ...] = ()
    credentials: tuple[str, ...] = ()  # active ones: the only ones a stack or portfolio may name
    stacks: tuple[str, ...] = ()
    pathways: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    grade_bands: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    frameworks: tuple[str, ...] = ()
    artifact_types: tuple[str, ...] = ARTIFACT_TYPES  # the built-in ones and the catalog's
    example_credential: str | None = None  # an active, valid credential to show an earned entry for
    example_earned: tuple[str, ...] = ()  # that entry as YAML lines (uncommented)


def is_valid_id(item_id: str) -> bool:
    return len(item_id) <= MAX_ID_LENGTH and bool(_SLUG.match(item_id))


def suggest_id(text: str) -> str:
    """A valid id close to ``text``: "Morning Meetings (SEL)" -> "morning-meetings-sel"; '' if none."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:MAX_ID_LENGTH].rstrip("-")


def starter_path(source: Path, kind: str, item_id: str) -> Path:
    return source / item_file(kind, item_id)


def schema_reference(source: Path, kind: str, file: Path) -> str:
    """The schema for the ``$schema`` comment: the repository's copy when there is one."""
    local = source / "schemas" / f"{kind}.schema.json"
    if local.is_file():
        return Path(os.path.relpath(local, file.parent)).as_posix()
    return PUBLISHED_SCHEMA_URL.format(kind=kind)


def read_vocabulary(source: Path) -> Vocabulary:
    """The ids in the source; files with problems still contribute the ids they name."""
    files = read_source(source, Schemas())
    catalog = files.catalog.data if files.catalog else {}
    credentials = _active_credentials(files)
    example = credentials[0] if credentials else None
    publisher = catalog.get("publisher")
    return Vocabulary(
        publisher=publisher if isinstance(publisher, str) and is_valid_id(publisher) else None,
        issuers=_valid_ids(files.items["issuer"]),
        credentials=tuple(cid for cid, _ in credentials),
        stacks=_valid_ids(files.items["stack"]),
        pathways=_valid_ids(files.items["pathway"]),
        topics=_vocabulary_ids(catalog, "topics"),
        grade_bands=_vocabulary_ids(catalog, "grade_bands"),
        roles=_vocabulary_ids(catalog, "roles"),
        frameworks=_vocabulary_ids(catalog, "frameworks"),
        artifact_types=tuple(dict.fromkeys(ARTIFACT_TYPES + _vocabulary_ids(catalog, "artifact_types"))),
        example_credential=example[0] if example else None,
        example_earned=earned_example(example[0], example[1]) if example else (),
    )


def _valid_ids(items: dict[str, Any]) -> tuple[str, ...]:
    return tuple(item_id for item_id in items if is_valid_id(item_id))


def _vocabulary_ids(catalog: dict[str, Any], key: str) -> tuple[str, ...]:
    entries = catalog.get(key)
    if not isinstance(entries, list):
        return ()
    ids = (entry.get("id") for entry in entries if isinstance(entry, dict))
    return tuple(i for i in ids if isinstance(i, str) and is_valid_id(i))


def _active_credentials(files: SourceFiles) -> list[tuple[str, dict[str, Any]]]:
    """Schema-valid, active credentials in file-name order, with their data."""
    found = []
    for credential_id, typed in files.items["credential"].items():
        if typed.path in files.invalid or not is_valid_id(credential_id):
            continue
        if typed.data.get("status", default("credential", "status")) == "active":
            found.append((credential_id, typed.data))
    return found


def earned_example(credential_id: str, data: dict[str, Any]) -> tuple[str, ...]:
    """An ``earned:`` entry that satisfies the credential's rubric and requirements."""
    lines = ["earned:", f"  - credential: {credential_id}", f"    earned_on: {EXAMPLE_EARNED_ON}"]
    scores = _passing_scores(data["rubric"])
    if scores:
        lines.append("    scores: {" + ", ".join(f"{c}: {level}" for c, level in scores) + "}")
    lines.append("    evidence:")
    for requirement in data["evidence"]["requirements"]:
        lines.extend(_evidence_example(requirement))
    return tuple(lines)


def _passing_scores(rubric: dict[str, Any]) -> list[tuple[str, str]]:
    passing = [level["id"] for level in rubric["levels"] if level["passing"] and is_valid_id(level["id"])]
    if not passing:
        return []
    return [(c["id"], passing[0]) for c in rubric["criteria"] if is_valid_id(c["id"])]


def _evidence_example(requirement: dict[str, Any]) -> list[str]:
    requirement_id = requirement["id"]
    if not is_valid_id(requirement_id):
        return []
    if requirement["kind"] != "artifacts":
        return [f"      {requirement_id}:", "        text: Your response."]
    accepted = [t for t in requirement.get("accepted", []) if is_valid_id(t)]
    artifact_type = accepted[0] if accepted else DEFAULT_ARTIFACT_TYPE
    lines = [f"      {requirement_id}:", "        items:"]
    for number in range(1, requirement.get("min_items", default("credential", "evidence.requirements[].min_items")) + 1):
        lines += [
            f"          - title: Artifact {number}",
            f"            type: {artifact_type}",
            f"            url: https://example.org/your-artifact-{number}",
        ]
    return lines


def _column(text: str) -> str:
    """``text`` padded so a following comment starts at COMMENT_COLUMN, with at least two spaces."""
    return text.ljust(COMMENT_COLUMN - 1) + " " if len(text) < COMMENT_COLUMN - 2 else text + "  "


def _choices(ids: tuple[str, ...]) -> str:
    return "choose from: " + ", ".join(ids) if ids else "none exist yet, so add one first"


def _environment() -> Environment:
    # No autoescape: the output is YAML, and only slugs are inserted (see the module docstring).
    environment = Environment(
        loader=FileSystemLoader(STARTERS_DIR),
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=StrictUndefined,
    )
    environment.filters["column"] = _column
    environment.filters["choices"] = _choices
    environment.globals["default"] = default  # the schemas' defaults, named in comments
    return environment


def starter_text(kind: str, item_id: str, source: Path, vocabulary: Vocabulary) -> str:
    """The starter file for ``kind`` ``item_id`` in ``source``."""
    file = starter_path(source, kind, item_id)
    issuer = vocabulary.publisher if vocabulary.publisher in vocabulary.issuers else None
    other_credentials = [c for c in vocabulary.credentials if c != vocabulary.example_credential]
    return _environment().get_template(f"{kind}.yaml").render(
        id=item_id,
        schema=schema_reference(source, kind, file),
        issuer=issuer or (vocabulary.issuers[0] if vocabulary.issuers else None),
        issuers=vocabulary.issuers,
        credentials=vocabulary.credentials,
        stacks=vocabulary.stacks,
        pathways=vocabulary.pathways,
        topics=vocabulary.topics,
        grade_bands=vocabulary.grade_bands,
        roles=vocabulary.roles,
        frameworks=vocabulary.frameworks,
        artifact_types=vocabulary.artifact_types,
        example_credential=vocabulary.example_credential,
        earned=vocabulary.example_earned,
        in_progress=other_credentials[0] if other_credentials else None,
    )


def write_starter(source: Path, kind: str, item_id: str) -> Path:
    """Write the starter; raises FileExistsError rather than overwrite anything."""
    file = starter_path(source, kind, item_id)
    text = starter_text(kind, item_id, source, read_vocabulary(source))
    file.parent.mkdir(parents=True, exist_ok=True)
    with open(file, "x", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
    return file


def id_problem(item_id: str, kind: str) -> str | None:
    """Why ``item_id`` cannot be an id, with a valid one to try; None when it can."""
    if is_valid_id(item_id):
        return None
    message = f'"{item_id}" is not a valid id (at most {MAX_ID_LENGTH} characters): {SLUG_ADVICE}'
    suggestion = suggest_id(item_id)
    if suggestion:
        message += f". Try: credsite new {kind} {suggestion}"
    return message


def new_item(source: Path, kind: str, item_id: str) -> str:
    """``credsite new``: write the starter for a valid id and return its path in the source.

    Raises CredsiteError when there is no catalog or the file cannot be written.
    """
    source = source.resolve()
    if not (source / CATALOG_FILE).is_file():
        raise CredsiteError(f"no {CATALOG_FILE} in {source}: run this in the site's folder or pass --source")
    shown = item_file(kind, item_id)
    try:
        write_starter(source, kind, item_id)
    except FileExistsError:
        raise CredsiteError(f"{shown} already exists; refusing to overwrite it (choose another id or edit that file)") from None
    except OSError as error:
        raise CredsiteError(f"{shown}: could not write the file ({error.strerror})") from None
    return shown
