"""What consolidating a group could save each year, by one stated rule.

Rule: the absorbing system carries on; each absorbed system's yearly running cost (年間運用
経費: hardware and software maintenance, operation, lease and cloud fees) ends, except for a
share ``kept`` (default 30 %) that moves to the absorbing system for the users, data and
licences it takes over. Saving = Σ absorbed yearly cost × (1 − kept). One-off costs (the
migration itself, 構築経費) are not in it: the introduction review weighs those. A system whose
costs the survey left blank adds nothing and is listed, so the figure is a floor.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from assetdesk.similar.profile import SystemProfile


@dataclass(frozen=True)
class SavingEstimate:
    #: Estimated yearly saving (千円).
    saving: int
    #: The absorbed systems' yearly running cost today (千円): the most that is at stake.
    at_stake: int
    #: Absorbed systems whose yearly cost is unknown (not counted).
    unknown_cost: tuple[str, ...]
    kept_share: float


def estimate_saving(absorbed: Sequence[SystemProfile], kept_share: float = 0.3) -> SavingEstimate:
    if not 0.0 <= kept_share <= 1.0:
        raise ValueError("kept_share must be within 0..1")
    at_stake = sum(p.annual_cost for p in absorbed if p.annual_cost is not None)
    unknown = tuple(p.code for p in absorbed if p.annual_cost is None)
    return SavingEstimate(round(at_stake * (1.0 - kept_share)), at_stake, unknown, kept_share)
