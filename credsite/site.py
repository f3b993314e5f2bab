"""The whole context a render needs, read completely before any page is made."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from . import urls as url_layout
from .model import Credential, Issuer, Portfolio, State
from .urls import Urls

if TYPE_CHECKING:
    from .progress import Passport


@dataclass(frozen=True)
class Site:
    """Everything the page modules read.

    ``state`` has already been through ``privacy.redact``: private
    portfolios and evidence not marked public are gone, so nothing
    downstream can publish them by mistake.
    """

    state: State
    passports: dict[str, Passport]  # public and unlisted portfolios, by id
    holders: dict[str, tuple[str, ...]]  # credential id -> public portfolio ids holding it
    urls: Urls
    updated: dict[str, date]  # credential id -> date of its last change (feed, sitemap)
    signed: bool = False  # Open Badges credentials carry a signature

    @property
    def published_credentials(self) -> list[Credential]:
        """Active and retired credentials: every one that has a page."""
        return [c for c in self.state.credentials.values() if c.status != "draft"]

    @property
    def listed_credentials(self) -> list[Credential]:
        """Active credentials: the ones in browsing, search and the feed."""
        return [c for c in self.state.credentials.values() if c.status == "active"]

    @property
    def public_portfolios(self) -> list[Portfolio]:
        """Listed in the directory, sitemap, search and counts."""
        return [p for p in self.state.portfolios.values() if p.visibility == "public"]

    def badge_path(self, credential: Credential) -> str:
        """The site path of a credential's badge: the catalog's image, or the drawn SVG."""
        extension = _extension(credential.image) if credential.image else "svg"
        return url_layout.credential_badge(credential.id, extension)

    @property
    def logo_path(self) -> str | None:
        """Where the catalog's logo is published, when it has one."""
        logo = self.state.catalog.logo
        return url_layout.asset(f"logo.{_extension(logo)}") if logo else None

    def issuer_image_path(self, issuer: Issuer) -> str | None:
        """Where the issuer's image is published, when it has one."""
        return url_layout.issuer_image(issuer.id, _extension(issuer.image)) if issuer.image else None


def _extension(path: str) -> str:
    return PurePosixPath(path).suffix.lstrip(".").lower()
