"""Move groups: servers of one system, shared servers, tight links; and what does not couple."""

from __future__ import annotations

import networkx as nx

from assetdesk.graph import LedgerGraph, ServerNode, group_of_server, move_groups, move_groups_to_json
from assetdesk.graph.severity import is_tight
from assetdesk.graph.synthetic import generate
from tests.test_graph_ledger import HOSTS, SECTIONS, dep, ledger, sys_


def by_server(graph):
    return {srv: g for srv, g in group_of_server(move_groups(graph)).items()}


def test_hand_made_ledger():
    groups = move_groups(ledger())
    as_sets = {frozenset(g.servers): g for g in groups}
    # APP's HA pair, DB1 (DB直結 from APP) and WEB (real-time API to APP) move together;
    # AUTH's link to APP is an auth link (a shared service): it couples nothing.
    core = as_sets[frozenset({"SRV-A1", "SRV-A2", "SRV-D", "SRV-W"})]
    assert set(core.systems) == {"APP", "DB1", "WEB"}
    assert set(core.reasons) == {"same_system", "tight_link"}
    assert core.reason == "tight_link"
    assert {(d.from_system, d.to_system) for d in core.links} == {("APP", "DB1"), ("WEB", "APP")}
    assert core.zones == ("internet", "lgwan")
    shared = as_sets[frozenset({"SRV-SH"})]
    assert shared.systems == ("ARC", "REP") and shared.reasons == ("shared_server",)
    assert as_sets[frozenset({"SRV-AU"})].reasons == ("single",)
    assert len(groups) == 3
    assert groups[0] is core and groups[0].id == "MG-0001"


def test_a_link_through_a_system_without_servers_ties_nothing():
    systems = [sys_("A"), sys_("CLOUD"), sys_("C")]
    servers = [ServerNode("SA", "a", "lgwan", ("A",)), ServerNode("SC", "c", "lgwan", ("C",))]
    deps = [dep("A", "CLOUD", method="db_direct"), dep("C", "CLOUD", method="db_direct")]
    groups = move_groups(LedgerGraph.build(systems, servers, HOSTS, SECTIONS, deps))
    assert sorted(g.servers for g in groups) == [("SA",), ("SC",)]


def test_retired_systems_tie_nothing():
    systems = [sys_("A"), sys_("B", status="retired")]
    servers = [ServerNode("SA", "a", "lgwan", ("A",)), ServerNode("SB", "b", "lgwan", ("B",))]
    groups = move_groups(LedgerGraph.build(systems, servers, dependencies=[dep("A", "B", method="db_direct")]))
    assert sorted(g.servers for g in groups) == [("SA",), ("SB",)]


def test_daily_file_links_do_not_couple_but_realtime_does_either_way():
    systems = [sys_("A"), sys_("B"), sys_("C")]
    servers = [ServerNode(f"S{c}", c.lower(), "lgwan", (c,)) for c in "ABC"]
    deps = [dep("A", "B", method="file_transfer", freq="daily"), dep("C", "B", freq="realtime")]
    groups = move_groups(LedgerGraph.build(systems, servers, dependencies=deps))
    assert sorted(g.servers for g in groups) == [("SA",), ("SB", "SC")]


def test_synthetic_groups_partition_the_servers_and_respect_every_rule():
    graph = LedgerGraph.from_records(generate(400, seed=3))
    groups = move_groups(graph)
    owner = by_server(graph)
    assert sorted(owner) == sorted(graph.servers)
    assert sum(len(g.servers) for g in groups) == len(graph.servers)
    for system, servers in graph.servers_of_system.items():
        if graph.is_active(system):
            assert len({owner[s].id for s in servers}) == 1, system
    for d in graph.dependencies:
        a, b = graph.servers_of_system.get(d.from_system), graph.servers_of_system.get(d.to_system)
        if a and b and is_tight(d) and graph.is_active(d.from_system) and graph.is_active(d.to_system):
            assert owner[a[0]] is owner[b[0]]
    # Groups are exactly the connected pieces of "serves" + tight links (networkx's answer).
    g = nx.Graph()
    g.add_nodes_from(graph.servers)
    for srv, rec in graph.servers.items():
        g.add_edges_from((srv, s) for s in rec.systems if s in graph.systems and graph.is_active(s))
    for d in graph.dependencies:
        a, b = graph.servers_of_system.get(d.from_system), graph.servers_of_system.get(d.to_system)
        if a and b and is_tight(d) and graph.is_active(d.from_system) and graph.is_active(d.to_system):
            g.add_edge(d.from_system, d.to_system)
    expected = {frozenset(n for n in comp if n in graph.servers) for comp in nx.connected_components(g)}
    assert {frozenset(x.servers) for x in groups} == expected - {frozenset()}
    assert any(len(x.servers) > 2 for x in groups)
    sizes = [len(g.servers) for g in groups]
    assert sizes == sorted(sizes, reverse=True)
    doc = move_groups_to_json(groups)
    assert doc[0]["servers"] == list(groups[0].servers)
