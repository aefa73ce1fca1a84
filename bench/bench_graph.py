"""Benchmark of the dependency graph at the scale of ``demo --scale 10`` (5,000 systems).

Measures: building the graph from records; the impact query (median over random roots, and the
worst case: the biggest hub, which reaches nearly the whole ledger); the overview layouts
(clustered and layered) on the whole graph. Anchors, on the same graph: networkx.ancestors on
the dependency graph (plain reachability, no paths, severities or HA) for the query, and
networkx.spring_layout for the layouts. Targets: impact query <= 20 ms, overview <= 3 s.

    python -m bench.bench_graph [--systems 5000] [--seed 0] [--queries 300] [--no-spring]

The ledger comes from ``assetdesk.graph.synthetic``; when ``assetdesk.demo`` offers
``generate(scale, seed)`` and its records can be read, the demo ledger is measured too.
"""

from __future__ import annotations

import argparse
import importlib
import random
import statistics
import time

import networkx as nx

from assetdesk.graph import (
    DependencyEdge,
    HostNode,
    LedgerGraph,
    LedgerRecords,
    SectionNode,
    ServerNode,
    SystemNode,
    clustered_layout,
    hubs,
    impact,
    layered_layout,
    move_groups,
    zone_crossings,
)
from assetdesk.graph.synthetic import generate
from bench.harness import measure, peak_rss_mb, ratio, table


def _query_times(graph: LedgerGraph, roots: list[str]) -> list[float]:
    out = []
    for root in roots:
        start = time.perf_counter()
        impact(graph, root)
        out.append(time.perf_counter() - start)
    return out


def _anchor_times(graph: LedgerGraph, roots: list[str]) -> list[float]:
    dep = nx.DiGraph(graph.dependency_graph())
    out = []
    for root in roots:
        start = time.perf_counter()
        if root in dep:
            nx.ancestors(dep, root)
        out.append(time.perf_counter() - start)
    return out


def run(label: str, records: LedgerRecords, seed: int, queries: int, spring: bool) -> None:
    build = measure("build", lambda: LedgerGraph.from_records(records), repeat=3)
    graph = LedgerGraph.from_records(records)
    g = graph.g
    rng = random.Random(seed)
    pool = sorted(graph.systems) + sorted(graph.servers) + sorted(graph.hosts)
    roots = [rng.choice(pool) for _ in range(queries)]
    system_roots = [r for r in roots if r in graph.systems]
    top = hubs(graph, 1)[0].code
    times = _query_times(graph, roots)
    sys_times = _query_times(graph, system_roots)
    anchor = _anchor_times(graph, system_roots)
    worst = _query_times(graph, [top] * 15)
    worst_anchor = _anchor_times(graph, [top] * 15)
    reached = len(impact(graph, top).affected)

    clustered = measure("clustered", lambda: clustered_layout(graph), repeat=3)
    layered = measure("layered", lambda: layered_layout(g), repeat=3)
    overview = measure("records -> clustered", lambda: clustered_layout(LedgerGraph.from_records(records)), repeat=3)
    groups = measure("move_groups", lambda: move_groups(graph), repeat=3)
    crossings = measure("zone_crossings", lambda: zone_crossings(graph), repeat=3)
    hub_t = measure("hubs", lambda: hubs(graph, 20), repeat=3)

    n, m = g.number_of_nodes(), g.number_of_edges()
    print(
        f"\n{label}: {len(graph.systems):,} systems, {len(graph.servers):,} servers, {len(graph.hosts):,} hosts, "
        f"{len(graph.sections):,} sections, {len(graph.dependencies):,} dependencies -> {n:,} nodes, {m:,} edges"
    )
    def ms(xs: list[float], f=statistics.median) -> float:
        return round(f(xs) * 1000, 3)

    def p95(xs: list[float]) -> float:
        return sorted(xs)[int(0.95 * (len(xs) - 1))]

    table(
        f"{label}: impact query (milliseconds)",
        ["query", "median ms", "p95 ms", "max ms", "anchor nx.ancestors median ms", "ratio"],
        [
            [f"random roots (n={len(roots)}: systems, servers, hosts)", ms(times), ms(times, p95), ms(times, max), "", ""],
            [f"random system roots (n={len(system_roots)})", ms(sys_times), ms(sys_times, p95), ms(sys_times, max),
             ms(anchor), ratio(statistics.median(sys_times), statistics.median(anchor))],
            [f"biggest hub {top} ({reached:,} affected)", ms(worst), ms(worst, p95), ms(worst, max), ms(worst_anchor),
             ratio(statistics.median(worst), statistics.median(worst_anchor))],
        ],
    )
    rows = [
        ["build graph from records", build.median, ""],
        ["clustered overview layout", clustered.median, ""],
        ["layered layout (whole graph)", layered.median, ""],
        ["records -> graph -> clustered overview", overview.median, ""],
        ["move groups", groups.median, ""],
        ["zone crossings", crossings.median, ""],
        ["hubs (transitive dependents of all)", hub_t.median, ""],
    ]
    if spring:
        # One run: it is the slow anchor. Same graph, networkx defaults (50 iterations).
        start = time.perf_counter()
        nx.spring_layout(g, seed=seed)
        spring_s = time.perf_counter() - start
        rows.append(["anchor: nx.spring_layout (same graph, 1 run)", spring_s, ""])
        rows[1][2] = f"{spring_s / clustered.median:,.0f}x faster"
        rows[2][2] = f"{spring_s / layered.median:,.0f}x faster"
    table(f"{label}: build and layouts (seconds, median of 3)", ["step", "seconds", "vs spring_layout"], rows)
    print(f"peak RSS {peak_rss_mb():.0f} MB")


