"""The demo's servers, built so that the consolidation indicator comes out exactly as the plan says.

Each server-owning system (or a few small systems of one section sharing a box) is a deployment.
Deployments placed 'legacy' are the physical servers in scope of consolidation; their number is
trimmed to exactly ``IN_SCOPE_FY2016``. In FY2017 whole deployments move onto the platform (or
are retired with their system) until exactly ``IN_SCOPE_FY2016 - IN_SCOPE_FY2017`` have left;
the rest wait, a few of them already planned. Every other server is excluded, with a reason, so
that it can never change the count.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from assetdesk.demo import hardware as H
from assetdesk.demo.catalogue import EXCLUSION_REASONS
from assetdesk.demo.systems import DraftSystem
from assetdesk.demo.util import day_between

IN_SCOPE_FY2016 = 196
IN_SCOPE_FY2017 = 93
#: Servers per prefecture the demo tops up to, whatever the seed (scale 100 gives 100,000+).
MIN_SERVERS = 1050
#: Servers whose recorded zone disagrees with their systems' (for the ledger's problem filter).
ZONE_MISMATCHES = 3

_ZONE_PREFIX = {"mynumber": "mn", "lgwan": "lg", "internet": "in", "closed": "cl"}
_ROLE_TAG = {"web": "web", "ap": "ap", "db": "db", "file": "fs", "batch": "bt", "auth": "auth", "other": "sv"}
_MULTI_ROLES = ("web", "ap", "db", "batch", "file", "ap", "db", "web", "other", "ap", "batch", "file")
#: FY2017 migration windows (the platform's first waves).
_WAVES = ((date(2017, 5, 15), date(2017, 7, 31)), (date(2017, 9, 1), date(2017, 11, 30)),
          (date(2018, 1, 9), date(2018, 3, 23)))


@dataclass
class Slot:
    role: str
    ha: str | None = None


@dataclass
class Deployment:
    systems: list[DraftSystem]
    placement: str
    slots: list[Slot]
    servers: list[dict] = field(default_factory=list)

    @property
    def primary(self) -> DraftSystem:
        return self.systems[0]

    @property
    def zone(self) -> str:
        return self.primary.zone


def _roles(d: DraftSystem, n: int, rng: random.Random) -> list[Slot]:
    if d.placement == "appliance":
        return [Slot("other") for _ in range(n)]
    if d.slug == "maronie":
        cycle = ("web", "ap", "ap", "db", "file", "other", "ap")
        return [Slot(cycle[i % len(cycle)]) for i in range(n)]
    if d.slug in ("auth", "mnauth"):
        return [Slot("auth", f"HA-{d.slug}-auth"), Slot("auth", f"HA-{d.slug}-auth")] + [Slot("db") for _ in range(n - 2)]
    if n == 1:
        if d.zone == "internet":
            return [Slot("web")]
        return [Slot(rng.choice(("ap", "ap", "ap", "db", "file", "web", "other")))]
    if n == 2:
        if d.size != "small" and rng.random() < 0.3:
            role = "db" if rng.random() < 0.5 else "ap"
            return [Slot(role, f"HA-{d.slug}-{role}"), Slot(role, f"HA-{d.slug}-{role}")]
        return [Slot("web" if d.zone == "internet" else "ap"), Slot("db")]
    slots = [Slot(r) for r in _MULTI_ROLES[:n]] + [Slot("other") for _ in range(max(0, n - len(_MULTI_ROLES)))]
    # Larger systems run their database (and, the largest, their AP) as a redundant pair.
    if n >= 4 and (d.size == "core" or rng.random() < 0.6):
        slots[2] = Slot("db", f"HA-{d.slug}-db")
        slots[6 if n >= 7 else 3] = Slot("db", f"HA-{d.slug}-db")
    if n >= 8 and rng.random() < 0.7:
        slots[1] = Slot("ap", f"HA-{d.slug}-ap")
        slots[5] = Slot("ap", f"HA-{d.slug}-ap")
    return slots


def _deployments(drafts: list[DraftSystem], rng: random.Random) -> list[Deployment]:
    deps: list[Deployment] = []
    waiting: dict[tuple[str, str, str], Deployment] = {}
    for d in drafts:
        if d.server_count == 0:
            continue
        shareable = d.size == "small" and d.server_count == 1 and d.placement in ("legacy", "native")
        key = (d.section, d.zone, d.placement)
        if shareable and key in waiting and rng.random() < 0.6:
            # Small ledgers of one section often share one box.
            waiting.pop(key).systems.append(d)
            continue
        dep = Deployment([d], d.placement, _roles(d, d.server_count, rng))
        deps.append(dep)
        if shareable:
            waiting[key] = dep
    return deps


def _fit_legacy(deps: list[Deployment], rng: random.Random) -> None:
    """Make the physical servers in scope number exactly IN_SCOPE_FY2016."""
    legacy = [x for x in deps if x.placement == "legacy"]
    total = sum(len(x.slots) for x in legacy)
    movable = [x for x in legacy if x.primary.size != "core"]
    rng.shuffle(movable)
    # Too many: systems that renewed onto the platform instead (largest steps first).
    while total > IN_SCOPE_FY2016 and movable:
        x = movable.pop()
        if total - len(x.slots) < IN_SCOPE_FY2016 - 3 and len(x.slots) > 1:
            continue
        x.placement = "native"
        for s in x.systems:
            s.placement = "native"
        total -= len(x.slots)
    growable = [x for x in legacy if x.placement == "legacy" and x.primary.size != "small"]
    i = 0
    while total < IN_SCOPE_FY2016:
        x = growable[i % len(growable)]
        x.slots.append(Slot(rng.choice(("ap", "batch", "file", "web"))))
        total += 1
        i += 1
    if total != IN_SCOPE_FY2016:
        raise AssertionError(f"legacy servers {total} != {IN_SCOPE_FY2016}")


def _top_up(deps: list[Deployment], rng: random.Random) -> None:
    """Add servers outside the scope (platform VMs, closed and education boxes) up to MIN_SERVERS."""
    total = sum(len(x.slots) for x in deps)
    growable = [x for x in deps if x.placement in ("native", "closed", "other_vm") and x.primary.size != "small"]
    while total < MIN_SERVERS:
        x = rng.choice(growable)
        x.slots.append(Slot(rng.choice(("ap", "ap", "web", "batch", "db", "file"))))
        total += 1


def _hostname(counters: dict[tuple[str, str], int], d: DraftSystem, role: str) -> str:
    key = (d.slug, role)
    counters[key] = counters.get(key, 0) + 1
    return f"{_ZONE_PREFIX[d.zone]}-{d.slug}-{_ROLE_TAG[role]}{counters[key]:02d}"


def _exclusion(dep: Deployment) -> str:
    if dep.placement == "closed":
        if dep.primary.category == "police":
            return EXCLUSION_REASONS["closed_police"]
        if "監視制御" in dep.primary.name:
            return EXCLUSION_REASONS["closed_control"]
        return EXCLUSION_REASONS["closed"]
    return EXCLUSION_REASONS[dep.placement]


def _location(dep: Deployment, rng: random.Random) -> str:
    d = dep.primary
    if dep.placement == "native":
        return H.PLATFORM_LOCATION
    if dep.placement == "cloud":
        return "クラウド (事業者データセンター)"
    if dep.placement == "marronnier":
        return "マロニエ21 仮想環境 (本庁舎サーバ室)"
    if dep.placement == "other_vm":
        return "総合教育センター 仮想基盤"
    if d.category == "police":
        return rng.choice(("警察本部 電算室", "警察本部 電算室", "運転免許センター 機械室"))
    if "監視制御" in d.name:
        return "発電管理所 中央監視室" if "発電" in d.name else "浄水場 中央監視室"
    return rng.choice(H.LOCATIONS_OFFICE)


def _make(dep: Deployment, slot: Slot, code: str, hostname: str, rng: random.Random) -> dict:
    d = dep.primary
    virtual = dep.placement in ("native", "cloud", "marronnier", "other_vm")
    rec = {
        "server_code": code,
        "hostname": hostname,
        "systems": tuple(s.code for s in dep.systems),
        "role": slot.role,
        "kind": {"native": "platform_vm", "cloud": "cloud", "marronnier": "other_vm", "other_vm": "other_vm"}.get(
            dep.placement, "physical"),
        "location": _location(dep, rng),
        "network_zone": dep.zone,
        **H.sized(rng, d.size, slot.role, virtual),
    }
    H.measurements(rng, rec, missing=rng.random() < (0.05 if dep.placement == "legacy" else 0.1))
    if dep.placement in ("legacy", "closed", "appliance"):
        purchased = H.hardware_refresh(rng, d.in_service, date(2017, 3, 31))
        if dep.placement != "legacy" and rng.random() < 0.15:
            purchased = day_between(rng, date(2017, 4, 3), date(2018, 3, 20))
        H.physical(rng, rec, purchased, appliance=dep.placement == "appliance")
    elif dep.placement == "native":
        H.virtual(rng, rec, H.native_build_day(rng, d.in_service), "仮想マシン (共同利用型基盤)")
    elif dep.placement == "cloud":
        H.virtual(rng, rec, max(d.in_service, day_between(rng, date(2013, 4, 1), date(2017, 12, 1))), "クラウド IaaS インスタンス")
    elif dep.placement == "marronnier":
        H.virtual(rng, rec, day_between(rng, date(2013, 1, 7), date(2016, 3, 25)), "仮想マシン (マロニエ21)")
    else:
        H.virtual(rng, rec, day_between(rng, date(2013, 4, 1), date(2017, 3, 24)), "仮想マシン (教育ネットワーク)")
    rec.update(
        ha_group=slot.ha,
        migration_status="pending" if dep.placement == "legacy" else "excluded",
        exclusion_reason=None if dep.placement == "legacy" else _exclusion(dep),
        migrated_on=None,
        host=None,
        planned_wave=None,
    )
    return rec


def _retire_with_system(deps: list[Deployment], drafts: list[DraftSystem], rng: random.Random) -> int:
    """Some legacy systems were consolidated into others or ended in FY2017; their servers went."""
    candidates = [x for x in deps if x.placement == "legacy" and len(x.systems) == 1
                  and x.primary.size != "core" and len(x.servers) <= 2]
    rng.shuffle(candidates)
    chosen = candidates[:6]
    for dep in chosen:
        dep.primary.status = "retired"  # not a consolidation target for the others
    retired = 0
    for n, dep in enumerate(chosen):
        d = dep.primary
        day = day_between(rng, *_WAVES[rng.randrange(3)])
        target = _consolidation_target(d, drafts, rng) if n < 4 else None
        d.status = "consolidated" if target else "retired"
        d.consolidated_into = target.code if target else None
        d.retired_on = day
        for s in dep.servers:
            s["migration_status"] = "retired"
            s["migrated_on"] = day
            retired += 1
        dep.placement = "retired"
    return retired


def _consolidation_target(d: DraftSystem, drafts: list[DraftSystem], rng: random.Random) -> DraftSystem | None:
    """A system that took over ``d``'s work: a larger one of its own section, else one of its
    department in the same business category (None: the work simply ended)."""
    pool = [t for t in drafts if t is not d and t.status == "active" and t.size != "small" and t.zone == d.zone
            and t.placement != "terminal"]
    same_section = [t for t in pool if t.section == d.section]
    same_category = [t for t in pool if t.department == d.department and t.category == d.category]
    choices = same_section or same_category
    return rng.choice(choices) if choices else None


def _retire_serverless(drafts: list[DraftSystem], deps: list[Deployment], rng: random.Random) -> None:
    """Older retirements (before the platform): systems that left no server behind."""
    with_servers = {s.code for x in deps for s in x.systems}
    pool = [d for d in drafts if d.code not in with_servers and d.size == "small" and d.status == "active"]
    rng.shuffle(pool)
    for d in pool[:8]:
        d.status = "retired"
    for n, d in enumerate(pool[:8]):
        d.retired_on = day_between(rng, date(2014, 4, 1), date(2017, 3, 24))
        target = _consolidation_target(d, drafts, rng) if n % 2 == 0 else None
        d.status = "consolidated" if target else "retired"
        d.consolidated_into = target.code if target else None


def _migrate(deps: list[Deployment], to_move: int, rng: random.Random) -> None:
    """Move whole deployments in FY2017 until exactly ``to_move`` servers have left the scope."""
    legacy = [x for x in deps if x.placement == "legacy"]
    rng.shuffle(legacy)
    left = to_move
    partial: list[Deployment] = []
    for dep in legacy:
        if left == 0:
            break
        n = len(dep.servers)
        if n <= left:
            _move(dep, dep.servers, rng)
            dep.placement = "migrated"
            left -= n
        else:
            partial.append(dep)
    for dep in partial:
        if left == 0:
            break
        # Part of a system moved first (the web and AP tiers); an HA pair never splits.
        singles = [s for s in dep.servers if s["ha_group"] is None][:left]
        if singles:
            _move(dep, singles, rng)
            left -= len(singles)
    if left:
        raise AssertionError(f"could not move exactly {to_move} servers ({left} left)")


def _move(dep: Deployment, servers: list[dict], rng: random.Random) -> None:
    day = day_between(rng, *_WAVES[rng.randrange(3)])
    for s in servers:
        s["migration_status"] = "migrated"
        s["migrated_on"] = day
        H.became_vm(s)


def _plan(deps: list[Deployment], rng: random.Random) -> None:
    """A few waiting deployments already have a wave in the FY2018 plan; none is mid-move."""
    waiting = [x for x in deps if any(s["migration_status"] == "pending" for s in x.servers)]
    rng.shuffle(waiting)
    planned = 0
    for dep in waiting:
        if planned >= 10:
            break
        wave = rng.choice((1, 1, 2))
        for s in dep.servers:
            if s["migration_status"] == "pending":
                s["migration_status"] = "planned"
                s["planned_wave"] = wave
                planned += 1


def _mismatch(servers: list[dict], rng: random.Random) -> None:
    """Deliberate survey mistakes: a zone that disagrees with the system the server runs."""
    pending = [s for s in servers if s["migration_status"] == "pending" and s["ha_group"] is None]
    closed = [s for s in servers if s["network_zone"] == "closed" and s["ha_group"] is None]
    picks = rng.sample(pending, ZONE_MISMATCHES - 1) + rng.sample(closed, 1)
    for s in picks:
        s["network_zone"] = "lgwan" if s["network_zone"] != "lgwan" else "internet"


def _hosting(drafts: list[DraftSystem], servers: list[dict]) -> None:
    kinds: dict[str, set[str]] = {}
    for s in servers:
        for code in s["systems"]:
            kinds.setdefault(code, set()).add(s["kind"])
    for d in drafts:
        k = kinds.get(d.code, set())
        if d.placement == "marronnier":
            d.hosting = "marronnier"
        elif d.placement == "cloud":
            d.hosting = "cloud"
        elif "physical" in k or "other_vm" in k:
            d.hosting = "dedicated"
        elif "platform_vm" in k:
            d.hosting = "platform"
        elif "cloud" in k:
            d.hosting = "cloud"
        else:
            d.hosting = "terminal"


def build(drafts: list[DraftSystem], rng: random.Random) -> list[dict]:
    """Every server of the prefecture; fixes the drafts' hosting, and status where they retired."""
    deps = _deployments(drafts, rng)
    _fit_legacy(deps, rng)
    _top_up(deps, rng)
    counters: dict[tuple[str, str], int] = {}
    servers: list[dict] = []
    for dep in deps:
        for slot in dep.slots:
            rec = _make(dep, slot, f"SRV-{len(servers) + 1:05d}", _hostname(counters, dep.primary, slot.role), rng)
            dep.servers.append(rec)
            servers.append(rec)
    retired = _retire_with_system(deps, drafts, rng)
    _migrate(deps, IN_SCOPE_FY2016 - IN_SCOPE_FY2017 - retired, rng)
    _plan(deps, rng)
    _retire_serverless(drafts, deps, rng)
    _mismatch(servers, rng)
    _hosting(drafts, servers)
    return servers
