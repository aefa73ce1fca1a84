"""The portfolio page driven as a user would, on the demo prefecture: similar groups with their
reasons, a consolidation proposal recorded from a group and carried to done (the absorbed
system becomes 集約済 in the ledger), an introduction review approved through the form (a new
system with its history), renewals coming, the indicators (196 → 93) and their printed report."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from assetdesk.scope import fiscal_year_end
from db.ledger import load_values
from db.portfolio import consultations, proposals, renewals, similar_groups
from db.queries import history

pytest.importorskip("pytestqt")

FY2017_END = fiscal_year_end(2017)


@pytest.fixture(autouse=True)
def no_unexpected_dialogs(monkeypatch):
    """A message box nobody expected fails the test instead of waiting for a click forever."""

    def refuse(*args, **kwargs):
        raise AssertionError(f"unexpected message box: {args[1:3]}")

    for name in ("question", "warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, name, refuse)


def answer_yes(monkeypatch) -> list[str]:
    asked: list[str] = []

    def question(parent, title, text, *args, **kwargs):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def in_next_dialog(fn) -> list[bool]:
    """Run ``fn(dialog)`` on the next modal dialog once it shows (the user's part)."""
    seen: list[bool] = []

    def act() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, act)
            return
        seen.append(True)
        fn(dialog)

    QTimer.singleShot(0, act)
    return seen


def open_page(qtbot, ledger):
    from ui.portfolio.page import PortfolioPage

    page = PortfolioPage(ledger)
    qtbot.addWidget(page)
    page.resize(1300, 850)
    page.show()
    qtbot.waitUntil(lambda: not page.busy, timeout=20_000)
    return page


def settle(qtbot, page) -> None:
    """Let the page's searches end before the test closes the ledger under them."""
    qtbot.waitUntil(lambda: not page.busy, timeout=20_000)


def cell(table, row: int, header: str) -> str:
    c = next(i for i in range(table.columnCount()) if table.horizontalHeaderItem(i).text() == header)
    return table.item(row, c).text()


def test_similar_tab_lists_the_groups_by_saving_with_reasons(sqlite_demo_ledger, qtbot):
    page = open_page(qtbot, sqlite_demo_ledger)
    with sqlite_demo_ledger.read() as conn:
        groups = similar_groups(conn)
    tree = page.similar.tree
    assert tree.topLevelItemCount() == len(groups) > 5
    first = tree.topLevelItem(0)
    assert groups[0].absorber.code in first.text(0)
    assert first.childCount() == len(groups[0].absorbed)
    assert [first.child(i).text(0) for i in range(first.childCount())] == [m.code for m in groups[0].absorbed]
    savings = [int(tree.topLevelItem(i).text(1).replace(",", "")) for i in range(tree.topLevelItemCount())]
    assert savings == sorted(savings, reverse=True)
    # the reasons of the current group are shown, in words
    assert "名称が類似" in page.similar.reasons.toPlainText()
    assert f"{sum(g.saving.saving for g in groups):,}" in page.similar.summary.text()
    # the filter narrows the list by name
    page.similar.filter.setText(groups[1].absorber.profile.name)
    visible = [i for i in range(tree.topLevelItemCount()) if not tree.topLevelItem(i).isHidden()]
    assert 1 in visible and len(visible) < len(groups)


