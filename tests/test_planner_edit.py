"""Sizing, hand edits with re-checks, scenarios, the JSON contract, determinism and cancel."""

from __future__ import annotations

import json
import math
from datetime import date

import pytest

from assetdesk.i18n import set_language
from assetdesk.planner import (
    HostSpec,
    MoveConstraints,
    PlanParameters,
    PlanServer,
    apply_moves,
    compare,
    move_server,
    new_host_name,
    plan,
    select,
    synthetic,
)
from assetdesk.planner.sizing import capacity, size

SPEC = HostSpec(storage_gb=1_000_000)


def test_capacity_applies_overcommit_and_ceilings() -> None:
    spec = HostSpec(cores=16, memory_gb=128, overcommit=2.0, cpu_ceiling_pct=75, memory_ceiling_pct=90)
    cap = capacity(spec)
    assert cap.vcpu == 24 and cap.memory_mb == int(128 * 1024 * 0.9)


def test_sizing_modes_and_fallbacks() -> None:
    s = PlanServer("S1", "a", "lgwan", 8, 50.0, 32.0, 25.0, 500.0, 100.0)
    d, fb = size(s, PlanParameters(headroom_pct=20, storage_growth_pct=10))
    assert (d.vcpu, d.memory_mb, round(d.storage_gb, 3)) == (5, math.ceil(32 * 0.25 * 1.2 * 1024), 110.0)
    assert not fb
    d, _ = size(s, PlanParameters(sizing="allocated"))
    assert (d.vcpu, d.memory_gb, d.storage_gb) == (8, 32.0, 500.0)
    # Tiny servers keep one vCPU and 2 GB.
    d, _ = size(PlanServer("S2", "b", "lgwan", 2, 1.0, 4.0, 1.0, 10.0, 1.0), PlanParameters())
    assert (d.vcpu, d.memory_gb) == (1, 2.0)
    missing = PlanServer("S3", "c", "lgwan", 4, None, 16.0, None, 200.0, None)
    d, fb = size(missing, PlanParameters())
    assert (d.vcpu, d.memory_gb, d.storage_gb) == (4, 16.0, 200.0)
    assert {f.measurement for f in fb} == {"cpu_peak_pct", "memory_peak_pct", "storage_used_gb"}


def test_scope_selects_physical_servers_not_yet_moved() -> None:
    base = dict(zone="lgwan", cpu_cores=2, cpu_peak_pct=None, memory_gb=4.0, memory_peak_pct=None)
    rows = [
        PlanServer("A", "a", **base),
        PlanServer("B", "b", **base, migration_status="migrated"),
        PlanServer("C", "c", **base, kind="platform_vm"),
        PlanServer("D", "d", **base, migration_status="planned"),
    ]
    assert [s.code for s in select(rows)] == ["A", "D"]
    assert [s.code for s in select(rows, kinds=("physical", "platform_vm"))] == ["A", "C", "D"]


@pytest.fixture(scope="module")
def base_plan():
    servers = synthetic.servers(120, seed=5)
    constraints = synthetic.dependencies(servers, seed=5)
    params = PlanParameters(time_limit_s=3, wave_capacity=10, first_wave_date=date(2026, 4, 1))
    return servers, plan(servers, SPEC, params, constraints)


def test_plan_is_clean_and_deterministic(base_plan) -> None:
    servers, result = base_plan
    assert not result.violations
    again = plan(servers, SPEC, result.params, result.constraints)
    assert again.assignments == result.assignments and again.zones == result.zones
    assert result.figures.servers_before == len(result.assignments)
    assert result.figures.hosts_after == result.total_hosts == len(result.hosts)
    assert all(h.cpu_pct <= 100 and h.memory_pct <= 100 for h in result.hosts)
    assert {f.server for f in result.fallbacks} <= {a.server for a in result.assignments}


def test_moving_a_server_shows_each_broken_rule(base_plan) -> None:
    _servers, result = base_plan
    by_code = {d.code: d for d in result.demands}
    first = result.assignments[0]
    other_zone = next(h for h in result.hosts if h.zone != first.zone)
    edited = move_server(result, first.server, host=other_zone.name)
    assert any(v.kind == "zone" and first.server in v.servers for v in edited.violations)

    pair = next(
        (a, b) for a in result.assignments for b in result.assignments
        if a.server < b.server and by_code[a.server].ha_group and by_code[a.server].ha_group == by_code[b.server].ha_group
    )
    edited = move_server(result, pair[0].server, host=pair[1].host)
    assert any(v.kind == "ha" for v in edited.violations)

    # Piling one zone's servers onto one host overloads it.
    zone_servers = [a for a in result.assignments if a.zone == first.zone]
    edited = apply_moves(result, [(a.server, zone_servers[0].host, None) for a in zone_servers])
    assert any(v.kind == "capacity" for v in edited.violations)
    assert edited.zone(first.zone).proven_optimal is False

    # A server moved to a later wave than its move group splits the group.
    group = next(w for w in result.waves if len(w.servers) > 1)
    edited = move_server(result, group.servers[0], wave=len(result.waves) + 1)
    kinds = {v.kind for v in edited.violations}
    assert "group_split" in kinds or "dependency" in kinds


