from __future__ import annotations

import io
import itertools
import re
import string
import struct
import xml.etree.ElementTree as ET
import zlib

import pytest
import segno
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw

from credsite.pictures import (
    CARD_SIZE,
    CardBadge,
    PALETTE,
    badge_svg,
    card,
    card_badge,
    card_text,
    colours,
    initials,
    palette,
    png_writer,
    qr,
    qr_encoder,
    qr_svg,
    social_card_png,
)
from credsite.pictures.card_text import wrap
from credsite.pictures.qr import QR_BORDER, QR_MASK

SVG = "{http://www.w3.org/2000/svg}"
NASTY = "<b>Tom & \"Jerry's\"</b>"


def relative_luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert "<script" not in svg.lower()
    assert "href" not in svg  # no external references
    return root


def title_of(root: ET.Element) -> str:
    first = root[0]
    assert first.tag == f"{SVG}title"
    return first.text or ""


# --- colours ---------------------------------------------------------------


def test_palette_pairs_have_text_contrast() -> None:
    assert len(PALETTE) >= 10
    for pair in PALETTE:
        assert contrast(pair.dark, pair.light) >= 4.5, pair
        assert contrast(pair.dark, "#ffffff") >= 4.5, pair


def test_ink_contrast_on_white() -> None:
    assert contrast(palette.INK, palette.WHITE) >= 4.5
    assert contrast(palette.MUTED_INK, palette.WHITE) >= 4.5


def test_colours_are_deterministic_and_spread() -> None:
    assert colours("morning-meetings") == colours("morning-meetings")
    assert len({colours(f"credential-{i}") for i in range(60)}) >= 8


# --- badge -----------------------------------------------------------------


def test_initials() -> None:
    assert initials("Morning Meetings for Social-Emotional Learning") == "MMS"
    assert initials("Wait time") == "WT"
    assert initials("The Art of the Question") == "AQ"
    assert initials("123") == "123"
    assert initials("!!!") == "?"


def test_badge_is_well_formed_svg() -> None:
    root = parse(badge_svg("Morning Meetings", "Social-Emotional Learning", "morning-meetings"))
    assert root.get("viewBox") == "0 0 256 256"
    assert title_of(root) == "Morning Meetings — Social-Emotional Learning"


def test_badge_escapes_text() -> None:
    svg = badge_svg(NASTY, NASTY, "k")
    root = parse(svg)
    assert title_of(root) == f"{NASTY} — {NASTY}"
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert any(t is not None and "Tom &" in t for t in texts)
    assert "<b>" not in svg


def test_badge_drops_characters_xml_cannot_carry() -> None:
    root = parse(badge_svg("Bad\x00title\x1b", "Topic\ufffe", "k"))
    assert title_of(root) == "Badtitle — Topic"


def test_badge_is_deterministic() -> None:
    assert badge_svg("A title", "A topic", "key") == badge_svg("A title", "A topic", "key")


def test_badges_differ_by_key() -> None:
    badges = {badge_svg("Same title", "Same topic", f"credential-{i}") for i in range(20)}
    assert len(badges) == 20


def test_badge_text_sits_on_its_contrasting_pair() -> None:
    pair = colours("morning-meetings")
    root = parse(badge_svg("Morning Meetings", "Social-Emotional Learning", "morning-meetings"))
    letters, ribbon = list(root.iter(f"{SVG}text"))
    # The initials sit on the inner dark hexagon, the topic on the light ribbon.
    inner = [p for p in root.iter(f"{SVG}polygon") if p.get("fill") == pair.dark and p.get("stroke") is None]
    assert inner and letters.get("fill") == pair.light
    ribbon_rect = next(root.iter(f"{SVG}rect"))
    assert ribbon_rect.get("fill") == pair.light and ribbon.get("fill") == pair.dark


def test_badge_long_topic_is_shortened() -> None:
    root = parse(badge_svg("T", "Postsecondary Success and Graduation Rates for All Students in Kansas", "k"))
    ribbon = list(root.iter(f"{SVG}text"))[1]
    assert ribbon.text is not None and ribbon.text.endswith("…")
    assert ribbon.get("font-size") == "11"


def test_badge_short_topic_keeps_full_size() -> None:
    ribbon = list(parse(badge_svg("T", "Questioning", "k")).iter(f"{SVG}text"))[1]
    assert ribbon.text == "Questioning"
    assert ribbon.get("font-size") == "16"


