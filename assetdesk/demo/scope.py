"""Which servers the consolidation indicator counts at the end of a fiscal year.

The same rule the ledger applies (and the demo is built to satisfy exactly): a server is in
scope at the end of fiscal year Y (31 March of Y+1) when it is not excluded, had been bought by
then, and either is still waiting (未移行/計画済/移行中) or left the scope (移行済/廃止) only later.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from assetdesk.choices import IN_SCOPE_STATUSES, LEFT_SCOPE_STATUSES
from assetdesk.demo.util import fy_end


def in_scope_at(server: Mapping[str, Any], day: date) -> bool:
    status = server["migration_status"]
    if status == "excluded":
        return False
    purchased = server["purchased"]
    if purchased is not None and purchased > day:
        return False
    if status in IN_SCOPE_STATUSES:
        return True
    migrated_on = server["migrated_on"]
    return status in LEFT_SCOPE_STATUSES and migrated_on is not None and migrated_on > day


def count_in_scope(servers: Iterable[Mapping[str, Any]], fy: int) -> int:
    """How many servers were in scope at the end of fiscal year ``fy``."""
    day = fy_end(fy)
    return sum(1 for s in servers if in_scope_at(s, day))