def test_a_proposal_from_a_group_done_makes_the_absorbed_systems_consolidated(sqlite_demo_ledger, qtbot, monkeypatch):
    page = open_page(qtbot, sqlite_demo_ledger)
    with sqlite_demo_ledger.read() as conn:
        group = similar_groups(conn)[2]
    absorber, absorbed = group.absorber.code, [m.code for m in group.absorbed[:2]]
    page.similar.tree.setCurrentItem(page.similar.tree.topLevelItem(2))
    top = page.similar.tree.topLevelItem(2)
    for i in range(top.childCount()):  # keep only the two most similar members ticked
        top.child(i).setCheckState(0, Qt.CheckState.Checked if i < 2 else Qt.CheckState.Unchecked)

    def fill(dialog: QDialog) -> None:
        assert dialog.absorber.currentData() == absorber
        assert dialog.absorbed_codes() == absorbed
        dialog.target_fy.set_year(2019)
        dialog.title.setText("県税業務台帳の集約")
        dialog.accept()

    seen = in_next_dialog(fill)
    qtbot.mouseClick(page.similar.propose_button, Qt.MouseButton.LeftButton)
    assert seen
    with sqlite_demo_ledger.read() as conn:
        (p,) = proposals(conn)
    assert (p["absorber"], p["absorbed"], p["target_fy"], p["status"], p["title"]) == (
        absorber, sorted(absorbed), 2019, "proposed", "県税業務台帳の集約")
    top = page.similar.tree.topLevelItem(2)  # the list was rebuilt: the group shows its proposal
    assert f"#{p['id']}" in top.text(6) and top.child(0).checkState(0) == Qt.CheckState.Unchecked
    # the proposals tab lists it, selected
    assert page.proposals.current()["id"] == p["id"]
    assert cell(page.proposals.table, 0, "状況") == "提案"

    # the same systems cannot go into a second open proposal
    assert page.similar.propose(absorber, absorbed[:1]) is None
    assert "既に集約案" in page.message.text()

    asked = answer_yes(monkeypatch)
    page.proposals.new_status.set_value("done")
    with qtbot.waitSignal(page.ledger_changed, timeout=5000):
        qtbot.mouseClick(page.proposals.apply_button, Qt.MouseButton.LeftButton)
    assert asked and absorber in asked[0]
    with sqlite_demo_ledger.read() as conn:
        systems = {v["system_code"]: v for v in load_values(conn, "system").values()}
        for code in absorbed:
            assert (systems[code]["status"], systems[code]["consolidated_into"]) == ("consolidated", absorber)
            assert history(conn, code)[0]["action"] == "update"
        assert systems[group.absorbed[2].code]["status"] != "consolidated"
    assert cell(page.proposals.table, 0, "状況") == "完了"
    members = page.proposals.members  # the proposal's systems as the ledger has them now
    assert [(cell(members, r, "システム"), cell(members, r, "台帳の状態"), cell(members, r, "集約先"))
            for r in range(members.rowCount())][1:] == [(c, "集約済", absorber) for c in sorted(absorbed)]
    assert not page.proposals.apply_button.isEnabled()  # done is final
    # the search ran again: consolidated systems are no longer proposed
    qtbot.waitUntil(lambda: not page.busy, timeout=20_000)
    listed = {m.code for g in page.similar.groups for m in (g.absorber, *g.absorbed)}
    assert not listed & set(absorbed)


