"""The hand-made ledger the graph tests share, and tests of building the graph from records.

The ledger (u -> v: u uses v; severity of the link in brackets):

    APP  -> AUTH   auth, realtime        [immediate]
    APP  -> DB1    data, db_direct daily [immediate]
    REP  -> APP    file_transfer daily   [delayed]
    ARC  -> REP    monthly               [deferred]
    WEB  -> APP    api realtime          [immediate]  internet -> lgwan, no exception
    PORTAL -> WEB  weekly                [deferred]
    X    -> REP    api realtime          [immediate]  (but REP is only reached 'delayed')
    Z    -> APP    weekly                [deferred]
    Z    -> W      api realtime          [immediate]
    W    -> APP    api realtime          [immediate]
    OLD  -> APP    realtime              OLD is retired

Servers: SRV-A1/SRV-A2 serve APP as HA pair HA-APP on hosts H1/H2; SRV-D serves DB1 on H1;
SRV-W serves WEB; SRV-SH serves REP and ARC; SRV-AU serves AUTH.
"""

from __future__ import annotations

import pytest

from assetdesk.graph import (
    DependencyEdge,
    GraphError,
    HostNode,
    LedgerGraph,
    SectionNode,
    ServerNode,
    SystemNode,
)


def sys_(code, zone="lgwan", section="S1", crit=None, rto=None, users=10, status="active"):
    return SystemNode(code, f"name {code}", section, None, zone, crit, rto, users, status)


def dep(a, b, kind="data", method="api", freq="realtime", exception=None):
    return DependencyEdge(a, b, kind, method, freq, exception)


SECTIONS = (
    SectionNode("S1", "情報政策課", "経営管理部"),
    SectionNode("S2", "税務課", "総務部"),
    SectionNode("S3", "広報課", "総務部"),
)
HOSTS = (HostNode("H1", "lgwan"), HostNode("H2", "lgwan"))


def systems():
    return [
        sys_("AUTH", crit="A", rto=2, users=1000),
        sys_("DB1", section="S2", users=0),
        sys_("APP", section="S2", crit="A", rto=24, users=200),
        sys_("REP", section="S2", users=30),
        sys_("ARC", section="S1", users=5),
        sys_("WEB", zone="internet", section="S3", crit="A", rto=8, users=5000),
        sys_("PORTAL", zone="internet", section="S3", users=7000),
        sys_("X", users=1),
        sys_("Z", crit="B", rto=48, users=2),
        sys_("W", users=3),
        sys_("OLD", status="retired", users=999),
    ]


def servers(a2_host="H2"):
    return [
        ServerNode("SRV-A1", "app01", "lgwan", ("APP",), "H1", "HA-APP"),
        ServerNode("SRV-A2", "app02", "lgwan", ("APP",), a2_host, "HA-APP"),
        ServerNode("SRV-D", "db01", "lgwan", ("DB1",), "H1", None),
        ServerNode("SRV-W", "web01", "internet", ("WEB",), None, None),
        ServerNode("SRV-SH", "rep01", "lgwan", ("REP", "ARC"), None, None),
        ServerNode("SRV-AU", "auth01", "lgwan", ("AUTH",), None, None),
    ]


def dependencies():
    return [
        dep("APP", "AUTH", kind="auth"),
        dep("APP", "DB1", method="db_direct", freq="daily"),
        dep("REP", "APP", method="file_transfer", freq="daily"),
        dep("ARC", "REP", method="api", freq="monthly"),
        dep("WEB", "APP"),
        dep("PORTAL", "WEB", freq="weekly"),
        dep("X", "REP"),
        dep("Z", "APP", freq="weekly"),
        dep("Z", "W"),
        dep("W", "APP"),
        dep("OLD", "APP"),
    ]


def ledger(a2_host="H2", extra_deps=()) -> LedgerGraph:
    return LedgerGraph.build(systems(), servers(a2_host), HOSTS, SECTIONS, [*dependencies(), *extra_deps])


def test_edges_read_u_needs_v():
    g = ledger().g
    assert g.edges["APP", "DB1"]["type"] == "depends"
    assert g.edges["APP", "SRV-A1"]["type"] == "runs_on"
    assert g.edges["SRV-A1", "H1"]["type"] == "runs_on"
    assert g.edges["APP", "S2"]["type"] == "owned_by"
    assert g.nodes["H1"]["kind"] == "host"


def test_parallel_dependencies_keep_every_record_and_the_strongest_severity():
    graph = ledger(extra_deps=[dep("REP", "APP", kind="auth", method="api", freq="adhoc")])
    data = graph.g.edges["REP", "APP"]
    assert len(data["dependencies"]) == 2
    assert data["severity"] == 3  # auth beats the daily file


def test_retired_systems_pass_nothing():
    graph = ledger()
    assert "OLD" not in {u for u, *_ in graph.dependents["APP"]}


def test_a_code_used_twice_is_refused():
    with pytest.raises(GraphError):
        LedgerGraph.build([sys_("H1")], hosts=[HostNode("H1", "lgwan")])


def test_dangling_references_are_listed_not_fatal():
    graph = LedgerGraph.build(
        [sys_("A", section="NOPE")],
        [ServerNode("S", "s", "lgwan", ("A", "GHOST"), "NOHOST")],
        dependencies=[dep("A", "MISSING")],
    )
    missing = {(d.field, d.missing) for d in graph.dangling}
    assert missing == {("section", "NOPE"), ("systems", "GHOST"), ("host", "NOHOST"), ("dependency", "MISSING")}
    assert graph.g.has_edge("A", "S")


def test_resolve_takes_codes_hostnames_and_any_case():
    graph = ledger()
    assert graph.resolve("app01") == "SRV-A1"
    assert graph.resolve(" srv-d ") == "SRV-D"
    assert graph.resolve("h2") == "H2"
    with pytest.raises(GraphError):
        graph.resolve("NOTHING")


def test_department_comes_from_the_section_when_missing():
    graph = ledger()
    assert graph.department_of("APP") == "総務部"
    assert graph.department_of("AUTH") == "経営管理部"