# --- social card -----------------------------------------------------------


def make_card(**overrides: object) -> bytes:
    arguments: dict[str, object] = {
        "title": "Morning Meetings for Social-Emotional Learning",
        "subtitle": "Kansas State Department of Education",
        "lines": ["15 hours", "20 PD points"],
        "site_title": "Kansas Educator Micro-credentials",
        "accent_key": "morning-meetings",
    }
    arguments.update(overrides)
    return social_card_png(**arguments)  # type: ignore[arg-type]


def test_card_size_and_format() -> None:
    image = Image.open(io.BytesIO(make_card()))
    assert image.format == "PNG"
    assert image.size == CARD_SIZE == (1200, 630)


def test_card_is_deterministic_without_metadata() -> None:
    first = make_card()
    assert first == make_card()
    image = Image.open(io.BytesIO(first))
    assert not {"tIME", "date:create", "Software"} & set(image.info)
    assert b"tIME" not in first and b"tEXt" not in first


def test_card_differs_by_accent_and_text() -> None:
    assert make_card() != make_card(accent_key="another-key-entirely")
    assert make_card() != make_card(title="Another title")


def test_card_accent_band_uses_the_key_colour() -> None:
    image = Image.open(io.BytesIO(make_card())).convert("RGB")
    dark = colours("morning-meetings").dark
    assert image.getpixel((10, 300)) == tuple(int(dark[i : i + 2], 16) for i in (1, 3, 5))


def test_card_keeps_a_bottom_margin_with_many_lines() -> None:
    long_title = " ".join(["Extraordinarily"] * 40)
    image = Image.open(io.BytesIO(make_card(title=long_title, lines=[f"Detail line {i}" for i in range(20)])))
    margin = image.convert("L").crop((60, card._CARD_BOTTOM, CARD_SIZE[0], CARD_SIZE[1]))
    assert margin.getextrema() == (255, 255)


def test_card_survives_odd_text() -> None:
    image = Image.open(io.BytesIO(make_card(title="x" * 500, subtitle="", lines=[], site_title="\x00 ✓ 教育")))
    assert image.size == CARD_SIZE


