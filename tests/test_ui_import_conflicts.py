"""The survey page when an import overlaps another user's change: the conflict dialog shows the
three values side by side, and "apply the rest" writes only the records not in conflict."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from db.ledger import Ledger, load_values
from tests.test_import_conflicts import answer_s001, meanwhile
from tests.test_import_survey import _survey
from tests.test_ui_imports import click, import_folder, no_unexpected_dialogs, open_page, wait_task  # noqa: F401

pytest.importorskip("pytestqt")


@pytest.fixture
def survey(tmp_path):
    ledger = Ledger.open(f"sqlite:///{tmp_path / 'ledger.sqlite'}")
    yield _survey(ledger, tmp_path / "out")
    ledger.dispose()


def cells(table, row: int) -> list[str]:
    return [table.item(row, c).text() for c in range(table.columnCount())]


def test_conflict_dialog_shows_three_values_and_applies_the_rest(qtbot, survey):
    from ui.imports.conflict_dialog import AT_PREVIEW, NOW, WORKBOOK

    ledger, paths = survey
    answer_s001(paths["S001"])
    page = open_page(qtbot, ledger)
    preview_dialog = import_folder(qtbot, page, paths["S001"])
    sys_id = meanwhile(ledger)  # another user, while this one looks at the preview
    click(qtbot, preview_dialog.apply_button)
    assert wait_task(qtbot, page, "apply") is None  # refused
    dialog = page.conflict_dialog
    assert dialog is not None and dialog.isVisible()
    assert "2" in page.message.text()

    table = dialog.table
    rows = [cells(table, r) for r in range(table.rowCount())]
    assert [r[1] for r in rows] == ["利用者数", "備考", "メモリ(GB)"]
    users, notes, memory = rows
    assert "SYS-0001" in users[0] and notes[0] == "" and "SRV-00002" in memory[0]
    assert users[2] == "" and users[3].startswith("800\n(tanaka@PC-0042 20") and users[4] == "1200"
    assert notes[2] == "" and notes[3].startswith("担当者が更新\n") and notes[4] == ""
    assert memory[2] == "16" and memory[3].startswith("(削除済)") and memory[4] == "64"
    marked = {(r, c) for r in range(table.rowCount()) for c in (AT_PREVIEW, NOW, WORKBOOK)
              if table.item(r, c).background().style() != Qt.BrushStyle.NoBrush}
    assert marked == {(0, NOW), (0, WORKBOOK), (1, NOW), (2, NOW), (2, WORKBOOK)}
    assert "もう一度読み込み" in dialog.findChild(QLabel, "conflict_hint").text()

    with ledger.read() as conn:
        before = load_values(conn, "system")[sys_id]
    click(qtbot, dialog.apply_rest_button)
    result = wait_task(qtbot, page, "apply")
    assert result.applied and result.updated == 1
    with ledger.read() as conn:
        servers = {v["server_code"]: v for v in load_values(conn, "server").values()}
        assert load_values(conn, "system")[sys_id] == before  # the other user's values stay
    assert servers["SRV-00001"]["memory_gb"] == 32.0 and "SRV-00002" not in servers


def test_stopping_writes_nothing(qtbot, survey):
    ledger, paths = survey
    answer_s001(paths["S001"])
    page = open_page(qtbot, ledger)
    preview_dialog = import_folder(qtbot, page, paths["S001"])
    meanwhile(ledger)
    with ledger.read() as conn:
        before = load_values(conn, "server")
    click(qtbot, preview_dialog.apply_button)
    wait_task(qtbot, page, "apply")
    click(qtbot, page.conflict_dialog.stop_button)
    assert not page.conflict_dialog.isVisible() and not page.busy()
    with ledger.read() as conn:
        assert load_values(conn, "server") == before
