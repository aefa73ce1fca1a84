"""The planner's inputs and outputs: plain frozen values, no database and no Qt.

The lead's database layer builds ``PlanServer`` rows from the ledger; everything the planner
answers is a ``Plan``, which also carries what it needs to be re-checked after a manual edit
(the sized demands, the host spec, the parameters and the move constraints).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from assetdesk.choices import NETWORK_ZONE
from assetdesk.i18n import _

#: Host name prefixes per platform zone (``MN-01``, ``LG-01``, ``IN-01``).
HOST_PREFIX = {"mynumber": "MN", "lgwan": "LG", "internet": "IN"}
MB_PER_GB = 1024


@dataclass(frozen=True)
class PlanServer:
    """One server as the planner sees it (units: cores, GB, %, W, U, 千円)."""

    code: str
    hostname: str
    zone: str | None
    cpu_cores: int | None
    cpu_peak_pct: float | None
    memory_gb: float | None
    memory_peak_pct: float | None
    storage_gb: float | None = None
    storage_used_gb: float | None = None
    ha_group: str | None = None
    systems: tuple[str, ...] = ()
    power_w: float | None = None
    rack_u: float | None = None
    annual_maintenance: float | None = None
    os_eol: date | None = None
    maintenance_end: date | None = None
    #: SERVER_KIND and MIGRATION_STATUS values, for ``scope.select``.
    kind: str = "physical"
    migration_status: str = "pending"


@dataclass(frozen=True)
class HostSpec:
    """One platform host model, and the zone's shared storage.

    ``storage_gb`` is the usable SAN storage of each zone (storage is shared per zone, so it
    bounds the zone's total, not a host's). Ceilings are the target load per host in percent.
    ``power_w``, ``rack_u`` and ``annual_maintenance`` are per host, for the after-figures.
    With ``storage_per_host`` (hyperconverged hosts) ``storage_gb`` is what each host adds to
    its zone's pool instead, so a zone needs at least ceil(storage demand / storage_gb) hosts.
    """

    cores: int = 32
    memory_gb: float = 768.0
    storage_gb: float = 200_000.0
    overcommit: float = 3.0
    cpu_ceiling_pct: float = 80.0
    memory_ceiling_pct: float = 90.0
    power_w: float = 800.0
    rack_u: float = 2.0
    annual_maintenance: float = 1_200.0
    storage_per_host: bool = False

    def zone_storage_gb(self, hosts: int) -> float:
        """The usable storage of a zone with ``hosts`` hosts."""
        return self.storage_gb * hosts if self.storage_per_host else self.storage_gb


@dataclass(frozen=True)
class PlanParameters:
    sizing: str = "utilization"  # 'utilization' | 'allocated'
    headroom_pct: float = 20.0
    storage_growth_pct: float = 20.0
    spares: int = 1  # per zone that has servers (N+1)
    wave_capacity: int = 20  # servers per wave
    first_wave_date: date | None = None
    wave_interval_days: int = 30
    time_limit_s: float = 30.0
    seed: int = 0
    #: CP-SAT is tried on zones with at most this many items x bins (booleans).
    exact_max_booleans: int = 60_000
    #: Allocated figures used when a server lacks them (recorded as fallbacks).
    default_cores: int = 2
    default_memory_gb: float = 4.0


@dataclass(frozen=True)
class MoveConstraints:
    """What ties servers together in the waves.

    ``move_groups``: sets of server codes that move in the same wave. Servers serving one
    system are grouped as well when ``group_by_system`` is set (the spec's move group).
    ``system_dependencies``: (dependent, dependency) system codes: the dependency's servers
    move in the same or an earlier wave. ``server_dependencies``: the same for server codes.
    """

    move_groups: tuple[frozenset[str], ...] = ()
    system_dependencies: tuple[tuple[str, str], ...] = ()
    server_dependencies: tuple[tuple[str, str], ...] = ()
    group_by_system: bool = True


# ---------------------------------------------------------------------------------------------
# Results


@dataclass(frozen=True)
class Capacity:
    """A host's usable capacity after overcommit and ceilings (integers, like the demands)."""

    vcpu: int
    memory_mb: int


@dataclass(frozen=True)
class Demand:
    """A server sized for the platform (``sizing.size``)."""

    code: str
    hostname: str
    zone: str
    vcpu: int
    memory_mb: int
    storage_gb: float
    ha_group: str | None
    systems: tuple[str, ...]
    #: The earliest of OS end of support and maintenance end: the server should move before.
    due: date | None

    @property
    def memory_gb(self) -> float:
        return self.memory_mb / MB_PER_GB


@dataclass(frozen=True)
class Fallback:
    """A missing measurement and the figure used instead."""

    server: str
    hostname: str
    measurement: str  # field name: cpu_peak_pct, memory_peak_pct, storage_used_gb, cpu_cores, memory_gb
    used: float
    note: str  # N_ text, shown with _()

    @property
    def text(self) -> str:
        return _(self.note)


@dataclass(frozen=True)
class Excluded:
    server: str
    hostname: str
    reason: str  # N_ text

    @property
    def text(self) -> str:
        return _(self.reason)


@dataclass(frozen=True)
class Violation:
    """A broken rule. ``message`` is an N_ template formatted with ``args`` at display time."""

    kind: str  # zone, ha, capacity, storage, spares, group_split, dependency, wave_capacity, eol, unassigned
    severity: str  # 'error' | 'warning'
    message: str
    args: tuple[tuple[str, Any], ...] = ()
    servers: tuple[str, ...] = ()
    host: str | None = None
    wave: int | None = None

    @property
    def text(self) -> str:
        args = {k: NETWORK_ZONE.label_of(v) if k.endswith("zone") else v for k, v in self.args}
        return _(self.message).format(**args)


@dataclass(frozen=True)
class ZoneResult:
    zone: str
    servers: int
    hosts: int  # hosts in the plan, spares included
    spares: int
    lower_bound: int  # spares included
    proven_optimal: bool
    #: 'ffd' (first-fit-decreasing already met the bound), 'bound' (the heuristic met it),
    #: 'heuristic' (above the bound, not proven), 'cp-sat' (CP-SAT improved or proved the count),
    #: 'patterns' (the integer master over the column generation's patterns improved it),
    #: 'edited' (changed by hand).
    solver: str
    ffd_hosts: int  # first-fit-decreasing's count for the anchor, spares excluded
    bound_kind: str  # which bound binds: cpu, memory, ha, half, cpu-l2, memory-l2, conflicts, lp, cp-sat, storage
    storage_gb: float  # demand
    storage_capacity_gb: float

    @property
    def active_hosts(self) -> int:
        return self.hosts - self.spares


@dataclass(frozen=True)
class HostLoad:
    name: str
    zone: str
    spare: bool
    servers: tuple[str, ...]
    vcpu: int
    vcpu_capacity: int
    memory_mb: int
    memory_capacity_mb: int

    @property
    def cpu_pct(self) -> float:
        """Load in % of the usable capacity (after overcommit and ceiling)."""
        return 100.0 * self.vcpu / self.vcpu_capacity if self.vcpu_capacity else 0.0

    @property
    def memory_pct(self) -> float:
        return 100.0 * self.memory_mb / self.memory_capacity_mb if self.memory_capacity_mb else 0.0

    @property
    def memory_gb(self) -> float:
        return self.memory_mb / MB_PER_GB


@dataclass(frozen=True)
class Assignment:
    server: str  # server code
    hostname: str
    zone: str
    host: str
    wave: int


@dataclass(frozen=True)
class Wave:
    number: int
    servers: tuple[str, ...]
    groups: int
    planned: date | None
    earliest_due: date | None


@dataclass(frozen=True)
class Figures:
    """Before (the servers in scope) and after (the platform hosts, spares included)."""

    servers_before: int
    rack_u_before: float
    kw_before: float
    maintenance_before: float  # 千円 per year
    hosts_after: int
    rack_u_after: float
    kw_after: float
    maintenance_after: float

    @property
    def rack_u_saved(self) -> float:
        return self.rack_u_before - self.rack_u_after

    @property
    def kw_saved(self) -> float:
        return self.kw_before - self.kw_after

    @property
    def maintenance_saved(self) -> float:
        return self.maintenance_before - self.maintenance_after


@dataclass(frozen=True)
class Plan:
    spec: HostSpec
    params: PlanParameters
    constraints: MoveConstraints
    capacity: Capacity
    zones: tuple[ZoneResult, ...]
    hosts: tuple[HostLoad, ...]
    assignments: tuple[Assignment, ...]
    waves: tuple[Wave, ...]
    demands: tuple[Demand, ...]
    fallbacks: tuple[Fallback, ...]
    excluded: tuple[Excluded, ...]
    figures: Figures
    violations: tuple[Violation, ...]
    warnings: tuple[Violation, ...] = ()
    elapsed_s: float = 0.0
    cancelled: bool = False

    @property
    def total_hosts(self) -> int:
        return sum(z.hosts for z in self.zones)

    @property
    def total_lower_bound(self) -> int:
        return sum(z.lower_bound for z in self.zones)

    @property
    def proven_optimal(self) -> bool:
        return all(z.proven_optimal for z in self.zones)

    def zone(self, zone: str) -> ZoneResult | None:
        return next((z for z in self.zones if z.zone == zone), None)

    def as_dict(self) -> dict[str, Any]:
        """The ``plan --json`` document of shared/spec/cli.md (and more)."""
        return {
            "hosts": {
                "total": self.total_hosts,
                "lower_bound": self.total_lower_bound,
                "proven_optimal": self.proven_optimal,
                "gap": self.total_hosts - self.total_lower_bound,
                "by_zone": {
                    z.zone: {
                        "hosts": z.hosts, "lower_bound": z.lower_bound, "servers": z.servers,
                        "spares": z.spares, "proven_optimal": z.proven_optimal, "solver": z.solver,
                        "ffd_hosts": z.ffd_hosts, "bound": z.bound_kind, "bound_method": z.bound_kind,
                        "gap": z.hosts - z.lower_bound,
                        "storage_gb": round(z.storage_gb, 1),
                        "storage_capacity_gb": z.storage_capacity_gb,
                    }
                    for z in self.zones
                },
            },
            "assignments": [
                {"server": a.hostname, "code": a.server, "host": a.host, "zone": a.zone, "wave": a.wave}
                for a in self.assignments
            ],
            "host_loads": [
                {"host": h.name, "zone": h.zone, "spare": h.spare, "servers": len(h.servers),
                 "cpu_pct": round(h.cpu_pct, 1), "memory_pct": round(h.memory_pct, 1)}
                for h in self.hosts
            ],
            "waves": [
                {"wave": w.number, "servers": len(w.servers), "groups": w.groups,
                 "planned": w.planned.isoformat() if w.planned else None}
                for w in self.waves
            ],
            "fallbacks": [
                {"server": f.hostname, "code": f.server, "measurement": f.measurement, "used": f.used,
                 "note": f.text}
                for f in self.fallbacks
            ],
            "excluded": [{"server": e.hostname, "code": e.server, "reason": e.text} for e in self.excluded],
            "figures": {
                "before": {"servers": self.figures.servers_before, "rack_u": self.figures.rack_u_before,
                           "kw": round(self.figures.kw_before, 2),
                           "maintenance_kyen": self.figures.maintenance_before},
                "after": {"hosts": self.figures.hosts_after, "rack_u": self.figures.rack_u_after,
                          "kw": round(self.figures.kw_after, 2),
                          "maintenance_kyen": self.figures.maintenance_after},
            },
            "violations": [
                {"kind": v.kind, "severity": v.severity, "message": v.text, "servers": list(v.servers),
                 "host": v.host, "wave": v.wave}
                for v in (*self.violations, *self.warnings)
            ],
            "elapsed_s": round(self.elapsed_s, 3),
            "cancelled": self.cancelled,
        }
