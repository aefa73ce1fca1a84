"""Every Japanese string of the portfolio page has its English in the parts catalogues, and the
page builds and reads in English."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]

pytest.importorskip("pytestqt")


def _parts_catalogue() -> dict[str, str]:
    out = {}
    for po in (ROOT / "resources" / "locale" / "en" / "parts").glob("*.po"):
        with po.open("rb") as f:
            out.update({m.id: m.string for m in read_po(f) if m.id and m.string})
    return out


def _marked_strings() -> set[str]:
    found = set()
    for path in (ROOT / "ui" / "portfolio").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "N_")
                    and node.args and isinstance(node.args[0], ast.Constant)):
                found.add(node.args[0].value)
    return found


def test_every_portfolio_page_string_is_translated():
    marked = _marked_strings()
    assert len(marked) > 100
    catalogue = _parts_catalogue()
    assert sorted(s for s in marked if s not in catalogue) == []
    # the placeholders survive translation
    for s in marked:
        for name in ("{n}", "{id}", "{code}", "{date}", "{fy}"):
            if name in s:
                assert name in catalogue[s], s


def test_the_page_in_english(sqlite_demo_ledger, qtbot, monkeypatch):
    from assetdesk import i18n
    from ui.portfolio.page import PortfolioPage

    # The merged catalogue may not hold this page's strings yet: read the parts directly.
    monkeypatch.setattr(i18n, "_translations", i18n._PoTranslations(_parts_catalogue()))
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
