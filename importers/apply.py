"""Applying the accepted changes of a preview: all or nothing, after a backup, as one batch.

The batch (``source='import'``) names the files and the survey round in its context, so the
history shows where the changes came from and ``db.undo`` can take the import back as a whole.
Updates carry the version each record had when the preview was made: if anybody changed or
deleted one in the meantime the import is refused (``ImportConflict``), never merged, and the
refusal says, per record and field, what the preview saw, what the ledger holds now (and who
changed it) and what the workbook says; ``ImportPreview.refuse`` then lets the rest go in.
Survey responses are marked applied in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.exc import IntegrityError

from assetdesk.i18n import _
from db import models as M
from db import survey as S
from db.ledger import Ledger, LedgerError, StaleWrite, load_values
from db.records import RECORD_TYPES, from_json, to_json
from importers.diff import ImportPreview, RecordChange, build_preview, display_value, field_label
from importers.mapping import save_mapping, saved_mappings
from importers.survey_import import parse_files


class ImportRefused(Exception):
    """The import was not applied; ``str()`` says why, ``problems`` lists the blocking errors."""

    def __init__(self, message: str, problems: list | None = None):
        super().__init__(message)
        self.problems = problems or []


@dataclass(frozen=True)
class ConflictField:
    """One field of a conflicting record: the ledger when the preview was made, the ledger now,
    the workbook. ``imported``: the import changes it; ``theirs``: the other user changed it."""

    field: str
    label: str
    at_preview: Any
    now: Any
    workbook: Any
    imported: bool
    theirs: bool
    record_type: str = ""

    def text(self, which: str) -> str:
        """``which`` is 'at_preview', 'now' or 'workbook', as the preview shows values."""
        return display_value(self.record_type, self.field, getattr(self, which))

    def as_json(self) -> dict[str, Any]:
        values = to_json({"at_preview": self.at_preview, "now": self.now, "workbook": self.workbook})
        return {"field": self.field, "label": self.label, **values, "imported": self.imported, "theirs": self.theirs}


@dataclass(frozen=True)
class Conflict:
    """A record the import would change that someone else changed (or deleted) since the preview."""

    record_type: str
    record_id: int
    code: str
    section: str | None
    file: str
    sheet: str
    row: int | None
    deleted: bool
    fields: list[ConflictField] = field(default_factory=list)
    #: The latest batch that touched the record: who, from which machine, when (None if unknown).
    user: str | None = None
    machine: str | None = None
    at: dt.datetime | None = None
    batch_id: int | None = None

    @property
    def changed_by(self) -> str:
        """"user@machine yyyy-mm-dd hh:mm", as the dialog and the command line show it."""
        who = "@".join(x for x in (self.user, self.machine) if x)
        when = self.at.astimezone().strftime("%Y-%m-%d %H:%M") if self.at else ""  # local time
        return " ".join(x for x in (who, when) if x)

    def as_json(self) -> dict[str, Any]:
        return {"type": self.record_type, "code": self.code, "section": self.section, "file": self.file,
                "sheet": self.sheet, "row": self.row, "deleted": self.deleted,
                "changed_by": {"user": self.user, "machine": self.machine,
                               "at": self.at.isoformat() if self.at else None, "batch_id": self.batch_id},
                "fields": [f.as_json() for f in self.fields]}


class ImportConflict(ImportRefused):
    """Someone changed or deleted records of the import since its preview; nothing was written."""

    def __init__(self, conflicts: list[Conflict]):
        codes = "、".join(c.code for c in conflicts[:5]) + ("…" if len(conflicts) > 5 else "")
        super().__init__(_("取込の確認後に他の利用者が変更・削除した記録が {count} 件あるため、何も反映していません: {codes}").format(
            count=len(conflicts), codes=codes))
        self.conflicts = conflicts


@dataclass(frozen=True)
class ApplyResult:
    applied: bool
    batch_id: int | None = None
    created: int = 0
    updated: int = 0
    deleted: int = 0
    backup: Path | None = None


def preview_import(ledger: Ledger, paths: Sequence[str | Path], *,
                   pinned: Mapping[str, Mapping[str, str | None]] | None = None) -> ImportPreview:
    """Read files (folders expanded) with the saved mappings and compare them with the ledger.

    The one call the GUI's preview dialog and the command line make before ``apply_import``.
    ``pinned`` is what ``mapping.parse_pins`` gives (record type or '' -> header -> field).
    """
    with ledger.read() as conn:
        saved = saved_mappings(conn)
    files = parse_files(paths, pinned=pinned, saved=saved)
    with ledger.read() as conn:
        return build_preview(conn, files)


#: Creates before updates, referenced kinds first (new sections' departments, new servers' hosts
#: and systems resolve), gone last.
ORDER = ("department", "section", "system", "host", "server", "dependency", "dataset")


def apply_import(ledger: Ledger, preview: ImportPreview, *, backup: bool = True,
                 save_mappings_as: str | None = None) -> ApplyResult:
    """Write the accepted changes; refuse (``ImportRefused``) on any error that blocks them."""
    blocking = preview.blocking_errors()
    if blocking:
        raise ImportRefused(_("取り込めない箇所が {count} 件あるため、何も反映していません。").format(count=len(blocking)),
                            blocking)
    accepted = preview.accepted
    survey_files = [f for f in preview.files if f.kind == "survey" and f.section]
    if not accepted:
        # Nothing to change: a survey answer that agrees with the ledger is taken all the same.
        if survey_files:
            with ledger.engine.begin() as conn:
                _mark_responses(conn, preview, survey_files, None)
        return ApplyResult(False)
    backup_path = None
    if backup:
        from db.backup import automatic_backup

        backup_path = automatic_backup(ledger.engine, "import")
    files = [f.name for f in preview.files]
    context = {"files": files, "survey_round": preview.fiscal_year,
               "sha256": {f.name: f.sha256 for f in preview.files if f.sha256}}
    detail = _("取込: {files}").format(files="、".join(files[:5]) + ("…" if len(files) > 5 else ""))
    try:
        with ledger.operation("import", detail, context) as op:
            # Checked in the transaction that writes, before anything is written: a conflict
            # leaves no batch and no change behind.
            conflicts = find_conflicts(op.conn, accepted, lock=True)
            if conflicts:
                raise ImportConflict(conflicts)
            taken = codes_taken(op, accepted)
            if taken:
                raise ImportRefused(_("取込の確認後に他の利用者が同じ番号・名前で登録した記録があるため、何も反映していません: {codes}")
                                    .format(codes="、".join(taken[:20])))
            for rt in ORDER:
                news = [c for c in accepted if c.record_type == rt and c.action == "new"]
                op.create_many(rt, [c.values for c in news if c.values is not None])
                for c in accepted:
                    if c.record_type == rt and c.action in ("changed", "gone") and not c.is_delete:
                        op.update(rt, _id(c), c.values or {}, c.expected_version)
            for c in accepted:
                if c.is_delete:
                    op.delete(c.record_type, _id(c), c.expected_version)
            _mark_responses(op.conn, preview, survey_files, op.batch_id)
            if save_mappings_as:
                _save_mappings(op.conn, preview, save_mappings_as)
            summary = op.summary
    except StaleWrite as e:
        # Written by someone between the check and the write (PostgreSQL reads do not lock):
        # the same refusal, with what the ledger holds now.
        with ledger.read() as conn:
            conflicts = find_conflicts(conn, accepted)
        if conflicts:
            raise ImportConflict(conflicts) from e
        raise ImportRefused(_("反映できませんでした(何も変更していません): {error}").format(error=e)) from e
    except LedgerError as e:
        raise ImportRefused(_("反映できませんでした(何も変更していません): {error}").format(error=e)) from e
    except IntegrityError as e:  # a unique key taken by another writer between check and write
        raise ImportRefused(_("反映できませんでした(何も変更していません): {error}").format(
            error=str(e.orig).splitlines()[0])) from e
    return ApplyResult(True, summary.batch_id, summary.created, summary.updated, summary.deleted, backup_path)


def codes_taken(op, changes: Sequence[RecordChange]) -> list[str]:
    """Codes of the import's new records that another user has created since the preview."""
    return [c.code for c in changes
            if c.action == "new" and c.code and RECORD_TYPES[c.record_type].code_field
            and op.id_of(c.record_type, c.code) is not None]


