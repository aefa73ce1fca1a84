"""The public entry: ``plan(servers, spec, params)`` -> ``Plan``.

Sizes each server, leaves out those that cannot go to the platform (with the reason), packs
each zone (``zone.solve_zone``), adds the spare hosts, schedules the waves and checks every
rule on the result. ``progress(fraction, message)`` and ``cancel()`` are plain callables so the
GUI can run this in a worker; a cancelled plan holds the best packing found so far.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import replace

from assetdesk.choices import NETWORK_ZONE
from assetdesk.i18n import N_, _
from assetdesk.planner import checks, sizing, waves
from assetdesk.planner.model import (
    HOST_PREFIX,
    Assignment,
    Capacity,
    Demand,
    Excluded,
    Fallback,
    Figures,
    HostLoad,
    HostSpec,
    MoveConstraints,
    Plan,
    PlanParameters,
    PlanServer,
    Violation,
    Wave,
    ZoneResult,
)
from assetdesk.planner.zone import ZoneSolution, solve_zone

Progress = Callable[[float, str], None]
PLATFORM_ZONES = tuple(HOST_PREFIX)


def host_name(zone: str, number: int) -> str:
    return f"{HOST_PREFIX[zone]}-{number:02d}"


def zone_of_host(name: str) -> str | None:
    prefix = name.split("-", 1)[0]
    return next((z for z, p in HOST_PREFIX.items() if p == prefix), None)


def plan(
    servers: Sequence[PlanServer],
    spec: HostSpec,
    params: PlanParameters | None = None,
    constraints: MoveConstraints | None = None,
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
) -> Plan:
    """Plan the consolidation of ``servers`` onto hosts of ``spec``.

    Deterministic for ``params.seed`` as long as ``params.time_limit_s`` does not cut the search
    short (searches are bounded by iteration budgets; the clock only stops a long run early).
    ``progress(fraction, message)`` receives a non-decreasing fraction from 0.0 to 1.0;
    ``cancel()`` returning True stops the search, and the plan holds the best packing so far.
    """
    started = time.perf_counter()
    params = params or PlanParameters()
    constraints = constraints or MoveConstraints()
    shown = 0.0

    def report(fraction: float, message: str) -> None:
        nonlocal shown
        shown = max(shown, fraction)  # restarts of a search must not move the bar back
        if progress is not None:
            progress(shown, message)

    report(0.0, _("サーバの所要量を算定しています"))
    cap = sizing.capacity(spec)

    demands: list[Demand] = []
    fallbacks: list[Fallback] = []
    excluded: list[Excluded] = []
    in_scope: list[PlanServer] = []
    seen: set[str] = set()
    for s in servers:
        if s.code in seen:
            excluded.append(Excluded(s.code, s.hostname, N_("サーバ管理番号が重複しています")))
            continue
        seen.add(s.code)
        if s.zone not in PLATFORM_ZONES:
            reason = (N_("閉域・スタンドアロンのサーバは共同利用型基盤に移行できません") if s.zone == "closed"
                      else N_("ネットワーク区分が未設定です"))
            excluded.append(Excluded(s.code, s.hostname, reason))
            continue
        d, fb = sizing.size(s, params)
        demands.append(d)
        fallbacks.extend(fb)
        in_scope.append(s)
    demands.sort(key=lambda d: d.code)

    bins_by_zone: dict[str, tuple[tuple[str, ...], ...]] = {}
    solutions: dict[str, ZoneSolution] = {}
    results: dict[str, ZoneResult] = {}
    total = max(1, len(demands))
    done = 0
    cancelled = False
    # Smaller zones first: the time they leave unused goes to the bigger ones.
    by_zone = {z: [d for d in demands if d.zone == z] for z in PLATFORM_ZONES}
    left = len(demands)
    for zone in sorted(by_zone, key=lambda z: (len(by_zone[z]), z)):
        zi = PLATFORM_ZONES.index(zone)
        zd = by_zone[zone]
        if not zd:
            continue
        share = len(zd) / total
        budget = max(0.5, (params.time_limit_s - (time.perf_counter() - started)) * len(zd) / left)
        left -= len(zd)
        base = 0.05 + 0.85 * done / total
        report(base, _("{zone} のホスト配置を計算しています").format(zone=NETWORK_ZONE.label_of(zone)))
        sol = solve_zone(
            zd, cap, time_limit=budget, seed=params.seed + zi,
            exact_max_booleans=params.exact_max_booleans, cancel=cancel,
            progress=lambda f, base=base, share=share, zone=zone: report(
                base + 0.85 * share * min(1.0, f), _("{zone} のホスト配置を計算しています").format(zone=NETWORK_ZONE.label_of(zone))),
        )
        done += len(zd)
        cancelled = cancelled or (cancel is not None and cancel())
        solutions[zone] = sol

    # Time a zone did not need (it met its bound early) goes to the zones still above theirs.
    open_zones = [z for z, sol in solutions.items() if not sol.proven_optimal]
    while open_zones and not cancelled:
        remaining = params.time_limit_s - (time.perf_counter() - started)
        if remaining < 1.0:
            break
        zone = max(open_zones, key=lambda z: len(by_zone[z]))
        open_zones.remove(zone)
        weight = sum(len(by_zone[z]) for z in open_zones) + len(by_zone[zone])
        solutions[zone] = solve_zone(
            by_zone[zone], cap, time_limit=remaining * len(by_zone[zone]) / weight,
            seed=params.seed + 100 + PLATFORM_ZONES.index(zone), exact_max_booleans=params.exact_max_booleans,
            cancel=cancel, initial=solutions[zone],
        )
        cancelled = cancel is not None and cancel()

    for zone in PLATFORM_ZONES:
        if zone in solutions:
            bins_by_zone[zone] = solutions[zone].bins
            results[zone] = zone_result(zone, by_zone[zone], solutions[zone].bins, solutions[zone], spec, params)

    report(0.92, _("移行の回を編成しています"))
    host_of: dict[str, str] = {}
    host_names: list[tuple[str, str]] = []
    for zone, bins in bins_by_zone.items():
        for k, codes in enumerate(bins, start=1):
            host_names.append((host_name(zone, k), zone))
            for c in codes:
                host_of[c] = host_name(zone, k)
        for k in range(len(bins) + 1, results[zone].hosts + 1):
            host_names.append((host_name(zone, k), zone))
    wave_of, _waves, wave_warnings = waves.schedule(demands, constraints, params)
    assignments = tuple(
        Assignment(d.code, d.hostname, d.zone, host_of[d.code], wave_of[d.code]) for d in demands
    )
    result = assemble(
        spec=spec, params=params, constraints=constraints, capacity=cap,
        zones=tuple(results[z] for z in PLATFORM_ZONES if z in results),
        host_names=host_names, assignments=assignments, demands=tuple(demands),
        fallbacks=tuple(fallbacks), excluded=tuple(excluded), before=figures(in_scope, spec, 0),
        warnings=tuple(wave_warnings), started=started, cancelled=cancelled,
    )
    report(1.0, _("集約計画を作成しました"))
    return result


def zone_result(
    zone: str, demands: Sequence[Demand], bins: Sequence[Sequence[str]], sol: ZoneSolution, spec: HostSpec,
    params: PlanParameters,
) -> ZoneResult:
    """Hosts and bound of a zone: the packing plus spares, or more when storage needs them."""
    spares = max(0, params.spares)
    storage = sum(d.storage_gb for d in demands)
    hosts, lower, kind, proven = len(bins) + spares, sol.lower_bound + spares, sol.bound_kind, sol.proven_optimal
    if spec.storage_per_host and spec.storage_gb > 0:
        # Each host brings storage to the zone's pool: add empty hosts until the pool holds it.
        need = math.ceil(storage / spec.storage_gb - 1e-9)
        if need > lower:
            lower, kind = need, "storage"
        hosts = max(hosts, need)
        proven = proven or hosts == lower
    return ZoneResult(
        zone=zone, servers=len(demands), hosts=hosts, spares=hosts - len(bins), lower_bound=lower,
        proven_optimal=proven, solver=sol.solver, ffd_hosts=sol.ffd_hosts, bound_kind=kind,
        storage_gb=storage, storage_capacity_gb=spec.zone_storage_gb(hosts),
    )


def figures(servers: Sequence[PlanServer], spec: HostSpec, hosts: int) -> Figures:
    return with_hosts(Figures(
        servers_before=len(servers),
        rack_u_before=sum(s.rack_u or 0.0 for s in servers),
        kw_before=sum(s.power_w or 0.0 for s in servers) / 1000.0,
        maintenance_before=sum(s.annual_maintenance or 0.0 for s in servers),
        hosts_after=0, rack_u_after=0.0, kw_after=0.0, maintenance_after=0.0,
    ), spec, hosts)


def with_hosts(figs: Figures, spec: HostSpec, hosts: int) -> Figures:
    return replace(
        figs, hosts_after=hosts, rack_u_after=hosts * spec.rack_u, kw_after=hosts * spec.power_w / 1000.0,
        maintenance_after=hosts * spec.annual_maintenance,
    )


def host_loads(
    host_names: Sequence[tuple[str, str]], assignments: Sequence[Assignment], demands: Sequence[Demand], cap: Capacity
) -> tuple[HostLoad, ...]:
    demand = {d.code: d for d in demands}
    on: dict[str, list[str]] = {name: [] for name, _z in host_names}
    for a in assignments:
        on.setdefault(a.host, []).append(a.server)
    zone_by_name = dict(host_names)
    out = []
    for name, codes in on.items():
        codes = sorted(codes)
        out.append(HostLoad(
            name=name, zone=zone_by_name.get(name) or zone_of_host(name) or "",
            spare=not codes, servers=tuple(codes),
            vcpu=sum(demand[c].vcpu for c in codes if c in demand), vcpu_capacity=cap.vcpu,
            memory_mb=sum(demand[c].memory_mb for c in codes if c in demand), memory_capacity_mb=cap.memory_mb,
        ))
    return tuple(out)


def assemble(
    *, spec: HostSpec, params: PlanParameters, constraints: MoveConstraints, capacity: Capacity,
    zones: tuple[ZoneResult, ...], host_names: Sequence[tuple[str, str]], assignments: tuple[Assignment, ...],
    demands: tuple[Demand, ...], fallbacks: tuple[Fallback, ...], excluded: tuple[Excluded, ...],
    before: Figures, warnings: tuple[Violation, ...], started: float, cancelled: bool,
) -> Plan:
    """A ``Plan`` from an assignment: host loads, waves, figures and the rule check."""
    hosts = host_loads(host_names, assignments, demands, capacity)
    wave_of = {a.server: a.wave for a in assignments}
    groups = waves.move_groups(demands, constraints, collapse_cycles=False)
    wave_list: tuple[Wave, ...] = waves.build_waves(demands, wave_of, groups, params)
    draft = Plan(
        spec=spec, params=params, constraints=constraints, capacity=capacity, zones=zones, hosts=hosts,
        assignments=assignments, waves=wave_list, demands=demands, fallbacks=fallbacks, excluded=excluded,
        figures=with_hosts(before, spec, len(hosts)), violations=(), warnings=warnings,
        elapsed_s=time.perf_counter() - started, cancelled=cancelled,
    )
    found = checks.check(draft)
    errors = tuple(v for v in found if v.severity == "error")
    later = tuple(v for v in found if v.severity != "error")
    return replace(draft, violations=errors, warnings=warnings + later, elapsed_s=time.perf_counter() - started)
