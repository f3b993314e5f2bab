"""Professional learning passports: one page per educator, and the directory.

For every portfolio in ``site.passports`` (public and unlisted; private ones
were removed by the privacy stage and never reach this module) the build
writes the page, ``passport.json``, a QR code of the passport URL, a social
card, the photo and the public evidence files. The directory at
``urls.EDUCATORS`` lists public passports only.

The photo and public evidence files are published as ``evidence_copies``
makes them: the content without its metadata (images re-encoded from their
pixels, PDFs and videos without their metadata blocks). Only types that a
browser shows inertly are published (images, PDF, video); anything else
(HTML, SVG, office files...) is listed without a link.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from markupsafe import Markup

from . import filetypes, pictures
from . import urls as url_layout
from .evidence_copies import PILLOW_FORMATS, clean_image, published_copy
from .i18n import Translator
from .jsontext import json_file
from .model import (
    Artifact,
    ArtifactEvidence,
    Credential,
    Earned,
    Issuer,
    Portfolio,
    Stack,
    TextEvidence,
)
from .progress import EarnedCredential, Passport, PathwayProgress
from .render import Renderer
from .site import PassportSummary, Site

LINKEDIN_ADD_TO_PROFILE = "https://www.linkedin.com/profile/add"

PHOTO_MAX_SIDE = 800  # shown at about 160 CSS px; enough for 3x screens and print
EVIDENCE_IMAGE_MAX_SIDE = 2400
TOP_CREDENTIALS_ON_CARD = 3


# --- which portfolio files are published -------------------------------------


def _portfolio_file(site: Site, portfolio_id: str, relative: str) -> Path | None:
    """The source file, when it exists inside the educator's folder."""
    folder = (site.state.source_dir / "portfolios" / portfolio_id).resolve()
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


def _photo_file(site: Site, portfolio: Portfolio) -> Iterator[tuple[str, bytes]]:
    target = photo_path(site, portfolio)
    source = _portfolio_file(site, portfolio.id, portfolio.photo) if portfolio.photo else None
    if target and source:
        image_format = PILLOW_FORMATS[filetypes.format_of(source.name)]
        yield target, clean_image(source.read_bytes(), image_format, PHOTO_MAX_SIDE)


def _evidence_files(site: Site, portfolio: Portfolio) -> Iterator[tuple[str, bytes]]:
    for relative in _public_files(portfolio):
        source = _portfolio_file(site, portfolio.id, relative)
        if source is None or not publishable_file(relative):
            continue
        file_format = filetypes.format_of(relative)
        assert file_format is not None  # publishable_file
        data = published_copy(source.read_bytes(), file_format, EVIDENCE_IMAGE_MAX_SIDE)
        yield url_layout.evidence_file(portfolio.id, relative), data


# --- the page's view of a passport -------------------------------------------


@dataclass(frozen=True)
class ScoreView:
    criterion: str  # the criterion's title
    level: str  # the level's title, or its id when today's rubric no longer has it


@dataclass(frozen=True)
class ArtifactView:
    artifact: Artifact
    link: str | None  # site path of the copied file; None for links and unpublished files


@dataclass(frozen=True)
class EvidenceView:
    title: str
    text: str | None  # markdown
    artifacts: tuple[ArtifactView, ...]


@dataclass(frozen=True)
class AttemptView:
    submitted_on: date
    result: str  # the level's title
    feedback: str | None  # markdown


@dataclass(frozen=True)
class EarnedView:
    held: EarnedCredential
    anchor: str
    issuer: Issuer
    badge: str  # site path
    open_badge: str  # site path of the Open Badges credential
    scores: tuple[ScoreView, ...]
    evidence: tuple[EvidenceView, ...]
    attempts: tuple[AttemptView, ...]
    linkedin_url: str | None  # None for revoked credentials

    @property
    def credential(self) -> Credential:
        return self.held.credential

    @property
    def earned(self) -> Earned:
        return self.held.earned


