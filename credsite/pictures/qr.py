"""A passport's QR code as a scalable SVG.

The modules come from ``qr_encoder`` (a fast twin of segno for the byte-mode
text every address is), or from segno for any other text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import segno

from .palette import WHITE
from .qr_encoder import byte_mode_matrix
from .svg import xml_text

QR_BORDER = 4  # the quiet zone the QR standard asks for, in modules
# A fixed data mask skips segno's search over all eight (most of the time a
# code takes). Any mask gives a valid code; mask 2 (vertical stripes every
# third column) scored within 3% of the best mask's penalty on average, and
# never worse than 15%, over a sample of passport addresses.
QR_MASK = 2


def qr_matrix(url: str, mask: int = QR_MASK) -> list[bytes]:
    """The QR code's rows, 1 for a dark module and 0 for a light one (error level M, raised while the size allows)."""
    matrix = byte_mode_matrix(url, mask)
    if matrix is None:  # segno encodes it, or says why it cannot
        return [bytes(row) for row in segno.make(url, error="m", micro=False, mask=mask).matrix]
    return matrix


_DARK_RUN = re.compile(b"\x01+")  # matrix rows hold 1 for a dark module, 0 for a light one


def _qr_path(matrix: Sequence[bytes | bytearray]) -> str:
    """SVG path data: one relative horizontal stroke per run of dark modules.

    Strokes are 1 unit wide and centred half a unit below the row's top, so
    each covers exactly its run's modules.
    """
    parts = []
    pen: tuple[int, int] | None = None  # where the last stroke ended, in modules
    for y, row in enumerate(matrix, start=QR_BORDER):
        for run in _DARK_RUN.finditer(row):
            start, end = run.start() + QR_BORDER, run.end() + QR_BORDER
            if pen is None:
                parts.append(f"M{start} {y}.5h{end - start}")
            else:
                parts.append(f"m{start - pen[0]} {y - pen[1]}h{end - start}")
            pen = (end, y)
    return "".join(parts)


def qr_svg(url: str) -> str:
    """A QR code of ``url``, scaled by its viewBox, with a white quiet zone."""
    matrix = qr_matrix(url)
    size = len(matrix) + 2 * QR_BORDER
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" role="img" '
        'shape-rendering="crispEdges">'
        f'<title>QR code for {xml_text(url)}</title>'
        f'<rect width="{size}" height="{size}" fill="{WHITE}"/>'
        f'<path fill="none" stroke="#000" d="{_qr_path(matrix)}"/>'
        "</svg>\n"
    )

