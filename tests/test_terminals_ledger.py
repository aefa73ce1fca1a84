"""Terminals and lines through the ledger: survey and export round trips, the command, the demo."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from openpyxl import load_workbook

from db.ledger import Ledger, load_values
from db.terminal_data import terminal_counts_by_fy, terminal_summary
from importers.apply import apply_import
from importers.diff import build_preview
from importers.export import export_ledger
from importers.survey_import import parse_files
from importers.survey_template import make_survey
from tests.factories import small_ledger
from ui.cli import main

LABELS = {"dedicated_terminals": "専用端末台数", "terminal_requirement": "端末の要件",
          "terminal_cost": "端末経費(千円/年)", "terminals_moved_on": "端末移行日", "dedicated_lines": "個別回線数",
          "line_cost": "回線経費(千円/年)", "lines_moved_on": "回線移行日"}


@pytest.fixture
def small(tmp_path):
    ledger = Ledger.open(f"sqlite:///{tmp_path / 'ledger.sqlite'}")
    small_ledger(ledger)
    yield ledger
    ledger.dispose()


def _preview(ledger, paths):
    files = parse_files(paths)
    with ledger.read() as conn:
        return build_preview(conn, files)


def _systems(ledger):
    with ledger.read() as conn:
        return {v["system_code"]: v for v in load_values(conn, "system").values()}


def test_survey_answers_about_terminals_and_lines_reach_the_ledger(small, tmp_path):
    paths = {p.name.split("_")[2]: p for p in make_survey(small, tmp_path / "out", 2026)}
    wb = load_workbook(paths["S001"])
    ws = wb["システム"]
    col = {c.value: c.column for c in ws[1] if c.value}
    assert set(LABELS.values()) <= set(col)  # the workbook picks the new fields up
    row = next(r[0].row for r in ws.iter_rows(min_row=2) if r[1].value == "SYS-0001")
    for label, answer in (("専用端末台数", "１２台"), ("端末の要件", "クライアント"), ("端末経費(千円/年)", "96万円"),
                          ("個別回線数", "2"), ("回線経費(千円/年)", "1,200"), ("回線移行日", "平成29年10月1日")):
        ws.cell(row, col[label], answer)
    wb.save(paths["S001"])
    preview = _preview(small, list(paths.values()))
    assert preview.errors == []
    assert apply_import(small, preview).applied
    s = _systems(small)["SYS-0001"]
    assert (s["dedicated_terminals"], s["terminal_requirement"], s["terminal_cost"], s["dedicated_lines"],
            s["line_cost"], s["lines_moved_on"]) == (12, "client", 960, 2, 1200, dt.date(2017, 10, 1))


def test_export_carries_the_new_fields_and_imports_back_unchanged(small, tmp_path):
    values = {"dedicated_terminals": 5, "terminal_requirement": "device", "terminal_cost": 750,
              "terminals_moved_on": dt.date(2018, 1, 15), "dedicated_lines": 3, "line_cost": 1440,
              "lines_moved_on": None}
    with small.operation("command", "terminals") as op:
        op.update("system", op.id_of("system", "SYS-0002"), values, None)
    out = export_ledger(small, tmp_path / "ledger.xlsx")
    header = [c.value for c in load_workbook(out)["システム"][1]]
    assert set(LABELS.values()) <= set(header)
    preview = _preview(small, [out])
    assert preview.errors == [] and preview.changes == []
    s = _systems(small)["SYS-0002"]
    assert {k: s[k] for k in values} == values


def test_counts_and_proposals_from_the_ledger(small):
    with small.operation("command", "terminals") as op:
        op.update("system", op.id_of("system", "SYS-0001"),
                  {"dedicated_terminals": 10, "terminal_requirement": "browser", "terminal_cost": 600,
                   "dedicated_lines": 2, "line_cost": 900, "lines_moved_on": dt.date(2017, 6, 1)}, None)
    with small.read() as conn:
        by_fy = terminal_counts_by_fy(conn, 2016, dt.date(2018, 5, 1))
        doc = terminal_summary(conn, dt.date(2018, 5, 1))
    assert by_fy == {2016: {"terminals": 10, "lines": 2}, 2017: {"terminals": 10, "lines": 0},
                     2018: {"terminals": 10, "lines": 0}}
    assert [(p["system_code"], p["saving"]) for p in doc["proposals"]] == [("SYS-0001", 600)]


def test_terminals_command_on_the_demo(tmp_path, capsys):
    db = str(tmp_path / "l.sqlite")
    assert main(["--db", db, "demo"]) == 0
    capsys.readouterr()
    assert main(["--db", db, "terminals", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert set(doc) == {"systems", "proposals", "saving", "by_fy"}
    assert 30 < len(doc["systems"]) < 200  # most systems have none
    assert doc["by_fy"]["2017"]["terminals"] < doc["by_fy"]["2016"]["terminals"]  # some moved in FY2017
    assert doc["by_fy"]["2017"]["lines"] < doc["by_fy"]["2016"]["lines"]
    movable = [p for p in doc["proposals"] if p["terminals_movable"] or p["lines_movable"]]
    assert movable and doc["saving"]["total"] == sum(p["saving"] for p in movable) > 0
    assert any(not p["terminals_movable"] and p["terminals"] for p in doc["proposals"])  # special devices stay
    assert main(["--db", db, "terminals"]) == 0
    assert "移行の提案" in capsys.readouterr().out


def test_upgrade_from_0003_keeps_systems_and_adds_empty_terminal_fields(tmp_path):
    from sqlalchemy import insert

    from db import migrate
    from db import models as M
    from db.engine import make_engine

    path = tmp_path / "old.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine, "0003")
    t = M.metadata.tables
    with engine.begin() as conn:
        conn.execute(insert(t["department"]).values(id=1, code="D01", name="総務部", version=1))
        conn.execute(insert(t["section"]).values(id=1, code="S001", name="税務課", department_id=1, version=1))
        conn.exec_driver_sql(
            "INSERT INTO system (id, system_code, name, section_id, network_zone, status, version, search_key)"
            " VALUES (1, 'SYS-0001', '税務システム', 1, 'mynumber', 'active', 2, '')")
    engine.dispose()
    ledger = Ledger.open(str(path))
    assert migrate.current_revision(ledger.engine) == migrate.head_revision()
    s = _systems(ledger)["SYS-0001"]
    assert s["name"] == "税務システム" and s["version"] == 2
    assert all(s[k] is None for k in LABELS)
    with ledger.operation("command", "terminals") as op:
        op.update("system", 1, {"dedicated_terminals": 4, "dedicated_lines": 1}, None)
    with ledger.read() as conn:
        assert terminal_counts_by_fy(conn, 2016, dt.date(2017, 1, 1)) == {2016: {"terminals": 4, "lines": 1}}
    ledger.dispose()


def test_terminal_and_line_indicators_match_the_command(sqlite_demo_ledger):
    from assetdesk.indicators import LINE_INDICATOR, TERMINAL_INDICATOR
    from db.portfolio import indicator_series, set_indicator_value

    today = dt.date(2019, 2, 1)
    with sqlite_demo_ledger.read() as conn:
        series = {s.code: s for s in indicator_series(conn, today)}
        by_fy = terminal_summary(conn, today)["by_fy"]
    for code, key in ((TERMINAL_INDICATOR, "terminals"), (LINE_INDICATOR, "lines")):
        assert series[code].source == "ledger"
        assert {str(fy): int(v) for fy, v in series[code].actuals.items()} == {
            fy: c[key] for fy, c in by_fy.items()}
    from db.ledger import LedgerError

    with pytest.raises(LedgerError):
        set_indicator_value(sqlite_demo_ledger, TERMINAL_INDICATOR, 2018, 5)


def test_indicator_report_counts_terminals_and_lines_not_servers(sqlite_demo_ledger):
    from db.report_data import indicator_inputs

    today = dt.date(2019, 2, 1)
    with sqlite_demo_ledger.read() as conn:
        facts = {f.code: f for f in indicator_inputs(conn, today).indicators}
        by_fy = terminal_summary(conn, today)["by_fy"]
    assert facts["dedicated_terminals"].computed
    assert facts["dedicated_terminals"].values[2017] == by_fy["2017"]["terminals"]
    assert facts["dedicated_lines"].values[2016] == by_fy["2016"]["lines"]
    assert facts["server_consolidation"].values[2016] == 196


def test_terminals_report_lists_the_proposals_and_the_systems(sqlite_demo_ledger):
    from assetdesk.reports.model import Chart, Table
    from db.report_data import build_report

    today = dt.date(2019, 2, 1)
    with sqlite_demo_ledger.read() as conn:
        doc = build_report("terminals", conn, today=today)
        summary = terminal_summary(conn, today)
    chart = next(b for b in doc.blocks if isinstance(b, Chart))
    assert chart.series[0].values == tuple(c["terminals"] for c in summary["by_fy"].values())
    proposals, systems = [b for b in doc.blocks if isinstance(b, Table)]
    assert [r[0] for r in proposals.rows] == [p["system_code"] for p in summary["proposals"]]
    assert proposals.total[5] == summary["saving"]["total"]
    assert len(systems.rows) == len(summary["systems"])
