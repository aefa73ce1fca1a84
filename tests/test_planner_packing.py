"""Packing rules, bounds and optimality of the consolidation planner (consolidation.md)."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assetdesk.planner import HostSpec, PlanParameters, PlanServer, check, plan
from assetdesk.planner.bounds import l1, l2, lower_bound
from assetdesk.planner.packing import (
    Items,
    best_fit_decreasing,
    first_fit_decreasing,
    is_feasible,
    reduce_bins,
)

ZONES = ("mynumber", "lgwan", "internet", "closed")
# A small host so that a handful of servers already needs several: 10 vCPU, 16 GB usable.
SMALL_HOST = HostSpec(cores=10, memory_gb=16, overcommit=1.0, cpu_ceiling_pct=100, memory_ceiling_pct=100)
ALLOCATED = PlanParameters(sizing="allocated", spares=0, time_limit_s=5.0)


def server(k: int, zone: str, cores: int, memory: int, ha: str | None = None) -> PlanServer:
    return PlanServer(f"S{k:03d}", f"srv{k:03d}", zone, cores, None, float(memory), None, 10.0, 5.0, ha, (f"SYS{k}",))


servers_strategy = st.lists(
    st.tuples(st.sampled_from(ZONES), st.integers(1, 9), st.integers(1, 15), st.sampled_from([None, "A", "B", "C"])),
    min_size=1, max_size=14,
).map(lambda rows: [server(k, *row) for k, row in enumerate(rows)])


def brute_force_bins(items: list[tuple[int, int, str | None]], cap: tuple[int, int]) -> int:
    """The true minimum by trying every partition (small n only)."""
    best = len(items)

    def place(i: int, bins: list[list[int]]) -> None:
        nonlocal best
        if len(bins) >= best:
            return
        if i == len(items):
            best = len(bins)
            return
        c, m, g = items[i]
        for b in bins:
            if (sum(items[j][0] for j in b) + c <= cap[0] and sum(items[j][1] for j in b) + m <= cap[1]
                    and not (g and any(items[j][2] == g for j in b))):
                b.append(i)
                place(i + 1, bins)
                b.pop()
        bins.append([i])
        place(i + 1, bins)
        bins.pop()

    place(0, [])
    return best


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(servers_strategy)
def test_zone_separation_and_ha_never_violated(servers: list[PlanServer]) -> None:
    result = plan(servers, SMALL_HOST, ALLOCATED)
    host_zone = {h.name: h.zone for h in result.hosts}
    by_host: dict[str, list[PlanServer]] = {}
    zone_of = {s.code: s.zone for s in servers}
    ha_of = {s.code: s.ha_group for s in servers}
    for a in result.assignments:
        assert host_zone[a.host] == zone_of[a.server] == a.zone
        by_host.setdefault(a.host, []).append(a.server)
    for codes in by_host.values():
        groups = [ha_of[c] for c in codes if ha_of[c]]
        assert len(groups) == len(set(groups))
    # Closed servers never reach the platform; everything else is assigned once.
    assert {e.server for e in result.excluded} == {s.code for s in servers if s.zone == "closed"}
    assert len(result.assignments) == sum(1 for s in servers if s.zone != "closed")
    for z in result.zones:
        assert z.lower_bound <= z.hosts
    assert not [v for v in check(result) if v.kind in ("zone", "ha", "capacity")]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(1, 9), st.integers(1, 15), st.sampled_from([None, "A", "B"])),
                min_size=1, max_size=7))
def test_proven_optimum_matches_brute_force(rows: list[tuple[int, int, str | None]]) -> None:
    servers = [server(k, "lgwan", c, m, g) for k, (c, m, g) in enumerate(rows)]
    result = plan(servers, SMALL_HOST, ALLOCATED)
    zone = result.zone("lgwan")
    assert zone is not None
    optimum = brute_force_bins(list(rows), (10, 16))
    assert zone.lower_bound <= optimum <= zone.hosts
    if zone.proven_optimal:
        assert zone.hosts == optimum
    # Instances this small are always settled, by the bound or by CP-SAT.
    assert zone.proven_optimal


def test_cp_sat_proves_what_the_bounds_cannot() -> None:
    # Nine servers of 4 vCPU on 10-vCPU hosts: every bound says 4, but only two fit a host.
    servers = [server(k, "internet", 4, 1) for k in range(9)]
    result = plan(servers, SMALL_HOST, ALLOCATED)
    zone = result.zone("internet")
    assert zone is not None
    # The pattern LP (colgen) or CP-SAT proves it, never the simple bounds.
    assert zone.hosts == 5 and zone.proven_optimal and zone.bound_kind in ("lp", "cp-sat")
    assert zone.lower_bound == 5  # raised to what CP-SAT proved


def test_l2_bound_is_valid_and_stronger_than_l1() -> None:
    for sizes in itertools.product([2, 4, 6, 7], repeat=5):
        items = [(s, 1, None) for s in sizes]
        optimum = brute_force_bins(items, (10, 100))
        assert l1(sizes, 10) <= l2(sizes, 10) <= optimum
    assert l2([6, 6, 6], 10) == 3 > l1([6, 6, 6], 10)


def test_lower_bound_counts_ha_groups_and_half_items() -> None:
    bound = lower_bound([1, 1, 1, 1], [1, 1, 1, 1], [0, 0, 0, -1], 100, 100)
    assert bound.value == 3 and bound.kind == "ha"
    bound = lower_bound([60, 60, 60, 10], [1, 1, 1, 1], [-1] * 4, 100, 100)
    assert bound.value == 3


def test_heuristics_feasible_and_reduce_never_worse() -> None:
    import random

    rng = random.Random(3)
    cpu = [rng.choice([1, 2, 3, 5, 8, 13]) for _ in range(300)]
    mem = [rng.choice([2, 4, 8, 16, 30]) for _ in range(300)]
    group = [k // 2 if k < 60 else -1 for k in range(300)]
    items = Items.of(cpu, mem, group, 40, 64)
    ffd = first_fit_decreasing(items)
    bfd = best_fit_decreasing(items)
    assert is_feasible(items, ffd) and is_feasible(items, bfd)
    bound = lower_bound(cpu, mem, group, 40, 64).value
    reduced = reduce_bins(items, ffd, bound, seed=1)
    assert is_feasible(items, reduced)
    assert bound <= max(reduced) + 1 <= max(ffd) + 1


def test_oversized_server_gets_its_own_host_and_is_reported() -> None:
    servers = [server(0, "lgwan", 20, 4), server(1, "lgwan", 2, 4)]
    result = plan(servers, SMALL_HOST, ALLOCATED)
    assert result.zone("lgwan").hosts == 2
    assert [v.kind for v in result.violations] == ["capacity"]
    assert result.violations[0].servers == ("S000",)


@pytest.mark.slow
def test_realistic_estate_keeps_every_rule() -> None:
    from assetdesk.planner import synthetic

    servers = synthetic.servers(2000, seed=4)
    result = plan(servers, HostSpec(storage_gb=10_000_000), PlanParameters(time_limit_s=10),
                  synthetic.dependencies(servers, seed=4))
    assert not result.violations
    for z in result.zones:
        assert z.lower_bound <= z.hosts <= z.ffd_hosts + z.spares
    ffd_total = sum(z.ffd_hosts + z.spares for z in result.zones)
    assert result.total_hosts < ffd_total
