"""Cycles, hubs and transitive dependents; focus views."""

from __future__ import annotations

import networkx as nx

from assetdesk.graph import LedgerGraph, cycles, dependents_count, focus, hubs, impact, move_groups
from assetdesk.graph.synthetic import generate
from tests.test_graph_ledger import dep, ledger, sys_


def test_cycles_are_reported_per_knot_with_a_real_example():
    systems = [sys_(c) for c in ("A", "B", "C", "D", "E", "F", "G")] + [sys_("R", status="retired")]
    deps = [
        dep("A", "B"), dep("B", "C"), dep("C", "A"), dep("C", "D"),  # knot A-B-C, D outside
        dep("E", "F"), dep("F", "E"),  # a pair
        dep("G", "G"),  # a self-link is no cycle worth reporting
        dep("D", "R"), dep("R", "D"),  # through a retired system: gone
    ]
    found = cycles(LedgerGraph.build(systems, dependencies=deps))
    assert [c.systems for c in found] == [("A", "B", "C"), ("E", "F")]
    for c in found:
        assert c.example[0] == c.example[-1]
        assert set(c.example) == set(c.systems)
        assert all(d in c.systems for d in c.example)


def test_hubs_rank_by_transitive_dependents():
    # AUTH and DB1 are each used by APP only, but reach what APP reaches too; APP is used by
    # REP, WEB, W, Z directly (OLD is retired) and by ARC, X, PORTAL through them.
    top = hubs(ledger(), 3)
    assert [h.code for h in top] == ["AUTH", "DB1", "APP"]
    assert [(h.direct, h.total) for h in top] == [(1, 8), (1, 8), (4, 7)]
    assert top[0].critical == 2  # APP and WEB are criticality A


def test_dependents_count_matches_networkx_ancestors():
    graph = LedgerGraph.from_records(generate(300, seed=5))
    g = nx.DiGraph()
    g.add_nodes_from(s for s in graph.systems if graph.is_active(s))
    g.add_edges_from((u, v) for u, vs in graph.uses.items() for v, _ in vs)
    counts = dependents_count(graph)
    assert counts == {s: len(nx.ancestors(g, s)) for s in g}


def test_neighbourhood_grows_with_hops_and_stops_at_sections():
    graph = ledger()
    one = set(focus.neighbourhood(graph, "APP", 1))
    assert one == {"APP", "AUTH", "DB1", "REP", "WEB", "W", "Z", "OLD", "SRV-A1", "SRV-A2", "S2"}
    two = set(focus.neighbourhood(graph, "APP", 2))
    assert {"H1", "H2", "SRV-D", "ARC", "X", "PORTAL", "SRV-AU"} <= two
    assert "S1" in two and "S1" not in one
    # A section is a dead end: it would pull in every system it owns.
    assert "SRV-SH" in two  # through REP
    assert focus.neighbourhood(graph, "APP", 0).number_of_nodes() == 1


def test_department_zone_group_and_wave_views():
    graph = ledger()
    dept = set(focus.department(graph, "総務部"))
    assert dept == {"DB1", "APP", "REP", "WEB", "PORTAL", "S2", "S3", "SRV-A1", "SRV-A2", "SRV-D", "SRV-SH", "SRV-W", "H1", "H2"}
    assert set(focus.zone(graph, "internet")) == {"WEB", "PORTAL", "SRV-W"}
    core = move_groups(graph)[0]
    view = focus.move_group(graph, core)
    assert set(core.servers) | set(core.systems) | {"H1", "H2"} == set(view)
    assert view.has_edge("APP", "DB1")
    assert set(focus.wave(graph, ["SRV-SH", "SRV-D", "nope"])) == {"SRV-SH", "REP", "ARC", "SRV-D", "DB1", "H1"}
    assert set(focus.subgraph(graph, ["APP", "DB1", "zzz"]).edges) == {("APP", "DB1")}


def test_impact_view_holds_every_path():
    graph = ledger()
    imp = impact(graph, "H1")
    view = focus.impact_view(graph, imp)
    assert {"H1", "SRV-A1", "SRV-D", "DB1", "APP", "REP", "X"} <= set(view)
    assert "SRV-A2" not in view  # APP falls with its database: no stand-in to show
    assert set(focus.impact_view(graph, impact(graph, "SRV-A1"))) == {"SRV-A1", "APP", "SRV-A2"}
    tree = focus.impact_tree(imp)
    assert ("H1", "SRV-D") in tree and ("DB1", "APP") in tree
    assert all(a in view and b in view for a, b in tree)
    # Every system but the root's direct hits has exactly one cause: the paths form a tree.
    causes = {}
    for a, b in tree:
        causes.setdefault(b, set()).add(a)
    assert all(len(c) == 1 for c in causes.values())
