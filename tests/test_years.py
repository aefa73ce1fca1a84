"""Fiscal-year comparison: the ledger at a year's end from the history, and the difference of two years."""

from __future__ import annotations

import datetime as dt

from db.ledger_at import batch_time, compare_fiscal_years, fiscal_year_cutoff, ledger_at_year_end
from db.undo import undo_batch
from tests.factories import blank, server, system

FY2016 = batch_time(dt.date(2016, 6, 1))
FY2017 = batch_time(dt.date(2017, 9, 1))
FY2017_LAST_DAY = batch_time(dt.date(2018, 3, 31), hour=23)
FY2018 = batch_time(dt.date(2018, 4, 1), hour=0)


def _edit_across_years(ledger) -> None:
    """FY2016: two departments, three systems, three servers. FY2017: one added, one retired,
    one consolidated, a server migrated, costs changed. FY2018: another system."""
    with ledger.operation("command", "FY2016 ledger", at=FY2016) as op:
        op.create_many("department", [blank("department", code="D01", name="総務部"),
                                      blank("department", code="D02", name="保健福祉部")])
        op.create_many("section", [blank("section", code="S001", name="情報政策課", department="D01"),
                                   blank("section", code="S002", name="健康増進課", department="D02")])
        op.create_many("system", [
            system("SYS-0001", name="財務会計システム", initial_cost=5000, cost_operation=1200, cost_lease=300),
            system("SYS-0002", section="S002", name="健康管理システム", cost_sw_maintenance=800),
            system("SYS-0003", section="S002", name="検診予約システム", cost_operation=100),
        ])
        op.create_many("server", [
            server("SRV-00001", "lg-zaimu-01", ("SYS-0001",)),
            server("SRV-00002", "lg-kenko-01", ("SYS-0002",)),
            server("SRV-00003", "in-web-01", ("SYS-0003",), zone="internet"),
        ])
    with ledger.operation("command", "FY2017 changes", at=FY2017) as op:
        op.create("system", system("SYS-0004", section="S002", name="母子保健システム", initial_cost=2000,
                                   cost_cloud=600))
        ids = {c: op.id_of("system", c) for c in ("SYS-0002", "SYS-0003")}
        op.update("system", ids["SYS-0003"], {"status": "consolidated", "consolidated_into": "SYS-0002"}, None)
        op.update("system", op.id_of("system", "SYS-0001"), {"cost_operation": 1000}, None)
        op.update("server", op.id_of("server", "SRV-00001"),
                  {"migration_status": "migrated", "migrated_on": dt.date(2017, 10, 1)}, None)
    with ledger.operation("command", "FY2017 retirement", at=FY2017_LAST_DAY) as op:
        op.update("system", op.id_of("system", "SYS-0002"), {"status": "retired"}, None)
    with ledger.operation("command", "FY2018", at=FY2018) as op:
        op.create("system", system("SYS-0005", name="電子申請システム"))


def test_ledger_at_a_year_end_is_replayed_from_the_history(sqlite_ledger):
    _edit_across_years(sqlite_ledger)
    with sqlite_ledger.read() as conn:
        fy2016 = ledger_at_year_end(conn, 2016)
        fy2017 = ledger_at_year_end(conn, 2017)
        fy2015 = ledger_at_year_end(conn, 2015)
    codes = lambda at: sorted(s["system_code"] for s in at["system"].values())  # noqa: E731
    assert codes(fy2015) == []
    assert codes(fy2016) == ["SYS-0001", "SYS-0002", "SYS-0003"]
    assert codes(fy2017) == ["SYS-0001", "SYS-0002", "SYS-0003", "SYS-0004"]  # SYS-0005 is FY2018's
    by_code = {s["system_code"]: s for s in fy2016["system"].values()}
    assert by_code["SYS-0001"]["cost_operation"] == 1200 and by_code["SYS-0002"]["status"] == "active"
    server = next(s for s in fy2017["server"].values() if s["server_code"] == "SRV-00001")
    assert server["migrated_on"] == dt.date(2017, 10, 1) and server["systems"] == ("SYS-0001",)


def test_the_year_end_is_midnight_of_31_march_in_japan():
    assert fiscal_year_cutoff(2017) == dt.datetime(2018, 3, 31, 15, 0, tzinfo=dt.UTC)
    assert batch_time(dt.date(2018, 3, 31), hour=23) < fiscal_year_cutoff(2017) <= batch_time(dt.date(2018, 4, 1), 0)


