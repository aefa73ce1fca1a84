"""Lower bound from the LP relaxation of the pattern (set-covering) model, by column generation.

The restricted master LP (GLOP, kept and re-solved as columns are added) gives duals π; the
pricing problem is a 2-D knapsack with HA conflicts. Whatever the state of the column
generation, π scaled by the largest pattern value V is dual feasible, so Σπ / V is a valid
bound on the LP optimum and hence on the hosts (Farley's bound). V is taken from CP-SAT's proven
objective bound, on weights rounded UP, so the bound stays valid even when a pricing call stops
before proving its optimum.

Speed (bench/bench_planner_bounds.py): most columns come from greedy pricing (several orders by
dual value per unit of size, many columns per LP solve); CP-SAT prices only when the greedy
finds nothing, and at smoothed duals (Wentges: a mix of the duals with the best bound so far and
the current ones), which damps the oscillation that makes plain column generation tail off.
The pool of columns also serves the primal side: ``cover`` solves the integer master over it,
which on these lists often finds a packing at the bound that the local search misses.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

SCALE = 10_000  # dual weights are rounded up to multiples of 1/SCALE for CP-SAT
PRICING_LIMIT = 2.0  # seconds per exact pricing call
SMOOTHING = 0.5  # weight of the best duals so far in the pricing point
EPS = 1e-9
#: CBC cannot be interrupted: the integer master gets at most this long, so a cancel waits no more.
COVER_LIMIT = 8.0
DP_CELLS = 120_000  # CPU x memory cells of the dynamic-programming pricing table


@dataclass
class ColumnGeneration:
    """What column generation found: a valid bound, the master's value, the column pool."""

    bound: int = 0
    lp_value: float = math.inf  # the last restricted master's value (the LP optimum when converged)
    converged: bool = False
    columns: list[tuple[int, ...]] = field(default_factory=list)
    rounds: int = 0
    exact_calls: int = 0


class _Problem:
    def __init__(
        self, cpu: Sequence[int], mem: Sequence[int], groups: Sequence[int], cap_cpu: int, cap_mem: int,
    ) -> None:
        self.cpu, self.mem, self.groups = list(cpu), list(mem), list(groups)
        self.cap_cpu, self.cap_mem = cap_cpu, cap_mem
        self.n = len(cpu)
        # Sizes that rank items for the greedy pricing: each dimension alone, their sum, their max.
        c = [x / cap_cpu for x in cpu]
        m = [x / cap_mem for x in mem]
        self.sizes = [c, m, [a + b for a, b in zip(c, m, strict=True)], [max(a, b) for a, b in zip(c, m, strict=True)]]

    def fill(self, order: Sequence[int], start: Sequence[int] = ()) -> list[int]:
        """Items of ``order`` added first-fit to ``start`` while they fit (CPU, memory, HA)."""
        cpu, mem, groups = self.cpu, self.mem, self.groups  # locals: this loop is the hot spot
        members = list(start)
        room_c = self.cap_cpu - sum(cpu[i] for i in members)
        room_m = self.cap_mem - sum(mem[i] for i in members)
        taken = {groups[i] for i in members if groups[i] >= 0}
        inside = set(members)
        for i in order:
            if cpu[i] > room_c or mem[i] > room_m or i in inside:
                continue
            g = groups[i]
            if g >= 0:
                if g in taken:
                    continue
                taken.add(g)
            members.append(i)
            room_c -= cpu[i]
            room_m -= mem[i]
        return members


