"""The figures section as built: pages, CSVs, links, privacy, Spanish and the incremental build.

Built from tests/fixtures/stats (its numbers are checked in test_stats.py).
"""

from __future__ import annotations

import csv
import io
import re
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from credsite import stats_pages
from credsite.cache import FOLDER
from credsite.pipeline import BuildOptions, build, load_site, make_renderer
from credsite.stats_pages import Cell, Row, Table, csv_safe, stats_files

FIXTURE = Path(__file__).parent / "fixtures" / "stats"
BUILD_DATE = date(2026, 1, 15)


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def site_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("figures") / "site"
    build(BuildOptions(source=FIXTURE, out=out, build_date=BUILD_DATE, cache=False))
    return out


def read_csv(site_folder: Path, path: str) -> list[list[str]]:
    data = (site_folder / path).read_bytes()
    assert b"\r\n" in data and not data.replace(b"\r\n", b"").count(b"\n")  # RFC 4180 line ends
    return list(csv.reader(io.StringIO(data.decode("utf-8"))))


def test_the_figures_page_and_its_csvs_are_built(site_folder: Path) -> None:
    page = (site_folder / "stats/index.html").read_text(encoding="utf-8")
    assert "Numbers for fewer than 10 educators are not shown to protect privacy." in page
    assert page.count('role="img"') == 3  # awards, holders, renewal
    assert read_csv(site_folder, "stats/awards-by-year.csv") == [
        ["Year", "Micro-credentials awarded"], ["2024", "10"], ["2025", "29"], ["All years", "39"],
    ]
    assert read_csv(site_folder, "stats/renewal.csv")[1:] == [
        ["Meet a renewal pathway", "10"], ["Three quarters of the way or more", "0"],
        ["Half to three quarters of the way", "not shown"], ["A quarter to half of the way", "0"],
        ["Less than a quarter of the way", "0"], ["Nothing counted yet", "not shown"],
        ["All educators with a renewal pathway", "17"],
    ]
    rows = {row[0]: row[1:] for row in read_csv(site_folder, "stats/credentials.csv")}
    assert rows["Community Circles"] == ["20", "50", "1.5", "75"]
    assert rows["Peer Mentoring"] == ["not shown"] * 4


def test_a_credential_has_its_own_figures_and_its_page_links_to_them(site_folder: Path) -> None:
    page = (site_folder / "stats/credentials/circles/index.html").read_text(encoding="utf-8")
    assert page.count('role="img"') == 2
    assert read_csv(site_folder, "stats/credentials/circles/submissions.csv") == [
        ["Submissions", "Educators"], ["1 (passed the first time)", "10"], ["2", "not shown"], ["3", "not shown"],
        ["4 or more", "0"], ["Attempts not shown by the educator", "0"], ["All earners", "20"],
    ]
    assert read_csv(site_folder, "stats/credentials/circles/summary.csv")[1:] == [
        ["Educators who earned it", "20"], ["Passed on the first submission", "50"],
        ["Median submissions", "1.5"], ["Median days from start to award", "75"],
    ]
    catalog_page = (site_folder / "credentials/circles/index.html").read_text(encoding="utf-8")
    assert 'href="../../stats/credentials/circles/"' in catalog_page
    for csv_name in ("summary", "earners-by-year", "submissions"):
        assert f'href="{csv_name}.csv" download' in page


def test_every_page_of_the_site_links_to_the_figures(site_folder: Path) -> None:
    home = (site_folder / "index.html").read_text(encoding="utf-8")
    assert 'href="stats/">Figures</a>' in home
    figures = (site_folder / "stats/index.html").read_text(encoding="utf-8")
    assert 'href="./" aria-current="page">Figures</a>' in figures


def test_a_credential_nobody_public_earned_says_so(tmp_path: Path) -> None:
    source = tmp_path / "src"
    shutil.copytree(FIXTURE, source, ignore=shutil.ignore_patterns(FOLDER))
    for portfolio in (source / "portfolios").glob("*.yaml"):
        text = portfolio.read_text(encoding="utf-8")
        if "credential: coaching" in text:
            portfolio.write_text(text.replace("visibility: public", "visibility: private").replace("visibility: unlisted", "visibility: private"), encoding="utf-8")
    build(BuildOptions(source=source, out=tmp_path / "site", build_date=BUILD_DATE, cache=False))
    page = (tmp_path / "site/stats/credentials/coaching/index.html").read_text(encoding="utf-8")
    assert "No educator with a published passport has earned this micro-credential yet." in page
    assert 'role="img"' not in page


# --- privacy ------------------------------------------------------------------------------


def educators_of(source: Path) -> list[tuple[str, str]]:
    found = []
    for file in sorted((source / "portfolios").glob("*.yaml")):
        name = next(line.split(":", 1)[1].strip() for line in file.read_text(encoding="utf-8").splitlines() if line.startswith("name:"))
        found.append((file.stem, name))
    return found


