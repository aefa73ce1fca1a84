"""Benchmark of the consolidation planner against its anchor, first-fit-decreasing.

For realistic synthetic estates of 200, 2,000 and 20,000 servers (three zones, HA pairs, skewed
sizes; ``assetdesk.planner.synthetic``) it prints the hosts the planner finds, the lower bound,
FFD's hosts, both gaps, whether the count is proven minimal, the time and its ratio to FFD's.
Host counts exclude the spare hosts, which both sides would add alike.

    python -m bench.bench_planner [--sizes 200 2000 20000] [--seed 1] [--time-limit S]
"""

from __future__ import annotations

import argparse
import time

from assetdesk.planner import HostSpec, PlanParameters, plan, synthetic
from assetdesk.planner.model import PlanServer
from assetdesk.planner.packing import Items, first_fit_decreasing
from assetdesk.planner.planner import PLATFORM_ZONES
from assetdesk.planner.sizing import capacity, size
from bench.harness import ratio, table

# SAN storage large enough for 20,000 servers: storage is a per-zone check, not a packing one.
SPEC = HostSpec(storage_gb=10_000_000.0)


def ffd_anchor(servers: list[PlanServer], params: PlanParameters) -> tuple[int, float]:
    """FFD's host count over the three zones (no spares), and its time including sizing."""
    start = time.perf_counter()
    cap = capacity(SPEC)
    total = 0
    for zone in PLATFORM_ZONES:
        demands = [size(s, params)[0] for s in servers if s.zone == zone]
        groups: dict[str, int] = {}
        items = Items.of(
            [d.vcpu for d in demands], [d.memory_mb for d in demands],
            [groups.setdefault(d.ha_group, len(groups)) if d.ha_group else -1 for d in demands],
            cap.vcpu, cap.memory_mb,
        )
        if items.n:
            # Oversized servers get a host each in FFD as in the planner.
            total += max(first_fit_decreasing(items)) + 1
    return total, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 2000, 20000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--time-limit", type=float, default=None,
                        help="seconds per plan (default: 10 up to 2,000 servers, 50 above)")
    args = parser.parse_args()
    rows = []
    solvers = []
    for n in args.sizes:
        servers = synthetic.servers(n, seed=args.seed)
        limit = args.time_limit or (10.0 if n <= 2000 else 50.0)
        params = PlanParameters(time_limit_s=limit, seed=args.seed, spares=0)
        ffd_hosts, ffd_s = ffd_anchor(servers, params)
        start = time.perf_counter()
        result = plan(servers, SPEC, params, synthetic.dependencies(servers, args.seed))
        elapsed = time.perf_counter() - start
        hosts, bound = result.total_hosts, result.total_lower_bound
        rows.append([
            n, sum(z.servers for z in result.zones), hosts, bound, f"{100 * (hosts - bound) / bound:.2f}%",
            ffd_hosts, f"{100 * (ffd_hosts - bound) / bound:.2f}%",
            "yes" if result.proven_optimal else "no", elapsed, ffd_s, ratio(elapsed, ffd_s),
        ])
        solvers.append([n, *(f"{z.zone}: {z.hosts}/{z.lower_bound} {z.solver}{' *' if z.proven_optimal else ''}"
                             for z in result.zones)])
    table(
        "Consolidation planner vs first-fit-decreasing (hosts without spares)",
        ["servers", "in zones", "hosts", "lower bound", "gap", "FFD hosts", "FFD gap", "proven",
         "time s", "FFD s", "time/FFD"],
        rows,
    )
    table("Solver per zone (hosts/bound, * = proven minimal)", ["servers", "zone 1", "zone 2", "zone 3"], solvers)


if __name__ == "__main__":
    main()
