"""The column-generation (Farley) bound never exceeds the optimum; brute force on small sets."""

from __future__ import annotations

import math
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from assetdesk.planner import bounds, colgen, synthetic

CAP_CPU, CAP_MEM = 96, 512


def _optimum(cpu, mem, groups) -> int:
    """Fewest hosts by exhaustive assignment (items in order, each into an open or a new host)."""
    n = len(cpu)
    best = n
    hosts: list[list[int]] = []

    def place(i: int) -> None:
        nonlocal best
        if len(hosts) >= best:
            return
        if i == n:
            best = len(hosts)
            return
        for h in hosts:
            if (
                sum(cpu[j] for j in h) + cpu[i] <= CAP_CPU and sum(mem[j] for j in h) + mem[i] <= CAP_MEM
                and (groups[i] < 0 or all(groups[j] != groups[i] for j in h))
            ):
                h.append(i)
                place(i + 1)
                h.pop()
        hosts.append([i])
        place(i + 1)
        hosts.pop()

    place(0)
    return best


items = st.lists(
    st.tuples(st.integers(1, CAP_CPU), st.integers(1, CAP_MEM), st.integers(-1, 2)), min_size=1, max_size=8
)


@settings(max_examples=60, deadline=None)
@given(items)
def test_lp_bound_never_above_optimum(specs):
    cpu = [c for c, _, _ in specs]
    mem = [m for _, m, _ in specs]
    groups = [g for *_, g in specs]
    opt = _optimum(cpu, mem, groups)
    lp = colgen.lp_bound(cpu, mem, groups, CAP_CPU, CAP_MEM, deadline=time.perf_counter() + 5)
    assert lp <= opt
    assert bounds.lower_bound(cpu, mem, groups, CAP_CPU, CAP_MEM).value <= opt


def test_lp_bound_beats_volume_on_anti_correlated_pairs():
    # Memory-heavy servers of one HA group each need their own host: the LP sees it, volume does not.
    cpu = [40, 40, 4, 4, 4, 4]
    mem = [16, 16, 300, 300, 300, 300]
    groups = [-1, -1, 0, 0, 0, 0]
    volume = bounds.l1(mem, CAP_MEM)
    lp = colgen.lp_bound(cpu, mem, groups, CAP_CPU, CAP_MEM, deadline=time.perf_counter() + 5)
    assert volume == 3
    assert lp == _optimum(cpu, mem, groups) == 4


def test_anti_correlated_generator_is_deterministic_and_shaped():
    a = synthetic.anti_correlated(50, 3)
    assert a == synthetic.anti_correlated(50, 3) and len(a) == 50
    assert all(24 <= c <= 48 or 192 * 1024 <= m <= 320 * 1024 for c, m, _ in a)


def test_minimum_statement_proven_or_range():
    from assetdesk.reports.consolidation import minimum_statement

    assert "確認済み" in minimum_statement(12, 12, True)
    assert "11〜12" in minimum_statement(12, 11, False)


def _best_pattern(cpu, mem, groups, weights) -> int:
    """Heaviest feasible pattern by enumerating every subset."""
    n = len(cpu)
    best = 0
    for mask in range(1 << n):
        chosen = [i for i in range(n) if mask >> i & 1]
        gs = [groups[i] for i in chosen if groups[i] >= 0]
        if (
            sum(cpu[i] for i in chosen) <= CAP_CPU and sum(mem[i] for i in chosen) <= CAP_MEM
            and len(gs) == len(set(gs))
        ):
            best = max(best, sum(weights[i] for i in chosen))
    return best


weighted = st.lists(
    st.tuples(st.integers(1, CAP_CPU), st.integers(1, CAP_MEM), st.integers(-1, 2), st.integers(0, 50)),
    min_size=1, max_size=9,
)


@settings(max_examples=80, deadline=None)
@given(weighted, st.sampled_from([colgen.DP_CELLS, 300, 40]))
def test_knapsack_pricing_bounds_the_best_pattern(specs, cells):
    # Small tables force memory (and CPU) rounded down: the value may rise, never fall below.
    cpu, mem, groups, weights = (list(t) for t in zip(*specs, strict=True))
    original = colgen.DP_CELLS
    colgen.DP_CELLS = cells
    try:
        knapsack = colgen._Knapsack(colgen._Problem(cpu, mem, groups, CAP_CPU, CAP_MEM))
        pattern, upper = knapsack.solve(weights)
    finally:
        colgen.DP_CELLS = original
    best = _best_pattern(cpu, mem, groups, weights)
    assert upper >= best
    if knapsack.exact:
        assert upper == best
    if pattern:  # a pattern it returns really fits
        assert sum(cpu[i] for i in pattern) <= CAP_CPU and sum(mem[i] for i in pattern) <= CAP_MEM
        gs = [groups[i] for i in pattern if groups[i] >= 0]
        assert len(gs) == len(set(gs))


