"""Packing the servers of one zone onto as few hosts as possible (two-dimensional, with HA).

Items are (vCPU, memory MB) pairs with an HA group id (-1 for none); a bin is a host with
capacity (C, M); two items of one HA group never share a bin. Three steps:

1. ``first_fit_decreasing``: the textbook anchor the spec measures against.
2. ``best_fit_decreasing``: items by size weighted with each dimension's scarcity, each into
   the feasible bin it fills best; ``dot_product_fill``: bin by bin, each time the item that
   best matches the room left in both dimensions. Both balance CPU and memory, FFD does not.
3. ``reduce_bins``: empty the lightest bin into the others, then repair the overloads by tabu
   search over moves and swaps (minimising the total overload); when the overload reaches
   zero, the count is one lower. Repeat until the lower bound, the budget or a failed repair.

Everything is vectorised over bins/items with numpy, deterministic for a seed, and bounded by
an iteration budget (the wall-clock deadline only cuts a run that would take too long).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

Cancel = Callable[[], bool]
#: Iterations an item may not return to the bin it left (plus a random part, against cycles).
TENURE = 7
TENURE_SPREAD = 5


@dataclass(frozen=True)
class Items:
    cpu: np.ndarray  # int64
    mem: np.ndarray  # int64
    group: np.ndarray  # int64, -1 for none
    cap_cpu: int
    cap_mem: int

    @classmethod
    def of(cls, cpu: Sequence[int], mem: Sequence[int], group: Sequence[int], cap_cpu: int, cap_mem: int) -> Items:
        return cls(
            np.asarray(cpu, dtype=np.int64), np.asarray(mem, dtype=np.int64),
            np.asarray(group, dtype=np.int64), int(cap_cpu), int(cap_mem),
        )

    @property
    def n(self) -> int:
        return len(self.cpu)

    def weights(self) -> tuple[float, float]:
        """Each dimension's share of the total normalised demand: the scarcer one weighs more."""
        wc = float(self.cpu.sum()) / self.cap_cpu
        wm = float(self.mem.sum()) / self.cap_mem
        total = wc + wm
        return (0.5, 0.5) if total <= 0 else (wc / total, wm / total)


def bins_used(bin_of: Sequence[int]) -> int:
    return len(set(int(b) for b in bin_of))


def is_feasible(items: Items, bin_of: Sequence[int]) -> bool:
    b = np.asarray(bin_of, dtype=np.int64)
    if len(b) == 0:
        return True
    m = int(b.max()) + 1
    lc = np.bincount(b, weights=items.cpu, minlength=m)
    lm = np.bincount(b, weights=items.mem, minlength=m)
    if (lc > items.cap_cpu).any() or (lm > items.cap_mem).any():
        return False
    seen: set[tuple[int, int]] = set()
    for g, bb in zip(items.group.tolist(), b.tolist(), strict=True):
        if g >= 0:
            if (g, bb) in seen:
                return False
            seen.add((g, bb))
    return True


def _greedy(items: Items, order: np.ndarray, best_fit: bool) -> list[int]:
    n = items.n
    lc = np.zeros(n + 1, dtype=np.int64)
    lm = np.zeros(n + 1, dtype=np.int64)
    wc, wm = items.weights()
    bin_of = [0] * n
    group_bins: dict[int, list[int]] = {}
    nb = 0
    for i in order.tolist():
        c, m, g = int(items.cpu[i]), int(items.mem[i]), int(items.group[i])
        fits = (lc[:nb] + c <= items.cap_cpu) & (lm[:nb] + m <= items.cap_mem)
        if g >= 0 and g in group_bins:
            fits[group_bins[g]] = False
        if fits.any():
            if best_fit:
                fill = wc * (lc[:nb] + c) / items.cap_cpu + wm * (lm[:nb] + m) / items.cap_mem
                b = int(np.argmax(np.where(fits, fill, -1.0)))
            else:
                b = int(np.argmax(fits))
        else:
            b = nb
            nb += 1
        lc[b] += c
        lm[b] += m
        bin_of[i] = b
        if g >= 0:
            group_bins.setdefault(g, []).append(b)
    return bin_of


def first_fit_decreasing(items: Items) -> list[int]:
    """FFD on the larger normalised dimension: the anchor of consolidation.md."""
    key = np.maximum(items.cpu / items.cap_cpu, items.mem / items.cap_mem)
    order = np.lexsort((np.arange(items.n), -key))
    return _greedy(items, order, best_fit=False)


