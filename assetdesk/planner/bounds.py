"""Lower bounds on the hosts of one zone: no plan can use fewer.

consolidation.md asks for the larger of ceil(Σ demand / capacity) per dimension, the size of
the largest HA group and the count of items over half a host. Two stronger bounds are cheap
and often bind on sets with big database servers:

- Martello–Toth L2 per dimension: items above half a host each need their own host, and the
  room they leave caps how much of the middle-sized items they can take.
- a clique of pairwise incompatible items (same HA group, or two that together exceed a host
  in some dimension) needs one host each; this generalises both "largest HA group" and
  "items over half a host".
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Bound:
    value: int
    kind: str  # cpu, memory, cpu-l2, memory-l2, ha, half, conflicts
    parts: tuple[tuple[str, int], ...]


def l1(sizes: Sequence[int], cap: int) -> int:
    total = sum(sizes)
    return -(-total // cap) if total > 0 else 0


def l2(sizes: Sequence[int], cap: int) -> int:
    """Martello and Toth's L2 for one dimension (sizes must each fit ``cap``)."""
    if not sizes:
        return 0
    w = sorted(sizes)
    n = len(w)
    prefix = [0]
    for s in w:
        prefix.append(prefix[-1] + s)

    def count_le(x: int) -> int:  # items with size <= x
        return bisect.bisect_right(w, x)

    half = cap // 2  # size <= half  <=>  2*size <= cap  (for integers)
    n_small = count_le(half)
    best = 0
    ks = {0} | {s for s in w[:n_small]}
    for k in ks:
        # N1: size > cap - k; N2: half < size <= cap - k; N3: k <= size <= half
        i_n2_start = n_small
        i_n1_start = max(count_le(cap - k), n_small)
        i_n3_start = bisect.bisect_left(w, k)
        n1 = n - i_n1_start
        n2 = i_n1_start - i_n2_start
        sum_n2 = prefix[i_n1_start] - prefix[i_n2_start]
        sum_n3 = prefix[n_small] - prefix[i_n3_start]
        spill = sum_n3 - (n2 * cap - sum_n2)
        value = n1 + n2 + (max(0, math.ceil(spill / cap)) if spill > 0 else 0)
        best = max(best, value)
    return best


def conflict_clique(
    cpu: Sequence[int], mem: Sequence[int], groups: Sequence[int], cap_cpu: int, cap_mem: int
) -> int:
    """Size of a greedily grown clique of pairwise incompatible items."""
    n = len(cpu)
    if n == 0:
        return 0

    def clash(i: int, j: int) -> bool:
        return (
            (groups[i] >= 0 and groups[i] == groups[j])
            or cpu[i] + cpu[j] > cap_cpu
            or mem[i] + mem[j] > cap_mem
        )

    best = 0
    orders = [
        sorted(range(n), key=lambda i: (-cpu[i], -mem[i], i)),
        sorted(range(n), key=lambda i: (-mem[i], -cpu[i], i)),
        sorted(range(n), key=lambda i: (-(cpu[i] / cap_cpu + mem[i] / cap_mem), i)),
    ]
    # Seeding with the largest HA group keeps the bound at least that group's size.
    by_group: dict[int, list[int]] = {}
    for i, g in enumerate(groups):
        if g >= 0:
            by_group.setdefault(g, []).append(i)
    seeds: list[list[int]] = [[]]
    if by_group:
        seeds.append(max(by_group.values(), key=len))
    for seed in seeds:
        for order in orders:
            clique = list(seed)
            chosen = set(clique)
            for i in order:
                if i in chosen:
                    continue
                # Items far below half a host in every dimension clash only through HA groups.
                if all(clash(i, j) for j in clique):
                    clique.append(i)
                    chosen.add(i)
            best = max(best, len(clique))
    return best


def lower_bound(
    cpu: Sequence[int], mem: Sequence[int], groups: Sequence[int], cap_cpu: int, cap_mem: int
) -> Bound:
    """The best lower bound on hosts for items that each fit one host (groups: -1 for none)."""
    if not cpu:
        return Bound(0, "none", ())
    largest_group = 0
    counts: dict[int, int] = {}
    for g in groups:
        if g >= 0:
            counts[g] = counts.get(g, 0) + 1
    if counts:
        largest_group = max(counts.values())
    half = max(
        sum(1 for c in cpu if 2 * c > cap_cpu),
        sum(1 for m in mem if 2 * m > cap_mem),
    )
    parts = (
        ("cpu", l1(cpu, cap_cpu)),
        ("memory", l1(mem, cap_mem)),
        ("ha", largest_group),
        ("half", half),
        ("cpu-l2", l2(cpu, cap_cpu)),
        ("memory-l2", l2(mem, cap_mem)),
        ("conflicts", conflict_clique(cpu, mem, groups, cap_cpu, cap_mem)),
    )
    # The first part reaching the maximum names it: the simple bounds win ties.
    value = max(v for _, v in parts)
    kind = next(k for k, v in parts if v == value)
    return Bound(value, kind, parts)
