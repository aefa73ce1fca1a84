"""Dedicated terminals and lines: which can move, the saving, counts by fiscal year."""

from __future__ import annotations

import datetime as dt

from assetdesk import terminals as T

D = dt.date


def sys_(code, zone="lgwan", req=None, terminals=0, t_cost=None, lines=0, l_cost=None, status="active",
         t_moved=None, l_moved=None, in_service=None):
    return {"system_code": code, "name": code, "section": "S001", "network_zone": zone, "status": status,
            "terminal_requirement": req, "dedicated_terminals": terminals, "terminal_cost": t_cost,
            "dedicated_lines": lines, "line_cost": l_cost, "terminals_moved_on": t_moved,
            "lines_moved_on": l_moved, "in_service": in_service}


def test_terminals_move_when_the_standard_pc_meets_the_need_and_reaches_the_zone():
    assert T.terminal_verdict(sys_("A", "lgwan", "browser"))[0]
    assert T.terminal_verdict(sys_("A", "internet", "client"))[0]
    assert not T.terminal_verdict(sys_("A", "lgwan", "device"))[0]
    assert not T.terminal_verdict(sys_("A", "mynumber", "browser"))[0]
    assert not T.terminal_verdict(sys_("A", "closed", "browser"))[0]
    assert not T.terminal_verdict(sys_("A", "lgwan", None))[0]


def test_lines_move_unless_the_system_is_closed():
    assert T.line_verdict(sys_("A", "mynumber"))[0]
    assert T.line_verdict(sys_("A", "lgwan"))[0]
    assert not T.line_verdict(sys_("A", "closed"))[0]


def test_proposals_save_only_what_moves_largest_first_with_reasons():
    rows = [
        sys_("SYS-1", "lgwan", "client", terminals=10, t_cost=1200, lines=2, l_cost=800),
        sys_("SYS-2", "mynumber", "browser", terminals=5, t_cost=600, lines=1, l_cost=300),
        sys_("SYS-3", "closed", "device", terminals=3, t_cost=900, lines=4, l_cost=2000),
        sys_("SYS-4", "lgwan", "browser", terminals=8, t_cost=999, t_moved=D(2017, 10, 1)),  # moved already
        sys_("SYS-5", "lgwan", "browser", terminals=2, t_cost=100, status="retired"),
        sys_("SYS-6", "lgwan"),  # nothing dedicated
    ]
    props = T.proposals(rows)
    assert [p.system_code for p in props] == ["SYS-1", "SYS-2", "SYS-3"]
    one, two, three = props
    assert (one.terminal_saving, one.line_saving, one.saving) == (1200, 800, 2000)
    assert (two.terminals_movable, two.lines_movable, two.saving) == (False, True, 300)
    assert (three.movable, three.saving) == (False, 0)
    assert len(three.reasons) == 2 and all(three.reasons)
    doc = T.summary(rows, 2016, D(2018, 5, 1))
    assert doc["saving"] == {"terminals": 1200, "lines": 1100, "total": 2300}


def test_counts_by_fiscal_year_follow_the_moved_dates():
    rows = [
        sys_("SYS-1", terminals=10, lines=2, t_moved=D(2017, 10, 1)),       # terminals gone in FY2017
        sys_("SYS-2", terminals=4, lines=1, l_moved=D(2018, 3, 31)),        # moved on the year's last day: moved that year
        sys_("SYS-3", terminals=3, status="retired", t_moved=D(2019, 1, 5)),  # counted until it went
        sys_("SYS-4", terminals=6, in_service=D(2018, 4, 1)),                # new in FY2018
        sys_("SYS-5", terminals=7, status="consolidated"),                  # gone, no date: never
    ]
    by_fy = T.counts_by_fy(rows, 2016, D(2019, 6, 30))
    assert by_fy == {2016: {"terminals": 17, "lines": 3}, 2017: {"terminals": 7, "lines": 2},
                     2018: {"terminals": 10, "lines": 2}, 2019: {"terminals": 10, "lines": 2}}
