"""Editing a plan by hand: move a server to another host or wave, and re-check every rule.

An edit never refuses: the returned plan carries the violations the move causes (zone
mismatch, HA clash, overload, a split move group, a dependency moved too early, a late move),
so the user sees the price of the change and can take it back. Host counts per zone follow the
edit; a zone whose active host count changed is no longer marked as proven minimal.
"""

from __future__ import annotations

import time
from dataclasses import replace

from assetdesk.planner.model import Assignment, Plan, ZoneResult
from assetdesk.planner.planner import assemble, host_name, zone_of_host


def new_host_name(plan: Plan, zone: str) -> str:
    """The next free host name of ``zone`` (``LG-13`` after ``LG-12``)."""
    taken = {h.name for h in plan.hosts}
    k = 1
    while host_name(zone, k) in taken:
        k += 1
    return host_name(zone, k)


def move_server(plan: Plan, server: str, *, host: str | None = None, wave: int | None = None) -> Plan:
    """``plan`` with ``server`` (a code) on ``host`` and/or in ``wave``; unknown hosts are added."""
    started = time.perf_counter()
    if not any(a.server == server for a in plan.assignments):
        raise KeyError(server)
    assignments = tuple(
        replace(a, host=host if host is not None else a.host, wave=wave if wave is not None else a.wave)
        if a.server == server else a
        for a in plan.assignments
    )
    return _rebuild(plan, assignments, started)


def apply_moves(plan: Plan, moves: list[tuple[str, str | None, int | None]]) -> Plan:
    """Several moves at once: (server code, host or None, wave or None)."""
    started = time.perf_counter()
    by_code = {code: (h, w) for code, h, w in moves}
    assignments = tuple(
        replace(a, host=by_code[a.server][0] or a.host,
                wave=by_code[a.server][1] if by_code[a.server][1] is not None else a.wave)
        if a.server in by_code else a
        for a in plan.assignments
    )
    return _rebuild(plan, assignments, started)


def _rebuild(plan: Plan, assignments: tuple[Assignment, ...], started: float) -> Plan:
    host_names = [(h.name, h.zone) for h in plan.hosts]
    known = {h.name for h in plan.hosts}
    for a in assignments:
        if a.host not in known:
            known.add(a.host)
            host_names.append((a.host, zone_of_host(a.host) or ""))
    active: dict[str, set[str]] = {}
    for a in assignments:
        active.setdefault(zone_of_host(a.host) or "", set()).add(a.host)
    zones = []
    for z in plan.zones:
        names = [n for n, zone in host_names if zone == z.zone]
        used = len(active.get(z.zone, set()))
        changed = used != z.active_hosts
        zones.append(ZoneResult(
            zone=z.zone, servers=z.servers, hosts=len(names), spares=len(names) - used,
            lower_bound=z.lower_bound, proven_optimal=z.proven_optimal and not changed,
            solver="edited" if changed else z.solver, ffd_hosts=z.ffd_hosts, bound_kind=z.bound_kind,
            storage_gb=z.storage_gb, storage_capacity_gb=plan.spec.zone_storage_gb(len(names)),
        ))
    # Scheduling warnings (cycles, oversized groups) still hold; rule checks are redone.
    kept = tuple(v for v in plan.warnings if v.kind in ("dependency_cycle", "group_too_big"))
    before = plan.figures
    return assemble(
        spec=plan.spec, params=plan.params, constraints=plan.constraints, capacity=plan.capacity,
        zones=tuple(zones), host_names=host_names, assignments=assignments, demands=plan.demands,
        fallbacks=plan.fallbacks, excluded=plan.excluded, before=before, warnings=kept,
        started=started, cancelled=plan.cancelled,
    )
