"""The build's warning near GitHub Pages' 1 GB limit for a published site."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from credsite import site_size
from credsite.cli import main

FIXTURE = Path(__file__).parent / "fixtures" / "minimal"


def test_no_warning_well_under_the_limit() -> None:
    assert site_size.size_warning(899_999_999) is None
    assert site_size.size_warning(0) is None


def test_the_warning_gives_the_numbers_and_where_to_read_more() -> None:
    near = site_size.size_warning(958_000_000)
    assert near == (
        "warning: the site is 958 MB, near GitHub Pages' 1 GB limit for a published site (96% of it); "
        f"see {site_size.HOSTING_DOCS}"
    )
    over = site_size.size_warning(1_135_000_000)
    assert over is not None and "1,135 MB, over GitHub Pages' 1 GB limit" in over and "(114% of it)" in over


def test_the_warning_starts_at_ninety_percent_of_the_limit() -> None:
    assert site_size.size_warning(8_999, limit=10_000) is None
    assert site_size.size_warning(9_000, limit=10_000) is not None


def test_the_docs_it_points_at_exist() -> None:
    page, heading = site_size.HOSTING_DOCS.split(", ", 1)
    text = (Path(__file__).resolve().parents[1] / page).read_text(encoding="utf-8")
    assert f"### {heading.strip(chr(34))}\n" in text


@pytest.mark.parametrize("limit, warned", [(10_000, True), (10**12, False)])
def test_build_warns_on_stderr_and_still_succeeds(limit: int, warned: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(site_size, "GITHUB_PAGES_LIMIT", limit)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795478400")
    source = tmp_path / "src"
    shutil.copytree(FIXTURE, source)
    result = CliRunner().invoke(main, ["build", "--source", str(source), "--out", str(tmp_path / "site"), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("wrote ")
    if warned:
        assert "warning: the site is " in result.stderr and "near" not in result.stdout
        assert "over GitHub Pages' 10,000 bytes limit" in result.stderr
    else:
        assert "warning" not in result.stderr
    assert (tmp_path / "site" / "index.html").is_file()  # a warning, not a failure