def png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    """(type, data) of every chunk, checking each chunk's CRC."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, position = [], 8
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind, body = data[position + 4 : position + 8], data[position + 8 : position + 8 + length]
        (crc,) = struct.unpack(">I", data[position + 8 + length : position + 12 + length])
        assert crc == zlib.crc32(kind + body), kind
        chunks.append((kind, body))
        position += 12 + length
    return chunks


def rgb(hex_colour: str) -> tuple[int, int, int]:
    return int(hex_colour[1:3], 16), int(hex_colour[3:5], 16), int(hex_colour[5:7], 16)


def test_card_is_a_4_bit_palette_png_without_extra_chunks() -> None:
    data = make_card()
    chunks = png_chunks(data)
    assert [kind for kind, _ in chunks] == [b"IHDR", b"PLTE", b"IDAT", b"IEND"]
    width, height, depth, colour_type, _, _, interlace = struct.unpack(">IIBBBBB", chunks[0][1])
    assert (width, height, depth, colour_type, interlace) == (*CARD_SIZE, 4, 3, 0)
    assert len(chunks[1][1]) == 16 * 3
    image = Image.open(io.BytesIO(data))
    image.load()
    assert image.mode == "P"


def test_card_text_is_drawn_in_its_colours() -> None:
    pair = colours("morning-meetings")
    used = {colour for _, colour in Image.open(io.BytesIO(make_card())).convert("RGB").getcolors(16) or []}
    assert rgb(palette.INK) in used  # the title
    assert rgb(pair.dark) in used and rgb(pair.light) in used  # the accent band
    muted = card._card_palette(card.pair_colours(pair))[3 * card._MUTED_TABLE[255] :][:3]
    assert tuple(muted) in used  # the site title and the lines
    assert contrast("#" + muted.hex(), palette.WHITE) >= 7


@pytest.mark.parametrize("table", ["_INK_TABLE", "_MUTED_TABLE"])
def test_card_antialiasing_stays_close_to_an_exact_blend(table: str) -> None:
    """Each glyph coverage maps to a palette shade within about half a step of the exact colour."""
    colour_table = card._card_palette(card.pair_colours(colours("key")))
    lookup = getattr(card, table)
    shade = colour_table[3 * lookup[255] :][:3]
    tolerance = 255 / card._INK_SHADES / 2 + 1
    for coverage in range(256):
        drawn = colour_table[3 * lookup[coverage] :][:3]
        exact = [255 + (channel - 255) * coverage / 255 for channel in shade]
        assert all(abs(d - e) <= tolerance for d, e in zip(drawn, exact, strict=True)), coverage
    assert lookup[0] == 0 and colour_table[:3] == b"\xff\xff\xff"


BADGES = (
    CardBadge("Morning Meetings for Social-Emotional Learning", "Social-Emotional Learning", "morning-meetings"),
    CardBadge("Dialogic Reading", "Kindergarten Readiness", "dialogic-reading"),
    CardBadge("Restorative Circles", "Graduation", "restorative-circles"),
)


def test_a_card_draws_its_badges_in_their_colours_and_the_band_in_the_front_one() -> None:
    image = Image.open(io.BytesIO(make_card(badges=BADGES))).convert("RGB")
    used = {colour for _, colour in image.getcolors(16) or []}
    for badge in BADGES:
        pair = colours(badge.key)
        assert {rgb(pair.dark), rgb(pair.light)} <= used, badge.key
    front = colours(BADGES[0].key).dark
    assert image.getpixel((10, 300)) == rgb(front)
    # The front badge is in front: its centre is its own dark colour.
    centre_x, centre_y, _ = card._BADGE_PLACES[3][0]
    assert image.getpixel((centre_x - 60, centre_y - 40)) == rgb(front)


def test_more_than_three_badges_draw_the_first_three() -> None:
    assert make_card(badges=BADGES + (CardBadge("Another", "Topic", "x"),)) == make_card(badges=BADGES)


def test_a_badge_is_badge_svgs_design_in_four_tones() -> None:
    levels = card_badge.badge_levels("Morning Meetings", "Social-Emotional Learning", "morning-meetings", 272)
    assert levels.size == (272, 272)
    assert set(levels.tobytes()) <= {card_badge.OUTSIDE, card_badge.LIGHT, card_badge.MID, card_badge.DARK}
    assert levels.getpixel((2, 2)) == card_badge.OUTSIDE  # the margin
    column = [levels.getpixel((136, y)) for y in range(8, 34)]  # down from the top corner
    bands = [level for i, level in enumerate(column) if i == 0 or column[i - 1] != level]
    # Edge, dark outer stroke, light band, dark fill, light ring, dark fill again.
    assert bands == [card_badge.MID, card_badge.DARK, card_badge.LIGHT, card_badge.DARK, card_badge.LIGHT, card_badge.DARK]
    assert levels.getpixel((40, 206)) == card_badge.LIGHT and levels.getpixel((26, 206)) == card_badge.DARK  # ribbon, its tail
    first = levels.tobytes()
    card_badge.badge_levels.cache_clear()
    assert card_badge.badge_levels("Morning Meetings", "Social-Emotional Learning", "morning-meetings", 272).tobytes() == first


def test_a_catalog_badge_image_is_drawn_in_its_own_colours() -> None:
    picture = Image.new("RGB", (64, 64), (200, 30, 30))
    picture.paste((20, 120, 40), (0, 32, 64, 64))
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    image = Image.open(io.BytesIO(make_card(badges=(CardBadge("Own art", "Topic", "own", buffer.getvalue()),)))).convert("RGB")
    used = {colour for _, colour in image.getcolors(16) or []}
    assert (200, 30, 30) in used and (20, 120, 40) in used
    assert make_card(badges=(CardBadge("Own art", "Topic", "own", b"not an image"),))  # drawn as badge_svg draws it


def test_the_issuer_logo_is_drawn_in_ink_beside_its_name() -> None:
    logo = Image.new("RGBA", (300, 100), (0, 0, 0, 0))
    logo.paste((30, 90, 200, 255), (20, 10, 280, 90))
    buffer = io.BytesIO()
    logo.save(buffer, "PNG")
    layer = card.logo_layer(buffer.getvalue())
    assert layer is not None and layer.height <= card._LOGO_HEIGHT and layer.width <= card._LOGO_MAX_WIDTH
    assert set(layer.tobytes()) <= set(range(card._FIRST_BADGE_INDEX))  # white and ink shades only
    assert card.logo_layer(b"not an image") is None
    with_logo = make_card(issuer="Issued by the State", logo=layer)
    assert with_logo != make_card(issuer="Issued by the State") != make_card()


def test_a_long_subtitle_wraps_to_two_lines_before_it_is_cut() -> None:
    headline = "Kindergarten teacher, Prairie Wind Elementary (USD 457), Garden City"
    lines = card_text.wrap(headline, card_text.lato(card.SUBTITLE_SIZE), card._TEXT_RIGHT_BESIDE_BADGES - card._CARD_LEFT, 2)
    assert len(lines) == 2 and " ".join(lines) == headline  # the whole headline, no ellipsis


def test_phrases_wrap_between_them() -> None:
    width = card._TEXT_RIGHT_BESIDE_BADGES - card._CARD_LEFT
    lines = card._wrapped_line(("4 current micro-credentials", "1 revoked", "renewal met"), width)
    assert lines == ["4 current micro-credentials · 1 revoked", "renewal met"]
    assert card._wrapped_line(("5 micro-credentials", "renewal met"), width) == ["5 micro-credentials · renewal met"]


def test_card_bytes_do_not_depend_on_the_text_cache() -> None:
    first = make_card()
    card_text.text_layer.cache_clear()
    make_card(title="Something else to fill the cache", lines=["15 hours", "other"])
    assert make_card() == first
    for cached in (card_text.text_layer, card_text._length, card_text._glyph, card_text._kerning, png_writer._blank_piece):
        cached.cache_clear()
    assert make_card() == first


# Text of the kind cards carry: letters with and without accents, digits,
# punctuation, and characters that Lato lacks or that draw nothing.
CARD_TEXT = st.text(alphabet="aAgjkpqTVWyfilÄéñßŁőễ07.,'-—…·&()/✓教 \u200f\u202e", max_size=40)
CARD_SIZES = st.sampled_from([30, 38, 66])


@settings(max_examples=200, deadline=None)
@given(CARD_TEXT, CARD_SIZES)
def test_text_length_is_what_pillow_measures(text: str, size: int) -> None:
    assert card_text._length(size, text) == card_text.lato(size).getlength(text)


def drawn_by_pillow(text: str, size: int) -> Image.Image:
    """The line drawn by Pillow in one go, its origin at (size, size) on a canvas with room around it."""
    font = card_text.lato(size)
    canvas = Image.new("L", (int(font.getlength(text)) + 4 * size, 3 * size))
    ImageDraw.Draw(canvas).text((size, size), text, font=font, fill=255)
    return canvas


def assert_drawn_as_pillow_draws_it(text: str, size: int) -> None:
    expected = drawn_by_pillow(text, size)
    composed = Image.new("L", expected.size)
    drawn = card_text.text_coverage(text, size)
    if drawn is not None:
        (left, top), coverage = drawn
        composed.paste(coverage, (size + left, size + top))
    assert composed.tobytes() == expected.tobytes()


@settings(max_examples=200, deadline=None)
@given(CARD_TEXT, CARD_SIZES)
def test_text_is_drawn_pixel_for_pixel_as_pillow_draws_it(text: str, size: int) -> None:
    assert_drawn_as_pillow_draws_it(text, size)


@pytest.mark.parametrize("text", ["ffi fj Tý", "AVAWAy", "rn.,'", "Tomás Núñez-García"])
def test_overlapping_letters_blend_as_pillow_blends_them(text: str) -> None:
    # Antialiased edges of neighbouring letters overlap in tight pairs like these.
    for size in (30, 38, 66):
        assert_drawn_as_pillow_draws_it(text, size)


CARD_CASES = {
    "typical": {},
    "no subtitle or lines": {"subtitle": "", "lines": []},
    "dense": {"title": "Postsecondary Success and Graduation Rates for All Students in Every Kansas District",
              "lines": ["Social-Emotional Learning, Classroom Community", "15 hours", "Grades 3-12"]},
    "nothing drawn": {"title": "", "subtitle": "", "lines": [], "site_title": ""},
    "overflowing": {"title": " ".join(["Extraordinarily"] * 40), "lines": [f"Detail line {i}" for i in range(20)]},
    "three badges": {"badges": BADGES, "issuer": "Issued by Kansas State Department of Education"},
    "one badge and phrases": {"badges": BADGES[:1], "lines": [("5 verified micro-credentials", "renewal met")]},
}


@pytest.mark.parametrize("overrides", CARD_CASES.values(), ids=CARD_CASES.keys())
def test_card_decodes_to_what_was_drawn(overrides: dict[str, object], monkeypatch: pytest.MonkeyPatch) -> None:
    canvases: list[Image.Image] = []
    write = png_writer.png_4bit

    def keep_canvas(canvas: Image.Image, drawn: list[range], palette: bytes) -> bytes:
        canvases.append(canvas.copy())
        return write(canvas, drawn, palette)

    monkeypatch.setattr(card, "png_4bit", keep_canvas)
    data = make_card(**overrides)
    image = Image.open(io.BytesIO(data))
    image.load()
    canvas = canvases[0]
    assert image.tobytes() == canvas.crop((png_writer.FILTER_COLUMNS, 0, canvas.width, canvas.height)).tobytes()
    # zlib checks the stream's Adler-32, which Pillow's reader does not.
    scanlines = zlib.decompress(dict(png_chunks(data))[b"IDAT"])
    stride = 1 + CARD_SIZE[0] // 2
    assert len(scanlines) == CARD_SIZE[1] * stride
    assert {scanlines[row * stride] for row in range(CARD_SIZE[1])} <= {0, 2}  # filter types None and Up


def test_typical_card_stays_small() -> None:
    assert len(make_card()) < 15_000


def test_rows_with_text_are_merged_in_order_and_clipped() -> None:
    drawn = [range(80, 90), range(50, 60), range(0), range(55, 70), range(70, 75), range(620, 640)]
    assert png_writer._merged_rows(drawn, 630) == [range(50, 75), range(80, 90), range(620, 630)]


@given(st.binary(max_size=300), st.binary(max_size=300))
def test_adler32_of_pieces_combines_to_the_whole(first: bytes, second: bytes) -> None:
    assert png_writer._adler32_combine(zlib.adler32(first), zlib.adler32(second), len(second)) == zlib.adler32(first + second)


@st.composite
def mostly_blank_canvases(draw: st.DrawFn) -> tuple[Image.Image, list[range]]:
    """A canvas of one palette index with rectangles of others drawn on it, and the rows they cover."""
    width, height = draw(st.integers(1, 40)), draw(st.integers(1, 40))
    canvas = png_writer.new_canvas((width, height), draw(st.integers(0, 15)))
    drawn = []
    for _ in range(draw(st.integers(0, 4))):
        left, top = draw(st.integers(0, width - 1)), draw(st.integers(0, height - 1))
        right, bottom = draw(st.integers(left + 1, width)), draw(st.integers(top + 1, height))
        canvas.paste(draw(st.integers(0, 15)), (png_writer.FILTER_COLUMNS + left, top, png_writer.FILTER_COLUMNS + right, bottom))
        drawn.append(range(top, bottom))
    return canvas, drawn


@settings(max_examples=200, deadline=None)
@given(mostly_blank_canvases(), st.binary(min_size=48, max_size=48))
def test_the_png_writer_decodes_as_pillows_own_4_bit_png(drawing: tuple[Image.Image, list[range]], colour_table: bytes) -> None:
    canvas, drawn = drawing
    picture = Image.frombytes("P", (canvas.width - png_writer.FILTER_COLUMNS, canvas.height),
                              canvas.crop((png_writer.FILTER_COLUMNS, 0, canvas.width, canvas.height)).tobytes())
    picture.putpalette(colour_table)
    pillows = io.BytesIO()
    picture.save(pillows, "PNG", bits=4)
    ours = Image.open(io.BytesIO(png_writer.png_4bit(canvas, drawn, colour_table)))
    theirs = Image.open(pillows)
    assert (ours.mode, ours.size) == (theirs.mode, theirs.size) == ("P", picture.size)
    assert ours.tobytes() == theirs.tobytes() == picture.tobytes()
    assert ours.convert("RGB").tobytes() == theirs.convert("RGB").tobytes()


def test_adler32_combines_pieces_longer_than_its_modulus() -> None:
    first, second = b"\xff" * 70_000, bytes(range(256)) * 700
    assert png_writer._adler32_combine(zlib.adler32(first), zlib.adler32(second), len(second)) == zlib.adler32(first + second)


def test_dense_card_stays_small() -> None:
    # About 16 kB; the RGB cards this replaced were 60-70 kB.
    dense = make_card(
        title="Postsecondary Success and Graduation Rates for All Students in Every Kansas District",
        subtitle="Micro-credential from Kansas State Department of Education",
        lines=["Social-Emotional Learning, Classroom Community", "15 hours · 20 PD points", "Grades 3-12"],
    )
    assert len(dense) < 30_000


def test_wrap_limits_lines_and_width() -> None:
    font = card_text.lato(66)
    lines = wrap("Morning Meetings for Social-Emotional Learning " * 6, font, 1000, 3)
    assert len(lines) == 3
    assert lines[-1].endswith("…")
    assert all(font.getlength(line) <= 1000 for line in lines)


def test_wrap_breaks_a_word_wider_than_the_line() -> None:
    font = card_text.lato(30)
    lines = wrap("a" * 200, font, 300, 20)
    assert len(lines) > 1 and "".join(lines) == "a" * 200
    assert all(font.getlength(line) <= 300 for line in lines)


def test_wrap_keeps_short_text_whole() -> None:
    assert wrap("  Wait   time ", card_text.lato(66), 1000, 3) == ["Wait time"]


# --- QR code ---------------------------------------------------------------

URL = "https://ksde-pl.github.io/microcredentials/educators/jordan-rivera/?a=1&b='2'"
URLS = (
    URL,
    "https://example.org/e/x/",
    "https://ksde-pl.github.io/microcredentials/educators/maria-del-carmen-lopez-garcia-00123/",
    "https://pl.education.example.gov/professional-learning/micro-credentials/educators/" + "a" * 60 + "/",
)


def address(length: int) -> str:
    """A passport-like address of the given length."""
    return ("https://example.org/educators/" + "abc-def-" * 400)[:length]


# The path grammar qr_svg writes: an absolute first stroke, then relative ones.
FIRST_STROKE = re.compile(r"M(\d+) (\d+)\.5h(\d+)")
NEXT_STROKE = re.compile(r"m(-?\d+) (\d+)h(\d+)")


def dark_modules(svg: str) -> set[tuple[int, int]]:
    """The dark modules an SVG's path draws, read back by following its strokes."""
    path = parse(svg).find(f"{SVG}path")
    assert path is not None
    assert path.get("stroke") == "#000" and path.get("fill") == "none"
    assert path.get("stroke-width") in (None, "1")
    d = path.get("d", "")
    first = FIRST_STROKE.match(d)
    assert first is not None
    x, y, width = (int(v) for v in first.groups())
    cells = {(x + dx, y) for dx in range(width)}
    x += width
    position = first.end()
    while position < len(d):
        stroke = NEXT_STROKE.match(d, position)
        assert stroke is not None, d[position : position + 20]
        dx, dy, width = (int(v) for v in stroke.groups())
        assert width > 0 and (dy > 0 or dx > 0)  # runs go left to right, top to bottom, never touching
        x, y = x + dx, y + dy
        cells.update((x + step, y) for step in range(width))
        x += width
        position = stroke.end()
    return cells


