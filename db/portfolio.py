"""The portfolio work on the ledger (issue 9): similar systems, consolidation proposals,
introduction reviews, renewals coming and the plan's indicators.

The rules live in ``assetdesk.similar``, ``assetdesk.review``, ``assetdesk.renewals`` and
``assetdesk.indicators``; this module reads their inputs and writes their outcomes. Every write
runs in a ``Ledger.operation`` (one transaction, one history batch saying who and when); what
changes systems (a consolidation done, a review approved) goes through ``Operation.update`` /
``create`` so it lands in the change history like any edit. Proposals and consultations carry
a version and refuse stale writes like ledger records do.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, insert, select, update

from assetdesk import review as RV
from assetdesk.i18n import _
from assetdesk.indicators import (
    LEDGER_INDICATORS,
    LEDGER_SOURCE,
    SERVER_INDICATOR,
    TERMINAL_INDICATOR,
    IndicatorSeries,
    value_problems,
    with_ledger_actuals,
)
from assetdesk.renewals import Renewal, upcoming_renewals
from assetdesk.scope import fiscal_year_of
from assetdesk.similar import (
    DEFAULT_SETTINGS,
    Member,
    Settings,
    SimilarGroup,
    SimilarityIndex,
    SystemProfile,
    find_similar_groups,
    profile_from_values,
    similar_to,
)
from assetdesk.similar.finder import candidates
from assetdesk.similar.proposal import (
    OPEN_STATUSES,
    consolidated_changes,
    proposal_problems,
    transition_problem,
)
from db import models as M
from db import models_portfolio as P
from db.ledger import Ledger, LedgerError, StaleWrite, load_values
from db.queries import in_scope_by_fy
from db.terminal_data import terminal_counts_by_fy

SYSTEM = M.System.__table__
SECTION = M.Section.__table__
DEPARTMENT = M.Department.__table__
CONSULTATION = M.Consultation.__table__
INDICATOR = M.Indicator.__table__
INDICATOR_VALUE = M.IndicatorValue.__table__
PROPOSAL = P.ConsolidationProposal.__table__
MEMBER = P.ConsolidationMember.__table__


class Refusal(LedgerError):
    """A portfolio change refused for the ``problems`` listed (``str()`` joins them)."""

    def __init__(self, problems: Sequence[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


class StaleItem(StaleWrite):
    """A proposal or review changed (or deleted) by someone else since it was read."""

    def __init__(self, record_type: str, record_id: int, expected: int | None, current: dict | None):
        self.record_type, self.record_id, self.expected, self.current = record_type, record_id, expected, current
        what = _("集約案") if record_type == "consolidation_proposal" else _("導入協議")
        if current is None:
            msg = _("{what} #{id} は他の利用者により変更または削除されています。").format(what=what, id=record_id)
        else:
            msg = _("{what} #{id} は他の利用者により変更されています(版 {expected} → {actual})。最新の内容を確認してください。").format(
                what=what, id=record_id, expected=expected, actual=current.get("version"))
        LedgerError.__init__(self, msg)


def _check(problems: Sequence[str]) -> None:
    if problems:
        raise Refusal(problems)


# --- similar systems ------------------------------------------------------------------------


def system_profiles(conn: Connection) -> list[SystemProfile]:
    """Every system as the similarity search sees it (with section and department names)."""
    owners = {code: (sname, dname) for code, sname, dname in conn.execute(
        select(SECTION.c.code, SECTION.c.name, DEPARTMENT.c.name)
        .join(DEPARTMENT, DEPARTMENT.c.id == SECTION.c.department_id))}
    out = []
    for v in load_values(conn, "system").values():
        sname, dname = owners.get(v.get("section"), (None, None))
        out.append(profile_from_values(v, sname, dname))
    out.sort(key=lambda p: p.code)
    return out


def similar_groups(conn: Connection, settings: Settings = DEFAULT_SETTINGS) -> list[SimilarGroup]:
    """Groups of similar running systems, largest yearly saving first."""
    return find_similar_groups(system_profiles(conn), settings)


def similar_report(conn: Connection, settings: Settings = DEFAULT_SETTINGS) -> dict[str, Any]:
    """What ``assetdesk similar --json`` prints: the groups, each with the open proposal (if any)
    that already holds one of its systems, and the totals."""
    groups = similar_groups(conn, settings)
    busy = open_proposal_of(conn)
    out = []
    for g in groups:
        item = g.to_json()
        item["proposals"] = sorted({busy[c] for c in g.codes if c in busy})
        out.append(item)
    return {
        "groups": out,
        "group_count": len(out),
        "systems_in_groups": sum(len(g.codes) for g in groups),
        "total_saving": sum(g.saving.saving for g in groups),
        "settings": {"threshold": settings.threshold, "absorbed_cost_kept": settings.absorbed_cost_kept},
    }


def similar_for(conn: Connection, values: Mapping[str, Any], limit: int = 10,
                minimum: float | None = 0.25, profiles: Iterable[SystemProfile] | None = None) -> list[Member]:
    """Running systems like a proposal under review (``values``: title or name, purpose,
    business_category, product, vendor, section; a consultation's values do). A little below the
    grouping threshold by default: the reviewer decides."""
    profiles = list(profiles) if profiles is not None else system_profiles(conn)
    sections = {p.section: (p.section_name, p.department) for p in profiles}
    sname, dname = sections.get(values.get("section") or "", (None, None))
    query = SystemProfile(
        code=values.get("system") or values.get("system_code") or "", name=values.get("title") or values.get("name") or "",
        section=values.get("section") or "", purpose=values.get("purpose") or "",
        business_category=values.get("business_category"), vendor=values.get("vendor"),
        product=values.get("product"), users=values.get("users"), network_zone=values.get("proposed_zone"),
        section_name=sname, department=dname)
    index = SimilarityIndex(candidates(profiles))
    return similar_to(query, index, limit=limit, minimum=minimum)


# --- consolidation proposals ----------------------------------------------------------------


def _codes_by_id(conn: Connection) -> dict[int, str]:
    return dict(conn.execute(select(SYSTEM.c.id, SYSTEM.c.system_code)).all())


def proposals(conn: Connection, status: str | None = None) -> list[dict[str, Any]]:
    """Consolidation proposals, newest first, with codes for the systems."""
    codes = _codes_by_id(conn)
    q = select(PROPOSAL).order_by(PROPOSAL.c.id.desc())
    if status:
        q = q.where(PROPOSAL.c.status == status)
    rows = [dict(r) for r in conn.execute(q).mappings()]
    members: dict[int, list[str]] = {}
    for pid, sid in conn.execute(select(MEMBER.c.proposal_id, MEMBER.c.system_id)):
        members.setdefault(pid, []).append(codes[sid])
    for r in rows:
        r["absorber"] = codes[r.pop("absorber_id")]
        r["absorbed"] = sorted(members.get(r["id"], []))
    return rows


def open_proposal_of(conn: Connection) -> dict[str, int]:
    """System code -> the open proposal (提案・合意・実施中) that holds it."""
    codes = _codes_by_id(conn)
    out: dict[str, int] = {}
    open_q = select(PROPOSAL.c.id, PROPOSAL.c.absorber_id).where(PROPOSAL.c.status.in_(OPEN_STATUSES))
    open_ids = set()
    for pid, absorber in conn.execute(open_q):
        out[codes[absorber]] = pid
        open_ids.add(pid)
    for pid, sid in conn.execute(select(MEMBER.c.proposal_id, MEMBER.c.system_id)):
        if pid in open_ids:
            out[codes[sid]] = pid
    return out


def create_proposal(ledger: Ledger, absorber: str, absorbed: Sequence[str], target_fy: int | None = None,
                    title: str | None = None, notes: str | None = None, estimated_saving: int | None = None,
                    source: str = "edit") -> int:
    """Record a consolidation proposal; the saving defaults to the rule of ``assetdesk.similar``."""
    from assetdesk.similar import estimate_saving

    absorbed = list(absorbed)
    with ledger.operation(source, _("集約案の登録"), {"absorber": absorber, "absorbed": absorbed}) as op:
        conn = op.conn
        ids = {v["system_code"]: (i, v) for i, v in load_values(conn, "system").items()
               if v["system_code"] in {absorber, *absorbed}}
        _check(proposal_problems(absorber, absorbed, {c: v for c, (_i, v) in ids.items()}, target_fy,
                                 open_proposal_of(conn)))
        if estimated_saving is None:
            estimated_saving = estimate_saving(
                [profile_from_values(ids[c][1]) for c in absorbed], DEFAULT_SETTINGS.absorbed_cost_kept).saving
        if not title:
            title = _("{name} への集約").format(name=ids[absorber][1]["name"])
        pid = conn.execute(insert(PROPOSAL).values(
            title=title, absorber_id=ids[absorber][0], target_fy=target_fy, status="proposed",
            estimated_saving=estimated_saving, notes=notes, created_at=dt.datetime.now(dt.UTC),
            created_by=ledger.user, version=1)).inserted_primary_key[0]
        conn.execute(insert(MEMBER), [{"proposal_id": pid, "system_id": ids[c][0]} for c in absorbed])
        return pid


def set_proposal_status(ledger: Ledger, proposal_id: int, status: str, expected_version: int | None,
                        source: str = "edit") -> int:
    """Move a proposal on; "done" makes every absorbed system 集約済 with its 集約先, through the
    ledger's history, in the same transaction. Returns the proposal's new version."""
    with ledger.operation(source, _("集約案 #{id} の状況変更").format(id=proposal_id),
                          {"proposal_id": proposal_id, "status": status}) as op:
        conn = op.conn
        row = conn.execute(select(PROPOSAL).where(PROPOSAL.c.id == proposal_id)).mappings().first()
        if row is None or (expected_version is not None and row["version"] != expected_version):
            raise StaleItem("consolidation_proposal", proposal_id, expected_version, dict(row) if row else None)
        problem = transition_problem(row["status"], status)
        _check([problem] if problem else [])
        changes: dict[str, Any] = {"status": status, "version": row["version"] + 1}
        member_ids = [r[0] for r in conn.execute(select(MEMBER.c.system_id).where(MEMBER.c.proposal_id == proposal_id))]
        if status != row["status"] and (status in OPEN_STATUSES or status == "done"):
            # The systems may have changed since the proposal was made: retired, or taken up by
            # another proposal while this one was dropped.
            systems = {v["system_code"]: v for v in load_values(conn, "system", [row["absorber_id"], *member_ids]).values()}
            codes = _codes_by_id(conn)
            busy = {c: pid for c, pid in open_proposal_of(conn).items() if pid != proposal_id}
            _check(proposal_problems(codes[row["absorber_id"]], [codes[i] for i in member_ids], systems, None, busy))
        if status == "done" and row["status"] != "done":
            absorber = conn.execute(select(SYSTEM.c.system_code).where(SYSTEM.c.id == row["absorber_id"])).scalar_one()
            for sid in member_ids:
                op.update("system", sid, consolidated_changes(absorber), None)
            changes["done_batch_id"] = op.batch_id
        result = conn.execute(update(PROPOSAL).where(PROPOSAL.c.id == proposal_id,
                                                     PROPOSAL.c.version == row["version"]).values(**changes))
        if result.rowcount != 1:
            raise StaleItem("consolidation_proposal", proposal_id, expected_version, None)
        return changes["version"]


# --- introduction reviews -----------------------------------------------------------------

CONSULTATION_FIELDS = ("title", "section", "kind", "purpose", "planned_fy", "initial_cost", "annual_cost",
                       "proposed_hosting", "proposed_zone", "checklist", "status", "decision", "conditions",
                       "cost_reduction", "system", "submitted_on", "decided_on")


def _consultation_query():
    sec = SECTION.alias("sec")
    sys_ = SYSTEM.alias("sys")
    cols = [c for c in CONSULTATION.c if c.name not in ("section_id", "system_id")]
    return (select(*cols, sec.c.code.label("section"), sys_.c.system_code.label("system"))
            .select_from(CONSULTATION.join(sec, sec.c.id == CONSULTATION.c.section_id)
                         .outerjoin(sys_, sys_.c.id == CONSULTATION.c.system_id)))


def consultations(conn: Connection, status: str | None = None) -> list[dict[str, Any]]:
    """Introduction reviews as values (section and system as codes), newest first."""
    q = _consultation_query().order_by(CONSULTATION.c.id.desc())
    if status:
        q = q.where(CONSULTATION.c.status == status)
    return [dict(r) for r in conn.execute(q).mappings()]


def consultation(conn: Connection, consultation_id: int) -> dict[str, Any] | None:
    row = conn.execute(_consultation_query().where(CONSULTATION.c.id == consultation_id)).mappings().first()
    return dict(row) if row else None


def _row(conn: Connection, values: Mapping[str, Any]) -> dict[str, Any]:
    """Table columns for consultation values (codes resolved to ids)."""
    row = {k: values[k] for k in CONSULTATION_FIELDS if k in values and k not in ("section", "system")}
    if "section" in values:
        sid = conn.execute(select(SECTION.c.id).where(SECTION.c.code == values["section"])).scalar()
        if sid is None:
            raise Refusal([_("所属 {code} が台帳にありません。").format(code=values["section"])])
        row["section_id"] = sid
    if "system" in values:
        code = values["system"]
        sid = None if not code else conn.execute(select(SYSTEM.c.id).where(SYSTEM.c.system_code == code)).scalar()
        if code and sid is None:
            raise Refusal([_("システム {code} が台帳にありません。").format(code=code)])
        row["system_id"] = sid
    return row


def create_consultation(ledger: Ledger, values: Mapping[str, Any], source: str = "edit",
                        today: dt.date | None = None) -> int:
    """Record a proposal for review (status 受付 unless given)."""
    values = {"status": "submitted", "submitted_on": today or dt.date.today(), **values}
    _check(RV.proposal_problems(values))
    with ledger.operation(source, _("導入協議の受付: {title}").format(title=values["title"])) as op:
        cid = op.conn.execute(insert(CONSULTATION).values(version=1, **_row(op.conn, values))).inserted_primary_key[0]
        return cid


def update_consultation(ledger: Ledger, consultation_id: int, changes: Mapping[str, Any],
                        expected_version: int | None, source: str = "edit") -> int:
    """Change a review's proposal or checklist (not its decision: see ``decide_consultation``)."""
    with ledger.operation(source, _("導入協議 #{id} の更新").format(id=consultation_id),
                          {"consultation_id": consultation_id}) as op:
        current = _current(op.conn, consultation_id, expected_version)
        if current["status"] in RV.APPROVING:
            raise Refusal([_("承認済みの導入協議は変更できません。")])
        changes = {k: v for k, v in changes.items() if k not in ("status", "decision", "decided_on")}
        merged = {**current, **changes}
        _check(RV.proposal_problems(merged))
        return _write(op.conn, consultation_id, current["version"], _row(op.conn, changes))


def _current(conn: Connection, consultation_id: int, expected_version: int | None) -> dict[str, Any]:
    current = consultation(conn, consultation_id)
    if current is None or (expected_version is not None and current["version"] != expected_version):
        raise StaleItem("consultation", consultation_id, expected_version, current)
    return current


def _write(conn: Connection, consultation_id: int, version: int, row: dict[str, Any]) -> int:
    result = conn.execute(update(CONSULTATION).where(CONSULTATION.c.id == consultation_id,
                                                      CONSULTATION.c.version == version)
                          .values(**row, version=version + 1))
    if result.rowcount != 1:
        raise StaleItem("consultation", consultation_id, version, None)
    return version + 1


@dataclass(frozen=True)
class Decision:
    status: str
    version: int
    #: The system the approval created or updated (None for other decisions).
    system_code: str | None
    created: bool
    batch_id: int


def decide_consultation(ledger: Ledger, consultation_id: int, status: str, expected_version: int | None,
                        decision: str | None = None, conditions: str | None = None,
                        cost_reduction: int | None = None, source: str = "edit",
                        today: dt.date | None = None) -> Decision:
    """Decide a review. An approval (承認 or 条件付承認) creates the new system, or updates the
    renewed one, through the ledger's history in the same transaction."""
    today = today or dt.date.today()
    with ledger.operation(source, _("導入協議 #{id} の決定").format(id=consultation_id),
                          {"consultation_id": consultation_id, "status": status}) as op:
        conn = op.conn
        current = _current(conn, consultation_id, expected_version)
        _check(RV.decision_problems(current, status, decision, conditions))
        row: dict[str, Any] = {"status": status, "decision": decision, "conditions": conditions}
        if status in RV.DECIDED:
            row["decided_on"] = today
        code, created = None, False
        if status in RV.APPROVING:
            values = {**current, "status": status}
            if current.get("system"):
                sid = conn.execute(select(SYSTEM.c.id).where(SYSTEM.c.system_code == current["system"])).scalar_one()
                existing = op.values("system", sid)
                op.update("system", sid, RV.system_values(values, existing, None, today), None)
                code = current["system"]
                if cost_reduction is None:
                    from assetdesk.similar import annual_cost_of

                    cost_reduction = RV.suggested_cost_reduction(current.get("annual_cost"), annual_cost_of(existing))
            else:
                existing_codes = [r[0] for r in conn.execute(select(SYSTEM.c.system_code))]
                code = RV.next_system_code(existing_codes)
                sid = op.create("system", RV.system_values(values, None, code, today))
                created = True
            row["system_id"] = sid
        if cost_reduction is not None:
            row["cost_reduction"] = cost_reduction
        version = _write(conn, consultation_id, current["version"], row)
        return Decision(status, version, code, created, op.batch_id)


def set_checklist_answer(ledger: Ledger, consultation_id: int, key: str, answer: Any, note: str | None,
                         expected_version: int | None, source: str = "edit") -> int:
    """Answer one checklist item (the screen saves item by item)."""
    with ledger.operation(source, _("導入協議 #{id} のチェックリスト").format(id=consultation_id),
                          {"consultation_id": consultation_id, "item": key}) as op:
        current = _current(op.conn, consultation_id, expected_version)
        checklist = dict(current.get("checklist") or {})
        checklist[key] = {"answer": answer, "note": note}
        _check(RV.checklist_problems(checklist))
        return _write(op.conn, consultation_id, current["version"], {"checklist": checklist})


# --- renewals ---------------------------------------------------------------------------


def renewals(conn: Connection, years: int = 3, today: dt.date | None = None) -> list[Renewal]:
    """Systems due for renewal in the coming ``years`` fiscal years (and overdue ones), each with
    the open review already recorded for it."""
    under_review = {c["system"]: c["id"] for c in consultations(conn)
                    if c.get("system") and c["status"] not in RV.DECIDED}
    return upcoming_renewals(load_values(conn, "system").values(), today or dt.date.today(), years, under_review)


# --- indicators ---------------------------------------------------------------------------


def ledger_indicator_values(conn: Connection, first_fy: int, today: dt.date | None = None,
                            code: str = SERVER_INDICATOR) -> dict[int, float]:
    """A ledger indicator's figures: servers in scope (``stats``' in_scope_by_fy), or dedicated
    terminals or lines in use (``assetdesk terminals``' by_fy)."""
    if code == SERVER_INDICATOR:
        return {fy: float(n) for fy, n in in_scope_by_fy(conn, first=first_fy, today=today).items()}
    key = "terminals" if code == TERMINAL_INDICATOR else "lines"
    return {fy: float(c[key]) for fy, c in terminal_counts_by_fy(conn, first_fy, today).items()}


def indicator_series(conn: Connection, today: dt.date | None = None) -> list[IndicatorSeries]:
    """Every indicator with its yearly actuals; "ledger" ones computed from the ledger up to
    the current fiscal year (stored figures for those years are ignored)."""
    values: dict[int, dict[int, float]] = {}
    for iid, fy, v in conn.execute(select(INDICATOR_VALUE.c.indicator_id, INDICATOR_VALUE.c.fiscal_year,
                                          INDICATOR_VALUE.c.value)):
        values.setdefault(iid, {})[fy] = v
    out = []
    for r in conn.execute(select(INDICATOR).order_by(INDICATOR.c.sort_order, INDICATOR.c.id)).mappings():
        s = IndicatorSeries(r["code"], r["name"], r["unit"], r["baseline_fy"], r["baseline"], r["target_fy"],
                            r["target"], r["source"], dict(sorted(values.get(r["id"], {}).items())))
        if s.source == LEDGER_SOURCE and s.code in LEDGER_INDICATORS:
            today_ = today or dt.date.today()
            first = s.baseline_fy or fiscal_year_of(today_)
            s = with_ledger_actuals(s, ledger_indicator_values(conn, first, today_, s.code))
        out.append(s)
    return out


def save_indicator(ledger: Ledger, code: str, name: str, unit: str = "", baseline_fy: int | None = None,
                   baseline: float | None = None, target_fy: int | None = None, target: float | None = None,
                   source: str = "edit") -> int:
    """Create or change an indicator's definition (manual ones; the ledger one keeps its source)."""
    with ledger.operation(source, _("評価指標 {code} の設定").format(code=code), {"indicator": code}) as op:
        conn = op.conn
        row = {"name": name, "unit": unit, "baseline_fy": baseline_fy, "baseline": baseline,
               "target_fy": target_fy, "target": target}
        iid = conn.execute(select(INDICATOR.c.id).where(INDICATOR.c.code == code)).scalar()
        if iid is None:
            order = conn.execute(select(INDICATOR.c.sort_order).order_by(INDICATOR.c.sort_order.desc())).scalar() or 0
            return conn.execute(insert(INDICATOR).values(
                code=code, source=LEDGER_SOURCE if code in LEDGER_INDICATORS else "manual",
                sort_order=order + 1, **row)).inserted_primary_key[0]
        conn.execute(update(INDICATOR).where(INDICATOR.c.id == iid).values(**row))
        return iid


def set_indicator_value(ledger: Ledger, code: str, fiscal_year: int, value: float | None,
                        source: str = "edit") -> None:
    """Enter (or with None remove) a manual indicator's actual for one fiscal year."""
    from sqlalchemy import delete

    with ledger.operation(source, _("評価指標 {code} の実績").format(code=code),
                          {"indicator": code, "fiscal_year": fiscal_year, "value": value}) as op:
        conn = op.conn
        r = conn.execute(select(INDICATOR).where(INDICATOR.c.code == code)).mappings().first()
        if r is None:
            raise Refusal([_("評価指標 {code} はありません。").format(code=code)])
        series = IndicatorSeries(r["code"], r["name"], source=r["source"])
        if value is not None:
            _check(value_problems(series, fiscal_year, value))
        elif r["source"] == LEDGER_SOURCE:
            _check(value_problems(series, fiscal_year, 0))
        conn.execute(delete(INDICATOR_VALUE).where(INDICATOR_VALUE.c.indicator_id == r["id"],
                                                   INDICATOR_VALUE.c.fiscal_year == fiscal_year))
        if value is not None:
            conn.execute(insert(INDICATOR_VALUE).values(indicator_id=r["id"], fiscal_year=fiscal_year,
                                                        value=float(value)))
