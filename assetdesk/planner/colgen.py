"""Lower bound from the LP relaxation of the pattern (set-covering) model, by column generation.

The restricted master LP (GLOP) gives duals π; the pricing problem is a 2-D knapsack with HA
conflicts (CP-SAT). Whatever the state of the column generation, π scaled by the largest pattern
value V is dual feasible, so Σπ / V is a valid bound on the LP optimum and hence on the hosts
(Farley's bound). V is taken from CP-SAT's proven objective bound, on weights rounded UP, so the
bound stays valid even when a pricing call stops before proving its optimum.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence

from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

SCALE = 10_000  # dual weights are rounded up to multiples of 1/SCALE for CP-SAT
PRICING_LIMIT = 2.0  # seconds per pricing call


def _price(
    weights: Sequence[int], cpu: Sequence[int], mem: Sequence[int], groups: Sequence[int],
    cap_cpu: int, cap_mem: int, time_limit: float,
) -> tuple[list[int], float]:
    """Best pattern found for ``weights`` and a proven upper bound on the best pattern's weight."""
    cand = [i for i, w in enumerate(weights) if w > 0]
    if not cand:
        return [], 0.0
    m = cp_model.CpModel()
    x = {i: m.NewBoolVar(f"x{i}") for i in cand}
    m.Add(sum(cpu[i] * x[i] for i in cand) <= cap_cpu)
    m.Add(sum(mem[i] * x[i] for i in cand) <= cap_mem)
    by_group: dict[int, list[int]] = {}
    for i in cand:
        if groups[i] >= 0:
            by_group.setdefault(groups[i], []).append(i)
    for members in by_group.values():
        if len(members) > 1:
            m.AddAtMostOne(x[i] for i in members)
    m.Maximize(sum(weights[i] * x[i] for i in cand))
    s = cp_model.CpSolver()
    s.parameters.max_time_in_seconds = max(0.05, time_limit)
    s.parameters.num_workers = 1
    status = s.Solve(m)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return [], float(sum(weights[i] for i in cand))
    pattern = [i for i in cand if s.Value(x[i])]
    upper = s.ObjectiveValue() if status == cp_model.OPTIMAL else s.BestObjectiveBound()
    return pattern, float(upper)


def _greedy_columns(
    duals: Sequence[float], cpu: Sequence[int], mem: Sequence[int], groups: Sequence[int],
    cap_cpu: int, cap_mem: int,
) -> list[tuple[int, ...]]:
    """Disjoint patterns packed first-fit by dual value per unit of size: many columns per LP
    solve, which cuts the slow tail of column generation started from singletons."""
    order = sorted(
        (i for i, d in enumerate(duals) if d > 1e-9),
        key=lambda i: -duals[i] / (cpu[i] / cap_cpu + mem[i] / cap_mem + 1e-12),
    )
    bins: list[tuple[list[int], list[int]]] = []  # (members, [cpu, mem])
    for i in order:
        for members, used in bins:
            if (
                used[0] + cpu[i] <= cap_cpu and used[1] + mem[i] <= cap_mem
                and (groups[i] < 0 or all(groups[j] != groups[i] for j in members))
            ):
                members.append(i)
                used[0] += cpu[i]
                used[1] += mem[i]
                break
        else:
            bins.append(([i], [cpu[i], mem[i]]))
    return [tuple(sorted(m)) for m, _ in bins if sum(duals[i] for i in m) > 1 + 1e-9]


def lp_bound(
    cpu: Sequence[int], mem: Sequence[int], groups: Sequence[int], cap_cpu: int, cap_mem: int,
    *, columns: Sequence[Sequence[int]] = (), deadline: float | None = None, max_rounds: int = 500,
) -> int:
    """Valid lower bound on the hosts for items that each fit one host (0 when none could be had)."""
    n = len(cpu)
    if n == 0:
        return 0
    deadline = time.perf_counter() + 10.0 if deadline is None else deadline
    pool: list[tuple[int, ...]] = [(i,) for i in range(n)]
    pool += [tuple(sorted(set(c))) for c in columns if len(c) > 1]
    best = 0
    for _ in range(max_rounds):
        if time.perf_counter() >= deadline:
            break
        lp = pywraplp.Solver.CreateSolver("GLOP")
        if lp is None:
            return best
        lam = [lp.NumVar(0.0, lp.infinity(), "") for _ in pool]
        rows = [lp.Constraint(1.0, lp.infinity()) for _ in range(n)]
        for j, col in enumerate(pool):
            for i in col:
                rows[i].SetCoefficient(lam[j], 1.0)
        obj = lp.Objective()
        for v in lam:
            obj.SetCoefficient(v, 1.0)
        obj.SetMinimization()
        if lp.Solve() != pywraplp.Solver.OPTIMAL:
            break
        duals = [max(0.0, r.dual_value()) for r in rows]
        weights = [math.ceil(d * SCALE - 1e-9) for d in duals]
        budget = min(PRICING_LIMIT, deadline - time.perf_counter())
        pattern, upper = _price(weights, cpu, mem, groups, cap_cpu, cap_mem, budget)
        # Every pattern's Σπ is at most upper/SCALE (weights round π up): π / V is dual feasible.
        v = max(1.0, upper / SCALE)
        best = max(best, math.ceil(sum(duals) / v - 1e-6))
        if not pattern or sum(weights[i] for i in pattern) <= SCALE:
            break  # no column with negative reduced cost was found: nothing more to add
        known = set(pool)
        for col in [tuple(pattern), *_greedy_columns(duals, cpu, mem, groups, cap_cpu, cap_mem)]:
            if col not in known:
                known.add(col)
                pool.append(col)
    return best
