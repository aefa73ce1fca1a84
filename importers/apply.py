"""Applying the accepted changes of a preview: all or nothing, after a backup, as one batch.

The batch (``source='import'``) names the files and the survey round in its context, so the
history shows where the changes came from and ``db.undo`` can take the import back as a whole.
Updates carry the version each record had when the preview was made: if anybody changed one
in the meantime the whole import is refused (``StaleWrite``), never merged. Survey responses
are marked applied in the same transaction.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from assetdesk.i18n import _
from db import survey as S
from db.ledger import Ledger, LedgerError
from importers.diff import ImportPreview, RecordChange, build_preview
from importers.mapping import save_mapping, saved_mappings
from importers.survey_import import parse_files


class ImportRefused(Exception):
    """The import was not applied; ``str()`` says why, ``problems`` lists the blocking errors."""

    def __init__(self, message: str, problems: list | None = None):
        super().__init__(message)
        self.problems = problems or []


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


#: Creates before updates (references to new systems resolve), gone last.
ORDER = ("system", "server", "dependency")


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
    except LedgerError as e:
        raise ImportRefused(_("反映できませんでした(何も変更していません): {error}").format(error=e)) from e
    return ApplyResult(True, summary.batch_id, summary.created, summary.updated, summary.deleted, backup_path)


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
