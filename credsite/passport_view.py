"""What a passport page shows: the view of one educator's Passport, and the text
the page, its social card and the directory share.

The page leads with what a reader needs first: who the educator is, who
issued the credentials and how current their status is (``status_changed``:
never the build date, which is not an input of a passport's files; see
progress.py, "When results change"), the renewal verdict (renewal.py) and
the current credentials as tiles. Past credentials (expired, revoked) are
kept apart, so counts and actions (LinkedIn, wallets) concern current ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal
from urllib.parse import quote, urlencode

from markupsafe import Markup

from . import pictures
from . import urls as url_layout
from .i18n import Translator
from .model import Artifact, Credential, Earned, Issuer, Portfolio, Rubric, Stack, TextEvidence
from .portfolio_files import evidence_link, photo_path
from .progress import EarnedCredential, Passport, PathwayProgress
from .renewal import RenewalVerdict, renewal_verdict
from .site import Site
from .wallet import WalletActions, wallet_actions

LINKEDIN_ADD_TO_PROFILE = "https://www.linkedin.com/profile/add"

# Where a rubric level stands: below the lowest passing level, that level, or above it.
Grade = Literal["below", "passing", "above"]


@dataclass(frozen=True)
class LevelView:
    title: str
    grade: Grade


@dataclass(frozen=True)
class ScoreView:
    criterion: str | None  # the criterion's title; None when the rubric it was scored on no longer names it
    level: LevelView | None  # None when today's rubric has no such level
    rank: int  # the level's place on the scale, from 1 (lowest); 0 when unknown


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
    """One earned credential as the page shows it: a tile when current, and its detail.

    The tile and the detail read the issuer's name and image from here, not
    from the catalog, so a credential from another issuer can be shown alike.
    """

    held: EarnedCredential
    anchor: str
    issuer: Issuer
    issuer_image: str | None  # site path of the issuer's logo
    badge: str  # site path
    open_badge: str  # site path of the Open Badges credential
    scale: tuple[LevelView, ...]  # the rubric's levels, lowest first
    scores: tuple[ScoreView, ...]
    evidence: tuple[EvidenceView, ...]
    attempts: tuple[AttemptView, ...]  # earlier "Not Yet" submissions, when the educator shows them
    linkedin_url: str | None  # current credentials only
    wallet: WalletActions | None = None  # None for revoked credentials (wallet.py)

    @property
    def credential(self) -> Credential:
        return self.held.credential

    @property
    def earned(self) -> Earned:
        return self.held.earned

    @property
    def title(self) -> str:
        return self.held.credential.title

    @property
    def current(self) -> bool:
        return self.held.status == "valid"


@dataclass(frozen=True)
class StackView:
    stack: Stack
    complete: bool
    required: int
    held: tuple[Credential, ...]
    missing: tuple[Credential, ...]


@dataclass(frozen=True)
class IssuerView:
    issuer: Issuer
    image: str | None  # site path of its logo


@dataclass(frozen=True)
class CredentialCounts:
    """Credentials by where they stand, each counted once (its latest earning that was not revoked)."""

    current: int
    expired: int
    revoked: int  # revoked, and not earned again since


@dataclass(frozen=True)
class PassportView:
    passport: Passport
    photo: str | None
    current: tuple[EarnedView, ...]  # newest first
    past: tuple[EarnedView, ...]  # expired and revoked, newest first
    counts: CredentialCounts
    issuers: tuple[IssuerView, ...]  # of the current credentials (of every earned one when none is current)
    status_changed: date | None  # the last day a credential or the renewal status changed; None: nothing earned
    verdict: RenewalVerdict | None
    stacks: tuple[StackView, ...]
    in_progress: tuple[tuple[Credential, date | None], ...]
    passport_url: str  # absolute
    qr: Markup  # inline SVG of passport_url

    @property
    def portfolio(self) -> Portfolio:
        return self.passport.portfolio

    @property
    def pathways(self) -> tuple[PathwayProgress, ...]:
        return self.passport.pathways

    @property
    def earned(self) -> tuple[EarnedView, ...]:
        return self.current + self.past


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


def rubric_scale(rubric: Rubric) -> tuple[LevelView, ...]:
    """The rubric's levels, lowest first, each marked below, at or above the lowest passing level."""
    first_passing = next((i for i, level in enumerate(rubric.levels) if level.passing), len(rubric.levels))
    return tuple(
        LevelView(level.title, "below" if i < first_passing or not level.passing else "passing" if i == first_passing else "above")
        for i, level in enumerate(rubric.levels)
    )


