"""The data inventory in the window: the オープンデータ tab (candidates, coverage, CKAN/DCAT export) and
the 保有データ list's detail pane."""

from __future__ import annotations

import json

from tests.test_datasets_survey import _with_datasets
from ui.portfolio.common import MessageLine
from ui.portfolio.opendata_tab import OpenDataTab


def test_opendata_tab_ranks_candidates_and_exports(sqlite_ledger, qtbot, tmp_path):
    _with_datasets(sqlite_ledger)
    with sqlite_ledger.operation("command", "published") as op:
        from tests.factories import blank

        op.create("dataset", blank("dataset", code="DAT-0009", name="AED設置箇所一覧", section="S002", form="csv",
                                   personal_info=False, confidentiality="1", open_status="published", category="aed",
                                   licence="cc_by_4", url="https://opendata.example.jp/dataset/aed"))
    message = MessageLine()
    tab = OpenDataTab(sqlite_ledger, message)
    qtbot.addWidget(tab)
    qtbot.addWidget(message)
    tab.refresh()
    qtbot.waitUntil(lambda: not tab.running and tab.summary is not None, timeout=20_000)
    # DAT-0001 is the only candidate (DAT-0002 holds personal data, DAT-0003's answers are missing).
    assert tab.candidates.rowCount() == 1 and tab.candidates.item(0, 2).text() == "DAT-0001"
    assert "他の 1 所属が利用" in tab.candidates.item(0, 7).text()
    rows = {tab.coverage.item(r, 0).text(): tab.coverage.item(r, 1).text() for r in range(tab.coverage.rowCount())}
    assert rows["AED設置箇所一覧"] == "公開" and rows["公衆トイレ一覧"] == "未整備"
    assert tab.published.rowCount() == 1
    out = tmp_path / "ckan.json"
    assert tab.export("ckan", str(out)) == 2
    names = {p["name"] for p in json.loads(out.read_text(encoding="utf-8"))["packages"]}
    assert names == {"dat-0001", "dat-0009"}
    assert tab.export("dcat", str(tmp_path / "dcat.json")) == 2
    assert "書き出しました" in message.text()


def test_selecting_a_dataset_is_no_unsaved_change(qtbot, sqlite_ledger):
    from ui.app import create_window

    _with_datasets(sqlite_ledger)
    window = create_window(sqlite_ledger, "ja", restore=False)
    qtbot.addWidget(window)
    window.show_page("dataset")
    page = window.pages["dataset"]
    qtbot.waitUntil(lambda: page.view.model.rowCount() == 3, timeout=10_000)
    for row in range(3):
        page.view.select_id(page.view.model.id_at(row))
        assert not page.detail.is_dirty()
