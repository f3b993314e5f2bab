"""License renewal as one verdict per license: what a passport says first.

A license (``portfolio.license``) is renewed through any one of its routes
(``license.pathways``, each a ``PathwayProgress`` from progress.py), so it
is met as soon as one route is met. The verdict names the route that
decides it:

- met: the first route, in license order, that is met;
- not met: the *closest* route, the one with the smallest share of its
  requirement still missing (``shortfall``; ties go to the first in
  license order). Its needs are what the educator still needs: due by the
  window's end, or, for a rolling window (a license without ``expires``),
  with no date, since that window ends on every build date.

It is *partly* met when something already counts toward the deciding route
and *not started* when nothing does. The other routes are kept, in license
order, for the page to fold away. Pure functions over progress.py's
results; the templates phrase the verdict.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from .model import Bucket, License, Pathway
from .progress import Need, PathwayProgress

VerdictState = Literal["met", "partly", "not_started"]


@dataclass(frozen=True)
class RenewalVerdict:
    license: License
    state: VerdictState
    route: PathwayProgress  # the route that meets the license, or the closest one
    other_routes: tuple[PathwayProgress, ...]  # the license's other routes, in license order

    @property
    def met(self) -> bool:
        return self.state == "met"

    @property
    def needs(self) -> tuple[Need, ...]:
        """What the deciding route still needs; empty when met."""
        return self.route.needs

    @property
    def due(self) -> date | None:
        """The day the needs are due by; None when met or the window rolls."""
        return None if self.met or self.route.rolling else self.route.window_end


def shortfall(route: PathwayProgress) -> float:
    """The share of a route's requirement still missing: 0 when met, 1 when nothing counts yet.

    Its needs add up what is missing in the route's own unit (credentials or
    points), bucket needs included, so a route whose total is reached but
    one bucket is short is not taken for met.
    """
    if route.met:
        return 0.0
    missing = sum(need.amount for need in route.needs)
    return missing / max(route.required, missing) if missing > 0 else 0.0


def renewal_verdict(license: License | None, routes: Sequence[PathwayProgress]) -> RenewalVerdict | None:
    """The verdict on a license from the progress of its routes; None without a license or routes."""
    if license is None or not routes:
        return None
    met = [route for route in routes if route.met]
    deciding = met[0] if met else min(routes, key=shortfall)  # min keeps the first of equals
    state: VerdictState = "met" if deciding.met else "partly" if deciding.items else "not_started"
    return RenewalVerdict(license, state, deciding, tuple(route for route in routes if route is not deciding))


def total_need_buckets(pathway: Pathway) -> tuple[Bucket, ...]:
    """The buckets a credential toward a count route's total must fit; () when any credential counts.

    With buckets, only a credential placed in one counts toward the total;
    a bucket without topics takes any credential.
    """
    if not pathway.buckets or any(not bucket.topics for bucket in pathway.buckets):
        return ()
    return pathway.buckets
