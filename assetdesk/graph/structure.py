"""Shape of the dependency graph: cycles and hub systems.

Both look at running systems and their dependencies only (``LedgerGraph.uses``). A cycle is
reported per strongly connected component (every system in it reaches every other), with one
example cycle to show; enumerating every simple cycle can explode on a real ledger.

A hub's dependents are the systems that use it directly or through others (the systems an
outage of it can reach, whatever the severity). They are counted for every system at once
with bitsets over the condensation (SCCs as one node), in a single topological pass.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from assetdesk.graph.model import LedgerGraph


@dataclass(frozen=True)
class Cycle:
    systems: tuple[str, ...]  # every system of the strongly connected component, sorted
    example: tuple[str, ...]  # one cycle through it: example[0] uses example[1] ... uses example[0]


@dataclass(frozen=True)
class Hub:
    code: str
    name: str
    direct: int  # systems using it directly
    total: int  # systems using it directly or transitively
    critical: int  # of ``total``, criticality A


def _uses_graph(graph: LedgerGraph) -> nx.DiGraph:
    g = nx.DiGraph()
    g.add_nodes_from(s for s in graph.systems if graph.is_active(s))
    g.add_edges_from((u, v) for u, vs in graph.uses.items() for v, _ in vs)
    return g


def cycles(graph: LedgerGraph) -> list[Cycle]:
    """Groups of systems that depend on one another in a circle, largest first."""
    g = _uses_graph(graph)
    out = []
    for comp in nx.strongly_connected_components(g):
        if len(comp) < 2:
            continue
        sub = g.subgraph(comp)
        start = min(comp)
        edges = nx.find_cycle(sub, source=start)
        out.append(Cycle(tuple(sorted(comp)), (*(u for u, _ in edges), edges[0][0])))
    out.sort(key=lambda c: (-len(c.systems), c.systems[0]))
    return out


def dependents_count(graph: LedgerGraph) -> dict[str, int]:
    """Active system -> how many systems use it, directly or transitively."""
    g = _uses_graph(graph)
    cond = nx.condensation(g)
    members = cond.graph["mapping"]  # node -> component id
    index = {n: i for i, n in enumerate(g)}
    bits = [0] * len(cond)
    for n, c in members.items():
        bits[c] |= 1 << index[n]
    # Edges u -> v mean u uses v: v's dependents are everything that reaches it.
    reach = [0] * len(cond)
    for c in nx.topological_sort(cond):
        for d in cond.successors(c):
            reach[d] |= reach[c] | bits[c]
    return {n: reach[c].bit_count() + bits[c].bit_count() - 1 for n, c in members.items()}


def hubs(graph: LedgerGraph, n: int = 10) -> list[Hub]:
    """The ``n`` systems with the most dependents (transitive, then direct)."""
    total = dependents_count(graph)
    if not total:
        return []
    critical = {s for s in total if graph.systems[s].criticality == "A"}
    ranked = sorted(total, key=lambda s: (-total[s], -len(graph.dependents.get(s, ())), s))[:n]
    g = _uses_graph(graph) if critical else None
    out = []
    for s in ranked:
        crit = 0
        if g is not None:
            crit = len(nx.ancestors(g, s) & critical)
        out.append(Hub(s, graph.systems[s].name, len(graph.dependents.get(s, ())), total[s], crit))
    return out
