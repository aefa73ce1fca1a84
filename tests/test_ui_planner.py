"""The planner page driven as a user would: plan the demo, save, change a parameter, compare,
move a server and see the violation, adopt and see the servers planned, record a wave."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QInputDialog, QMessageBox

from assetdesk.scope import fiscal_year_end, fiscal_year_of
from db.planning import load_scenario, scenarios
from db.queries import history, in_scope_count, stats

pytest.importorskip("pytestqt")


@pytest.fixture(autouse=True)
def no_unexpected_dialogs(monkeypatch):
    """A message box nobody expected fails the test instead of waiting for a click forever."""

    def refuse(*args, **kwargs):
        raise AssertionError(f"unexpected message box: {args[1:3]}")

    for name in ("question", "warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, name, refuse)


def answer(monkeypatch, yes: bool) -> list[str]:
    """Answer the next confirmations; returns the texts asked."""
    asked: list[str] = []

    def question(parent, title, text, *args, **kwargs):
        asked.append(text)
        return QMessageBox.StandardButton.Yes if yes else QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def name_next_scenario(monkeypatch, name: str) -> None:
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (name, True))


def open_page(qtbot, ledger):
    from ui.planner import PlannerPage

    page = PlannerPage(ledger)
    qtbot.addWidget(page)
    page.resize(1300, 850)
    page.show()
    return page


def run(qtbot, page):
    old = page.plan
    qtbot.mouseClick(page.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.running and page.plan is not old, timeout=30_000)
    return page.plan


def fast(page) -> None:
    page.form.time_limit.setValue(5)


def column(table, header: str) -> list[str]:
    c = next(i for i in range(table.columnCount()) if table.horizontalHeaderItem(i).text() == header)
    return [table.item(r, c).text() for r in range(table.rowCount())]


def test_plan_on_the_demo_shows_hosts_loads_waves_and_fallbacks(sqlite_demo_ledger, qtbot):
    page = open_page(qtbot, sqlite_demo_ledger)
    fast(page)
    plan = run(qtbot, page)
    with sqlite_demo_ledger.read() as conn:
        assert len(plan.assignments) == in_scope_count(conn, dt.date.today())
    # zones and total, with the lower bound and the proof
    assert page.zones.rowCount() == len(plan.zones) + 1
    assert column(page.zones, "ホスト")[-1] == str(plan.total_hosts)
    assert column(page.zones, "下限")[-1] == str(plan.total_lower_bound)
    assert f"ホスト {plan.total_hosts} 台" in page.title.text()
    # before / after figures
    assert column(page.figures, "集約前(サーバ)")[0] == f"{plan.figures.servers_before:,}"
    assert column(page.figures, "集約後(ホスト)")[0] == str(plan.total_hosts)
    # every host with its load bars and its servers
    tree = page.host_tree
    assert tree.topLevelItemCount() == len(plan.hosts)
    first = plan.hosts[0]
    top = tree.find_group(first.name)
    assert top.data(3, Qt.ItemDataRole.UserRole + 1) == pytest.approx(first.cpu_pct)
    assert top.data(4, Qt.ItemDataRole.UserRole + 1) == pytest.approx(first.memory_pct)
    assert top.childCount() == len(first.servers)
    assert page.assignments.rowCount() == len(plan.assignments)
    assert sum(page.wave_tree.topLevelItem(i).childCount() for i in range(page.wave_tree.topLevelItemCount())) \
        == len(plan.assignments)
    # the demo has servers without measurements: each listed with the figure used
    assert plan.fallbacks and page.issues.fallbacks.rowCount() == len(plan.fallbacks)
    assert page.issues.excluded.rowCount() == len(plan.excluded)


def test_save_change_a_parameter_and_compare(sqlite_demo_ledger, qtbot, monkeypatch):
    page = open_page(qtbot, sqlite_demo_ledger)
    fast(page)
    standard = run(qtbot, page)
    name_next_scenario(monkeypatch, "標準")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    page.form.cores.setValue(64)
    page.form.memory_gb.setValue(1536)
    bigger = run(qtbot, page)
    assert (bigger.spec.cores, bigger.spec.memory_gb) == (64, 1536)
    assert bigger.total_hosts < standard.total_hosts
    name_next_scenario(monkeypatch, "64コア")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    with sqlite_demo_ledger.read() as conn:
        rows = scenarios(conn)
        assert [r["name"] for r in rows] == ["標準", "64コア"]
        assert load_scenario(conn, rows[1]["id"])[1].spec.cores == 64

    panel = page.scenario_panel
    assert panel.table.rowCount() == 2
    panel.set_checked([r["id"] for r in rows])
    qtbot.mouseClick(panel.compare_button, Qt.MouseButton.LeftButton)
    table = panel.comparison
    assert table.columnCount() == 3  # both saved; the page's plan is saved, so no extra column
    hosts = next(r for r in range(table.rowCount()) if table.item(r, 0).text().startswith("ホスト台数"))
    assert [table.item(hosts, c).text() for c in (1, 2)] == [str(standard.total_hosts), str(bigger.total_hosts)]

    # opening a scenario puts its parameters back in the form
    panel.select_id(rows[0]["id"])
    qtbot.mouseClick(panel.open_button, Qt.MouseButton.LeftButton)
    assert (page.form.cores.value(), page.form.memory_gb.value()) == (32, 768)
    assert page.scenario_id == rows[0]["id"]
    assert page.plan == standard


def drop_on(tree, codes, group_key):
    """Drag ``codes`` onto a group of ``tree`` (what a mouse drag ends with)."""
    tree.clearSelection()
    for code in codes:
        tree.find_server(code).setSelected(True)
    target = tree.find_group(group_key)
    tree.scrollToItem(target)
    pos = QPointF(tree.visualItemRect(target).center())
    event = QDropEvent(pos, Qt.DropAction.MoveAction, tree.mimeData(tree.selectedItems()),
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    tree.dropEvent(event)


def test_dragging_a_server_to_another_zone_shows_the_violation_and_saves(sqlite_demo_ledger, qtbot, monkeypatch):
    page = open_page(qtbot, sqlite_demo_ledger)
    fast(page)
    plan = run(qtbot, page)
    name_next_scenario(monkeypatch, "標準")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    a = plan.assignments[0]
    other = next(h for h in plan.hosts if h.zone != a.zone)
    page.results.setCurrentWidget(page.host_tree)
    drop_on(page.host_tree, [a.server], other.name)

    edited = page.plan
    assert next(x for x in edited.assignments if x.server == a.server).host == other.name
    zone_errors = [v for v in edited.violations if v.kind == "zone" and a.server in v.servers]
    assert zone_errors and page.dirty
    assert any(a.server in s for s in column(page.issues.violations, "サーバ"))
    assert "規則に反します" in page.message.text()
    assert page.host_tree.find_server(a.server).parent() is page.host_tree.find_group(other.name)

    # the edited plan is written back into its scenario
    assert page.overwrite_button.isEnabled()
    qtbot.mouseClick(page.overwrite_button, Qt.MouseButton.LeftButton)
    with sqlite_demo_ledger.read() as conn:
        assert load_scenario(conn, page.scenario_id)[1] == edited
    assert not page.dirty


def test_moving_by_dialog_and_by_wave(sqlite_demo_ledger, qtbot, monkeypatch):
    from ui.planner.move_dialog import MoveDialog

    page = open_page(qtbot, sqlite_demo_ledger)
    fast(page)
    plan = run(qtbot, page)
    a = plan.assignments[-1]
    last = max(w.number for w in plan.waves)
    # drag into the empty wave after the last one
    drop_on(page.wave_tree, [a.server], last + 1)
    assert next(x for x in page.plan.assignments if x.server == a.server).wave == last + 1
    assert len(page.plan.waves) == len(plan.waves) + 1

    dialog = MoveDialog(page.plan, [a.server], page)
    qtbot.addWidget(dialog)
    same_zone = next(h.name for h in page.plan.hosts if h.zone == a.zone and h.name != a.host)
    dialog.host.setCurrentIndex(dialog.host.findData(same_zone))
    dialog.wave.setValue(1)
    assert dialog.target() == (same_zone, 1)
    page.move([a.server], *dialog.target())
    moved = next(x for x in page.plan.assignments if x.server == a.server)
    assert (moved.host, moved.wave) == (same_zone, 1)

    # the sorted assignment table picks the server shown, not the one at that row before sorting
    page.results.setCurrentWidget(page.assignment_view)
    page.assignment_view.sortByColumn(3, Qt.SortOrder.DescendingOrder)
    page.assignment_view.selectRow(0)
    shown = page.assignment_proxy.index(0, 0).data()
    assert page.assignment_proxy.index(0, 3).data() == max(x.host for x in page.plan.assignments)
    assert shown != page.assignments.rows[0][0]  # sorting did reorder the rows
    assert page.selected_codes() == [shown]

    # unsaved hand edits are not thrown away without asking
    edited = page.plan
    asked = answer(monkeypatch, yes=False)
    qtbot.mouseClick(page.run_button, Qt.MouseButton.LeftButton)
    assert asked and page.plan is edited and not page.running
    answer(monkeypatch, yes=True)
    replanned = run(qtbot, page)
    assert replanned is not edited and not page.edited


def test_adopt_with_confirmation_marks_servers_planned_in_ledger_and_history(demo_ledger, qtbot, monkeypatch):
    ledger = demo_ledger
    page = open_page(qtbot, ledger)
    fast(page)
    plan = run(qtbot, page)
    name_next_scenario(monkeypatch, "標準")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    sid = page.scenario_id
    panel = page.scenario_panel
    panel.select_id(sid)

    with ledger.read() as conn:
        before = stats(conn)["servers_by_migration_status"]
    asked = answer(monkeypatch, yes=False)
    qtbot.mouseClick(panel.adopt_button, Qt.MouseButton.LeftButton)
    assert asked and "標準" in asked[0]
    with ledger.read() as conn:
        assert stats(conn)["servers_by_migration_status"] == before  # declined: nothing written

    answer(monkeypatch, yes=True)
    qtbot.mouseClick(panel.adopt_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.busy, timeout=20000)  # adoption runs off the GUI thread
    first = plan.assignments[0]
    with ledger.read() as conn:
        assert stats(conn)["servers_by_migration_status"]["planned"] == len(plan.assignments)
        change = history(conn, first.server)[0]
        assert scenarios(conn)[0]["adopted_at"] is not None
    assert change["source"] == "plan"
    assert (change["after"]["host"], change["after"]["planned_wave"]) == (first.host, first.wave)
    assert "採用中" in column(panel.table, "採用")
    assert page.tracking.table.rowCount() == len(plan.assignments)


def test_adoption_of_a_violating_plan_is_refused_with_the_reason(sqlite_demo_ledger, qtbot, monkeypatch):
    page = open_page(qtbot, sqlite_demo_ledger)
    fast(page)
    plan = run(qtbot, page)
    a = plan.assignments[0]
    page.move([a.server], host=next(h.name for h in plan.hosts if h.zone != a.zone))
    name_next_scenario(monkeypatch, "壊れた計画")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    with sqlite_demo_ledger.read() as conn:
        before = stats(conn)["servers_by_migration_status"]
    answer(monkeypatch, yes=True)
    page.scenario_panel.select_id(page.scenario_id)
    qtbot.mouseClick(page.scenario_panel.adopt_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.scenario_panel.busy, timeout=20000)
    assert "違反のある計画は採用できません" in page.message.text()
    with sqlite_demo_ledger.read() as conn:
        assert stats(conn)["servers_by_migration_status"] == before


def test_tracking_a_wave_moves_the_indicator_and_the_forecast(sqlite_demo_ledger, qtbot, monkeypatch):
    page = open_page(qtbot, sqlite_demo_ledger)
    fast(page)
    today = dt.date.today()
    page.form.use_first_wave.setChecked(True)
    page.form.first_wave.setDate(today + dt.timedelta(days=1))
    page.form.wave_interval.setValue(200)
    plan = run(qtbot, page)
    assert plan.waves[0].planned == today + dt.timedelta(days=1)
    name_next_scenario(monkeypatch, "標準")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    answer(monkeypatch, yes=True)
    page.scenario_panel.select_id(page.scenario_id)
    qtbot.mouseClick(page.scenario_panel.adopt_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.scenario_panel.busy, timeout=20000)

    chart = page.tracking.chart
    with sqlite_demo_ledger.read() as conn:
        now = in_scope_count(conn, today)
    this_fy = fiscal_year_of(today)
    due = {w.number: w.planned for w in plan.waves}
    # each year-end: today's count less the plan's servers whose wave is due by then
    for fy, n in chart.forecast.items():
        assert n == now - sum(1 for a in plan.assignments if due[a.wave] <= fiscal_year_end(fy))
    assert chart.forecast[max(chart.forecast)] == now - len(plan.assignments)
    assert chart.targets == {2016: 196, 2017: 93, 2020: 7}
    before = chart.actual[this_fy]

    tracking = page.tracking
    tracking.status.setCurrentIndex(tracking.status.findData("migrated"))
    tracking.date.setDate(today)
    tracking.wave.setValue(1)
    qtbot.mouseClick(tracking.wave_button, Qt.MouseButton.LeftButton)
    wave1 = [a.server for a in plan.assignments if a.wave == 1]
    assert chart.actual[this_fy] == before - len(wave1)
    statuses = dict(zip(column(tracking.table, "サーバ管理番号"), column(tracking.table, "移行状況"), strict=True))
    assert all(statuses[c] == "移行済" for c in wave1)

    # one server by hand: 廃止
    left = next(a.server for a in plan.assignments if a.wave == 2)
    row = column(tracking.table, "サーバ管理番号").index(left)
    tracking.table.selectRow(row)
    tracking.status.setCurrentIndex(tracking.status.findData("retired"))
    qtbot.mouseClick(tracking.selected_button, Qt.MouseButton.LeftButton)
    with sqlite_demo_ledger.read() as conn:
        assert history(conn, left)[0]["after"]["migration_status"] == "retired"
        assert in_scope_count(conn, today) == now - len(wave1) - 1


def test_a_cancelled_run_keeps_the_best_plan_so_far_and_says_so(sqlite_demo_ledger, qtbot):
    page = open_page(qtbot, sqlite_demo_ledger)
    fast(page)
    page.run_plan()
    assert page.running and not page.run_button.isEnabled() and page.cancel_button.isVisible()
    page.cancel_plan()  # the worker is still reading the ledger: the planner sees the request
    qtbot.waitUntil(lambda: not page.running, timeout=30_000)
    assert page.plan.cancelled and "中止" in page.title.text()
    assert page.plan.assignments and page.run_button.isEnabled() and not page.cancel_button.isVisible()
