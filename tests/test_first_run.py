"""Issue 13, part 4: an empty ledger greets its user with the first-run page."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from db.engine import data_dir
from db.ledger import Ledger, load_values

CORPUS = Path(__file__).parent / "corpus" / "division"


@pytest.fixture
def empty_window(qtbot, tmp_path):
    from ui.app import create_window

    ledger = Ledger.open(str(tmp_path / "empty.sqlite"))
    window = create_window(ledger, "ja", restore=False)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    yield window
    ledger.dispose()


def test_an_empty_ledger_shows_the_first_run_page(empty_window):
    assert empty_window.home.currentWidget() is empty_window.first_run
    assert set(empty_window.first_run.buttons) == {"import", "demo", "connect"}


def test_importing_the_divisions_ledger_from_the_first_run_page(qtbot, empty_window, monkeypatch):
    path = CORPUS / "a_merged_header.xlsx"
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(path)], ""))
    empty_window.first_run.buttons["import"].click()
    survey = empty_window.work_pages["survey"].page
    qtbot.waitUntil(lambda: getattr(survey, "preview_dialog", None) is not None, timeout=20000)
    dialog = survey.preview_dialog
    created = [c for c in dialog.preview.changes if c.action == "new" and c.record_type == "section"]
    assert len(created) == 12
    dialog.accept()
    qtbot.waitUntil(lambda: getattr(survey, "last_result", None) is not None, timeout=20000)
    assert survey.last_result.applied
    with empty_window.ledger.read() as conn:
        assert len(load_values(conn, "system")) == 29
    qtbot.waitUntil(lambda: empty_window.home.currentWidget() is empty_window.dashboard, timeout=5000)


def test_the_demo_opens_in_a_file_and_window_of_its_own(qtbot, empty_window, tmp_path):
    opened: list[str] = []
    empty_window.open_requested.disconnect()  # the test opens it, not another window
    empty_window.open_requested.connect(opened.append)
    empty_window.first_run.buttons["demo"].click()
    qtbot.waitUntil(lambda: bool(opened), timeout=60000)
    demo_path = Path(opened[0].removeprefix("sqlite:///"))
    assert demo_path.name == "demo.sqlite" and demo_path.parent == data_dir()
    demo = Ledger.open(opened[0])
    with demo.read() as conn:
        assert len(load_values(conn, "system")) == 522
    demo.dispose()
    with empty_window.ledger.read() as conn:  # the user's own ledger stays empty
        assert load_values(conn, "system") == {}
    assert empty_window.home.currentWidget() is empty_window.first_run


def test_connecting_hands_the_chosen_server_on(qtbot, empty_window, monkeypatch):
    from ui.connection_dialog import ConnectionDialog

    monkeypatch.setattr(ConnectionDialog, "ask", classmethod(lambda cls, parent=None, *a, **k:
                                                             "postgresql+psycopg://alice@db.example/ledger"))
    opened: list[str] = []
    empty_window.open_requested.disconnect()  # no connection attempt from a test
    empty_window.open_requested.connect(opened.append)
    empty_window.first_run.buttons["connect"].click()
    assert opened == ["postgresql+psycopg://alice@db.example/ledger"]