def test_difference_between_two_years(sqlite_ledger):
    _edit_across_years(sqlite_ledger)
    with sqlite_ledger.read() as conn:
        diff = compare_fiscal_years(conn, 2016, 2017)
    assert [s.code for s in diff.added] == ["SYS-0004"]
    assert diff.added[0].name == "母子保健システム" and diff.added[0].department == "D02"
    assert [s.code for s in diff.retired] == ["SYS-0002"]
    assert [(s.code, s.consolidated_into, s.consolidated_into_name) for s in diff.consolidated] == [
        ("SYS-0003", "SYS-0002", "健康管理システム")]
    assert diff.removed == []
    assert (diff.systems.before, diff.systems.after) == (3, 2)  # SYS-0001 and the new SYS-0004 run
    zones = {z.zone: z for z in diff.by_zone}
    assert (zones["lgwan"].in_scope.before, zones["lgwan"].in_scope.after) == (2, 1)
    assert (zones["internet"].servers.before, zones["internet"].servers.after) == (1, 1)
    assert (diff.in_scope.before, diff.in_scope.after) == (3, 2)
    assert [s.code for s in diff.servers_left_scope] == ["SRV-00001"]
    depts = {d.code: d for d in diff.by_department}
    assert (depts["D01"].annual_cost.before, depts["D01"].annual_cost.after) == (1500, 1300)
    assert (depts["D02"].annual_cost.before, depts["D02"].annual_cost.after) == (900, 600)
    assert (depts["D02"].initial_cost.before, depts["D02"].initial_cost.after) == (0, 2000)
    assert (depts["D02"].systems.before, depts["D02"].systems.after) == (2, 1)
    assert depts["D02"].name == "保健福祉部"
    doc = diff.to_json()
    assert doc["by_department"]["D01"]["annual_cost"] == {"from": 1500, "to": 1300, "change": -200}


def test_undone_operations_are_not_counted(sqlite_ledger):
    _edit_across_years(sqlite_ledger)
    with sqlite_ledger.operation("command", "a mistake in FY2017", at=FY2017) as op:
        op.create("system", system("SYS-0099", name="誤登録システム"))
        mistake = op.batch_id
    with sqlite_ledger.operation("command", "another FY2017 edit", at=FY2017) as op:
        op.update("system", op.id_of("system", "SYS-0004"), {"cost_cloud": 700}, None)
        kept = op.batch_id
    undo_batch(sqlite_ledger, mistake)  # undone today, long after FY2017
    with sqlite_ledger.read() as conn:
        diff = compare_fiscal_years(conn, 2016, 2017)
    assert [s.code for s in diff.added] == ["SYS-0004"]
    depts = {d.code: d for d in diff.by_department}
    assert depts["D02"].annual_cost.after == 700  # the edit after the mistake stands
    # Undoing the undo (a redo) puts the operation back.
    with sqlite_ledger.read() as conn:
        from sqlalchemy import select

        from db.models import ChangeBatch
        undo_id = conn.execute(select(ChangeBatch.__table__.c.undone_by_id)
                               .where(ChangeBatch.__table__.c.id == mistake)).scalar_one()
    undo_batch(sqlite_ledger, undo_id)
    with sqlite_ledger.read() as conn:
        diff = compare_fiscal_years(conn, 2016, 2017)
    assert [s.code for s in diff.added] == ["SYS-0004", "SYS-0099"]
    assert kept


def test_a_deleted_record_is_gone_after_its_year(sqlite_ledger):
    _edit_across_years(sqlite_ledger)
    with sqlite_ledger.operation("command", "delete", at=FY2018) as op:
        op.delete("system", op.id_of("system", "SYS-0005"), None)
    with sqlite_ledger.read() as conn:
        diff = compare_fiscal_years(conn, 2017, 2018)
        assert [s.code for s in diff.added] == []
        after = ledger_at_year_end(conn, 2018)
    assert "SYS-0005" not in {s["system_code"] for s in after["system"].values()}


