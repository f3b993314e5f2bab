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


def test_unlisted_passports_are_built_but_listed_nowhere(example_site) -> None:  # noqa: ANN001
    unlisted = sorted(p.stem for p in (REPO_ROOT / "portfolios").glob("*.yaml") if "visibility: unlisted" in p.read_text())
    assert unlisted
    listings = ["sitemap.xml", "feed.xml", "catalog.json", "search-index.json", "educators/index.html", "index.html"]
    listings += [p.relative_to(example_site.root).as_posix() for p in (example_site.root / "credentials").rglob("index.html")]
    for portfolio_id in unlisted:
        page = example_site.root / "educators" / portfolio_id / "index.html"
        assert page.is_file()
        assert '<meta name="robots" content="noindex' in page.read_text()
        for listing in listings:
            path = example_site.root / listing
            if path.is_file():
                assert f"educators/{portfolio_id}/" not in path.read_text(), listing
