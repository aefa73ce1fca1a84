"""The one write path of the ledger: operations that change records and record the history.

Every change runs inside an *operation* (one transaction, one ``change_batch``): the edit
screen, the importer, the planner's adoption, the demo and the command line all use it, so
every change has who, when, from where, and the values before and after. Updates carry the
version the writer read; a row changed by someone else in the meantime is refused
(``StaleWrite``), never merged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, and_, bindparam, delete, func, insert, select, update
from sqlalchemy.exc import DBAPIError

import db.changes  # noqa: F401  (registers NOTIFY on commit, so other users' views refresh)
from assetdesk.i18n import N_, _
from assetdesk.search import search_key
from db import models as M
from db.engine import WRITE_OPTION, is_sqlite, machine_name, make_engine, os_user, resolve_url
from db.records import LOAD_ORDER, RECORD_TYPES, Link, RecordType, record_code, to_json

BATCH = M.ChangeBatch.__table__
CHANGE = M.Change.__table__


class LedgerError(Exception):
    """A change the ledger refuses; ``str()`` is a message for the user."""


class StaleWrite(LedgerError):
    """The record changed since the writer read it; ``current`` holds what is there now."""

    def __init__(self, record_type: str, record_id: int, expected: int | None, current: dict | None):
        self.record_type, self.record_id, self.expected, self.current = record_type, record_id, expected, current
        code = record_code(record_type, current) if current else str(record_id)
        if current is None:
            msg = _("{code} は他の利用者により削除されています。").format(code=code)
        else:
            msg = _("{code} は他の利用者により変更されています(版 {expected} → {actual})。最新の内容を確認してください。").format(
                code=code, expected=expected, actual=current.get("version"))
        super().__init__(msg)


class StorageError(LedgerError):
    """The database could not be written: disk full, read-only file or medium, I/O error."""


#: What SQLite and PostgreSQL say when storage refuses a write, and what the user is told.
_STORAGE_MESSAGES = (
    (("database or disk is full", "no space left on device", "could not extend file"),
     N_("ディスクの空き容量が不足しているため台帳に書き込めませんでした。変更は保存されていません。空き容量を確保してからやり直してください。")),
    (("readonly database", "read-only file system", "read only", "read-only transaction",
      "unable to open database file"),
     N_("台帳のファイルまたはフォルダが読み取り専用のため書き込めませんでした。変更は保存されていません。")),
    (("disk i/o error",),
     N_("ディスクの入出力エラーのため台帳に書き込めませんでした。変更は保存されていません。")),
)


def storage_problem(exc: BaseException) -> str | None:
    """A message for the user when ``exc`` is storage refusing a write, else None."""
    text = str(getattr(exc, "orig", exc)).lower()
    for needles, message in _STORAGE_MESSAGES:
        if any(n in text for n in needles):
            return _(message)
    return None


class UnknownReference(LedgerError):
    def __init__(self, record_type: str, field_name: str, code: str):
        self.record_type, self.field_name, self.code = record_type, field_name, code
        super().__init__(_("{field} に指定された {code} が台帳にありません。").format(field=field_name, code=code))


@dataclass
class OperationSummary:
    batch_id: int
    created: int = 0
    updated: int = 0
    deleted: int = 0
    changed_ids: dict[str, set[int]] = field(default_factory=dict)


class Ledger:
    """An open ledger database (SQLite file or PostgreSQL)."""

    def __init__(self, url: str | None = None, *, engine: Engine | None = None):
        self.url = resolve_url(url) if engine is None else str(engine.url)
        self.engine = engine or make_engine(self.url)
        self.user = os_user()
        self.machine = machine_name()
        #: Called with each batch id this Ledger object commits (a window ignores its own work
        #: when other users' changes come in).
        self.committed: list[Callable[[int], None]] = []

    @classmethod
    def open(cls, url: str | None = None, *, upgrade: bool = True) -> Ledger:
        """Open (and create or upgrade, after a backup) the ledger at ``url``."""
        from db.migrate import ensure_current

        ledger = cls(url)
        if upgrade:
            ensure_current(ledger.engine)
        return ledger

    @property
    def is_sqlite(self) -> bool:
        return is_sqlite(self.engine)

    def dispose(self) -> None:
        self.engine.dispose()

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A read-only snapshot (one transaction) of the ledger."""
        with self.engine.connect() as conn, conn.begin():
            yield conn

    @contextmanager
    def operation(self, source: str, detail: str = "", context: dict | None = None,
                  at: dt.datetime | None = None) -> Iterator[Operation]:
        """One all-or-nothing change of the ledger, recorded as one history batch.

        ``at`` (an aware time) dates the batch other than now: the demo writes its past fiscal
        years as batches of those years, and tests edit a ledger across years (``db.ledger_at``).
        Storage refusing the write (full disk, read-only file) rolls it back and raises
        ``StorageError`` with a message for the user.
        """
        with self.operation_series(source, context) as start:
            yield start(detail, at)

    @contextmanager
    def operation_series(self, source: str, context: dict | None = None
                         ) -> Iterator[Callable[[str, dt.datetime | None], Operation]]:
        """Several operations in one transaction: each its own history batch (its own date, its own
        unit of undo), written all together or not at all. ``start(detail, at)`` begins the next;
        the demo writes its dated history this way, so a killed load leaves nothing half done.
        """
        ops: list[Operation] = []
        try:
            with self.engine.connect().execution_options(**{WRITE_OPTION: True}) as conn, conn.begin():
                ctx = dict(context or {})
                if not self.is_sqlite:
                    ctx.setdefault("db_user", conn.execute(select(func.current_user())).scalar())

                def start(detail: str = "", at: dt.datetime | None = None) -> Operation:
                    if ops:
                        ops[-1].finish()
                    batch_id = conn.execute(
                        insert(BATCH).values(at=at or dt.datetime.now(dt.UTC), user=self.user, machine=self.machine,
                                             source=source, detail=detail, context=ctx or None)
                    ).inserted_primary_key[0]
                    ops.append(Operation(conn, batch_id))
                    return ops[-1]

                yield start
                if ops:
                    ops[-1].finish()
            for op in ops:
                for listener in list(self.committed):
                    listener(op.batch_id)
        except DBAPIError as e:
            problem = storage_problem(e)
            if problem is None:
                raise
            raise StorageError(problem) from e