def best_fit_decreasing(items: Items) -> list[int]:
    wc, wm = items.weights()
    key = wc * items.cpu / items.cap_cpu + wm * items.mem / items.cap_mem
    order = np.lexsort((np.arange(items.n), -key))
    return _greedy(items, order, best_fit=True)


# ---------------------------------------------------------------------------------------------
# Bin elimination with tabu repair


class _State:
    """A packing into ``m`` bins that may be overloaded (never with an HA clash)."""

    def __init__(self, items: Items, bin_of: Sequence[int]):
        self.items = items
        self.bin_of = np.asarray(bin_of, dtype=np.int64).copy()
        self.m = int(self.bin_of.max()) + 1 if items.n else 0
        self.lc = np.bincount(self.bin_of, weights=items.cpu, minlength=self.m).astype(np.int64)
        self.lm = np.bincount(self.bin_of, weights=items.mem, minlength=self.m).astype(np.int64)
        self.members: list[set[int]] = [set() for _ in range(self.m)]
        for i, b in enumerate(self.bin_of.tolist()):
            self.members[b].add(i)
        self.group_members: dict[int, list[int]] = {}
        for i, g in enumerate(items.group.tolist()):
            if g >= 0:
                self.group_members.setdefault(g, []).append(i)
        self.inv_c = 1.0 / items.cap_cpu
        self.inv_m = 1.0 / items.cap_mem

    def over(self, lc: np.ndarray, lm: np.ndarray) -> np.ndarray:
        it = self.items
        return np.maximum(lc - it.cap_cpu, 0) * self.inv_c + np.maximum(lm - it.cap_mem, 0) * self.inv_m

    def total_over(self) -> float:
        return float(self.over(self.lc[: self.m], self.lm[: self.m]).sum())

    def conflict_bins(self, i: int) -> list[int]:
        g = int(self.items.group[i])
        if g < 0:
            return []
        return [int(self.bin_of[j]) for j in self.group_members[g] if j != i]

    def move(self, i: int, b: int) -> None:
        a = int(self.bin_of[i])
        c, mm = int(self.items.cpu[i]), int(self.items.mem[i])
        self.lc[a] -= c
        self.lm[a] -= mm
        self.lc[b] += c
        self.lm[b] += mm
        self.members[a].discard(i)
        self.members[b].add(i)
        self.bin_of[i] = b

    def drop_bin(self, e: int) -> list[int]:
        """Remove bin ``e`` (the last bin takes its number); return its items, unassigned."""
        last = self.m - 1
        orphans = sorted(self.members[e])
        if e != last:
            for i in self.members[last]:
                self.bin_of[i] = e
            self.members[e] = self.members[last]
            self.lc[e], self.lm[e] = self.lc[last], self.lm[last]
        else:
            self.members[e] = set()
        self.members.pop()
        self.lc[last] = 0
        self.lm[last] = 0
        self.m -= 1
        for i in orphans:
            self.bin_of[i] = -1
        return orphans

    def insert(self, i: int) -> None:
        """Place an unassigned item where it adds the least overload (then fills best)."""
        it = self.items
        c, mm = int(it.cpu[i]), int(it.mem[i])
        lc, lm = self.lc[: self.m], self.lm[: self.m]
        delta = self.over(lc + c, lm + mm) - self.over(lc, lm)
        fill = (lc + c) * self.inv_c + (lm + mm) * self.inv_m
        score = delta * 1e6 - fill
        bad = self.conflict_bins(i)
        bad = [b for b in bad if b >= 0]
        if bad:
            score[bad] = np.inf
        b = int(np.argmin(score))
        self.bin_of[i] = b
        self.members[b].add(i)
        self.lc[b] += c
        self.lm[b] += mm


def _ha_ok_swap(state: _State, i: int, j: int) -> bool:
    a, b = int(state.bin_of[i]), int(state.bin_of[j])
    gi, gj = int(state.items.group[i]), int(state.items.group[j])
    if gi >= 0 and gi == gj:
        return True  # they trade places: still on different bins
    if gi >= 0 and any(int(state.bin_of[k]) == b for k in state.group_members[gi] if k != i):
        return False
    return not (gj >= 0 and any(int(state.bin_of[k]) == a for k in state.group_members[gj] if k != j))


