"""The ledger as it stood at a past moment, replayed from the history.

Every write goes through ``Ledger.operation`` and leaves each record's full values after the
change, so the records at a moment are the last ``after`` of each record among the batches
dated up to it (a delete leaves none). An operation that was later undone is left out together
with the undo that cancelled it, whenever it happened: an undo says the operation should not
have happened, so a year's figures do not keep a mistake that was taken back. An undo that was
itself undone (a redo) leaves the original in force, so such pairs are resolved from the newest
undo backwards. See docs/decisions.md ("Fiscal-year comparison from the history").
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, select

from assetdesk.scope import fiscal_year_end
from assetdesk.years import YearComparison, YearLedger, compare_years
from db import models as M
from db.records import RECORD_TYPES, from_json

BATCH = M.ChangeBatch.__table__
CHANGE = M.Change.__table__

#: Fiscal years end at midnight of 31 March, Japan time; batches are stored in UTC.
JST = dt.timezone(dt.timedelta(hours=9))


def fiscal_year_cutoff(fy: int) -> dt.datetime:
    """The first instant after fiscal year ``fy`` (midnight of 1 April, Japan time)."""
    end = fiscal_year_end(fy) + dt.timedelta(days=1)
    return dt.datetime(end.year, end.month, end.day, tzinfo=JST)


def cancelled_batches(conn: Connection) -> set[int]:
    """Batches left out of every replay: undone operations and the undos that cancelled them."""
    rows = conn.execute(select(BATCH.c.id, BATCH.c.undone_by_id).where(BATCH.c.undone_by_id.is_not(None))).all()
    undone_by = dict(rows)
    cancelled: set[int] = set()
    # Newest undo first: an undo that a later undo (a redo) cancelled does not cancel its target.
    for batch_id, undo_id in sorted(undone_by.items(), key=lambda r: r[1], reverse=True):
        if undo_id in cancelled or batch_id in cancelled:
            continue
        if undone_by.get(undo_id) is not None and undone_by[undo_id] not in cancelled:
            continue  # the undo itself was redone and that redo stands
        cancelled.update((batch_id, undo_id))
    return cancelled


def records_at(conn: Connection, before: dt.datetime, record_types: tuple[str, ...] | None = None
               ) -> dict[str, dict[int, dict[str, Any]]]:
    """Records as values (as ``db.ledger.load_values`` gives them), keyed by type and id, as they
    stood just before ``before`` (an aware time)."""
    wanted = record_types or tuple(RECORD_TYPES)
    cancelled = cancelled_batches(conn)
    out: dict[str, dict[int, dict[str, Any]]] = {rt: {} for rt in wanted}
    latest: dict[tuple[str, int], dict | None] = {}
    q = (select(CHANGE.c.batch_id, CHANGE.c.record_type, CHANGE.c.record_id, CHANGE.c.after)
         .join(BATCH, BATCH.c.id == CHANGE.c.batch_id)
         .where(BATCH.c.at < before, CHANGE.c.record_type.in_(wanted))
         .order_by(CHANGE.c.batch_id, CHANGE.c.id))
    for batch_id, record_type, rid, after in conn.execute(q):
        if batch_id not in cancelled:
            latest[(record_type, rid)] = after
    for (record_type, rid), after in latest.items():
        if after is not None:
            out[record_type][rid] = from_json(record_type, after)
    return out


def ledger_at_year_end(conn: Connection, fy: int, record_types: tuple[str, ...] | None = None
                       ) -> dict[str, dict[int, dict[str, Any]]]:
    """The records at the end of fiscal year ``fy`` (31 March of ``fy + 1``)."""
    return records_at(conn, fiscal_year_cutoff(fy), record_types)


def batch_time(day: dt.date, hour: int = 10) -> dt.datetime:
    """An aware time on ``day`` (Japan time) to date an operation with (``Ledger.operation(at=...)``)."""
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=JST)


def year_ledger(conn: Connection, fy: int) -> YearLedger:
    """The records ``assetdesk.years`` compares, as they stood at the end of fiscal year ``fy``."""
    at = ledger_at_year_end(conn, fy, ("department", "section", "system", "server"))
    return YearLedger(
        fy=fy,
        departments={d["code"]: d["name"] for d in at["department"].values()},
        sections={s["code"]: s["department"] for s in at["section"].values()},
        systems=list(at["system"].values()),
        servers=list(at["server"].values()),
    )


def compare_fiscal_years(conn: Connection, fy_from: int, fy_to: int) -> YearComparison:
    """``assetdesk.years.compare_years`` of the ledger at the ends of two fiscal years."""
    return compare_years(year_ledger(conn, fy_from), year_ledger(conn, fy_to))