class Operation:
    """The changes of one batch. Obtain one from ``Ledger.operation``."""

    def __init__(self, conn: Connection, batch_id: int):
        self.conn = conn
        self.batch_id = batch_id
        self.summary = OperationSummary(batch_id)
        self._ids: dict[str, dict[str, int]] = {}  # record type -> code -> id (lazily loaded)
        self._pending_changes: list[dict[str, Any]] = []

    # --- references -----------------------------------------------------------------------

    def id_of(self, record_type: str, code: str) -> int | None:
        """The id of the record with ``code`` (cached for the batch; creates update the cache)."""
        ids = self._ids.get(record_type)
        if ids is None:
            rt = RECORD_TYPES[record_type]
            col = rt.table.c[rt.code_field]
            ids = dict(self.conn.execute(select(col, rt.table.c.id)).all())
            self._ids[record_type] = ids
        return ids.get(code)

    def _require_id(self, rt: RecordType, field_name: str, target: str, code: str) -> int:
        rid = self.id_of(target, code)
        if rid is None:
            raise UnknownReference(rt.name, field_name, code)
        return rid

    def _row(self, rt: RecordType, values: Mapping[str, Any]) -> dict[str, Any]:
        """Table columns for ``values`` (references resolved to ids, search key refreshed)."""
        row = {n: values[n] for n in rt.column_fields if n in values}
        for ref in rt.references:
            if ref.field in values:
                code = values[ref.field]
                row[ref.column] = None if code in (None, "") else self._require_id(rt, ref.field, ref.target, code)
        if "search_key" in rt.table.c:
            row["search_key"] = search_key(rt.name, values)
        return row

    # --- reading values ---------------------------------------------------------------------

    def values(self, record_type: str, record_id: int) -> dict[str, Any] | None:
        return load_values(self.conn, record_type, [record_id]).get(record_id)

    # --- writing ----------------------------------------------------------------------------

    def create(self, record_type: str, values: Mapping[str, Any]) -> int:
        return self.create_many(record_type, [values])[0]

    def create_many(self, record_type: str, records: Iterable[Mapping[str, Any]]) -> list[int]:
        """Insert records (values as users see them) and their history; returns their ids."""
        rt = RECORD_TYPES[record_type]
        records = list(records)
        if not records:
            return []
        # A reference to a record of the same kind (集約先システム) may point at a record of this
        # very batch: such fields are written in a second pass, once every id is known.
        self_refs = [r for r in rt.references if r.target == record_type]
        later = {r.field for r in self_refs}
        rows = [self._row(rt, {k: x for k, x in v.items() if k not in later} if later else v) for v in records]
        ids = self._insert_rows(rt, rows)
        if rt.code_field:
            self.id_of(record_type, "")  # make sure the cache is loaded before extending it
            self._ids[record_type].update({v[rt.code_field]: i for v, i in zip(records, ids, strict=True)})
        for ref in self_refs:
            links = [{"_id": i, "_target": self._require_id(rt, ref.field, record_type, v[ref.field])}
                     for v, i in zip(records, ids, strict=True) if v.get(ref.field)]
            if links:
                self.conn.execute(update(rt.table).where(rt.table.c.id == bindparam("_id"))
                                  .values({ref.column: bindparam("_target")}), links)
        for link in rt.links:
            self._insert_links(rt, link, [(rid, v.get(link.field)) for v, rid in zip(records, ids, strict=True)])
        for v, rid in zip(records, ids, strict=True):
            after = {n: v.get(n) for n in rt.field_names} | {"version": 1}
            self._log(rt.name, rid, "create", None, after)
        self._touch(rt.name, ids, created=len(ids))
        return ids

    def _insert_links(self, rt: RecordType, link: Link, owners: Iterable[tuple[int, Any]]) -> None:
        """Rows of ``link``'s table for each (record id, codes it names)."""
        rows = [{link.owner_column: rid, link.target_column: self._require_id(rt, link.field, link.target, code)}
                for rid, codes in owners for code in (codes or ())]
        if rows:
            self.conn.execute(insert(link.table), rows)

    def _insert_rows(self, rt: RecordType, rows: list[dict[str, Any]]) -> list[int]:
        # Multi-row INSERT ... RETURNING on both SQLite (3.35+) and PostgreSQL. Rows come back in
        # any order, so each id is matched to its row by the record's unique key (asking for
        # insertion order would make SQLAlchemy send the rows one statement at a time).
        table = rt.table
        keys = [table.c[k] for k in rt.key_columns]
        result = self.conn.execute(insert(table).returning(table.c.id, *keys), rows)
        by_key = {tuple(r[1:]): r[0] for r in result}
        return [by_key[tuple(row.get(k.name) for k in keys)] for row in rows]

    def recreate(self, record_type: str, record_id: int, values: Mapping[str, Any]) -> None:
        """Insert a deleted record again under its old id (undo of a delete)."""
        rt = RECORD_TYPES[record_type]
        row = self._row(rt, values) | {"id": record_id, "version": 1}
        self.conn.execute(insert(rt.table), [row])
        if rt.code_field and record_type in self._ids:
            self._ids[record_type][values[rt.code_field]] = record_id
        for link in rt.links:
            self._insert_links(rt, link, [(record_id, values.get(link.field))])
        after = {n: values.get(n) for n in rt.field_names} | {"version": 1}
        self._log(record_type, record_id, "create", None, after)
        self._touch(record_type, [record_id], created=1)

    def update(self, record_type: str, record_id: int, changes: Mapping[str, Any],
               expected_version: int | None) -> int:
        """Change some fields of one record; returns its new version.

        ``expected_version`` is the version the user saw; ``None`` means "whatever is there"
        (for commands that re-read within this transaction).
        """
        rt = RECORD_TYPES[record_type]
        before = self.values(record_type, record_id)
        if before is None or (expected_version is not None and before["version"] != expected_version):
            raise StaleWrite(record_type, record_id, expected_version, before)
        after = dict(before)
        after.update({k: v for k, v in changes.items() if k in rt.field_names})
        for link in rt.links:  # a list or another order of the same codes is no change
            after[link.field] = tuple(sorted(after.get(link.field) or ()))
        if {k: before[k] for k in rt.field_names} == {k: after[k] for k in rt.field_names}:
            return before["version"]
        row = self._row(rt, after)
        row["version"] = before["version"] + 1
        result = self.conn.execute(
            update(rt.table)
            .where(and_(rt.table.c.id == record_id, rt.table.c.version == before["version"]))
            .values(**row)
        )
        if result.rowcount != 1:  # another writer got in between our read and write (PostgreSQL)
            raise StaleWrite(record_type, record_id, expected_version, self.values(record_type, record_id))
        for link in rt.links:
            if tuple(before.get(link.field) or ()) != tuple(after.get(link.field) or ()):
                self.conn.execute(delete(link.table).where(link.table.c[link.owner_column] == record_id))
                self._insert_links(rt, link, [(record_id, after.get(link.field))])
        after["version"] = row["version"]
        self._log(record_type, record_id, "update", before, after)
        self._touch(record_type, [record_id], updated=1)
        return row["version"]

    def update_many(self, record_type: str, changes: Iterable[tuple[int, Mapping[str, Any]]]) -> None:
        """``update`` of many records at whatever version they are now, in a few statements (the
        demo's monthly migrations); each change is in the history as its own ``update``."""
        rt = RECORD_TYPES[record_type]
        changes = list(changes)
        befores = load_values(self.conn, record_type, [rid for rid, _c in changes])
        rows, logs = [], []
        for rid, change in changes:
            before = befores.get(rid)
            if before is None:
                raise StaleWrite(record_type, rid, None, None)
            after = dict(before) | {k: v for k, v in change.items() if k in rt.field_names}
            for link in rt.links:
                after[link.field] = tuple(sorted(after.get(link.field) or ()))
            if all(before[k] == after[k] for k in rt.field_names):
                continue
            after["version"] = before["version"] + 1
            rows.append(self._row(rt, after) | {"version": after["version"], "_id": rid, "_was": before["version"]})
            logs.append((rid, before, after))
        if not rows:
            return
        t = rt.table
        columns = [k for k in rows[0] if not k.startswith("_")]
        result = self.conn.execute(
            update(t).where(and_(t.c.id == bindparam("_id"), t.c.version == bindparam("_was")))
            .values({c: bindparam(c) for c in columns}), rows)
        if result.rowcount not in (-1, len(rows)):  # another writer got in between (PostgreSQL)
            raise StaleWrite(record_type, rows[0]["_id"], None, self.values(record_type, rows[0]["_id"]))
        for rid, before, after in logs:
            for link in rt.links:
                if tuple(before.get(link.field) or ()) != after[link.field]:
                    self.conn.execute(delete(link.table).where(link.table.c[link.owner_column] == rid))
                    self._insert_links(rt, link, [(rid, after[link.field])])
            self._log(record_type, rid, "update", before, after)
        self._touch(record_type, [rid for rid, _b, _a in logs], updated=len(logs))

    def delete(self, record_type: str, record_id: int, expected_version: int | None) -> None:
        """Delete one record. What still refers to it must be changed or deleted first."""
        rt = RECORD_TYPES[record_type]
        before = self.values(record_type, record_id)
        if before is None or (expected_version is not None and before["version"] != expected_version):
            raise StaleWrite(record_type, record_id, expected_version, before)
        blockers = referrers(self.conn, record_type, record_id)
        if blockers:
            raise LedgerError(_("{code} は他の記録から参照されているため削除できません: {refs}").format(
                code=record_code(record_type, before), refs="、".join(blockers[:10])))
        for link in rt.links:
            self.conn.execute(delete(link.table).where(link.table.c[link.owner_column] == record_id))
        result = self.conn.execute(delete(rt.table).where(
            and_(rt.table.c.id == record_id, rt.table.c.version == before["version"])))
        if result.rowcount != 1:  # another writer got in between our read and the delete
            raise StaleWrite(record_type, record_id, expected_version, self.values(record_type, record_id))
        if rt.code_field and record_type in self._ids:
            self._ids[record_type].pop(before[rt.code_field], None)
        self._log(record_type, record_id, "delete", before, None)
        self._touch(record_type, [record_id], deleted=1)

    # --- history ----------------------------------------------------------------------------

    def _log(self, record_type: str, record_id: int, action: str, before: dict | None, after: dict | None) -> None:
        code = record_code(record_type, after or before or {})
        self._pending_changes.append({
            "batch_id": self.batch_id, "record_type": record_type, "record_id": record_id,
            "record_code": code, "action": action,
            "before": to_json(before) if before is not None else None,
            "after": to_json(after) if after is not None else None,
        })
        if len(self._pending_changes) >= 5000:
            self._flush()

    def _flush(self) -> None:
        if self._pending_changes:
            self.conn.execute(insert(CHANGE), self._pending_changes)
            self._pending_changes = []

    def _touch(self, record_type: str, ids: list[int], created: int = 0, updated: int = 0, deleted: int = 0) -> None:
        self.summary.created += created
        self.summary.updated += updated
        self.summary.deleted += deleted
        self.summary.changed_ids.setdefault(record_type, set()).update(ids)

    def finish(self) -> None:
        self._flush()


