"""The column-generation lower bound: the LP relaxation of the set-covering (pattern) model.

min Σ_p λ_p  s.t.  Σ_{p ∋ i} λ_p ≥ 1 for every server i,  λ ≥ 0, over every *pattern* p: a set of
servers that fits one host (CPU and memory) with at most one server of each HA group. Its
optimum is known to lie within about one host of the true minimum on vector-packing lists,
where the volume bounds can be several hosts short (anti-correlated lists: CPU-heavy and
memory-heavy servers that pair up well).

The restricted master LP (GLOP) starts from the heuristic's hosts and single servers; pricing
finds the pattern of greatest dual value (a 2-D knapsack with HA conflicts) with CP-SAT. The bound
is valid at every iteration, not only at the LP optimum (Farley): with z the restricted master's
value and v ≥ the best pattern's dual value, z / max(1, v) ≤ LP optimum ≤ hosts. Pricing is run
to a proven bound on its optimum, so v is a true upper bound even when it stops early, and the
rounded-up result never exceeds the optimum. Duals are rounded up to integers for CP-SAT, which
can only raise v: still valid.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass

from assetdesk.planner.packing import Cancel, Items

#: Dual values are scaled to integers for CP-SAT with this resolution.
SCALE = 10_000
EPS = 1e-6


@dataclass(frozen=True)
class LpBound:
    value: int  # ceil of the proven fractional bound
    fractional: float  # the proven fractional bound (Farley's, or the LP optimum)
    lp_optimal: bool  # pricing proved no pattern improves the restricted master
    iterations: int
    columns: int


def lp_bound(items: Items, start: Sequence[int] | None = None, *, time_limit: float = 10.0,
             target: int | None = None, cancel: Cancel | None = None) -> LpBound:
    """The set-covering LP bound for ``items`` (``start``: a packing whose hosts seed the columns).

    Stops early when the bound reaches ``target`` (the heuristic's count: nothing more to prove).
    """
    from ortools.linear_solver import pywraplp

    n = items.n
    if n == 0:
        return LpBound(0, 0.0, True, 0, 0)
    deadline = time.perf_counter() + time_limit
    cpu = [int(v) for v in items.cpu]
    mem = [int(v) for v in items.mem]
    group = [int(g) for g in items.group]

    lp = pywraplp.Solver.CreateSolver("GLOP")
    rows = [lp.Constraint(1.0, lp.infinity()) for _ in range(n)]
    objective = lp.Objective()
    objective.SetMinimization()
    seen: set[frozenset[int]] = set()

    def add(pattern: Sequence[int]) -> bool:
        key = frozenset(pattern)
        if not key or key in seen:
            return False
        seen.add(key)
        var = lp.NumVar(0.0, lp.infinity(), "")
        objective.SetCoefficient(var, 1.0)
        for i in key:
            rows[i].SetCoefficient(var, 1.0)
        return True

    for i in range(n):
        add([i])
    if start is not None:
        by_bin: dict[int, list[int]] = {}
        for i, b in enumerate(start):
            by_bin.setdefault(int(b), []).append(i)
        for members in by_bin.values():
            add(members)

    best = 0.0
    iterations = 0
    optimal = False
    while True:
        if lp.Solve() != pywraplp.Solver.OPTIMAL:
            break
        z = objective.Value()
        duals = [max(0.0, r.dual_value()) for r in rows]
        iterations += 1
        left = deadline - time.perf_counter()
        if left <= 0 or (cancel is not None and cancel()):
            break
        found, upper = _price(cpu, mem, group, items.cap_cpu, items.cap_mem, duals, left)
        best = max(best, z / max(1.0, upper))
        if upper <= 1.0 + EPS:
            best, optimal = max(best, z), True
            break
        if target is not None and math.ceil(best - EPS) >= target:
            break
        if math.ceil(best - EPS) >= math.ceil(z - EPS):
            break  # rounding up, the bound cannot rise further
        added = sum(add(p) for p in found if sum(duals[i] for i in p) > 1.0 + EPS)
        if not added:
            break
    return LpBound(math.ceil(best - EPS), best, optimal, iterations, len(seen))


def _price(cpu: list[int], mem: list[int], group: list[int], cap_cpu: int, cap_mem: int,
           duals: list[float], time_limit: float) -> tuple[list[list[int]], float]:
    """Patterns of high dual value, and an upper bound on the highest value of any pattern."""
    from ortools.sat.python import cp_model

    useful = [i for i, d in enumerate(duals) if d > 0]
    if not useful:
        return [], 0.0
    weight = {i: math.ceil(duals[i] * SCALE) for i in useful}
    model = cp_model.CpModel()
    x = {i: model.new_bool_var("") for i in useful}
    model.add(sum(cpu[i] * x[i] for i in useful) <= cap_cpu)
    model.add(sum(mem[i] * x[i] for i in useful) <= cap_mem)
    members: dict[int, list[int]] = {}
    for i in useful:
        if group[i] >= 0:
            members.setdefault(group[i], []).append(i)
    for ids in members.values():
        if len(ids) > 1:
            model.add_at_most_one(x[i] for i in ids)
    model.maximize(sum(weight[i] * x[i] for i in useful))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.05, min(time_limit, 5.0))
    solver.parameters.num_workers = 1
    patterns: list[list[int]] = []

    class Collect(cp_model.CpSolverSolutionCallback):
        def on_solution_callback(self) -> None:
            patterns.append([i for i in useful if self.value(x[i])])

    status = solver.solve(model, Collect())
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        # No proof of the pricing optimum: the sum of the duals bounds any pattern from above.
        return patterns, sum(weight.values()) / SCALE
    upper = solver.best_objective_bound / SCALE
    return patterns[-5:], upper
