"""The inputs of the printed reports (``assetdesk.reports``), gathered from the ledger.

Each function reads one snapshot (a ``Connection`` from ``Ledger.read()``) and returns the plain
input dataclass of one report; the report builders never see the database.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from sqlalchemy import Connection, select

from assetdesk.i18n import _
from assetdesk.planner import HostSpec, PlanParameters
from assetdesk.planner import select as select_scope
from assetdesk.reports import format as fmt
from assetdesk.reports.consolidation import ConsolidationInputs, ExcludedFacts, PlanFacts
from assetdesk.reports.impact import ImpactInputs
from assetdesk.reports.indicators import IndicatorFacts, IndicatorInputs
from assetdesk.reports.ledger import HistoryEntry, LedgerInputs, Organisation
from assetdesk.reports.survey import SectionSurvey, SurveyInputs
from assetdesk.scope import fiscal_year_of
from db import models as M
from db.ledger import load_values
from db.planning import adopted_scenario, plan_on, plan_servers
from db.portfolio import ledger_indicator_values
from db.queries import in_scope_by_fy

CHANGE = M.Change.__table__
BATCH = M.ChangeBatch.__table__
ROUND = M.SurveyRound.__table__
INDICATOR = M.Indicator.__table__
INDICATOR_VALUE = M.IndicatorValue.__table__
RESPONSE = M.SurveyResponse.__table__


class ReportDataError(LookupError):
    """The report cannot be made as asked (an unknown department, section or system)."""


def organisation(conn: Connection) -> Organisation:
    depts = load_values(conn, "department")
    secs = load_values(conn, "section")
    return Organisation(
        departments={d["code"]: d["name"] for d in depts.values()},
        sections={s["code"]: s["name"] for s in secs.values()},
        section_department={s["code"]: s["department"] for s in secs.values()},
    )


# --- the ledger and the system sheets -----------------------------------------------------------


def ledger_inputs(conn: Connection, department: str | None = None, section: str | None = None,
                  systems: list[str] | None = None, today: dt.date | None = None,
                  history: bool = False) -> LedgerInputs:
    """The systems of a department, a section, a list of codes, or all; with their servers and links.

    ``department`` and ``section`` take a code or a name. ``history`` adds each system's changes
    (and its servers'), for the system sheets.
    """
    org = organisation(conn)
    scope = ""
    all_systems = list(load_values(conn, "system").values())
    chosen = all_systems
    if department:
        code = _find(department, org.departments, _("部局"))
        chosen = [s for s in chosen if org.department_of(s.get("section")) == code]
        scope = org.departments[code]
    if section:
        code = _find(section, org.sections, _("所属"))
        chosen = [s for s in chosen if s.get("section") == code]
        scope = org.sections[code]
    if systems is not None:
        wanted = set(systems)
        missing = wanted - {s["system_code"] for s in all_systems}
        if missing:
            raise ReportDataError(_("台帳にないシステムです: {codes}").format(codes="、".join(sorted(missing))))
        chosen = [s for s in chosen if s["system_code"] in wanted]
    codes = {s["system_code"] for s in chosen}
    servers = [v for v in load_values(conn, "server").values() if codes.intersection(v.get("systems") or ())]
    deps = [d for d in load_values(conn, "dependency").values()
            if d["from_system"] in codes or d["to_system"] in codes]
    inputs = LedgerInputs(org, chosen, servers, deps, scope=scope, today=today or dt.date.today())
    # Dependencies name systems outside the selection too: the sheets print their names.
    inputs.system_names = {s["system_code"]: s["name"] for s in all_systems}
    if history:
        inputs.history, inputs.history_counts = _history(conn, chosen, servers)
    return inputs


def _find(text: str, names: dict[str, str], what: str) -> str:
    if text in names:
        return text
    hits = [code for code, name in names.items() if name == text]
    if len(hits) == 1:
        return hits[0]
    raise ReportDataError(_("{what}「{text}」が台帳にありません。").format(what=what, text=text))


def _history(conn: Connection, systems: list[dict[str, Any]], servers: list[dict[str, Any]],
             per_system: int = 10) -> tuple[dict[str, list[HistoryEntry]], dict[str, int]]:
    """The latest changes of each system and of its servers, and how many changes in all."""
    owner: dict[str, set[str]] = defaultdict(set)  # record code -> systems it belongs to
    for s in systems:
        owner[s["system_code"]].add(s["system_code"])
    for v in servers:
        for code in v.get("systems") or ():
            owner[v["server_code"]].add(code)
    entries: dict[str, list[HistoryEntry]] = defaultdict(list)
    counts: dict[str, int] = defaultdict(int)
    record_codes = list(owner)
    for i in range(0, len(record_codes), 900):
        chunk = record_codes[i:i + 900]
        q = (select(CHANGE.c.record_code, CHANGE.c.action, CHANGE.c.before, CHANGE.c.after,
                    BATCH.c.at, BATCH.c.user, BATCH.c.source)
             .join(BATCH, BATCH.c.id == CHANGE.c.batch_id)
             .where(CHANGE.c.record_code.in_(chunk), CHANGE.c.record_type.in_(("system", "server")))
             .order_by(CHANGE.c.id.desc()))
        for code, action, before, after, at, user, source in conn.execute(q):
            changed: tuple[str, ...] = ()
            if action == "update" and before and after:
                changed = tuple(k for k in after if k != "version" and before.get(k) != after.get(k))
            for system in owner[code]:
                counts[system] += 1
                if len(entries[system]) < per_system:
                    entries[system].append(HistoryEntry(at, user, source, action, code, changed))
    for lst in entries.values():
        lst.sort(key=lambda h: h.at, reverse=True)
    return dict(entries), dict(counts)


# --- survey status --------------------------------------------------------------------------------


def survey_inputs(conn: Connection, fiscal_year: int | None = None, today: dt.date | None = None) -> SurveyInputs:
    """Every section and its answer to the survey round of ``fiscal_year`` (default: the latest)."""
    q = select(ROUND).order_by(ROUND.c.fiscal_year.desc())
    if fiscal_year is not None:
        q = q.where(ROUND.c.fiscal_year == fiscal_year)
    rnd = conn.execute(q.limit(1)).mappings().first()
    if fiscal_year is not None and rnd is None:
        raise ReportDataError(_("{fy}年度の調査はありません。").format(fy=fiscal_year))
    org = organisation(conn)
    section_ids = {s["code"]: sid for sid, s in load_values(conn, "section").items()}
    systems_per_section: dict[str, int] = defaultdict(int)
    for s in load_values(conn, "system").values():
        systems_per_section[s.get("section") or ""] += 1
    responses: dict[int, dict[str, Any]] = {}
    if rnd is not None:
        for r in conn.execute(select(RESPONSE).where(RESPONSE.c.round_id == rnd["id"])).mappings():
            responses[r["section_id"]] = dict(r)
    rows = []
    for code, name in org.sections.items():
        r = responses.get(section_ids[code])
        dept = org.department_of(code) or ""
        rows.append(SectionSurvey(
            section=code, name=name, department=org.departments.get(dept, dept),
            systems=systems_per_section.get(code, 0),
            status=r["status"] if r else None,
            received=r["received_at"] if r else None,
            errors=int(r["error_count"] or 0) if r else 0,
            applied=bool(r and (r["applied_batch_id"] is not None or r["status"] == "applied")),
            file_name=r["file_name"] if r else None,
        ))
    return SurveyInputs(
        fiscal_year=rnd["fiscal_year"] if rnd else None, opened=rnd["opened_on"] if rnd else None,
        closed=rnd["closed_on"] if rnd else None, sections=rows, today=today or dt.date.today(),
    )


# --- impact -----------------------------------------------------------------------------------------


def impact_inputs(conn: Connection, code: str, scenario: str = "down", today: dt.date | None = None) -> ImpactInputs:
    """The impact of ``code`` (system, server or host) going down or moving."""
    from assetdesk.graph import GraphError, impact
    from db.graph_data import ledger_graph

    graph = ledger_graph(conn)
    try:
        result = impact(graph, code, scenario)
    except (GraphError, KeyError) as e:
        raise ReportDataError(_("{code} は台帳のシステム・サーバ・ホストにありません。").format(code=code)) from e
    names = {s["system_code"]: s["name"] for s in load_values(conn, "system").values()}
    names.update({v["server_code"]: v["hostname"] for v in load_values(conn, "server").values()})
    org = organisation(conn)
    return ImpactInputs(result, names, org.sections, org.departments, today=today or dt.date.today())


# --- consolidation ------------------------------------------------------------------------------------


def consolidation_inputs(conn: Connection, today: dt.date | None = None, division: str | None = None,
                         time_limit_s: float = 10.0, plan: Any = None) -> ConsolidationInputs:
    """The indicator, the plan (adopted scenario, else ``plan``, else planned now) and exclusions.

    The plan is computed with the planner's default host spec and parameters on the servers in
    scope (``assetdesk.planner.scope.select``) unless a scenario was adopted or ``plan`` is given.
    """
    today = today or dt.date.today()
    counts = in_scope_by_fy(conn, last=max(fiscal_year_of(today), 2020), today=today)
    servers = plan_servers(conn)
    systems_of = {s.code: s.systems for s in servers}
    facts: PlanFacts | None = None
    reason = ""
    stored = adopted_scenario(conn)
    if stored is not None:
        row, adopted = stored
        facts = PlanFacts.from_plan(adopted, systems_of, source=_("採用された計画「{name}」({at} 採用)").format(
            name=row["name"], at=fmt.date(row["adopted_at"])))
    else:
        if plan is None and select_scope(servers):
            # Waves start the month after the report so that their dates can be checked
            # against the end of support.
            first = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
            plan = plan_on(conn, HostSpec(), PlanParameters(time_limit_s=time_limit_s, first_wave_date=first))
        if plan is not None:
            facts = PlanFacts.from_plan(plan, systems_of, source=_(
                "採用された計画はまだないため、台帳の集約対象サーバ(物理・未移行/計画済)について既定のホスト仕様で算定した計画を示す。"))
        else:
            reason = _("集約対象のサーバ(物理・未移行/計画済)がないため、集約計画はありません。")
    excluded = [ExcludedFacts(v["server_code"], v["hostname"], v.get("exclusion_reason") or _("(理由の記載なし)"))
                for v in load_values(conn, "server").values() if v.get("migration_status") == "excluded"]
    inputs = ConsolidationInputs(in_scope_by_fy=counts, plan=facts, today=today, ledger_excluded=excluded,
                                 no_plan_reason=reason)
    if division:
        inputs.division = division
    return inputs


# --- indicators ----------------------------------------------------------------------------------------


def indicator_inputs(conn: Connection, today: dt.date | None = None) -> IndicatorInputs:
    """Every indicator with its actual values; those with source 'ledger' are counted from the ledger."""
    today = today or dt.date.today()
    values: dict[int, dict[int, float]] = defaultdict(dict)
    for iid, fy, value in conn.execute(select(INDICATOR_VALUE.c.indicator_id, INDICATOR_VALUE.c.fiscal_year,
                                              INDICATOR_VALUE.c.value)):
        values[iid][fy] = value
    out = []
    for r in conn.execute(select(INDICATOR).order_by(INDICATOR.c.sort_order, INDICATOR.c.code)).mappings():
        computed = r["source"] == "ledger"
        vals = dict(values.get(r["id"], {}))
        if computed:
            first = r["baseline_fy"] or min(vals, default=fiscal_year_of(today))
            vals = ledger_indicator_values(conn, first, today, r["code"])
        out.append(IndicatorFacts(r["code"], r["name"], r["unit"] or "", r["baseline_fy"], r["baseline"],
                                  r["target_fy"], r["target"], vals, computed))
    return IndicatorInputs(out, today=today)


# --- one entry for the command and the GUI ------------------------------------------------------------

REPORT_KINDS = ("consolidation", "ledger", "system-sheet", "survey-status", "impact", "indicators", "years", "terminals",
                "opendata")


def build_report(kind: str, conn: Connection, *, department: str | None = None, section: str | None = None,
                 systems: list[str] | None = None, code: str | None = None, move: bool = False,
                 fiscal_year: int | None = None, division: str | None = None, time_limit_s: float = 10.0,
                 today: dt.date | None = None, fy_from: int | None = None, fy_to: int | None = None):
    """The document (``assetdesk.reports.model.Document``) of report ``kind`` from one snapshot.

    Raises ``ReportDataError`` (message for the user) when the options name nothing in the ledger.
    """
    from assetdesk.reports.consolidation import consolidation_report
    from assetdesk.reports.impact import impact_report
    from assetdesk.reports.indicators import indicators_report
    from assetdesk.reports.ledger import ledger_report, system_sheets
    from assetdesk.reports.survey import survey_status_report

    today = today or dt.date.today()
    if kind == "consolidation":
        return consolidation_report(consolidation_inputs(conn, today, division, time_limit_s))
    if kind == "ledger":
        return ledger_report(ledger_inputs(conn, department, section, today=today))
    if kind == "system-sheet":
        inputs = ledger_inputs(conn, department, section, systems=systems, today=today, history=True)
        if not inputs.systems:
            raise ReportDataError(_("出力するシステムがありません。"))
        return system_sheets(inputs)
    if kind == "survey-status":
        return survey_status_report(survey_inputs(conn, fiscal_year, today))
    if kind == "impact":
        if not code:
            raise ReportDataError(_("impact には --code で起点のシステム・サーバ・ホストを指定してください。"))
        return impact_report(impact_inputs(conn, code, "move" if move else "down", today))
    if kind == "indicators":
        return indicators_report(indicator_inputs(conn, today))
    if kind == "years":
        return years_document(conn, fy_from, fy_to, today)
    if kind == "terminals":
        from assetdesk.reports.terminals import terminals_report
        from db.terminal_data import terminal_summary

        return terminals_report(terminal_summary(conn, today), today)
    if kind == "opendata":
        from assetdesk.opendata import summary
        from assetdesk.reports.opendata import opendata_report
        from db.dataset_data import load_inventory

        inv = load_inventory(conn)
        return opendata_report(summary(inv.datasets, inv.sections, inv.departments), today)
    raise ValueError(f"unknown report kind {kind!r}")


def years_document(conn: Connection, fy_from: int | None, fy_to: int | None, today: dt.date):
    """年度比較 of the ledger at the ends of ``fy_from`` and ``fy_to`` (default: the last two years)."""
    from assetdesk.reports.years import years_report
    from assetdesk.scope import fiscal_year_of
    from db.ledger_at import compare_fiscal_years, year_ledger

    fy_to = fy_to if fy_to is not None else fiscal_year_of(today) - 1
    fy_from = fy_from if fy_from is not None else fy_to - 1
    if fy_from >= fy_to:
        raise ReportDataError(_("比較元の年度 {a} は比較先の年度 {b} より前にしてください。").format(a=fy_from, b=fy_to))
    diff = compare_fiscal_years(conn, fy_from, fy_to)
    departments = dict(year_ledger(conn, fy_to).departments)
    return years_report(diff, departments, today)