# --- reading records as values ----------------------------------------------------------------


def load_values(conn: Connection, record_type: str, ids: Iterable[int] | None = None) -> dict[int, dict[str, Any]]:
    """Records as values (references as codes), keyed by id; all of them when ``ids`` is None."""
    rt = RECORD_TYPES[record_type]
    t = rt.table
    cols = [t.c.id, t.c.version, *(t.c[n] for n in rt.column_fields)]
    joins = t
    for ref in rt.references:
        target = RECORD_TYPES[ref.target]
        alias = target.table.alias(f"ref_{ref.field}")
        cols.append(alias.c[target.code_field].label(ref.field))
        joins = joins.outerjoin(alias, alias.c.id == t.c[ref.column])
    query = select(*cols).select_from(joins)
    id_list = None if ids is None else list(ids)
    out: dict[int, dict[str, Any]] = {}
    for chunk in _chunks(id_list):
        q = query if chunk is None else query.where(t.c.id.in_(chunk))
        for row in conn.execute(q).mappings():
            out[row["id"]] = {k: row[k] for k in row.keys() if k != "id"}
    for link in rt.links if out else ():
        for v in out.values():
            v[link.field] = ()
        target = RECORD_TYPES[link.target]
        lt, tt = link.table, target.table
        code_col = tt.c[target.code_field]
        found: dict[int, list[str]] = {}
        for chunk in _chunks(None if ids is None else list(out)):
            q = select(lt.c[link.owner_column], code_col).join(
                tt, tt.c.id == lt.c[link.target_column]).order_by(code_col)
            if chunk is not None:
                q = q.where(lt.c[link.owner_column].in_(chunk))
            for owner, code in conn.execute(q):
                found.setdefault(owner, []).append(code)
        for rid, codes in found.items():
            if rid in out:
                out[rid][link.field] = tuple(codes)
    return out


