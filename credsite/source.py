"""Find the source files and run the first two stages on each of them."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from .cache import ParseCache, digest
from .problems import Problem, did_you_mean
from .reader import plain_data, read_bytes, read_yaml
from .yaml_plain import read_plain
from .schema import SLUG_ADVICE, SLUG_PATTERN, Positions, Schemas, TypedFile
from .source_layout import CATALOG_FILE, FOLDERS


@dataclass
class SourceFiles:
    """Every source file that parsed, by kind and id, plus every problem so far.

    ``items`` holds every file that parsed as YAML, valid or not, so the
    cross-reference rules can still report on files with schema problems.
    ``invalid`` names the files whose schema check failed, ``broken`` the ids
    of files that did not parse at all: other files may still refer to them
    without a second, misleading "unknown id" problem.
    """

    catalog: TypedFile | None = None
    items: dict[str, dict[str, TypedFile]] = field(default_factory=lambda: {k: {} for k in FOLDERS})
    invalid: set[str] = field(default_factory=set)  # paths of files with schema problems
    broken: dict[str, set[str]] = field(default_factory=lambda: {k: set() for k in FOLDERS})
    problems: list[Problem] = field(default_factory=list)

    def known_ids(self, kind: str) -> set[str]:
        return set(self.items[kind]) | self.broken[kind]


def discover(source: Path) -> tuple[list[tuple[str, str, str]], list[Problem]]:
    """(kind, id, path relative to the source) for every YAML file, and problems with file names and ids."""
    found: list[tuple[str, str, str]] = []
    problems: list[Problem] = []
    if not (source / CATALOG_FILE).is_file():
        problems.append(Problem(CATALOG_FILE, 1, 1, f"no catalog file: credsite expects {CATALOG_FILE} under {source}"))
    seen_lower: dict[tuple[str, str], str] = {}
    for kind, folder in FOLDERS.items():
        directory = source / folder
        try:
            # Names, not Paths: sorting and joining 20,000 Path objects is most of a rebuild's time.
            names = sorted(entry.name for entry in os.scandir(directory))
        except (FileNotFoundError, NotADirectoryError):
            continue
        for name in names:
            rel = f"{folder}/{name}"
            if name.endswith(".yml"):
                problems.append(Problem(rel, 1, 1, "rename to .yaml: credsite only reads .yaml files"))
            elif name.endswith(".yaml") and not name.startswith("."):
                item_id = name.removesuffix(".yaml")
                found.append((kind, item_id, rel))
                problems.extend(_id_problems(kind, item_id, rel, seen_lower))
    return found, problems


def read_source(source: Path, schemas: Schemas, cache: ParseCache | None = None) -> SourceFiles:
    """Read and schema-check every file; nothing stops at the first problem."""
    files, listing_problems = discover(source)
    result = read_catalog(source, schemas, files, cache)
    result.problems += listing_problems
    for kind, item_id, rel in files:
        if kind == "portfolio":
            read_item(source, schemas, result, kind, item_id, rel, cache)
    if cache is not None:
        cache.save()
    return result


def read_catalog(
    source: Path, schemas: Schemas, files: list[tuple[str, str, str]], cache: ParseCache | None = None
) -> SourceFiles:
    """The catalog side of the source (everything but portfolios), read and schema-checked.

    Portfolios are leaves: no rule reads one portfolio from another, so
    the build reads them separately, in parallel and only when they changed.
    """
    result = SourceFiles()
    catalog_path = source / CATALOG_FILE
    if catalog_path.is_file():
        result.catalog = _check(catalog_path, CATALOG_FILE, "catalog", schemas, result, cache)
    for kind, item_id, rel in files:
        if kind != "portfolio":
            read_item(source, schemas, result, kind, item_id, rel, cache)
    return result


def read_item(
    source: Path, schemas: Schemas, result: SourceFiles, kind: str, item_id: str, rel: str,
    cache: ParseCache | None = None,
) -> TypedFile | None:
    """Read one file into ``result`` (its data, or its problems)."""
    typed = _check(source / rel, rel, kind, schemas, result, cache)
    if typed is None:
        result.broken[kind].add(item_id)
        return None
    result.problems.extend(_id_key_problems(typed, item_id))
    result.items[kind][item_id] = typed
    return typed


def _check(
    file: Path, rel: str, kind: str, schemas: Schemas, result: SourceFiles, cache: ParseCache | None
) -> TypedFile | None:
    data, read_problems = read_bytes(file, rel)
    if data is None:
        result.problems.extend(read_problems)
        return None
    locate = partial(_locate, data, rel)
    content_digest = digest(data) if cache is not None else ""
    cached = cache.get(rel, content_digest, kind) if cache is not None else None
    if cached is not None:
        return TypedFile(rel, kind, cached, locate=locate)
    # Most files are regular and valid: read without positions first, and
    # take the careful way (positions for every value) only when that fails.
    plain = read_plain(data)
    typed = schemas.check_plain(kind, rel, plain, locate) if plain is not None else None
    if typed is None:
        typed = _check_with_positions(data, rel, kind, schemas, result)
    if typed is not None and rel not in result.invalid and cache is not None:
        cache.put(rel, content_digest, kind, typed.data)
    return typed


def _check_with_positions(data: bytes, rel: str, kind: str, schemas: Schemas, result: SourceFiles) -> TypedFile | None:
    node, read_problems = read_yaml(data, rel)
    result.problems.extend(read_problems)
    if node is None or read_problems:
        return None
    typed, schema_problems = schemas.check(kind, rel, node)
    result.problems.extend(schema_problems)
    if schema_problems:
        result.invalid.add(rel)
    return typed


def _locate(data: bytes, rel: str) -> Positions:
    node, _ = read_yaml(data, rel)
    assert node is not None, "a cached file parsed cleanly when it was cached"
    return plain_data(node)[1]


def _id_problems(kind: str, item_id: str, rel: str, seen_lower: dict[tuple[str, str], str]) -> list[Problem]:
    problems = []
    if not re.match(SLUG_PATTERN, item_id) or len(item_id) > 64:
        problems.append(Problem(rel, 1, 1, f'the file name "{item_id}" is not a valid id (at most 64 characters): {SLUG_ADVICE}'))
    key = (kind, item_id.lower())
    if key in seen_lower:
        problems.append(Problem(rel, 1, 1, f'the id "{item_id}" is the same as "{seen_lower[key]}" ignoring case'))
    seen_lower.setdefault(key, item_id)
    return problems


def _id_key_problems(typed: TypedFile, item_id: str) -> list[Problem]:
    written = typed.data.get("id")
    if written is None or written == item_id:
        return []
    hint = did_you_mean(str(written), [item_id])
    return [typed.problem(("id",), f'id "{written}" must equal the file name "{item_id}"{hint}')]
