"""Fifth stage: remove everything that must never be published.

After this, the State holds no private portfolio and no evidence that was
not marked public, and attempts are gone where the educator hid them. Every
later stage (pages, JSON, search, feeds, Open Badges, copied files) works
from this redacted State only, so none of them can leak what it never sees.
"""

from __future__ import annotations

from dataclasses import replace

from .model import ArtifactEvidence, Earned, Evidence, Portfolio, State, TextEvidence


def redact(state: State) -> State:
    published = {
        pid: redact_portfolio(p) for pid, p in state.portfolios.items() if p.visibility != "private"
    }
    drafts = {cid for cid, c in state.credentials.items() if c.status == "draft"}
    credentials = {cid: c for cid, c in state.credentials.items() if cid not in drafts}
    return replace(state, portfolios=published, credentials=credentials)


def redact_portfolio(portfolio: Portfolio) -> Portfolio:
    return replace(portfolio, earned=tuple(_redact_earned(e) for e in portfolio.earned))


def _redact_earned(earned: Earned) -> Earned:
    evidence = tuple(e for e in (_public_evidence(e) for e in earned.evidence) if e is not None)
    attempts = earned.attempts if earned.show_attempts else ()
    return replace(earned, evidence=evidence, attempts=attempts)


def _public_evidence(evidence: Evidence) -> Evidence | None:
    if isinstance(evidence, TextEvidence):
        return evidence if evidence.public else None
    items = tuple(item for item in evidence.items if item.public)
    return ArtifactEvidence(evidence.requirement, items) if items else None
