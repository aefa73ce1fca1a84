"""Issue 13: every page fits the most common office laptop screen, 1366×768 (less the taskbar and
the window's frame), in Japanese and in English. A page wider than the screen makes the whole
window wider (a stack is as wide as its widest page), so each page and each tab is checked."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QTabWidget

from tests.factories import small_ledger

SCREEN_W, SCREEN_H = 1366, 768 - 40  # the taskbar


def _visit_everything(window):
    for name in window.page_names:
        window.show_page(name)
        QApplication.processEvents()
        widget = window.stack.currentWidget()
        for tabs in widget.findChildren(QTabWidget):
            for i in range(tabs.count()):
                tabs.setCurrentIndex(i)
                QApplication.processEvents()
        yield name, widget


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_page_fits_a_1366_by_768_screen(qtbot, tmp_path, lang):
    from db.ledger import Ledger
    from ui.app import create_window

    ledger = Ledger.open(str(tmp_path / "fit.sqlite"))
    small_ledger(ledger)
    window = create_window(ledger, lang, restore=False)
    qtbot.addWidget(window)
    window.resize(SCREEN_W, SCREEN_H)
    window.show()
    too_big = []
    for name, widget in _visit_everything(window):
        hint = widget.minimumSizeHint()
        if hint.width() > SCREEN_W - 200 or hint.height() > SCREEN_H - 80:  # beside the navigation, below menus
            too_big.append((name, hint.toTuple()))
    window_hint = window.minimumSizeHint()
    assert too_big == []
    assert window_hint.width() <= SCREEN_W and window_hint.height() <= SCREEN_H
    ledger.dispose()


def test_the_first_run_page_fits_too(qtbot, tmp_path):
    from db.ledger import Ledger
    from ui.app import create_window

    ledger = Ledger.open(str(tmp_path / "empty.sqlite"))
    window = create_window(ledger, "ja", restore=False)
    qtbot.addWidget(window)
    window.show()
    assert window.home.currentWidget() is window.first_run
    hint = window.first_run.minimumSizeHint()
    assert hint.width() <= SCREEN_W - 200 and hint.height() <= SCREEN_H - 80
    ledger.dispose()
