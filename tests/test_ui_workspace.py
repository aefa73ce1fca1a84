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


def test_right_click_on_a_system_shows_its_impact_in_the_graph(qtbot, full_window):
    from db.ledger import record_id

    page = full_window.pages["system"]
    with full_window.ledger.read() as conn:
        rid = record_id(conn, "system", "SYS-0050")
    full_window.open_record("system", rid)
    qtbot.waitUntil(lambda: page.detail.record_id == rid, timeout=5000)
    actions = {a.text(): a for a in page.view.table.actions()}
    actions["影響分析(停止)"].trigger()
    graph = full_window.work_pages["graph"].page
    assert graph is not None and full_window.current_page_name() == "graph"
    qtbot.waitUntil(lambda: graph.impact is not None and graph.impact.root == "SYS-0050", timeout=20000)


def test_report_menu_builds_the_report_off_the_gui_thread_and_saves_pdf(qtbot, full_window, monkeypatch, tmp_path):
    from pypdf import PdfReader
    from PySide6.QtWidgets import QFileDialog, QMenu

    import ui.reports.preview as preview_module

    shown = []
    monkeypatch.setattr(preview_module, "preview", lambda doc, parent=None: shown.append(doc) or 0)
    menu = full_window.findChild(QMenu, "report_menu")
    actions = {a.objectName(): a for a in menu.actions()}
    actions["report_ledger_all"].trigger()
    qtbot.waitUntil(lambda: bool(shown), timeout=30000)
    assert shown[0].title == "情報システム台帳"
    out = tmp_path / "ledger.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), "PDF (*.pdf)"))
    actions["report_save_pdf"].trigger()
    assert len(PdfReader(out).pages) > 5


def test_dashboard_shows_the_adopted_plans_forecast(qtbot, full_window):
    from assetdesk.planner import HostSpec, PlanParameters
    from db.planning import adopt, make_plan, save_scenario

    ledger = full_window.ledger
    assert not full_window.dashboard.indicator.forecast  # no plan adopted yet
    adopt(ledger, save_scenario(ledger, "標準", make_plan(ledger, HostSpec(), PlanParameters(time_limit_s=5))))
    full_window.dashboard.refresh(background=False)
    forecast = full_window.dashboard.indicator.forecast
    assert forecast and min(forecast.values()) < max(full_window.dashboard.indicator.actual.values())


def test_own_operations_do_not_count_as_other_users_changes(qtbot, full_window):
    from tests.factories import blank

    refresher = full_window.change_refresher
    refresher.check(force=True)  # whatever came before
    with full_window.ledger.operation("edit") as op:
        op.create("department", blank("department", code="D99", name="テスト部"))
    assert refresher.check(force=True) is None  # this window's own work
    from db.ledger import Ledger

    other = Ledger(full_window.ledger.url)  # another user (another connection and process)
    with other.operation("edit") as op:
        op.create("department", blank("department", code="D98", name="別の部"))
    other.dispose()
    event = refresher.check(force=True)
    assert event is not None and event.touches("department", op.summary.changed_ids["department"].pop())