class _Knapsack:
    """Exact dynamic programming over (CPU, memory) for the pricing problem, HA groups as
    choose-at-most-one. Sizes are divided by their common divisor; when the table would still
    be too large they are rounded DOWN to coarser units (and the capacities too), which only
    admits more patterns: the optimum is then an upper bound on the true best pattern (what
    Farley's bound needs), and its pattern is kept only if it really fits."""

    def __init__(self, p: _Problem) -> None:
        self.p = p
        qc = math.gcd(p.cap_cpu, *p.cpu)
        qm = math.gcd(p.cap_mem, *p.mem)
        limit_c = max(1, DP_CELLS // 64)  # CPU capacities are small (vCPU): memory gets the rest
        if p.cap_cpu // qc > limit_c:
            qc = math.ceil(p.cap_cpu / limit_c)
        limit_m = max(2, DP_CELLS // (p.cap_cpu // qc + 1))
        if p.cap_mem // qm + 1 > limit_m:
            qm = math.ceil(p.cap_mem / (limit_m - 1))
        self.exact = p.cap_cpu % qc == 0 and p.cap_mem % qm == 0 and all(
            c % qc == 0 for c in p.cpu) and all(m % qm == 0 for m in p.mem)
        self.cc, self.cm = p.cap_cpu // qc, p.cap_mem // qm
        self.c = [c // qc for c in p.cpu]
        self.m = [m // qm for m in p.mem]
        # Steps: a lone item, or an HA group's members (at most one of them).
        steps: dict[int, list[int]] = {}
        for i, g in enumerate(p.groups):
            steps.setdefault(g if g >= 0 else -1 - i, []).append(i)
        self.steps = list(steps.values())

    def solve(self, weights: Sequence[int]) -> tuple[list[int], int]:
        """A best pattern (or [] when the rounded one does not fit) and the best value's upper bound."""
        table = np.zeros((self.cc + 1, self.cm + 1), dtype=np.int64)
        # Per step its items and, per item, where taking it won (offset by the item's size).
        choices: list[tuple[list[int], list[np.ndarray]]] = []
        for members in self.steps:
            live = [i for i in members if weights[i] > 0]
            if not live:
                continue
            # A lone item updates the table in place (its candidates are computed first); an HA
            # group's members all read the table from before the group (at most one of them).
            new = table if len(live) == 1 else table.copy()
            masks = []
            for i in live:
                c, m = self.c[i], self.m[i]
                cand = table[: self.cc + 1 - c, : self.cm + 1 - m] + weights[i]
                view = new[c:, m:]
                better = cand > view
                np.copyto(view, cand, where=better)
                masks.append(better)
            choices.append((live, masks))
            table = new
        best = int(table[self.cc, self.cm])
        pattern: list[int] = []
        c, m = self.cc, self.cm
        for live, masks in reversed(choices):
            # The last member that won at this cell is the one the table holds.
            for i, mask in zip(reversed(live), reversed(masks), strict=True):
                ci, mi = self.c[i], self.m[i]
                if c >= ci and m >= mi and mask[c - ci, m - mi]:
                    pattern.append(i)
                    c -= ci
                    m -= mi
                    break
        p = self.p
        fits = (sum(p.cpu[i] for i in pattern) <= p.cap_cpu and sum(p.mem[i] for i in pattern) <= p.cap_mem)
        return (sorted(pattern) if fits else []), best


def _price_exact(
    p: _Problem, weights: Sequence[int], time_limit: float,
) -> tuple[list[int], float]:
    """Best pattern found for ``weights`` and a proven upper bound on the best pattern's weight."""
    cand = [i for i, w in enumerate(weights) if w > 0]
    if not cand:
        return [], 0.0
    m = cp_model.CpModel()
    x = {i: m.NewBoolVar(f"x{i}") for i in cand}
    m.Add(sum(p.cpu[i] * x[i] for i in cand) <= p.cap_cpu)
    m.Add(sum(p.mem[i] * x[i] for i in cand) <= p.cap_mem)
    by_group: dict[int, list[int]] = {}
    for i in cand:
        if p.groups[i] >= 0:
            by_group.setdefault(p.groups[i], []).append(i)
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


def _price_greedy(p: _Problem, duals: Sequence[float]) -> list[tuple[int, ...]]:
    """Patterns of high dual value from greedy fills: one per ranking of dual value per unit of
    size, then disjoint first-fit patterns over the best ranking (many columns per LP solve)."""
    cand = [i for i in range(p.n) if duals[i] > EPS]
    out: list[tuple[int, ...]] = []
    for size in p.sizes:
        order = sorted(cand, key=lambda i: (-duals[i] / (size[i] + 1e-12), i))
        # From each of the most valuable items a pattern built around it: different seeds
        # reach patterns that a single greedy order misses.
        for first in [None, *order[:8]]:
            members = p.fill(order, () if first is None else (first,))
            out.append(tuple(sorted(members)))
        left = list(order)
        while left:
            members = p.fill(left)
            out.append(tuple(sorted(members)))
            chosen = set(members)
            left = [i for i in left if i not in chosen]
    return out


def _value(col: Sequence[int], duals: Sequence[float]) -> float:
    return sum(duals[i] for i in col)


def generate(
    cpu: Sequence[int], mem: Sequence[int], groups: Sequence[int], cap_cpu: int, cap_mem: int,
    *, columns: Sequence[Sequence[int]] = (), deadline: float | None = None, target: int | None = None,
    max_rounds: int = 2000, cancel: Callable[[], bool] | None = None,
) -> ColumnGeneration:
    """Column generation on items that each fit one host; stops when converged, when the bound
    reaches ``target`` (a known host count: nothing more to prove), at ``deadline`` or on ``cancel``."""
    p = _Problem(cpu, mem, groups, cap_cpu, cap_mem)
    result = ColumnGeneration()
    if p.n == 0:
        result.converged = True
        return result
    deadline = time.perf_counter() + 10.0 if deadline is None else deadline
    lp = pywraplp.Solver.CreateSolver("GLOP")
    if lp is None:
        return result
    rows = [lp.Constraint(1.0, lp.infinity()) for _ in range(p.n)]
    obj = lp.Objective()
    obj.SetMinimization()
    known: set[tuple[int, ...]] = set()

    def add(col: tuple[int, ...]) -> bool:
        if not col or col in known:
            return False
        known.add(col)
        result.columns.append(col)
        v = lp.NumVar(0.0, lp.infinity(), "")
        for i in col:
            rows[i].SetCoefficient(v, 1.0)
        obj.SetCoefficient(v, 1.0)
        return True

    for i in range(p.n):
        add((i,))
    for c in columns:
        add(tuple(sorted(set(c))))
    knapsack = _Knapsack(p)
    center: list[float] | None = None  # the duals of the best bound so far
    center_bound = 0.0
    for _ in range(max_rounds):
        if time.perf_counter() >= deadline or (cancel is not None and cancel()):
            break
        result.rounds += 1
        if lp.Solve() != pywraplp.Solver.OPTIMAL:
            break
        result.lp_value = obj.Value()
        duals = [max(0.0, r.dual_value()) for r in rows]
        if result.bound >= math.ceil(result.lp_value - 1e-6):
            break  # the bound meets the master's value rounded up: it cannot rise further
        added = sum(add(c) for c in _price_greedy(p, duals) if _value(c, duals) > 1 + 1e-7)
        # Exact pricing at the smoothed duals for a bound (and a column); at the duals themselves
        # when that finds nothing new, to see whether the master has converged.
        for alpha in ((SMOOTHING, 0.0) if center is not None else (0.0,)):
            point = duals if alpha == 0.0 else [alpha * c + (1 - alpha) * d for c, d in zip(center, duals, strict=True)]
            weights = [math.ceil(d * SCALE - 1e-9) for d in point]
            pattern, upper = knapsack.solve(weights)
            if not knapsack.exact and not pattern and not added:
                budget = min(PRICING_LIMIT, deadline - time.perf_counter())
                if budget > 0:
                    result.exact_calls += 1
                    pattern, cp_upper = _price_exact(p, weights, budget)
                    upper = min(upper, cp_upper)
            # Every pattern's value is at most upper/SCALE (weights round the point up).
            farley = sum(point) / max(1.0, upper / SCALE)
            if farley > center_bound:
                center_bound, center = farley, list(point)
                result.bound = max(result.bound, math.ceil(farley - 1e-6))
            if pattern and _value(pattern, duals) > 1 + 1e-7 and add(tuple(pattern)):
                added += 1
            if added:
                break
            if alpha == 0.0 and upper <= SCALE * (1 + 1e-7):
                result.converged = True
        if result.converged:
            result.bound = max(result.bound, math.ceil(result.lp_value - 1e-6))
            break
        if target is not None and result.bound >= target:
            break
        if not added:
            break  # nothing priced out, and no proof of convergence (rounded or timed-out pricing)
    return result


def lp_bound(
    cpu: Sequence[int], mem: Sequence[int], groups: Sequence[int], cap_cpu: int, cap_mem: int,
    *, columns: Sequence[Sequence[int]] = (), deadline: float | None = None, max_rounds: int = 2000,
) -> int:
    """Valid lower bound on the hosts for items that each fit one host (0 when none could be had)."""
    return generate(cpu, mem, groups, cap_cpu, cap_mem, columns=columns, deadline=deadline,
                    max_rounds=max_rounds).bound


def cover(
    n: int, columns: Sequence[Sequence[int]], limit: int, *, time_limit: float,
) -> list[int] | None:
    """A packing (host per item) from at most ``limit`` of ``columns`` covering every item, or None.

    The integer master over the pool: CBC's branch and cut does well on such set covering
    problems, where CP-SAT stalls (an item covered twice stays in its first host: any subset of
    a pattern is one too)."""
    covering: list[list[int]] = [[] for _ in range(n)]
    for j, col in enumerate(columns):
        for i in col:
            covering[i].append(j)
    if limit <= 0 or any(not c for c in covering):
        return None
    mip = pywraplp.Solver.CreateSolver("CBC")
    if mip is None:
        return None
    y = [mip.BoolVar("") for _ in columns]
    for c in covering:
        mip.Add(sum(y[j] for j in c) >= 1)
    mip.Add(sum(y) <= limit)
    mip.Minimize(sum(y))
    mip.SetTimeLimit(max(100, int(min(time_limit, COVER_LIMIT) * 1000)))
    if mip.Solve() not in (pywraplp.Solver.OPTIMAL, pywraplp.Solver.FEASIBLE):
        return None
    bin_of = [-1] * n
    host = 0
    for j, col in enumerate(columns):
        if y[j].solution_value() > 0.5:
            fresh = [i for i in col if bin_of[i] < 0]
            for i in fresh:
                bin_of[i] = host
            host += bool(fresh)
    return bin_of if all(b >= 0 for b in bin_of) else None
