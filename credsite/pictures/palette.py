"""Colours every picture uses: ink on white, and the pairs a key picks from.

Each pair has at least 4.5:1 contrast between its two colours, and each dark
colour has at least 4.5:1 against white, so text drawn in one colour of a
pair on the other (or dark on white) meets WCAG 2.1 AA (tests check both).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

INK = "#111827"  # body text on white: 17.7:1
MUTED_INK = "#374151"  # secondary text on white: 10.3:1
WHITE = "#ffffff"


@dataclass(frozen=True)
class ColourPair:
    dark: str
    light: str


PALETTE: tuple[ColourPair, ...] = (
    ColourPair("#1d3f72", "#e8f0fb"),  # blue
    ColourPair("#0f5e56", "#e3f4f1"),  # teal
    ColourPair("#6b2c5f", "#f8e9f4"),  # plum
    ColourPair("#8a3b12", "#fdf0e6"),  # rust
    ColourPair("#2f5d1e", "#eef6e8"),  # green
    ColourPair("#4b3a8c", "#efecfa"),  # violet
    ColourPair("#7a2230", "#fbeaec"),  # crimson
    ColourPair("#1f4f63", "#e6f3f8"),  # petrol
    ColourPair("#5c4a12", "#faf4e1"),  # olive
    ColourPair("#374151", "#f1f3f6"),  # slate
)


def digest(key: str) -> bytes:
    """The bytes a picture's colours and motif are chosen from."""
    return hashlib.sha256(key.encode("utf-8")).digest()


def colours(key: str) -> ColourPair:
    """The colour pair a key always gets."""
    return PALETTE[digest(key)[0] % len(PALETTE)]
