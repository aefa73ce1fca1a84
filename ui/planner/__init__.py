"""The consolidation planner's page: plan, scenarios, hand edits, tracking and the forecast.

``from ui.planner import PlannerPage`` (imported lazily so ``python -m ui.planner.page`` runs cleanly).
"""

from __future__ import annotations

from typing import Any

__all__ = ["PlannerPage"]


def __getattr__(name: str) -> Any:
    if name == "PlannerPage":
        from ui.planner.page import PlannerPage

        return PlannerPage
    raise AttributeError(name)
