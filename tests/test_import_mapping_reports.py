"""Issue 13, part 3: what reading someone's own ledger tells the user, beyond the records.

Two columns competing for one field, a column read in 円, a department group row and the lines
above a table are each reported or recognised, never guessed silently; the zone, 有無 and wareki
spellings such ledgers use read as the ledger's values. (The layouts themselves are covered by
test_import_layouts.py on the re-saved corpus.)
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from assetdesk import fields
from assetdesk.values import read_value
from importers.layout import is_title_row
from importers.mapping import guess_sheet, match_columns
from importers.survey_import import parse_file
from tests.corpus.make_division_ledgers import DEPARTMENTS

CORPUS = Path(__file__).parent / "corpus" / "division"
HELD = "対応付けを保留しました"
UNKNOWN = "対応する項目がない列です"


def _csv(tmp_path: Path, text: str, name: str = "list.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_two_columns_for_one_field_hold_the_weaker_and_say_which_feeds_it():
    cols = {c.header: c for c in match_columns(["システム名", "開発業者", "保守事業者", "所管課"], "system")}
    # the data dictionary's label beats a synonym; the synonym's column is held, not dropped
    assert (cols["保守事業者"].field, cols["保守事業者"].how) == ("vendor", "label")
    assert (cols["開発業者"].field, cols["開発業者"].how, cols["開発業者"].held) == (None, "held", ("vendor", 2))
    # two synonyms: the first column feeds the field, the second is held
    cols = {c.header: c for c in match_columns(["システム名", "開発業者", "保守業者"], "system")}
    assert cols["開発業者"].field == "vendor" and cols["保守業者"].held == ("vendor", 1)


def test_a_held_column_is_a_located_warning_and_a_pin_decides(tmp_path):
    path = _csv(tmp_path, "システム名,所管課,ネットワーク,開発業者,保守業者\n"
                          "文書管理システム,人事課,LGWAN系,甲社,乙社\n")
    parsed = parse_file(path)
    assert [p for p in parsed.problems if p.is_error] == []
    held = [p for p in parsed.problems if HELD in p.reason]
    assert [(p.severity, p.row, p.column) for p in held] == [("warning", 1, "E(保守業者)")]
    assert "D(開発業者)" in held[0].reason and not any(UNKNOWN in p.reason for p in parsed.problems)
    assert parsed.rows("system")[0].values["vendor"] == "甲社"
    pinned = parse_file(path, pinned={"system": {"保守業者": "vendor"}})
    assert pinned.rows("system")[0].values["vendor"] == "乙社"
    assert [p.column for p in pinned.problems if HELD in p.reason] == ["D(開発業者)"]


def test_yen_columns_are_read_in_yen_and_rounded_half_up_to_thousands(tmp_path):
    path = _csv(tmp_path, "システム名,所管課,ネットワーク,構築経費(円),年間運用経費(円)\n"
                          "A,人事課,LGWAN系,1234500,\"1,234,499\"\n"
                          "B,人事課,LGWAN系,120万,\"1,234,567円\"\n"
                          "C,人事課,LGWAN系,-5,0\n")
    parsed = parse_file(path)
    rows = {r.values["name"]: r.values for r in parsed.rows("system")}
    assert rows["A"]["initial_cost"] == 1235
    assert rows["B"]["initial_cost"] == 1200  # 120万 yen, not 120万 thousand and not 1
    assert rows["C"]["initial_cost"] is None
    assert (rows["A"]["cost_other"], rows["B"]["cost_other"], rows["C"]["cost_other"]) == (1234, 1235, 0)
    notes = [p for p in parsed.problems if "千円に換算" in p.reason]
    assert {p.column for p in notes} >= {"D(構築経費(円))"} and all(p.severity == "warning" and p.row == 1 for p in notes)
    errors = [(p.row, p.value) for p in parsed.problems if p.is_error]
    assert errors == [(4, "-5")]  # a negative amount is refused, located, as in a 千円 column


def test_costs_in_a_thousand_yen_column_are_not_converted_nor_noted():
    parsed = parse_file(CORPUS / "a_merged_header.xlsx")
    assert not any("千円に換算" in p.reason for p in parsed.problems)
    converted = parse_file(CORPUS / "b_group_rows.xlsx")
    assert {p.column for p in converted.problems if "千円に換算" in p.reason} == {"F(構築費(円))", "G(年間運用費(円))"}


def test_group_rows_are_located_warnings_that_give_the_rows_below_their_department():
    parsed = parse_file(CORPUS / "b_group_rows.xlsx")
    groups = [p for p in parsed.problems if "見出し行" in p.reason]
    assert [p.value for p in groups] == list(DEPARTMENTS)
    assert all(p.severity == "warning" and p.sheet == "システム一覧" and p.row for p in groups)
    rows = parsed.rows("system")
    for group in groups:  # the record right below each group row is of that department
        below = min((r for r in rows if r.row > group.row), key=lambda r: r.row)
        assert below.department == group.value


@pytest.mark.parametrize(("row", "title"), [
    (["令和6年度 情報システム一覧表"], True),
    (["作成: 令和6年4月1日 情報システム課"], True),
    (["作成", "令和6年4月1日", "情報システム課"], True),
    (["作成日：R6.4.1", "情報システム課"], True),
    (["令和6年4月1日現在", None, "(単位：千円)"], True),
    ([dt.datetime(2024, 4, 1), "情報システム課"], True),
    (["システム名", "所管課", "更新日"], False),
    (["No.", "システム名", "所管課", "ネットワーク", "作成日"], False),
    (["更新予定年度", "システム名"], False),
])
def test_lines_above_a_table_are_never_its_header(row, title):
    assert is_title_row(row) is title


def test_header_found_below_a_made_by_line_split_over_cells():
    rows = [["令和6年度 情報システム一覧"], ["作成", "令和6年4月1日", "情報システム課", None, "(単位：千円)"], [],
            ["No.", "システム名", "所管課", "ネットワーク", "構築費"], [1, "人事給与システム", "人事課", "LGWAN系", 1200]]
    mapping = guess_sheet(rows, "Sheet1")
    assert mapping is not None and mapping.header_row == 4
    assert {c.header: c.field for c in mapping.columns if c.field} == {
        "システム名": "name", "所管課": "section", "ネットワーク": "network_zone", "構築費": "initial_cost"}


ZONE = fields.field("system", "network_zone")
PERSONAL = fields.field("system", "personal_info")
IN_SERVICE = fields.field("system", "in_service")
RENEWAL = fields.field("system", "next_renewal_fy")


@pytest.mark.parametrize(("f", "raw", "expected"), [
    (ZONE, "LGWAN系", "lgwan"), (ZONE, "LGWAN", "lgwan"), (ZONE, "ＬＧＷＡＮ接続", "lgwan"),
    (ZONE, "マイナンバー系", "mynumber"), (ZONE, "個人番号利用事務系", "mynumber"), (ZONE, "個人番号系", "mynumber"),
    (ZONE, "マイナンバー利用系", "mynumber"), (ZONE, "インターネット系", "internet"), (ZONE, "インターネット接続", "internet"),
    (ZONE, "閉域", "closed"), (ZONE, "閉域系", "closed"), (ZONE, "スタンドアロン", "closed"), (ZONE, "スタンドアローン", "closed"),
    (PERSONAL, "○", True), (PERSONAL, "〇", True), (PERSONAL, "×", False), (PERSONAL, "有", True), (PERSONAL, "無", False),
    (IN_SERVICE, "H25.1", dt.date(2013, 1, 1)), (IN_SERVICE, "R2.4", dt.date(2020, 4, 1)),
    (IN_SERVICE, "平成25年1月", dt.date(2013, 1, 1)), (IN_SERVICE, "Ｒ２．４", dt.date(2020, 4, 1)),
    (RENEWAL, "R2年度", 2020), (RENEWAL, "令和8年度", 2026), (RENEWAL, "H30年度", 2018),
])
def test_spellings_of_division_ledgers(f, raw, expected):
    assert read_value(raw, f) == expected


def test_a_unit_above_the_table_and_in_millions_are_converted_and_notes_run_to_the_end(tmp_path):
    path = _csv(tmp_path, "情報システム一覧,,,,,\n"
                          ",,,,(単位：円),\n"
                          "システム名,所管課,ネットワーク,構築経費,運用費(百万円),備考\n"
                          "A,人事課,LGWAN系,1234500,1.2345,\n"
                          "【保健福祉部】,,,,,\n"
                          "B,健康増進課,LGWAN系,120万,2,\n"
                          "※ 金額は税込,,,,,\n"
                          "2 経費は決算額,,,,,\n"
                          ",3 運用費は百万円,,,,\n")
    parsed = parse_file(path)
    rows = parsed.rows("system")
    # 構築経費 has no unit of its own: the (単位：円) line above the table gives it
    assert [(r.values["name"], r.department, r.values["initial_cost"], r.values["cost_other"]) for r in rows] == [
        ("A", None, 1235, 1235), ("B", "保健福祉部", 1200, 2000)]
    notes = {p.column: p.reason for p in parsed.problems if p.row == 3}
    assert "円で書かれた金額" in notes["D(構築経費)"] and "百万円で書かれた金額" in notes["E(運用費(百万円))"]
    # the lines after a ※ note are the note's, not records nor departments
    assert [(p.row, p.reason.startswith("注記")) for p in parsed.problems if p.row and p.row > 6] == [
        (7, True), (8, True), (9, True)]
    assert [p for p in parsed.problems if p.is_error] == []


def test_a_department_after_a_note_inside_the_table_is_still_a_group_row(tmp_path):
    path = _csv(tmp_path, "システム名,所管課,ネットワーク\n"
                          "【経営管理部】,,\n"
                          "A,人事課,LGWAN系\n"
                          "※ 人事課は令和7年度に再編,,\n"
                          "保健福祉部,,\n"
                          "B,健康増進課,LGWAN系\n")
    parsed = parse_file(path)
    assert [(r.values["name"], r.department) for r in parsed.rows("system")] == [("A", "経営管理部"), ("B", "保健福祉部")]
