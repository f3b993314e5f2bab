"""The PNG badge of every credential: deterministic, cached without changing a byte, what the achievements name."""

from __future__ import annotations

import io
import json
import shutil
from datetime import date
from pathlib import Path

from PIL import Image

from credsite import badge_raster, pictures
from credsite.pipeline import BuildOptions, build

MINIMAL = Path(__file__).parent / "fixtures" / "minimal"
SVG = pictures.badge_svg("Morning Meetings for Social-Emotional Learning", "Social-Emotional Learning", "morning-meetings")


def decoded(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()  # decodes every pixel: a damaged PNG fails here
    return image


def test_a_drawn_badge_rasterizes_to_a_square_png_with_its_colours() -> None:
    image = decoded(badge_raster.rasterize_svg(SVG))
    assert image.format == "PNG" and image.size == (badge_raster.SIZE, badge_raster.SIZE)
    assert image.mode == "RGBA"
    assert image.getpixel((0, 0))[3] == 0  # the corners outside the hexagon stay transparent
    dark = pictures.colours("morning-meetings").dark
    centre = image.getpixel((badge_raster.SIZE // 2, 40))  # inside the dark hexagon, above the letters
    assert centre[:3] == tuple(int(dark[i : i + 2], 16) for i in (1, 3, 5))


def test_rasterizing_is_deterministic_and_depends_on_the_svg() -> None:
    assert badge_raster.rasterize_svg(SVG) == badge_raster.rasterize_svg(SVG)
    other = pictures.badge_svg("Dialogic Reading", "Early Literacy", "dialogic-reading")
    assert badge_raster.rasterize_svg(other) != badge_raster.rasterize_svg(SVG)


def test_the_cache_gives_the_bytes_a_fresh_rendering_gives(tmp_path: Path) -> None:
    fresh = badge_raster.rasterize_svg(SVG)
    assert badge_raster.badge_png(SVG, tmp_path) == fresh  # rendered and stored
    stored = list((tmp_path / badge_raster.CACHE_SUBFOLDER).glob("*.png"))
    assert len(stored) == 1 and stored[0].read_bytes() == fresh
    assert badge_raster.badge_png(SVG, tmp_path) == fresh  # read back
    stored[0].write_bytes(b"not a png")  # a damaged entry is never trusted
    assert badge_raster.badge_png(SVG, tmp_path) == fresh


def test_catalog_images_become_png(tmp_path: Path) -> None:
    png = tmp_path / "badge.png"
    Image.new("RGB", (40, 30), (200, 10, 10)).save(png)
    assert badge_raster.catalog_image_png(png, None) is None  # published as it is, already at badge.png
    jpeg = tmp_path / "badge.jpg"
    Image.new("RGB", (900, 600), (10, 120, 10)).save(jpeg, quality=95)
    converted = decoded(badge_raster.catalog_image_png(jpeg, None) or b"")
    assert converted.format == "PNG" and max(converted.size) == badge_raster.RASTER_MAX_SIDE
    svg = tmp_path / "badge.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100"><rect width="200" height="100" fill="#123456"/></svg>')
    drawn = decoded(badge_raster.catalog_image_png(svg, None) or b"")
    assert drawn.size == (badge_raster.SIZE, badge_raster.SIZE // 2)  # its own proportions
    assert drawn.getpixel((5, 5)) == (0x12, 0x34, 0x56, 255)


def test_every_published_credential_has_a_png_badge_that_its_achievement_names(tmp_path: Path) -> None:
    source = tmp_path / "state"
    shutil.copytree(MINIMAL, source)
    out = tmp_path / "site"
    build(BuildOptions(source=source, out=out, build_date=date(2025, 6, 1)))
    credentials = sorted(p.stem for p in (source / "catalog" / "credentials").glob("*.yaml"))
    for credential_id in credentials:
        folder = out / "credentials" / credential_id
        badge = decoded((folder / "badge.png").read_bytes())
        assert badge.format == "PNG"
        achievement = json.loads((folder / "achievement.json").read_text())
        assert achievement["image"]["id"].endswith(f"credentials/{credential_id}/badge.png")
    held = next((out / "educators" / "ana" / "credentials").glob("*.json"))
    embedded = json.loads(held.read_text())["credentialSubject"]["achievement"]
    assert embedded["image"] == {"id": embedded["id"].replace("achievement.json", "badge.png"), "type": "Image"}
    # The build kept its renderings for the next one.
    assert len(list((source / ".credsite-cache" / badge_raster.CACHE_SUBFOLDER).glob("*.png"))) == len(credentials)
