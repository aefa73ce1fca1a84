"""The 年度比較 tab of the portfolio page: two year ends compared off the GUI thread."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.test_years import _edit_across_years
from ui.portfolio.common import MessageLine
from ui.portfolio.years_tab import YearsTab


def test_years_tab_compares_two_year_ends(sqlite_ledger, qtbot):
    _edit_across_years(sqlite_ledger)
    message = MessageLine()
    tab = YearsTab(sqlite_ledger, message)
    qtbot.addWidget(tab)
    qtbot.addWidget(message)
    qtbot.mouseClick(tab.compare, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not tab.running and tab.result is not None, timeout=20_000)
    assert "2016年度末 → 2017年度末" in tab.summary.text() and "追加 1 件" in tab.summary.text()
    assert tab.added.rowCount() == 1 and tab.added.item(0, 0).text() == "SYS-0004"
    assert tab.added.item(0, 2).text() == "保健福祉部"
    assert tab.consolidated.item(0, 4).text() == "SYS-0002 健康管理システム"
    assert tab.departments.rowCount() == 2
    # Years out of order are refused on the message line, nothing is run.
    tab.first.setValue(2018)
    tab.refresh()
    assert not tab.running and "2018" in message.text()
