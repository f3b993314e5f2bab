"""Which of a portfolio's files a passport publishes, where, and the copies it publishes.

The photo and public evidence files are published as ``evidence_copies``
makes them: the content without its metadata (images re-encoded from their
pixels, PDFs and videos without their metadata blocks). Only types that a
browser shows inertly are published (images, PDF, video); anything else
(HTML, SVG, office files...) is listed without a link. Only files inside the
educator's own folder are ever read.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

from . import filetypes
from . import urls as url_layout
from .evidence_copies import PILLOW_FORMATS, clean_image, published_copy
from .model import Artifact, ArtifactEvidence, Portfolio
from .site import Site
from .source_layout import portfolio_folder

PHOTO_MAX_SIDE = 800  # shown at about 160 CSS px; enough for 3x screens and print
EVIDENCE_IMAGE_MAX_SIDE = 2400


def _portfolio_file(site: Site, portfolio_id: str, relative: str) -> Path | None:
    """The source file, when it exists inside the educator's folder."""
    folder = (site.state.source_dir / portfolio_folder(portfolio_id)).resolve()
    candidate = (folder / relative).resolve()
    if not candidate.is_relative_to(folder) or not candidate.is_file():
        return None
    return candidate


def publishable_file(relative: str) -> bool:
    """Whether an evidence file of this type is published (re-encoded or copied)."""
    return filetypes.format_of(relative) in filetypes.EVIDENCE_FORMATS


def photo_path(site: Site, portfolio: Portfolio) -> str | None:
    """The site path of the educator's published photo, or None."""
    image_format = filetypes.format_of(portfolio.photo) if portfolio.photo else None
    if image_format not in PILLOW_FORMATS:
        return None
    if _portfolio_file(site, portfolio.id, portfolio.photo) is None:
        return None
    return url_layout.educator_photo(portfolio.id, "jpg" if image_format == "jpeg" else image_format)


def evidence_link(site: Site, portfolio_id: str, artifact: Artifact) -> str | None:
    """The site path (URL-escaped) of a copied evidence file, or None when it is not published."""
    if not artifact.public or not artifact.file or not publishable_file(artifact.file):
        return None
    if _portfolio_file(site, portfolio_id, artifact.file) is None:
        return None
    return quote(url_layout.evidence_file(portfolio_id, artifact.file), safe="/")


def _public_files(portfolio: Portfolio) -> list[str]:
    """Every public evidence file of the portfolio, once each, in portfolio order."""
    files: dict[str, None] = {}
    for earned in portfolio.earned:
        for evidence in earned.evidence:
            if isinstance(evidence, ArtifactEvidence):
                files.update((a.file, None) for a in evidence.items if a.public and a.file)
    return list(files)


def photo_file(site: Site, portfolio: Portfolio) -> Iterator[tuple[str, bytes]]:
    """The published photo (re-encoded, at most PHOTO_MAX_SIDE pixels a side), if any."""
    target = photo_path(site, portfolio)
    source = _portfolio_file(site, portfolio.id, portfolio.photo) if portfolio.photo else None
    if target and source:
        image_format = PILLOW_FORMATS[filetypes.format_of(source.name)]
        yield target, clean_image(source.read_bytes(), image_format, PHOTO_MAX_SIDE)


def evidence_files(site: Site, portfolio: Portfolio) -> Iterator[tuple[str, bytes]]:
    """The published copy of every public evidence file of a type a browser shows inertly."""
    for relative in _public_files(portfolio):
        source = _portfolio_file(site, portfolio.id, relative)
        if source is None or not publishable_file(relative):
            continue
        file_format = filetypes.format_of(relative)
        assert file_format is not None  # publishable_file
        data = published_copy(source.read_bytes(), file_format, EVIDENCE_IMAGE_MAX_SIDE)
        yield url_layout.evidence_file(portfolio.id, relative), data
