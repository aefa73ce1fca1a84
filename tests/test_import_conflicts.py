"""Issue 8: an import that overlaps another user's change is refused for the records concerned,
shown side by side, and never merged silently; the rest can then go in as a batch of its own."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from db.ledger import Ledger, load_values
from importers.apply import ImportConflict, ImportRefused, apply_import
from tests.test_import_survey import _batches, _columns, _preview, _row_of, _survey

TYPES = ("system", "server", "dependency")


@pytest.fixture
def both_survey(ledger, tmp_path):
    return _survey(ledger, tmp_path / "out")


def answer_s001(path) -> None:
    """The section answers: users of SYS-0001, memory of SRV-00001 and SRV-00002."""
    wb = load_workbook(path)
    ws = wb["システム"]
    ws.cell(_row_of(ws, "SYS-0001"), _columns(ws)["利用者数"], 1200)
    ws = wb["サーバ"]
    col = _columns(ws)
    ws.cell(_row_of(ws, "SRV-00001"), col["メモリ(GB)"], 32)
    ws.cell(_row_of(ws, "SRV-00002"), col["メモリ(GB)"], 64)
    wb.save(path)


def other_user(ledger: Ledger) -> Ledger:
    """The same database as somebody else at another machine."""
    other = Ledger(engine=ledger.engine)
    other.user, other.machine = "tanaka", "PC-0042"
    return other


def meanwhile(ledger: Ledger) -> int:
    """After the preview, someone changes SYS-0001 (a field the import changes and one it does
    not) and deletes SRV-00002; returns the id of SYS-0001."""
    with ledger.read() as conn:
        ids = {v["system_code"]: i for i, v in load_values(conn, "system").items()}
        servers = {v["server_code"]: i for i, v in load_values(conn, "server").items()}
    with other_user(ledger).operation("edit", "他の利用者") as op:
        op.update("system", ids["SYS-0001"], {"users": 800, "notes": "担当者が更新"}, None)
        op.delete("server", servers["SRV-00002"], None)
    return ids["SYS-0001"]


def snapshot(ledger: Ledger) -> dict:
    with ledger.read() as conn:
        return {rt: load_values(conn, rt) for rt in TYPES}


def test_conflicting_records_are_refused_shown_and_the_rest_applied_after(both_survey):
    ledger, paths = both_survey
    answer_s001(paths["S001"])
    preview = _preview(ledger, [paths["S001"]])
    assert {c.code for c in preview.accepted} == {"SYS-0001", "SRV-00001", "SRV-00002"}
    sys_id = meanwhile(ledger)
    before, batches = snapshot(ledger), _batches(ledger)

    with pytest.raises(ImportConflict) as refused:
        apply_import(ledger, preview, backup=False)
    error = refused.value
    assert isinstance(error, ImportRefused) and "\n" not in str(error) and "2" in str(error)
    assert snapshot(ledger) == before and _batches(ledger) == batches  # nothing written, no batch

    by_code = {c.code: c for c in error.conflicts}
    assert sorted(by_code) == ["SRV-00002", "SYS-0001"]
    changed = by_code["SYS-0001"]
    assert (changed.record_type, changed.record_id, changed.deleted) == ("system", sys_id, False)
    assert (changed.section, changed.file, changed.sheet) == ("S001", paths["S001"].name, "システム")
    assert changed.row and (changed.user, changed.machine) == ("tanaka", "PC-0042") and changed.at is not None
    fields = {f.field: f for f in changed.fields}
    assert set(fields) == {"users", "notes"}
    users, notes = fields["users"], fields["notes"]
    assert (users.at_preview, users.now, users.workbook, users.imported, users.theirs) == (None, 800, 1200, True, True)
    assert (notes.at_preview, notes.now, notes.workbook, notes.imported, notes.theirs) == (
        None, "担当者が更新", None, False, True)
    assert users.label == "利用者数" and users.text("workbook") == "1200"
    gone = by_code["SRV-00002"]
    assert gone.deleted and gone.record_type == "server" and gone.user == "tanaka"
    [memory] = gone.fields
    assert (memory.at_preview, memory.now, memory.workbook) == (16.0, None, 64)
    as_json = error.conflicts[0].as_json()
    assert as_json["changed_by"]["user"] == "tanaka" and as_json["fields"]

    # The conflicting records are refused, the others go in as a batch of their own.
    refused_changes = preview.refuse(error.conflicts)
    assert sorted(c.code for c in refused_changes) == ["SRV-00002", "SYS-0001"]
    assert [c.code for c in preview.accepted] == ["SRV-00001"]
    result = apply_import(ledger, preview, backup=False)
    assert result.applied and result.updated == 1 and _batches(ledger) == batches + 1
    after = snapshot(ledger)
    servers = {v["server_code"]: v for v in after["server"].values()}
    assert servers["SRV-00001"]["memory_gb"] == 32.0 and "SRV-00002" not in servers
    system = after["system"][sys_id]
    assert (system["users"], system["notes"]) == (800, "担当者が更新")  # the other user's values stay
    assert after["dependency"] == before["dependency"]


def test_a_change_of_a_record_the_import_leaves_alone_is_no_conflict(both_survey):
    ledger, paths = both_survey
    answer_s001(paths["S001"])
    preview = _preview(ledger, [paths["S001"]])
    with ledger.read() as conn:
        sid = next(i for i, v in load_values(conn, "system").items() if v["system_code"] == "SYS-0002")
    with other_user(ledger).operation("edit", "他の利用者") as op:
        op.update("system", sid, {"users": 5}, None)
    result = apply_import(ledger, preview, backup=False)
    assert result.applied and result.updated == 3


def test_refuse_unticks_only_the_conflicting_records_once(both_survey):
    ledger, paths = both_survey
    answer_s001(paths["S001"])
    preview = _preview(ledger, [paths["S001"]])
    meanwhile(ledger)
    with pytest.raises(ImportConflict) as refused:
        apply_import(ledger, preview, backup=False)
    preview.refuse(refused.value.conflicts)
    assert preview.refuse(refused.value.conflicts) == []  # already unticked
    assert all(c.accepted for c in preview.changes if c.code == "SRV-00001")


@pytest.fixture
def sqlite_survey(tmp_path):
    ledger = Ledger.open(f"sqlite:///{tmp_path / 'ledger.sqlite'}")
    yield _survey(ledger, tmp_path / "out")
    ledger.dispose()


@pytest.mark.parametrize("as_json", [True, False])
def test_command_line_prints_the_conflicts_and_exits_1(sqlite_survey, monkeypatch, capsys, as_json):
    import importers.apply as apply_module
    from ui.cli import main

    ledger, paths = sqlite_survey
    answer_s001(paths["S001"])
    real = apply_module.preview_import

    def preview_then_someone_else_writes(led, files, **kw):
        preview = real(led, files, **kw)
        meanwhile(ledger)  # between the command's preview and its apply
        return preview

    monkeypatch.setattr(apply_module, "preview_import", preview_then_someone_else_writes)
    before = _batches(ledger)
    code = main(["--db", ledger.url, "import", str(paths["S001"]), *(["--json"] if as_json else [])])
    out, err = capsys.readouterr()
    assert code == 1 and "SYS-0001" in err
    assert _batches(ledger) == before + 1  # the other user's batch only
    if as_json:
        import json

        doc = json.loads(out)
        assert not doc["applied"]
        conflicts = {c["code"]: c for c in doc["conflicts"]}
        assert sorted(conflicts) == ["SRV-00002", "SYS-0001"] and conflicts["SRV-00002"]["deleted"]
        users = next(f for f in conflicts["SYS-0001"]["fields"] if f["field"] == "users")
        assert (users["at_preview"], users["now"], users["workbook"]) == (None, 800, 1200)
        assert conflicts["SYS-0001"]["changed_by"]["user"] == "tanaka"
    else:
        line = next(x for x in out.splitlines() if "利用者数" in x and "|" in x)
        assert [c.strip() for c in line.split("|")][1:5] == ["利用者数", "", "*800", "*1200"]
        assert "tanaka@PC-0042" in line and "(削除済)" in out


def test_postgres_rows_checked_stay_locked_until_the_import_commits(both_survey, monkeypatch):
    """Nobody can slip a change in between the check and the writes (SQLite writers queue at
    BEGIN IMMEDIATE; PostgreSQL needs the rows locked)."""
    from sqlalchemy import update
    from sqlalchemy.exc import OperationalError

    import importers.apply as apply_module
    from db import models as M

    ledger, paths = both_survey
    if ledger.is_sqlite:
        pytest.skip("SQLite serializes writers at BEGIN IMMEDIATE")
    answer_s001(paths["S001"])
    preview = _preview(ledger, [paths["S001"]])
    sys_id = next(c.record_id for c in preview.accepted if c.code == "SYS-0001")
    real = apply_module.find_conflicts
    tried: list[bool] = []

    def check_then_write_as_someone_else(conn, changes, *, lock=False):
        found = real(conn, changes, lock=lock)
        with ledger.engine.connect() as other:
            other.exec_driver_sql("SET lock_timeout = '300ms'")
            with pytest.raises(OperationalError, match="lock"):
                other.execute(update(M.System.__table__).where(M.System.__table__.c.id == sys_id).values(notes="割込み"))
            tried.append(True)
        return found

    monkeypatch.setattr(apply_module, "find_conflicts", check_then_write_as_someone_else)
    assert apply_import(ledger, preview, backup=False).applied and tried
    with ledger.read() as conn:
        assert load_values(conn, "system", [sys_id])[sys_id]["notes"] != "割込み"
