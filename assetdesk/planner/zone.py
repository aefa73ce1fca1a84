"""Solving one zone: bound, anchor, heuristics, and CP-SAT where it can prove something.

Order of work: the lower bound; three constructions (FFD, the anchor; best-fit decreasing;
dot-product fill); on zones up to ``PORTFOLIO_MAX_ITEMS`` servers a short bin-elimination search
from each; on zones up to ``LP_BOUND_MAX_ITEMS`` servers still above the bound, the pattern LP
bound by column generation and CBC on the integer master over its patterns; then CP-SAT with
half the time left when the zone is small enough for its model (items x hosts <=
``exact_max_booleans``); then the long bin-elimination search with the rest.

Which tool wins where (bench/bench_planner.py): the bound proves the heuristic's count optimal
on most zones up to 2,000 servers (solver 'bound'); the bin-elimination search closes nearly all
of FFD's 11–19 % gap at every size; CP-SAT settles small zones where the bound is not reachable
(solver 'cp-sat', e.g. many servers just under half a host) and is not used above ~1,000 servers.
On large anti-correlated servers (bench/bench_planner_bounds.py) the simple bounds are 2–4 hosts
short; the pattern LP proves the count there, and its integer master finds the missing packing.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from assetdesk.planner import bounds, colgen, exact, packing
from assetdesk.planner.model import Capacity, Demand
from assetdesk.planner.packing import Cancel, Items

#: Zones up to this many servers get a short search from each start before the long one.
PORTFOLIO_MAX_ITEMS = 3000
PORTFOLIO_ITERS = 2000
PORTFOLIO_SHARE = 0.2
LP_BOUND_MAX_ITEMS = 1000  # above, a pricing call costs ~0.25 s and the LP steals the search's time


@dataclass(frozen=True)
class ZoneSolution:
    bins: tuple[tuple[str, ...], ...]  # server codes per host, heaviest host first
    lower_bound: int  # hosts, spares excluded
    bound_kind: str
    proven_optimal: bool
    solver: str
    ffd_hosts: int


def _cancelled(cancel: Cancel | None) -> bool:
    return cancel is not None and cancel()


def fits(d: Demand, cap: Capacity) -> bool:
    return d.vcpu <= cap.vcpu and d.memory_mb <= cap.memory_mb


def solve_zone(
    demands: Sequence[Demand],
    cap: Capacity,
    *,
    time_limit: float,
    seed: int = 0,
    exact_max_booleans: int = 60_000,
    cancel: Cancel | None = None,
    progress: Callable[[float], None] | None = None,
    initial: ZoneSolution | None = None,
) -> ZoneSolution:
    """Pack ``demands`` (one zone) onto hosts of capacity ``cap`` (from ``initial`` if given)."""
    start = time.perf_counter()
    deadline = start + time_limit
    # A server bigger than a host cannot share one: it gets a host to itself (and the checks
    # report the overload), and it needs a host in any plan, so it adds one to the bound too.
    alone = [d for d in demands if not fits(d, cap)]
    packable = sorted((d for d in demands if fits(d, cap)), key=lambda d: d.code)
    group_id: dict[str, int] = {}
    groups = [group_id.setdefault(d.ha_group, len(group_id)) if d.ha_group else -1 for d in packable]
    cpu = [d.vcpu for d in packable]
    mem = [d.memory_mb for d in packable]
    bound = bounds.lower_bound(cpu, mem, groups, cap.vcpu, cap.memory_mb)
    lower, kind = bound.value, bound.kind
    items = Items.of(cpu, mem, groups, cap.vcpu, cap.memory_mb)

    if not packable:
        solver, proven, ffd_count, bin_of = "bound", True, 0, []
    else:
        if initial is not None:
            # A second pass continues from the first pass's packing.
            index = {d.code: i for i, d in enumerate(packable)}
            first = [0] * len(packable)
            for b, codes in enumerate(c for c in initial.bins if c[0] in index):
                for c in codes:
                    first[index[c]] = b
            starts = [first]
            ffd_count = initial.ffd_hosts - len(alone)
            solver = initial.solver
            if initial.lower_bound - len(alone) > lower:
                lower, kind = initial.lower_bound - len(alone), initial.bound_kind
        else:
            ffd = packing.first_fit_decreasing(items)
            ffd_count = max(ffd) + 1
            # Sorted by count; on ties the balanced constructions come first.
            starts = sorted(
                [packing.dot_product_fill(items), packing.best_fit_decreasing(items), ffd], key=lambda b: max(b)
            )
            solver = "ffd" if starts[0] is ffd else "heuristic"
        bin_of = starts[0]
        first_count = max(bin_of) + 1
        report = None if progress is None else (lambda k: progress(lower / k))
        if max(bin_of) + 1 > lower and len(starts) > 1 and items.n <= PORTFOLIO_MAX_ITEMS:
            # Which start leads to the bound varies from one instance to the next: a short
            # search from each before anything longer (shorter still on tiny zones, which
            # CP-SAT settles faster). A fifth of the time at most: where the simple bound is
            # out of reach the pattern LP below is the better use of the rest.
            short_deadline = min(deadline, start + PORTFOLIO_SHARE * time_limit)
            short = min(PORTFOLIO_ITERS, max(100, 20 * items.n))
            for i, s in enumerate(starts):
                r = packing.reduce_bins(
                    items, s, lower, seed=seed + i, deadline=short_deadline, cancel=cancel,
                    iters_per_step=short, max_iters_per_step=short, progress=report,
                )
                if max(r) < max(bin_of):
                    bin_of, solver = r, "heuristic"
                if max(bin_of) + 1 <= lower:
                    break
        if max(bin_of) + 1 > lower and items.n <= LP_BOUND_MAX_ITEMS and not _cancelled(cancel):
            # The simple bounds are loose on large anti-correlated servers, and the local search
            # then spends all its time on a count that may be minimal already: the pattern LP
            # (within about one host there; it stops once it proves the count), at most half the
            # time left.
            columns: list[list[int]] = []
            for known in [bin_of, *starts]:
                packed: dict[int, list[int]] = {}
                for i, b in enumerate(known):
                    packed.setdefault(b, []).append(i)
                columns += packed.values()
            cg = colgen.generate(
                cpu, mem, groups, cap.vcpu, cap.memory_mb, columns=columns,
                deadline=time.perf_counter() + (deadline - time.perf_counter()) / 2, target=max(bin_of) + 1,
                cancel=cancel,
            )
            if cg.bound > lower:
                lower, kind = cg.bound, "lp"
            if max(bin_of) + 1 > lower and not _cancelled(cancel):
                # The integer master over the generated patterns often holds a packing at the
                # bound that the local search misses. A quarter of the time left at most.
                covered = colgen.cover(
                    items.n, cg.columns, max(bin_of), time_limit=(deadline - time.perf_counter()) / 4,
                )
                if covered is not None and max(covered) < max(bin_of):
                    bin_of, solver = covered, "patterns"
        proven = max(bin_of) + 1 <= lower
        if not proven and items.n * max(bin_of) <= exact_max_booleans and not _cancelled(cancel):
            # CP-SAT next, with half the time left: on zones this small it usually either finds
            # the missing packing or proves there is none within seconds.
            left = max(0.5, (deadline - time.perf_counter()) / 2)
            result = exact.improve_or_prove(items, bin_of, lower, time_limit=left, seed=seed, cancel=cancel)
            if result.solver_calls:
                if max(result.bin_of) < max(bin_of) or result.proven_optimal:
                    solver = "cp-sat"
                bin_of = result.bin_of
                proven = result.proven_optimal
                if result.proven_bound > lower:
                    lower, kind = result.proven_bound, "cp-sat"
        if not proven and max(bin_of) + 1 > lower and not _cancelled(cancel):
            longer = packing.reduce_bins(items, bin_of, lower, seed=seed, deadline=deadline, cancel=cancel, progress=report)
            if max(longer) < max(bin_of):
                solver = "heuristic"
            bin_of = longer
            proven = max(bin_of) + 1 <= lower
        if solver not in ("cp-sat", "patterns") and max(bin_of) + 1 < first_count:
            solver = "heuristic"
        if proven and solver == "heuristic":
            solver = "bound"

    per_bin: dict[int, list[str]] = {}
    for d, b in zip(packable, bin_of, strict=True):
        per_bin.setdefault(b, []).append(d.code)
    by_code = {d.code: d for d in packable}
    bins = sorted(
        (tuple(sorted(v)) for v in per_bin.values()),
        key=lambda codes: (-sum(by_code[c].vcpu for c in codes), codes),
    )
    bins += [(d.code,) for d in sorted(alone, key=lambda d: d.code)]
    return ZoneSolution(
        bins=tuple(bins),
        lower_bound=lower + len(alone),
        bound_kind=kind,
        proven_optimal=proven,
        solver=solver,
        ffd_hosts=ffd_count + len(alone),
    )
