"""A record someone else changed meanwhile is not overwritten: the user sees both and chooses.

Runs on both backends; on PostgreSQL the other writer is a second connection pool, as a
colleague's AssetDesk on another machine would be.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from db.ledger import Ledger, load_values, record_id
from tests.factories import small_ledger
from tests.test_ui_window import no_unexpected_dialogs  # noqa: F401 (autouse fixture)


def click_in_stale_dialog(qtbot, button_name: str, seen: dict) -> None:
    """Press a button of the stale dialog once it is up (it is modal, so do it from a timer)."""
    def press():
        dialog = QApplication.activeModalWidget()
        if dialog is None or dialog.objectName() != "stale_dialog":
            QTimer.singleShot(20, press)
            return
        seen["differences"] = list(dialog.differences)
        seen["theirs"] = dialog.table.item(dialog.table.rowCount() - 1, 3).text()
        getattr(dialog, button_name.replace("keep_mine", "mine_button").replace("take_theirs", "theirs_button")).click()

    QTimer.singleShot(0, press)


def open_on(qtbot, ledger, code):
    from ui.app import create_window

    window = create_window(ledger, "ja", restore=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.dashboard.figures is not None, timeout=10000)
    window.show_page("system")
    with ledger.read() as conn:
        rid = record_id(conn, "system", code)
    window.pages["system"].view.select_id(rid)
    return window, rid


@pytest.mark.parametrize("choice", ["keep_mine", "take_theirs"])
def test_stale_edit_shows_both_versions(qtbot, ledger, choice):
    small_ledger(ledger)
    window, rid = open_on(qtbot, ledger, "SYS-0001")
    detail = window.pages["system"].detail
    version_seen = detail.loaded["version"]

    colleague = Ledger(ledger.url)  # another client of the same database
    try:
        with colleague.operation("edit", "colleague") as op:
            op.update("system", rid, {"notes": "同僚の追記", "vendor": "同僚の事業者"}, version_seen)
    finally:
        colleague.dispose()

    detail.editors["vendor"].line.setText("自分の事業者")
    seen: dict = {}
    click_in_stale_dialog(qtbot, choice, seen)
    saved = detail.save()
    assert {"vendor", "notes"} <= set(seen["differences"])
    assert seen["theirs"] == "同僚の追記"  # the last row (備考) shows the colleague's text
    with ledger.read() as conn:
        stored = load_values(conn, "system", [rid])[rid]
    assert stored["notes"] == "同僚の追記"  # never lost either way
    if choice == "keep_mine":
        assert saved and stored["vendor"] == "自分の事業者" and stored["version"] == version_seen + 2
        window.undo()  # undo brings back the colleague's value, not the one read before
        with ledger.read() as conn:
            assert load_values(conn, "system", [rid])[rid]["vendor"] == "同僚の事業者"
    else:
        assert not saved and stored["vendor"] == "同僚の事業者" and stored["version"] == version_seen + 1
        assert detail.editors["vendor"].line.text() == "同僚の事業者" and not detail.is_dirty()