@dataclass(frozen=True)
class StackView:
    stack: Stack
    complete: bool
    required: int
    held: tuple[Credential, ...]
    missing: tuple[Credential, ...]


@dataclass(frozen=True)
class PassportView:
    passport: Passport
    photo: str | None
    earned: tuple[EarnedView, ...]
    stacks: tuple[StackView, ...]
    in_progress: tuple[tuple[Credential, date | None], ...]
    credentials_held: int
    timeline: Markup
    timeline_rows: tuple[tuple[int, int], ...]
    passport_url: str  # absolute

    @property
    def portfolio(self) -> Portfolio:
        return self.passport.portfolio

    @property
    def pathways(self) -> tuple[PathwayProgress, ...]:
        return self.passport.pathways


def _anchors(entries: Sequence[EarnedCredential]) -> list[str]:
    """Unique, stable fragment ids: the credential id, plus the date when earned twice."""
    anchors: list[str] = []
    for entry in entries:
        anchor = f"credential-{entry.credential.id}"
        if anchor in anchors:
            anchor = f"{anchor}-{entry.earned.earned_on.isoformat()}"
        while anchor in anchors:
            anchor += "-again"
        anchors.append(anchor)
    return anchors


def _scores(held: EarnedCredential) -> tuple[ScoreView, ...]:
    rubric = held.credential.rubric
    titles = {c.id: c.title for c in rubric.criteria}
    ordered = [c.id for c in rubric.criteria if c.id in held.earned.scores]
    ordered += sorted(k for k in held.earned.scores if k not in titles)
    views = []
    for criterion_id in ordered:
        level_id = held.earned.scores[criterion_id]
        level = rubric.level(level_id)
        views.append(
            ScoreView(
                criterion=titles.get(criterion_id, criterion_id),
                level=level.title if level else level_id,
            )
        )
    return tuple(views)


def _evidence(site: Site, portfolio_id: str, held: EarnedCredential) -> tuple[EvidenceView, ...]:
    views = []
    for evidence in held.earned.evidence:
        requirement = held.credential.requirement(evidence.requirement)
        title = requirement.title if requirement else evidence.requirement
        if isinstance(evidence, TextEvidence):
            if evidence.public:
                views.append(EvidenceView(title=title, text=evidence.text, artifacts=()))
            continue
        artifacts = tuple(
            ArtifactView(artifact=a, link=evidence_link(site, portfolio_id, a)) for a in evidence.items if a.public
        )
        if artifacts:
            views.append(EvidenceView(title=title, text=None, artifacts=artifacts))
    return tuple(views)


def _attempts(held: EarnedCredential) -> tuple[AttemptView, ...]:
    if not held.earned.show_attempts:
        return ()
    rubric = held.credential.rubric
    return tuple(
        AttemptView(
            submitted_on=a.submitted_on,
            result=level.title if (level := rubric.level(a.result)) else a.result,
            feedback=a.feedback,
        )
        for a in held.earned.attempts
    )


def linkedin_url(
    held: EarnedCredential, issuer: Issuer, certificate_url: str, certificate_id: str
) -> str | None:
    """LinkedIn's "Add to profile" form, pre-filled; None for a revoked credential."""
    if held.revoked:
        return None
    earned_on = held.earned.earned_on
    parameters = [
        ("startTask", "CERTIFICATION_NAME"),
        ("name", held.credential.title),
        ("organizationName", issuer.name),
        ("issueYear", str(earned_on.year)),
        ("issueMonth", str(earned_on.month)),
    ]
    if held.expires_on is not None:
        parameters += [("expirationYear", str(held.expires_on.year)), ("expirationMonth", str(held.expires_on.month))]
    parameters += [("certUrl", certificate_url), ("certId", certificate_id)]
    return f"{LINKEDIN_ADD_TO_PROFILE}?{urlencode(parameters, quote_via=quote)}"