def rasterize(svg: str, scale: int) -> Image.Image:
    size = int(parse(svg).get("viewBox", "").split()[2])
    image = Image.new("L", (size * scale, size * scale), 255)
    for x, y in dark_modules(svg):
        image.paste(0, (x * scale, y * scale, (x + 1) * scale, (y + 1) * scale))
    return image


def test_qr_is_scalable_titled_svg() -> None:
    svg = qr_svg(URL)
    root = parse(svg)
    size = len(segno.make(URL, error="m", micro=False).matrix) + 2 * QR_BORDER
    assert root.get("viewBox") == f"0 0 {size} {size}"
    assert root.get("width") is None and root.get("height") is None
    assert root.get("shape-rendering") == "crispEdges"
    assert title_of(root) == f"QR code for {URL}"


@pytest.mark.parametrize("url", URLS)
def test_qr_matrix_round_trips(url: str) -> None:
    code = segno.make(url, error="m", micro=False, mask=QR_MASK)
    assert code.mask == QR_MASK
    assert code.error in ("M", "Q", "H")  # at least M: a printed code must survive smudges
    matrix = code.matrix
    expected = {(x + QR_BORDER, y + QR_BORDER) for y, row in enumerate(matrix) for x, v in enumerate(row) if v}
    cells = dark_modules(qr_svg(url))
    assert cells == expected
    # The quiet zone is empty.
    assert all(QR_BORDER <= x < len(matrix) + QR_BORDER and QR_BORDER <= y < len(matrix) + QR_BORDER for x, y in cells)