def test_dependency_order_violation_is_reported() -> None:
    servers = [PlanServer(f"S{k}", f"s{k}", "lgwan", 2, None, 4.0, None, systems=(f"SYS{k}",)) for k in range(3)]
    constraints = MoveConstraints(system_dependencies=(("SYS1", "SYS0"),))
    result = plan(servers, SPEC, PlanParameters(wave_capacity=1), constraints)
    assert not result.violations
    wave_of = {a.server: a.wave for a in result.assignments}
    assert wave_of["S0"] < wave_of["S1"]
    edited = move_server(result, "S0", wave=len(result.waves) + 1)
    assert [v.kind for v in edited.violations] == ["dependency"]
    assert "S0" in edited.violations[0].servers


def test_new_host_and_spares(base_plan) -> None:
    _servers, result = base_plan
    a = result.assignments[0]
    name = new_host_name(result, a.zone)
    assert name not in {h.name for h in result.hosts}
    edited = move_server(result, a.server, host=name)
    assert name in {h.name for h in edited.hosts}
    assert edited.total_hosts == result.total_hosts + 1
    assert not edited.violations


def test_closed_and_unzoned_servers_are_excluded_with_reasons() -> None:
    servers = [
        PlanServer("C1", "closed1", "closed", 2, None, 4.0, None),
        PlanServer("N1", "nozone", None, 2, None, 4.0, None),
        PlanServer("L1", "ok", "lgwan", 2, None, 4.0, None),
    ]
    result = plan(servers, SPEC)
    assert [e.server for e in result.excluded] == ["C1", "N1"]
    assert result.excluded[0].reason != result.excluded[1].reason
    assert [a.server for a in result.assignments] == ["L1"]


def test_json_contract_and_translation(base_plan) -> None:
    _servers, result = base_plan
    doc = result.as_dict()
    assert set(doc["hosts"]) >= {"total", "lower_bound", "proven_optimal", "by_zone"}
    for zone, z in doc["hosts"]["by_zone"].items():
        assert set(z) >= {"hosts", "lower_bound", "servers"} and zone in ("mynumber", "lgwan", "internet")
    assert set(doc["assignments"][0]) >= {"server", "host", "zone", "wave"}
    assert isinstance(doc["elapsed_s"], float)
    assert json.loads(json.dumps(doc, ensure_ascii=False))["hosts"]["total"] == result.total_hosts
    edited = move_server(result, result.assignments[0].server, wave=99)
    ja = edited.violations[0].text
    try:
        set_language("en")
        assert isinstance(edited.violations[0].text, str)
    finally:
        set_language("ja")
    assert ja


def test_scenarios_compare_side_by_side(base_plan) -> None:
    servers, result = base_plan
    bigger = plan(servers, HostSpec(cores=64, memory_gb=1536, storage_gb=1_000_000), result.params, result.constraints)
    rows = {r.key: r for r in compare([result, bigger])}
    assert rows["hosts"].values == (result.total_hosts, bigger.total_hosts)
    assert rows["hosts"].values[1] <= rows["hosts"].values[0]
    assert rows["maintenance_saved"].values[0] == result.figures.maintenance_saved


def test_cancel_returns_a_complete_plan_and_progress_is_reported() -> None:
    servers = synthetic.servers(600, seed=2)
    seen: list[float] = []
    result = plan(servers, SPEC, PlanParameters(time_limit_s=30), progress=lambda f, _m: seen.append(f),
                  cancel=lambda: True)
    assert result.cancelled
    assert len(result.assignments) == sum(1 for s in servers if s.zone != "closed")
    assert not [v for v in result.violations if v.kind in ("ha", "zone", "capacity")]
    assert seen[0] == 0.0 and seen[-1] == 1.0 and seen == sorted(seen)


def test_storage_is_checked_per_zone_or_pooled_per_host() -> None:
    servers = [PlanServer(f"S{k}", f"s{k}", "lgwan", 2, None, 4.0, None, 1000.0, None) for k in range(5)]
    params = PlanParameters(sizing="allocated", spares=1)
    shared = plan(servers, HostSpec(storage_gb=4000), params)
    assert [v.kind for v in shared.violations] == ["storage"]
    assert shared.zone("lgwan").hosts == 2  # one host carries all five, plus the spare
    pooled = plan(servers, HostSpec(storage_gb=1500, storage_per_host=True), params)
    zone = pooled.zone("lgwan")
    assert zone.hosts == zone.lower_bound == 4 and zone.bound_kind == "storage" and zone.proven_optimal
    assert zone.storage_capacity_gb == 6000 and not pooled.violations