def _demo_records(scale: int, seed: int | None) -> LedgerRecords | str:
    """The demo ledger as graph records, or why it cannot be had."""
    try:
        demo = importlib.import_module("assetdesk.demo")
    except Exception as exc:  # the generator is being written in parallel
        return f"assetdesk.demo not importable ({exc})"
    gen = getattr(demo, "generate", None)
    if gen is None:
        return "assetdesk.demo has no generate(scale, seed)"
    # The demo prefecture as users see it (its own default seed) unless a seed is given.
    data = gen(scale=scale, seed=getattr(demo, "DEFAULT_SEED", seed) if seed is None else seed)

    def part(name):
        return (data.get(name) if isinstance(data, dict) else getattr(data, name, None)) or []

    def val(rec, *names):
        for name in names:
            v = rec.get(name) if isinstance(rec, dict) else getattr(rec, name, None)
            if v is not None:
                return v
        return None

    try:
        systems = [
            SystemNode(val(s, "system_code", "code"), val(s, "name") or "", val(s, "section"), val(s, "department"),
                       val(s, "network_zone", "zone"), val(s, "criticality"), val(s, "rto_hours"), val(s, "users"),
                       val(s, "status") or "active")
            for s in part("systems")
        ]
        servers = [
            ServerNode(val(s, "server_code", "code"), val(s, "hostname") or "", val(s, "network_zone", "zone"),
                       tuple(val(s, "systems") or ()), val(s, "host"), val(s, "ha_group"))
            for s in part("servers")
        ]
        hosts = [HostNode(val(h, "name"), val(h, "network_zone", "zone")) for h in part("hosts")]
        dept_names = {val(d, "code"): val(d, "name") for d in part("departments")}
        sections = [
            SectionNode(val(s, "code", "section"), val(s, "name") or "",
                        dept_names.get(val(s, "department"), val(s, "department")))
            for s in part("sections")
        ]
        deps = [
            DependencyEdge(val(d, "from_system"), val(d, "to_system"), val(d, "kind"), val(d, "method"),
                           val(d, "frequency"), val(d, "zone_exception"))
            for d in part("dependencies")
        ]
    except Exception as exc:
        return f"assetdesk.demo.generate output not readable as records ({exc})"
    if not systems:
        return "assetdesk.demo.generate returned no systems"
    return LedgerRecords(tuple(systems), tuple(servers), tuple(hosts), tuple(sections), tuple(deps))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--systems", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--demo-seed", type=int, default=None, help="seed of the demo ledger (default: the demo's own)")
    parser.add_argument("--no-spring", action="store_true", help="skip the spring_layout anchor")
    args = parser.parse_args()

    start = time.perf_counter()
    records = generate(args.systems, seed=args.seed)
    print(f"synthetic ledger generated in {time.perf_counter() - start:.2f} s")
    run("synthetic", records, args.seed, args.queries, spring=not args.no_spring)

    demo = _demo_records(scale=max(1, args.systems // 500), seed=args.demo_seed)
    if isinstance(demo, str):
        print(f"\ndemo ledger: not measured: {demo}")
    else:
        run("demo --scale 10", demo, args.seed, args.queries, spring=False)


if __name__ == "__main__":
    main()
