"""Titles by id and the relations the catalog's pages, pictures and files share, computed once per build."""

from __future__ import annotations

from dataclasses import dataclass

from .model import Bucket, Credential, Framework, Issuer, Stack
from .site import Site


@dataclass(frozen=True)
class CatalogIndex:
    """Titles by id and the relations pages show, computed once per build."""

    topic_titles: dict[str, str]
    grade_titles: dict[str, str]
    role_titles: dict[str, str]
    frameworks: dict[str, Framework]
    issuers: dict[str, Issuer]
    credentials: dict[str, Credential]  # published (active and retired), by id
    listed: tuple[Credential, ...]  # active, sorted by title
    stacks_of: dict[str, tuple[Stack, ...]]  # credential id -> stacks holding it

    def listed_in_topic(self, topic_id: str) -> list[Credential]:
        return [c for c in self.listed if topic_id in c.topics]

    def listed_by_issuer(self, issuer_id: str) -> list[Credential]:
        return [c for c in self.listed if c.issuer == issuer_id]

    def retired_by_issuer(self, issuer_id: str) -> list[Credential]:
        retired = [c for c in self.credentials.values() if c.issuer == issuer_id and c.status == "retired"]
        return sorted(retired, key=title_order)

    def qualifying(self, bucket: Bucket) -> list[Credential]:
        return [c for c in self.listed if bucket.accepts(c)]

    def stack_credentials(self, stack: Stack) -> list[Credential]:
        """The stack's published credentials, in stack order (drafts left out)."""
        return [self.credentials[cid] for cid in stack.credentials if cid in self.credentials]


def title_order(credential: Credential) -> tuple[str, str]:
    return (credential.title.casefold(), credential.id)


def catalog_index(site: Site) -> CatalogIndex:
    catalog = site.state.catalog
    published = {c.id: c for c in site.published_credentials}
    stacks_of = {
        cid: tuple(s for s in site.state.stacks.values() if cid in s.credentials) for cid in published
    }
    return CatalogIndex(
        topic_titles={t.id: t.title for t in catalog.topics},
        grade_titles={g.id: g.title for g in catalog.grade_bands},
        role_titles={r.id: r.title for r in catalog.roles},
        frameworks={f.id: f for f in catalog.frameworks},
        issuers=dict(site.state.issuers),
        credentials=published,
        listed=tuple(sorted(site.listed_credentials, key=title_order)),
        stacks_of=stacks_of,
    )
