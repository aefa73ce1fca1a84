"""Undo of a whole operation (an import, a plan adoption, an edit) from its history.

The undo is itself an operation: it runs the inverse of every change of the batch, newest
first, as one transaction, and is recorded in the history (source 'undo'). A record that a
later operation changed again is not overwritten: the undo is refused for the whole batch and
says which records are in the way.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update

from assetdesk.i18n import _
from db import models as M
from db.ledger import Ledger, LedgerError, OperationSummary
from db.records import RECORD_TYPES, from_json

BATCH = M.ChangeBatch.__table__
CHANGE = M.Change.__table__


class UndoRefused(LedgerError):
    def __init__(self, message: str, conflicts: list[str] | None = None):
        self.conflicts = conflicts or []
        super().__init__(message)


def undo_batch(ledger: Ledger, batch_id: int) -> OperationSummary:
    with ledger.read() as conn:
        batch = conn.execute(select(BATCH).where(BATCH.c.id == batch_id)).mappings().first()
    if batch is None:
        raise UndoRefused(_("操作 {id} は履歴にありません。").format(id=batch_id))
    if batch["undone_by_id"] is not None:
        raise UndoRefused(_("操作 {id} は既に取り消されています(取消操作 {undo})。").format(
            id=batch_id, undo=batch["undone_by_id"]))
    detail = _("操作 {id} の取消: {detail}").format(id=batch_id, detail=batch["detail"])
    with ledger.operation("undo", detail, {"undoes": batch_id}) as op:
        changes = op.conn.execute(
            select(CHANGE).where(CHANGE.c.batch_id == batch_id).order_by(CHANGE.c.id.desc())
        ).mappings().all()
        _check_conflicts(op, changes)
        # The version each record is at as the undo goes: a record the batch changed twice is at
        # the version its newer change's undo left, not at the older change's after-version.
        at: dict[tuple[str, int], int] = {}
        for ch in changes:
            rt = RECORD_TYPES[ch["record_type"]]
            key = (rt.name, ch["record_id"])
            if ch["action"] == "create":
                op.delete(rt.name, ch["record_id"], expected_version=at.get(key, ch["after"]["version"]))
                at.pop(key, None)
            elif ch["action"] == "update":
                before = from_json(rt.name, ch["before"])
                at[key] = op.update(rt.name, ch["record_id"], {k: before.get(k) for k in rt.field_names},
                                    expected_version=at.get(key, ch["after"]["version"]))
            elif ch["action"] == "delete":
                op.recreate(rt.name, ch["record_id"], from_json(rt.name, ch["before"]))
                at[key] = 1
        _undo_adoption(op, batch_id, batch["context"] or {})
        op.conn.execute(update(BATCH).where(BATCH.c.id == batch_id).values(undone_by_id=op.batch_id))
        return op.summary


def _undo_adoption(op, batch_id: int, context: dict) -> None:
    """A plan adoption being undone: its scenario is no longer adopted, the one before is again."""
    scenario = M.PlanScenario.__table__
    op.conn.execute(update(scenario).where(scenario.c.adopted_batch_id == batch_id)
                    .values(adopted_at=None, adopted_batch_id=None))
    previous = context.get("previously_adopted")
    if previous:
        op.conn.execute(update(scenario).where(scenario.c.id == previous["id"]).values(
            adopted_at=dt.datetime.fromisoformat(previous["adopted_at"]),
            adopted_batch_id=previous["batch"]))


def _check_conflicts(op, changes) -> None:
    """Every record the batch touched must be as the batch left it."""
    latest: dict[tuple[str, int], dict] = {}
    for ch in changes:  # newest first: the first seen per record is the batch's last word on it
        latest.setdefault((ch["record_type"], ch["record_id"]), ch)
    conflicts: list[str] = []
    for (record_type, record_id), ch in latest.items():
        current = op.values(record_type, record_id)
        if ch["action"] == "delete":
            if current is not None:
                conflicts.append(ch["record_code"])
        elif current is None or current["version"] != ch["after"]["version"]:
            conflicts.append(ch["record_code"])
    if conflicts:
        shown = "、".join(conflicts[:20]) + (" …" if len(conflicts) > 20 else "")
        raise UndoRefused(_("この操作の後に変更された記録があるため取り消せません: {codes}").format(codes=shown),
                          conflicts)
