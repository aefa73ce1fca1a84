"""The ledger's data inventory (保有データ) for ``assetdesk.opendata`` and the ``datasets`` commands."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import Connection

from assetdesk import opendata
from assetdesk.i18n import _
from db.ledger import load_values


class ExportRefused(Exception):
    """The open-data document cannot be written (message for the user); nothing was written."""


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


def portal_of(datasets: dict[int, dict[str, Any]]) -> str | None:
    """The open-data site the prefecture already publishes on: the most common scheme and host of
    the published datasets' URLs (candidates' planned pages go there unless told otherwise)."""
    sites = Counter(f"{u.scheme}://{u.netloc}" for u in (urlsplit(v["url"]) for v in datasets.values()
                                                            if v.get("open_status") == "published" and v.get("url"))
                    if u.scheme in ("http", "https") and u.netloc)
    return sites.most_common(1)[0][0] if sites else None


def write_open_data(inv: Inventory, fmt: str, out: Path, *, publisher: str, base_url: str | None = None,
                    include: Iterable[str] = ("published", "candidate")) -> tuple[int, str | None]:
    """Write the CKAN (``{"packages": [...]}``) or DCAT document of the published and candidate
    datasets to ``out``; (datasets written, the portal URL used). A document a portal would
    reject (a required field missing) is refused, not written."""
    include = tuple(include)
    base_url = base_url or portal_of(inv.datasets)
    if base_url is None and "candidate" in include:
        raise ExportRefused(_("公開候補のページの URL を決められません。--base-url でオープンデータサイトの URL を指定してください。"))
    doc, problems = opendata.export(fmt, inv.datasets, inv.sections, inv.departments, publisher=publisher,
                                    base_url=base_url, include=include)
    if problems:
        raise ExportRefused(_("書き出す文書に必須項目の不足があります: {problems}").format(problems="; ".join(problems[:10])))
    if fmt == "ckan":
        out_doc, count = {"packages": doc}, len(doc)
    else:
        out_doc, count = doc, len(doc.get("dcat:dataset", []))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(out_doc, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8")
    return count, base_url
