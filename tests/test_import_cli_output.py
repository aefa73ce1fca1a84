"""Issue 13, part 5: what `assetdesk import` tells a person and a script."""

from __future__ import annotations

import json

from openpyxl import Workbook

from importers.export import export_ledger
from ui.cli import main


def _db(ledger) -> str:
    return str(ledger.url).removeprefix("sqlite:///")


def test_a_workbook_with_nothing_of_the_ledger_is_refused(sqlite_ledger, tmp_path, capsys):
    wb = Workbook()
    ws = wb.active
    ws.title = "今週の献立"
    for r in (["曜日", "主菜", "カロリー(kcal)"], ["月", "鯖の味噌煮", 620], ["火", "親子丼", 710]):
        ws.append(r)
    wb.save(tmp_path / "menu.xlsx")
    assert main(["--db", _db(sqlite_ledger), "import", str(tmp_path / "menu.xlsx"), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert not report["applied"]
    [error] = report["errors"]
    assert error["file"] == "menu.xlsx" and "今週の献立" in error["reason"]


def test_text_output_is_the_summary_unless_verbose(sqlite_demo_ledger, tmp_path, capsys):
    out = export_ledger(sqlite_demo_ledger, tmp_path / "all.xlsx", "systems")
    from openpyxl import load_workbook

    wb = load_workbook(out)
    ws = wb["システム"]
    col = [c.value for c in ws[1]].index("利用者数") + 1
    for row in range(2, 202):  # 200 systems edited
        ws.cell(row, col, (ws.cell(row, col).value or 0) + 1)
    wb.save(out)
    db = _db(sqlite_demo_ledger)
    assert main(["--db", db, "import", str(out), "--dry-run"]) == 0
    short = capsys.readouterr().out.splitlines()
    assert main(["--db", db, "import", str(out), "--dry-run", "--verbose"]) == 0
    long = capsys.readouterr().out.splitlines()
    # one line per section with changes (and the closing line), not one per record and field
    assert len(short) <= 110 and any("変更 " in line for line in short)
    assert not any("利用者数" in line for line in short)
    assert sum("利用者数" in line for line in long) == 200