def test_demo_history_shows_fy2017_against_fy2016(sqlite_demo_ledger, tmp_path, capsys):
    import json
    import shutil

    from ui.cli import main

    db = str(tmp_path / "y.sqlite")
    sqlite_demo_ledger.dispose()
    shutil.copy(sqlite_demo_ledger.engine.url.database, db)
    assert main(["--db", db, "compare-years", "2016", "2017", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    # The plan's indicator, now from the history rather than from today's migration dates.
    assert doc["in_scope"] == {"from": 196, "to": 93, "change": -103}
    assert len(doc["servers_left_scope"]) == 103
    assert doc["added"] and all(s["code"].startswith("SYS-") and s["name"] for s in doc["added"])
    assert doc["retired"] and all(s["status"] == "retired" for s in doc["retired"])
    assert doc["consolidated"] and all(s["consolidated_into"] and s["consolidated_into_name"]
                                       for s in doc["consolidated"])
    assert doc["servers"]["to"] > doc["servers"]["from"]  # FY2017's virtual machines
    assert set(doc["by_zone"]) >= {"mynumber", "lgwan", "internet", "closed"}
    with sqlite_demo_ledger.read() as conn:
        from db.ledger import load_values

        today = load_values(conn, "system")
    in_operation = sum(1 for s in today.values() if s["status"] not in ("retired", "consolidated"))
    assert doc["systems"]["to"] == in_operation  # FY2017's end is the demo's present
    assert sum(d["systems"]["to"] for d in doc["by_department"].values()) == in_operation
    # Nothing happened yet in FY2018; before FY2016's end nothing was recorded.
    assert main(["--db", db, "compare-years", "2017", "2018", "--json"]) == 0
    later = json.loads(capsys.readouterr().out)
    assert later["added"] == [] and later["systems"]["change"] == 0
    assert main(["--db", db, "compare-years", "2015", "2016", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["systems"]["from"] == 0


def test_compare_years_refuses_years_out_of_order(sqlite_ledger, capsys):
    from ui.cli import main

    assert main(["--db", str(sqlite_ledger.engine.url.database), "compare-years", "2017", "2016", "--json"]) == 1
    assert capsys.readouterr().out == ""


def test_years_report_prints_the_difference(sqlite_ledger, tmp_path):
    from tests.test_reports import pages_text, squash
    from ui.cli import main

    _edit_across_years(sqlite_ledger)
    out = tmp_path / "years.pdf"
    db = str(sqlite_ledger.engine.url.database)
    assert main(["--db", db, "report", "years", str(out), "--from", "2016", "--to", "2017"]) == 0
    joined = "".join(pages_text(out))
    for words in ("年度比較", "母子保健システム", "SYS-0002健康管理システム", "保健福祉部", "lg-zaimu-01"):
        assert squash(words) in joined
    assert main(["--db", db, "report", "years", str(out), "--from", "2017", "--to", "2017"]) == 1


def test_a_demo_load_failing_part_way_leaves_nothing(sqlite_ledger, monkeypatch):
    import pytest

    import assetdesk.demo.history as demo_history
    from db.demo_load import load_demo
    from db.ledger import LedgerError
    from db.migrate import has_data

    real = demo_history.steps

    def broken(ledger):
        steps = real(ledger)
        steps[-1].updates["system"].append(("SYS-9999", {"status": "retired"}))  # no such system
        return steps

    monkeypatch.setattr(demo_history, "steps", broken)
    with pytest.raises(LedgerError):
        load_demo(sqlite_ledger)
    assert not has_data(sqlite_ledger.engine)


def test_update_many_is_history_and_undo_like_update(sqlite_ledger):
    from db.ledger import load_values

    _edit_across_years(sqlite_ledger)
    with sqlite_ledger.operation("command", "two migrations") as op:
        ids = [op.id_of("server", c) for c in ("SRV-00002", "SRV-00003")]
        op.update_many("server", [(ids[0], {"migration_status": "migrated", "migrated_on": dt.date(2018, 5, 1),
                                             "systems": ["SYS-0004", "SYS-0002"]}),
                                  (ids[1], {"migration_status": "pending"})])  # no change
        assert (op.summary.updated, op.summary.changed_ids["server"]) == (1, {ids[0]})
        batch = op.batch_id
    with sqlite_ledger.read() as conn:
        moved = load_values(conn, "server", ids)[ids[0]]
    assert moved["migration_status"] == "migrated" and moved["systems"] == ("SYS-0002", "SYS-0004")
    assert moved["version"] == 2
    undo_batch(sqlite_ledger, batch)
    with sqlite_ledger.read() as conn:
        back = load_values(conn, "server", ids)[ids[0]]
    assert back["migration_status"] == "pending" and back["systems"] == ("SYS-0002",)
