"""CP-SAT on one zone: is there a packing into one host fewer than the heuristic found?

Asked as a decision problem for k-1 hosts (k = the heuristic's count), which CP-SAT either
solves (a better packing, and we ask again) or proves infeasible (k is optimal). The model
fixes a clique of pairwise incompatible items to hosts 0..q-1 and orders the remaining hosts
by CPU load; both only remove mirror images of the same packing, so no solution is lost.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass

from assetdesk.planner.packing import Cancel, Items


@dataclass(frozen=True)
class ExactResult:
    bin_of: list[int]
    proven_optimal: bool
    solver_calls: int
    #: A lower bound CP-SAT proved (k when k-1 was shown infeasible), else 0.
    proven_bound: int


def _clique(items: Items) -> list[int]:
    """Greedy clique of pairwise incompatible items, largest first."""
    n = items.n
    order = sorted(range(n), key=lambda i: (-(items.cpu[i] / items.cap_cpu + items.mem[i] / items.cap_mem), i))
    clique: list[int] = []
    for i in order:
        if all(
            (items.group[i] >= 0 and items.group[i] == items.group[j])
            or items.cpu[i] + items.cpu[j] > items.cap_cpu
            or items.mem[i] + items.mem[j] > items.cap_mem
            for j in clique
        ):
            clique.append(i)
    return clique


def _solve_with_cancel(solver, model, cancel: Cancel | None):
    """``solver.solve(model)``, stopped early when ``cancel()`` turns True (polled by a thread)."""
    if cancel is None:
        return solver.solve(model)
    done = threading.Event()

    def watch() -> None:
        while not done.wait(0.1):
            if cancel():
                solver.stop_search()
                return

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        return solver.solve(model)
    finally:
        done.set()
        watcher.join()


def _solve_k(
    items: Items, k: int, hint: Sequence[int] | None, time_limit: float, seed: int, workers: int,
    cancel: Cancel | None = None,
):
    from ortools.sat.python import cp_model

    n = items.n
    model = cp_model.CpModel()
    x = [[model.new_bool_var(f"x{i}_{b}") for b in range(k)] for i in range(n)]
    for i in range(n):
        model.add_exactly_one(x[i])
    cpu = [int(v) for v in items.cpu]
    mem = [int(v) for v in items.mem]
    loads = []
    for b in range(k):
        load = sum(cpu[i] * x[i][b] for i in range(n))
        model.add(load <= items.cap_cpu)
        model.add(sum(mem[i] * x[i][b] for i in range(n)) <= items.cap_mem)
        loads.append(load)
    groups: dict[int, list[int]] = {}
    for i, g in enumerate(items.group.tolist()):
        if g >= 0:
            groups.setdefault(g, []).append(i)
    for members in groups.values():
        if len(members) > 1:
            for b in range(k):
                model.add_at_most_one(x[i][b] for i in members)
    clique = _clique(items)
    if len(clique) > k:
        return "infeasible", None
    for pos, i in enumerate(clique):
        model.add(x[i][pos] == 1)
    q = len(clique)
    for b in range(q, k - 1):
        model.add(loads[b] >= loads[b + 1])
    if hint is not None:
        # Map the hint's bins so that clique items sit where the model fixed them.
        mapping: dict[int, int] = {}
        for pos, i in enumerate(clique):
            mapping.setdefault(int(hint[i]), pos)
        free = iter(range(q, k))
        for b in sorted(set(int(h) for h in hint)):
            if b not in mapping:
                mapping[b] = next(free, -1)
        if all(v >= 0 for v in mapping.values()) and max(mapping.values()) < k:
            for i in range(n):
                hb = mapping[int(hint[i])]
                for b in range(k):
                    model.add_hint(x[i][b], b == hb)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.1, time_limit)
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    status = _solve_with_cancel(solver, model, cancel)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return "feasible", [next(b for b in range(k) if solver.value(x[i][b])) for i in range(n)]
    if status == cp_model.INFEASIBLE:
        return "infeasible", None
    return "unknown", None


def improve_or_prove(
    items: Items,
    bin_of: Sequence[int],
    lower_bound: int,
    *,
    time_limit: float,
    seed: int = 0,
    workers: int = 2,
    cancel: Cancel | None = None,
) -> ExactResult:
    """Try k-1 hosts until CP-SAT proves infeasibility, meets the bound, or runs out of time."""
    best = list(bin_of)
    k = max(best) + 1 if best else 0
    calls = 0
    deadline = time.perf_counter() + time_limit
    while k > lower_bound:
        left = deadline - time.perf_counter()
        if left <= 0.05 or (cancel is not None and cancel()):
            return ExactResult(best, False, calls, 0)
        calls += 1
        status, sol = _solve_k(items, k - 1, best, left, seed, workers, cancel)
        if status == "feasible" and sol is not None:
            used = {b: pos for pos, b in enumerate(dict.fromkeys(sol))}
            best = [used[b] for b in sol]
            k = max(best) + 1
        elif status == "infeasible":
            return ExactResult(best, True, calls, k)
        else:
            return ExactResult(best, False, calls, 0)
    return ExactResult(best, True, calls, 0)
