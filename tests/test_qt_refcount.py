"""PySide6 6.12.0 dropped a reference to None on every call of a void Qt method; enough calls
free None itself and crash the interpreter. We pin PySide6 < 6.12; this test catches the leak
in whichever version is installed."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, QSize, QTimer
from PySide6.QtWidgets import QApplication, QWidget

CALLS = 10_000


def test_void_qt_calls_keep_none_alive(qtbot):
    assert QApplication.instance() is not None
    widget = QWidget()
    qtbot.addWidget(widget)
    timer = QTimer()
    obj = QObject()
    before = sys.getrefcount(None)
    for i in range(CALLS):
        widget.setMinimumSize(QSize(i % 7, i % 5))  # void
        widget.setToolTip("x")  # void
        timer.setInterval(i % 100)  # void
        obj.setObjectName("n")  # void
    after = sys.getrefcount(None)
    # A leaking binding loses one reference per call: 40,000 here. Other threads may move the
    # count a little either way, never by thousands.
    assert after - before > -1000, f"None lost {before - after} references over {4 * CALLS} void calls"
