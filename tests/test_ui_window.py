"""The ledger window driven as a user would: search, filter, sort, edit, undo, history, export."""

from __future__ import annotations

import datetime as dt
from itertools import pairwise

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from db import listing as L
from db.ledger import load_values, record_id
from tests.factories import small_ledger

pytest.importorskip("pytestqt")


@pytest.fixture(autouse=True)
def no_unexpected_dialogs(monkeypatch):
    """A message box nobody expected fails the test instead of waiting for a click forever."""
    from PySide6.QtWidgets import QMessageBox

    def refuse(*args, **kwargs):
        raise AssertionError(f"unexpected message box: {args[1:3]}")

    for name in ("question", "warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, name, refuse)


@pytest.fixture
def sqlite_ledger(tmp_path):
    from db.ledger import Ledger

    ledger = Ledger.open(str(tmp_path / "ui.sqlite"))
    small_ledger(ledger)
    yield ledger
    ledger.dispose()


def open_window(qtbot, ledger, restore=False):
    from ui.app import create_window

    window = create_window(ledger, "ja", restore=restore)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitUntil(lambda: window.dashboard.figures is not None, timeout=10000)
    return window


@pytest.fixture
def window(qtbot, sqlite_ledger):
    yield open_window(qtbot, sqlite_ledger)


def type_text(widget, text):
    """Key presses carrying ``text`` one character at a time (QTest cannot type non-ASCII)."""
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


def settle(qtbot, view):
    """Wait for the list's background query (typing, filters and sorting run off the GUI thread)."""
    qtbot.waitUntil(lambda: not view.pending, timeout=10000)


def shown_codes(view, column="system_code"):
    col = view.view.index_of(column)
    return [view.model.data(view.model.index(r, col)) for r in range(view.model.rowCount())]


def test_every_view_lists_its_records(window):
    assert not window.pages["section"].view.loaded  # lists are read when first shown
    counts = {}
    for name, page in window.pages.items():
        window.show_page(name)
        counts[name] = page.view.model.rowCount()
    assert counts == {"system": 3, "server": 3, "host": 1, "dependency": 2, "department": 2, "section": 2, "dataset": 0}
    assert window.dashboard.figures["systems"] == 3
    # Choice codes are shown as their Japanese labels.
    view = window.pages["system"].view
    zone = view.view.index_of("network_zone")
    assert view.model.data(view.model.index(0, zone)) == "LGWAN接続系"


def test_search_as_typed_and_filters(qtbot, window):
    window.show_page("system")
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    view = window.pages["system"].view
    assert view.search.hasFocus()
    type_text(view.search, "健康　ｼｽﾃﾑ")  # full-width space, half-width katakana
    qtbot.waitUntil(lambda: shown_codes(view) == ["SYS-0002"])
    view.search.clear()
    type_text(view.search, "ｓｙｓ－０００３")
    qtbot.waitUntil(lambda: shown_codes(view) == ["SYS-0003"])
    view.search.clear()
    qtbot.waitUntil(lambda: view.model.rowCount() == 3)
    combo = view.combos["department"]
    combo.setCurrentIndex(combo.findData("D02"))
    settle(qtbot, view)
    assert shown_codes(view) == ["SYS-0002"]
    assert view.count_label.text() == "1 件"
    combo.setCurrentIndex(0)
    view.problem_actions["no_audit"].setChecked(True)
    settle(qtbot, view)
    assert view.model.rowCount() == 3


def test_sort_by_clicking_a_header(qtbot, window):
    window.show_page("system")
    view = window.pages["system"].view
    col = view.view.index_of("name")
    header = view.table.horizontalHeader()
    x = header.sectionViewportPosition(col) + 5
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=header.rect().center().__class__(x, 5))
    settle(qtbot, view)
    names = shown_codes(view, "name")
    assert names == sorted(names) and view.model.sort_column == "name"
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=header.rect().center().__class__(x, 5))
    settle(qtbot, view)
    assert shown_codes(view, "name") == sorted(names, reverse=True)


