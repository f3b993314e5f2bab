"""The catalog's pictures and copied files: badges, social cards, the catalog's
own images, and the theme's assets (the state's ``--templates`` folder first)."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path

from . import badge_raster, pictures
from . import urls as url_layout
from .catalog_index import CatalogIndex
from .markdown import plain_text
from .model import Credential, Issuer
from .render import Renderer
from .site import Site
from .source_layout import CATALOG_FILES, CREDENTIAL_FILES

THEME_ASSETS = "assets"


def picture_files(site: Site, renderer: Renderer, index: CatalogIndex) -> Iterator[tuple[str, bytes]]:
    """Every published credential's badge and card, the issuers' images, the logo and the theme's assets."""
    source = site.state.source_dir
    for credential in index.credentials.values():
        if credential.image:
            image = source / CREDENTIAL_FILES / credential.image
            yield site.badge_path(credential), image.read_bytes()
            raster = badge_raster.catalog_image_png(image, site.cache_folder)
        else:
            first_topic = index.topic_titles[credential.topics[0]]
            svg = pictures.badge_svg(credential.title, first_topic, credential.id)
            yield site.badge_path(credential), svg.encode("utf-8")
            raster = badge_raster.badge_png(svg, site.cache_folder)
        if raster is not None:  # None: the catalog's image is a PNG, published above at the same path
            yield site.raster_badge_path(credential), raster
        yield url_layout.credential_card(credential.id), social_card(site, renderer, index, credential)
    for issuer in site.state.issuers.values():
        if issuer.image:
            yield site.issuer_image_path(issuer), (source / CATALOG_FILES / issuer.image).read_bytes()
    yield from asset_files(site, renderer)


def _file_key(path: Path) -> tuple[str, int, int]:
    stat = path.stat()
    return str(path), stat.st_mtime_ns, stat.st_size


@functools.lru_cache(maxsize=64)
def _raster_of(key: tuple[str, int, int], cache_folder: Path | None) -> bytes | None:
    """An image file as raster bytes for a card: SVG drawn by resvg (cached), others as they are."""
    path = Path(key[0])
    if path.suffix.lower() == ".svg":
        return badge_raster.badge_png(path.read_text(encoding="utf-8"), cache_folder)
    return path.read_bytes()


def issuer_logo(site: Site, issuer: Issuer) -> bytes | None:
    """The issuer's logo as raster bytes for a social card: its image, or the catalog's logo
    for the publisher without one; None when it has neither."""
    source = site.state.source_dir / CATALOG_FILES
    relative = issuer.image or (site.state.catalog.logo if issuer.id == site.state.catalog.publisher else None)
    if not relative:
        return None
    return _raster_of(_file_key(source / relative), site.cache_folder)


def card_badge(site: Site, credential: Credential, topic_title: str) -> pictures.CardBadge:
    """A credential's badge as social cards draw it: drawn, or the catalog's own image."""
    image = None
    if credential.image:
        image = _raster_of(_file_key(site.state.source_dir / CREDENTIAL_FILES / credential.image), site.cache_folder)
    return pictures.CardBadge(credential.title, topic_title, credential.id, image)


def social_card(site: Site, renderer: Renderer, index: CatalogIndex, credential: Credential) -> bytes:
    translate = renderer.translator
    facts = [", ".join(index.topic_titles[t] for t in credential.topics)]
    amounts = []
    if credential.estimated_hours:
        amounts.append(translate.ngettext("{hours} hour", "{hours} hours", 1 if credential.estimated_hours == 1 else 2,
                                          hours=f"{credential.estimated_hours:g}"))
    if credential.pd_points:
        amounts.append(translate.ngettext("{points} PD point", "{points} PD points", 1 if credential.pd_points == 1 else 2,
                                          points=f"{credential.pd_points:g}"))
    if amounts:
        facts.append(" · ".join(amounts))
    issuer = index.issuers[credential.issuer]
    logo = issuer_logo(site, issuer)
    return pictures.social_card_png(
        credential.title, plain_text(credential.summary), facts, site.state.catalog.title, credential.id,
        badges=(card_badge(site, credential, index.topic_titles[credential.topics[0]]),),
        issuer=translate.gettext("Micro-credential from {issuer}", issuer=issuer.name),
        logo=pictures.logo_layer(logo) if logo else None,
    )


def theme_assets(renderer: Renderer) -> dict[str, Path]:
    """``assets/...`` output path -> the file that wins (override folder first)."""
    found: dict[str, Path] = {}
    for folder in reversed(renderer.folders):
        assets = folder / THEME_ASSETS
        if not assets.is_dir():
            continue
        for file in sorted(assets.rglob("*")):
            if file.is_file() and not file.name.startswith("."):
                found[url_layout.asset(file.relative_to(assets).as_posix())] = file
    return found


def asset_files(site: Site, renderer: Renderer) -> Iterator[tuple[str, bytes]]:
    catalog = site.state.catalog
    logo = site.logo_path
    for output, file in sorted(theme_assets(renderer).items()):
        if output != logo:
            yield output, file.read_bytes()
    if catalog.logo and logo:
        yield logo, (site.state.source_dir / CATALOG_FILES / catalog.logo).read_bytes()
