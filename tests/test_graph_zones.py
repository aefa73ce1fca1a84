"""Zone-crossing detection: dependencies across zones, exceptions, servers and hosts."""

from __future__ import annotations

from assetdesk.graph import HostNode, LedgerGraph, ServerNode, zone_crossings, zone_crossings_to_json
from tests.test_graph_ledger import dep, ledger, sys_


def test_hand_made_ledger_has_one_violation():
    found = zone_crossings(ledger())
    assert [(z.edge, z.zones, z.excepted, z.relation) for z in found] == [
        (("WEB", "APP"), ("internet", "lgwan"), False, "depends")
    ]
    assert found[0].violation
    assert found[0].dependency.frequency == "realtime"


def test_exceptions_servers_and_hosts():
    systems = [
        sys_("L1"), sys_("L2"), sys_("I1", zone="internet"), sys_("M1", zone="mynumber"),
        sys_("C1", zone="closed"), sys_("U1", zone=None), sys_("R1", zone="internet", status="retired"),
    ]
    deps = [
        dep("L1", "L2"),  # same zone
        dep("I1", "L1", exception="無害化通信 承認 R5-12"),
        dep("M1", "L1"),
        dep("L2", "C1"),  # a closed system has no links at all: crossing
        dep("U1", "L1"),  # unknown zone: not judged
        dep("R1", "L1"),  # retired: left out
    ]
    servers = [
        ServerNode("S1", "s1", "lgwan", ("L1",), "HM", None),  # lgwan server on a mynumber host
        ServerNode("S2", "s2", "internet", ("L2",), None, None),  # serves an lgwan system
        ServerNode("S3", "s3", "lgwan", ("L2",), "HL", None),
    ]
    hosts = [HostNode("HM", "mynumber"), HostNode("HL", "lgwan")]
    graph = LedgerGraph.build(systems, servers, hosts, (), deps)
    found = zone_crossings(graph)
    got = {(z.source, z.target, z.relation): (z.zones, z.excepted) for z in found}
    assert got == {
        ("M1", "L1", "depends"): (("mynumber", "lgwan"), False),
        ("L2", "C1", "depends"): (("lgwan", "closed"), False),
        ("I1", "L1", "depends"): (("internet", "lgwan"), True),
        ("L2", "S2", "runs_on"): (("lgwan", "internet"), False),
        ("S1", "HM", "runs_on"): (("lgwan", "mynumber"), False),
    }
    # Violations first, excepted last.
    assert [z.excepted for z in found] == [False] * 4 + [True]
    assert found[-1].exception == "無害化通信 承認 R5-12"
    assert len(zone_crossings(graph, include_excepted=False)) == 4
    assert zone_crossings_to_json(found)[-1]["excepted"] is True


def test_each_dependency_record_is_judged_on_its_own():
    systems = [sys_("L1"), sys_("I1", zone="internet")]
    deps = [dep("I1", "L1", exception="承認済"), dep("I1", "L1", kind="file", method="file_transfer", freq="daily")]
    found = zone_crossings(LedgerGraph.build(systems, dependencies=deps))
    assert sorted(z.excepted for z in found) == [False, True]
