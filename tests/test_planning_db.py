"""The planner on the ledger: scenarios stored and reloaded, adoption and tracking in the history."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from assetdesk.planner import HostSpec, PlanParameters, move_server
from db import models as M
from db.ledger import LedgerError
from db.planning import adopt, load_scenario, make_plan, save_scenario, track
from db.queries import history, in_scope_count, stats


def _plan(ledger):
    return make_plan(ledger, HostSpec(), PlanParameters(time_limit_s=5))


def test_plan_covers_the_in_scope_servers_with_fresh_host_names(demo_ledger):
    result = _plan(demo_ledger)
    with demo_ledger.read() as conn:
        existing = set(conn.execute(select(M.Host.__table__.c.name)).scalars())
        assert len(result.assignments) == in_scope_count(conn, dt.date.today())
    assert not {h.name for h in result.hosts} & existing
    assert result.total_lower_bound <= result.total_hosts


def test_scenario_round_trip_and_adoption_recorded(demo_ledger):
    result = _plan(demo_ledger)
    sid = save_scenario(demo_ledger, "標準", result)
    with demo_ledger.read() as conn:
        _row, loaded = load_scenario(conn, sid)
    assert loaded == result
    summary = adopt(demo_ledger, sid)
    with demo_ledger.read() as conn:
        s = stats(conn)
        first = result.assignments[0]
        change = history(conn, first.server)[0]
        hosts = set(conn.execute(select(M.Host.__table__.c.name)).scalars())
    assert s["servers_by_migration_status"]["planned"] == len(result.assignments)
    assert change["source"] == "plan" and change["after"]["host"] == first.host
    assert change["after"]["planned_wave"] == first.wave and change["batch_id"] == summary.batch_id
    assert {h.name for h in result.hosts} <= hosts


def test_adoption_refuses_a_plan_with_violations(sqlite_demo_ledger):
    result = _plan(sqlite_demo_ledger)
    a, b = result.assignments[0], next(x for x in result.assignments if x.zone != result.assignments[0].zone)
    broken = move_server(result, a.server, host=b.host)  # onto another zone's host
    assert any(v.kind == "zone" for v in broken.violations)
    sid = save_scenario(sqlite_demo_ledger, "手動", broken)
    with pytest.raises(LedgerError):
        adopt(sqlite_demo_ledger, sid)


def test_tracking_a_wave_moves_the_indicator(sqlite_demo_ledger):
    result = _plan(sqlite_demo_ledger)
    adopt(sqlite_demo_ledger, save_scenario(sqlite_demo_ledger, "標準", result))
    wave1 = [a.server for a in result.assignments if a.wave == 1]
    day = dt.date(2027, 1, 15)
    with sqlite_demo_ledger.read() as conn:
        before = in_scope_count(conn, day)
    track(sqlite_demo_ledger, "migrated", day - dt.timedelta(days=1), wave=1)
    with sqlite_demo_ledger.read() as conn:
        assert in_scope_count(conn, day) == before - len(wave1)
        assert history(conn, wave1[0])[0]["after"]["migration_status"] == "migrated"
    with pytest.raises(LedgerError):
        track(sqlite_demo_ledger, "migrated", None, wave=2)  # a date is required
