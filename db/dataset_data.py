"""The ledger's data inventory (保有データ) for ``assetdesk.opendata`` and the ``datasets`` commands."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from db.ledger import load_values


@dataclass(frozen=True)
class Inventory:
    """Every dataset with the organisation that names its sections, read in one transaction."""

    datasets: dict[int, dict[str, Any]]
    sections: dict[str, dict[str, Any]]  # code -> {"name", "department"}
    departments: dict[str, str]  # code -> name


def load_inventory(conn: Connection) -> Inventory:
    sections = {v["code"]: {"name": v["name"], "department": v["department"]}
                for v in load_values(conn, "section").values()}
    departments = {v["code"]: v["name"] for v in load_values(conn, "department").values()}
    return Inventory(load_values(conn, "dataset"), sections, departments)


def inventory_document(inv: Inventory, *, section: str | None = None, status: str | None = None) -> dict[str, Any]:
    """The ``datasets --json`` document: the datasets (optionally of one section or open-data status),
    each with its section's and department's names, and counts by status, form and department."""
    rows = []
    for v in sorted(inv.datasets.values(), key=lambda v: v["code"]):
        if (section is not None and v["section"] != section) or (status is not None and v["open_status"] != status):
            continue
        sec = inv.sections.get(v["section"], {})
        department = sec.get("department")
        rows.append({k: (list(x) if isinstance(x, tuple) else x) for k, x in v.items()
                     if k not in ("version", "search_key")}
                    | {"section_name": sec.get("name"), "department": department,
                       "department_name": inv.departments.get(department or "")})
    return {
        "count": len(rows),
        "by_open_status": dict(sorted(Counter(r["open_status"] or "" for r in rows).items())),
        "by_form": dict(sorted(Counter(r["form"] or "" for r in rows).items())),
        "by_department": dict(sorted(Counter(r["department"] or "" for r in rows).items())),
        "held_in_systems": sum(r["system"] is not None for r in rows),
        "datasets": rows,
    }
