"""survey make / status through the command line: who answered, who to chase."""

from __future__ import annotations

import json

from db.ledger import Ledger
from tests.factories import small_ledger
from ui.cli import main


def test_survey_make_import_and_status(tmp_path, capsys):
    db = str(tmp_path / "ledger.sqlite")
    ledger = Ledger.open(db)
    small_ledger(ledger)
    ledger.dispose()
    assert main(["--db", db, "survey", "status", "--json"]) == 1  # no round yet
    assert main(["--db", db, "survey", "make", str(tmp_path / "out"), "--fy", "2027"]) == 0
    files = sorted((tmp_path / "out").glob("*.xlsx"))
    assert len(files) == 2
    capsys.readouterr()
    assert main(["--db", db, "survey", "status", "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["fiscal_year"] == 2027 and status["to_chase"] == ["S001", "S002"]
    assert status["counts"]["sent"] == 2
    assert main(["--db", db, "import", str(files[0]), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["files"][0]["kind"] == "survey" and report["unchanged"] == 6
    assert main(["--db", db, "survey", "status", "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert {s["section"]: s["status"] for s in status["sections"]} == {"S001": "applied", "S002": "sent"}
    assert status["to_chase"] == ["S002"]
    assert main(["--db", db, "survey", "status"]) == 0
    assert "S002" in capsys.readouterr().out.splitlines()[-1]
