"""The directory of educators: its pages of cards, its filters, and the JSON files they read.

The directory at ``urls.EDUCATORS`` lists public passports only, from the
``PassportSummary`` of each (never the passports themselves), so it is
rendered once, after every passport.

A page of a directory of several pages holds its own cards and nothing that
depends on the others (no filter options with counts, no total), so one
educator's new credential changes only the page that shows that educator,
``urls.EDUCATORS_FILTERS`` and ``urls.EDUCATORS_INDEX``. A directory of one
page carries its filter options itself, and so works without a server.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from . import urls as url_layout
from .i18n import Translator
from .jsontext import json_file
from .model import Credential
from .passport_view import CredentialCounts, count_phrases
from .render import Renderer
from .site import PassportSummary, Site

# A state can list tens of thousands of educators: one page of them all was
# 13 MB at 20,000. Pages of this many cards stay near 70 kB; the filters read
# every educator from one JSON index instead (urls.EDUCATORS_INDEX).
DIRECTORY_PAGE_SIZE = 100
_PAGES_AROUND_CURRENT = 2  # numbered links on each side of the current page


@dataclass(frozen=True)
class DirectoryCard:
    passport: PassportSummary
    top_credentials: tuple[Credential, ...]
    counts: str  # "3 micro-credentials · 1 in progress", in the site's language
    more: str | None  # "and 2 more", when the card names only some of the credentials


@dataclass(frozen=True)
class DirectoryPage:
    number: int  # from 1
    pages: int  # how many in all
    first: int  # the position of its first card in the whole directory, from 1
    cards: tuple[DirectoryCard, ...]

    @property
    def last(self) -> int:
        return self.first + len(self.cards) - 1

    def links(self) -> list[int | None]:
        """The page numbers the page links to, in order; None stands for the ones left out."""
        return page_links(self.number, self.pages)


@dataclass(frozen=True)
class FilterOption:
    id: str
    title: str
    count: int  # public educators it would show


def page_links(current: int, pages: int) -> list[int | None]:
    """The first and last pages and those near the current one; a gap of one
    page shows that page rather than a gap."""
    near = range(max(1, current - _PAGES_AROUND_CURRENT), min(pages, current + _PAGES_AROUND_CURRENT) + 1)
    links: list[int | None] = []
    previous = 0
    for number in sorted({1, pages, *near}):
        if number - previous == 2:
            links.append(number - 1)
        elif number - previous > 2:
            links.append(None)
        links.append(number)
        previous = number
    return links


def directory_card(site: Site, summary: PassportSummary, translator: Translator) -> DirectoryCard:
    credentials = site.state.credentials
    top = tuple(credentials[c] for c in summary.top_credentials if c in credentials)
    standing = CredentialCounts(
        current=summary.credentials_held - summary.credentials_expired,
        expired=summary.credentials_expired,
        revoked=summary.credentials_revoked,
    )
    counts = count_phrases(translator, standing, summary.stacks_completed, summary.in_progress)
    hidden = summary.credentials_held - len(top)
    more = translator.ngettext("and {n} more", "and {n} more", hidden) if top and hidden > 0 else None
    return DirectoryCard(summary, top, " · ".join(counts), more)


def _options(held_ids: Sequence[tuple[str, ...]], titles: dict[str, str]) -> tuple[FilterOption, ...]:
    """The values some listed educator has, with how many have each, by title."""
    counts: dict[str, int] = {}
    for ids in held_ids:
        for item_id in ids:
            counts[item_id] = counts.get(item_id, 0) + 1
    options = [FilterOption(id=i, title=titles.get(i, i), count=n) for i, n in counts.items()]
    return tuple(sorted(options, key=lambda o: (o.title.casefold(), o.id)))


def listed_passports(site: Site) -> list[PassportSummary]:
    """The directory's educators, in its order: by name."""
    return sorted(site.public_passports, key=lambda p: (p.name.casefold(), p.id))


FilterOptions = dict[str, tuple[FilterOption, ...]]  # by the card field it filters: credentials, stacks, topics


