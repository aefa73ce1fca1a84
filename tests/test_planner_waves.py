"""Waves: move groups stay together, dependencies move first, capacity and urgency hold."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assetdesk.planner import HostSpec, MoveConstraints, PlanParameters, PlanServer, plan
from assetdesk.planner.sizing import size
from assetdesk.planner.waves import move_groups, schedule

PARAMS = PlanParameters(sizing="allocated", spares=0, time_limit_s=2.0, wave_capacity=4)


def server(k: int, systems: tuple[str, ...], due: date | None = None) -> PlanServer:
    return PlanServer(f"S{k:03d}", f"srv{k:03d}", "lgwan", 2, None, 4.0, None, 10.0, 5.0, None, systems, os_eol=due)


instances = st.integers(2, 30).flatmap(lambda n: st.tuples(
    st.lists(st.lists(st.integers(0, 9), min_size=1, max_size=2, unique=True), min_size=n, max_size=n),
    st.lists(st.tuples(st.integers(0, 9), st.integers(0, 9)), max_size=15),
    st.lists(st.lists(st.integers(0, n - 1), min_size=2, max_size=3), max_size=3),
    st.integers(1, 6),
))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances)
def test_waves_keep_groups_and_dependency_order(instance) -> None:
    systems_of, deps, groups, capacity = instance
    servers = [server(k, tuple(f"SYS{s}" for s in systems)) for k, systems in enumerate(systems_of)]
    constraints = MoveConstraints(
        move_groups=tuple(frozenset(f"S{k:03d}" for k in g) for g in groups),
        system_dependencies=tuple((f"SYS{a}", f"SYS{b}") for a, b in deps if a != b),
    )
    params = PlanParameters(sizing="allocated", wave_capacity=capacity)
    demands = [size(s, params)[0] for s in servers]
    wave_of, waves, warnings = schedule(demands, constraints, params)
    assert set(wave_of) == {s.code for s in servers}
    # Move groups (explicit ones and servers sharing a system) are never split.
    for g in groups:
        assert len({wave_of[f"S{k:03d}"] for k in g}) == 1
    for system in {s for x in servers for s in x.systems}:
        assert len({wave_of[x.code] for x in servers if system in x.systems}) == 1
    # A system's dependencies move in the same or an earlier wave, unless they form a cycle
    # (then the cycle is merged into one group and so moves in one wave).
    for dependent, dependency in constraints.system_dependencies:
        for a in (x for x in servers if dependent in x.systems):
            for b in (x for x in servers if dependency in x.systems):
                assert wave_of[b.code] <= wave_of[a.code]
    # Capacity holds except for a single group larger than it (which is warned about).
    big = {v.wave for v in warnings if v.kind == "group_too_big"}
    for w in waves:
        assert len(w.servers) <= capacity or (w.groups == 1 and w.number in big)
    assert [w.number for w in waves] == list(range(1, len(waves) + 1))


def test_cycle_is_merged_with_a_warning() -> None:
    servers = [server(0, ("A",)), server(1, ("B",)), server(2, ("C",))]
    constraints = MoveConstraints(system_dependencies=(("A", "B"), ("B", "A"), ("C", "A")))
    demands = [size(s, PARAMS)[0] for s in servers]
    groups = move_groups(demands, constraints)
    assert groups.group_of["S000"] == groups.group_of["S001"] != groups.group_of["S002"]
    wave_of, _waves, warnings = schedule(demands, constraints, PARAMS)
    assert [v.kind for v in warnings] == ["dependency_cycle"]
    assert wave_of["S000"] == wave_of["S001"] <= wave_of["S002"]


def test_urgent_servers_move_first_with_their_prerequisites() -> None:
    late, soon = date(2031, 1, 1), date(2026, 1, 1)
    servers = [server(k, (f"L{k}",), late) for k in range(8)]
    servers += [server(8, ("URGENT",), soon), server(9, ("BASE",), None)]
    constraints = MoveConstraints(system_dependencies=(("URGENT", "BASE"),))
    params = PlanParameters(sizing="allocated", wave_capacity=2, first_wave_date=date(2025, 4, 1))
    wave_of, waves, _ = schedule([size(s, params)[0] for s in servers], constraints, params)
    assert wave_of["S009"] == wave_of["S008"] == 1  # BASE goes first because URGENT waits for it
    assert waves[0].planned == date(2025, 4, 1) and waves[1].planned == date(2025, 5, 1)


def test_plan_reports_late_moves_and_oversized_groups() -> None:
    servers = [server(k, ("BIG",)) for k in range(6)] + [server(6, ("X",), date(2025, 1, 1))]
    params = PlanParameters(sizing="allocated", wave_capacity=4, first_wave_date=date(2025, 4, 1))
    result = plan(servers, HostSpec(), params)
    kinds = {v.kind for v in result.warnings}
    assert "group_too_big" in kinds and "eol" in kinds
    assert not result.violations