def _earned_views(site: Site, passport: Passport) -> tuple[EarnedView, ...]:
    pid = passport.portfolio.id
    page_url = site.urls.absolute(url_layout.educator(pid))
    views = []
    for held, anchor in zip(passport.earned, _anchors(passport.earned), strict=True):
        issuer = site.state.issuers[held.credential.issuer]
        open_badge = url_layout.educator_credential(pid, held.credential.id)
        views.append(
            EarnedView(
                held=held,
                anchor=anchor,
                issuer=issuer,
                badge=site.badge_path(held.credential),
                open_badge=open_badge,
                scores=_scores(held),
                evidence=_evidence(site, pid, held),
                attempts=_attempts(held),
                linkedin_url=linkedin_url(held, issuer, f"{page_url}#{anchor}", site.urls.absolute(open_badge)),
            )
        )
    return tuple(views)


def _stack_views(site: Site, passport: Passport) -> tuple[StackView, ...]:
    credentials = site.state.credentials
    return tuple(
        StackView(
            stack=s.stack,
            complete=s.complete,
            required=s.required,
            held=tuple(credentials[c] for c in s.held if c in credentials),
            missing=tuple(credentials[c] for c in s.missing if c in credentials),
        )
        for s in passport.stacks
    )


def held_credentials(passport: Passport) -> list[Credential]:
    """Credentials held (earned and not revoked), once each, newest earning first."""
    seen: dict[str, Credential] = {}
    for entry in passport.earned:
        if not entry.revoked:
            seen.setdefault(entry.credential.id, entry.credential)
    return list(seen.values())


def timeline_counts(passport: Passport) -> tuple[tuple[int, int], ...]:
    """(year, credentials earned that year), oldest year first; revoked ones left out."""
    counts: dict[int, int] = {}
    for entry in passport.earned:
        if not entry.revoked:
            counts[entry.earned.earned_on.year] = counts.get(entry.earned.earned_on.year, 0) + 1
    return tuple(sorted(counts.items()))


def passport_view(site: Site, passport: Passport, translator: Translator) -> PassportView:
    portfolio = passport.portfolio
    credentials = site.state.credentials
    rows = timeline_counts(passport)
    timeline = pictures.timeline_svg(rows, translator.gettext("Micro-credentials earned per year"))
    return PassportView(
        passport=passport,
        photo=photo_path(site, portfolio),
        earned=_earned_views(site, passport),
        stacks=_stack_views(site, passport),
        in_progress=tuple(
            (credentials[p.credential], p.started_on) for p in portfolio.in_progress if p.credential in credentials
        ),
        credentials_held=len(held_credentials(passport)),
        timeline=Markup(timeline),
        timeline_rows=rows,
        passport_url=site.urls.absolute(url_layout.educator(portfolio.id)),
    )


# --- text shared by the page, the card and the directory ----------------------


def number(value: float) -> str:
    """12 -> "12", 12.5 -> "12.5": points are whole numbers most of the time."""
    return f"{value:g}" if value != int(value) else str(int(value))


def count_phrases(translator: Translator, held: int, stacks: int, in_progress: int = 0) -> list[str]:
    """"3 micro-credentials", then "1 stack completed" and "1 in progress" where not 0."""
    phrases = [translator.ngettext("{n} micro-credential", "{n} micro-credentials", held)]
    if stacks:
        phrases.append(translator.ngettext("{n} stack completed", "{n} stacks completed", stacks))
    if in_progress:
        phrases.append(translator.ngettext("{n} in progress", "{n} in progress", in_progress))
    return phrases


def headline_counts(passport: Passport, translator: Translator) -> list[str]:
    return count_phrases(translator, len(held_credentials(passport)), len(passport.completed_stacks))


