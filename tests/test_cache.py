"""The parse cache changes how fast a build is, never what it produces."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from credsite.cache import FOLDER
from credsite.pipeline import BuildOptions, build, validate

FIXTURE = Path(__file__).parent / "fixtures" / "minimal"
DAY = date(2026, 11, 24)


def copy_fixture(tmp_path: Path) -> Path:
    source = tmp_path / "src"
    shutil.copytree(FIXTURE, source, ignore=shutil.ignore_patterns(FOLDER))
    return source


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_cached_rebuild_gives_the_same_bytes_as_a_clean_build(tmp_path: Path) -> None:
    source = copy_fixture(tmp_path)
    build(BuildOptions(source=source, out=tmp_path / "clean", build_date=DAY, cache=False))
    assert not (source / FOLDER).exists()
    build(BuildOptions(source=source, out=tmp_path / "first", build_date=DAY))
    assert any((source / FOLDER).glob("parsed-*.marshal"))
    build(BuildOptions(source=source, out=tmp_path / "cached", build_date=DAY))
    assert tree(tmp_path / "clean") == tree(tmp_path / "first") == tree(tmp_path / "cached")


def test_an_edit_after_caching_is_seen(tmp_path: Path) -> None:
    source = copy_fixture(tmp_path)
    assert validate(source, DAY, use_cache=True)[1] == []
    stack = source / "catalog/stacks/foundations.yaml"
    stack.write_text(stack.read_text().replace("Foundations", "Firm Foundations"))
    state, problems = validate(source, DAY, use_cache=True)
    assert problems == [] and state is not None
    assert state.stacks["foundations"].title == "Firm Foundations"


def test_cross_file_problems_in_cached_files_keep_their_exact_positions(tmp_path: Path) -> None:
    source = copy_fixture(tmp_path)
    assert validate(source, DAY, use_cache=True)[1] == []
    # The portfolio is unchanged (served from the cache); removing the stack it
    # names as a goal makes a problem in it, which must still point at the line.
    (source / "catalog/stacks/foundations.yaml").unlink()
    _, problems = validate(source, DAY, use_cache=True)
    lines = (source / "portfolios/ana.yaml").read_text().splitlines()
    goal_line = next(i + 1 for i, line in enumerate(lines) if line.startswith("goals:"))
    assert any(p.path == "portfolios/ana.yaml" and p.line == goal_line and "unknown stack" in p.message for p in problems)


def test_a_damaged_cache_is_ignored(tmp_path: Path) -> None:
    source = copy_fixture(tmp_path)
    validate(source, DAY, use_cache=True)
    for file in (source / FOLDER).glob("parsed-*.marshal"):
        file.write_bytes(b"\x00garbage")
    state, problems = validate(source, DAY, use_cache=True)
    assert problems == [] and state is not None


def test_deleted_files_drop_out_of_the_cache(tmp_path: Path) -> None:
    source = copy_fixture(tmp_path)
    validate(source, DAY, use_cache=True)
    (source / "catalog/pathways/points.yaml").unlink()
    (source / "portfolios/ana.yaml").write_text((source / "portfolios/ana.yaml").read_text().replace("renewal, points", "renewal"))
    state, problems = validate(source, DAY, use_cache=True)
    assert problems == [] and state is not None and "points" not in state.pathways
