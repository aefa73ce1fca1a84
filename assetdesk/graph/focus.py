"""Focus views: the part of the ledger graph a person looks at, as networkx subgraph views.

Each function returns a read-only view of ``LedgerGraph.g`` (node attributes ``kind`` and
``record``, edge attribute ``type``), ready for ``layout.layered_layout`` or
``layout.clustered_layout``. Views share the graph's data, so they cost almost nothing to make.

Context that makes a view readable comes along: a department view holds its systems, their
servers and the hosts those run on, and its sections; a zone view holds the zone's systems,
servers and hosts; a move group or a wave holds its servers, their systems and hosts.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable

import networkx as nx

from assetdesk.graph.impacts import Impact
from assetdesk.graph.model import HOST, SECTION, SERVER, SYSTEM, LedgerGraph
from assetdesk.graph.moves import MoveGroup


def subgraph(graph: LedgerGraph, codes: Iterable[str]) -> nx.DiGraph:
    """The view induced by ``codes`` (unknown codes are ignored)."""
    return graph.g.subgraph(c for c in codes if c in graph.g)


def neighbourhood(graph: LedgerGraph, code: str, hops: int = 1) -> nx.DiGraph:
    """``code`` and every node within ``hops`` edges of it, in either direction, any edge type.

    Sections are passed through but not expanded: a section would pull in every system it owns.
    """
    root = graph.resolve(code)
    g = graph.g
    seen = {root: 0}
    queue = deque([root])
    while queue:
        node = queue.popleft()
        d = seen[node]
        if d >= hops or (node != root and g.nodes[node]["kind"] == SECTION):
            continue
        for nb in (*g.successors(node), *g.predecessors(node)):
            if nb not in seen:
                seen[nb] = d + 1
                queue.append(nb)
    return g.subgraph(seen)


def with_infrastructure(graph: LedgerGraph, systems: Iterable[str]) -> set[str]:
    """``systems`` plus their servers and the hosts those run on."""
    out = set(systems)
    for s in list(out):
        for srv in graph.servers_of_system.get(s, ()):
            out.add(srv)
            host = graph.servers[srv].host
            if host in graph.hosts:
                out.add(host)
    return out


def department(graph: LedgerGraph, name: str) -> nx.DiGraph:
    systems = [s for s in graph.systems if graph.department_of(s) == name]
    sections = [c for c, sec in graph.sections.items() if sec.department == name]
    return subgraph(graph, with_infrastructure(graph, systems) | set(sections))


def zone(graph: LedgerGraph, zone_value: str) -> nx.DiGraph:
    g = graph.g
    return g.subgraph(
        n for n, data in g.nodes(data=True)
        if data["kind"] in (SYSTEM, SERVER, HOST) and getattr(data["record"], "zone", None) == zone_value
    )


def servers_view(graph: LedgerGraph, servers: Iterable[str]) -> nx.DiGraph:
    """Servers (a wave of the plan), with their systems and hosts."""
    chosen = {s for s in servers if s in graph.servers}
    systems = {x for s in chosen for x in graph.servers[s].systems if x in graph.systems}
    hosts = {h for s in chosen if (h := graph.servers[s].host) in graph.hosts}
    return subgraph(graph, chosen | systems | hosts)


def move_group(graph: LedgerGraph, group: MoveGroup) -> nx.DiGraph:
    return subgraph(graph, with_infrastructure(graph, group.systems) | set(group.servers))


def wave(graph: LedgerGraph, servers: Iterable[str]) -> nx.DiGraph:
    """A planner wave: the servers assigned to it, their systems and hosts."""
    return servers_view(graph, servers)


def impact_view(graph: LedgerGraph, impact: Impact) -> nx.DiGraph:
    """The root, the servers down or moving, and every node on an affected system's path."""
    nodes = {impact.root, *impact.servers}
    for a in impact.affected:
        nodes.update(a.path)
    for p in impact.protected:
        nodes.add(p.code)
        nodes.update(p.standby)
    return subgraph(graph, nodes)


def impact_tree(impact: Impact) -> set[tuple[str, str]]:
    """The explaining paths as (cause, affected) pairs: the effect's direction, root outwards.

    These run against the graph's edges ("u needs v"); draw them highlighted over the view.
    """
    return {pair for a in impact.affected for pair in zip(a.path, a.path[1:], strict=False)}