def test_edit_validate_save_undo_redo_and_history(qtbot, window, sqlite_ledger):
    window.show_page("system")
    view, detail = window.pages["system"].view, window.pages["system"].detail
    with sqlite_ledger.read() as conn:
        rid = record_id(conn, "system", "SYS-0002")
    assert view.select_id(rid)
    assert detail.record_id == rid
    name = detail.editors["name"].line
    users = detail.editors["users"].line
    audit = detail.editors["internal_audit"].line
    name.selectAll()
    type_text(name, "健康管理システム(新)")
    type_text(users, "1万2千")
    type_text(audit, "令和8年4月1日")
    assert detail.editors["internal_audit"].note.text() == "令和8年4月1日"
    assert detail.save_button.isEnabled()
    # A date that cannot be read blocks saving and says why.
    detail.editors["contract_end"].line.setText("令和8年13月1日")
    assert not detail.save_button.isEnabled() and detail.editors["contract_end"].problem
    detail.editors["contract_end"].line.setText("2027/3/31")
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    def stored():
        with sqlite_ledger.read() as conn:
            return load_values(conn, "system", [rid])[rid]

    v = stored()
    assert (v["name"], v["users"], v["internal_audit"], v["contract_end"]) == (
        "健康管理システム(新)", 12000, dt.date(2026, 4, 1), dt.date(2027, 3, 31))
    assert not detail.is_dirty()
    # The history tab shows the edit just made.
    assert detail.history_table.rowCount() == 2
    assert "健康管理システム → 健康管理システム(新)" in detail.history_table.item(0, 4).text()
    assert shown_codes(view, "name")[view.model.row_of(rid)] == "健康管理システム(新)"

    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    v = stored()
    assert (v["name"], v["users"], v["internal_audit"]) == ("健康管理システム", None, None)
    assert detail.editors["name"].line.text() == "健康管理システム"
    assert detail.history_table.item(0, 2).text() == "取消"
    qtbot.keyClick(window, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert stored()["name"] == "健康管理システム(新)"
    assert detail.editors["name"].line.text() == "健康管理システム(新)"


def test_new_duplicate_retire_and_delete_without_orphans(qtbot, window, sqlite_ledger):
    window.show_page("system")
    view, detail = window.pages["system"].view, window.pages["system"].detail
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert detail.record_id is None and detail.editors["system_code"].line.text() == "SYS-0004"
    assert not detail.save_button.isEnabled()  # name and section are required
    detail.editors["name"].line.setText("新しいシステム")
    detail.editors["section"].line.setText("s001")
    assert detail.save()
    assert view.model.rowCount() == 4
    new_id = detail.record_id
    window.duplicate_record()
    assert detail.editors["system_code"].line.text() == "SYS-0005"
    assert detail.editors["name"].line.text() == "新しいシステム"
    detail.revert()
    view.select_id(new_id)
    window.undo()  # undo the creation: the record goes
    assert view.model.rowCount() == 3

    with sqlite_ledger.read() as conn:
        auth = record_id(conn, "system", "SYS-0003")
        health = record_id(conn, "system", "SYS-0002")
    view.select_id(health)
    window.retire_record(confirm=False)
    assert detail.editors["status"].combo.currentData() == "retired"
    window.undo()
    assert detail.editors["status"].combo.currentData() == "active"

    view.select_id(auth)
    window.delete_record(confirm=False)
    with sqlite_ledger.read() as conn:
        assert L.count(conn, "dependency") == 0  # deleted with it, as the confirmation said
        servers = load_values(conn, "server")
        assert all("SYS-0003" not in v["systems"] for v in servers.values())
        assert record_id(conn, "system", "SYS-0003") is None
    assert window.pages["dependency"].view.model.rowCount() == 0


def test_copy_rows_as_tab_separated_text(qtbot, window):
    window.show_page("system")
    view = window.pages["system"].view
    view.table.selectAll()
    window.copy_rows()
    from PySide6.QtWidgets import QApplication

    lines = QApplication.clipboard().text().split("\r\n")
    assert lines[0].split("\t")[:2] == ["システム管理番号", "システム名称"]
    assert lines[1].split("\t")[:2] == ["SYS-0001", "財務会計システム"]
    assert len([ln for ln in lines if ln]) == 4


def test_export_the_current_view(qtbot, window, tmp_path):
    from openpyxl import load_workbook

    window.show_page("server")
    view = window.pages["server"].view
    view.combos["department"].setCurrentIndex(view.combos["department"].findData("D01"))
    view.model.sort(view.view.index_of("hostname"), Qt.SortOrder.DescendingOrder)
    settle(qtbot, view)
    view.set_column_visible(view.view.index_of("os"), False)
    path = tmp_path / "servers.xlsx"
    task = window.export_current(str(path))
    qtbot.waitUntil(lambda: window._task is None, timeout=10000)
    assert task is not None and path.exists()
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    assert "OS" not in rows[0] and rows[0][:2] == ("サーバ管理番号", "ホスト名")
    assert [r[1] for r in rows[1:]] == ["lg-zaimu-ap02", "lg-zaimu-ap01", "lg-kenko-01"]
    conditions = {r[0]: r[1] for r in wb.worksheets[1].iter_rows(values_only=True)}
    assert conditions["件数"] == 3 and "経営管理部" in conditions["部局"]


def test_state_and_saved_views_come_back(qtbot, sqlite_ledger):
    first = open_window(qtbot, sqlite_ledger, restore=True)
    first.show_page("system")
    view = first.pages["system"].view
    view.search.setText("財務")
    view.requery()
    view.set_column_visible(view.view.index_of("department"), False)
    view.model.sort(view.view.index_of("name"), Qt.SortOrder.DescendingOrder)
    settle(qtbot, view)
    view.save_current_view("財務の一覧")
    view.search.setText("")
    view.requery()
    first.close()

    second = open_window(qtbot, sqlite_ledger, restore=True)
    assert second.current_page_name() == "system"
    view2 = second.pages["system"].view
    assert view2.table.horizontalHeader().isSectionHidden(view2.view.index_of("department"))
    assert view2.model.sort_column == "name" and view2.model.sort_descending
    assert view2.search.text() == ""
    assert view2.apply_saved_view("財務の一覧")
    assert view2.search.text() == "財務" and view2.model.rowCount() == 1


def test_dashboard_figure_opens_filtered_view(qtbot, window):
    button = window.dashboard.problem_buttons[("system", "no_audit")]
    assert button.property("count") == 3
    button.click()
    assert window.current_page_name() == "system"
    view = window.pages["system"].view
    assert view.problem_actions["no_audit"].isChecked() and view.model.rowCount() == 3
    window.show_page("home")
    window.dashboard.zone_chart.bar_clicked.emit("internet")
    assert window.pages["system"].view.model.rowCount() == 0


def test_related_record_opens_in_one_click(qtbot, window, sqlite_ledger):
    window.show_page("system")
    detail = window.pages["system"].detail
    with sqlite_ledger.read() as conn:
        rid = record_id(conn, "system", "SYS-0001")
    window.pages["system"].view.select_id(rid)
    item = detail.related_list.item(0)
    assert "SRV-00001" in item.text()
    detail.related_list.itemActivated.emit(item)
    assert window.current_page_name() == "server"
    assert window.pages["server"].detail.editors["server_code"].line.text() == "SRV-00001"


def test_english_from_the_language_menu(qtbot, window):
    from assetdesk.i18n import _, language, set_language
    from ui.app import switch_language

    window.findChild(QAction, "language_en")  # the menu item exists
    english = switch_language(window, "en")
    qtbot.addWidget(english)
    try:
        assert language() == "en" and english.settings.language == "en"
        header = english.pages["system"].view.model.headerData(0, Qt.Orientation.Horizontal)
        assert header == _("システム管理番号") != "システム管理番号"
        assert not window.isVisible() and english.isVisible()
    finally:
        set_language("ja")


def test_reference_codes_are_checked_as_typed(qtbot, window):
    window.show_page("system")
    view, detail = window.pages["system"].view, window.pages["system"].detail
    view.select_id(view.model.id_at(0))
    section = detail.editors["section"]
    assert section.note.text() == "情報システム課"  # the name of the section the code names
    section.line.setText("S999")
    assert section.problem == "S999 は台帳にありません" and not detail.save_button.isEnabled()
    section.line.setText("ｓ００２")  # full-width, lower case: read as S002
    assert section.problem is None and section.note.text() == "健康増進課"
    detail.revert()
    assert not detail.is_dirty()


def test_keyboard_navigation_and_accessible_names(qtbot, window):
    window.show_page("system")
    view, detail = window.pages["system"].view, window.pages["system"].detail
    view.select_id(view.model.id_at(0))
    qtbot.keyClick(window, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert detail.editors["system_code"].line.text() == "SYS-0002"
    qtbot.keyClick(window, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert detail.editors["system_code"].line.text() == "SYS-0001"
    assert all(e.editor.accessibleName() for e in detail.editors.values())
    assert view.search.accessibleName() and all(c.accessibleName() for c in view.combos.values())
    # Tab order follows the form from top to bottom.
    from PySide6.QtWidgets import QApplication

    editors = list(detail.editors.values())
    qtbot.waitUntil(lambda: all(e.editor.isVisible() for e in editors))
    window.activateWindow()
    editors[0].editor.setFocus()
    for before, after in pairwise(editors[:5]):
        assert QApplication.focusWidget() is before.editor
        qtbot.keyClick(before.editor, Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is after.editor


def test_charts_paint_on_any_device(qtbot, window):
    """The dashboard's charts draw through ``paint(painter, rect)``: a printer page works alike."""
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QColor, QImage, QPainter

    from ui.charts import ACTUAL, TARGET

    image = QImage(900, 500, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    window.dashboard.indicator.paint(painter, QRectF(0, 0, 900, 500))
    painter.end()
    colours = {image.pixelColor(x, y).name() for x in range(0, 900, 3) for y in range(0, 500, 3)}
    assert ACTUAL.name() in colours and TARGET.name() in colours


def test_long_lists_show_a_first_screen_then_the_rest(qtbot, window, monkeypatch):
    import ui.ledger_view as LV

    monkeypatch.setattr(LV, "FIRST_SCREEN", 2)
    window.show_page("server")
    view = window.pages["server"].view
    view.select_id(view.model.id_at(0))
    view.search.setText("lg-")
    qtbot.waitUntil(lambda: view.shown_key == view._query_key())
    shown_first = view.model.rowCount()
    settle(qtbot, view)
    assert shown_first == 2 and view.model.rowCount() == 3 and view.count_label.text() == "3 件"
    assert view.current_id() == view.model.id_at(0)  # the rows were added below, nothing jumped


def test_dashboard_prints_to_pdf(qtbot, window, tmp_path):
    from pypdf import PdfReader

    path = tmp_path / "dashboard.pdf"
    window.export_dashboard_pdf(str(path))
    reader = PdfReader(str(path))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    # Japanese text is embedded as text (the bundled font), not as pictures of it.
    assert "経営管理部" in text and "保健福祉部" in text and "集約対象" in text


def test_run_gui_opens_the_ledger_in_japanese_and_returns(qtbot, tmp_path, monkeypatch):
    """``assetdesk`` without a command: the window comes up over the ledger, then closes."""
    from PySide6.QtWidgets import QApplication

    from ui import app as app_module

    seen = {}

    def event_loop(app):  # stands in for QApplication.exec(): look, then close as a user would
        window = app_module._windows[-1]
        qtbot.waitUntil(lambda: window.dashboard.figures is not None, timeout=10000)
        seen["title"] = window.windowTitle()
        seen["pages"] = window.nav.count()
        seen["qt_dialogs"] = QApplication.translate("QPlatformTheme", "Cancel")
        window.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", event_loop)
    assert app_module.run_gui(str(tmp_path / "new.sqlite"), None) == 0
    # home, the six lists, and the work pages (survey, planner, graph, portfolio)
    assert seen["title"].startswith("AssetDesk 情報システム資産台帳") and seen["pages"] == 12
    assert seen["qt_dialogs"] == "キャンセル"  # Qt's own strings come from qtbase_ja.qm


def test_other_pages_join_the_navigation(qtbot, window):
    from PySide6.QtWidgets import QLabel

    window.add_page("graph", "依存関係グラフ", QLabel("graph"))
    window.show_page("graph")
    assert window.current_page_name() == "graph" and window.current_page() is None
    assert not window.save_action.isEnabled()  # list actions do not apply there
    window.show_page("server")
    assert window.current_page_name() == "server"


def test_sections_and_hosts_are_retired_by_date_and_undone(qtbot, window, sqlite_ledger):
    import datetime as dt

    for rt, code in (("section", "S002"), ("host", "LG-01")):
        window.show_page(rt)
        view = window.pages[rt].view
        with sqlite_ledger.read() as conn:
            rid = record_id(conn, rt, code)
        assert view.select_id(rid)
        assert window.retire_action.isEnabled()
        window.retire_record(confirm=False)
        with sqlite_ledger.read() as conn:
            assert load_values(conn, rt, [rid])[rid]["retired_on"] == dt.date.today()
        window.undo()
        with sqlite_ledger.read() as conn:
            assert load_values(conn, rt, [rid])[rid]["retired_on"] is None