def _repair(
    state: _State, rng: np.random.Generator, max_iters: int, deadline: float, cancel: Cancel | None,
    sample_items: int = 1200,
) -> bool:
    """Tabu search on the total overload; True when it reaches zero.

    Each iteration works on one overloaded bin ``a``: the best move of one of its items to any
    bin, or the best swap of one of its items with one of ``sample_items`` random other items.
    The best non-tabu neighbour is taken even when it is worse (that is how it leaves plateaus);
    a move back to a bin an item just left is tabu for a few iterations.
    """
    it = state.items
    cpu_f = it.cpu.astype(np.float64)
    mem_f = it.mem.astype(np.float64)
    tabu: dict[int, dict[int, int]] = {}  # item -> {bin it may not go back to: until iteration}
    tabu_to: dict[int, dict[int, int]] = {}  # the same, by bin: bin -> {item: until}
    eps = 1e-12
    penalty = 1e3
    for step in range(max_iters):
        m = state.m
        lc, lm = state.lc[:m], state.lm[:m]
        ov = state.over(lc, lm)
        over_bins = np.flatnonzero(ov > eps)
        if len(over_bins) == 0:
            return True
        if (step & 31) == 0 and (time.perf_counter() > deadline or (cancel is not None and cancel())):
            return False
        # Work on one overloaded bin, the more overloaded the likelier.
        weights = ov[over_bins] / ov[over_bins].sum()
        a = int(over_bins[rng.choice(len(over_bins), p=weights)]) if len(over_bins) > 1 else int(over_bins[0])
        rows = np.fromiter(sorted(state.members[a]), dtype=np.int64)
        if len(rows) == 0:
            return False
        ci, mi = cpu_f[rows], mem_f[rows]
        noise = rng.random(m) * 1e-9
        # Moves: every item of a to every bin.
        d_src = state.over(lc[a] - ci, lm[a] - mi) - ov[a]
        d_dst = state.over(lc[None, :] + ci[:, None], lm[None, :] + mi[:, None]) - ov[None, :] + noise[None, :]
        d_dst[:, a] = np.inf
        for r, i in enumerate(rows.tolist()):
            bad = state.conflict_bins(i)
            if bad:
                d_dst[r, bad] = np.inf
            for b, until in tabu.get(i, {}).items():
                if until > step:
                    d_dst[r, b] += penalty
        total = d_src[:, None] + d_dst
        r, b = np.unravel_index(int(np.argmin(total)), total.shape)
        best_move = (float(total[r, b]), int(rows[r]), int(b))

        # Swaps: every item of a with a random sample of the other items.
        n = it.n
        cols = rng.choice(n, min(n, sample_items), replace=False) if n > sample_items else np.arange(n)
        best_swap: tuple[float, int, int] | None = None
        if len(cols):
            bj = state.bin_of[cols]
            cj, mj = cpu_f[cols][None, :], mem_f[cols][None, :]
            na = state.over(lc[a] - ci[:, None] + cj, lm[a] - mi[:, None] + mj) - ov[a]
            nb = state.over(lc[bj][None, :] - cj + ci[:, None], lm[bj][None, :] - mj + mi[:, None]) - ov[bj][None, :]
            d = na + nb + noise[bj][None, :]
            d[:, bj == a] = np.inf
            for r, i in enumerate(rows.tolist()):
                for b, until in tabu.get(i, {}).items():
                    if until > step:
                        d[r, bj == b] += penalty
            back = [j for j, until in tabu_to.get(a, {}).items() if until > step]
            if back:
                d[:, np.isin(cols, back)] += penalty
            for _ in range(8):
                flat = int(np.argmin(d))
                r, c = divmod(flat, d.shape[1])
                if not np.isfinite(d[r, c]):
                    break
                if _ha_ok_swap(state, int(rows[r]), int(cols[c])):
                    best_swap = (float(d[r, c]), int(rows[r]), int(cols[c]))
                    break
                d[r, c] = np.inf

        tenure = TENURE + int(rng.integers(0, TENURE_SPREAD))
        if best_swap is not None and best_swap[0] < best_move[0]:
            _, i, j = best_swap
            bi, bj_ = int(state.bin_of[i]), int(state.bin_of[j])
            state.move(i, bj_)
            state.move(j, bi)
            for item, left in ((i, bi), (j, bj_)):
                tabu.setdefault(item, {})[left] = step + tenure
                tabu_to.setdefault(left, {})[item] = step + tenure
        else:
            _, i, b = best_move
            a0 = int(state.bin_of[i])
            state.move(i, b)
            tabu.setdefault(i, {})[a0] = step + tenure
            tabu_to.setdefault(a0, {})[i] = step + tenure
        if (step & 63) == 63:
            tabu = _expire(tabu, step)
            tabu_to = _expire(tabu_to, step)
    return state.total_over() <= eps


