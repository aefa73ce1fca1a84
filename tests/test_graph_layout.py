"""Layouts: direction shown (edges point down), clusters hold their nodes, nothing overlaps."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from assetdesk.graph import LedgerGraph, clustered_layout, focus, layered_layout
from assetdesk.graph.synthetic import generate
from tests.test_graph_ledger import ledger


def _distinct(positions):
    return len(set(positions.values())) == len(positions)


def test_layered_layout_points_every_edge_of_a_dag_down():
    rng = random.Random(1)
    g = nx.DiGraph()
    g.add_nodes_from(range(300))
    for _ in range(900):
        a, b = sorted(rng.sample(range(300), 2))
        g.add_edge(str(b), str(a))
    g = nx.relabel_nodes(g, str)
    lay = layered_layout(g)
    assert set(lay.positions) == set(g)
    assert _distinct(lay.positions)
    assert all(lay.positions[u][1] < lay.positions[v][1] for u, v in g.edges)
    assert all(lay.layers[u] < lay.layers[v] for u, v in g.edges)


def test_layered_layout_of_the_ledger_puts_users_above_servers_above_hosts():
    graph = ledger()
    lay = layered_layout(graph.g)
    y = {n: p[1] for n, p in lay.positions.items()}
    assert y["WEB"] < y["APP"] < y["DB1"] < y["SRV-D"] < y["H1"]
    assert y["APP"] < y["SRV-A1"] < y["H1"]


def test_a_knot_of_cycles_takes_a_few_layers_not_one_per_node():
    n = 400
    g = nx.DiGraph()
    g.add_edges_from((str(i), str((i + 1) % n)) for i in range(n))  # one long cycle
    g.add_edges_from((str(i), str((i * 7 + 3) % n)) for i in range(n))  # and shortcuts
    lay = layered_layout(g)
    assert max(lay.layers.values()) < 40
    assert _distinct(lay.positions)


def test_barycenter_sweeps_reduce_crossings():
    # Two layers wired as a permutation: the sweeps should line the pairs up (no crossings).
    rng = random.Random(2)
    top = [f"t{i}" for i in range(40)]
    bottom = [f"b{i}" for i in range(40)]
    perm = bottom[:]
    rng.shuffle(perm)
    g = nx.DiGraph()
    g.add_edges_from(zip(top, perm, strict=True))
    unswept = layered_layout(g, sweeps=0)
    swept = layered_layout(g)

    def crossings(lay):
        xs = sorted((lay.positions[u][0], lay.positions[v][0]) for u, v in g.edges)
        return sum(1 for i in range(len(xs)) for j in range(i + 1, len(xs)) if xs[j][1] < xs[i][1])

    assert crossings(unswept) > 100
    assert crossings(swept) == 0


@pytest.mark.parametrize("by", ["department", "section", "zone"])
def test_clustered_layout_keeps_nodes_in_their_boxes(by):
    graph = LedgerGraph.from_records(generate(300, seed=4))
    lay = clustered_layout(graph, by=by)
    assert set(lay.positions) == set(graph.g)
    assert _distinct(lay.positions)
    boxes = {b.key: b for b in lay.clusters}
    for node, (x, y) in lay.positions.items():
        b = boxes[lay.cluster_of[node]]
        assert b.x < x < b.x + b.w and b.y < y < b.y + b.h, node
    outer = [b for b in lay.clusters if b.level == 1]
    for b in lay.clusters:
        if b.level == 2:
            p = boxes[b.parent]
            assert p.x <= b.x and b.x + b.w <= p.x + p.w and p.y <= b.y and b.y + b.h <= p.y + p.h
    for i, a in enumerate(outer):
        for b in outer[i + 1 :]:
            assert a.x + a.w <= b.x or b.x + b.w <= a.x or a.y + a.h <= b.y or b.y + b.h <= a.y
    assert sum(b.count for b in outer) == graph.g.number_of_nodes()
    assert lay.width >= max(b.x + b.w for b in outer) - 1e-6
    assert lay.height >= max(b.y + b.h for b in outer) - 1e-6


def test_clusters_follow_the_organisation_and_aggregate_edges():
    graph = ledger()
    lay = clustered_layout(graph)
    assert lay.cluster_of["APP"] == "総務部/S2"
    assert lay.cluster_of["SRV-A1"] == "総務部/S2"  # servers sit with their system
    assert lay.cluster_of["H1"] == "__platform__/lgwan"
    # APP (総務部) uses AUTH (経営管理部); W, Z, OLD use APP and ARC, X use REP (総務部).
    edges = {(e.source, e.target): e.count for e in lay.cluster_edges}
    assert edges == {("経営管理部", "総務部"): 5, ("総務部", "経営管理部"): 1}
    assert lay.labelled(1) == ["APP"]  # the most used system gets the first label
    named = clustered_layout(graph, department_names={"総務部": "General Affairs"})
    assert {b.key: b.label for b in named.clusters if b.level == 1}["総務部"] == "General Affairs"


def test_layouts_of_focus_views():
    graph = ledger()
    view = focus.neighbourhood(graph, "APP", 1)
    lay = clustered_layout(graph, view)
    assert set(lay.positions) == set(view)
    assert set(layered_layout(view).positions) == set(view)
    assert layered_layout(nx.DiGraph()).positions == {}
