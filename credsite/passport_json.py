"""``educators/<id>/passport.json``: the machine-readable passport."""

from __future__ import annotations

from typing import Any

from . import urls as url_layout
from .progress import Passport
from .site import Site


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
