"""Every page of the example site is valid HTML, by the Nu HTML Checker."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

NuCheck = Callable[[Sequence[Path]], list[str]]

VALID_PAGE = '<!doctype html><html lang="en"><meta charset="utf-8"><title>Fine</title><p>Fine.</p></html>'
INVALID_PAGE = '<!doctype html><html lang="en"><meta charset="utf-8"><title>Bad</title><p><div>x</span></html>'


def test_nu_check_separates_valid_and_invalid_pages(tmp_path: Path, nu_check: NuCheck) -> None:
    valid, invalid = tmp_path / "valid.html", tmp_path / "invalid.html"
    valid.write_text(VALID_PAGE, encoding="utf-8")
    invalid.write_text(INVALID_PAGE, encoding="utf-8")
    errors = nu_check([valid, invalid])
    assert errors, "the checker found nothing wrong with an invalid page"
    assert all(str(invalid) in error for error in errors), errors


def test_every_page_of_the_example_site_is_valid_html(example_site, nu_check: NuCheck) -> None:
    pages = example_site.html_files()
    assert pages, "the build wrote no HTML page"
    errors = nu_check(pages)
    assert not errors, "\n".join(errors)
