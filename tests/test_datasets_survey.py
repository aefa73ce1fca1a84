"""保有データ through the survey and export: the データ sheet out, filled as a person would, back in."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from db.ledger import load_values
from importers.apply import ImportRefused, apply_import
from importers.diff import build_preview
from importers.export import export_ledger
from importers.survey_import import parse_files
from importers.survey_template import make_survey
from tests.factories import blank, small_ledger


def _with_datasets(ledger) -> None:
    small_ledger(ledger)
    with ledger.operation("command", "datasets") as op:
        op.create("section", blank("section", code="S003", name="統計課", department="D01"))
        op.create_many("dataset", [
            blank("dataset", code="DAT-0001", name="施設一覧", section="S001", form="excel", personal_info=False,
                  confidentiality="1", open_status="unreviewed", used_by=("S002",)),
            blank("dataset", code="DAT-0002", name="相談記録", section="S001", system="SYS-0001", form="db",
                  personal_info=True, confidentiality="2", open_status="closed", closed_reason="個人情報を含むため"),
            blank("dataset", code="DAT-0003", name="他課の統計", section="S002", form="csv"),
        ])


def _columns(ws) -> dict[str, int]:
    return {c.value: c.column for c in ws[1] if c.value}


def _preview(ledger, paths):
    with ledger.read() as conn:
        return build_preview(conn, parse_files(paths))


def _by_code(ledger) -> dict[str, dict]:
    with ledger.read() as conn:
        return {v["code"]: v for v in load_values(conn, "dataset").values()}


def test_a_sections_workbook_has_its_datasets_on_a_data_sheet(ledger, tmp_path):
    _with_datasets(ledger)
    paths = {p.name.split("_")[2]: p for p in make_survey(ledger, tmp_path, 2026)}
    ws = load_workbook(paths["S001"])["データ"]
    cols = _columns(ws)
    assert {"データ管理番号", "データ名称", "保有所属", "公開状況", "推奨データセット", "利用所属"} <= cols.keys()
    codes = [ws.cell(r, cols["データ管理番号"]).value for r in range(2, ws.max_row + 1)]
    assert codes == ["DAT-0001", "DAT-0002"]  # its own, not S002's
    assert ws.cell(2, cols["利用所属"]).value == "S002"
    assert ws.cell(3, cols["公開状況"]).value == "公開不可"


def test_a_filled_data_sheet_imports_back_with_the_preview(ledger, tmp_path):
    _with_datasets(ledger)
    paths = {p.name.split("_")[2]: p for p in make_survey(ledger, tmp_path, 2026)}
    wb = load_workbook(paths["S001"])
    ws = wb["データ"]
    cols = _columns(ws)
    ws.cell(2, cols["公開状況"]).value = "公開候補"  # changed
    ws.cell(2, cols["推奨データセット"]).value = "公共施設"  # a synonym of 公共施設一覧
    new = {"データ名称": "AED設置箇所", "データ形式": "ＣＳＶ", "件数": "1,200", "個人情報の有無": "無",
           "機密性": "機密性１", "公開状況": "公開済", "利用規約": "CC-BY", "推奨データセット": "AED",
           "利用所属": "S002、S003", "公開URL": "https://example.jp/aed"}
    for label, value in new.items():
        ws.cell(4, cols[label]).value = value
    wb.save(paths["S001"])

    preview = _preview(ledger, [paths["S001"]])
    assert not preview.errors
    sec = preview.section("S001")
    changes = {(c.record_type, c.action): c for c in sec.changes}
    changed = changes[("dataset", "changed")]
    assert {f.field: f.new for f in changed.fields} == {"open_status": "candidate", "category": "public_facilities"}
    created = changes[("dataset", "new")]
    assert created.values["section"] == "S001" and created.values["used_by"] == ("S002", "S003")
    assert created.values["records"] == 1200 and created.values["form"] == "csv"

    apply_import(ledger, preview, backup=False)
    data = _by_code(ledger)
    assert data["DAT-0004"]["name"] == "AED設置箇所" and data["DAT-0004"]["category"] == "aed"
    assert data["DAT-0004"]["licence"] == "cc_by_4" and data["DAT-0004"]["used_by"] == ("S002", "S003")
    assert data["DAT-0001"]["open_status"] == "candidate"
    # The same workbook again changes nothing (the new row is found by section and name).
    again = _preview(ledger, [paths["S001"]])
    assert not [c for c in again.changes if c.record_type == "dataset" and c.action != "gone"]


def test_a_bad_data_row_is_located_and_nothing_is_written(ledger, tmp_path):
    _with_datasets(ledger)
    paths = {p.name.split("_")[2]: p for p in make_survey(ledger, tmp_path, 2026)}
    wb = load_workbook(paths["S001"])
    ws = wb["データ"]
    cols = _columns(ws)
    ws.cell(4, cols["データ名称"]).value = "新しいデータ"
    ws.cell(4, cols["利用所属"]).value = "S999"
    ws.cell(2, cols["機密性"]).value = "極秘"
    wb.save(paths["S001"])
    preview = _preview(ledger, [paths["S001"]])
    where = {(p.sheet, p.row, p.column) for p in preview.errors}
    letter = {label: ws.cell(1, cols[label]).column_letter for label in ("利用所属", "機密性")}
    assert where == {("データ", 4, f"{letter['利用所属']}(利用所属)"), ("データ", 2, f"{letter['機密性']}(機密性)")}
    assert any("S999" in p.reason for p in preview.errors)
    before = _by_code(ledger)
    with pytest.raises(ImportRefused, match="反映していません"):
        apply_import(ledger, preview, backup=False)
    assert _by_code(ledger) == before


def test_a_dataset_missing_from_the_returned_sheet_is_proposed_not_deleted(ledger, tmp_path):
    _with_datasets(ledger)
    paths = {p.name.split("_")[2]: p for p in make_survey(ledger, tmp_path, 2026)}
    wb = load_workbook(paths["S001"])
    wb["データ"].delete_rows(3)  # DAT-0002
    wb.save(paths["S001"])
    preview = _preview(ledger, [paths["S001"]])
    gone = [c for c in preview.changes if c.record_type == "dataset" and c.action == "gone"]
    assert [c.code for c in gone] == ["DAT-0002"] and not gone[0].accepted
    apply_import(ledger, preview, backup=False)
    assert "DAT-0002" in _by_code(ledger)


def test_export_of_datasets_recreates_them_in_a_ledger_with_the_organisation(ledger, tmp_path):
    from db.ledger import Ledger

    _with_datasets(ledger)
    out = export_ledger(ledger, tmp_path / "all.xlsx", "all")
    empty = Ledger.open(f"sqlite:///{tmp_path / 'empty.sqlite'}")
    preview = _preview(empty, [out])
    assert not preview.errors
    apply_import(empty, preview, backup=False)
    strip = ("version", "search_key")
    want = {c: {k: x for k, x in v.items() if k not in strip} for c, v in _by_code(ledger).items()}
    got = {c: {k: x for k, x in v.items() if k not in strip} for c, v in _by_code(empty).items()}
    assert got == want
    assert not _preview(empty, [out]).changes
