"""A state's templates can extend the built-in ones and replace only a block."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from credsite.errors import TemplateProblem
from credsite.pipeline import load_site, site_files
from credsite.site import Site

MINIMAL = Path(__file__).resolve().parent / "fixtures" / "minimal"
HEADER = b'<header class="site-header">'
BANNER = b'<div class="state-banner">Kansas professional learning</div>\n'


@pytest.fixture(scope="module")
def site() -> Site:
    return load_site(MINIMAL, build_date=date(2026, 11, 24))


@pytest.fixture(scope="module")
def built_in(site: Site) -> dict[str, bytes]:
    return dict(site_files(site))


def pages(files: dict[str, bytes]) -> dict[str, bytes]:
    return {path: data for path, data in files.items() if path.endswith(".html")}


def test_an_override_that_extends_the_built_in_base_changes_only_its_block(
    site: Site, built_in: dict[str, bytes], tmp_path: Path
) -> None:
    (tmp_path / "base.html").write_text(
        '{% extends "credsite/base.html" %}\n'
        '{% block header %}\n<div class="state-banner">Kansas professional learning</div>\n{{ super() }}{% endblock %}\n',
        encoding="utf-8",
    )
    themed = pages(dict(site_files(site, templates=tmp_path)))
    assert themed.keys() == pages(built_in).keys() and len(themed) > 5
    for path, page in pages(built_in).items():
        assert HEADER in page, path
        assert themed[path] == page.replace(HEADER, BANNER + HEADER, 1), path


def test_a_page_template_can_extend_its_built_in_self(site: Site, built_in: dict[str, bytes], tmp_path: Path) -> None:
    (tmp_path / "credential.html").write_text(
        '{% extends "credsite/credential.html" %}\n'
        '{% block main %}{{ super() }}<p class="state-note">Ask your district coach first.</p>\n{% endblock %}\n',
        encoding="utf-8",
    )
    themed = dict(site_files(site, templates=tmp_path))
    credential_pages = [p for p in pages(built_in) if p.startswith("credentials/")]
    assert credential_pages
    for path in credential_pages:
        assert b'<p class="state-note">Ask your district coach first.</p>\n</main>' in themed[path]
    assert themed["index.html"] == built_in["index.html"]  # other pages are untouched


def test_a_mistake_in_an_extending_template_names_its_file_and_line(site: Site, tmp_path: Path) -> None:
    (tmp_path / "base.html").write_text(
        '{% extends "credsite/base.html" %}\n{% block footer %}\n{{ no_such_thing.title }}\n{% endblock %}\n', encoding="utf-8"
    )
    with pytest.raises(TemplateProblem, match=r"base\.html:3"):
        dict(site_files(site, templates=tmp_path))
