"""What a passport page shows: the view of one educator's Passport, and the text
the page, its social card and the directory share.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote, urlencode

from markupsafe import Markup

from . import pictures
from . import urls as url_layout
from .i18n import Translator
from .model import Artifact, Credential, Earned, Issuer, Portfolio, Stack, TextEvidence
from .portfolio_files import evidence_link, photo_path
from .progress import EarnedCredential, Passport, PathwayProgress
from .site import Site
from .wallet import WalletActions, wallet_actions

LINKEDIN_ADD_TO_PROFILE = "https://www.linkedin.com/profile/add"


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
    wallet: WalletActions | None = None  # None for revoked credentials (wallet.py)

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
    """LinkedIn's "Add to profile" form, pre-filled; None for a revoked credential.

    With the issuer's LinkedIn page id the form names the organization by it
    (``organizationId``), so the certification shows its logo and links to
    its page; otherwise by name, as plain text.
    """
    if held.revoked:
        return None
    earned_on = held.earned.earned_on
    organization = (
        ("organizationId", issuer.linkedin_organization_id)
        if issuer.linkedin_organization_id
        else ("organizationName", issuer.name)
    )
    parameters = [
        ("startTask", "CERTIFICATION_NAME"),
        ("name", held.credential.title),
        organization,
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
                wallet=wallet_actions(site, held, pid),
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
