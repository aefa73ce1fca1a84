"""Which servers count toward the plan's indicator (対象サーバ数) at a fiscal year's end.

A server is in the consolidation scope while its migration status is 未移行, 計画済 or 移行中.
It leaves the scope on ``migrated_on`` when it is 移行済 or 廃止; 対象外 servers never count.
So the count at any past year end follows from today's ledger, without snapshots.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from assetdesk.choices import IN_SCOPE_STATUSES, LEFT_SCOPE_STATUSES

#: The plan's indicator: servers in scope, baseline FY2016, actual FY2017, target FY2020.
INDICATOR_BASELINE_FY = 2016
INDICATOR_TARGETS = {2016: 196, 2017: 93, 2020: 7}


def fiscal_year_end(fy: int) -> dt.date:
    """The last day of fiscal year ``fy`` (April to March)."""
    return dt.date(fy + 1, 3, 31)


def fiscal_year_of(day: dt.date) -> int:
    return day.year if day.month >= 4 else day.year - 1


def in_scope_at(server: Mapping[str, Any], day: dt.date) -> bool:
    status = server.get("migration_status")
    purchased = server.get("purchased")
    if purchased is not None and purchased > day:
        return False
    if status in IN_SCOPE_STATUSES:
        return True
    if status in LEFT_SCOPE_STATUSES:
        left = server.get("migrated_on")
        return left is not None and left > day
    return False
