"""The forecast behind the planner page's chart (Qt-free): an adopted plan's waves take servers
out of scope at the fiscal year end they fall in."""

from __future__ import annotations

import datetime as dt

from assetdesk.planner import HostSpec, PlanParameters
from assetdesk.scope import fiscal_year_end, fiscal_year_of
from db.plan_forecast import forecast_by_fy, tracked_servers
from db.planning import adopt, make_plan, save_scenario, track
from db.queries import in_scope_count


def test_no_adopted_plan_no_forecast(sqlite_demo_ledger):
    with sqlite_demo_ledger.read() as conn:
        fc = forecast_by_fy(conn)
        assert fc.forecast == {} and fc.scenario_name is None and fc.actual
        # without a plan the list shows the servers already planned or moving
        assert all(r["migration_status"] in ("planned", "migrating") for r in tracked_servers(conn))


def test_waves_without_dates_count_from_the_adoption_day(sqlite_demo_ledger):
    result = make_plan(sqlite_demo_ledger, HostSpec(), PlanParameters(time_limit_s=5, wave_interval_days=90))
    assert all(w.planned is None for w in result.waves)
    adopt(sqlite_demo_ledger, save_scenario(sqlite_demo_ledger, "日付なし", result))
    today = dt.date.today()
    with sqlite_demo_ledger.read() as conn:
        fc = forecast_by_fy(conn, today=today)
        rows = tracked_servers(conn, fc.servers)
    assert fc.scenario_name == "日付なし" and len(rows) == len(result.assignments)
    assert fc.wave_dates == {w.number: today + dt.timedelta(days=90 * (w.number - 1)) for w in result.waves}
    assert min(fc.forecast) == fiscal_year_of(today)
    assert max(fc.forecast) == fiscal_year_of(fc.wave_dates[max(fc.wave_dates)])
    values = [fc.forecast[fy] for fy in sorted(fc.forecast)]
    assert values == sorted(values, reverse=True)

    # a wave recorded as moved leaves the forecast's remaining servers, and the count with it
    track(sqlite_demo_ledger, "migrated", today, wave=1)
    with sqlite_demo_ledger.read() as conn:
        after = forecast_by_fy(conn, today=today)
        now = in_scope_count(conn, today)
    wave1 = sum(1 for a in result.assignments if a.wave == 1)
    assert after.actual[fiscal_year_of(today)] == fc.actual[fiscal_year_of(today)] - wave1
    due = fc.wave_dates
    for fy, n in after.forecast.items():
        assert n == now - sum(1 for a in result.assignments if a.wave != 1 and due[a.wave] <= fiscal_year_end(fy))
