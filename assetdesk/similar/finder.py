"""Proposals of similar systems to consolidate, ranked by the yearly cost they could save."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from assetdesk.similar.grouping import absorber_groups
from assetdesk.similar.index import SimilarityIndex
from assetdesk.similar.profile import CANDIDATE_STATUSES, SystemProfile
from assetdesk.similar.reasons import Reason
from assetdesk.similar.savings import SavingEstimate, estimate_saving
from assetdesk.similar.settings import DEFAULT_SETTINGS, Settings

#: Hostings that already run on shared infrastructure: such a system is the natural absorber.
SHARED_HOSTINGS = ("platform", "cloud")


@dataclass(frozen=True)
class Member:
    """One system of a group, with how alike it is to the absorbing system and why."""

    profile: SystemProfile
    score: float = 1.0
    reasons: tuple[Reason, ...] = ()

    @property
    def code(self) -> str:
        return self.profile.code

    def to_json(self) -> dict[str, Any]:
        p = self.profile
        return {"code": p.code, "name": p.name, "section": p.section, "department": p.department,
                "business_category": p.business_category, "network_zone": p.network_zone,
                "annual_cost": p.annual_cost, "users": p.users, "score": round(self.score, 4),
                "reasons": [r.to_json() for r in self.reasons]}


@dataclass(frozen=True)
class SimilarGroup:
    absorber: Member
    absorbed: tuple[Member, ...]
    saving: SavingEstimate

    @property
    def codes(self) -> tuple[str, ...]:
        return (self.absorber.code, *(m.code for m in self.absorbed))

    @property
    def key(self) -> str:
        """A stable name of the group: its codes in order (the same systems give the same key)."""
        return "+".join(sorted(self.codes))

    @property
    def score(self) -> float:
        return sum(m.score for m in self.absorbed) / len(self.absorbed)

    @property
    def annual_cost(self) -> int:
        return sum(m.profile.annual_cost or 0 for m in (self.absorber, *self.absorbed))

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key, "absorber": self.absorber.to_json(),
            "absorbed": [m.to_json() for m in self.absorbed],
            "systems": list(self.codes), "score": round(self.score, 4),
            "annual_cost": self.annual_cost, "saving": self.saving.saving, "at_stake": self.saving.at_stake,
            "unknown_cost": list(self.saving.unknown_cost), "kept_share": self.saving.kept_share,
        }


def absorber_rank(p: SystemProfile) -> tuple:
    """Which member should absorb the others (smallest first): one already on the shared
    platform or a cloud service, then the one with the most users, then the largest budget."""
    return (p.hosting not in SHARED_HOSTINGS, -(p.users or 0), -(p.annual_cost or 0), p.code)


def candidates(profiles: Iterable[SystemProfile]) -> list[SystemProfile]:
    return [p for p in profiles if p.status in CANDIDATE_STATUSES]


def find_similar_groups(profiles: Iterable[SystemProfile], settings: Settings = DEFAULT_SETTINGS,
                        index: SimilarityIndex | None = None) -> list[SimilarGroup]:
    """Groups of similar systems of different sections, the largest yearly saving first.

    Systems that are not running (廃止予定, 廃止済, 集約済) are left out.
    """
    index = index or SimilarityIndex(candidates(profiles), settings)
    found = absorber_groups(index, lambda i: absorber_rank(index.profiles[i]))
    groups = [_group(index, a, members) for a, members in found.items()]
    groups.sort(key=lambda g: (-g.saving.saving, -g.score, g.key))
    return groups


def _group(index: SimilarityIndex, absorber: int, members: Sequence[tuple[int, float]]) -> SimilarGroup:
    absorbed = []
    for i, _score in members:
        s, reasons = index.explain(absorber, i)
        absorbed.append(Member(index.profiles[i], s.score, reasons))
    absorbed.sort(key=lambda m: (-m.score, m.code))
    saving = estimate_saving([m.profile for m in absorbed], index.settings.absorbed_cost_kept)
    return SimilarGroup(Member(index.profiles[absorber]), tuple(absorbed), saving)


def similar_to(profile: SystemProfile, profiles: Iterable[SystemProfile] | SimilarityIndex, limit: int = 10,
               settings: Settings = DEFAULT_SETTINGS, minimum: float | None = None) -> list[Member]:
    """Running systems most like ``profile`` (a proposal under review, or a system), best first.

    ``minimum`` defaults to the grouping threshold; a reviewer may want to see a little below it.
    """
    index = profiles if isinstance(profiles, SimilarityIndex) else SimilarityIndex(candidates(profiles), settings)
    return [Member(index.profiles[j], s.score, reasons)
            for j, s, reasons in index.query(profile, limit=limit, minimum=minimum)]
