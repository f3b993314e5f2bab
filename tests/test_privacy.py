"""Nothing private reaches any output byte.

The example state plants a unique ``PRIVATE-MARKER-…`` string in every
private field and file: the private portfolio's texts, every artifact not
marked public, every text marked ``public: false``, and a private PDF. The
whole built site (pages, JSON, feeds, search index, SVG, copied files) is
scanned for every marker, and for the private educator's name and id.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
MARKER = re.compile(rb"PRIVATE-MARKER-[a-z0-9]+")


def planted_markers() -> set[bytes]:
    found: set[bytes] = set()
    for path in (REPO_ROOT / "portfolios").rglob("*"):
        if path.is_file():
            found.update(MARKER.findall(path.read_bytes()))
    return found


def private_portfolios() -> list[str]:
    return sorted(p.stem for p in (REPO_ROOT / "portfolios").glob("*.yaml") if "visibility: private" in p.read_text())


def test_the_example_plants_markers_everywhere_private() -> None:
    markers = planted_markers()
    assert len(markers) >= 20
    assert private_portfolios(), "the example state must include a private portfolio"


def test_no_marker_in_any_output_byte(example_site) -> None:  # noqa: ANN001 - conftest fixture
    leaks = []
    for path in sorted(example_site.root.rglob("*")):
        if path.is_file():
            for marker in MARKER.findall(path.read_bytes()):
                leaks.append(f"{path.relative_to(example_site.root)}: {marker.decode()}")
    assert leaks == []


@pytest.mark.parametrize("portfolio_id", private_portfolios())
def test_a_private_portfolio_produces_nothing(example_site, portfolio_id: str) -> None:  # noqa: ANN001
    name = next(
        line.split(":", 1)[1].strip()
        for line in (REPO_ROOT / "portfolios" / f"{portfolio_id}.yaml").read_text().splitlines()
        if line.startswith("name:")
    )
    assert not any(portfolio_id in p.as_posix() for p in example_site.root.rglob("*"))
    for path in example_site.root.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert portfolio_id.encode() not in data, path
            assert name.encode() not in data, path


def unlisted_portfolios() -> list[str]:
    return sorted(p.stem for p in (REPO_ROOT / "portfolios").glob("*.yaml") if "visibility: unlisted" in p.read_text())


def test_unlisted_passports_are_built_and_marked_noindex(example_site) -> None:  # noqa: ANN001
    assert unlisted_portfolios()
    for portfolio_id in unlisted_portfolios():
        page = example_site.root / "educators" / portfolio_id / "index.html"
        assert '<meta name="robots" content="noindex' in page.read_text()


@pytest.mark.parametrize("portfolio_id", unlisted_portfolios())
def test_no_published_file_names_an_unlisted_passport_but_its_own(example_site, portfolio_id: str) -> None:  # noqa: ANN001
    """Whoever has the link finds the passport; nobody can enumerate it. Every
    published byte (hidden files included: the Pages workflow uploads them)
    outside the passport's own folder is scanned for its id."""
    own = example_site.root / "educators" / portfolio_id
    scanned, leaks = 0, []
    for path in sorted(example_site.root.rglob("*")):
        if path.is_file() and not path.is_relative_to(own):
            scanned += 1
            if portfolio_id.encode() in path.read_bytes():
                leaks.append(path.relative_to(example_site.root).as_posix())
    assert scanned > 100 and (example_site.root / ".credsite-manifest.json").is_file()
    assert leaks == []


def every_educator() -> list[tuple[str, str]]:
    """(id, name) of every portfolio, whatever its visibility."""
    found = []
    for file in sorted((REPO_ROOT / "portfolios").glob("*.yaml")):
        name = next(line.split(":", 1)[1].strip() for line in file.read_text().splitlines() if line.startswith("name:"))
        found.append((file.stem, name))
    return found


def test_no_figure_or_csv_names_an_educator(example_site) -> None:  # noqa: ANN001
    """The figures count educators; none of their pages or CSVs may name or link one."""
    people = every_educator()
    assert len(people) >= 10
    files = [p for p in sorted((example_site.root / "stats").rglob("*")) if p.is_file()]
    assert any(p.suffix == ".csv" for p in files) and any(p.suffix == ".html" for p in files)
    leaks = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        for portfolio_id, name in people:
            if portfolio_id in text or name in text:
                leaks.append(f"{path.relative_to(example_site.root)}: {portfolio_id}")
    assert leaks == []
