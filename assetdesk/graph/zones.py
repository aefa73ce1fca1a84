"""Links that cross network zones (the three-layer separation of local government networks).

マイナンバー利用事務系, LGWAN接続系 and インターネット接続系 are separated, and a closed/standalone
network connects to none of them. So a dependency between systems of two different zones is
a violation unless an exception is recorded on it (``DependencyEdge.zone_exception``,
e.g. an approved sanitising transfer). The same check finds servers whose zone differs from a
system they serve, and servers on a host of another zone: those have no exception mechanism.
Links of systems that no longer run are left out. Unknown zones are not judged.
"""

from __future__ import annotations

from dataclasses import dataclass

from assetdesk.graph.model import DEPENDS, RUNS_ON, LedgerGraph
from assetdesk.graph.records import DependencyEdge


@dataclass(frozen=True)
class ZoneCrossing:
    source: str
    target: str
    relation: str  # 'depends' (system -> system) or 'runs_on' (system -> server, server -> host)
    zones: tuple[str, str]  # (source's zone, target's zone)
    excepted: bool  # an exception is recorded: allowed, not a violation
    exception: str | None = None
    dependency: DependencyEdge | None = None

    @property
    def edge(self) -> tuple[str, str]:
        return (self.source, self.target)

    @property
    def violation(self) -> bool:
        return not self.excepted


def zone_crossings(graph: LedgerGraph, include_excepted: bool = True) -> list[ZoneCrossing]:
    """Every zone-crossing link; violations first, then by codes."""
    out: list[ZoneCrossing] = []
    systems = graph.systems
    for dep in graph.dependencies:
        a, b = systems.get(dep.from_system), systems.get(dep.to_system)
        if a is None or b is None or not (graph.is_active(a.code) and graph.is_active(b.code)):
            continue
        if a.zone and b.zone and a.zone != b.zone:
            excepted = bool(dep.zone_exception)
            if excepted and not include_excepted:
                continue
            out.append(ZoneCrossing(a.code, b.code, DEPENDS, (a.zone, b.zone), excepted, dep.zone_exception, dep))
    for code, srv in graph.servers.items():
        if not srv.zone:
            continue
        for s in dict.fromkeys(srv.systems):
            sys_ = systems.get(s)
            if sys_ is not None and graph.is_active(s) and sys_.zone and sys_.zone != srv.zone:
                out.append(ZoneCrossing(s, code, RUNS_ON, (sys_.zone, srv.zone), False))
        host = graph.hosts.get(srv.host or "")
        if host is not None and host.zone and host.zone != srv.zone:
            out.append(ZoneCrossing(code, host.name, RUNS_ON, (srv.zone, host.zone), False))
    out.sort(key=lambda z: (z.excepted, z.relation != DEPENDS, z.source, z.target))
    return out
