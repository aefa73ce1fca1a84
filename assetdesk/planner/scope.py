"""Which servers the plan covers (consolidation.md: physical, not yet moved, not excluded)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from assetdesk.planner.model import PlanServer

DEFAULT_KINDS = ("physical",)
DEFAULT_STATUSES = ("pending", "planned")


def select(
    servers: Iterable[PlanServer],
    kinds: Sequence[str] = DEFAULT_KINDS,
    statuses: Sequence[str] = DEFAULT_STATUSES,
) -> list[PlanServer]:
    """Servers of one of ``kinds`` (SERVER_KIND values) whose migration status is in ``statuses``."""
    return [s for s in servers if s.kind in kinds and s.migration_status in statuses]
