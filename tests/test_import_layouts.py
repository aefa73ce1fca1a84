"""Issue 13, part 3: division ledgers as people keep them, re-saved by LibreOffice
(tests/corpus/division/, made by tests/corpus/make_division_ledgers.py), import into an empty
ledger with automatic mapping: every system once, sections and departments created, costs in 千円
as written, no subtotal or notes row taken for a record, and the same file again changes nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from db.ledger import load_values
from importers.apply import apply_import, preview_import
from importers.layout import classify, two_row_header
from importers.survey_import import parse_file
from tests.corpus.make_division_ledgers import DEPARTMENTS, SECTIONS, ZONE_KEYS, systems

CORPUS = Path(__file__).parent / "corpus" / "division"
LAYOUTS = ("a_merged_header.xlsx", "b_group_rows.xlsx", "c_two_sheets.xlsx", "d_flat.csv")
EXPECTED = systems()


@pytest.mark.parametrize("name", LAYOUTS)
def test_rows_of_each_layout_are_the_systems_and_nothing_else(name):
    parsed = parse_file(CORPUS / name)
    assert [p for p in parsed.problems if p.is_error] == []
    rows = parsed.rows("system")
    assert [r.values["name"] for r in rows] == [s["name"] for s in EXPECTED]
    for row, want in zip(rows, EXPECTED, strict=True):
        assert row.department == want["department"], row.row
        assert row.values["initial_cost"] == want["initial"]  # 千円, as written or converted from 円
        assert row.values["cost_other"] == want["yearly"]
        assert row.values["network_zone"] == ZONE_KEYS[want["zone"]]
        assert row.values["personal_info"] is (want["personal"] == "○")
        assert row.values["in_service"] == dt.date.fromisoformat(want["in_service_iso"])


def test_skipped_rows_are_located_warnings():
    parsed = parse_file(CORPUS / "a_merged_header.xlsx")
    skipped = [(p.row, p.value) for p in parsed.problems if "読み飛ばしました" in p.reason]
    subtotals = [v for _r, v in skipped if "小計" in str(v)]
    assert len(subtotals) == len(DEPARTMENTS) and ("合計" in [v for _r, v in skipped])
    assert sum(str(v).startswith("※") for _r, v in skipped) == 2
    assert all(p.severity == "warning" and p.sheet == "台帳" and p.row for p in parsed.problems
               if "読み飛ばしました" in p.reason)
    # the two-row header: 構築費 and 運用費 under 経費（千円）, the data below row 5
    sheet = parsed.sheets[0]
    assert sheet.mapping.header_row == 5
    headers = {c.header: c.field for c in sheet.mapping.columns}
    assert headers["構築費(千円)"] == "initial_cost" and headers["運用費(年額)(千円)"] == "cost_other"
    assert sheet.mapping.context_columns == {"department": 1}


def test_a_sheet_that_is_no_table_is_left_with_a_warning():
    parsed = parse_file(CORPUS / "c_two_sheets.xlsx")
    assert {s.name: (s.mapping.record_type if s.mapping else None) for s in parsed.sheets} == {
        "システム一覧": "system", "サーバ一覧": "server", "集計": None}
    assert len(parsed.rows("server")) == 12


@pytest.mark.parametrize("name", LAYOUTS)
def test_first_import_into_an_empty_ledger(sqlite_ledger, name):
    preview = preview_import(sqlite_ledger, [CORPUS / name])
    assert preview.errors == []
    preview.accept_all()
    result = apply_import(sqlite_ledger, preview, backup=False)
    assert result.applied
    with sqlite_ledger.read() as conn:
        departments = {v["code"]: v["name"] for v in load_values(conn, "department").values()}
        sections = {v["code"]: (v["name"], departments[v["department"]]) for v in load_values(conn, "section").values()}
        got = {v["name"]: v for v in load_values(conn, "system").values()}
    assert sorted(departments.values()) == sorted(DEPARTMENTS)
    assert sorted(sections.values()) == sorted((s, d) for d in DEPARTMENTS for s in SECTIONS[d])
    assert len(got) == len(EXPECTED)
    for want in EXPECTED:
        system = got[want["name"]]
        assert sections[system["section"]] == (want["section"], want["department"])
        assert (system["initial_cost"], system["cost_other"]) == (want["initial"], want["yearly"])
    again = preview_import(sqlite_ledger, [CORPUS / name])
    assert again.errors == [] and again.changes == []


def test_two_row_header_is_told_from_a_data_row():
    upper = ["No", "部局名", "システム名", "経費（千円）", None, "個人情報"]
    assert two_row_header(upper, [None, None, None, "構築費", "運用費(年額)", None]) == [
        "No", "部局名", "システム名", "構築費(千円)", "運用費(年額)(千円)", "個人情報"]
    assert two_row_header(upper, [None, None, None, "金額", "年額", None])[3:5] == ["経費金額(千円)", "経費年額(千円)"]
    # a data row (every header's column filled, numbers) is no header
    assert two_row_header(upper, [1, "経営管理部", "人事給与", 1200, 300, "○"]) is None
    assert two_row_header(upper, ["1", "経営管理部", "人事給与", "有", None, "○"]) is None


@pytest.mark.parametrize(("cells", "kind"), [
    ([None, "経営管理部 小計", None, 1200], "subtotal"),
    (["合 計", None, None, 99], "subtotal"),
    ([3, "経営管理部", "人口統計システム", 10], "record"),
    ([4, "経営管理部", "予算システム", "各課の予算を集計し合計"], "record"),
    (["※ 金額は千円"], "note"),
    (["注) 税込"], "note"),
    (["【保健福祉部】"], "group"),
    (["保健福祉部", None, None, None], "group"),
    ([None, None, "名前だけのシステム", None], "record"),
    ([5, "経営管理部", None, 100], "blank_name"),
])
def test_row_kinds(cells, kind):
    assert classify(cells, name_column=2, mapped=[1, 2, 3]).kind == kind