def _chunks(ids: list[int] | None, size: int = 900) -> Iterator[list[int] | None]:
    if ids is None:
        yield None
        return
    for i in range(0, len(ids), size):
        yield ids[i:i + size]


def referrers(conn: Connection, record_type: str, record_id: int) -> list[str]:
    """Codes of the records that refer to this one (what a delete would orphan)."""
    found: list[str] = []
    for name in LOAD_ORDER:
        rt = RECORD_TYPES[name]
        for ref in rt.references:
            if ref.target != record_type:
                continue
            q = select(rt.table.c.id).where(rt.table.c[ref.column] == record_id).limit(20)
            ids = [r[0] for r in conn.execute(q)]
            for v in load_values(conn, name, ids).values():
                found.append(record_code(name, v))
        for link in rt.links:
            if link.target != record_type:
                continue
            q = (select(rt.table.c[rt.code_field]).join(link.table, link.table.c[link.owner_column] == rt.table.c.id)
                 .where(link.table.c[link.target_column] == record_id).limit(20))
            found.extend(r[0] for r in conn.execute(q))
    return found


def record_id(conn: Connection, record_type: str, code: str) -> int | None:
    rt = RECORD_TYPES[record_type]
    return conn.execute(select(rt.table.c.id).where(rt.table.c[rt.code_field] == code)).scalar()
