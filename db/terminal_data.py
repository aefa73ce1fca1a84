"""The ledger's figures for ``assetdesk.terminals``: systems' terminals and lines, read in one go."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, or_, select

from assetdesk import terminals as T
from assetdesk.scope import INDICATOR_BASELINE_FY
from db.ledger import load_values
from db.queries import SYSTEM


def terminal_systems(conn: Connection) -> list[dict[str, Any]]:
    """Systems with dedicated terminals or lines recorded (the rest add nothing to any figure)."""
    ids = conn.execute(select(SYSTEM.c.id).where(or_(SYSTEM.c.dedicated_terminals > 0,
                                                     SYSTEM.c.dedicated_lines > 0))).scalars().all()
    return list(load_values(conn, "system", ids).values()) if ids else []


def terminal_counts_by_fy(conn: Connection, first: int = INDICATOR_BASELINE_FY,
                          today: dt.date | None = None) -> dict[int, dict[str, int]]:
    return T.counts_by_fy(terminal_systems(conn), first, today or dt.date.today())


def terminal_summary(conn: Connection, today: dt.date | None = None,
                     first: int = INDICATOR_BASELINE_FY) -> dict[str, Any]:
    return T.summary(terminal_systems(conn), first, today or dt.date.today())
