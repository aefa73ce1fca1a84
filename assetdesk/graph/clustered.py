"""Clustered overview layout: the organisation, packed on a grid.

Nodes sit on a grid inside their inner cluster (e.g. section), inner clusters are shelf-packed
inside outer ones (e.g. department), outer ones shelf-packed into a near-square overview.
Servers sit with the first system they serve, hosts in a platform cluster per zone. The
dependencies between outer clusters come added up (``Layout.cluster_edges``): what to draw
instead of 20,000 edges when zoomed out.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

import networkx as nx

from assetdesk.graph.canvas import Box, ClusterEdge, Layout, importance
from assetdesk.graph.model import DEPENDS, HOST, SECTION, SERVER, SYSTEM, LedgerGraph
from assetdesk.i18n import N_, _

PLATFORM_KEY = "__platform__"
NONE_KEY = "__none__"
PLATFORM_LABEL = N_("共同利用型基盤")
NONE_LABEL = N_("未設定")


ClusterKey = tuple[str, str, str, str]  # outer key, outer label, inner key, inner label


def clustered_layout(
    graph: LedgerGraph,
    view: nx.DiGraph | None = None,
    by: str = "department",
    department_names: Mapping[str, str] | None = None,
    node_gap: float = 30.0,
    pad: float = 16.0,
    title: float = 22.0,
) -> Layout:
    """Clusters (``by`` 'department' -> section, 'section', or 'zone' -> department) on a grid.

    Boxes are keyed by the records' values (department as the records hold it, section code,
    zone value); ``department_names`` gives the labels when the records hold department codes.
    """
    g = graph.g if view is None else view
    key_of = _cluster_keys(graph, by, department_names or {})
    inner_members: dict[tuple[str, str], list[str]] = {}
    labels: dict[str, str] = {}
    outer_of_inner: dict[tuple[str, str], str] = {}
    for node in _cluster_order(graph, g):
        ok, ol, ik, il = key_of(node)
        inner = (ok, ik)
        inner_members.setdefault(inner, []).append(node)
        labels[ok] = ol
        labels[f"{ok}/{ik}"] = il
        outer_of_inner[inner] = ok

    # Inner boxes: a grid of nodes each.
    inner_size: dict[tuple[str, str], tuple[float, float, int]] = {}
    for inner, nodes in inner_members.items():
        cols = max(1, math.ceil(math.sqrt(len(nodes))))
        rows = math.ceil(len(nodes) / cols)
        inner_size[inner] = (cols * node_gap + 2 * pad, rows * node_gap + 2 * pad + title, cols)
    outers: dict[str, list[tuple[str, str]]] = {}
    for inner, ok in outer_of_inner.items():
        outers.setdefault(ok, []).append(inner)

    # Outer boxes: inner boxes shelf-packed.
    inner_at: dict[tuple[str, str], tuple[float, float]] = {}
    outer_size: dict[str, tuple[float, float]] = {}
    for ok, inners in outers.items():
        spots, w, h = _shelf_pack([inner_size[i][:2] for i in inners], gap=pad)
        for i, spot in zip(inners, spots, strict=True):
            inner_at[i] = spot
        outer_size[ok] = (w + 2 * pad, h + 2 * pad + title)
    outer_keys = sorted(outers, key=lambda k: (k in (PLATFORM_KEY, NONE_KEY), -len(outers[k]), k))
    spots, width, height = _shelf_pack([outer_size[k] for k in outer_keys], gap=2 * pad)

    positions: dict[str, tuple[float, float]] = {}
    boxes: list[Box] = []
    cluster_of: dict[str, str] = {}
    outer_of: dict[str, str] = {}
    for ok, (ox, oy) in zip(outer_keys, spots, strict=True):
        ow, oh = outer_size[ok]
        count = sum(len(inner_members[i]) for i in outers[ok])
        boxes.append(Box(ok, labels[ok], ox, oy, ow, oh, 1, None, count))
        for inner in outers[ok]:
            ix, iy = inner_at[inner]
            ix, iy = ox + pad + ix, oy + pad + title + iy
            iw, ih, cols = inner_size[inner]
            ikey = f"{ok}/{inner[1]}"
            nodes = inner_members[inner]
            boxes.append(Box(ikey, labels[ikey], ix, iy, iw, ih, 2, ok, len(nodes)))
            for j, node in enumerate(nodes):
                positions[node] = (
                    ix + pad + (j % cols + 0.5) * node_gap,
                    iy + pad + title + (j // cols + 0.5) * node_gap,
                )
                cluster_of[node] = ikey
                outer_of[node] = ok
    return Layout(
        positions,
        width=width,
        height=height,
        clusters=boxes,
        cluster_of=cluster_of,
        cluster_edges=_cluster_edges(g, outer_of),
        importance=importance(g),
    )


def _cluster_order(graph: LedgerGraph, g: nx.DiGraph) -> list[str]:
    """Sections first, then each system followed by its servers, then the rest: the grid order."""
    present = set(g)
    order: list[str] = [n for n in sorted(present) if graph.g.nodes[n]["kind"] == SECTION]
    placed = set(order)
    systems = sorted(
        (n for n in present if graph.g.nodes[n]["kind"] == SYSTEM),
        key=lambda s: (graph.systems[s].criticality or "Z", s),
    )
    for s in systems:
        order.append(s)
        placed.add(s)
        for srv in graph.servers_of_system.get(s, ()):
            if srv in present and srv not in placed:
                order.append(srv)
                placed.add(srv)
    order.extend(n for n in sorted(present) if n not in placed)
    return order


def _cluster_keys(graph: LedgerGraph, by: str, dept_names: Mapping[str, str]) -> Callable[[str], ClusterKey]:
    if by not in ("department", "section", "zone"):
        raise ValueError(f"by must be 'department', 'section' or 'zone', not {by!r}")
    from assetdesk.choices import NETWORK_ZONE

    none = (NONE_KEY, _(NONE_LABEL))

    def section_of(system: str) -> tuple[str, str]:
        code = graph.systems[system].section
        if not code:
            return none
        sec = graph.sections.get(code)
        return code, (sec.name or code) if sec else code

    def department_of(system: str) -> tuple[str, str]:
        d = graph.department_of(system)
        return (d, dept_names.get(d, d)) if d else none

    def zone_of(code: str | None) -> tuple[str, str]:
        return (code, NETWORK_ZONE.label_of(code)) if code else none

    def system_key(system: str) -> ClusterKey:
        if by == "department":
            return (*department_of(system), *section_of(system))
        if by == "section":
            return (*section_of(system), *section_of(system))
        return (*zone_of(graph.systems[system].zone), *department_of(system))

    def key(node: str) -> ClusterKey:
        kind = graph.g.nodes[node]["kind"]
        if kind == SYSTEM:
            return system_key(node)
        if kind == SERVER:
            served = [s for s in graph.servers[node].systems if s in graph.systems]
            if served:
                return system_key(served[0])
            return (*none, *none) if by != "zone" else (*zone_of(graph.servers[node].zone), *none)
        if kind == HOST:
            zone = zone_of(graph.hosts[node].zone)
            if by == "zone":
                return (*zone, PLATFORM_KEY, _(PLATFORM_LABEL))
            return (PLATFORM_KEY, _(PLATFORM_LABEL), *zone)
        sec = graph.sections[node]
        if by == "section":
            return (node, sec.name or node, node, sec.name or node)
        if by == "zone":
            return (*none, *none)
        dept = (sec.department, dept_names.get(sec.department, sec.department)) if sec.department else none
        return (*dept, node, sec.name or node)

    return key


def _shelf_pack(sizes: list[tuple[float, float]], gap: float) -> tuple[list[tuple[float, float]], float, float]:
    """Top-left corners for boxes packed in rows towards a square; also the total width/height.

    Boxes are taken tallest first (so shelves are even) but the corners come back in the
    order given.
    """
    if not sizes:
        return [], 0.0, 0.0
    area = sum((w + gap) * (h + gap) for w, h in sizes)
    target = max(max(w for w, _ in sizes), math.sqrt(area) * 1.1)
    order = sorted(range(len(sizes)), key=lambda i: -sizes[i][1])
    spots: list[tuple[float, float]] = [(0.0, 0.0)] * len(sizes)
    x = y = shelf_h = width = 0.0
    for i in order:
        w, h = sizes[i]
        if x > 0 and x + w > target:
            y += shelf_h + gap
            x = shelf_h = 0.0
        spots[i] = (x, y)
        x += w + gap
        shelf_h = max(shelf_h, h)
        width = max(width, x - gap)
    return spots, width, y + shelf_h


def _cluster_edges(g: nx.DiGraph, outer_of: dict[str, str]) -> list[ClusterEdge]:
    counts: dict[tuple[str, str], int] = {}
    for u, v, t in g.edges(data="type"):
        if t != DEPENDS:
            continue
        cu, cv = outer_of.get(u), outer_of.get(v)
        if cu is not None and cv is not None and cu != cv:
            counts[cu, cv] = counts.get((cu, cv), 0) + 1
    return [ClusterEdge(s, t, c) for (s, t), c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
