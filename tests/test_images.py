"""Published photos carry pixels only: no EXIF (GPS can place a classroom or a
home), no XMP, no comments or PNG text chunks, yet keep their orientation.

The pictures are built with Pillow, given as an educator's photo and as
public photo evidence (with consent) in a copy of the minimal fixture, and
the whole build runs; the copies it publishes are then inspected.
"""

from __future__ import annotations

import io
import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml
from PIL import Image, PngImagePlugin

from credsite import urls as url_layout
from credsite.pipeline import BuildOptions, build

FIXTURE = Path(__file__).parent / "fixtures" / "minimal"
BUILD_DATE = date(2026, 11, 24)
PORTFOLIO = "ana"

MARKER = "SECRET-LOCATION-1-ELM-STREET"
XMP_NAMESPACE = b"http://ns.adobe.com/xap/1.0/\x00"
XMP_PACKET = (
    '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>'
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    f'<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" dc:description="{MARKER}"/>'
    "</rdf:RDF></x:xmpmeta><?xpacket end=\"w\"?>"
)
ORIENTATION_TAG = 0x0112
DESCRIPTION_TAG = 0x010E
GPS_IFD = 0x8825
ROTATE_90_CLOCKWISE = 6  # EXIF Orientation: the stored picture is shown turned a quarter right
STORED_SIZE = (60, 40)  # wide as stored; 40 x 60 once the orientation is applied
RED, BLUE = (220, 20, 20), (20, 20, 220)
METADATA_BYTES = (b"Exif\x00\x00", MARKER.encode(), XMP_NAMESPACE.rstrip(b"\x00"), b"xpacket", b"GPS")
PNG_METADATA_CHUNKS = (b"tEXt", b"iTXt", b"zTXt", b"eXIf", b"iCCP")


def gps_exif(orientation: int) -> Image.Exif:
    exif = Image.Exif()
    exif[ORIENTATION_TAG] = orientation
    exif[DESCRIPTION_TAG] = MARKER
    gps = exif.get_ifd(GPS_IFD)
    gps[1] = "N"  # GPSLatitudeRef
    gps[2] = (38.0, 30.0, 12.5)  # GPSLatitude
    gps[3] = "W"  # GPSLongitudeRef
    gps[4] = (98.0, 15.0, 1.0)  # GPSLongitude
    return exif


