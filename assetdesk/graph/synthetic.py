"""A synthetic ledger of any size, shaped like a prefecture's, for benchmarks and tests.

Not the demo prefecture (``assetdesk.demo`` fills the database); this makes plain records
quickly, deterministically from a seed: departments and sections, systems in the four network
zones, a few hub systems per zone (authentication, the shared platform, data hubs) that many
systems use, about ``deps_per_system`` dependencies each (mostly within the zone, some across,
half of those with a recorded exception), servers with HA pairs and shared servers, and
platform hosts. Systems sit in tiers and mostly use systems of a lower tier, as real ledgers
do (front office -> back office -> shared services); a few links within a tier make cycles.
"""

from __future__ import annotations

import random

from assetdesk.graph.records import (
    DependencyEdge,
    HostNode,
    LedgerRecords,
    SectionNode,
    ServerNode,
    SystemNode,
)

DEPARTMENTS = (
    "総務部", "経営管理部", "県民生活部", "環境森林部", "保健福祉部", "産業労働観光部",
    "農政部", "県土整備部", "会計局", "企業局", "教育委員会", "警察本部",
)
ZONES = (("lgwan", 0.55), ("internet", 0.2), ("mynumber", 0.15), ("closed", 0.1))
METHODS = (("api", 0.42), ("file_transfer", 0.4), ("db_direct", 0.03), ("manual", 0.15))
FREQUENCIES = (("realtime", 0.05), ("daily", 0.5), ("weekly", 0.15), ("monthly", 0.2), ("adhoc", 0.1))
#: Tiers: front-office systems (4) use back-office ones (3..1) that use the hubs (0).
TIERS = ((1, 0.2), (2, 0.25), (3, 0.25), (4, 0.3))
KINDS = (("data", 0.55), ("file", 0.2), ("screen", 0.15), ("auth", 0.05), ("platform", 0.05))
CRITICALITY = (("A", 0.1), ("B", 0.3), ("C", 0.5), (None, 0.1))
STATUS = (("active", 0.9), ("renewal", 0.05), ("retired", 0.03), ("consolidated", 0.02))


def _pick(rng: random.Random, table):
    r = rng.random()
    for value, p in table:
        r -= p
        if r < 0:
            return value
    return table[-1][0]


def generate(n_systems: int = 500, seed: int = 0, deps_per_system: float = 4.0) -> LedgerRecords:
    rng = random.Random(seed)
    n_sections = max(1, n_systems // 8)
    sections = tuple(
        SectionNode(f"SEC-{i:04d}", f"第{i}課", DEPARTMENTS[i % len(DEPARTMENTS)]) for i in range(1, n_sections + 1)
    )

    systems: list[SystemNode] = []
    for i in range(1, n_systems + 1):
        sec = sections[rng.randrange(n_sections)]
        crit = _pick(rng, CRITICALITY)
        rto = {"A": rng.choice((2.0, 4.0, 8.0, 24.0)), "B": rng.choice((24.0, 48.0, 72.0))}.get(crit or "")
        systems.append(
            SystemNode(
                code=f"SYS-{i:05d}",
                name=f"システム{i}",
                section=sec.code,
                department=sec.department,
                zone=_pick(rng, ZONES),
                criticality=crit,
                rto_hours=rto,
                users=int(rng.lognormvariate(4.0, 1.3)) + 1,
                status=_pick(rng, STATUS),
            )
        )
    by_zone: dict[str, list[str]] = {}
    for s in systems:
        by_zone.setdefault(s.zone or "", []).append(s.code)
    # About 1 % of systems are hubs, at least one per zone; they take a third of all links.
    hubs = {z: codes[: max(1, len(codes) // 100)] for z, codes in by_zone.items()}
    hub_set = {c for codes in hubs.values() for c in codes}
    tier = {s.code: 0 if s.code in hub_set else _pick(rng, TIERS) for s in systems}
    # zone -> tier -> codes, and zone-free tier -> codes, for picking a lower-tier partner.
    zone_tier: dict[tuple[str, int], list[str]] = {}
    any_tier: dict[int, list[str]] = {}
    for s in systems:
        zone_tier.setdefault((s.zone or "", tier[s.code]), []).append(s.code)
        any_tier.setdefault(tier[s.code], []).append(s.code)

    def partner(zone: str | None, own_tier: int, same_zone: bool) -> str | None:
        # 3 % of links stay within the tier (these close the odd cycle); the rest go lower.
        t = own_tier if rng.random() < 0.03 else rng.randrange(own_tier) if own_tier else 0
        pool = zone_tier.get((zone or "", t)) if same_zone else any_tier.get(t)
        return rng.choice(pool) if pool else None

    deps: list[DependencyEdge] = []
    seen: set[tuple[str, str]] = set()
    target = int(n_systems * deps_per_system)
    attempts = 0
    while len(deps) < target and attempts < target * 5:
        attempts += 1
        a = systems[rng.randrange(n_systems)]
        zone = a.zone or ""
        roll = rng.random()
        if roll < 0.33:
            b_code = rng.choice(hubs[zone])
            kind = rng.choice(("auth", "platform", "data"))
        else:
            b_code = partner(a.zone, tier[a.code], same_zone=roll < 0.92)
            kind = _pick(rng, KINDS)
        if b_code is None or b_code == a.code or (a.code, b_code) in seen:
            continue
        seen.add((a.code, b_code))
        b_zone = systems[int(b_code[4:]) - 1].zone
        exception = "無害化通信(承認済)" if b_zone != a.zone and rng.random() < 0.5 else None
        deps.append(
            DependencyEdge(a.code, b_code, kind, _pick(rng, METHODS), _pick(rng, FREQUENCIES), exception)
        )

    n_hosts = max(3, n_systems // 25)
    hosts = tuple(HostNode(f"HV-{i:04d}", ("lgwan", "internet", "mynumber")[i % 3]) for i in range(n_hosts))
    hosts_by_zone: dict[str, list[str]] = {}
    for h in hosts:
        hosts_by_zone.setdefault(h.zone or "", []).append(h.name)

    servers: list[ServerNode] = []
    for s in systems:
        if rng.random() < 0.2:  # ASP / cloud: no servers of its own
            continue
        count = rng.choice((1, 1, 1, 2, 2, 3))
        on_platform = s.zone in hosts_by_zone and rng.random() < 0.3
        ha = rng.random() < 0.15
        served = (s.code,)
        if rng.random() < 0.05:  # a server shared with a neighbour system
            other = rng.choice(by_zone[s.zone or ""])
            if other != s.code:
                served = (s.code, other)
        for k in range(count + (1 if ha else 0)):
            n = len(servers) + 1
            host = rng.choice(hosts_by_zone[s.zone or ""]) if on_platform else None
            group = f"HA-{s.code}" if ha and k < 2 else None
            servers.append(
                ServerNode(f"SRV-{n:05d}", f"srv{n:05d}", s.zone, served if k == 0 else (s.code,), host, group)
            )
    return LedgerRecords(tuple(systems), tuple(servers), hosts, sections, tuple(deps))
