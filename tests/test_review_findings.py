"""Findings of a review of the write path, undo, backup, planning and the command line.

Each test shows one bug and is expected to fail (``xfail(strict=True)``) until it is fixed; the
fix is described in the reason and in the review report. Remove the mark with the fix.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest
from sqlalchemy import select, text

from db import models as M
from db.ledger import Ledger, StaleWrite

BATCH = M.ChangeBatch.__table__
DEPARTMENT = M.Department.__table__


@pytest.fixture
def pg_url(pg_server):
    """A fresh, migrated PostgreSQL database (its URL); dropped afterwards."""
    from tests.conftest import _migrated

    url = pg_server.create(template=pg_server.template("empty", _migrated))
    yield url
    pg_server.drop(url)


def _with_options(url: str, options: str) -> str:
    return url + ("&" if "?" in url else "?") + "options=" + quote(options)


# --- 1. undo of a plan adoption leaves the scenario adopted ------------------------------------


def test_undo_of_an_adoption_unadopts_the_scenario(sqlite_demo_ledger):
    from assetdesk.planner import HostSpec, PlanParameters
    from db.planning import adopt, adopted_scenario, make_plan, save_scenario, update_scenario
    from db.undo import undo_batch

    ledger = sqlite_demo_ledger
    result = make_plan(ledger, HostSpec(), PlanParameters(time_limit_s=2))
    sid = save_scenario(ledger, "A", result)
    summary = adopt(ledger, sid)
    undo_batch(ledger, summary.batch_id)
    with ledger.read() as conn:
        assert adopted_scenario(conn) is None  # every server is back to 未計画, no plan is adopted
    update_scenario(ledger, sid, result, "A")  # and the scenario may be edited again


def test_adopting_a_second_scenario_does_not_reuse_the_first_ones_hosts(sqlite_demo_ledger):
    from assetdesk.planner import HostSpec, PlanParameters
    from db.planning import adopt, make_plan, save_scenario

    ledger = sqlite_demo_ledger
    small = make_plan(ledger, HostSpec(cores=32, memory_gb=768), PlanParameters(time_limit_s=2))
    large = make_plan(ledger, HostSpec(cores=64, memory_gb=1536), PlanParameters(time_limit_s=2))
    adopt(ledger, save_scenario(ledger, "小", small))
    adopt(ledger, save_scenario(ledger, "大", large))
    host, server = M.Host.__table__, M.Server.__table__
    with ledger.read() as conn:
        cores = set(conn.execute(select(host.c.cpu_cores).join(server, server.c.host_id == host.c.id)
                                 .where(server.c.server_code.in_([a.server for a in large.assignments])))
                    .scalars())
    assert cores == {64}  # the hosts were renumbered after the first plan's, not reused


# --- 2. a backup of a PostgreSQL ledger shifts every timestamp by the session's UTC offset -----


@pytest.mark.postgres
def test_backup_of_postgres_keeps_timestamps_in_utc(pg_url, tmp_path):
    from db.backup import backup

    ledger = Ledger.open(_with_options(pg_url, "-c timezone=Asia/Tokyo"))
    try:
        with ledger.operation("edit", "x") as op:
            op.create("department", {"code": "D1", "name": "総務部"})
        with ledger.read() as conn:
            at = conn.execute(select(BATCH.c.at)).scalar_one()
        copy = Ledger.open(str(backup(ledger.engine, tmp_path / "copy.sqlite")))
        try:
            with copy.read() as conn:
                assert conn.execute(select(BATCH.c.at)).scalar_one() == at
        finally:
            copy.dispose()
    finally:
        ledger.dispose()


# --- 3. a delete on PostgreSQL does not check the version it deletes ---------------------------


@pytest.mark.postgres
def test_delete_refuses_a_record_changed_meanwhile_on_postgres(pg_url, monkeypatch):
    import db.ledger as L

    mine, theirs = Ledger.open(pg_url), Ledger.open(pg_url)
    try:
        with mine.operation("edit") as op:
            did = op.create("department", {"code": "D1", "name": "総務部"})
        original = L.referrers

        def someone_edits_meanwhile(conn, record_type, record_id):
            # Runs inside mine.delete(), after it has read version 1 of the record.
            with theirs.operation("edit") as other:
                other.update("department", did, {"name": "総務局"}, expected_version=1)
            return original(conn, record_type, record_id)

        monkeypatch.setattr(L, "referrers", someone_edits_meanwhile)
        with pytest.raises(StaleWrite), mine.operation("edit") as op:
            op.delete("department", did, expected_version=1)
    finally:
        mine.dispose()
        theirs.dispose()


# --- 4. undo of an operation that touched one record twice -------------------------------------


def test_undo_of_a_batch_that_created_then_updated_one_record(sqlite_ledger):
    from db.undo import undo_batch

    with sqlite_ledger.operation("edit") as op:
        did = op.create("department", {"code": "D1", "name": "総務部"})
        op.update("department", did, {"name": "総務局"}, expected_version=1)
    undo_batch(sqlite_ledger, op.batch_id)
    with sqlite_ledger.read() as conn:
        assert conn.execute(select(DEPARTMENT.c.id)).all() == []


# --- 5. command line: failures that escape as tracebacks instead of exit 1 ---------------------


@pytest.mark.parametrize("command", [["backup"], ["survey", "make"], ["export"]], ids=" ".join)
def test_cli_output_to_an_unwritable_place_is_refused(sqlite_demo_ledger, tmp_path, capsys, command):
    from ui.cli import EXIT_REFUSED, main

    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    target = blocker / ("out.xlsx" if command == ["export"] else "out")
    code = main(["--db", sqlite_demo_ledger.url, *command, str(target)])
    assert code == EXIT_REFUSED
    assert "エラー" in capsys.readouterr().err


def test_python_m_ui_cli_reports_a_refusal_without_traceback(sqlite_ledger):
    import subprocess
    import sys

    run = subprocess.run([sys.executable, "-m", "ui.cli", "--db", sqlite_ledger.url, "history", "NO-SUCH"],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 1
    assert "Traceback" not in run.stderr


def test_cli_with_an_unreachable_server_is_refused(capsys):
    from ui.cli import EXIT_REFUSED, main

    code = main(["--db", "postgresql+psycopg://nobody@127.0.0.1:1/assetdesk?connect_timeout=3", "stats", "--json"])
    out = capsys.readouterr()
    assert code == EXIT_REFUSED and out.out == "" and "エラー" in out.err

def test_cli_on_a_ledger_from_a_newer_version_is_refused(sqlite_ledger, capsys):
    from ui.cli import EXIT_REFUSED, main

    with sqlite_ledger.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'ffff_from_a_newer_release'"))
    code = main(["--db", sqlite_ledger.url, "stats", "--json"])
    out = capsys.readouterr()
    assert code == EXIT_REFUSED and out.out == ""


@pytest.mark.postgres
def test_cli_write_on_a_read_only_postgres_is_refused(pg_url, capsys):
    from ui.cli import EXIT_REFUSED, main

    code = main(["--db", _with_options(pg_url, "-c default_transaction_read_only=on"), "demo"])
    assert code == EXIT_REFUSED
    assert "エラー" in capsys.readouterr().err


# --- 6. the main window never stops its watcher of other users' changes ------------------------


def test_closing_the_window_stops_the_change_watcher(sqlite_demo_ledger, qtbot):
    from ui.app import create_window

    window = create_window(sqlite_demo_ledger, "ja", restore=False)
    qtbot.addWidget(window)
    refresher = window.change_refresher
    assert window.close()
    assert not refresher._timer.isActive()



# --- 7. an import's new record whose code someone else took meanwhile --------------------------


def test_import_of_a_new_record_whose_code_was_taken_meanwhile_is_refused(sqlite_demo_ledger, tmp_path):
    from db.engine import sqlite_path
    from importers.apply import ImportRefused, apply_import
    from tests.factories import blank
    from tests.trials.workbooks import edited_export, preview_for

    ledger = sqlite_demo_ledger
    workbook = edited_export(sqlite_path(ledger.url), tmp_path / "round.xlsx", changed=0, new=1, seed=3)
    preview = preview_for(ledger, [workbook])
    new = next(c for c in preview.accepted if c.action == "new" and c.record_type == "system")
    with ledger.read() as conn:
        section = conn.execute(select(M.Section.__table__.c.code)).scalars().first()
    with ledger.operation("edit", "someone else") as op:
        op.create("system", blank("system", system_code=new.code, name="別の担当者の新システム", section=section,
                                  network_zone="lgwan", status="active"))
    with pytest.raises(ImportRefused):
        apply_import(ledger, preview, backup=False)


# --- 8. times of the history shown in UTC where the record pane shows local time ---------------


@pytest.fixture
def tokyo_time(monkeypatch):
    import time

    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_cli_history_shows_local_time(sqlite_ledger, tokyo_time, capsys):
    from ui.cli import main

    with sqlite_ledger.operation("edit") as op:
        op.create("department", {"code": "D1", "name": "総務部"})
    with sqlite_ledger.read() as conn:
        at = conn.execute(select(BATCH.c.at)).scalar_one()
    assert main(["--db", sqlite_ledger.url, "history"]) == 0
    assert at.astimezone().strftime("%Y-%m-%d %H:%M") in capsys.readouterr().out


def test_conflict_says_when_in_local_time(tokyo_time):
    import datetime as dt

    from importers.apply import Conflict

    at = dt.datetime(2026, 4, 1, 0, 30, tzinfo=dt.UTC)
    conflict = Conflict("system", 1, "SYS-0001", None, "a.xlsx", "システム", 2, False, [], "tanaka", "pc1", at, 7)
    assert conflict.changed_by.endswith("2026-04-01 09:30")


# --- 9. a no-op update of a server's systems bumps its version --------------------------------


def test_update_with_the_same_systems_as_a_list_changes_nothing(sqlite_demo_ledger):
    from db.ledger import load_values

    with sqlite_demo_ledger.read() as conn:
        sid, server = next((i, v) for i, v in load_values(conn, "server").items() if v["systems"])
    with sqlite_demo_ledger.operation("edit") as op:
        version = op.update("server", sid, {"systems": list(server["systems"])}, server["version"])
    assert version == server["version"]
    assert op.summary.updated == 0
