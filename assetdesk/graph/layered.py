"""Layered layout (Sugiyama-style): the direction of dependencies, top to bottom.

Every edge u -> v ("u needs v") points down, so users sit above what they use, systems above
their servers, servers above hosts. Layers come from the longest path over the strongly
connected components, each knot of cycles drawn as a band of BFS depth (see ``_layers``); the
order within a layer from barycenter sweeps (down and up) vectorised with numpy. Long edges get
no dummy nodes: the barycenter of a node uses its neighbours in any layer, which is what keeps
it fast. A layer wider than ``max_columns`` folds into several rows, interleaved, so the
left-to-right order (what the sweeps optimised) is kept.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import networkx as nx
import numpy as np

from assetdesk.graph.canvas import Layout, importance


def layered_layout(
    g: nx.DiGraph,
    node_gap: float = 40.0,
    layer_gap: float = 90.0,
    row_gap: float = 28.0,
    max_columns: int | None = None,
    sweeps: int = 4,
    order_key: Callable[[str], object] | None = None,
) -> Layout:
    """Positions with every edge pointing down where the graph allows; see the module doc.

    ``order_key`` gives the initial order inside a layer (e.g. department, to start clusters
    together); the barycenter sweeps refine it.
    """
    nodes = list(g)
    n = len(nodes)
    if n == 0:
        return Layout({}, 0.0, 0.0)
    index = {c: i for i, c in enumerate(nodes)}
    succ: list[list[int]] = [[] for _ in range(n)]
    for u, v in g.edges():
        if u != v:
            succ[index[u]].append(index[v])
    layer = _layers(succ)

    # All edges oriented downwards (a back edge is reversed for the ordering).
    src, dst = [], []
    for u, vs in enumerate(succ):
        for v in vs:
            if layer[u] < layer[v]:
                src.append(u)
                dst.append(v)
            elif layer[v] < layer[u]:
                src.append(v)
                dst.append(u)
    a = np.asarray(src, dtype=np.int64)
    b = np.asarray(dst, dtype=np.int64)
    L = np.asarray(layer, dtype=np.int64)
    depth = int(L.max()) + 1

    key = order_key or (lambda c: 0)
    initial = sorted(range(n), key=lambda i: (layer[i], key(nodes[i]), nodes[i]))
    members = [[] for _ in range(depth)]
    for i in initial:
        members[layer[i]].append(i)
    members_np = [np.asarray(m, dtype=np.int64) for m in members]
    pos = np.zeros(n)
    local = np.zeros(n, dtype=np.int64)
    for m in members_np:
        pos[m] = (np.arange(len(m)) + 0.5) / len(m)
        local[m] = np.arange(len(m))

    by_b = np.argsort(L[b], kind="stable")
    by_a = np.argsort(L[a], kind="stable")
    b_cuts = np.searchsorted(L[b][by_b], np.arange(depth + 1))
    a_cuts = np.searchsorted(L[a][by_a], np.arange(depth + 1))
    for _sweep in range(sweeps):
        for lvl in range(1, depth):  # downwards: order by the layers above
            sel = by_b[b_cuts[lvl] : b_cuts[lvl + 1]]
            _reorder(members_np[lvl], local[b[sel]], pos[a[sel]], pos)
        for lvl in range(depth - 2, -1, -1):  # upwards: order by the layers below
            sel = by_a[a_cuts[lvl] : a_cuts[lvl + 1]]
            _reorder(members_np[lvl], local[a[sel]], pos[b[sel]], pos)

    cols_cap = max_columns or max(12, math.ceil(math.sqrt(n) * 1.6))
    positions: dict[str, tuple[float, float]] = {}
    y = 0.0
    width = 0.0
    for m in members_np:
        ordered = m[np.argsort(pos[m], kind="stable")]
        rows = max(1, math.ceil(len(ordered) / cols_cap))
        cols = math.ceil(len(ordered) / rows)
        width = max(width, cols * node_gap)
        for j, i in enumerate(ordered.tolist()):
            positions[nodes[i]] = ((j // rows - (cols - 1) / 2) * node_gap, y + (j % rows) * row_gap)
        y += (rows - 1) * row_gap + layer_gap
    return Layout(
        positions,
        width=width,
        height=max(0.0, y - layer_gap),
        layers={nodes[i]: layer[i] for i in range(n)},
        importance=importance(g),
    )


def _reorder(layer_nodes: np.ndarray, local_idx: np.ndarray, neighbour_pos: np.ndarray, pos: np.ndarray) -> None:
    """Sort one layer by the barycenter of its neighbours; nodes without any keep their place."""
    k = len(layer_nodes)
    if k < 2:
        return
    current = pos[layer_nodes]
    if len(local_idx):
        sums = np.bincount(local_idx, weights=neighbour_pos, minlength=k)
        counts = np.bincount(local_idx, minlength=k)
        bary = np.where(counts > 0, sums / np.maximum(counts, 1), current)
    else:
        return
    order = np.lexsort((current, bary))
    pos[layer_nodes[order]] = (np.arange(k) + 0.5) / k


def _layers(succ: list[list[int]]) -> list[int]:
    """A layer per node so that edges point down wherever a cycle does not forbid it.

    Strongly connected components are laid out as bands: the condensation (a DAG) gets
    longest-path layers, each component as tall as the BFS depth inside it, and a node's layer
    is its band's first layer plus its BFS depth from the component's entry. So a big cycle
    knot costs a few layers (BFS depth), not one layer per node as a DFS cut would.
    """
    n = len(succ)
    comp = _scc(succ)
    k = max(comp) + 1 if n else 0
    members: list[list[int]] = [[] for _ in range(k)]
    for i, c in enumerate(comp):
        members[c].append(i)
    depth_in = [0] * n
    height = [1] * k
    for c, nodes in enumerate(members):
        if len(nodes) < 2:
            continue
        inside = set(nodes)
        entry = nodes[0]
        seen = {entry: 0}
        frontier = [entry]
        while frontier:
            nxt = []
            for u in frontier:
                d = seen[u] + 1
                for v in succ[u]:
                    if v in inside and v not in seen:
                        seen[v] = d
                        nxt.append(v)
            frontier = nxt
        for u, d in seen.items():
            depth_in[u] = d
        height[c] = max(seen.values()) + 1
    # Longest path over the condensation (Tarjan numbers components in reverse topological
    # order, so walking them from the highest number down visits users before what they use).
    start = [0] * k
    for c in range(k - 1, -1, -1):
        below = start[c] + height[c]
        for u in members[c]:
            for v in succ[u]:
                cv = comp[v]
                if cv != c and start[cv] < below:
                    start[cv] = below
    return [start[comp[i]] + depth_in[i] for i in range(n)]


def _scc(succ: list[list[int]]) -> list[int]:
    """Tarjan's strongly connected components, iteratively; component ids in reverse topological order."""
    n = len(succ)
    index = [-1] * n
    low = [0] * n
    on_stack = [False] * n
    comp = [-1] * n
    stack: list[int] = []
    counter = 0
    ncomp = 0
    for root in range(n):
        if index[root] != -1:
            continue
        work = [(root, 0)]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack[root] = True
        while work:
            u, pos = work[-1]
            edges = succ[u]
            if pos < len(edges):
                work[-1] = (u, pos + 1)
                v = edges[pos]
                if index[v] == -1:
                    index[v] = low[v] = counter
                    counter += 1
                    stack.append(v)
                    on_stack[v] = True
                    work.append((v, 0))
                elif on_stack[v] and index[v] < low[u]:
                    low[u] = index[v]
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                if low[u] < low[parent]:
                    low[parent] = low[u]
            if low[u] == index[u]:
                while True:
                    w = stack.pop()
                    on_stack[w] = False
                    comp[w] = ncomp
                    if w == u:
                        break
                ncomp += 1
    return comp