def test_a_review_approved_through_the_form_creates_the_system(sqlite_demo_ledger, qtbot, monkeypatch):
    from assetdesk import review as RV

    page = open_page(qtbot, sqlite_demo_ledger)
    page.tabs.setCurrentIndex(2)
    tab = page.reviews
    qtbot.mouseClick(tab.new_button, Qt.MouseButton.LeftButton)
    form = tab.form
    form.title.setText("人事関係補助金管理システム")  # (QTest cannot type Japanese)
    form.section.setCurrentIndex(form.section.findData("S001"))
    form.purpose.setPlainText("人事関係補助金の申請受付、交付決定、実績報告を管理する。")
    form.planned_fy.set_year(2019)
    form.initial_cost.setText("12000")
    form.annual_cost.setText("1800")
    form.hosting.set_value("platform")
    form.zone.set_value("lgwan")
    assert tab.dirty and tab.save_button.isEnabled()
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    with sqlite_demo_ledger.read() as conn:
        (c,) = consultations(conn)
    assert (c["title"], c["section"], c["status"], c["annual_cost"], c["proposed_hosting"]) == (
        "人事関係補助金管理システム", "S001", "submitted", 1800, "platform")
    assert tab.current["id"] == c["id"] and "受け付けました" in page.message.text()

    # the demo's many subsidy ledgers are pointed out to the reviewer
    qtbot.waitUntil(lambda: not tab.searching, timeout=20_000)
    assert tab.similar and tab.similar_table.rowCount() == len(tab.similar)
    assert "補助金管理システム" in tab.similar_table.item(0, 1).text()
    findings = [tab.findings.item(i).text() for i in range(tab.findings.count())]
    assert any("類似する既存システム" in f for f in findings)
    assert any(f.startswith("✖ 未回答") for f in findings)

    # an approval with the checklist unanswered is refused, with the reasons
    answers = answer_yes(monkeypatch)
    tab.decision_status.set_value("approved")
    assert not tab.decide_current()
    assert "未回答" in page.message.text()
    assert answers  # asked before writing

    for item in RV.CHECKLIST:
        if item.choices is not None:
            form.checklist.set_answer(item.key, {"existing_system": "no", "shared_platform": "yes",
                                                 "cloud_service": "no", "network_zone": "lgwan",
                                                 "personal_info": "yes", "my_number": "no",
                                                 "business_continuity": "no", "cost_estimate": "yes",
                                                 "security": "yes"}[item.key])
    form.checklist.notes["existing_system"].setText("各課の補助金は制度ごとに審査が異なるため")
    tab.decision.setPlainText("共同利用型基盤で導入する")
    tab.decision_status.set_value("approved")
    with qtbot.waitSignal(page.ledger_changed, timeout=5000):
        qtbot.mouseClick(tab.decide_button, Qt.MouseButton.LeftButton)
    with sqlite_demo_ledger.read() as conn:
        (c,) = consultations(conn)
        assert c["status"] == "approved" and c["system"] and c["decision"] == "共同利用型基盤で導入する"
        assert c["checklist"]["existing_system"] == {"answer": "no", "note": "各課の補助金は制度ごとに審査が異なるため"}
        (created,) = [v for v in load_values(conn, "system").values() if v["system_code"] == c["system"]]
        assert (created["name"], created["section"], created["hosting"], created["network_zone"]) == (
            "人事関係補助金管理システム", "S001", "platform", "lgwan")
        (h,) = history(conn, c["system"])
        assert h["action"] == "create" and h["context"]["consultation_id"] == c["id"]
    assert c["system"] in page.message.text()
    # an approved review can no longer be edited or decided again
    assert not tab.save_button.isEnabled() and not tab.decide_button.isEnabled()
    assert not form.section.isEnabled()
    settle(qtbot, page)


def test_renewals_as_of_the_demo_year_and_a_review_started_from_one(sqlite_demo_ledger, qtbot):
    page = open_page(qtbot, sqlite_demo_ledger)
    page.tabs.setCurrentIndex(3)
    qtbot.mouseClick(page.findChild(type(page.reviews.new_button), "as_of_fy_end"), Qt.MouseButton.LeftButton)
    assert page.as_of_date() == FY2017_END
    with sqlite_demo_ledger.read() as conn:
        expected = renewals(conn, 3, FY2017_END)
    table = page.renewals.table
    assert table.rowCount() == len(expected) > 0
    assert [table.item(r, 2).text() for r in range(table.rowCount())] == [r.code for r in expected]
    assert cell(table, 0, "更新年度") == str(expected[0].due_fy)
    page.renewals.years.setValue(1)
    with sqlite_demo_ledger.read() as conn:
        assert table.rowCount() == len(renewals(conn, 1, FY2017_END)) < len(expected)

    table.selectRow(0)
    first = page.renewals.current()
    qtbot.mouseClick(page.renewals.review_button, Qt.MouseButton.LeftButton)
    assert page.tabs.currentIndex() == 2
    v = page.reviews.form.values()
    assert (v["kind"], v["system"], v["section"], v["planned_fy"], v["title"]) == (
        "renewal", first.code, first.section, first.due_fy, first.name)
    settle(qtbot, page)


