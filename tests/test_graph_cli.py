"""`assetdesk graph impact` on the demo ledger: the JSON contract and the meaning of paths."""

from __future__ import annotations

import json
import shutil

from ui.cli import main


def test_impact_json_paths_explain_each_system(sqlite_demo_ledger, tmp_path, capsys):
    db = str(tmp_path / "g.sqlite")
    sqlite_demo_ledger.dispose()
    shutil.copy(sqlite_demo_ledger.engine.url.database, db)
    # the integrated addressee system is a hub of the My Number systems
    assert main(["--db", db, "graph", "impact", "SYS-0050", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    affected = data["affected_systems"]
    assert len(affected) > 5
    for a in affected:
        assert a["path"][0] == "SYS-0050" and a["path"][-1] == a["code"]
    with sqlite_demo_ledger.read() as conn:
        from sqlalchemy import text

        # every direct dependent of the root is in the impact set, one hop from it
        direct = {r[0] for r in conn.execute(text(
            "SELECT f.system_code FROM dependency d JOIN system f ON f.id = d.from_system_id "
            "JOIN system t ON t.id = d.to_system_id WHERE t.system_code = 'SYS-0050' "
            "AND f.status NOT IN ('retired', 'consolidated')"))}
    codes = {a["code"] for a in affected}
    assert direct <= codes


def test_impact_of_unknown_code_is_refused(sqlite_demo_ledger, tmp_path, capsys):
    db = str(tmp_path / "g.sqlite")
    shutil.copy(sqlite_demo_ledger.engine.url.database, db)
    assert main(["--db", db, "graph", "impact", "NO-SUCH"]) == 1
    assert "NO-SUCH" in capsys.readouterr().err
