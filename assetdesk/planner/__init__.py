"""The consolidation planner of shared/spec/consolidation.md (pure domain: no database, no Qt).

Entry points: ``plan`` (servers -> Plan), ``move_server``/``apply_moves`` (hand edits, re-checked),
``check`` (every rule on a plan), ``compare`` (scenarios side by side), ``select`` (scope).
"""

from assetdesk.planner.checks import check
from assetdesk.planner.compare import ComparisonRow, Scenario, compare
from assetdesk.planner.edit import apply_moves, move_server, new_host_name
from assetdesk.planner.model import (
    Assignment,
    Capacity,
    Demand,
    Excluded,
    Fallback,
    Figures,
    HostLoad,
    HostSpec,
    MoveConstraints,
    Plan,
    PlanParameters,
    PlanServer,
    Violation,
    Wave,
    ZoneResult,
)
from assetdesk.planner.planner import plan
from assetdesk.planner.scope import select

__all__ = [
    "Assignment", "Capacity", "ComparisonRow", "Demand", "Excluded", "Fallback", "Figures", "HostLoad",
    "HostSpec", "MoveConstraints", "Plan", "PlanParameters", "PlanServer", "Scenario", "Violation", "Wave",
    "ZoneResult", "apply_moves", "check", "compare", "move_server", "new_host_name", "plan", "select",
]
