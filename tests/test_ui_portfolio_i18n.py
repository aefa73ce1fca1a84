"""The portfolio page builds and reads in English."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytest.importorskip("pytestqt")


def test_the_page_in_english(sqlite_demo_ledger, qtbot, monkeypatch):
    from assetdesk import i18n
    from ui.portfolio.page import PortfolioPage

    i18n.set_language("en")
    page = PortfolioPage(sqlite_demo_ledger)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: not page.busy, timeout=20_000)
    tabs = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert tabs[0] == "Similar systems" and tabs[4] == "Indicators"
    assert all(t.isascii() for t in tabs), tabs  # (some labels are shared with other parts' catalogues)
    assert page.similar.tree.topLevelItemCount() > 0
    assert page.similar.summary.text().startswith("20 groups of similar systems")
    assert "Similar name" in page.similar.reasons.toPlainText() or "similar" in page.similar.reasons.toPlainText()
