"""Issue 13, parts 1-2: the organisation and the hosts go out and back in like the other records,
and a first import into an empty ledger creates the sections and departments its rows name."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from openpyxl import Workbook

from db.ledger import load_values
from db.undo import undo_batch
from importers.apply import apply_import, preview_import
from importers.diff import ORGANISATION
from importers.export import export_ledger

#: Every table an `export --what all` claims to carry, by record type.
CARRIED = ("department", "section", "host", "system", "server", "dependency")


def _by_code(ledger) -> dict[str, dict[str, dict]]:
    """Each carried record type as code -> values (ids and versions left out: a new ledger has its own)."""
    from db.records import record_code

    out: dict[str, dict[str, dict]] = {}
    with ledger.read() as conn:
        for rt in CARRIED:
            rows = load_values(conn, rt)
            out[rt] = {record_code(rt, v): {k: x for k, x in v.items() if k != "version"} for v in rows.values()}
    return out


def _import(ledger, paths, **kw):
    preview = preview_import(ledger, paths)
    preview.accept_all(**kw)
    return preview, apply_import(ledger, preview, backup=False)


@pytest.fixture
def demo_file(tmp_path, sqlite_templates):
    from db.ledger import Ledger
    from tests.conftest import _with_demo

    dest = tmp_path / "demo.sqlite"
    shutil.copy(sqlite_templates("demo", _with_demo), dest)
    demo = Ledger.open(str(dest))
    yield demo
    demo.dispose()


def test_export_of_the_demo_recreates_it_in_an_empty_ledger(demo_file, ledger, tmp_path):
    """Export --what all of the demo, imported into an empty ledger (SQLite and PostgreSQL), equals
    the demo in every table it carries, as a backup restored would."""
    demo, empty = demo_file, ledger
    out = export_ledger(demo, tmp_path / "all.xlsx", "all")
    preview, result = _import(empty, [out])
    assert preview.errors == []
    assert result.applied
    original, imported = _by_code(demo), _by_code(empty)
    for rt in CARRIED:
        assert imported[rt] == original[rt], rt
    # and again: nothing left to change
    again = preview_import(empty, [out])
    assert again.errors == [] and again.changes == []


def _sheet(wb: Workbook, title: str, rows: list[list]) -> None:
    ws = wb.create_sheet(title)
    for r in rows:
        ws.append(r)


def _division_workbook(path: Path) -> Path:
    """A division's own lists: sections by name with their departments' names, systems by section name."""
    wb = Workbook()
    wb.remove(wb.active)
    _sheet(wb, "所属一覧", [["所属名", "部局名"], ["人事課", "経営管理部"], ["財政課", "経営管理部"],
                          ["鹿沼土木事務所", "県土整備部"]])
    _sheet(wb, "システム一覧", [
        ["システム名", "所管課", "ネットワーク区分", "状態"],
        ["人事給与システム", "人事課", "LGWAN接続系", "運用中"],
        ["予算編成システム", "財政課", "LGWAN接続系", "運用中"],
        ["道路台帳システム", "鹿沼土木", "LGWAN接続系", "運用中"],
        ["庶務事務システム", "人事　課", "LGWAN接続系", "運用中"],
    ])
    wb.save(path)
    return path


def test_first_import_creates_named_sections_and_departments(sqlite_ledger, tmp_path):
    path = _division_workbook(tmp_path / "台帳.xlsx")
    preview = preview_import(sqlite_ledger, [path])
    assert preview.errors == []
    org = preview.section(ORGANISATION)
    created = sorted((c.record_type, c.values["name"]) for c in org.changes if c.action == "new")
    assert created == [("department", "県土整備部"), ("department", "経営管理部"),
                       ("section", "人事課"), ("section", "財政課"), ("section", "鹿沼土木事務所")]
    # 鹿沼土木 is offered as 鹿沼土木事務所 (a located warning), not created a second time
    [close] = [p for p in preview.all_problems if "鹿沼土木" in str(p.value)]
    assert close.severity == "warning" and close.row == 4 and close.sheet == "システム一覧"
    preview.accept_all()
    result = apply_import(sqlite_ledger, preview, backup=False)
    assert result.applied and result.created == 2 + 3 + 4
    with sqlite_ledger.read() as conn:
        sections = {v["name"]: v for v in load_values(conn, "section").values()}
        departments = {v["code"]: v["name"] for v in load_values(conn, "department").values()}
        systems = {v["name"]: v["section"] for v in load_values(conn, "system").values()}
    assert departments[sections["鹿沼土木事務所"]["department"]] == "県土整備部"
    assert systems == {"人事給与システム": sections["人事課"]["code"], "予算編成システム": sections["財政課"]["code"],
                       "道路台帳システム": sections["鹿沼土木事務所"]["code"],
                       "庶務事務システム": sections["人事課"]["code"]}
    # the same file again changes nothing
    again = preview_import(sqlite_ledger, [path])
    assert again.errors == [] and again.changes == []
    # and undoing the import takes the organisation back with the systems
    undo_batch(sqlite_ledger, result.batch_id)
    with sqlite_ledger.read() as conn:
        assert all(load_values(conn, rt) == {} for rt in ("department", "section", "system"))


def test_sections_named_in_system_rows_are_proposed_with_their_department(sqlite_ledger, tmp_path):
    """Without a section list, a system row's department (部局名 column) gives the new section's."""
    wb = Workbook()
    ws = wb.active
    ws.title = "システム"
    for r in (["部局名", "所管所属", "システム名", "ネットワーク区分"], ["経営管理部", "人事課", "人事給与システム", "LGWAN系"],
              ["保健福祉部", "健康増進課", "健診システム", "LGWAN系"]):
        ws.append(r)
    wb.save(tmp_path / "a.xlsx")
    preview, result = _import(sqlite_ledger, [tmp_path / "a.xlsx"])
    assert preview.errors == [] and result.applied
    with sqlite_ledger.read() as conn:
        departments = {v["code"]: v["name"] for v in load_values(conn, "department").values()}
        sections = {v["name"]: departments[v["department"]] for v in load_values(conn, "section").values()}
    assert sections == {"人事課": "経営管理部", "健康増進課": "保健福祉部"}


def test_a_section_without_a_department_is_refused_with_its_place(sqlite_ledger, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "システム"
    for r in (["システム名", "所管所属", "ネットワーク区分"], ["人事給与システム", "人事課", "LGWAN接続系"]):
        ws.append(r)
    wb.save(tmp_path / "a.xlsx")
    preview = preview_import(sqlite_ledger, [tmp_path / "a.xlsx"])
    [error] = preview.errors
    assert error.row == 2 and error.sheet == "システム" and error.column.startswith("B") and "部局" in error.reason
    assert preview.changes == []


def test_same_section_name_in_two_departments_is_told_apart(sqlite_ledger, tmp_path):
    with sqlite_ledger.operation("command", "org") as op:
        op.create_many("department", [{"code": "D01", "name": "教育委員会", "retired_on": None},
                                      {"code": "D02", "name": "警察本部", "retired_on": None}])
        op.create_many("section", [{"code": "S001", "name": "総務課", "department": "D01", "retired_on": None},
                                   {"code": "S002", "name": "総務課", "department": "D02", "retired_on": None}])
    wb = Workbook()
    ws = wb.active
    ws.title = "システム"
    for r in (["システム名", "所管所属", "ネットワーク区分"], ["文書管理システム", "総務課", "LGWAN接続系"]):
        ws.append(r)
    wb.save(tmp_path / "a.xlsx")
    preview = preview_import(sqlite_ledger, [tmp_path / "a.xlsx"])
    [error] = preview.errors
    assert "総務課(S001)" in error.reason and "総務課(S002)" in error.reason
    # by code it is plain
    ws.cell(2, 2, "S002")
    wb.save(tmp_path / "b.xlsx")
    preview, result = _import(sqlite_ledger, [tmp_path / "b.xlsx"])
    assert preview.errors == [] and result.created == 1


def test_command_line_lists_and_carries_the_organisation(tmp_path, demo_file, capsys):
    import json

    from importers.export import WHAT
    from ui.cli import main
    from ui.commands.io_commands import WHAT as CLI_WHAT

    assert set(CLI_WHAT) == set(WHAT)
    db = str(demo_file.url).removeprefix("sqlite:///")
    assert main(["--db", db, "sections", "--json", "--department", "D01"]) == 0
    sections = json.loads(capsys.readouterr().out)["sections"]
    assert sections and {s["department"] for s in sections} == {"D01"}
    assert all(s["department_name"] == "経営管理部" for s in sections)
    assert main(["--db", db, "hosts", "--json"]) == 0
    hosts = json.loads(capsys.readouterr().out)["hosts"]
    assert sum(h["servers"] for h in hosts) > 0
    out = tmp_path / "org.xlsx"
    assert main(["--db", db, "export", str(out), "--what", "organisation"]) == 0
    empty = tmp_path / "empty.sqlite"
    capsys.readouterr()
    assert main(["--db", str(empty), "import", str(out), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["applied"] and report["errors"] == []
    assert main(["--db", str(empty), "departments", "--json"]) == 0
    departments = json.loads(capsys.readouterr().out)["departments"]
    assert len(departments) == 14 and all(d["systems"] == 0 for d in departments)


def test_first_import_lists_what_it_creates_in_json(sqlite_ledger, tmp_path, capsys):
    import json

    from ui.cli import main

    path = _division_workbook(tmp_path / "台帳.xlsx")
    db = str(sqlite_ledger.url).removeprefix("sqlite:///")
    assert main(["--db", db, "import", str(path), "--dry-run", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    created = sorted((x["type"], x["name"]) for x in report["new_organisation"])
    assert ("section", "鹿沼土木事務所") in created and ("department", "県土整備部") in created
    assert len(created) == 5 and not report["applied"]


def test_retired_sections_get_no_survey_workbook(demo_file, tmp_path):
    from importers.survey_template import make_survey

    with demo_file.operation("edit", "reorganisation") as op:
        sid = op.id_of("section", "S001")
        op.update("section", sid, {"retired_on": __import__("datetime").date(2018, 3, 31)}, None)
    paths = make_survey(demo_file, tmp_path / "survey", 2018)
    assert len(paths) == 100 and not any("S001" in p.name for p in paths)
    from db.survey import round_status

    with demo_file.read() as conn:
        status = round_status(conn, 2018)
    assert "S001" not in {s.section for s in status.sections} and len(status.to_chase) == 100
