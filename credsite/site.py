"""The whole context a render needs, read completely before any page is made."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from . import urls as url_layout
from .model import Credential, Issuer, State
from .status_ledger import Ledger
from .urls import Urls

if TYPE_CHECKING:
    from .progress import Passport


@dataclass(frozen=True)
class PassportSummary:
    """What the site-wide outputs (directory, credential pages' holders,
    sitemap, revocations page) need to know about one published passport.

    Small and plain on purpose: a rebuild keeps the summaries of passports
    that did not change in its build record, so it can remake the directory
    without reading 20,000 portfolios.
    """

    id: str
    name: str
    visibility: str  # "public" or "unlisted"; private portfolios have no summary
    headline: str | None
    location: str | None
    photo: str | None  # site path
    credentials_held: int  # earned and not revoked, expired ones too
    credentials_expired: int  # held, and expired (passport_view.credential_counts)
    credentials_revoked: int  # revoked, and not earned again since
    stacks_completed: int
    in_progress: int
    top_credentials: tuple[str, ...]  # ids, newest earning first
    credential_ids: tuple[str, ...]  # held (earned, not revoked), sorted
    stack_ids: tuple[str, ...]  # completed, sorted
    topic_ids: tuple[str, ...]  # of held credentials, in catalog order
    revocations: tuple[tuple[str, date, str | None], ...]  # (credential id, on, reason)
    # For the figures (stats.py): per credential held, (id, year first earned,
    # submissions or None if hidden, days from start to award or None).
    earnings: tuple[tuple[str, int, int | None, int | None], ...]
    renewal: float | None  # share of the license's best renewal pathway done (1.0: met); None: no pathway

    def to_record(self) -> tuple[Any, ...]:
        """Plain values only (marshal can store them; no pickle in a cache)."""
        revocations = tuple((cid, on.isoformat(), reason) for cid, on, reason in self.revocations)
        return (
            self.id, self.name, self.visibility, self.headline, self.location, self.photo,
            self.credentials_held, self.credentials_expired, self.credentials_revoked, self.stacks_completed, self.in_progress,
            self.top_credentials, self.credential_ids, self.stack_ids, self.topic_ids, revocations, self.earnings, self.renewal,
        )

    @classmethod
    def from_record(cls, values: tuple[Any, ...]) -> PassportSummary:
        *fields, revocations, earnings, renewal = values
        return cls(
            *fields,
            revocations=tuple((cid, date.fromisoformat(on), reason) for cid, on, reason in revocations),
            earnings=tuple(tuple(earning) for earning in earnings),  # type: ignore[misc]
            renewal=renewal,
        )


def holders_of(summaries: dict[str, PassportSummary], credential_ids: list[str]) -> dict[str, tuple[str, ...]]:
    """Credential id -> ids of public passports holding it (not revoked), sorted.

    Every given credential is a key, with an empty tuple when nobody public holds it.
    """
    found: dict[str, list[str]] = {credential_id: [] for credential_id in credential_ids}
    for summary in summaries.values():
        if summary.visibility == "public":
            for credential_id in summary.credential_ids:
                found.setdefault(credential_id, []).append(summary.id)
    return {credential_id: tuple(sorted(ids)) for credential_id, ids in found.items()}


@dataclass(frozen=True)
class Site:
    """Everything the page modules read.

    ``state`` has already been through ``privacy.redact``: private
    portfolios and evidence not marked public are gone, so nothing
    downstream can publish them by mistake. A build streams portfolios
    through worker processes, so ``state.portfolios`` and ``passports`` may
    hold only the ones being rendered; site-wide outputs read ``summaries``.
    """

    state: State
    passports: dict[str, Passport]  # the public and unlisted passports this process renders, by id
    summaries: dict[str, PassportSummary]  # every public and unlisted passport, by id, sorted
    holders: dict[str, tuple[str, ...]]  # credential id -> public portfolio ids holding it
    urls: Urls
    updated: dict[str, date]  # credential id -> date of its last change (feed, sitemap)
    signed: bool = False  # Open Badges credentials carry a signature
    cache_folder: Path | None = None  # <source>/.credsite-cache when the build may reuse work (badge_raster.py)
    ledger: Ledger = field(default_factory=Ledger)  # status-list indexes, every published credential's included

    @property
    def published_credentials(self) -> list[Credential]:
        """Active and retired credentials: every one that has a page."""
        return [c for c in self.state.credentials.values() if c.status != "draft"]

    @property
    def listed_credentials(self) -> list[Credential]:
        """Active credentials: the ones in browsing, search and the feed."""
        return [c for c in self.state.credentials.values() if c.status == "active"]

    @property
    def public_passports(self) -> list[PassportSummary]:
        """Listed in the directory, sitemap, search and counts."""
        return [s for s in self.summaries.values() if s.visibility == "public"]

    def badge_path(self, credential: Credential) -> str:
        """The site path of a credential's badge: the catalog's image, or the drawn SVG."""
        extension = _extension(credential.image) if credential.image else "svg"
        return url_layout.credential_badge(credential.id, extension)

    def raster_badge_path(self, credential: Credential) -> str:
        """The site path of a credential's badge as PNG, the image its Open Badges documents name."""
        return url_layout.credential_badge(credential.id, "png")

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
