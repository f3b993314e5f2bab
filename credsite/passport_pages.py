"""Professional learning passports: every file of one educator's passport, and its summary.

For every portfolio in ``site.passports`` (public and unlisted; private ones
were removed by the privacy stage and never reach this module) the build
writes the page (with a QR code of its address inline), ``passport.json``
(``passport_json``), a social card, and the photo and public evidence files
(``portfolio_files``). What the page shows is ``passport_view``; the
directory of public passports is ``directory``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from . import pictures, stats
from .catalog_pictures import card_badge, issuer_logo
from . import urls as url_layout
from .i18n import Translator
from .jsontext import json_file
from .passport_json import passport_document
from .passport_view import (
    PassportView,
    credential_counts,
    credential_phrases,
    headline_counts,
    held_credentials,
    number,
    passport_view,
)
from .portfolio_files import evidence_files, photo_file, photo_path
from .progress import Passport
from .render import Renderer
from .renewal import total_need_buckets
from .site import PassportSummary, Site

TOP_CREDENTIALS_ON_CARD = 3


def page_description(passport: Passport, translator: Translator) -> str:
    portfolio = passport.portfolio
    counts = ", ".join(headline_counts(passport, translator))
    if portfolio.headline:
        return translator.gettext(
            "Professional learning passport of {name}, {headline}: {counts}.",
            name=portfolio.name, headline=portfolio.headline, counts=counts,
        )
    return translator.gettext("Professional learning passport of {name}: {counts}.", name=portfolio.name, counts=counts)


def social_card(site: Site, view: PassportView, translator: Translator) -> bytes:
    """The passport's preview: name, headline, what is current (verified in a signed build),
    whether renewal is met, the issuers, and the newest current credentials' badges."""
    portfolio = view.portfolio
    facts = credential_phrases(translator, view.counts, verified=site.signed)
    if view.verdict is not None and view.verdict.met:
        facts.append(translator.gettext("renewal met"))
    topics = {t.id: t.title for t in site.state.catalog.topics}
    badges = [card_badge(site, e.credential, topics[e.credential.topics[0]]) for e in view.current[: pictures.MAX_BADGES]]
    issuers = [i.issuer for i in view.issuers]
    logo = next((data for issuer in issuers if (data := issuer_logo(site, issuer)) is not None), None)
    names = [issuer.name for issuer in issuers]
    joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + translator.gettext(" and ") + names[-1] if names else ""
    return pictures.social_card_png(
        portfolio.name, portfolio.headline or "", [facts], "", portfolio.id,
        badges=badges,
        issuer=translator.gettext("Issued by {issuer}", issuer=joined) if joined else "",
        logo=pictures.logo_layer(logo) if logo else None,
        title_lines=2,
    )


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


def status_checked_file(site: Site) -> tuple[str, bytes]:
    """``status/checked.json``: the day of this build, in ISO form and as the pages write it.

    The only output that changes every day: a passport's own files never
    hold the build date (progress.py, "When results change"), and its page
    reads this file to say when its status was last checked.
    """
    day = site.state.build_date
    text = Translator(site.state.catalog.language).long_date(day)
    return url_layout.STATUS_CHECKED, json_file({"checked": day.isoformat(), "date": text}, compact=True)


def passport_summary(site: Site, passport: Passport) -> PassportSummary:
    """What the directory, holders lists, sitemap and revocation list need of one passport."""
    portfolio = passport.portfolio
    held = held_credentials(passport)
    counts = credential_counts(passport)
    topics = {t for c in held for t in c.topics}
    return PassportSummary(
        id=portfolio.id,
        name=portfolio.name,
        visibility=portfolio.visibility,
        headline=portfolio.headline,
        location=portfolio.location,
        photo=photo_path(site, portfolio),
        credentials_held=len(held),
        credentials_expired=counts.expired,
        credentials_revoked=counts.revoked,
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
        earnings=stats.earning_facts(passport),
        renewal=stats.renewal_share(passport),
    )


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
        counts_text=" · ".join(credential_phrases(translator, view.counts)),
        total_need_buckets=total_need_buckets,
    )


def one_passport_files(site: Site, renderer: Renderer, passport: Passport) -> Iterator[tuple[str, bytes]]:
    """One educator's page, passport.json, card, photo and evidence files."""
    if passport.portfolio.visibility == "private":  # never true after redaction; checked again all the same
        return
    pid = passport.portfolio.id
    view = passport_view(site, passport)
    yield from photo_file(site, passport.portfolio)
    yield from evidence_files(site, passport.portfolio)
    yield url_layout.educator_card(pid), social_card(site, view, renderer.translator)
    yield url_layout.educator_passport_json(pid), json_file(passport_document(site, passport), compact=True)
    yield url_layout.output_file(url_layout.educator(pid)), _passport_page(site, renderer, view)
