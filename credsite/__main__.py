"""``python -m credsite``."""

from .cli import run

run()