def page_description(passport: Passport, translator: Translator) -> str:
    portfolio = passport.portfolio
    counts = ", ".join(headline_counts(passport, translator))
    if portfolio.headline:
        return translator.gettext(
            "Professional learning passport of {name}, {headline}: {counts}.",
            name=portfolio.name, headline=portfolio.headline, counts=counts,
        )
    return translator.gettext("Professional learning passport of {name}: {counts}.", name=portfolio.name, counts=counts)


def social_card(site: Site, passport: Passport, translator: Translator) -> bytes:
    portfolio = passport.portfolio
    lines = [" · ".join(headline_counts(passport, translator))]
    if portfolio.location:
        lines.append(portfolio.location)
    lines.append(translator.gettext("Professional learning passport"))
    return pictures.social_card_png(
        portfolio.name, portfolio.headline or "", lines, site.state.catalog.title, portfolio.id
    )


# --- passport.json -------------------------------------------------------------


def _json_number(value: float) -> int | float:
    return int(value) if value == int(value) else value


def passport_document(site: Site, passport: Passport) -> dict[str, Any]:
    """The machine-readable passport (``educators/<id>/passport.json``)."""
    portfolio = passport.portfolio
    absolute = site.urls.absolute
    return {
        "id": portfolio.id,
        "name": portfolio.name,
        "url": absolute(url_layout.educator(portfolio.id)),
        "earned": [
            {
                "credential": e.credential.id,
                "title": e.credential.title,
                "version": e.earned.version,
                "earned_on": e.earned.earned_on.isoformat(),
                "expires_on": e.expires_on.isoformat() if e.expires_on else None,
                "status": e.status,
                "scores": dict(e.earned.scores),
                "url": absolute(url_layout.credential(e.credential.id)),
            }
            for e in passport.earned
        ],
        "pathways": [
            {
                "id": p.pathway.id,
                "title": p.pathway.title,
                "mode": p.mode,
                "met": p.met,
                # A rolling window ends on every build date: its dates would change the file daily.
                "window": {"years": p.pathway.window_years} if p.rolling
                else {"start": p.window_start.isoformat(), "end": p.window_end.isoformat()},
                "required": _json_number(p.required),
                "counted": _json_number(p.counted),
                "buckets": [
                    {"id": b.bucket.id, "min": b.bucket.min, "credentials": list(b.credentials)} for b in p.buckets
                ],
            }
            for p in passport.pathways
        ],
        "stacks": [
            {"id": s.stack.id, "complete": s.complete, "required": s.required, "held": list(s.held)}
            for s in passport.stacks
        ],
    }


# --- structured data for search engines ---------------------------------------


def profile_json_ld(site: Site, view: PassportView) -> dict[str, Any]:
    """schema.org ProfilePage: the educator and the credentials they hold."""
    portfolio = view.portfolio
    person: dict[str, Any] = {"@type": "Person", "name": portfolio.name, "url": view.passport_url}
    if portfolio.headline:
        person["jobTitle"] = portfolio.headline
    if view.photo:
        person["image"] = site.urls.absolute(view.photo)
    person["hasCredential"] = [
        {
            "@type": "EducationalOccupationalCredential",
            "name": e.credential.title,
            "credentialCategory": "Micro-credential",
            "url": site.urls.absolute(url_layout.credential(e.credential.id)),
            "recognizedBy": {"@type": "Organization", "name": e.issuer.name, "url": e.issuer.url},
        }
        for e in view.earned
        if not e.held.revoked
    ]
    return {"@context": "https://schema.org", "@type": "ProfilePage", "mainEntity": person}


# --- the directory ---------------------------------------------------------------

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


