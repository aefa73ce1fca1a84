"""The organisation (departments, sections) and the platform's hosts as lists with their counts:
what the command line's `departments`, `sections` and `hosts` print, read in one snapshot."""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import Connection

from db.ledger import load_values

GONE = ("retired", "consolidated")


def organisation_lists(conn: Connection) -> dict[str, list[dict[str, Any]]]:
    """department / section / host -> rows in code order, each with what refers to it."""
    departments = load_values(conn, "department")
    sections = load_values(conn, "section")
    systems = load_values(conn, "system")
    servers = load_values(conn, "server")
    hosts = load_values(conn, "host")
    dept_name = {v["code"]: v["name"] for v in departments.values()}
    section_dept = {v["code"]: v["department"] for v in sections.values()}
    systems_of = Counter(v["section"] for v in systems.values())
    running_of = Counter(v["section"] for v in systems.values() if v["status"] not in GONE)
    sections_of = Counter(v["department"] for v in sections.values())
    systems_of_dept = Counter(section_dept.get(v["section"]) for v in systems.values())
    servers_on = Counter(v["host"] for v in servers.values() if v.get("host"))
    return {
        "department": [{"code": v["code"], "name": v["name"], "sections": sections_of[v["code"]],
                        "systems": systems_of_dept[v["code"]], "retired_on": _iso(v["retired_on"])}
                       for v in sorted(departments.values(), key=lambda v: v["code"])],
        "section": [{"code": v["code"], "name": v["name"], "department": v["department"],
                     "department_name": dept_name.get(v["department"], ""), "systems": systems_of[v["code"]],
                     "running_systems": running_of[v["code"]], "retired_on": _iso(v["retired_on"])}
                    for v in sorted(sections.values(), key=lambda v: v["code"])],
        "host": [{"name": v["name"], "network_zone": v["network_zone"], "cpu_cores": v["cpu_cores"],
                  "memory_gb": v["memory_gb"], "storage_gb": v["storage_gb"], "in_service": _iso(v["in_service"]),
                  "servers": servers_on[v["name"]], "retired_on": _iso(v["retired_on"])}
                 for v in sorted(hosts.values(), key=lambda v: v["name"])],
    }


def _iso(day) -> str | None:
    return day.isoformat() if day else None


def ledger_is_empty(conn: Connection) -> bool:
    """No department, section or system yet: a ledger on its first day."""
    from sqlalchemy import exists, select

    from db import models as M

    tables = (M.Department.__table__, M.Section.__table__, M.System.__table__)
    return not any(conn.execute(select(exists().select_from(t))).scalar() for t in tables)