def find_conflicts(conn: Connection, changes: Sequence[RecordChange], *, lock: bool = False) -> list[Conflict]:
    """The changes whose record is no longer at the version the preview read, with the values
    side by side. Only existing records can conflict: new ones have no version yet.

    ``lock`` (in the writing transaction) locks the rows on PostgreSQL until the commit, so no
    other writer gets in between this check and the writes; SQLite writers are serialized already.
    """
    out: list[Conflict] = []
    for rt in ORDER:
        mine = [c for c in changes if c.record_type == rt and c.record_id is not None and c.action != "new"]
        if not mine:
            continue
        ids = sorted({_id(c) for c in mine})
        if lock and conn.dialect.name != "sqlite":
            table = RECORD_TYPES[rt].table
            for i in range(0, len(ids), 900):  # in id order: two imports never lock crosswise
                conn.execute(select(table.c.id).where(table.c.id.in_(ids[i:i + 900]))
                             .order_by(table.c.id).with_for_update()).all()
        current = load_values(conn, rt, ids)
        for c in mine:
            now = current.get(_id(c))
            if now is None or now["version"] != c.expected_version:
                out.append(_conflict(conn, c, now))
    return out


CHANGE = M.Change.__table__
BATCH = M.ChangeBatch.__table__


def _conflict(conn: Connection, c: RecordChange, now: dict[str, Any] | None) -> Conflict:
    rt = c.record_type
    rows = conn.execute(
        select(CHANGE.c.before, BATCH.c.id, BATCH.c.user, BATCH.c.machine, BATCH.c.at)
        .join(BATCH, BATCH.c.id == CHANGE.c.batch_id)
        .where(CHANGE.c.record_type == rt, CHANGE.c.record_id == _id(c))
        .order_by(CHANGE.c.id)).all()
    # The record as the preview saw it is the "before" of the change that left the previewed
    # version (the latest such: an undone delete starts a record again at version 1); the
    # RecordChange itself keeps only the fields the import touches.
    seen = next((r.before for r in reversed(rows) if r.before and r.before.get("version") == c.expected_version),
                None)
    at_preview = from_json(rt, seen) if seen is not None else {}
    now_values = now or {}
    fields: list[ConflictField] = []
    imported = {f.field for f in c.fields}
    for f in c.fields:
        fields.append(ConflictField(f.field, field_label(rt, f.field), f.old, now_values.get(f.field), f.new, True,
                                    now is not None and _differs(f.old, now_values.get(f.field)), rt))
    if now is not None and seen is not None:
        for name in RECORD_TYPES[rt].field_names:
            if name not in imported and _differs(at_preview.get(name), now.get(name)):
                # The workbook left this field as it was at the preview.
                fields.append(ConflictField(name, field_label(rt, name), at_preview.get(name), now.get(name),
                                            at_preview.get(name), False, True, rt))
    last = rows[-1] if rows else None
    return Conflict(rt, _id(c), c.code, c.section, c.file, c.sheet, c.row, now is None, fields,
                    last.user if last else None, last.machine if last else None, last.at if last else None,
                    last.id if last else None)


