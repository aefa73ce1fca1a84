"""The ledger read as the dependency graph's plain records (``assetdesk.graph.records``)."""

from __future__ import annotations

from sqlalchemy import Connection, select

from assetdesk.graph import (
    DependencyEdge,
    HostNode,
    LedgerGraph,
    LedgerRecords,
    SectionNode,
    ServerNode,
    SystemNode,
)
from db import models as M

SYSTEM, SERVER, HOST = M.System.__table__, M.Server.__table__, M.Host.__table__
SECTION, DEPARTMENT = M.Section.__table__, M.Department.__table__
LINK, DEP = M.SystemServer.__table__, M.Dependency.__table__


def ledger_records(conn: Connection) -> LedgerRecords:
    """Every system, server, host, section and dependency, in a few set-wise queries."""
    sections = {
        r.id: SectionNode(r.code, r.name, r.department)
        for r in conn.execute(select(SECTION.c.id, SECTION.c.code, SECTION.c.name,
                                     DEPARTMENT.c.code.label("department"))
                              .join(DEPARTMENT, DEPARTMENT.c.id == SECTION.c.department_id))
    }
    system_codes: dict[int, str] = {}
    systems = []
    for r in conn.execute(select(SYSTEM.c.id, SYSTEM.c.system_code, SYSTEM.c.name, SYSTEM.c.section_id,
                                 SYSTEM.c.network_zone, SYSTEM.c.criticality, SYSTEM.c.rto_hours,
                                 SYSTEM.c.users, SYSTEM.c.status)):
        section = sections.get(r.section_id)
        system_codes[r.id] = r.system_code
        systems.append(SystemNode(r.system_code, r.name, section.code if section else None,
                                  section.department if section else None, r.network_zone,
                                  r.criticality, r.rto_hours, r.users, r.status))
    host_names = dict(conn.execute(select(HOST.c.id, HOST.c.name)).all())
    hosts = [HostNode(r.name, r.network_zone) for r in conn.execute(select(HOST.c.name, HOST.c.network_zone))]
    served: dict[int, list[str]] = {}
    for server_id, system_id in conn.execute(select(LINK.c.server_id, LINK.c.system_id)):
        served.setdefault(server_id, []).append(system_codes[system_id])
    servers = [
        ServerNode(r.server_code, r.hostname, r.network_zone, tuple(sorted(served.get(r.id, ()))),
                   host_names.get(r.host_id), r.ha_group)
        for r in conn.execute(select(SERVER.c.id, SERVER.c.server_code, SERVER.c.hostname,
                                     SERVER.c.network_zone, SERVER.c.host_id, SERVER.c.ha_group))
    ]
    dependencies = [
        DependencyEdge(system_codes[r.from_system_id], system_codes[r.to_system_id], r.kind, r.method,
                       r.frequency, r.zone_exception)
        for r in conn.execute(select(DEP.c.from_system_id, DEP.c.to_system_id, DEP.c.kind, DEP.c.method,
                                     DEP.c.frequency, DEP.c.zone_exception))
    ]
    return LedgerRecords(tuple(systems), tuple(servers), tuple(hosts), tuple(sections.values()),
                         tuple(dependencies))


def ledger_graph(conn: Connection) -> LedgerGraph:
    return LedgerGraph.from_records(ledger_records(conn))
