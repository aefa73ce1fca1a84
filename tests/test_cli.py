"""The command line contract of shared/spec/cli.md: exit codes, JSON on stdout, the demo figures."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ui.cli import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_demo_then_stats_json_gives_the_indicator(tmp_path, capsys):
    db = str(tmp_path / "l.sqlite")
    assert run(capsys, "--db", db, "demo")[0] == 0
    code, out, _err = run(capsys, "--db", db, "stats", "--json")
    assert code == 0
    s = json.loads(out)  # exactly one JSON document on stdout
    assert s["in_scope_by_fy"]["2016"] == 196 and s["in_scope_by_fy"]["2017"] == 93
    assert s["systems"] >= 500 and s["servers"] >= 1000 and s["hosts"] > 0
    assert set(s["by_zone"]) >= {"mynumber", "lgwan", "internet"}
    assert sum(z["systems"] for z in s["by_zone"].values()) == s["systems"]
    assert sum(d["systems"] for d in s["by_department"].values()) == s["systems"]
    assert all(d["servers"] > 0 for d in s["by_department"].values())


def test_demo_twice_is_idempotent_and_other_data_is_protected(tmp_path, capsys):
    db = str(tmp_path / "l.sqlite")
    assert run(capsys, "--db", db, "demo")[0] == 0
    code, _out, err = run(capsys, "--db", db, "demo")
    assert code == 0 and "既に" in err
    code, _out, err = run(capsys, "--db", db, "demo", "--seed", "7")
    assert code == 1 and "--replace" in err


def test_wrong_usage_exits_2(tmp_path, capsys):
    with pytest.raises(SystemExit) as e:
        main(["--db", str(tmp_path / "x.sqlite"), "no-such-command"])
    assert e.value.code == 2
    with pytest.raises(SystemExit) as e:
        main(["--db", str(tmp_path / "x.sqlite"), "demo", "--scale", "0"])
    assert e.value.code == 2


def test_refused_input_exits_1_with_reason(tmp_path, capsys):
    db = str(tmp_path / "l.sqlite")
    code, _out, err = run(capsys, "--db", db, "restore", str(tmp_path / "missing.sqlite"))
    assert code == 1 and "missing.sqlite" in err
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"not a database")
    code, _out, err = run(capsys, "--db", db, "restore", str(bad))
    assert code == 1 and "バックアップファイルではありません" in err


def test_english_messages(tmp_path, capsys):
    db = str(tmp_path / "l.sqlite")
    code, _out, err = run(capsys, "--lang", "en", "--db", db, "restore", str(tmp_path / "missing.sqlite"))
    assert code == 1 and "No such file" in err


def test_history_json_and_backup_restore(tmp_path, capsys):
    db = str(tmp_path / "l.sqlite")
    run(capsys, "--db", db, "demo")
    code, out, _ = run(capsys, "--db", db, "history", "SYS-0001", "--json")
    rows = json.loads(out)
    assert code == 0 and rows[0]["action"] == "create" and rows[0]["source"] == "demo"
    assert run(capsys, "--db", db, "history", "NO-SUCH-CODE")[0] == 1
    backup = tmp_path / "b.sqlite"
    assert run(capsys, "--db", db, "backup", str(backup))[0] == 0
    other = str(tmp_path / "other.sqlite")
    assert run(capsys, "--db", other, "restore", str(backup))[0] == 0
    _, out, _ = run(capsys, "--db", other, "stats", "--json")
    assert json.loads(out)["in_scope_by_fy"]["2017"] == 93


def test_installed_command_runs(tmp_path):
    """`python main.py` (and so the `assetdesk` entry point) works as a process."""
    main_py = Path(__file__).resolve().parent.parent / "main.py"
    result = subprocess.run([sys.executable, str(main_py), "--db", str(tmp_path / "p.sqlite"), "stats", "--json"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["systems"] == 0


def test_operations_listing_and_undo_of_a_plan_adoption(tmp_path, capsys):
    db = str(tmp_path / "l.sqlite")
    run(capsys, "--db", db, "demo")
    _, out, _ = run(capsys, "--db", db, "stats", "--json")
    before = json.loads(out)["servers_by_migration_status"]
    code, out, _ = run(capsys, "--db", db, "plan", "--time-limit", "5", "--save", "標準", "--json")
    assert code == 0
    scenario = json.loads(out)["scenario_id"]
    assert run(capsys, "--db", db, "scenario", "adopt", str(scenario))[0] == 0
    _, out, _ = run(capsys, "--db", db, "history", "--operations", "--json")
    adoption = json.loads(out)[0]
    assert adoption["source"] == "plan" and adoption["changes"] >= 93
    _, out, _ = run(capsys, "--db", db, "stats", "--json")
    assert json.loads(out)["servers_by_migration_status"]["planned"] == 93
    assert run(capsys, "--db", db, "undo", str(adoption["id"]))[0] == 0
    _, out, _ = run(capsys, "--db", db, "stats", "--json")
    assert json.loads(out)["servers_by_migration_status"] == before
    assert run(capsys, "--db", db, "undo", str(adoption["id"]))[0] == 1  # only once
