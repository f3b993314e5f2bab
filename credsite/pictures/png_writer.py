"""4-bit palette PNGs of a canvas whose rows are mostly blank: the social card's encoder.

A fast twin of Pillow's ``Image.save(..., "PNG", bits=4)``, which spent over
a millisecond a card on per-row overhead and compressing 380 kB of
scanlines. Here the canvas is laid out so that its packed rows are PNG
scanlines as they are, and only the rows with text are compressed; each run
of blank rows is a piece of deflate stream made once and reused. Tests in
``tests/test_pictures.py`` check that Pillow and zlib decode every card to
the canvas it was drawn on. No ancillary chunks, so no metadata.
"""

from __future__ import annotations

import functools
import struct
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

from PIL import Image

# A canvas has two extra columns on the left, always 0: packed at 4 bits a
# pixel, they become each PNG scanline's filter-type byte (0, none), so a
# packed row of the canvas is a PNG scanline as it is.
FILTER_COLUMNS = 2

# zlib's time goes with the bytes it is given. Most rows of a card have no
# text and are all alike, so only the rows with text go through zlib; each
# run of rows without text is a piece of deflate stream made once and
# reused. Pieces of deflate stream can be joined when each ends on a byte boundary
# (Z_SYNC_FLUSH) and none refers back into another. Measured on typical
# cards: 0.3 ms and 12 kB a card at level 3; level 1 saves 0.15 ms for 7%
# more, level 5 costs 0.35 ms more for 9% less. (zlib over all rows took
# 1.7 ms at level 5, and still 0.75 ms at level 1 for 16 kB.)
_TEXT_ROWS_LEVEL = 3
_PNG_FILTER_UP = 2  # a scanline stored as its difference from the one above


def _merged_rows(drawn: Sequence[range], height: int) -> list[range]:
    """The rows drawn on, as separate runs in order, within ``0..height``."""
    runs: list[range] = []
    for rows in sorted((r for r in drawn if r), key=lambda r: r.start):
        start, stop = max(rows.start, 0), min(rows.stop, height)
        if runs and start <= runs[-1].stop:
            runs[-1] = range(runs[-1].start, max(runs[-1].stop, stop))
        elif start < stop:
            runs.append(range(start, stop))
    return runs


@dataclass(frozen=True)
class _Piece:
    deflated: bytes  # raw deflate, ending on a byte boundary
    checksum: int  # Adler-32 of the uncompressed bytes
    length: int  # of the uncompressed bytes


def _deflate_piece(data: bytes, level: int) -> _Piece:
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)  # -15: raw deflate (no header), 32 kB window
    return _Piece(compressor.compress(data) + compressor.flush(zlib.Z_SYNC_FLUSH), zlib.adler32(data), len(data))


@functools.cache  # one per run length (and blank row): a few hundred over a whole build
def _blank_piece(first: bytes, rows: int) -> _Piece:
    """``rows`` scanlines that are all ``first``. Each after the first is stored
    as its difference from the one above (PNG's Up filter): all zeros."""
    rest = bytes([_PNG_FILTER_UP]) + bytes(len(first) - 1)
    return _deflate_piece(first + rest * (rows - 1), 9)


def _adler32_combine(first: int, second: int, second_length: int) -> int:
    """The Adler-32 of two byte strings one after the other, from theirs (zlib's adler32_combine)."""
    base = 65521
    first_low, first_high = first & 0xFFFF, first >> 16
    low = (first_low + (second & 0xFFFF) - 1) % base
    high = (first_high + (second >> 16) + second_length * first_low - second_length) % base
    return low | high << 16


_ZLIB_HEADER = b"\x78\x01"  # deflate with a 32 kB window, no preset dictionary
_FINAL_EMPTY_BLOCK = b"\x03\x00"  # the last block: fixed Huffman codes, nothing but its end code


def _zlib_stream(pieces: Sequence[_Piece]) -> bytes:
    """A zlib stream of the pieces one after the other."""
    checksum = zlib.adler32(b"")
    for piece in pieces:
        checksum = _adler32_combine(checksum, piece.checksum, piece.length)
    return b"".join((_ZLIB_HEADER, *(piece.deflated for piece in pieces), _FINAL_EMPTY_BLOCK, struct.pack(">I", checksum)))


def _blank_row(canvas: Image.Image, drawn: Sequence[range]) -> bytes:
    """The packed row every row outside ``drawn`` is (the first of them)."""
    row = 0
    for rows in drawn:
        if rows.start > row:
            break
        row = rows.stop
    return canvas.crop((0, row, canvas.width, row + 1)).tobytes("raw", "L;4")


def _pixels(canvas: Image.Image, drawn: Sequence[range]) -> bytes:
    """The canvas's rows as PNG scanlines in a zlib stream, given the rows that have text."""
    runs = _merged_rows(drawn, canvas.height)
    blank = _blank_row(canvas, runs)
    pieces, row = [], 0
    for rows in [*runs, range(canvas.height, canvas.height)]:
        if rows.start > row:
            pieces.append(_blank_piece(blank, rows.start - row))
        if rows:
            scanlines = canvas.crop((0, rows.start, canvas.width, rows.stop)).tobytes("raw", "L;4")
            pieces.append(_deflate_piece(scanlines, _TEXT_ROWS_LEVEL))
        row = rows.stop
    return _zlib_stream(pieces)


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def new_canvas(size: tuple[int, int], index: int) -> Image.Image:
    """A canvas of ``size`` pixels, every one palette index ``index``, with the filter columns."""
    width, height = size
    canvas = Image.new("L", (FILTER_COLUMNS + width, height), index)
    canvas.paste(0, (0, 0, FILTER_COLUMNS, height))
    return canvas


def png_4bit(canvas: Image.Image, drawn: Sequence[range], palette: bytes) -> bytes:
    """A PNG of the canvas's palette indices (0-15) and its RGB ``palette``.

    ``canvas`` is an "L" image from ``new_canvas`` (its first FILTER_COLUMNS
    columns 0, and not part of the picture); every row outside the ranges
    ``drawn`` must be the same as every other such row.
    """
    width, height = canvas.width - FILTER_COLUMNS, canvas.height
    pixels = _pixels(canvas, drawn)
    header = struct.pack(">IIBBBBB", width, height, 4, 3, 0, 0, 0)  # 4 bits, palette, deflate, adaptive filters, no interlace
    return b"".join((
        b"\x89PNG\r\n\x1a\n",
        _png_chunk(b"IHDR", header),
        _png_chunk(b"PLTE", palette),
        _png_chunk(b"IDAT", pixels),
        _png_chunk(b"IEND", b""),
    ))

