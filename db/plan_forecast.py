"""The servers an adopted plan is moving, and the indicator's forecast as its waves complete.

The forecast takes the count of servers in scope at each fiscal year's end as the ledger stands
(a departure recorded with a future date counts from that date) and takes away the adopted
plan's servers still in scope whose wave is due by then. A plan without wave
dates is read as starting on its adoption day, one wave per ``wave_interval_days``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, select

from assetdesk.choices import IN_SCOPE_STATUSES
from assetdesk.planner import Plan
from assetdesk.scope import INDICATOR_BASELINE_FY, fiscal_year_end, fiscal_year_of
from db import models as M
from db.planning import adopted_scenario
from db.queries import in_scope_by_fy, in_scope_count

SERVER, HOST = M.Server.__table__, M.Host.__table__


@dataclass(frozen=True)
class Forecast:
    actual: dict[int, int]  # fiscal year -> servers in scope at its end (this year: today)
    forecast: dict[int, int] = field(default_factory=dict)  # from this year to the last wave's
    wave_dates: dict[int, dt.date] = field(default_factory=dict)
    scenario_name: str | None = None
    servers: tuple[str, ...] = ()  # the adopted plan's server codes


def tracked_servers(conn: Connection, codes: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """Servers of a plan (``codes``; without them, every server 計画済 or 移行中): code, hostname,
    zone, host, wave, status and the date it left the scope."""
    q = (select(SERVER.c.server_code, SERVER.c.hostname, SERVER.c.network_zone, HOST.c.name.label("host"),
                SERVER.c.planned_wave, SERVER.c.migration_status, SERVER.c.migrated_on)
         .select_from(SERVER.outerjoin(HOST, HOST.c.id == SERVER.c.host_id))
         .order_by(SERVER.c.planned_wave, SERVER.c.server_code))
    if codes is None:
        q = q.where(SERVER.c.migration_status.in_(("planned", "migrating")))
    else:
        q = q.where(SERVER.c.server_code.in_(list(codes)))
    return [dict(r) for r in conn.execute(q).mappings()]


def wave_dates(result: Plan, adopted_on: dt.date) -> dict[int, dt.date]:
    """Each wave's date: its planned date, or the adoption day plus one interval per wave."""
    interval = dt.timedelta(days=max(result.params.wave_interval_days, 1))
    return {w.number: w.planned or adopted_on + interval * (w.number - 1) for w in result.waves}


def forecast_by_fy(conn: Connection, today: dt.date | None = None) -> Forecast:
    today = today or dt.date.today()
    actual = in_scope_by_fy(conn, today=today)
    adopted = adopted_scenario(conn)
    if adopted is None:
        return Forecast(actual)
    row, result = adopted
    adopted_on = row["adopted_at"].date() if row["adopted_at"] else today
    dates = wave_dates(result, adopted_on)
    codes = [a.server for a in result.assignments]
    still = set(conn.execute(select(SERVER.c.server_code).where(SERVER.c.server_code.in_(codes))
                             .where(SERVER.c.migration_status.in_(IN_SCOPE_STATUSES))).scalars()) if codes else set()
    leaving = [max(dates.get(a.wave, today), today) for a in result.assignments if a.server in still]
    this_fy = fiscal_year_of(today)
    last_fy = max([this_fy, *(fiscal_year_of(d) for d in leaving)])
    # The count at a future year end already drops servers recorded as leaving before it.
    forecast = {fy: in_scope_count(conn, fiscal_year_end(fy)) - sum(1 for d in leaving if d <= fiscal_year_end(fy))
                for fy in range(this_fy, last_fy + 1)}
    return Forecast(actual, forecast, dates, row["name"], tuple(codes))


__all__ = ["INDICATOR_BASELINE_FY", "Forecast", "forecast_by_fy", "tracked_servers",
           "wave_dates"]
