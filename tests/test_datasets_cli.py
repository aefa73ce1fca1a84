"""``assetdesk datasets``: the inventory, the candidates and the CKAN / DCAT files, on the demo."""

from __future__ import annotations

import json

from assetdesk.opendata import check_ckan, check_dcat
from ui.cli import main


def _json(capsys, *argv) -> dict:
    capsys.readouterr()
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def test_datasets_commands_on_the_demo(sqlite_demo_ledger, tmp_path, capsys):
    db = str(sqlite_demo_ledger.engine.url.database)
    inv = _json(capsys, "--db", db, "datasets", "--json")
    assert inv["count"] >= 300 and inv["by_open_status"]["published"] > 0
    names = {d["name"] for d in inv["datasets"] if d["open_status"] == "published"}
    assert {"AED設置箇所一覧", "指定緊急避難場所一覧", "医療機関一覧", "文化財一覧", "観光施設一覧", "公共施設一覧"} <= names
    only = _json(capsys, "--db", db, "datasets", "--section", "S037", "--status", "published", "--json")
    assert only["count"] and all(d["section"] == "S037" and d["open_status"] == "published" for d in only["datasets"])

    cand = _json(capsys, "--db", db, "datasets", "candidates", "--json")
    scores = [c["score"] for c in cand["candidates"]]
    assert scores == sorted(scores, reverse=True) and all(c["reasons"] for c in cand["candidates"])
    assert {r["status"] for r in cand["coverage"]["rows"]} == {"published", "held", "lacking"}

    for fmt, check in (("ckan", check_ckan), ("dcat", check_dcat)):
        out = tmp_path / f"{fmt}.json"
        doc = _json(capsys, "--db", db, "datasets", "export", "--format", fmt, str(out), "--json")
        written = json.loads(out.read_text(encoding="utf-8"))
        expected = cand["published"] + len(cand["candidates"])
        assert doc["datasets"] == expected
        if fmt == "ckan":
            assert len(written["packages"]) == expected and not [p for d in written["packages"] for p in check(d)]
        else:
            assert len(written["dcat:dataset"]) == expected and not check(written)


def test_export_without_a_portal_is_refused_and_writes_nothing(sqlite_ledger, tmp_path, capsys):
    from tests.test_datasets_survey import _with_datasets

    _with_datasets(sqlite_ledger)  # nothing published: no portal to put the candidates' pages on
    out = tmp_path / "ckan.json"
    assert main(["--db", str(sqlite_ledger.engine.url.database), "datasets", "export", "--format", "ckan", str(out)]) == 1
    assert "--base-url" in capsys.readouterr().err and not out.exists()
    assert main(["--db", str(sqlite_ledger.engine.url.database), "datasets", "export", "--format", "ckan", str(out),
                 "--base-url", "https://opendata.example.jp"]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["packages"][0]["name"] == "dat-0001"
