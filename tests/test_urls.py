"""The URL layout's links between pages."""

from __future__ import annotations

import posixpath
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from credsite.schema import SLUG_PATTERN
from credsite.urls import EDUCATORS, EDUCATORS_INDEX, Urls, educators_page

_PARTS = st.sampled_from(["educators", "credentials", "a", "b", "x-1", "index.html", "card.png", ".", ".."])
_SITE_PATHS = st.builds(
    lambda parts, folder: "/".join(parts) + ("/" if folder and parts else ""),
    st.lists(_PARTS, max_size=4),
    st.booleans(),
)


def _by_relpath(from_page: str, site_path: str) -> str:
    """The definition: posixpath.relpath between the two folders."""
    from_dir = from_page if from_page.endswith("/") or from_page == "" else posixpath.dirname(from_page) + "/"
    if from_dir in ("", "/"):
        return site_path or "./"
    target = posixpath.relpath("/" + site_path, "/" + from_dir.rstrip("/"))
    if site_path.endswith("/") or site_path == "":
        target = "./" if target == "." else target + "/"
    return target


@given(_SITE_PATHS, _SITE_PATHS)
def test_relative_links_are_what_relpath_gives(from_page: str, site_path: str) -> None:
    assert Urls("https://example.org/site/").relative(from_page, site_path) == _by_relpath(from_page, site_path)


def test_relative_links_between_typical_pages() -> None:
    urls = Urls("https://example.org/")
    assert urls.relative("educators/ana/", "credentials/reading/") == "../../credentials/reading/"
    assert urls.relative("educators/ana/", "educators/ana/card.png") == "card.png"
    assert urls.relative("educators/ana/", "educators/") == "../"
    assert urls.relative("educators/ana/", "educators/ana/") == "./"
    assert urls.relative("", "assets/site.css") == "assets/site.css"


def test_directory_pages_follow_the_first_and_never_meet_an_educator_folder() -> None:
    assert educators_page(1) == EDUCATORS
    assert educators_page(2) == "educators/page_2/"
    assert EDUCATORS_INDEX.startswith(EDUCATORS)
    for number in range(2, 500):
        folder = educators_page(number).removeprefix(EDUCATORS).rstrip("/")
        assert not re.fullmatch(SLUG_PATTERN, folder)  # no portfolio id can be a page's folder
    assert not re.fullmatch(SLUG_PATTERN, EDUCATORS_INDEX.removeprefix(EDUCATORS))
    with pytest.raises(ValueError):
        educators_page(0)
