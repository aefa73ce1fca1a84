"""Read-only questions the ledger answers in SQL: counts, the indicator, history listings."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, and_, func, or_, select

from assetdesk.choices import IN_SCOPE_STATUSES, LEFT_SCOPE_STATUSES
from assetdesk.scope import INDICATOR_BASELINE_FY, fiscal_year_end, fiscal_year_of
from db import models as M

SYSTEM = M.System.__table__
SERVER = M.Server.__table__
SECTION = M.Section.__table__
DEPARTMENT = M.Department.__table__
HOST = M.Host.__table__
BATCH = M.ChangeBatch.__table__
CHANGE = M.Change.__table__


def in_scope_condition(day: dt.date):
    """SQL for ``assetdesk.scope.in_scope_at(server, day)``."""
    return and_(
        or_(SERVER.c.purchased.is_(None), SERVER.c.purchased <= day),
        or_(
            SERVER.c.migration_status.in_(IN_SCOPE_STATUSES),
            and_(SERVER.c.migration_status.in_(LEFT_SCOPE_STATUSES),
                 SERVER.c.migrated_on.is_not(None), SERVER.c.migrated_on > day),
        ),
    )


def in_scope_count(conn: Connection, day: dt.date) -> int:
    return conn.execute(select(func.count()).select_from(SERVER).where(in_scope_condition(day))).scalar_one()


def in_scope_by_fy(conn: Connection, first: int = INDICATOR_BASELINE_FY, last: int | None = None,
                   today: dt.date | None = None) -> dict[int, int]:
    """Servers in scope at each fiscal year's end; the current year counts as of today."""
    today = today or dt.date.today()
    last = last if last is not None else fiscal_year_of(today)
    return {fy: in_scope_count(conn, min(fiscal_year_end(fy), today) if fy == fiscal_year_of(today)
                               else fiscal_year_end(fy)) for fy in range(first, last + 1)}


def _grouped(conn: Connection, query) -> dict[str, int]:
    return {str(k): v for k, v in conn.execute(query).all()}


def stats(conn: Connection, today: dt.date | None = None) -> dict[str, Any]:
    """The figures of ``assetdesk stats``: counts by department, zone, kind, status; the indicator."""
    count = func.count()
    by_zone: dict[str, dict[str, int]] = {}
    for zone, n in conn.execute(select(SYSTEM.c.network_zone, count).group_by(SYSTEM.c.network_zone)):
        by_zone.setdefault(zone, {"systems": 0, "servers": 0})["systems"] = n
    for zone, n in conn.execute(select(SERVER.c.network_zone, count).group_by(SERVER.c.network_zone)):
        by_zone.setdefault(zone, {"systems": 0, "servers": 0})["servers"] = n
    sys_dept = (select(DEPARTMENT.c.code, DEPARTMENT.c.name, count)
                .select_from(SYSTEM.join(SECTION, SECTION.c.id == SYSTEM.c.section_id)
                             .join(DEPARTMENT, DEPARTMENT.c.id == SECTION.c.department_id))
                .group_by(DEPARTMENT.c.code, DEPARTMENT.c.name).order_by(DEPARTMENT.c.code))
    by_department = {code: {"name": name, "systems": n, "servers": 0} for code, name, n in conn.execute(sys_dept)}
    # A server counts once for each department whose systems it serves.
    link = M.SystemServer.__table__
    srv_dept = (select(DEPARTMENT.c.code, func.count(func.distinct(link.c.server_id)))
                .select_from(link.join(SYSTEM, SYSTEM.c.id == link.c.system_id)
                             .join(SECTION, SECTION.c.id == SYSTEM.c.section_id)
                             .join(DEPARTMENT, DEPARTMENT.c.id == SECTION.c.department_id))
                .group_by(DEPARTMENT.c.code))
    for code, n in conn.execute(srv_dept):
        by_department.setdefault(code, {"name": "", "systems": 0, "servers": 0})["servers"] = n
    return {
        "systems": conn.execute(select(count).select_from(SYSTEM)).scalar_one(),
        "servers": conn.execute(select(count).select_from(SERVER)).scalar_one(),
        "hosts": conn.execute(select(count).select_from(HOST)).scalar_one(),
        "departments": conn.execute(select(count).select_from(DEPARTMENT)).scalar_one(),
        "sections": conn.execute(select(count).select_from(SECTION)).scalar_one(),
        "dependencies": conn.execute(select(count).select_from(M.Dependency.__table__)).scalar_one(),
        "datasets": conn.execute(select(count).select_from(M.Dataset.__table__)).scalar_one(),
        "in_scope_by_fy": {str(k): v for k, v in in_scope_by_fy(conn, today=today).items()},
        "by_zone": by_zone,
        "by_department": by_department,
        "systems_by_status": _grouped(conn, select(SYSTEM.c.status, count).group_by(SYSTEM.c.status)),
        "servers_by_kind": _grouped(conn, select(SERVER.c.kind, count).group_by(SERVER.c.kind)),
        "servers_by_migration_status": _grouped(
            conn, select(SERVER.c.migration_status, count).group_by(SERVER.c.migration_status)),
    }


def history(conn: Connection, code: str | None = None, limit: int | None = 200,
            batch: int | None = None) -> list[dict[str, Any]]:
    """Changes, newest first, with their batch (who, when, from where); of one record, one
    operation, or all."""
    q = (select(CHANGE, BATCH.c.at, BATCH.c.user, BATCH.c.machine, BATCH.c.source, BATCH.c.detail,
                BATCH.c.context, BATCH.c.undone_by_id)
         .join(BATCH, BATCH.c.id == CHANGE.c.batch_id)
         .order_by(CHANGE.c.id.desc()))
    if code:
        q = q.where(CHANGE.c.record_code == code)
    if batch is not None:
        q = q.where(CHANGE.c.batch_id == batch)
    if limit:
        q = q.limit(limit)
    return [dict(r) for r in conn.execute(q).mappings()]


def batches(conn: Connection, limit: int = 100) -> list[dict[str, Any]]:
    q = (select(BATCH, func.count(CHANGE.c.id).label("changes"))
         .outerjoin(CHANGE, CHANGE.c.batch_id == BATCH.c.id)
         .group_by(BATCH.c.id).order_by(BATCH.c.id.desc()).limit(limit))
    return [dict(r) for r in conn.execute(q).mappings()]
