"""Move groups and waves: who moves together, and in what order.

Move groups are the union (union-find) of the user's groups and, when asked, the servers that
serve one system. Dependencies between servers or systems become edges between groups; groups
on a dependency cycle can only move together, so each strongly connected component collapses
into one group. Groups are then scheduled over the DAG: a group is ready once everything it
depends on is placed in this or an earlier wave; among ready groups the most urgent goes first
(its own earliest end of support or maintenance, or that of anything waiting for it), and each
wave is filled up to its capacity without splitting a group.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import networkx as nx

from assetdesk.i18n import N_
from assetdesk.planner.model import Demand, MoveConstraints, PlanParameters, Violation, Wave

FAR_FUTURE = date(9999, 12, 31)


class _UnionFind:
    def __init__(self, keys: Iterable[str]):
        self.parent = {k: k for k in keys}

    def find(self, k: str) -> str:
        root = k
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[k] != root:  # path compression
            self.parent[k], k = root, self.parent[k]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # The smaller code becomes the root, so results do not depend on input order.
            lo, hi = sorted((ra, rb))
            self.parent[hi] = lo


def server_edges(demands: Sequence[Demand], constraints: MoveConstraints) -> list[tuple[str, str]]:
    """(dependency, dependent) server pairs: the first moves no later than the second."""
    codes = {d.code for d in demands}
    by_system: dict[str, list[str]] = {}
    for d in demands:
        for s in d.systems:
            by_system.setdefault(s, []).append(d.code)
    edges = [(b, a) for a, b in constraints.server_dependencies if a in codes and b in codes]
    for dependent, dependency in constraints.system_dependencies:
        for b in by_system.get(dependency, ()):
            for a in by_system.get(dependent, ()):
                if a != b:
                    edges.append((b, a))
    return edges


@dataclass(frozen=True)
class Groups:
    """Each server's move group (a root code), and the group DAG's edges."""

    group_of: dict[str, str]
    members: dict[str, tuple[str, ...]]
    edges: tuple[tuple[str, str], ...]  # (earlier-or-same, later-or-same) group roots
    merged_cycles: tuple[tuple[str, ...], ...]


def move_groups(demands: Sequence[Demand], constraints: MoveConstraints, collapse_cycles: bool = True) -> Groups:
    codes = [d.code for d in demands]
    uf = _UnionFind(codes)
    known = set(codes)
    for group in constraints.move_groups:
        inside = sorted(c for c in group if c in known)
        for c in inside[1:]:
            uf.union(inside[0], c)
    if constraints.group_by_system:
        first: dict[str, str] = {}
        for d in demands:
            for s in d.systems:
                if s in first:
                    uf.union(first[s], d.code)
                else:
                    first[s] = d.code
    cycles: list[tuple[str, ...]] = []
    sedges = server_edges(demands, constraints)
    if collapse_cycles:
        graph = nx.DiGraph()
        graph.add_nodes_from({uf.find(c) for c in codes})
        graph.add_edges_from((uf.find(a), uf.find(b)) for a, b in sedges if uf.find(a) != uf.find(b))
        for comp in nx.strongly_connected_components(graph):
            if len(comp) > 1:
                ordered = sorted(comp)
                cycles.append(tuple(ordered))
                for c in ordered[1:]:
                    uf.union(ordered[0], c)
    group_of = {c: uf.find(c) for c in codes}
    members: dict[str, list[str]] = {}
    for c in codes:
        members.setdefault(group_of[c], []).append(c)
    edges = sorted({(group_of[a], group_of[b]) for a, b in sedges if group_of[a] != group_of[b]})
    return Groups(group_of, {k: tuple(sorted(v)) for k, v in members.items()}, tuple(edges), tuple(cycles))


def schedule(
    demands: Sequence[Demand], constraints: MoveConstraints, params: PlanParameters
) -> tuple[dict[str, int], tuple[Wave, ...], list[Violation]]:
    """server code -> wave number (from 1), the waves, and warnings (cycles, oversized groups)."""
    groups = move_groups(demands, constraints)
    due = {d.code: d.due for d in demands}
    warnings: list[Violation] = []
    for cycle in groups.merged_cycles:
        warnings.append(Violation(
            "dependency_cycle", "warning",
            N_("依存関係が循環しているため {count} 個の移行グループを一つにまとめました"),
            (("count", len(cycle)),), servers=cycle,
        ))
    own_due = {g: min((due[c] or FAR_FUTURE for c in ms), default=FAR_FUTURE) for g, ms in groups.members.items()}
    succ: dict[str, list[str]] = {g: [] for g in groups.members}
    indegree = dict.fromkeys(groups.members, 0)
    for a, b in groups.edges:
        succ[a].append(b)
        indegree[b] += 1
    # Urgency flows back along dependencies: a prerequisite of an urgent group is urgent too.
    urgency = dict(own_due)
    graph = nx.DiGraph(list(groups.edges))
    graph.add_nodes_from(groups.members)
    for g in reversed(list(nx.topological_sort(graph))):
        for s in succ[g]:
            urgency[g] = min(urgency[g], urgency[s])

    def key(g: str) -> tuple[date, int, str]:
        return (urgency[g], -len(groups.members[g]), g)

    capacity = max(1, params.wave_capacity)
    # Ready groups in one heap per size (sizes above the capacity share the last one), so
    # "the most urgent ready group that still fits this wave" costs one look per size.
    ready: dict[int, list[tuple[date, int, str]]] = {}

    def push(g: str) -> None:
        heapq.heappush(ready.setdefault(min(len(groups.members[g]), capacity + 1), []), key(g))

    for g, d in indegree.items():
        if d == 0:
            push(g)
    wave_of_group: dict[str, int] = {}
    wave = 1
    used = 0
    remaining = len(groups.members)
    while remaining:
        room = capacity + 1 if used == 0 else capacity - used
        fitting = [size for size, heap in ready.items() if heap and size <= room]
        if not fitting:
            if used == 0:  # cannot happen: cycles were merged, so some group is always ready
                raise RuntimeError("move groups form a cycle")
            wave += 1  # nothing ready fits this wave: open the next one
            used = 0
            continue
        g = heapq.heappop(ready[min(fitting, key=lambda size: ready[size][0])])[2]
        size = len(groups.members[g])
        if size > capacity:
            warnings.append(Violation(
                "group_too_big", "warning",
                N_("移行グループ ({size} 台) が1回の移行可能台数 ({capacity} 台) を超えるため単独の回にしました"),
                (("size", size), ("capacity", capacity)), servers=groups.members[g], wave=wave,
            ))
        wave_of_group[g] = wave
        used += size
        remaining -= 1
        for s in succ[g]:
            indegree[s] -= 1
            if indegree[s] == 0:
                push(s)
    wave_of = {c: wave_of_group[groups.group_of[c]] for c in groups.group_of}
    return wave_of, build_waves(demands, wave_of, groups, params), warnings


def wave_date(params: PlanParameters, number: int) -> date | None:
    if params.first_wave_date is None:
        return None
    return params.first_wave_date + timedelta(days=params.wave_interval_days * (number - 1))


def build_waves(
    demands: Sequence[Demand], wave_of: dict[str, int], groups: Groups, params: PlanParameters
) -> tuple[Wave, ...]:
    due = {d.code: d.due for d in demands}
    by_wave: dict[int, list[str]] = {}
    for code, w in wave_of.items():
        by_wave.setdefault(w, []).append(code)
    waves = []
    for w in sorted(by_wave):
        codes = tuple(sorted(by_wave[w]))
        dues = [due[c] for c in codes if due.get(c)]
        waves.append(Wave(
            number=w, servers=codes, groups=len({groups.group_of[c] for c in codes}),
            planned=wave_date(params, w), earliest_due=min(dues) if dues else None,
        ))
    return tuple(waves)
