"""How big a published site may be: GitHub Pages' limit, and the build's warning near it.

GitHub documents that "published GitHub Pages sites may be no larger than
1 GB". A state site grows with its educators (about 30 to 60 kB each), so a
large state reaches that; the build says so before a deploy fails, with the
numbers, and points at where a bigger site can be hosted.
"""

from __future__ import annotations

GITHUB_PAGES_LIMIT = 1_000_000_000  # bytes: "1 GB", read as the smaller (decimal) gigabyte
WARNING_SHARE = 0.9  # warn from 90 % of the limit on
HOSTING_DOCS = 'docs/state-staff.md, "A site larger than GitHub Pages allows"'


def size_warning(site_bytes: int, limit: int | None = None, share: float = WARNING_SHARE) -> str | None:
    """A warning when a site of this many bytes is near or over the limit
    (GITHUB_PAGES_LIMIT unless given); None when it is well under."""
    limit = GITHUB_PAGES_LIMIT if limit is None else limit
    if site_bytes < limit * share:
        return None
    size, limit_text = _megabytes(site_bytes), _gigabytes(limit)
    where = "over" if site_bytes > limit else "near"
    return (
        f"warning: the site is {size}, {where} GitHub Pages' {limit_text} limit for a published site "
        f"({site_bytes / limit:.0%} of it); see {HOSTING_DOCS}"
    )


def _megabytes(size: int) -> str:
    if size < 100_000:
        return f"{size:,} bytes"
    return f"{size / 1e6:,.0f} MB" if size >= 10e6 else f"{size / 1e6:,.1f} MB"


def _gigabytes(size: int) -> str:
    return f"{size / 1e9:g} GB" if size >= 1e8 else _megabytes(size)