def test_no_figure_names_or_links_an_educator(site_folder: Path) -> None:
    people = educators_of(FIXTURE)
    assert len(people) == 27
    for path in sorted((site_folder / "stats").rglob("*")):
        if path.is_file():
            data = path.read_text(encoding="utf-8")
            for portfolio_id, name in people:
                assert portfolio_id not in data, f"{path}: {portfolio_id}"
                assert name not in data, f"{path}: {name}"
            assert "educators/" not in data.replace('href="../educators/"', "").replace('href="../../../educators/"', ""), path


# --- CSVs --------------------------------------------------------------------------------


@pytest.mark.parametrize("risky", ["=HYPERLINK(\"http://x\")", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_a_cell_that_would_start_a_formula_is_quoted(risky: str) -> None:
    assert csv_safe(risky) == "'" + risky


def test_csv_cells_are_quoted_and_made_safe() -> None:
    table = Table(
        key="t", title="T", caption="C", columns=("Credential", "=Count"),
        rows=(Row('=cmd|"/c calc"!A1', (Cell("12", "12"),)), Row("Plain, with a comma", (Cell("n/s", "not shown", True),))),
        csv_path="stats/t.csv",
    )
    assert table.csv_bytes().decode("utf-8").splitlines() == [
        "Credential,'=Count", "\"'=cmd|\"\"/c calc\"\"!A1\",12", '"Plain, with a comma",not shown',
    ]


def test_the_csvs_hold_exactly_the_tables_numbers(site_folder: Path) -> None:
    """Each table on the page and its CSV: the same rows, the same numbers."""
    page = (site_folder / "stats/index.html").read_text(encoding="utf-8")
    table = re.search(r'<table class="stats-table" id="awards-by-year-table">(.*?)</table>', page, re.S)
    assert table is not None
    printed = re.findall(r"<(?:th|td)(?:\s[^>]*)?>(?:<a [^>]*>)?([^<]*)", table.group(1))
    csv_cells = [cell for row in read_csv(site_folder, "stats/awards-by-year.csv") for cell in row]
    assert printed == csv_cells


# --- Spanish -----------------------------------------------------------------------------


def test_the_figures_read_in_spanish() -> None:
    site = load_site(FIXTURE, build_date=BUILD_DATE)
    spanish = replace(site, state=replace(site.state, catalog=replace(site.state.catalog, language="es")))
    files = dict(stats_files(spanish, make_renderer(spanish, None)))
    page = files["stats/index.html"].decode("utf-8")
    assert '<html lang="es">' in page and "Cómo se usan las microcredenciales" in page
    assert "no se muestra" in page and "50\u00a0%" in page
    assert files["stats/credentials/circles/summary.csv"].decode("utf-8").splitlines()[1:] == [
        "Educadores que la obtuvieron,20", "Aprobaron en la primera entrega,50",
        "Mediana de entregas,1.5", "Mediana de días desde el inicio hasta la concesión,75",
    ]
    assert "1,5" in files["stats/credentials/circles/index.html"].decode("utf-8")


# --- the incremental build ----------------------------------------------------------------


@pytest.fixture
def built_copy(tmp_path: Path) -> tuple[Path, Path]:
    source = tmp_path / "src"
    shutil.copytree(FIXTURE, source, ignore=shutil.ignore_patterns(FOLDER))
    out = tmp_path / "site"
    build(BuildOptions(source=source, out=out, build_date=BUILD_DATE))
    return source, out


def rendered_pages(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    rendered: list[str] = []
    original = stats_pages.StatsPage.render

    def render(page: stats_pages.StatsPage, renderer):  # noqa: ANN001, ANN202
        rendered.append(page.path)
        return original(page, renderer)

    monkeypatch.setattr(stats_pages.StatsPage, "render", render)
    return rendered


def add_first_attempt_miss(source: Path) -> None:
    file = source / "portfolios/avery-stone.yaml"
    text = file.read_text(encoding="utf-8")
    old = "    earned_on: 2024-03-01\n"
    assert old in text
    file.write_text(text.replace(old, old + "    attempts:\n      - {submitted_on: 2024-02-01, result: not-yet}\n", 1), encoding="utf-8")


def test_an_edit_renders_again_only_the_figures_it_changes(
    built_copy: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source, out = built_copy
    rendered = rendered_pages(monkeypatch)
    add_first_attempt_miss(source)  # Circles: one first-time pass fewer; nothing else shown moves
    build(BuildOptions(source=source, out=out, build_date=BUILD_DATE, jobs=1))
    assert rendered == ["stats/", "stats/credentials/circles/"]
    clean = tmp_path / "clean"
    build(BuildOptions(source=source, out=clean, build_date=BUILD_DATE, cache=False))
    assert tree(out) == tree(clean)


def test_a_catalog_edit_renders_every_figure_again(built_copy: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    source, out = built_copy
    rendered = rendered_pages(monkeypatch)
    catalog = source / "catalog/catalog.yaml"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace("title: Figures Test State", "title: Figures State"), encoding="utf-8")
    build(BuildOptions(source=source, out=out, build_date=BUILD_DATE, jobs=1))
    assert len(rendered) == 5
    assert "Figures State" in (out / "stats/credentials/coaching/index.html").read_text(encoding="utf-8")
