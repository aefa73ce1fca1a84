"""The plan's indicators: the plan line, achievement, the ledger-computed series, hand entries."""

from __future__ import annotations

import datetime as dt

import pytest

from assetdesk.indicators import (
    LEDGER_SOURCE,
    SERVER_INDICATOR,
    IndicatorSeries,
    chart_points,
    indicator_report,
    value_problems,
)

TODAY = dt.date(2026, 11, 26)
SERVERS = IndicatorSeries(SERVER_INDICATOR, "対象サーバ数", "台", 2016, 196, 2020, 7, LEDGER_SOURCE, {2017: 93.0})
OPEN_DATA = IndicatorSeries("open_data", "オープンデータ掲載データ種類", "種類", 2014, 107, 2020, 250, "manual",
                            {2017: 176.0, 2018: 150.0})


def test_plan_line_and_achievement_for_falling_and_rising_targets():
    assert SERVERS.planned(2016) == 196 and SERVERS.planned(2020) == 7 and SERVERS.planned(2030) == 7
    assert SERVERS.planned(2018) == pytest.approx(196 - 189 / 2)
    assert SERVERS.achievement() == pytest.approx((93 - 196) / (7 - 196))
    assert SERVERS.on_track(2017) is True  # 93 is below the line's 148.75
    assert OPEN_DATA.achievement(2017) == pytest.approx((176 - 107) / (250 - 107))
    assert OPEN_DATA.latest() == (2018, 150.0)
    assert OPEN_DATA.on_track() is False  # 2018's line is at ~202
    assert IndicatorSeries("x", "x", baseline=1, target=None).achievement() is None


def test_chart_and_report_content_is_plain_data():
    pts = chart_points(SERVERS)
    assert pts["years"] == [2016, 2017, 2018, 2019, 2020]
    assert pts["actual"] == [None, 93.0, None, None, None]
    assert pts["planned"][0] == 196 and pts["planned"][-1] == 7
    report = indicator_report([SERVERS, OPEN_DATA], TODAY)
    assert report["as_of"] == "2026-11-26" and len(report["columns"]) == 4
    first = report["indicators"][0]
    assert (first["code"], first["latest_fy"], first["latest"], first["on_track"]) == (SERVER_INDICATOR, 2017, 93.0, True)
    assert first["rows"][1][:3] == [2017, 93.0, pytest.approx(148.75)]
    import json

    json.dumps(report)  # the report renderer and --json take it as it is


def test_hand_entries_are_checked():
    assert value_problems(OPEN_DATA, 2019, 200) == []
    assert value_problems(OPEN_DATA, 1990, 200) != []
    assert value_problems(OPEN_DATA, 2019, -1) != []
    assert value_problems(SERVERS, 2019, 50) != []  # computed from the ledger, not typed


def test_server_indicator_matches_stats(sqlite_demo_ledger):
    from db.portfolio import indicator_series
    from db.queries import stats

    with sqlite_demo_ledger.read() as conn:
        series = {s.code: s for s in indicator_series(conn, TODAY)}
        figures = stats(conn, today=TODAY)["in_scope_by_fy"]
    servers = series[SERVER_INDICATOR]
    assert servers.source == LEDGER_SOURCE
    assert {str(fy): int(v) for fy, v in servers.actuals.items()} == figures
    assert servers.actuals[2016] == servers.baseline == 196  # the demo's plan figures
    assert servers.actuals[2017] == 93
    assert len(series) == 12


def test_manual_values_are_entered_and_the_ledger_one_refused(ledger):
    from db.ledger import LedgerError
    from db.portfolio import indicator_series, save_indicator, set_indicator_value

    save_indicator(ledger, "open_data", "オープンデータ掲載データ種類", "種類", 2014, 107, 2020, 250)
    save_indicator(ledger, SERVER_INDICATOR, "対象サーバ数", "台", 2016, 196, 2020, 7)
    set_indicator_value(ledger, "open_data", 2017, 176)
    set_indicator_value(ledger, "open_data", 2018, 190)
    set_indicator_value(ledger, "open_data", 2018, 195)  # a correction replaces
    with pytest.raises(LedgerError):
        set_indicator_value(ledger, SERVER_INDICATOR, 2018, 50)
    with pytest.raises(LedgerError):
        set_indicator_value(ledger, "unknown", 2018, 1)
    with ledger.read() as conn:
        series = {s.code: s for s in indicator_series(conn, TODAY)}
    assert series["open_data"].actuals == {2017: 176.0, 2018: 195.0}
    assert series[SERVER_INDICATOR].actuals[2016] == 0  # an empty ledger has no servers in scope
    set_indicator_value(ledger, "open_data", 2017, None)
    with ledger.read() as conn:
        assert {s.code: s for s in indicator_series(conn, TODAY)}["open_data"].actuals == {2018: 195.0}
