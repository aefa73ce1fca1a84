"""Realistic synthetic server sets for the benchmark and the tests.

Shaped like a prefecture's estate: three platform zones (LGWAN the largest), most servers
small (2–8 cores, 4–32 GB), a long tail of big database servers, CPU peaks mostly low (5–80 %),
memory used more than CPU, about 15 % of servers in HA pairs, a few missing measurements and a
few closed-network servers that must stay off the platform. Deterministic for a seed.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from assetdesk.planner.model import MoveConstraints, PlanServer

ZONE_WEIGHTS = (("lgwan", 0.5), ("mynumber", 0.3), ("internet", 0.2))
# (cores, weight): most servers small, a long tail of big ones.
CORES = ((2, 22), (4, 34), (8, 24), (12, 6), (16, 7), (24, 3), (32, 2), (48, 1.2), (64, 0.8))
# Memory per core (GB) and its weight.
GB_PER_CORE = ((2, 30), (4, 45), (8, 20), (16, 5))


def _pick(rng: random.Random, table: tuple[tuple[object, float], ...]):
    values = [v for v, _ in table]
    weights = [w for _, w in table]
    return rng.choices(values, weights)[0]


def servers(
    n: int, seed: int = 0, *, ha_share: float = 0.15, missing_share: float = 0.05, closed_share: float = 0.01
) -> list[PlanServer]:
    """``n`` servers (HA pairs share specs and an ``ha_group`` label)."""
    rng = random.Random(seed)
    out: list[PlanServer] = []
    system_no = 0
    servers_left_in_system = 0
    zone = "lgwan"
    while len(out) < n:
        if servers_left_in_system <= 0:
            system_no += 1
            servers_left_in_system = rng.choice((1, 1, 2, 2, 3, 4, 6))
            zone = "closed" if rng.random() < closed_share else _pick(rng, ZONE_WEIGHTS)
        cores = _pick(rng, CORES)
        big = cores >= 24
        gb = cores * _pick(rng, GB_PER_CORE)
        if big:
            gb = gb * rng.choice((1, 2))  # database servers carry more memory
        gb = max(4, min(gb, 512))
        # Peaks: skewed low for CPU, higher for memory, database servers busier.
        cpu_peak = min(80.0, 5.0 + rng.betavariate(1.6, 4.0) * (95.0 if big else 75.0))
        mem_peak = min(95.0, 25.0 + rng.betavariate(2.5, 2.5) * 70.0)
        storage = rng.choice((100, 200, 300, 500, 1000)) * (4 if big else 1)
        used = storage * rng.uniform(0.2, 0.8)
        # A pair per draw with p = s / (2 - s) puts a share s of servers in pairs.
        copies = 2 if rng.random() < ha_share / (2 - ha_share) else 1
        group = f"HA-{len(out):05d}" if copies == 2 else None
        eol = date(2024, 4, 1) + timedelta(days=rng.randrange(0, 365 * 8))
        maint = date(2024, 4, 1) + timedelta(days=rng.randrange(0, 365 * 8))
        for _copy in range(copies):
            if len(out) >= n:
                break
            k = len(out) + 1
            miss_cpu = rng.random() < missing_share
            miss_mem = rng.random() < missing_share
            out.append(PlanServer(
                code=f"SRV-{k:05d}",
                hostname=f"srv{k:05d}",
                zone=zone,
                cpu_cores=cores,
                cpu_peak_pct=None if miss_cpu else round(cpu_peak * rng.uniform(0.9, 1.1), 1),
                memory_gb=float(gb),
                memory_peak_pct=None if miss_mem else round(mem_peak * rng.uniform(0.9, 1.1), 1),
                storage_gb=float(storage),
                storage_used_gb=None if rng.random() < missing_share else round(used, 1),
                ha_group=group,
                systems=(f"SYS-{system_no:04d}",),
                power_w=float(150 + cores * 12 + rng.randrange(0, 100)),
                rack_u=float(4 if big else rng.choice((1, 1, 2))),
                annual_maintenance=float(rng.randrange(50, 400) + (1200 if big else 0)),
                os_eol=eol,
                maintenance_end=maint,
            ))
            servers_left_in_system -= 1
    return out


def dependencies(srv: list[PlanServer], seed: int = 0, per_system: float = 0.5) -> MoveConstraints:
    """Random acyclic system dependencies (a later system depends on an earlier one)."""
    rng = random.Random(seed + 1)
    systems = sorted({s for x in srv for s in x.systems})
    deps = []
    for k, s in enumerate(systems[1:], start=1):
        if rng.random() < per_system:
            deps.append((s, systems[rng.randrange(max(0, k - 50), k)]))
    return MoveConstraints(system_dependencies=tuple(deps))


def anti_correlated(n: int, seed: int = 0, *, ha_share: float = 0.2) -> list[tuple[int, int, int]]:
    """``n`` large servers as (vCPU, memory MB, HA group or -1) for 96-vCPU / 512-GB hosts: half
    CPU-heavy (24–48 vCPU, little memory), half memory-heavy (192–320 GB, little CPU), some pairs."""
    rng = random.Random(seed)
    out: list[tuple[int, int, int]] = []
    group = 0
    while len(out) < n:
        if rng.random() < 0.5:
            spec = (rng.randint(24, 48), rng.randint(8, 64) * 1024)
        else:
            spec = (rng.randint(2, 12), rng.randint(192, 320) * 1024)
        if rng.random() < ha_share and len(out) + 2 <= n:
            out += [(spec[0], spec[1], group)] * 2
            group += 1
        else:
            out.append((spec[0], spec[1], -1))
    return out