def _scores(held: EarnedCredential, scale: tuple[LevelView, ...]) -> tuple[ScoreView, ...]:
    """The level reached per criterion, in rubric order; criteria only an older version had come last."""
    rubric = held.credential.rubric
    titles = {c.id: c.title for c in rubric.criteria}
    ordered = [c.id for c in rubric.criteria if c.id in held.earned.scores]
    ordered += sorted(k for k in held.earned.scores if k not in titles)
    ranks = {level.id: rank for rank, level in enumerate(rubric.levels, start=1)}
    views = []
    for criterion_id in ordered:
        rank = ranks.get(held.earned.scores[criterion_id], 0)
        views.append(ScoreView(criterion=titles.get(criterion_id), level=scale[rank - 1] if rank else None, rank=rank))
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
    """LinkedIn's "Add to profile" form, pre-filled; None unless the credential is current.

    With the issuer's LinkedIn page id the form names the organization by it
    (``organizationId``), so the certification shows its logo and links to
    its page; otherwise by name, as plain text.
    """
    if held.status != "valid":
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
        scale = rubric_scale(held.credential.rubric)
        views.append(
            EarnedView(
                held=held,
                anchor=anchor,
                issuer=issuer,
                issuer_image=site.issuer_image_path(issuer),
                badge=site.badge_path(held.credential),
                open_badge=open_badge,
                scale=scale,
                scores=_scores(held, scale),
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


def _issuers(site: Site, earned: Sequence[EarnedView]) -> tuple[IssuerView, ...]:
    """Each issuer once, in order of first appearance."""
    seen: dict[str, IssuerView] = {}
    for view in earned:
        seen.setdefault(view.issuer.id, IssuerView(view.issuer, view.issuer_image))
    return tuple(seen.values())


def status_changed(passport: Passport) -> date | None:
    """The last day anything the page says about standing changed: an earning, a
    revocation, or a change date of progress.py (an expiry, learning that
    starts to count, a rolling window's edge). The same on every build date
    of the passport's range, unlike the build date itself."""
    days = [e.earned.earned_on for e in passport.earned]
    days += [e.earned.revoked.on for e in passport.earned if e.earned.revoked is not None]
    if passport.valid_from > date.min:
        days.append(passport.valid_from)
    return max(days, default=None)


def held_credentials(passport: Passport) -> list[Credential]:
    """Credentials held (earned and not revoked), once each, newest earning first."""
    seen: dict[str, Credential] = {}
    for entry in passport.earned:
        if not entry.revoked:
            seen.setdefault(entry.credential.id, entry.credential)
    return list(seen.values())


def credential_counts(passport: Passport) -> CredentialCounts:
    standing: dict[str, str] = {}  # credential id -> status of its latest earning not revoked
    for entry in passport.earned:  # newest first
        if not entry.revoked:
            standing.setdefault(entry.credential.id, entry.status)
    revoked = {e.credential.id for e in passport.earned if e.revoked} - standing.keys()
    statuses = list(standing.values())
    return CredentialCounts(current=statuses.count("valid"), expired=statuses.count("expired"), revoked=len(revoked))


def passport_view(site: Site, passport: Passport) -> PassportView:
    portfolio = passport.portfolio
    credentials = site.state.credentials
    earned = _earned_views(site, passport)
    current = tuple(e for e in earned if e.current)
    passport_url = site.urls.absolute(url_layout.educator(portfolio.id))
    return PassportView(
        passport=passport,
        photo=photo_path(site, portfolio),
        current=current,
        past=tuple(e for e in earned if not e.current),
        counts=credential_counts(passport),
        issuers=_issuers(site, current or earned),
        status_changed=status_changed(passport),
        verdict=renewal_verdict(portfolio.license, passport.pathways),
        stacks=_stack_views(site, passport),
        in_progress=tuple(
            (credentials[p.credential], p.started_on) for p in portfolio.in_progress if p.credential in credentials
        ),
        passport_url=passport_url,
        qr=Markup(pictures.qr_svg(passport_url)),
    )


# --- text shared by the page, the card and the directory ----------------------


def number(value: float) -> str:
    """12 -> "12", 12.5 -> "12.5": points are whole numbers most of the time."""
    return f"{value:g}" if value != int(value) else str(int(value))


def credential_phrases(translator: Translator, counts: CredentialCounts, verified: bool = False) -> list[str]:
    """"5 micro-credentials"; "4 current micro-credentials", "1 expired", "1 revoked" when some are past.

    ``verified`` (the social card of a signed build) says "verified" instead of "current".
    """
    n = counts.current
    if verified:
        first = translator.ngettext("{n} verified micro-credential", "{n} verified micro-credentials", n)
    elif counts.expired or counts.revoked:
        first = translator.ngettext("{n} current micro-credential", "{n} current micro-credentials", n)
    else:
        first = translator.ngettext("{n} micro-credential", "{n} micro-credentials", n)
    phrases = [first]
    if counts.expired:
        phrases.append(translator.ngettext("{n} expired", "{n} expired", counts.expired))
    if counts.revoked:
        phrases.append(translator.ngettext("{n} revoked", "{n} revoked", counts.revoked))
    return phrases


def count_phrases(translator: Translator, counts: CredentialCounts, stacks: int, in_progress: int = 0) -> list[str]:
    """The credential phrases, then "1 stack completed" and "1 in progress" where not 0."""
    phrases = credential_phrases(translator, counts)
    if stacks:
        phrases.append(translator.ngettext("{n} stack completed", "{n} stacks completed", stacks))
    if in_progress:
        phrases.append(translator.ngettext("{n} in progress", "{n} in progress", in_progress))
    return phrases


def headline_counts(passport: Passport, translator: Translator) -> list[str]:
    return count_phrases(translator, credential_counts(passport), len(passport.completed_stacks))
