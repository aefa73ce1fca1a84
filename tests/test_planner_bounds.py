"""The column-generation (Farley) bound never exceeds the optimum; brute force on small sets."""

from __future__ import annotations

import time

from hypothesis import given, settings
from hypothesis import strategies as st

from assetdesk.planner import bounds, colgen, synthetic

CAP_CPU, CAP_MEM = 96, 512


def _optimum(cpu, mem, groups) -> int:
    """Fewest hosts by exhaustive assignment (items in order, each into an open or a new host)."""
    n = len(cpu)
    best = n
    hosts: list[list[int]] = []

    def place(i: int) -> None:
        nonlocal best
        if len(hosts) >= best:
            return
        if i == n:
            best = len(hosts)
            return
        for h in hosts:
            if (
                sum(cpu[j] for j in h) + cpu[i] <= CAP_CPU and sum(mem[j] for j in h) + mem[i] <= CAP_MEM
                and (groups[i] < 0 or all(groups[j] != groups[i] for j in h))
            ):
                h.append(i)
                place(i + 1)
                h.pop()
        hosts.append([i])
        place(i + 1)
        hosts.pop()

    place(0)
    return best


items = st.lists(
    st.tuples(st.integers(1, CAP_CPU), st.integers(1, CAP_MEM), st.integers(-1, 2)), min_size=1, max_size=8
)


@settings(max_examples=60, deadline=None)
@given(items)
def test_lp_bound_never_above_optimum(specs):
    cpu = [c for c, _, _ in specs]
    mem = [m for _, m, _ in specs]
    groups = [g for *_, g in specs]
    opt = _optimum(cpu, mem, groups)
    lp = colgen.lp_bound(cpu, mem, groups, CAP_CPU, CAP_MEM, deadline=time.perf_counter() + 5)
    assert lp <= opt
    assert bounds.lower_bound(cpu, mem, groups, CAP_CPU, CAP_MEM).value <= opt


def test_lp_bound_beats_volume_on_anti_correlated_pairs():
    # Memory-heavy servers of one HA group each need their own host: the LP sees it, volume does not.
    cpu = [40, 40, 4, 4, 4, 4]
    mem = [16, 16, 300, 300, 300, 300]
    groups = [-1, -1, 0, 0, 0, 0]
    volume = bounds.l1(mem, CAP_MEM)
    lp = colgen.lp_bound(cpu, mem, groups, CAP_CPU, CAP_MEM, deadline=time.perf_counter() + 5)
    assert volume == 3
    assert lp == _optimum(cpu, mem, groups) == 4


def test_anti_correlated_generator_is_deterministic_and_shaped():
    a = synthetic.anti_correlated(50, 3)
    assert a == synthetic.anti_correlated(50, 3) and len(a) == 50
    assert all(24 <= c <= 48 or 192 * 1024 <= m <= 320 * 1024 for c, m, _ in a)


def test_minimum_statement_proven_or_range():
    from assetdesk.reports.consolidation import minimum_statement

    assert "確認済み" in minimum_statement(12, 12, True)
    assert "11〜12" in minimum_statement(12, 11, False)