@pytest.mark.parametrize(  # the long ones have version information and a 16-bit character count
    "url", [*URLS, pytest.param(address(400), id="400 characters"), pytest.param(address(1200), id="1200 characters")]
)
def test_qr_decodes(url: str) -> None:
    zxingcpp = pytest.importorskip("zxingcpp")
    assert [result.text for result in zxingcpp.read_barcodes(rasterize(qr_svg(url), 8))] == [url]


def test_qr_decodes_when_printed_small() -> None:
    zxingcpp = pytest.importorskip("zxingcpp")
    assert [result.text for result in zxingcpp.read_barcodes(rasterize(qr_svg(URLS[2]), 3))] == [URLS[2]]


def test_qr_svg_stays_small() -> None:
    # About 2.5 kB for a passport address; per-module rectangles would be over 10 kB.
    assert len(qr_svg(URLS[2]).encode("utf-8")) < 3500


def test_qr_is_deterministic() -> None:
    assert qr_svg(URL) == qr_svg(URL)


def segno_rows(url: str, mask: int = QR_MASK) -> list[bytes]:
    return [bytes(row) for row in segno.make(url, error="m", micro=False, mask=mask).matrix]


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["https://ksde-pl.github.io/microcredentials/educators/", "https://example.org/", "http://a.b/"]),
    st.text(alphabet=string.ascii_letters + string.digits + "-._~%/?#=&+:'", min_size=1, max_size=150),
)
def test_qr_modules_are_segnos(base: str, path: str) -> None:
    assert qr_encoder.byte_mode_matrix(base + path, QR_MASK) == segno_rows(base + path)