def two_colour_picture() -> Image.Image:
    """Left half red, right half blue, as stored: after a quarter turn right, red is on top."""
    image = Image.new("RGB", STORED_SIZE, BLUE)
    image.paste(RED, (0, 0, STORED_SIZE[0] // 2, STORED_SIZE[1]))
    return image


def with_xmp_segment(jpeg: bytes) -> bytes:
    """The JPEG with an APP1 XMP segment right after its start-of-image marker."""
    body = XMP_NAMESPACE + XMP_PACKET.encode("utf-8")
    segment = b"\xff\xe1" + (len(body) + 2).to_bytes(2, "big") + body
    return jpeg[:2] + segment + jpeg[2:]


def jpeg_with_metadata() -> bytes:
    buffer = io.BytesIO()
    exif = gps_exif(ROTATE_90_CLOCKWISE)
    two_colour_picture().save(buffer, format="JPEG", quality=95, exif=exif.tobytes(), comment=MARKER.encode())
    return with_xmp_segment(buffer.getvalue())


def png_with_metadata() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", MARKER)
    info.add_text("Location", MARKER, zip=True)
    info.add_itxt("XML:com.adobe.xmp", XMP_PACKET)
    buffer = io.BytesIO()
    two_colour_picture().save(buffer, format="PNG", pnginfo=info, exif=gps_exif(ROTATE_90_CLOCKWISE).tobytes())
    return buffer.getvalue()


def webp_with_metadata() -> bytes:
    buffer = io.BytesIO()
    exif = gps_exif(ROTATE_90_CLOCKWISE).tobytes()
    two_colour_picture().save(buffer, format="WEBP", lossless=True, exif=exif, xmp=XMP_PACKET.encode("utf-8"))
    return buffer.getvalue()


def test_the_source_pictures_really_carry_the_metadata() -> None:
    """Guards the rest: stripping is only shown when there was something to strip."""
    for data in (jpeg_with_metadata(), png_with_metadata(), webp_with_metadata()):
        assert MARKER.encode() in data
        with Image.open(io.BytesIO(data)) as image:
            exif = image.getexif()
            assert exif[ORIENTATION_TAG] == ROTATE_90_CLOCKWISE
            assert exif.get_ifd(GPS_IFD)[1] == "N"
    with Image.open(io.BytesIO(jpeg_with_metadata())) as jpeg:
        assert MARKER in jpeg.info["xmp"].decode("utf-8") and jpeg.info["comment"] == MARKER.encode()
    with Image.open(io.BytesIO(png_with_metadata())) as png:
        png.load()
        assert png.text["Comment"] == png.text["Location"] == MARKER


EVIDENCE = {
    "photos/circle.jpg": jpeg_with_metadata,
    "photos/board.png": png_with_metadata,
    "photos/wall.webp": webp_with_metadata,
}
PHOTO = "me.jpg"


def add_pictures(portfolio: dict) -> None:
    portfolio["photo"] = PHOTO
    portfolio["earned"][0]["evidence"]["artifacts"]["items"] = [
        {"title": "Circle plan", "type": "lesson-plan", "file": "plan.pdf", "public": True},
        *({"title": f"Photo {name}", "type": "photo", "file": name, "public": True, "consent": True} for name in EVIDENCE),
    ]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    workspace = tmp_path_factory.mktemp("images")
    source = workspace / "source"
    shutil.copytree(FIXTURE, source)
    folder = source / "portfolios" / PORTFOLIO
    (folder / PHOTO).write_bytes(jpeg_with_metadata())
    for name, make in EVIDENCE.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(make())
    portfolio_file = source / "portfolios" / f"{PORTFOLIO}.yaml"
    portfolio = yaml.safe_load(portfolio_file.read_text(encoding="utf-8"))
    add_pictures(portfolio)
    portfolio_file.write_text(yaml.safe_dump(portfolio, allow_unicode=True, sort_keys=False), encoding="utf-8")
    out = workspace / "site"
    build(BuildOptions(source=source, out=out, build_date=BUILD_DATE))
    return out


def published() -> list[str]:
    """Site paths of every published picture."""
    return [url_layout.educator_photo(PORTFOLIO, "jpg")] + [url_layout.evidence_file(PORTFOLIO, name) for name in EVIDENCE]


@pytest.mark.parametrize("site_path", published())
def test_published_pictures_carry_no_metadata_bytes(site: Path, site_path: str) -> None:
    data = (site / site_path).read_bytes()
    for marker in METADATA_BYTES:
        assert marker not in data, f"{site_path} still holds {marker!r}"
    if site_path.endswith(".png"):
        for chunk in PNG_METADATA_CHUNKS:
            assert chunk not in data, f"{site_path} still has a {chunk.decode()} chunk"
    if site_path.endswith(".webp"):
        assert b"EXIF" not in data and b"XMP " not in data, site_path


@pytest.mark.parametrize("site_path", published())
def test_published_pictures_decode_with_no_metadata(site: Path, site_path: str) -> None:
    with Image.open(site / site_path) as image:
        image.load()
        assert not image.getexif(), site_path
        assert not image.getexif().get_ifd(GPS_IFD), site_path
        for key in ("exif", "xmp", "XML:com.adobe.xmp", "comment", "Comment", "icc_profile"):
            assert key not in image.info, f"{site_path}: {key}"
        assert not getattr(image, "text", {}), site_path
        assert image.format == {"jpg": "JPEG", "png": "PNG", "webp": "WEBP"}[site_path.rsplit(".", 1)[-1]]


def close_to(pixel: tuple[int, ...], colour: tuple[int, int, int]) -> bool:
    return all(abs(a - b) <= 40 for a, b in zip(pixel[:3], colour))


@pytest.mark.parametrize("site_path", published())
def test_published_pictures_are_turned_the_way_exif_said(site: Path, site_path: str) -> None:
    with Image.open(site / site_path) as image:
        rgb = image.convert("RGB")
    width, height = rgb.size
    assert (width, height) == (STORED_SIZE[1], STORED_SIZE[0]), f"{site_path}: width and height not swapped"
    assert close_to(rgb.getpixel((width // 2, height // 6)), RED), f"{site_path}: the top is not the stored left side"
    assert close_to(rgb.getpixel((width // 2, height * 5 // 6)), BLUE), site_path


def test_the_passport_links_the_cleaned_photo(site: Path) -> None:
    page = (site / url_layout.output_file(url_layout.educator(PORTFOLIO))).read_text(encoding="utf-8")
    assert 'src="photo.jpg"' in page
    for name in EVIDENCE:
        assert f'href="evidence/{name}"' in page, name
    assert not (site / url_layout.educator(PORTFOLIO) / PHOTO).exists(), "the source file name must not be published"