def _differs(a: Any, b: Any) -> bool:
    if isinstance(a, tuple | list) or isinstance(b, tuple | list):
        return tuple(sorted(a or ())) != tuple(sorted(b or ()))
    return a != b


def _id(c: RecordChange) -> int:
    assert c.record_id is not None
    return c.record_id


def _mark_responses(conn, preview: ImportPreview, survey_files: list, batch_id: int | None) -> None:
    fy = preview.fiscal_year
    if fy is None or not survey_files:
        return
    rid = S.round_id(conn, fy) or S.open_round(conn, fy, "")
    ids = S.section_ids(conn)
    for f in survey_files:
        sec = preview.section(f.section)
        if f.section not in ids or sec is None or sec.excluded:
            continue  # a section the user left out stays to chase
        if any(c.accepted for c in sec.changes) or not sec.changes:
            if batch_id is None and not sec.changes and S.response_statuses(conn, rid).get(f.section) == "applied":
                continue  # keep the batch of the first application
            S.record_response(conn, rid, ids[f.section], status="applied", file_name=f.name, file_sha256=f.sha256,
                              error_count=0, batch_id=batch_id)


def record_returns(ledger: Ledger, preview: ImportPreview) -> None:
    """Note in the survey round which sections answered and with how many errors (no apply)."""
    fy = preview.fiscal_year
    survey_files = [f for f in preview.files if f.kind == "survey" and f.section]
    if fy is None or not survey_files:
        return
    with ledger.engine.begin() as conn:
        rid = S.round_id(conn, fy) or S.open_round(conn, fy, "")
        ids = S.section_ids(conn)
        current = S.response_statuses(conn, rid)
        for f in survey_files:
            sec = preview.section(f.section)
            if f.section not in ids:
                continue
            errors = len(sec.errors) if sec else 0
            if current.get(f.section) == "applied" and not errors and (sec is None or not sec.changes):
                continue  # the same answer again: it stays applied
            S.record_response(conn, rid, ids[f.section], status="errors" if errors else "returned",
                              file_name=f.name, file_sha256=f.sha256, error_count=errors)


def _save_mappings(conn, preview: ImportPreview, name: str) -> None:
    for f in preview.files:
        if f.kind != "sheet":
            continue
        for s in f.sheets:
            if s.mapping is not None:
                save_mapping(conn, f"{name}:{s.mapping.record_type}", s.mapping.record_type, s.mapping.as_dict())
