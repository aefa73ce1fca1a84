"""Every rule of consolidation.md, checked on a finished or hand-edited plan.

The planner never produces an error itself, but a person moving a server to another host or
wave may; ``check`` lists every broken rule (as values, translatable at display time) instead
of refusing the edit, so the user sees what the move costs.
"""

from __future__ import annotations

from collections import defaultdict

from assetdesk.i18n import N_
from assetdesk.planner.model import Plan, Violation
from assetdesk.planner.waves import move_groups, server_edges, wave_date


def check(plan: Plan) -> list[Violation]:
    """The broken rules of ``plan`` (errors first, then warnings such as late moves)."""
    out: list[Violation] = []
    demand = {d.code: d for d in plan.demands}
    host_zone = {h.name: h.zone for h in plan.hosts}
    assigned = {a.server: a for a in plan.assignments}
    cap = plan.capacity

    for code in sorted(set(demand) - set(assigned)):
        out.append(Violation("unassigned", "error", N_("サーバ {server} の移行先ホストが決まっていません"),
                             (("server", demand[code].hostname),), servers=(code,)))

    on_host: dict[str, list[str]] = defaultdict(list)
    for a in plan.assignments:
        on_host[a.host].append(a.server)
        zone = host_zone.get(a.host)
        d = demand.get(a.server)
        if d is None:
            continue
        if zone is None:
            out.append(Violation("unknown_host", "error", N_("ホスト {host} は計画にありません"),
                                 (("host", a.host),), servers=(a.server,), host=a.host))
        elif zone != d.zone:
            out.append(Violation(
                "zone", "error",
                N_("サーバ {server} ({server_zone}) をネットワーク区分の異なるホスト {host} ({host_zone}) に置いています"),
                (("server", d.hostname), ("server_zone", d.zone), ("host", a.host), ("host_zone", zone)),
                servers=(a.server,), host=a.host,
            ))

    for host in sorted(on_host):
        codes = [c for c in on_host[host] if c in demand]
        vcpu = sum(demand[c].vcpu for c in codes)
        mem = sum(demand[c].memory_mb for c in codes)
        if vcpu > cap.vcpu:
            out.append(Violation("capacity", "error", N_("ホスト {host} のCPUが上限を超えています ({load} / {cap} vCPU)"),
                                 (("host", host), ("load", vcpu), ("cap", cap.vcpu)), servers=tuple(sorted(codes)), host=host))
        if mem > cap.memory_mb:
            out.append(Violation("capacity", "error", N_("ホスト {host} のメモリが上限を超えています ({load:.0f} / {cap:.0f} GB)"),
                                 (("host", host), ("load", mem / 1024), ("cap", cap.memory_mb / 1024)),
                                 servers=tuple(sorted(codes)), host=host))
        by_group: dict[str, list[str]] = defaultdict(list)
        for c in codes:
            if demand[c].ha_group:
                by_group[demand[c].ha_group].append(c)
        for group, members in sorted(by_group.items()):
            if len(members) > 1:
                out.append(Violation("ha", "error", N_("冗長化グループ {group} の {count} 台が同じホスト {host} にあります"),
                                     (("group", group), ("count", len(members)), ("host", host)),
                                     servers=tuple(sorted(members)), host=host))

    storage: dict[str, float] = defaultdict(float)
    for d in plan.demands:
        storage[d.zone] += d.storage_gb
    hosts_in_zone: dict[str, int] = defaultdict(int)
    for h in plan.hosts:
        hosts_in_zone[h.zone] += 1
    for zone, total in sorted(storage.items()):
        zone_cap = plan.spec.zone_storage_gb(hosts_in_zone[zone])
        if total > zone_cap:
            out.append(Violation("storage", "error", N_("{zone} のストレージ需要 {load:,.0f} GB が共有ストレージ {cap:,.0f} GB を超えています"),
                                 (("zone", zone), ("load", total), ("cap", zone_cap))))

    empty_by_zone: dict[str, int] = defaultdict(int)
    for h in plan.hosts:
        if not on_host.get(h.name):
            empty_by_zone[h.zone] += 1
    for zone in sorted(storage):
        if empty_by_zone[zone] < plan.params.spares:
            out.append(Violation("spares", "warning", N_("{zone} の予備ホストが {have} 台で、必要な {need} 台に足りません"),
                                 (("zone", zone), ("have", empty_by_zone[zone]), ("need", plan.params.spares))))

    wave_of = {a.server: a.wave for a in plan.assignments}
    groups = move_groups(plan.demands, plan.constraints, collapse_cycles=False)
    for _root, members in sorted(groups.members.items()):
        waves = sorted({wave_of[c] for c in members if c in wave_of})
        if len(waves) > 1:
            out.append(Violation("group_split", "error", N_("同じ移行グループのサーバが複数の回 ({waves}) に分かれています"),
                                 (("waves", ", ".join(map(str, waves))),), servers=members))
    for before, after in server_edges(plan.demands, plan.constraints):
        wb, wa = wave_of.get(before), wave_of.get(after)
        if wb is not None and wa is not None and wb > wa:
            out.append(Violation(
                "dependency", "error",
                N_("{after} は {before} に依存していますが、{before} (第{wb}回) より先の第{wa}回に移行します"),
                (("after", demand[after].hostname), ("before", demand[before].hostname), ("wa", wa), ("wb", wb)),
                servers=(before, after), wave=wa,
            ))

    per_wave: dict[int, list[str]] = defaultdict(list)
    for code, w in wave_of.items():
        per_wave[w].append(code)
    for w, codes in sorted(per_wave.items()):
        if len(codes) > plan.params.wave_capacity and len({groups.group_of.get(c, c) for c in codes}) > 1:
            out.append(Violation("wave_capacity", "error", N_("第{wave}回の移行台数 {count} 台が上限 {cap} 台を超えています"),
                                 (("wave", w), ("count", len(codes)), ("cap", plan.params.wave_capacity)),
                                 servers=tuple(sorted(codes)), wave=w))
        planned = wave_date(plan.params, w)
        if planned is None:
            continue
        for c in sorted(codes):
            due = demand[c].due if c in demand else None
            if due is not None and due < planned:
                out.append(Violation("eol", "warning",
                                     N_("サーバ {server} はサポート・保守期限 {due} の後の第{wave}回 ({planned}) に移行します"),
                                     (("server", demand[c].hostname), ("due", due.isoformat()), ("wave", w),
                                      ("planned", planned.isoformat())), servers=(c,), wave=w))
    out.sort(key=lambda v: v.severity != "error")
    return out