def test_indicators_show_the_server_count_and_take_manual_actuals(sqlite_demo_ledger, qtbot):
    page = open_page(qtbot, sqlite_demo_ledger)
    page.tabs.setCurrentIndex(4)
    page.set_as_of(FY2017_END)
    tab = page.indicators
    codes = [s.code for s in tab.series]
    row = codes.index("server_consolidation")
    assert (cell(tab.table, row, "基準値"), cell(tab.table, row, "最新値"), cell(tab.table, row, "目標値")) == (
        "196", "93", "7")
    assert cell(tab.table, row, "集計") == "台帳から集計"
    assert len(tab.charts) == len(codes)  # a chart per indicator
    tab.select_code("server_consolidation")
    assert tab.charts[row].selected
    assert not tab.years.item(0, 1).flags() & Qt.ItemFlag.ItemIsEditable  # computed, not typed

    manual = next(s for s in tab.series if s.source == "manual" and s.baseline_fy)
    tab.select_code(manual.code)
    fy_row = next(r for r in range(tab.years.rowCount()) if tab.years.item(r, 0).text() == str(manual.baseline_fy + 1))
    assert tab.years.item(fy_row, 1).flags() & Qt.ItemFlag.ItemIsEditable
    tab.years.item(fy_row, 1).setText("1234")
    updated = next(s for s in tab.series if s.code == manual.code)
    assert updated.actuals[manual.baseline_fy + 1] == 1234.0
    with sqlite_demo_ledger.read() as conn:
        from db.portfolio import indicator_series

        stored = next(s for s in indicator_series(conn, FY2017_END) if s.code == manual.code)
    assert stored.actuals[manual.baseline_fy + 1] == 1234.0
    assert "記録しました" in page.message.text()


def test_the_indicator_report_prints(sqlite_demo_ledger, qtbot, tmp_path):
    from PySide6.QtGui import QPdfWriter
    from PySide6.QtPrintSupport import QPrintPreviewDialog

    from ui.reports.render import render

    page = open_page(qtbot, sqlite_demo_ledger)
    page.tabs.setCurrentIndex(4)
    page.set_as_of(FY2017_END)
    doc = page.indicators.document()
    assert "評価指標" in doc.title
    cells = {str(c) for t in doc.tables() for row in t.rows for c in row}
    assert any("196" in c for c in cells) and any("93" in c for c in cells)
    writer = QPdfWriter(str(tmp_path / "indicators.pdf"))
    assert render(doc, writer) >= 1
    assert (tmp_path / "indicators.pdf").stat().st_size > 1000

    # the button opens the print preview of that document
    shown: list[str] = []

    def close(dialog) -> None:
        assert isinstance(dialog, QPrintPreviewDialog)
        shown.append(dialog.windowTitle())
        dialog.reject()

    in_next_dialog(close)
    qtbot.mouseClick(page.indicators.print_button, Qt.MouseButton.LeftButton)
    assert shown == [doc.title]


def test_a_new_indicator_through_its_dialog(sqlite_demo_ledger, qtbot):
    page = open_page(qtbot, sqlite_demo_ledger)
    page.tabs.setCurrentIndex(4)
    tab = page.indicators
    before = len(tab.series)

    def fill(dialog) -> None:
        dialog.code.setText("Bad Code")
        dialog.name.setText("ペーパーレス会議の開催回数")
        dialog.accept()  # refused: the code is not a code
        assert dialog.isVisible() and "コード" in dialog.problem.text()
        dialog.code.setText("paperless_meetings")
        dialog.unit.setText("回")
        dialog.baseline_fy.set_year(2016)
        dialog.baseline.setText("12")
        dialog.target_fy.set_year(2020)
        dialog.target.setText("120")
        dialog.accept()

    seen = in_next_dialog(fill)
    qtbot.mouseClick(tab.new_button, Qt.MouseButton.LeftButton)
    assert seen
    assert len(tab.series) == len(tab.charts) == before + 1
    new = tab.current()
    assert (new.code, new.name, new.unit, new.baseline, new.target, new.source) == (
        "paperless_meetings", "ペーパーレス会議の開催回数", "回", 12.0, 120.0, "manual")
    assert tab.set_value("paperless_meetings", 2017, 40)
    assert tab.current().actuals == {2017: 40.0} and tab.current().on_track() is True