def passport_summary(site: Site, passport: Passport) -> PassportSummary:
    """What the directory, holders lists, sitemap and revocation list need of one passport."""
    portfolio = passport.portfolio
    held = held_credentials(passport)
    topics = {t for c in held for t in c.topics}
    return PassportSummary(
        id=portfolio.id,
        name=portfolio.name,
        visibility=portfolio.visibility,
        headline=portfolio.headline,
        location=portfolio.location,
        photo=photo_path(site, portfolio),
        credentials_held=len(held),
        stacks_completed=len(passport.completed_stacks),
        in_progress=len(portfolio.in_progress),
        top_credentials=tuple(c.id for c in held[:TOP_CREDENTIALS_ON_CARD]),
        credential_ids=tuple(sorted(c.id for c in held)),
        stack_ids=tuple(sorted(passport.completed_stacks)),
        topic_ids=tuple(t.id for t in site.state.catalog.topics if t.id in topics),
        revocations=tuple(
            (held.credential.id, held.earned.revoked.on, held.earned.revoked.reason)
            for held in passport.earned
            if held.earned.revoked
        ),
    )


def directory_card(site: Site, summary: PassportSummary, translator: Translator) -> DirectoryCard:
    credentials = site.state.credentials
    top = tuple(credentials[c] for c in summary.top_credentials if c in credentials)
    counts = count_phrases(translator, summary.credentials_held, summary.stacks_completed, summary.in_progress)
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


def filter_options(site: Site, listed: Sequence[PassportSummary]) -> dict[str, tuple[FilterOption, ...]]:
    state = site.state
    return {
        "credential_options": _options([p.credential_ids for p in listed], {c.id: c.title for c in state.credentials.values()}),
        "stack_options": _options([p.stack_ids for p in listed], {s.id: s.title for s in state.stacks.values()}),
        "topic_options": _options([p.topic_ids for p in listed], {t.id: t.title for t in state.catalog.topics}),
    }


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


# --- the generator ------------------------------------------------------------------


def _passport_page(site: Site, renderer: Renderer, view: PassportView) -> bytes:
    translator = renderer.translator
    portfolio = view.portfolio
    page_path = url_layout.educator(portfolio.id)
    return renderer.render(
        "passport.html",
        page_path,
        view=view,
        page_title=portfolio.name,
        page_description=page_description(view.passport, translator),
        og_image=url_layout.educator_card(portfolio.id),
        og_type="profile",
        noindex=portfolio.visibility != "public",
        breadcrumbs=[
            (translator.gettext("Home"), url_layout.HOME),
            (translator.gettext("Educators"), url_layout.EDUCATORS),
            (portfolio.name, None),
        ],
        json_ld=profile_json_ld(site, view) if portfolio.visibility == "public" else None,
        signed=site.signed,
        number=number,
    )


def one_passport_files(site: Site, renderer: Renderer, passport: Passport) -> Iterator[tuple[str, bytes]]:
    """One educator's page, passport.json, QR code, card, photo and evidence files."""
    if passport.portfolio.visibility == "private":  # never true after redaction; checked again all the same
        return
    pid = passport.portfolio.id
    view = passport_view(site, passport, renderer.translator)
    yield from _photo_file(site, passport.portfolio)
    yield from _evidence_files(site, passport.portfolio)
    yield url_layout.educator_qr(pid), pictures.qr_svg(view.passport_url).encode("utf-8")
    yield url_layout.educator_card(pid), social_card(site, passport, renderer.translator)
    yield url_layout.educator_passport_json(pid), json_file(passport_document(site, passport), compact=True)
    yield url_layout.output_file(url_layout.educator(pid)), _passport_page(site, renderer, view)


def passport_files(site: Site, renderer: Renderer) -> Iterator[tuple[str, bytes]]:
    """The files of every passport in ``site.passports``, then the directory."""
    for passport in site.passports.values():
        yield from one_passport_files(site, renderer, passport)
    yield from directory_files(site, renderer)


def directory_files(site: Site, renderer: Renderer) -> Iterator[tuple[str, bytes]]:
    """The directory's pages, then its index."""
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
            **options,
        )
    yield url_layout.EDUCATORS_INDEX, json_file(directory_index(site, cards), compact=True)
