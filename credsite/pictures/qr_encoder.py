"""QR codes for passport addresses, made without segno's per-module Python: a fast twin.

Every educator has a QR code, so they are made here rather than by segno,
which places and masks each module in Python (about 1 ms a code; this takes
about a tenth of that). A version's layout is worked out once; a code is then
its codewords' bits gathered into that layout in one step. The codes are the
ones segno makes for the same address (error level M, raised while the size
allows, the given mask), module for module: tests compare the two over
thousands of addresses, every version and every mask. Only byte-mode text is
encoded here; ``qr.py`` gives anything else to segno.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Container, Sequence
from dataclasses import dataclass

# ISO/IEC 18004 table 9, versions 1-40: error correction codewords per block,
# and blocks, for levels M, Q and H (the levels a code asked for at M can have).
_QR_ECC_PER_BLOCK = {
    "M": (10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26,
          26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28),
    "Q": (13, 22, 18, 26, 18, 24, 18, 22, 20, 24, 28, 26, 24, 20, 30, 24, 28, 28, 26, 30,
          28, 30, 30, 30, 30, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30),
    "H": (17, 28, 22, 16, 22, 28, 26, 26, 24, 28, 24, 28, 22, 24, 24, 30, 28, 28, 26, 28,
          30, 24, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30),
}
_QR_BLOCKS = {
    "M": (1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16,
          17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49),
    "Q": (1, 1, 2, 2, 4, 4, 6, 6, 8, 8, 8, 10, 12, 16, 12, 17, 16, 18, 21, 20,
          23, 23, 25, 27, 29, 34, 34, 35, 38, 40, 43, 45, 48, 51, 53, 56, 59, 62, 65, 68),
    "H": (1, 1, 2, 4, 4, 4, 5, 6, 8, 8, 11, 11, 16, 16, 18, 16, 19, 21, 25, 25,
          25, 34, 30, 32, 35, 37, 40, 42, 45, 48, 51, 54, 57, 60, 63, 66, 70, 74, 77, 81),
}
_QR_FORMAT_LEVEL_BITS = {"M": 0b00, "Q": 0b11, "H": 0b10}
# Whether each data mask pattern inverts the module at (row, column).
_QR_MASKS: tuple[Callable[[int, int], bool], ...] = (
    lambda row, column: (row + column) % 2 == 0,
    lambda row, column: row % 2 == 0,
    lambda row, column: column % 3 == 0,
    lambda row, column: (row + column) % 3 == 0,
    lambda row, column: (row // 2 + column // 3) % 2 == 0,
    lambda row, column: row * column % 2 + row * column % 3 == 0,
    lambda row, column: (row * column % 2 + row * column % 3) % 2 == 0,
    lambda row, column: ((row + column) % 2 + row * column % 3) % 2 == 0,
)
_QR_ALPHANUMERIC = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")


def _qr_size(version: int) -> int:
    return 17 + 4 * version


def _qr_raw_codewords(version: int) -> int:
    """Codewords (data and error correction) a version holds; the modules left over stay as remainder bits."""
    modules = (16 * version + 128) * version + 64
    if version >= 2:
        alignments = version // 7 + 2
        modules -= (25 * alignments - 10) * alignments - 55
        if version >= 7:
            modules -= 36  # the two version information blocks
    return modules // 8


def _qr_data_codewords(version: int, level: str) -> int:
    index = version - 1
    return _qr_raw_codewords(version) - _QR_ECC_PER_BLOCK[level][index] * _QR_BLOCKS[level][index]


def _qr_stream_bits(version: int, data: bytes) -> int:
    """Bits of a byte-mode segment: mode indicator, character count, data."""
    return 4 + (8 if version < 10 else 16) + 8 * len(data)


def _qr_version_and_level(data: bytes) -> tuple[int, str] | None:
    """segno's choice: the smallest version that holds the data at level M,
    then the highest level up to H that still fits that version."""
    for version in range(1, 41):
        needed = _qr_stream_bits(version, data)
        if _qr_data_codewords(version, "M") * 8 >= needed:
            level = "M"
            for higher in ("Q", "H"):
                if _qr_data_codewords(version, higher) * 8 < needed:
                    break
                level = higher
            return version, level
    return None


def _qr_data(version: int, data: bytes, capacity: int) -> bytes:
    """The data codewords: byte-mode segment, terminator, padding."""
    count_bits = 8 if version < 10 else 16
    stream = ((0b0100 << count_bits | len(data)) << 8 * len(data) | int.from_bytes(data, "big")) << 4  # 4: terminator
    # The mode indicator and terminator make the stream whole bytes; segno
    # then adds a zero byte before the pad codewords (harmless: readers stop
    # at the terminator), kept so that the codes stay segno's.
    codewords = stream.to_bytes(_qr_stream_bits(version, data) // 8 + 1, "big") + b"\x00"
    return (codewords + b"\xec\x11" * capacity)[:capacity]


def _gf_tables() -> tuple[list[int], list[int]]:
    """Powers of 2 in GF(256) with the QR polynomial x^8 + x^4 + x^3 + x^2 + 1
    (twice round, so that a sum of two logarithms needs no modulo), and logarithms."""
    powers, logarithms = [], [0] * 256
    value = 1
    for power in range(510):
        powers.append(value)
        if power < 255:
            logarithms[value] = power
        value <<= 1
        if value & 0x100:
            value ^= 0x11D
    return powers, logarithms


_GF_EXP, _GF_LOG = _gf_tables()  # for Reed-Solomon error correction


def _gf_multiply(a: int, b: int) -> int:
    return 0 if a == 0 or b == 0 else _GF_EXP[_GF_LOG[a] + _GF_LOG[b]]


@functools.cache  # one per block length in use: a handful
def _rs_step_table(degree: int) -> tuple[int, ...]:
    """For each feedback byte, the generator polynomial times it, as a ``degree``-byte integer."""
    generator = [1]  # coefficients, highest power first: the product of (x - a^i) for i < degree
    for i in range(degree):
        root = _GF_EXP[i]
        generator = [a ^ _gf_multiply(b, root) for a, b in zip([*generator, 0], [0, *generator], strict=True)]
    divisor = generator[1:]
    return tuple(int.from_bytes(bytes(_gf_multiply(c, f) for c in divisor), "big") for f in range(256))


def _rs_remainder(block: bytes, degree: int) -> bytes:
    """The ``degree`` error correction codewords of a data block."""
    table = _rs_step_table(degree)
    shift, mask = 8 * (degree - 1), (1 << 8 * degree) - 1
    remainder = 0
    for byte in block:
        remainder = ((remainder << 8) & mask) ^ table[byte ^ (remainder >> shift)]
    return remainder.to_bytes(degree, "big")


def _interleaved(blocks: Sequence[bytes]) -> bytes:
    longest = max(len(block) for block in blocks)
    return bytes(block[i] for i in range(longest) for block in blocks if i < len(block))


def _qr_codewords(version: int, level: str, data: bytes) -> bytes:
    """Data and error correction codewords, split into blocks and interleaved."""
    index = version - 1
    blocks, degree = _QR_BLOCKS[level][index], _QR_ECC_PER_BLOCK[level][index]
    raw = _qr_raw_codewords(version)
    short_blocks, short_length = blocks - raw % blocks, raw // blocks - degree  # the others hold one more data codeword
    codewords = _qr_data(version, data, _qr_data_codewords(version, level))
    data_blocks, start = [], 0
    for block in range(blocks):
        length = short_length + (block >= short_blocks)
        data_blocks.append(codewords[start : start + length])
        start += length
    return _interleaved(data_blocks) + _interleaved([_rs_remainder(block, degree) for block in data_blocks])


def _bch(value: int, generator: int) -> int:
    """``value`` followed by its BCH check bits for ``generator``."""
    degree = generator.bit_length() - 1
    remainder = value << degree
    for bit in range(remainder.bit_length() - 1, degree - 1, -1):
        if remainder >> bit & 1:
            remainder ^= generator << (bit - degree)
    return value << degree | remainder


def _alignment_centres(version: int) -> list[int]:
    if version == 1:
        return []
    count = version // 7 + 2
    step = (version * 8 + count * 3 + 5) // (count * 4 - 4) * 2
    last = _qr_size(version) - 7
    return [6, *reversed([last - step * i for i in range(count - 1)])]


def _function_modules(version: int, level: str, mask: int) -> dict[tuple[int, int], int]:
    """Every module that is not data, keyed (row, column), with its colour (1 dark)."""
    size = _qr_size(version)
    modules: dict[tuple[int, int], int] = {}
    for i in range(size):  # timing patterns
        modules[6, i] = modules[i, 6] = int(i % 2 == 0)
    for top, left in ((0, 0), (0, size - 7), (size - 7, 0)):  # finders with their separators
        for dy in range(-1, 8):
            for dx in range(-1, 8):
                if 0 <= top + dy < size and 0 <= left + dx < size:
                    ring = max(abs(dy - 3), abs(dx - 3))
                    modules[top + dy, left + dx] = int(ring != 2 and ring != 4)
    centres = _alignment_centres(version)
    corners = {(centres[0], centres[0]), (centres[0], centres[-1]), (centres[-1], centres[0])} if centres else set()
    for cy in centres:
        for cx in centres:
            if (cy, cx) in corners:  # they would overlap a finder
                continue
            for dy in range(-2, 3):
                for dx in range(-2, 3):
                    modules[cy + dy, cx + dx] = int(max(abs(dy), abs(dx)) != 1)
    format_bits = _bch(_QR_FORMAT_LEVEL_BITS[level] << 3 | mask, 0x537) ^ 0x5412
    around_top_left = [(row, 8) for row in (0, 1, 2, 3, 4, 5, 7, 8)] + [(8, column) for column in (7, 5, 4, 3, 2, 1, 0)]
    split_copy = [(8, size - 1 - i) for i in range(8)] + [(size - 7 + i, 8) for i in range(7)]
    for i, (first, second) in enumerate(zip(around_top_left, split_copy, strict=True)):  # bit 0 first
        modules[first] = modules[second] = format_bits >> i & 1
    modules[size - 8, 8] = 1  # the dark module
    if version >= 7:
        version_bits = _bch(version, 0x1F25)
        for i in range(18):
            bit = version_bits >> i & 1
            modules[i // 3, size - 11 + i % 3] = modules[size - 11 + i % 3, i // 3] = bit
    return modules


def _data_order(size: int, functions: Container[tuple[int, int]]) -> list[tuple[int, int]]:
    """The data modules in the order the codeword bits fill them: two-column
    strips from the right, alternately upwards and downwards, skipping column 6."""
    order: list[tuple[int, int]] = []
    for right in range(size - 1, 0, -2):
        if right <= 6:
            right -= 1
        upwards = ((right + 1) & 2) == 0
        for step in range(size):
            row = size - 1 - step if upwards else step
            order.extend((row, column) for column in (right, right - 1) if (row, column) not in functions)
    return order


@dataclass(frozen=True)
class _QrLayout:
    size: int
    template: bytes  # every module row by row, data modules 0
    gather: list[int]  # for each module, where its colour is in template + data bits + inverted data bits
    data_modules: int


@functools.cache  # one per version and level: a few over a whole state
def _qr_layout(version: int, level: str, mask: int) -> _QrLayout:
    size = _qr_size(version)
    functions = _function_modules(version, level, mask)
    inverted = _QR_MASKS[mask]
    template = bytearray(size * size)
    gather = list(range(size * size))
    for (row, column), colour in functions.items():
        template[row * size + column] = colour
    order = _data_order(size, functions)
    for bit, (row, column) in enumerate(order):
        gather[row * size + column] = size * size + bit + (len(order) if inverted(row, column) else 0)
    return _QrLayout(size, bytes(template), gather, len(order))


_BYTE_BITS = [bytes(value >> (7 - i) & 1 for i in range(8)) for value in range(256)]
_INVERT_BITS = bytes.maketrans(b"\x00\x01", b"\x01\x00")


def _byte_mode_data(url: str) -> bytes | None:
    """The bytes segno puts in a byte-mode segment for this text; None where
    segno would choose another mode (all digits or capitals) or encoding."""
    if not url.isascii() or set(url) <= _QR_ALPHANUMERIC:
        return None
    return url.encode("ascii")


def byte_mode_matrix(url: str, mask: int) -> list[bytes] | None:
    """The QR code's rows, 1 for a dark module and 0 for a light one, as segno
    makes them; None for text segno would not put in byte mode, or too long for any version."""
    data = _byte_mode_data(url)
    choice = _qr_version_and_level(data) if data is not None else None
    if data is None or choice is None:
        return None
    version, level = choice
    layout = _qr_layout(version, level, mask)
    bits = b"".join(map(_BYTE_BITS.__getitem__, _qr_codewords(version, level, data)))
    bits += bytes(layout.data_modules - len(bits))  # remainder bits
    modules = bytes(map((layout.template + bits + bits.translate(_INVERT_BITS)).__getitem__, layout.gather))
    size = layout.size
    return [modules[start : start + size] for start in range(0, size * size, size)]
