"""Hostile and random input: validation reports problems, it never crashes.

Hypothesis mutates the fixture tree's YAML line by line (drop, duplicate,
swap, replace a value with something of another type, inject odd text) and
the whole validation must either succeed or return Problems with positions.
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from credsite.pipeline import validate

FIXTURE = Path(__file__).parent / "fixtures" / "minimal"
FILES = sorted(p.relative_to(FIXTURE).as_posix() for p in FIXTURE.rglob("*.yaml"))
ODD_VALUES = [
    "", "~", "null", "true", "no", "0", "-1", "1e309", "nan", ".inf", "2026-02-30", "[]", "{}", "[[[[", "'",
    '"\\u0000"', "&a x", "*a", "!!python/object:os.system", "{a: 1, a: 2}", "- x", "\t", "é" * 300,
    "javascript:alert(1)", "<script>alert(1)</script>", "{{ 7*7 }}", "../../etc/passwd", "https://x", "1.10",
]


@st.composite
def mutation(draw: st.DrawFn) -> tuple[str, int, str, str]:
    rel = draw(st.sampled_from(FILES))
    lines = (FIXTURE / rel).read_text(encoding="utf-8").splitlines()
    index = draw(st.integers(0, len(lines) - 1))
    kind = draw(st.sampled_from(["drop", "duplicate", "swap", "value", "inject", "indent"]))
    extra = draw(st.sampled_from(ODD_VALUES) | st.text(max_size=30))
    return rel, index, kind, extra


def mutate(text: str, index: int, kind: str, extra: str) -> str:
    lines = text.splitlines()
    line = lines[index]
    if kind == "drop":
        del lines[index]
    elif kind == "duplicate":
        lines.insert(index, line)
    elif kind == "swap" and index + 1 < len(lines):
        lines[index], lines[index + 1] = lines[index + 1], line
    elif kind == "value" and ":" in line:
        lines[index] = line.split(":", 1)[0] + ": " + extra
    elif kind == "indent":
        lines[index] = "  " + line
    else:
        lines.insert(index, extra)
    return "\n".join(lines) + "\n"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(mutation(), min_size=1, max_size=3))
def test_mutated_sources_give_problems_or_a_state(mutations: list[tuple[str, int, str, str]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "src"
        shutil.copytree(FIXTURE, root)
        for rel, index, kind, extra in mutations:
            path = root / rel
            text = path.read_text(encoding="utf-8")
            if index < len(text.splitlines()):
                path.write_text(mutate(text, index, kind, extra), encoding="utf-8")
        state, problems = validate(root, date(2026, 11, 24))
        assert (state is None) == bool(problems)
        for problem in problems:
            assert problem.line >= 1 and problem.column >= 1
            assert problem.message and "Traceback" not in problem.message
            assert (root / problem.path).exists() or "no catalog file" in problem.message


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes_as_a_portfolio(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "src"
        shutil.copytree(FIXTURE, root)
        (root / "portfolios" / "zed.yaml").write_bytes(content)
        state, problems = validate(root, date(2026, 11, 24))
        assert (state is None) == bool(problems)


FAST = None
CAREFUL = None


def schema_checkers():
    global FAST, CAREFUL
    if FAST is None:
        from credsite.schema import Schemas

        FAST, CAREFUL = Schemas(fast=True), Schemas(fast=False)
    return FAST, CAREFUL


@settings(max_examples=300, deadline=None)
@given(st.lists(mutation(), min_size=1, max_size=3))
def test_the_fast_schema_check_agrees_with_the_explaining_one(mutations: list[tuple[str, int, str, str]]) -> None:
    """The Rust validator's yes/no must match the Python validator's, or a
    problem could slip through unreported."""
    from credsite.reader import read_yaml
    from credsite.source import FOLDERS

    fast, careful = schema_checkers()
    kinds = {folder: kind for kind, folder in FOLDERS.items()}
    for rel, index, kind_of_change, extra in mutations:
        text = (FIXTURE / rel).read_text(encoding="utf-8")
        data = mutate(text, index, kind_of_change, extra).encode("utf-8")
        node, problems = read_yaml(data, rel)
        if node is None:
            continue
        kind = "catalog" if rel.endswith("catalog.yaml") else kinds[rel.rsplit("/", 1)[0]]
        assert fast.check(kind, rel, node)[1] == careful.check(kind, rel, node)[1]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(mutation(), min_size=1, max_size=2))
def test_every_source_that_validates_also_renders(mutations: list[tuple[str, int, str, str]]) -> None:
    """Validation is the gate: what passes it must never crash a later stage."""
    from credsite.pipeline import load_site, site_files

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "src"
        shutil.copytree(FIXTURE, root)
        for rel, index, kind, extra in mutations:
            path = root / rel
            text = path.read_text(encoding="utf-8")
            if index < len(text.splitlines()):
                path.write_text(mutate(text, index, kind, extra), encoding="utf-8")
        state, problems = validate(root, date(2026, 11, 24))
        if state is None:
            return
        site = load_site(root, build_date=date(2026, 11, 24))
        written = dict(site_files(site))
        assert "index.html" in written and "catalog.json" in written
