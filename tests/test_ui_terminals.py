"""The dashboard's terminal and line counts and the ledger window's 専用端末あり filter."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.factories import small_ledger
from tests.test_ui_window import open_window

pytest.importorskip("pytestqt")


@pytest.fixture
def window(qtbot, tmp_path):
    from db.ledger import Ledger

    ledger = Ledger.open(str(tmp_path / "ui.sqlite"))
    small_ledger(ledger)
    with ledger.operation("command", "terminals") as op:
        op.update("system", op.id_of("system", "SYS-0001"),
                  {"dedicated_terminals": 12, "terminal_requirement": "client", "dedicated_lines": 2}, None)
        op.update("system", op.id_of("system", "SYS-0002"),
                  {"dedicated_terminals": 3, "terminals_moved_on": dt.date(2017, 9, 1)}, None)
    yield open_window(qtbot, ledger)
    ledger.dispose()


def test_dashboard_shows_counts_by_year_and_opens_the_systems_that_keep_terminals(qtbot, window):
    box = window.dashboard.terminals
    terminals, lines = box.cells[2016]
    assert (terminals.text(), lines.text()) == ("15", "2")
    terminals, lines = box.cells[2017]
    assert (terminals.text(), lines.text()) == ("12", "2")
    button = window.dashboard.problem_buttons[("system", "dedicated_terminals")]
    assert button.property("count") == 1
    box.clicked.emit()
    assert window.current_page_name() == "system"
    view = window.pages["system"].view
    assert view.problem_actions["dedicated_terminals"].isChecked() and view.model.rowCount() == 1
