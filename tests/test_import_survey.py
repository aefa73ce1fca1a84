"""The survey round trip: make -> fill as a person would -> import -> the ledger holds the answers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from db import models as M
from db.ledger import load_values
from db.survey import round_status
from importers.apply import ImportRefused, apply_import, record_returns
from importers.diff import build_preview
from importers.survey_import import parse_files
from importers.survey_template import make_survey
from tests.factories import small_ledger


def _columns(ws) -> dict[str, int]:
    return {c.value: c.column for c in ws[1] if c.value}


def _row_of(ws, code: str) -> int:
    for row in ws.iter_rows(min_row=2):
        if row[1].value == code:
            return row[0].row
    raise AssertionError(code)


def _preview(ledger, paths):
    files = parse_files(paths)
    with ledger.read() as conn:
        return build_preview(conn, files)


def _batches(ledger) -> int:
    with ledger.read() as conn:
        return conn.execute(select(func.count()).select_from(M.ChangeBatch.__table__)).scalar()


def _survey(ledger, folder: Path):
    small_ledger(ledger)
    paths = make_survey(ledger, folder, 2026)
    return ledger, {p.name.split("_")[2]: p for p in paths}


@pytest.fixture
def both_survey(ledger, tmp_path):
    """On SQLite and PostgreSQL: for the tests about writing."""
    return _survey(ledger, tmp_path / "out")


@pytest.fixture
def survey(tmp_path):
    from db.ledger import Ledger

    ledger = Ledger.open(f"sqlite:///{tmp_path / 'ledger.sqlite'}")
    yield _survey(ledger, tmp_path / "out")
    ledger.dispose()


def _fill_s001(path: Path) -> None:
    """Answers as people type them: full-width digits, units, wareki, ○, stray spaces, a new row."""
    wb = load_workbook(path)
    ws = wb["システム"]
    col = _columns(ws)
    r = _row_of(ws, "SYS-0001")
    ws.cell(r, col["利用者数"], "１万２千人")
    ws.cell(r, col["個人情報の有無"], "○")
    ws.cell(r, col["稼働開始日"], "令和元年5月7日")
    ws.cell(r, col["ネットワーク区分"], " LGWAN系 ")
    ws.cell(r, col["ソフトウェア保守(千円)"], "120万円")
    ws.cell(r, col["次期更新予定年度"], "令和9年度")
    new = ws.max_row + 1
    ws.cell(new, col["システム名称"], "  防災情報　システム ")
    ws.cell(new, col["ネットワーク区分"], "インターネット系")
    ws.cell(new, col["状態"], "運用中")
    ws = wb["サーバ"]
    col = _columns(ws)
    r = _row_of(ws, "SRV-00001")
    ws.cell(r, col["メモリ(GB)"], "３２ＧＢ")
    ws.cell(r, col["OSサポート終了日"], "H35.3.31")
    ws.cell(r, col["CPU使用率(ピーク)"], "約45％")
    wb.save(path)


def test_round_trip_messy_answers_reach_the_ledger(both_survey):
    ledger, paths = both_survey
    _fill_s001(paths["S001"])
    preview = _preview(ledger, list(paths.values()))
    assert preview.errors == []
    s001 = preview.section("S001")
    assert s001.count("new") == 1 and s001.count("changed") == 2
    changed = {c.code: {f.field: (f.old, f.new) for f in c.fields} for c in s001.changes if c.action == "changed"}
    assert changed["SYS-0001"]["users"] == (None, 12000)
    result = apply_import(ledger, preview)
    assert result.applied and result.created == 1 and result.updated == 2
    assert result.backup is not None and result.backup.exists()
    with ledger.read() as conn:
        systems = {v["system_code"]: v for v in load_values(conn, "system").values()}
        servers = {v["server_code"]: v for v in load_values(conn, "server").values()}
        batch = conn.execute(select(M.ChangeBatch.__table__).where(M.ChangeBatch.__table__.c.id == result.batch_id)).first()
    s = systems["SYS-0001"]
    assert (s["users"], s["personal_info"], s["in_service"], s["network_zone"], s["cost_sw_maintenance"],
            s["next_renewal_fy"]) == (12000, True, dt.date(2019, 5, 7), "lgwan", 1200, 2027)
    assert systems["SYS-0004"]["name"] == "防災情報 システム"
    assert systems["SYS-0004"]["section"] == "S001" and systems["SYS-0004"]["status"] == "active"
    assert servers["SRV-00001"]["memory_gb"] == 32.0
    assert servers["SRV-00001"]["os_eol"] == dt.date(2023, 3, 31)
    assert servers["SRV-00001"]["cpu_peak_pct"] == 45.0
    assert batch.source == "import" and batch.context["survey_round"] == 2026
    assert sorted(batch.context["files"]) == sorted(p.name for p in paths.values())
    with ledger.read() as conn:
        status = round_status(conn, 2026)
    assert {s.section: s.status for s in status.sections} == {"S001": "applied", "S002": "applied"}
    assert status.to_chase == []


def test_same_file_twice_changes_nothing(survey):
    ledger, paths = survey
    _fill_s001(paths["S001"])
    apply_import(ledger, _preview(ledger, [paths["S001"]]))
    before = _batches(ledger)
    again = _preview(ledger, [paths["S001"]])
    assert again.changes == [] and again.errors == []
    assert apply_import(ledger, again).applied is False
    assert _batches(ledger) == before


def test_error_in_last_row_applies_nothing(both_survey):
    ledger, paths = both_survey
    _fill_s001(paths["S001"])
    wb = load_workbook(paths["S001"])
    ws = wb["連携"]
    col = _columns(ws)
    last = ws.max_row + 1
    ws.cell(last, col["連携元"], "SYS-0001")
    ws.cell(last, col["連携先"], "SYS-9999")  # does not exist
    ws.cell(last, col["連携種別"], "データ連携")
    wb.save(paths["S001"])
    with ledger.read() as conn:
        before = load_values(conn, "system")
    batches = _batches(ledger)
    preview = _preview(ledger, [paths["S001"]])
    [problem] = preview.errors
    assert (problem.sheet, problem.row, problem.value) == ("連携", last, "SYS-9999")
    assert problem.column.startswith("C(")
    with pytest.raises(ImportRefused):
        apply_import(ledger, preview)
    with ledger.read() as conn:
        assert load_values(conn, "system") == before
    assert _batches(ledger) == batches
    record_returns(ledger, preview)
    with ledger.read() as conn:
        status = round_status(conn, 2026)
    assert {s.section: (s.status, s.error_count) for s in status.sections}["S001"] == ("errors", 1)
    assert [s.section for s in status.to_chase] == ["S001", "S002"]


def test_problems_name_sheet_row_column_value_and_reason(survey):
    ledger, paths = survey
    wb = load_workbook(paths["S001"])
    ws = wb["システム"]
    col = _columns(ws)
    r = _row_of(ws, "SYS-0001")
    ws.cell(r, col["ネットワーク区分"], "庁内LAN")       # unknown code
    ws.cell(r, col["稼働開始日"], "そのうち")          # unreadable date
    ws.cell(r, col["システム名称"]).value = None       # required empty
    ws = wb["サーバ"]
    col = _columns(ws)
    ws.cell(_row_of(ws, "SRV-00002"), col["ネットワーク区分"], "インターネット系")  # zone disagrees
    ws.cell(_row_of(ws, "SRV-00001"), col["ホスト名"], "lg-kenko-01")               # another's hostname
    wb.save(paths["S001"])
    preview = _preview(ledger, [paths["S001"]])
    found = {(p.sheet, p.column.split("(")[1].rstrip(")"), p.value) for p in preview.errors}
    assert ("システム", "ネットワーク区分", "庁内LAN") in found
    assert ("システム", "稼働開始日", "そのうち") in found
    assert any(s == "システム" and c == "システム名称" for s, c, _v in found)
    assert ("サーバ", "ネットワーク区分", "インターネット系") in found
    assert ("サーバ", "ホスト名", "lg-kenko-01") in found
    assert all(p.row and p.reason for p in preview.errors)


def test_unknown_system_code_and_hostname_claimed_by_two_sections(survey):
    ledger, paths = survey
    for code, host in (("S001", "new-shared-01"), ("S002", "NEW-SHARED-01")):
        wb = load_workbook(paths[code])
        ws = wb["サーバ"]
        col = _columns(ws)
        r = ws.max_row + 1
        for label, value in (("ホスト名", host), ("種別", "物理"), ("ネットワーク区分", "LGWAN系")):
            ws.cell(r, col[label], value)
        if code == "S001":
            ws2 = wb["システム"]
            ws2.cell(ws2.max_row + 1, _columns(ws2)["システム管理番号"], "SYS-7777")
            ws2.cell(ws2.max_row, _columns(ws2)["システム名称"], "謎")
        wb.save(paths[code])
    preview = _preview(ledger, list(paths.values()))
    reasons = [p.reason for p in preview.errors]
    assert any("SYS-7777" in r for r in reasons)
    assert any("NEW-SHARED-01" in r and "S001" in r and "S002" in r for r in reasons)


def test_gone_rows_are_proposed_not_applied_unless_accepted(survey):
    ledger, paths = survey
    wb = load_workbook(paths["S001"])
    ws = wb["サーバ"]
    ws.delete_rows(_row_of(ws, "SRV-00002"))
    wb.save(paths["S001"])
    preview = _preview(ledger, [paths["S001"]])
    [gone] = [c for c in preview.changes if c.action == "gone"]
    assert (gone.code, gone.accepted, gone.values) == ("SRV-00002", False, {"migration_status": "retired"})
    assert (gone.fields[0].old_text, gone.fields[0].new_text) == ("未移行", "廃止")
    assert apply_import(ledger, preview).applied is False  # nothing accepted
    preview.accept_all(include_gone=True)
    assert apply_import(ledger, preview).applied
    with ledger.read() as conn:
        servers = {v["server_code"]: v for v in load_values(conn, "server").values()}
    assert servers["SRV-00002"]["migration_status"] == "retired"


def test_per_section_acceptance(survey):
    ledger, paths = survey
    _fill_s001(paths["S001"])
    wb = load_workbook(paths["S002"])
    ws = wb["システム"]
    ws.cell(_row_of(ws, "SYS-0002"), _columns(ws)["利用者数"], 30)
    wb.save(paths["S002"])
    preview = _preview(ledger, list(paths.values()))
    preview.section("S001").accept(False)
    result = apply_import(ledger, preview)
    assert result.updated == 1 and result.created == 0
    with ledger.read() as conn:
        systems = {v["system_code"]: v for v in load_values(conn, "system").values()}
    assert systems["SYS-0002"]["users"] == 30 and systems["SYS-0001"]["users"] is None


def test_old_template_version_is_recognised(survey, tmp_path):
    ledger, paths = survey
    wb = load_workbook(paths["S001"])
    ws = wb["_assetdesk"]
    for row in ws.iter_rows():
        if row[0].value == "template_version":
            row[1].value = "0.3"
    wb.save(paths["S001"])
    preview = _preview(ledger, [paths["S001"]])
    [problem] = preview.errors
    assert "0.3" in problem.reason and preview.changes == []


def test_template_has_lists_hints_protection_and_print_setup(survey):
    _ledger, paths = survey
    wb = load_workbook(paths["S001"])
    assert wb.sheetnames[:4] == ["記入要領", "システム", "サーバ", "連携"]
    assert wb["_assetdesk"].sheet_state == "veryHidden" and wb["_lists"].sheet_state == "hidden"
    ws = wb["システム"]
    assert ws.freeze_panes == "D2" and ws.protection.sheet and ws.column_dimensions["A"].hidden
    assert ws["A2"].value.startswith("system:") and ws["A1"].protection.locked
    assert not ws["C2"].protection.locked
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert len(lists) >= 5 and all(dv.formula1.startswith("=_lists!") for dv in lists)
    assert any(dv.prompt and "必須" in dv.prompt for dv in ws.data_validations.dataValidation)
    assert ws.print_title_rows == "$1:$1" and ws.page_setup.orientation == "landscape"


def test_undo_of_an_import_batch(both_survey):
    undo = pytest.importorskip("db.undo")
    ledger, paths = both_survey
    with ledger.read() as conn:
        before = {rt: load_values(conn, rt) for rt in ("system", "server")}
    _fill_s001(paths["S001"])
    result = apply_import(ledger, _preview(ledger, [paths["S001"]]))
    undo.undo_batch(ledger, result.batch_id)
    with ledger.read() as conn:
        after = {rt: load_values(conn, rt) for rt in ("system", "server")}
    strip = lambda d: {i: {k: v for k, v in r.items() if k != "version"} for i, r in d.items()}  # noqa: E731
    assert {rt: strip(after[rt]) for rt in after} == {rt: strip(before[rt]) for rt in before}


def test_a_record_changed_since_the_preview_refuses_the_whole_import(survey):
    ledger, paths = survey
    _fill_s001(paths["S001"])
    preview = _preview(ledger, [paths["S001"]])
    with ledger.operation("edit", "meanwhile") as op:
        op.update("server", op.id_of("server", "SRV-00001"), {"location": "別館"}, None)
    batches = _batches(ledger)
    with pytest.raises(ImportRefused, match="SRV-00001"):
        apply_import(ledger, preview)
    assert _batches(ledger) == batches
    with ledger.read() as conn:
        systems = {v["system_code"]: v for v in load_values(conn, "system").values()}
    assert systems["SYS-0001"]["users"] is None and "SYS-0004" not in systems


def test_a_server_shared_by_two_sections(survey):
    ledger, paths = survey

    def set_memory(code: str, value: object) -> None:
        wb = load_workbook(paths[code])
        ws = wb["サーバ"]
        ws.cell(_row_of(ws, "SRV-00003"), _columns(ws)["メモリ(GB)"], value)
        wb.save(paths[code])

    set_memory("S001", "48GB")  # S002's workbook still says 16: that is no answer, not a conflict
    preview = _preview(ledger, list(paths.values()))
    assert preview.errors == []
    [change] = [c for c in preview.changes if c.code == "SRV-00003"]
    assert [(f.field, f.old, f.new) for f in change.fields] == [("memory_gb", 16.0, 48.0)]
    set_memory("S002", 64)
    preview = _preview(ledger, list(paths.values()))
    [problem] = preview.errors
    assert problem.value == 64 and "SRV-00003" in problem.reason


def test_errors_of_a_section_block_until_it_is_left_out(survey):
    ledger, paths = survey
    wb = load_workbook(paths["S001"])
    ws = wb["システム"]
    ws.cell(_row_of(ws, "SYS-0001"), _columns(ws)["稼働開始日"], "いつだったか")
    wb.save(paths["S001"])
    wb = load_workbook(paths["S002"])
    ws = wb["システム"]
    ws.cell(_row_of(ws, "SYS-0002"), _columns(ws)["利用者数"], 30)
    wb.save(paths["S002"])
    preview = _preview(ledger, list(paths.values()))
    assert preview.section("S001").changes == [] and len(preview.section("S001").errors) == 1
    with pytest.raises(ImportRefused):
        apply_import(ledger, preview)
    preview.section("S001").accept(False)
    assert apply_import(ledger, preview).updated == 1
