"""The work pages join the main window, are built when first shown, and keep each other fresh."""

from __future__ import annotations

import pytest


@pytest.fixture
def full_window(qtbot, sqlite_demo_ledger, tmp_path, monkeypatch):
    from ui.app import create_window
    from ui.settings import Settings

    window = create_window(sqlite_demo_ledger, "ja", Settings(str(tmp_path / "s.ini")), restore=False)
    qtbot.addWidget(window)
    window.show()
    yield window
    window.change_refresher.stop()
    window.close()


def test_work_pages_are_built_when_first_shown(qtbot, full_window):
    pages = full_window.work_pages
    assert set(pages) == {"survey", "planner", "graph", "portfolio"}
    assert all(p.page is None for p in pages.values())  # nothing built at start-up
    full_window.show_page("planner")
    qtbot.waitUntil(lambda: pages["planner"].page is not None, timeout=5000)
    assert pages["survey"].page is None


def test_an_adoption_in_the_planner_refreshes_the_lists(qtbot, full_window, monkeypatch):
    calls = []
    monkeypatch.setattr(full_window, "refresh_all", lambda: calls.append("lists"))
    full_window.show_page("planner")
    planner = full_window.work_pages["planner"].build()
    planner.ledger_changed.emit()
    assert calls == ["lists"]
