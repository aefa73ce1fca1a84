"""Every Japanese string the graph package shows has its English in the parts catalogues."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _marked_strings() -> set[str]:
    found = set()
    for path in (ROOT / "assetdesk" / "graph").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("_", "N_")
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                found.add(node.args[0].value)
    return found


def test_english_report(monkeypatch):
    from assetdesk import i18n
    from assetdesk.graph import format_impact, impact
    from tests.test_graph_ledger import ledger

    i18n.set_language("en")
    text = format_impact(impact(ledger(), "H1"))
    assert text.startswith("Impact of H1: Down")
    assert "Systems kept running" not in text  # APP is hit through DB1 after all
    assert "Affected sections:" in text
