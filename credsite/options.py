"""Command-line options shared by several commands."""

from __future__ import annotations

from pathlib import Path

import click

source_option = click.option(
    "--source",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=Path("."),
    show_default="current folder",
    help="Folder holding catalog/ and portfolios/.",
)