@settings(max_examples=40, deadline=None)
@given(items, st.sampled_from([colgen.DP_CELLS, 40]))
def test_rounded_pricing_bound_never_above_optimum(specs, cells):
    cpu = [c for c, _, _ in specs]
    mem = [m for _, m, _ in specs]
    groups = [g for *_, g in specs]
    original = colgen.DP_CELLS
    colgen.DP_CELLS = cells
    try:
        cg = colgen.generate(cpu, mem, groups, CAP_CPU, CAP_MEM, deadline=time.perf_counter() + 5)
    finally:
        colgen.DP_CELLS = original
    assert cg.bound <= _optimum(cpu, mem, groups)


@settings(max_examples=25, deadline=None)
@given(items)
def test_zone_bound_and_hosts_bracket_the_optimum(specs):
    # The zone solver end to end: its bound never above the optimum, its packing never below.
    from assetdesk.planner.model import Capacity, Demand
    from assetdesk.planner.zone import solve_zone

    demands = [Demand(f"s{i}", f"s{i}", "lgwan", c, m, 0.0, f"g{g}" if g >= 0 else None, (), None)
               for i, (c, m, g) in enumerate(specs)]
    z = solve_zone(demands, Capacity(CAP_CPU, CAP_MEM), time_limit=5)
    opt = _optimum([c for c, _, _ in specs], [m for _, m, _ in specs], [g for *_, g in specs])
    assert z.lower_bound <= opt <= len(z.bins)
    assert z.proven_optimal == (len(z.bins) == z.lower_bound)


def test_cover_packs_the_pool_into_fewer_hosts():
    # Six items, pairs fit together: the singletons alone need six hosts, the pairs three.
    cpu = [60, 30, 60, 30, 60, 30]
    mem = [100, 300, 100, 300, 100, 300]
    pool = [(i,) for i in range(6)] + [(0, 1), (2, 3), (4, 5), (0, 3)]
    bin_of = colgen.cover(6, pool, 5, time_limit=5)
    assert bin_of is not None and len(set(bin_of)) == 3
    from assetdesk.planner.packing import Items, is_feasible

    assert is_feasible(Items.of(cpu, mem, [-1] * 6, CAP_CPU, CAP_MEM), bin_of)
    assert colgen.cover(6, [(i,) for i in range(6)], 5, time_limit=5) is None


def test_pattern_bound_proves_a_mid_sized_anti_correlated_list():
    # Where the volume bound is two hosts short, the column generation reaches the count.
    specs = synthetic.anti_correlated(60, 0)
    cpu = [c * 1 for c, _, _ in specs]
    mem = [m // 1024 for _, m, _ in specs]
    groups = [g for *_, g in specs]
    cg = colgen.generate(cpu, mem, groups, CAP_CPU, CAP_MEM, deadline=time.perf_counter() + 60)
    assert cg.converged or cg.bound >= math.ceil(cg.lp_value - 1e-6)
    assert cg.bound > max(bounds.l1(cpu, CAP_CPU), bounds.l1(mem, CAP_MEM))


def test_plan_json_and_report_state_the_proven_count_on_anti_correlated_servers():
    # End to end: plan() on large anti-correlated servers, where the simple bound is short.
    from assetdesk.planner import HostSpec, PlanParameters, plan
    from assetdesk.planner.model import PlanServer
    from assetdesk.reports.consolidation import minimum_statement

    specs = synthetic.anti_correlated(60, 1)
    servers = [
        PlanServer(code=f"S{i:03d}", hostname=f"s{i}", zone="lgwan", cpu_cores=c, cpu_peak_pct=None,
                   memory_gb=m / 1024, memory_peak_pct=None, ha_group=f"HA{g}" if g >= 0 else None)
        for i, (c, m, g) in enumerate(specs)
    ]
    spec = HostSpec(cores=32, overcommit=3.0, cpu_ceiling_pct=100.0, memory_gb=512.0, memory_ceiling_pct=100.0)
    result = plan(servers, spec, PlanParameters(sizing="allocated", spares=0, time_limit_s=20.0))
    zone = result.as_dict()["hosts"]["by_zone"]["lgwan"]
    simple = bounds.lower_bound([c for c, _, _ in specs], [m for _, m, _ in specs], [g for *_, g in specs],
                                96, 512 * 1024).value
    assert simple < zone["hosts"]  # the simple bounds alone could not prove this count
    assert zone["bound_method"] == "lp" and zone["gap"] == 0 and zone["proven_optimal"]
    assert result.as_dict()["hosts"]["lower_bound"] == result.total_hosts
    assert "確認済み" in minimum_statement(result.total_hosts, result.total_lower_bound, result.proven_optimal)
