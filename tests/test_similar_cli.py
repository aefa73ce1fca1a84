"""The portfolio commands through ``assetdesk``: similar, proposal, review, renewals, indicators."""

from __future__ import annotations

import json

import pytest

from tests.test_similar import load_hand_made


@pytest.fixture
def db(tmp_path):
    from db.ledger import Ledger

    path = tmp_path / "ledger.sqlite"
    ledger = Ledger.open(str(path))
    load_hand_made(ledger)
    ledger.dispose()
    return str(path)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    from ui.cli import main

    capsys.readouterr()
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_similar_json_contract(db, capsys):
    code, out, _err = run(capsys, "--db", db, "similar", "--json")
    assert code == 0
    data = json.loads(out)
    assert [g["systems"] for g in data["groups"]] == [["SYS-0004", "SYS-0005"], ["SYS-0002", "SYS-0001", "SYS-0003"]]
    g = data["groups"][0]
    assert g["saving"] == 420 and g["absorber"]["code"] == "SYS-0004"
    assert all(r["text"] for m in g["absorbed"] for r in m["reasons"])
    code, out, _ = run(capsys, "--db", db, "similar", "--json", "--kept-share", "0")
    assert json.loads(out)["total_saving"] == 1100


def test_similar_text_in_english(db, capsys):
    code, out, _ = run(capsys, "--db", db, "--lang", "en", "similar")
    assert code == 0 and "SYS-0004" in out


def test_proposal_commands_mark_systems_consolidated(db, capsys):
    assert run(capsys, "--db", db, "proposal", "add", "SYS-0004", "SYS-0005", "--fy", "2027")[0] == 0
    code, _out, err = run(capsys, "--db", db, "proposal", "add", "SYS-0004", "SYS-0005")
    assert code == 1 and "#1" in err
    assert run(capsys, "--db", db, "proposal", "status", "1", "完了", "--version", "1")[0] == 0
    code, out, _ = run(capsys, "--db", db, "proposal", "list", "--json")
    assert json.loads(out)[0]["status"] == "done"
    code, out, _ = run(capsys, "--db", db, "history", "SYS-0005", "--json")
    assert json.loads(out)[0]["after"]["consolidated_into"] == "SYS-0004"
    assert run(capsys, "--db", db, "proposal", "status", "1", "取下げ")[0] == 1


def test_review_commands_end_to_end(db, capsys):
    code, _out, _err = run(capsys, "--db", db, "review", "add", "--title", "美術館施設予約システム", "--section", "S005",
                           "--purpose", "県立施設の利用予約と利用料の収納を管理する。", "--hosting", "共同利用型基盤",
                           "--zone", "LGWAN系", "--annual-cost", "900")
    assert code == 0
    code, out, _ = run(capsys, "--db", db, "review", "show", "1", "--json")
    shown = json.loads(out)
    assert {m["code"] for m in shown["similar"]} == {"SYS-0004", "SYS-0005"}
    assert any(f["blocking"] for f in shown["findings"])
    assert run(capsys, "--db", db, "review", "decide", "1", "承認")[0] == 1
    for item, answer in (("existing_system", "無"), ("shared_platform", "有"), ("cloud_service", "無"),
                         ("network_zone", "LGWAN接続系"), ("personal_info", "無"), ("my_number", "無"),
                         ("business_continuity", "無"), ("cost_estimate", "有"), ("security", "有")):
        assert run(capsys, "--db", db, "review", "check", "1", item, answer)[0] == 0
    assert run(capsys, "--db", db, "review", "check", "1", "nonsense", "有")[0] == 1
    code, _out, err = run(capsys, "--db", db, "review", "decide", "1", "承認", "--decision", "基盤で導入")
    assert code == 0 and "SYS-0010" in err
    code, out, _ = run(capsys, "--db", db, "review", "list", "--json")
    assert json.loads(out)[0]["system"] == "SYS-0010"


def test_renewals_and_indicators_json(db, capsys):
    code, out, _ = run(capsys, "--db", db, "renewals", "--json", "--as-of", "2026-06-01", "--years", "2")
    assert code == 0 and json.loads(out)["systems"] == []
    code, out, _ = run(capsys, "--db", db, "indicators", "--json")
    assert code == 0 and json.loads(out)["indicators"] == []
    with pytest.raises(SystemExit) as usage:
        run(capsys, "--db", db, "renewals", "--as-of", "yesterday")
    assert usage.value.code == 2


PORTFOLIO_MODULES = ("assetdesk/similar/reasons.py", "assetdesk/similar/proposal.py", "assetdesk/review.py",
                     "assetdesk/renewals.py", "assetdesk/indicators.py", "db/portfolio.py",
                     "ui/commands/portfolio_commands.py")
