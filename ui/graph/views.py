"""Which part of the ledger the graph page shows, and how it is laid out.

A ``ViewSpec`` is a plain value (what the toolbar and the expand/collapse commands edit); ``compute``
turns it into the subgraph and its ``Layout``. ``compute`` is pure and runs on a worker thread.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import networkx as nx

from assetdesk.choices import NETWORK_ZONE
from assetdesk.graph import GraphError, Impact, Layout, LedgerGraph, clustered_layout, layered_layout
from assetdesk.graph import focus as F
from assetdesk.graph.model import SECTION
from assetdesk.i18n import N_, _
from ui.graph.source import GraphSource

OVERVIEW, NEIGHBOURHOOD, DEPARTMENT, ZONE, GROUP, WAVE, IMPACT = (
    "overview", "neighbourhood", "department", "zone", "group", "wave", "impact")
#: The views of the toolbar (an impact view comes from an impact query, not from the box).
KIND_LABELS = {
    OVERVIEW: N_("全体"),
    NEIGHBOURHOOD: N_("周辺(N段)"),
    DEPARTMENT: N_("部局"),
    ZONE: N_("ネットワーク区分"),
    GROUP: N_("移行グループ"),
    WAVE: N_("移行の回"),
    IMPACT: N_("影響範囲"),
}
LAYERED, CLUSTERED, BY_ZONE = "layered", "clustered", "zone"
LAYOUT_LABELS = {
    CLUSTERED: N_("まとまり(部局・所属)"),
    BY_ZONE: N_("まとまり(区分・部局)"),
    LAYERED: N_("向き(階層)"),
}


@dataclass(frozen=True)
class ViewSpec:
    kind: str = OVERVIEW
    target: str = ""  # node code, department code, zone value, group id or wave number
    hops: int = 1
    layout: str = CLUSTERED
    added: frozenset[str] = field(default_factory=frozenset)  # expanded by hand
    removed: frozenset[str] = field(default_factory=frozenset)  # collapsed by hand
    impact: Impact | None = None  # IMPACT views only

    def with_changes(self, **changes) -> ViewSpec:
        return replace(self, **changes)


def default_layout(kind: str) -> str:
    """Direction for what hangs on one node; organisation for the overview and the org views."""
    return CLUSTERED if kind in (OVERVIEW, DEPARTMENT) else (BY_ZONE if kind == ZONE else LAYERED)


def base_view(source: GraphSource, spec: ViewSpec) -> nx.DiGraph:
    """The subgraph of ``spec`` before the hand-made expansions and collapses."""
    graph = source.graph
    if spec.kind == OVERVIEW:
        return graph.g
    if spec.kind == NEIGHBOURHOOD:
        return F.neighbourhood(graph, spec.target, max(0, spec.hops))
    if spec.kind == DEPARTMENT:
        return F.department(graph, spec.target)
    if spec.kind == ZONE:
        return F.zone(graph, spec.target)
    if spec.kind == GROUP:
        group = source.group(spec.target)
        if group is None:
            raise GraphError(f"no move group {spec.target!r}")
        return F.move_group(graph, group)
    if spec.kind == WAVE:
        return F.wave(graph, source.waves.get(int(spec.target), ()))
    if spec.kind == IMPACT:
        if spec.impact is None:
            raise GraphError("an impact view needs an impact")
        return F.impact_view(graph, spec.impact)
    raise ValueError(f"unknown view kind {spec.kind!r}")


def view_nodes(source: GraphSource, spec: ViewSpec) -> nx.DiGraph:
    base = base_view(source, spec)
    if not spec.added and not spec.removed:
        return base
    nodes = (set(base) | {n for n in spec.added if n in source.graph.g}) - set(spec.removed)
    return source.graph.g.subgraph(nodes)


def compute(source: GraphSource, spec: ViewSpec) -> tuple[nx.DiGraph, Layout]:
    view = view_nodes(source, spec)
    if spec.layout == LAYERED:
        return view, layered_layout(view)
    by = "zone" if spec.layout == BY_ZONE else "department"
    return view, clustered_layout(source.graph, view, by=by, department_names=source.department_names)


# --- expand and collapse by hand ------------------------------------------------------------------


def neighbours(graph: LedgerGraph, code: str) -> set[str]:
    """The nodes one edge away; a section's systems are not pulled in (a section owns dozens)."""
    g = graph.g
    return {n for n in (*g.successors(code), *g.predecessors(code))
            if not (g.nodes[code]["kind"] == SECTION and g.nodes[n]["kind"] != SECTION)}


def expand(source: GraphSource, spec: ViewSpec, shown: set[str], code: str) -> ViewSpec:
    """``spec`` showing ``code``'s neighbours as well."""
    new = neighbours(source.graph, code) - shown
    return spec.with_changes(added=spec.added | new, removed=spec.removed - new - {code})


def collapse(source: GraphSource, spec: ViewSpec, shown: set[str], code: str) -> ViewSpec:
    """``spec`` without the neighbours that hang on ``code`` alone (no other shown neighbour).

    The focus node of a neighbourhood view is never collapsed away.
    """
    g = source.graph.g
    keep = {spec.target} if spec.kind == NEIGHBOURHOOD else set()
    gone = set()
    for n in neighbours(source.graph, code) & shown:
        if n in keep:
            continue
        others = ({*g.successors(n), *g.predecessors(n)} & shown) - {code}
        if not others:
            gone.add(n)
    return spec.with_changes(removed=spec.removed | gone, added=spec.added - gone)


# --- what the target box offers ---------------------------------------------------------------------


def targets(source: GraphSource, kind: str) -> list[tuple[str, str]]:
    """(label, value) choices of the toolbar's target box for ``kind``."""
    if kind == DEPARTMENT:
        present = {source.graph.department_of(s) for s in source.graph.systems} - {None}
        names = source.department_names
        return [(f"{names.get(d, d)} ({d})", d) for d in sorted(present, key=lambda d: (names.get(d, d), d))]
    if kind == ZONE:
        return [(NETWORK_ZONE.label_of(c.value), c.value) for c in NETWORK_ZONE]
    if kind == GROUP:  # groups of one server say nothing a focus view would not
        return [(_("{id}: サーバ {n} 台・システム {s} 件").format(id=g.id, n=len(g.servers), s=len(g.systems)), g.id)
                for g in source.groups if len(g.servers) > 1]
    if kind == WAVE:
        return [(_("第 {n} 回(サーバ {k} 台)").format(n=w, k=len(s)), str(w)) for w, s in source.waves.items()]
    return []