def filter_options(site: Site, listed: Sequence[PassportSummary]) -> FilterOptions:
    state = site.state
    return {
        "credentials": _options([p.credential_ids for p in listed], {c.id: c.title for c in state.credentials.values()}),
        "stacks": _options([p.stack_ids for p in listed], {s.id: s.title for s in state.stacks.values()}),
        "topics": _options([p.topic_ids for p in listed], {t.id: t.title for t in state.catalog.topics}),
    }


def filters_document(options: FilterOptions, listed: int) -> dict[str, Any]:
    """What a page of a directory of several pages fills its filters from, and how many are listed in all."""
    document: dict[str, Any] = {"educators": listed}
    for key, found in options.items():
        document[key] = [{"id": o.id, "title": o.title, "count": o.count} for o in found]
    return document


def directory_pages(cards: Sequence[DirectoryCard]) -> Iterator[DirectoryPage]:
    """The directory's pages in order; one (empty) page when nobody is listed."""
    pages = max(1, -(-len(cards) // DIRECTORY_PAGE_SIZE))
    for index in range(pages):
        chunk = tuple(cards[index * DIRECTORY_PAGE_SIZE : (index + 1) * DIRECTORY_PAGE_SIZE])
        yield DirectoryPage(index + 1, pages, index * DIRECTORY_PAGE_SIZE + 1, chunk)


def directory_index(site: Site, cards: Sequence[DirectoryCard]) -> dict[str, Any]:
    """Every listed educator's card, as data: the filters search the whole
    directory from it, whichever page they are on. Links are relative to the
    index itself. Only what the cards show, which public passports publish."""
    relative = site.urls.relative
    educators, titles = [], {}
    for card in cards:
        summary = card.passport
        entry: dict[str, Any] = {"name": summary.name, "url": relative(url_layout.EDUCATORS_INDEX, url_layout.educator(summary.id))}
        for key, value in (("headline", summary.headline), ("location", summary.location)):
            if value:
                entry[key] = value
        if summary.photo:
            entry["photo"] = relative(url_layout.EDUCATORS_INDEX, summary.photo)
        entry["counts"] = card.counts
        entry["top"] = [c.id for c in card.top_credentials]
        if card.more:
            entry["more"] = card.more
        entry.update(credentials=list(summary.credential_ids), stacks=list(summary.stack_ids), topics=list(summary.topic_ids))
        educators.append(entry)
        titles.update((c.id, c.title) for c in card.top_credentials)
    return {"credentials": dict(sorted(titles.items())), "educators": educators}


def directory_files(site: Site, renderer: Renderer) -> Iterator[tuple[str, bytes]]:
    """The directory's pages, then its filter options and its index."""
    translator = renderer.translator
    listed = listed_passports(site)
    # Plain text (not the renderer's Markup): the index carries the same texts as JSON.
    plain = Translator(translator.language)
    cards = [directory_card(site, summary, plain) for summary in listed]
    options = filter_options(site, listed)
    heading = translator.gettext("Educators")
    description = translator.gettext(
        "Educators who share their professional learning passports: find who earned a micro-credential."
    )
    for page in directory_pages(cards):
        page_path = url_layout.educators_page(page.number)
        title = heading if page.number == 1 else translator.gettext("Educators, page {page} of {pages}", page=page.number, pages=page.pages)
        breadcrumbs = [(translator.gettext("Home"), url_layout.HOME), (heading, None)]
        if page.number > 1:
            breadcrumbs[1:] = [(heading, url_layout.EDUCATORS), (translator.gettext("Page {page}", page=page.number), None)]
        yield url_layout.output_file(page_path), renderer.render(
            "educators.html",
            page_path,
            page_title=title,
            page_description=description,
            og_image=None,
            og_type="website",
            breadcrumbs=breadcrumbs,
            page=page,
            total=len(listed),
            filter_options=options,
        )
    yield url_layout.EDUCATORS_FILTERS, json_file(filters_document(options, len(listed)), compact=True)
    yield url_layout.EDUCATORS_INDEX, json_file(directory_index(site, cards), compact=True)
