"""The planner page's zone table states each zone's bound, the method behind it and the gap."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QTableWidget

from assetdesk.planner import HostSpec, PlanParameters, plan
from assetdesk.planner.model import PlanServer, ZoneResult
from ui.planner.results import show_zones


def _zone(zone: str, hosts: int, bound: int, kind: str) -> ZoneResult:
    return ZoneResult(zone=zone, servers=40, hosts=hosts, spares=1, lower_bound=bound, proven_optimal=hosts == bound,
                      solver="patterns" if hosts == bound else "heuristic", ffd_hosts=hosts + 3, bound_kind=kind,
                      storage_gb=100.0, storage_capacity_gb=1000.0)


def test_zone_table_shows_gap_and_bound_method(qapp):
    base = plan([PlanServer("S1", "s1", "lgwan", 4, None, 8.0, None)], HostSpec(), PlanParameters(time_limit_s=1.0))
    result = replace(base, zones=(_zone("lgwan", 33, 33, "lp"), _zone("internet", 12, 10, "memory")))
    table = QTableWidget()
    show_zones(table, result)
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    gap = headers.index("下限との差")
    method = headers.index("下限の根拠")
    solver = headers.index("解法")
    assert [table.item(r, gap).text() for r in range(3)] == ["0", "2", "2"]
    assert table.item(0, method).text() == "線形計画(パターン)"
    assert table.item(0, solver).text() == "パターン整数計画"
