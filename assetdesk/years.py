"""What changed between the ends of two fiscal years (年度比較): the CIO's "what is new since last year".

Plain values in (each year's systems, servers, sections and departments as the ledger held them
at that year's end, see ``db.ledger_at``), a plain result out. A system is *in operation* unless
it is 廃止済 or 集約済; costs and department counts are of the systems in operation. Servers count
while not 廃止; the consolidation scope is ``assetdesk.scope``'s rule at the year's end.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from assetdesk.choices import NETWORK_ZONE
from assetdesk.fields import ANNUAL_COST_PARTS
from assetdesk.scope import fiscal_year_end, in_scope_at

ENDED_SYSTEM_STATUSES = ("retired", "consolidated")


@dataclass(frozen=True)
class YearLedger:
    """The ledger at the end of fiscal year ``fy`` as plain values (references as codes)."""

    fy: int
    departments: Mapping[str, str]  # code -> name
    sections: Mapping[str, str]  # section code -> department code
    systems: list[dict[str, Any]]
    servers: list[dict[str, Any]]


@dataclass
class SystemItem:
    code: str
    name: str
    department: str
    status: str | None
    consolidated_into: str | None = None
    consolidated_into_name: str | None = None


@dataclass
class ServerItem:
    code: str
    hostname: str
    network_zone: str
    migration_status: str
    migrated_on: str | None


@dataclass
class Counts:
    before: int = 0
    after: int = 0

    @property
    def change(self) -> int:
        return self.after - self.before


@dataclass
class DepartmentFigures:
    code: str
    name: str
    systems: Counts = field(default_factory=Counts)
    initial_cost: Counts = field(default_factory=Counts)
    annual_cost: Counts = field(default_factory=Counts)


@dataclass
class ZoneFigures:
    zone: str
    servers: Counts = field(default_factory=Counts)
    in_scope: Counts = field(default_factory=Counts)


@dataclass
class YearComparison:
    fy_from: int
    fy_to: int
    systems: Counts
    servers: Counts
    in_scope: Counts
    added: list[SystemItem]
    retired: list[SystemItem]
    consolidated: list[SystemItem]
    removed: list[SystemItem]
    servers_added: list[ServerItem]
    servers_left_scope: list[ServerItem]
    by_zone: list[ZoneFigures]
    by_department: list[DepartmentFigures]

    def to_json(self) -> dict[str, Any]:
        def counts(c: Counts) -> dict[str, int]:
            return {"from": c.before, "to": c.after, "change": c.change}

        return {
            "from": self.fy_from, "to": self.fy_to,
            "systems": counts(self.systems), "servers": counts(self.servers), "in_scope": counts(self.in_scope),
            "added": [asdict(s) for s in self.added],
            "retired": [asdict(s) for s in self.retired],
            "consolidated": [asdict(s) for s in self.consolidated],
            "removed": [asdict(s) for s in self.removed],
            "servers_added": [asdict(s) for s in self.servers_added],
            "servers_left_scope": [asdict(s) for s in self.servers_left_scope],
            "by_zone": {z.zone: {"servers": counts(z.servers), "in_scope": counts(z.in_scope)} for z in self.by_zone},
            "by_department": {
                d.code: {"name": d.name, "systems": counts(d.systems), "initial_cost": counts(d.initial_cost),
                         "annual_cost": counts(d.annual_cost)}
                for d in self.by_department},
        }


def annual_cost(system: Mapping[str, Any]) -> int:
    """Yearly running cost (thousand yen): the sum of the parts that are filled in."""
    return sum(system.get(p) or 0 for p in ANNUAL_COST_PARTS)


def in_operation(system: Mapping[str, Any]) -> bool:
    return system.get("status") not in ENDED_SYSTEM_STATUSES


def compare_years(before: YearLedger, after: YearLedger) -> YearComparison:
    """The difference between the ledger at the end of ``before.fy`` and of ``after.fy``."""
    sys_before = {s["system_code"]: s for s in before.systems}
    sys_after = {s["system_code"]: s for s in after.systems}
    sections = {**before.sections, **after.sections}
    names = {**before.departments, **after.departments}

    def dept(system: Mapping[str, Any]) -> str:
        return sections.get(system.get("section") or "", "")

    def item(s: Mapping[str, Any]) -> SystemItem:
        target = s.get("consolidated_into")
        target_row = sys_after.get(target or "") or sys_before.get(target or "")
        return SystemItem(s["system_code"], s["name"], dept(s), s.get("status"), target,
                          target_row["name"] if target_row else None)

    def newly(status: str) -> list[SystemItem]:
        return [item(s) for code, s in sys_after.items()
                if s.get("status") == status and (sys_before.get(code) or {}).get("status") != status]

    added = [item(s) for code, s in sys_after.items() if code not in sys_before]
    removed = [item(s) for code, s in sys_before.items() if code not in sys_after]

    end_before, end_after = fiscal_year_end(before.fy), fiscal_year_end(after.fy)
    srv_before = {s["server_code"]: s for s in before.servers}
    srv_after = {s["server_code"]: s for s in after.servers}
    scoped_before = {c for c, s in srv_before.items() if in_scope_at(s, end_before)}
    scoped_after = {c for c, s in srv_after.items() if in_scope_at(s, end_after)}

    zones = {z: ZoneFigures(z) for z in NETWORK_ZONE.values}
    for servers, scoped, side in ((srv_before, scoped_before, "before"), (srv_after, scoped_after, "after")):
        for code, s in servers.items():
            z = zones.setdefault(s["network_zone"], ZoneFigures(s["network_zone"]))
            if s.get("migration_status") != "retired":
                _bump(z.servers, side, 1)
            if code in scoped:
                _bump(z.in_scope, side, 1)

    departments: dict[str, DepartmentFigures] = {}
    for systems, side in ((sys_before, "before"), (sys_after, "after")):
        for s in systems.values():
            if not in_operation(s):
                continue
            code = dept(s)
            d = departments.setdefault(code, DepartmentFigures(code, names.get(code, "")))
            _bump(d.systems, side, 1)
            _bump(d.initial_cost, side, s.get("initial_cost") or 0)
            _bump(d.annual_cost, side, annual_cost(s))

    return YearComparison(
        fy_from=before.fy, fy_to=after.fy,
        systems=Counts(_count(sys_before.values(), in_operation), _count(sys_after.values(), in_operation)),
        servers=Counts(sum(z.servers.before for z in zones.values()), sum(z.servers.after for z in zones.values())),
        in_scope=Counts(len(scoped_before), len(scoped_after)),
        added=_sorted(added), retired=_sorted(newly("retired")), consolidated=_sorted(newly("consolidated")),
        removed=_sorted(removed),
        servers_added=[_server(srv_after[c]) for c in sorted(set(srv_after) - set(srv_before))],
        servers_left_scope=[_server(srv_after.get(c) or srv_before[c]) for c in sorted(scoped_before - scoped_after)],
        by_zone=list(zones.values()),
        by_department=sorted(departments.values(), key=lambda d: d.code),
    )


def _bump(counts: Counts, side: str, n: int) -> None:
    setattr(counts, side, getattr(counts, side) + n)


def _count(rows: Iterable[Mapping[str, Any]], keep) -> int:
    return sum(1 for r in rows if keep(r))


def _sorted(items: list[SystemItem]) -> list[SystemItem]:
    return sorted(items, key=lambda s: s.code)


def _server(s: Mapping[str, Any]) -> ServerItem:
    on = s.get("migrated_on")
    return ServerItem(s["server_code"], s["hostname"], s["network_zone"], s["migration_status"],
                      on.isoformat() if on is not None else None)