def test_qr_modules_are_segnos_at_the_limit_of_every_version_and_level() -> None:
    chosen = set()
    for version in range(1, 41):
        count_bits = 8 if version < 10 else 16
        for level in "MQH":
            url = address((qr_encoder._qr_data_codewords(version, level) * 8 - 4 - count_bits) // 8)
            code = segno.make(url, error="m", micro=False, mask=QR_MASK)
            chosen.add((code.version, code.error))
            assert qr_encoder.byte_mode_matrix(url, QR_MASK) == [bytes(row) for row in code.matrix], (version, level)
    assert {version for version, _ in chosen} == set(range(1, 41))
    assert {error for _, error in chosen} == {"M", "Q", "H"}


@pytest.mark.parametrize("mask", range(8))
def test_qr_modules_are_segnos_with_every_mask(mask: int) -> None:
    for url in URLS:
        assert qr_encoder.byte_mode_matrix(url, mask) == segno_rows(url, mask)


@pytest.mark.parametrize("url", ["HTTPS://EXAMPLE.ORG/E/X/", "20240601", "https://example.org/é/", "https://例え.jp/教育", ""])
def test_qr_text_segno_would_not_put_in_byte_mode_goes_to_segno(url: str) -> None:
    assert qr_encoder.byte_mode_matrix(url, QR_MASK) is None
    assert qr.qr_matrix(url) == segno_rows(url)


def test_qr_of_text_too_long_for_any_version_fails_as_segno_does() -> None:
    with pytest.raises(segno.DataOverflowError):
        qr_svg(address(3000))


def test_accented_names_are_drawn_not_boxed() -> None:
    assert card_text.drawable("Tomás Núñez-García", 66) == "Tomás Núñez-García"
    assert card_text.drawable("Señora Ibáñez", 30) == "Señora Ibáñez"


def test_letters_the_font_lacks_fall_back_to_their_base_letter() -> None:
    assert card_text.drawable("Nguyễn Văn An", 66) == "Nguyen Van An"


def test_an_accent_changes_the_card() -> None:
    plain = social_card_png("Tomas Reyes", "Teacher", [], "Site", "k")
    accented = social_card_png("Tomás Reyes", "Teacher", [], "Site", "k")
    assert plain != accented


def test_bidi_controls_and_separators_in_names_do_not_break_the_card() -> None:
    data = social_card_png("Eve \u202egnp.exe\u202c \u2028 \u200f", "\u202d x", ["\u2029"], "Site", "k")
    assert data.startswith(b"\x89PNG")
