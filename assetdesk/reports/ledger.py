"""情報システム台帳 (the ledger by department and section) and 個票 (one sheet per system)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from assetdesk import fields as F
from assetdesk.choices import CHANGE_ACTION, CHANGE_SOURCE, DEPENDENCY_KIND, DEPENDENCY_METHOD, FREQUENCY
from assetdesk.i18n import _
from assetdesk.reports import format as fmt
from assetdesk.reports.common import annual_cost, cell_value, column_for, field_text, new_document
from assetdesk.reports.model import (
    Column,
    ColumnKind,
    Document,
    Heading,
    KeyValues,
    Orientation,
    Paragraph,
    Table,
)


@dataclass(frozen=True)
class Organisation:
    """Departments and sections by code: code -> name, section code -> department code."""

    departments: dict[str, str]
    sections: dict[str, str]
    section_department: dict[str, str]

    def department_of(self, section: str | None) -> str | None:
        return self.section_department.get(section or "")


@dataclass(frozen=True)
class HistoryEntry:
    at: dt.datetime
    user: str
    source: str  # CHANGE_SOURCE value
    action: str  # CHANGE_ACTION value
    record_code: str
    changed: tuple[str, ...] = ()  # field names whose value changed (updates)


@dataclass
class LedgerInputs:
    """What the ledger report and the system sheets print; values dicts as ``load_values`` gives."""

    organisation: Organisation
    systems: list[dict[str, Any]]
    servers: list[dict[str, Any]] = field(default_factory=list)
    dependencies: list[dict[str, Any]] = field(default_factory=list)
    #: system code -> its changes (and those of its servers), newest first.
    history: dict[str, list[HistoryEntry]] = field(default_factory=dict)
    #: system code -> how many changes in all (the list above may be cut short).
    history_counts: dict[str, int] = field(default_factory=dict)
    #: Names of every system, also those outside the selection that dependencies point at.
    system_names: dict[str, str] = field(default_factory=dict)
    scope: str = ""  # 全庁, a department or a section, as printed under the title
    today: dt.date = field(default_factory=dt.date.today)

    def servers_of(self) -> dict[str, list[dict[str, Any]]]:
        out: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for s in self.servers:
            for code in s.get("systems") or ():
                out[code].append(s)
        return out


def _ledger_columns() -> tuple[Column, ...]:
    # Fixed widths (all but the name): the tables of every section line up down the pages.
    def fixed(col: Column, mm: float) -> Column:
        return Column(col.label, col.kind, col.decimals, col.unit, col.weight, width_mm=mm)

    return (
        fixed(column_for("system", "system_code", _("管理番号")), 21),
        column_for("system", "name", weight=3.0),
        fixed(column_for("system", "business_category"), 20),
        fixed(column_for("system", "network_zone"), 36),
        fixed(column_for("system", "criticality"), 13),
        fixed(column_for("system", "hosting"), 26),
        fixed(column_for("system", "users"), 17),
        fixed(column_for("system", "next_renewal_fy", _("次期更新")), 15),
        Column(_("年間運用経費(千円)"), ColumnKind.NUMBER, width_mm=24),
        Column(_("サーバ台数"), ColumnKind.NUMBER, width_mm=14),
        fixed(column_for("system", "status"), 17),
    )


def _ledger_row(s: dict[str, Any], servers: int) -> tuple[Any, ...]:
    fy = s.get("next_renewal_fy")
    return (
        s["system_code"], s["name"],
        field_text("system", "business_category", s.get("business_category")),
        field_text("system", "network_zone", s.get("network_zone")),
        field_text("system", "criticality", s.get("criticality")),
        field_text("system", "hosting", s.get("hosting")),
        s.get("users"),
        str(fy) if fy else "",
        annual_cost(s), servers,
        field_text("system", "status", s.get("status")),
    )


def ledger_report(inputs: LedgerInputs) -> Document:
    """情報システム台帳: a summary by department, then one table per section (landscape)."""
    doc = new_document(_("情報システム台帳"), inputs.today, orientation=Orientation.LANDSCAPE)
    org = inputs.organisation
    servers_of = inputs.servers_of()
    by_section: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for s in sorted(inputs.systems, key=lambda s: s["system_code"]):
        by_section[s.get("section") or ""].append(s)
    sections_by_dept: dict[str, list[str]] = defaultdict(list)
    for sec in sorted(by_section):
        sections_by_dept[org.department_of(sec) or ""].append(sec)

    doc.add(Heading(_("情報システム台帳") + (f"({inputs.scope})" if inputs.scope else "")))
    total_cost = sum(annual_cost(s) or 0 for s in inputs.systems)
    doc.add(KeyValues((
        (_("対象"), inputs.scope or _("全庁")),
        (_("システム数"), f"{len(inputs.systems):,}"),
        (_("サーバ数"), f"{len({v['server_code'] for sys in servers_of.values() for v in sys}):,}"),
        (_("年間運用経費 合計(千円)"), f"{total_cost:,}"),
    ), columns=2))

    summary_rows = []
    for dept in sorted(sections_by_dept):
        systems = [s for sec in sections_by_dept[dept] for s in by_section[sec]]
        summary_rows.append((
            org.departments.get(dept, dept or _("(部局未設定)")), len(sections_by_dept[dept]), len(systems),
            sum(len(servers_of.get(s["system_code"], ())) for s in systems),
            sum(1 for s in systems if s.get("criticality") == "A"),
            sum(annual_cost(s) or 0 for s in systems),
        ))
    doc.add(Table(
        (Column(_("部局"), weight=2.0), Column(_("所属数"), ColumnKind.NUMBER),
         Column(_("システム数"), ColumnKind.NUMBER), Column(_("サーバ台数"), ColumnKind.NUMBER),
         Column(_("重要度A"), ColumnKind.NUMBER), Column(_("年間運用経費(千円)"), ColumnKind.NUMBER)),
        tuple(summary_rows), title=_("部局別の集計"),
        total=(_("合計"), sum(r[1] for r in summary_rows), sum(r[2] for r in summary_rows),
               sum(r[3] for r in summary_rows), sum(r[4] for r in summary_rows),
               sum(r[5] for r in summary_rows)),
    ))

    columns = _ledger_columns()
    for dept in sorted(sections_by_dept):
        doc.add(Heading(org.departments.get(dept, dept or _("(部局未設定)")), level=1, new_page=True))
        for sec in sections_by_dept[dept]:
            systems = by_section[sec]
            rows = tuple(_ledger_row(s, len(servers_of.get(s["system_code"], ()))) for s in systems)
            doc.add(Table(
                columns, rows,
                title=_("{section}({n} システム)").format(section=org.sections.get(sec, sec), n=len(rows)),
                total=(_("計"), "", "", "", "", "", sum(s.get("users") or 0 for s in systems), "",
                       sum(annual_cost(s) or 0 for s in systems), sum(r[9] for r in rows), ""),
            ))
    return doc


# --- 個票 -------------------------------------------------------------------------------------

_SHEET_SERVER_FIELDS = ("server_code", "hostname", "role", "kind", "cpu_cores", "memory_gb", "os", "os_eol",
                        "migration_status", "host", "planned_wave")


def system_sheets(inputs: LedgerInputs, codes: Sequence[str] | None = None) -> Document:
    """個票: one sheet per system (all its fields, servers, dependencies, history summary)."""
    wanted = set(codes) if codes is not None else None
    systems = sorted((s for s in inputs.systems if wanted is None or s["system_code"] in wanted),
                     key=lambda s: s["system_code"])
    doc = new_document(_("情報システム個票"), inputs.today)
    names = {s["system_code"]: s["name"] for s in inputs.systems} | inputs.system_names
    servers_of = inputs.servers_of()
    deps_of: dict[str, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
    for d in inputs.dependencies:
        deps_of[d["from_system"]].append(("uses", d))
        deps_of[d["to_system"]].append(("used_by", d))
    for i, s in enumerate(systems):
        doc.add(*_sheet(s, inputs, names, servers_of.get(s["system_code"], []),
                        deps_of.get(s["system_code"], []), first=i == 0))
    return doc


def _sheet(s: dict[str, Any], inputs: LedgerInputs, names: dict[str, str], servers: list[dict[str, Any]],
           deps: list[tuple[str, dict[str, Any]]], first: bool) -> list:
    code = s["system_code"]
    org = inputs.organisation
    out: list = [Heading(f"{code} {s['name']}", level=1, new_page=not first)]
    rows: list[tuple[str, str]] = []
    for f in F.SYSTEM_FIELDS:
        value = s.get(f.name)
        if f.name == "section":
            text = f"{value} {org.sections.get(value or '', '')}".strip()
            dept = org.department_of(value)
            rows.append((f.display_label, text))
            rows.append((_("部局"), org.departments.get(dept or "", dept or "")))
            continue
        if f.name == "consolidated_into" and value:
            text = f"{value} {names.get(value, '')}".strip()
        else:
            text = field_text("system", f.name, value)
        rows.append((f.display_label, text))
        if f.name == F.ANNUAL_COST_PARTS[-1]:
            cost = annual_cost(s)
            rows.append((_(F.ANNUAL_COST_LABEL), "" if cost is None else f"{cost:,}"))
    out.append(KeyValues(tuple(rows), columns=2, title=_("基本情報")))

    server_cols = tuple(column_for("server", n) for n in _SHEET_SERVER_FIELDS)
    out.append(Table(
        server_cols,
        tuple(tuple(cell_value("server", n, v.get(n)) for n in _SHEET_SERVER_FIELDS)
              for v in sorted(servers, key=lambda v: v["server_code"])),
        title=_("サーバ({n} 台)").format(n=len(servers)), empty_text=_("登録されたサーバはありません。"),
    ))

    dep_cols = (Column(_("方向")), Column(_("相手システム"), weight=2.0), Column(_("連携種別")),
                Column(_("方式")), Column(_("頻度")), Column(_("区分間連携の例外承認"), weight=1.5))
    dep_rows = []
    for direction, d in sorted(deps, key=lambda x: (x[0] != "uses", x[1]["to_system"], x[1]["from_system"])):
        other = d["to_system"] if direction == "uses" else d["from_system"]
        dep_rows.append((
            _("利用する(連携先)") if direction == "uses" else _("利用される(連携元)"),
            f"{other} {names.get(other, '')}".strip(),
            DEPENDENCY_KIND.label_of(d.get("kind")), DEPENDENCY_METHOD.label_of(d.get("method")),
            FREQUENCY.label_of(d.get("frequency")), d.get("zone_exception") or "",
        ))
    out.append(Table(dep_cols, tuple(dep_rows), title=_("連携({n} 件)").format(n=len(dep_rows)),
                     empty_text=_("登録された連携はありません。")))

    history = inputs.history.get(code, [])
    count = inputs.history_counts.get(code, len(history))
    out.append(Heading(_("変更履歴の概要"), level=2))
    if not history:
        out.append(Paragraph(_("変更履歴はありません。")))
        return out
    out.append(Paragraph(_("変更 {n} 件。最初の記録 {first}、最終更新 {last}。").format(
        n=f"{count:,}", first=fmt.date(min(h.at for h in history)), last=fmt.date(history[0].at))))
    labels = {f.name: f.display_label for f in (*F.SYSTEM_FIELDS, *F.SERVER_FIELDS)}
    out.append(Table(
        (Column(_("日時"), ColumnKind.DATE), Column(_("記録")), Column(_("操作")), Column(_("変更元")),
         Column(_("利用者")), Column(_("変更した項目"), weight=3.0)),
        tuple((h.at, h.record_code, CHANGE_ACTION.label_of(h.action), CHANGE_SOURCE.label_of(h.source), h.user,
               "、".join(labels.get(c, c) for c in h.changed)) for h in history[:10]),
        title=_("直近の変更(最大 10 件)"),
    ))
    return out
