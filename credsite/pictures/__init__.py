"""Deterministic pictures: badges, social cards, QR codes.

Every picture depends only on its arguments (no clock, no randomness: the
colours and motifs come from a SHA-256 of a key), so the same input gives
the same bytes. SVG text is XML-escaped, characters XML cannot carry are
dropped, and no SVG has scripts or external references. Each picture has a
short built-in ``<title>``; the page that shows it supplies the real text
alternative (alt text).

Colours come in pairs (dark, light) with at least 4.5:1 contrast, and text
is only ever drawn in one colour of a pair on the other (or dark on white),
so text meets WCAG 2.1 AA contrast wherever it sits.

The modules:

- ``palette``: the colour pairs, ink colours, and the pair a key gets;
- ``svg``: what every SVG picture shares (XML-escaped text, the font stack);
- ``badge``, ``qr``: the SVG pictures;
- ``card``: the social card's layout and colours; ``card_badge`` draws the
  badges on it (badge_svg's design in the card's palette), ``card_text`` lays
  out and draws its text (a fast twin of Pillow's text drawing),
  ``png_writer`` stores it (a fast twin of Pillow's 4-bit PNG writer);
- ``qr_encoder``: QR codes for passport addresses (a fast twin of segno).

Each fast twin is held to the library it replaces by property tests in
``tests/test_pictures.py``.
"""

from .badge import badge_svg, initials
from .card import CARD_SIZE, MAX_BADGES, CardBadge, logo_layer, social_card_png
from .palette import PALETTE, ColourPair, colours
from .qr import qr_svg

__all__ = [
    "CARD_SIZE",
    "MAX_BADGES",
    "CardBadge",
    "PALETTE",
    "ColourPair",
    "badge_svg",
    "colours",
    "initials",
    "logo_layer",
    "qr_svg",
    "social_card_png",
]