def _expire(table: dict[int, dict[int, int]], step: int) -> dict[int, dict[int, int]]:
    out = {}
    for k, entries in table.items():
        live = {b: u for b, u in entries.items() if u > step}
        if live:
            out[k] = live
    return out


def _compact(bin_of: np.ndarray) -> list[int]:
    """Renumber bins 0..k-1 in order of first use."""
    mapping: dict[int, int] = {}
    out = []
    for b in bin_of.tolist():
        if b not in mapping:
            mapping[b] = len(mapping)
        out.append(mapping[b])
    return out


def reduce_bins(
    items: Items,
    bin_of: Sequence[int],
    target: int,
    *,
    seed: int = 0,
    deadline: float | None = None,
    cancel: Cancel | None = None,
    iters_per_step: int = 1000,
    max_iters_per_step: int = 64_000,
    attempts: int = 6,
    progress: Callable[[int], None] | None = None,
) -> list[int]:
    """Empty bins one at a time while a repair succeeds; never returns worse than ``bin_of``.

    Each step tries up to ``attempts`` bins (lightest first) with a short repair of
    ``iters_per_step`` iterations: on these instances a repair either succeeds within a few
    hundred iterations or is better restarted from another bin. When every attempt fails the
    budget doubles, up to ``max_iters_per_step``; then the search ends.
    """
    if items.n == 0:
        return []
    deadline = deadline if deadline is not None else time.perf_counter() + 1e9
    rng = np.random.default_rng(seed)
    best = _compact(np.asarray(bin_of, dtype=np.int64))
    while True:
        m = max(best) + 1
        if m <= target or time.perf_counter() > deadline or (cancel is not None and cancel()):
            return best
        improved = False
        for attempt in range(attempts):
            state = _State(items, best)
            wc, wm = items.weights()
            light = wc * state.lc[:m] / items.cap_cpu + wm * state.lm[:m] / items.cap_mem
            # First the lightest bin; later attempts the next lightest ones.
            order = np.lexsort((np.arange(m), light))
            e = int(order[min(attempt, m - 1)])
            orphans = state.drop_bin(e)
            orphans.sort(key=lambda i: -(wc * items.cpu[i] / items.cap_cpu + wm * items.mem[i] / items.cap_mem))
            for i in orphans:
                state.insert(i)
            if _repair(state, rng, iters_per_step, deadline, cancel):
                best = _compact(state.bin_of)
                improved = True
                if progress is not None:
                    progress(max(best) + 1)
                break
            if time.perf_counter() > deadline or (cancel is not None and cancel()):
                break
        if not improved:
            # Every attempt ran out of iterations: try again with a longer search while the
            # deadline allows (the budget, not the clock, decides what a run finds).
            if time.perf_counter() + 1.0 > deadline or iters_per_step >= max_iters_per_step:
                return best
            iters_per_step *= 2


def dot_product_fill(items: Items) -> list[int]:
    """Bin-centric greedy: open a bin with the largest item left, then keep adding the item that
    best matches the bin's remaining room (dot product of normalised size and residual)."""
    n = items.n
    cpu_n = items.cpu / items.cap_cpu
    mem_n = items.mem / items.cap_mem
    wc, wm = items.weights()
    size = wc * cpu_n + wm * mem_n
    left = np.ones(n, dtype=bool)
    blocked = np.zeros(n, dtype=bool)  # items whose HA partner is already in the open bin
    by_group: dict[int, list[int]] = {}
    for i, g in enumerate(items.group.tolist()):
        if g >= 0:
            by_group.setdefault(g, []).append(i)
    members_of = {g: np.asarray(v) for g, v in by_group.items()}
    bin_of = [-1] * n
    b = 0
    remaining = n

    def take(i: int) -> None:
        g = int(items.group[i])
        if g >= 0:
            blocked[members_of[g]] = True

    while remaining:
        first = int(np.argmax(np.where(left, size, -1.0)))
        members = [first]
        left[first] = False
        remaining -= 1
        take(first)
        rc, rm = items.cap_cpu - int(items.cpu[first]), items.cap_mem - int(items.mem[first])
        while remaining:
            fits = left & ~blocked & (items.cpu <= rc) & (items.mem <= rm)
            if not fits.any():
                break
            score = cpu_n * (rc / items.cap_cpu) + mem_n * (rm / items.cap_mem)
            i = int(np.argmax(np.where(fits, score, -1.0)))
            members.append(i)
            left[i] = False
            remaining -= 1
            rc -= int(items.cpu[i])
            rm -= int(items.mem[i])
            take(i)
        blocked[:] = False
        for i in members:
            bin_of[i] = b
        b += 1
    return bin_of
