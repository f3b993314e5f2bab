"""The source folder's layout has one owner: every path a build reads is named by source_layout.py."""

from __future__ import annotations

from pathlib import Path

from credsite.source import discover
from credsite.source_layout import CATALOG_FILE, FOLDERS, item_file, item_of, portfolio_folder, portfolio_of

MINIMAL = Path(__file__).resolve().parent / "fixtures" / "minimal"


def test_item_files_and_their_ids_round_trip() -> None:
    for kind in FOLDERS:
        assert item_of(kind, item_file(kind, "morning-meetings")) == "morning-meetings"
    assert item_file("credential", "circles") == "catalog/credentials/circles.yaml"
    assert item_file("portfolio", "sam") == "portfolios/sam.yaml"
    assert CATALOG_FILE == "catalog/catalog.yaml"


def test_only_an_items_own_yaml_file_names_it() -> None:
    assert item_of("credential", "catalog/credentials/images/circles.yaml") is None
    assert item_of("credential", "catalog/credentials/circles.png") is None
    assert item_of("credential", "catalog/stacks/circles.yaml") is None


def test_a_portfolios_files_belong_to_it() -> None:
    assert portfolio_of(item_file("portfolio", "sam")) == "sam"
    assert portfolio_of(f"{portfolio_folder('sam')}/evidence/plan.pdf") == "sam"
    assert portfolio_of("catalog/credentials/sam.yaml") is None
    assert portfolio_of("portfoliosx/sam.yaml") is None


def test_discovery_finds_each_item_where_the_layout_puts_it() -> None:
    found, problems = discover(MINIMAL)
    assert not problems
    assert found and all(relative == item_file(kind, item_id) for kind, item_id, relative in found)
