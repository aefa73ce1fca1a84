"""The consolidation planner on the ledger: inputs read from it, scenarios stored, adoption and
progress written back through the one write path (so each lands in the history as one batch)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import Connection, insert, select, update

from assetdesk.codec import from_jsonable, to_jsonable
from assetdesk.graph import move_groups
from assetdesk.i18n import _
from assetdesk.planner import HostSpec, MoveConstraints, Plan, PlanParameters, PlanServer, plan
from assetdesk.planner import select as in_scope
from assetdesk.planner.model import HOST_PREFIX
from db import models as M
from db.graph_data import ledger_graph
from db.ledger import Ledger, LedgerError, OperationSummary, load_values

SERVER, HOST, DEP, SYSTEM = M.Server.__table__, M.Host.__table__, M.Dependency.__table__, M.System.__table__
SCENARIO = M.PlanScenario.__table__
TRACK_STATUSES = ("migrating", "migrated", "retired", "pending", "planned")


def plan_servers(conn: Connection) -> list[PlanServer]:
    """Every server of the ledger as the planner sees it (``assetdesk.planner.select`` picks the scope)."""
    out = []
    for v in load_values(conn, "server").values():
        out.append(PlanServer(
            code=v["server_code"], hostname=v["hostname"], zone=v["network_zone"], cpu_cores=v["cpu_cores"],
            cpu_peak_pct=v["cpu_peak_pct"], memory_gb=v["memory_gb"], memory_peak_pct=v["memory_peak_pct"],
            storage_gb=v["storage_gb"], storage_used_gb=v["storage_used_gb"], ha_group=v["ha_group"],
            systems=tuple(v["systems"]), power_w=v["power_w"], rack_u=v["rack_u"],
            annual_maintenance=v["annual_maintenance"], os_eol=v["os_eol"], maintenance_end=v["maintenance_end"],
            kind=v["kind"], migration_status=v["migration_status"]))
    return sorted(out, key=lambda s: s.code)


def plan_constraints(conn: Connection, servers: Sequence[PlanServer]) -> MoveConstraints:
    """Move groups (tightly coupled systems' servers, from the graph) and dependency order."""
    codes = {s.code for s in servers}
    graph = ledger_graph(conn)
    groups = tuple(frozenset(c for c in g.servers if c in codes) for g in move_groups(graph))
    deps = tuple(sorted({(graph_dep.from_system, graph_dep.to_system) for graph_dep in graph.dependencies
                         if graph_dep.from_system != graph_dep.to_system}))
    return MoveConstraints(move_groups=tuple(g for g in groups if len(g) > 1), system_dependencies=deps)


def make_plan(ledger: Ledger, spec: HostSpec, params: PlanParameters,
              kinds: Sequence[str] = ("physical",), progress: Callable[[float, str], None] | None = None,
              cancel: Callable[[], bool] | None = None) -> Plan:
    # The inputs are read in one snapshot that is closed before solving, which may take a while.
    with ledger.read() as conn:
        inputs = plan_inputs(conn, kinds)
    return solve(inputs, spec, params, progress, cancel)


def plan_on(conn: Connection, spec: HostSpec, params: PlanParameters,
            kinds: Sequence[str] = ("physical",), progress: Callable[[float, str], None] | None = None,
            cancel: Callable[[], bool] | None = None) -> Plan:
    """The plan of the ledger's servers in scope, read through ``conn``."""
    return solve(plan_inputs(conn, kinds), spec, params, progress, cancel)


def plan_inputs(conn: Connection, kinds: Sequence[str] = ("physical",)):
    """The servers in scope, what ties them together, and the host names already in use."""
    servers = in_scope(plan_servers(conn), kinds=kinds)
    return servers, plan_constraints(conn, servers), set(conn.execute(select(HOST.c.name)).scalars())


def solve(inputs, spec: HostSpec, params: PlanParameters, progress=None, cancel=None) -> Plan:
    servers, constraints, taken = inputs
    return rename_hosts(plan(servers, spec, params, constraints, progress=progress, cancel=cancel), taken)


def rename_hosts(result: Plan, taken: set[str]) -> Plan:
    """Number the plan's new hosts after the platform's existing ones (LG-21 after LG-20)."""
    mapping: dict[str, str] = {}
    next_number: dict[str, int] = {}
    for h in result.hosts:
        prefix = HOST_PREFIX[h.zone]
        n = next_number.get(h.zone) or 1 + max(
            (int(t.split("-")[1]) for t in taken if t.startswith(prefix + "-") and t.split("-")[1].isdigit()),
            default=0)
        while f"{prefix}-{n:02d}" in taken:
            n += 1
        mapping[h.name] = f"{prefix}-{n:02d}"
        next_number[h.zone] = n + 1
    if all(k == v for k, v in mapping.items()):
        return result
    return replace(
        result,
        hosts=tuple(replace(h, name=mapping[h.name]) for h in result.hosts),
        assignments=tuple(replace(a, host=mapping.get(a.host, a.host)) for a in result.assignments),
        violations=tuple(replace(v, host=mapping.get(v.host, v.host)) for v in result.violations),
        warnings=tuple(replace(v, host=mapping.get(v.host, v.host)) for v in result.warnings),
    )


# --- scenarios ---------------------------------------------------------------------------------


def save_scenario(ledger: Ledger, name: str, result: Plan) -> int:
    with ledger.operation("plan", _("集約計画のシナリオ保存: {name}").format(name=name)) as op:
        return op.conn.execute(insert(SCENARIO).values(
            name=name, created_at=dt.datetime.now(dt.UTC), created_by=ledger.user,
            parameters={"spec": to_jsonable(result.spec), "params": to_jsonable(result.params)},
            result=to_jsonable(result))).inserted_primary_key[0]


def update_scenario(ledger: Ledger, scenario_id: int, result: Plan, name: str = "") -> None:
    """Store a hand-edited plan over its scenario; an adopted scenario stays as it was adopted."""
    with ledger.operation("plan", _("集約計画の手動調整: {name}").format(name=name or scenario_id),
                          {"scenario": scenario_id}) as op:
        adopted = op.conn.execute(select(SCENARIO.c.adopted_at).where(SCENARIO.c.id == scenario_id)).first()
        if adopted is None:
            raise LedgerError(_("シナリオ {id} はありません。").format(id=scenario_id))
        if adopted[0] is not None:
            raise LedgerError(_("採用済みのシナリオは上書きできません。新しいシナリオとして保存してください。"))
        op.conn.execute(update(SCENARIO).where(SCENARIO.c.id == scenario_id).values(
            result=to_jsonable(result),
            parameters={"spec": to_jsonable(result.spec), "params": to_jsonable(result.params)}))


def load_scenario(conn: Connection, scenario_id: int) -> tuple[dict[str, Any], Plan]:
    row = conn.execute(select(SCENARIO).where(SCENARIO.c.id == scenario_id)).mappings().first()
    if row is None:
        raise LedgerError(_("シナリオ {id} はありません。").format(id=scenario_id))
    return dict(row), from_jsonable(Plan, row["result"])


def scenarios(conn: Connection) -> list[dict[str, Any]]:
    rows = conn.execute(select(SCENARIO.c.id, SCENARIO.c.name, SCENARIO.c.created_at, SCENARIO.c.created_by,
                               SCENARIO.c.adopted_at, SCENARIO.c.result).order_by(SCENARIO.c.id))
    return [{"id": r.id, "name": r.name, "created_at": r.created_at, "created_by": r.created_by,
             "adopted_at": r.adopted_at, "hosts": (r.result or {}).get("zones") and sum(
                 z["hosts"] for z in r.result["zones"])} for r in rows]


def adopted_scenario(conn: Connection) -> tuple[dict[str, Any], Plan] | None:
    sid = conn.execute(select(SCENARIO.c.id).where(SCENARIO.c.adopted_at.is_not(None))
                       .order_by(SCENARIO.c.adopted_at.desc()).limit(1)).scalar()
    return None if sid is None else load_scenario(conn, sid)


def adopt(ledger: Ledger, scenario_id: int) -> OperationSummary:
    """Mark the scenario's servers 計画済 with their target host and wave, creating the hosts.

    Refused as a whole when the plan has errors or a server has moved on meanwhile.
    """
    with ledger.read() as conn:
        row, result = load_scenario(conn, scenario_id)
        before = conn.execute(select(SCENARIO.c.id, SCENARIO.c.adopted_at, SCENARIO.c.adopted_batch_id)
                              .where(SCENARIO.c.adopted_at.is_not(None))).first()
    if row["adopted_at"] is not None:
        raise LedgerError(_("シナリオ「{name}」は既に採用されています。").format(name=row["name"]))
    errors = [v for v in result.violations if v.severity == "error"]
    if errors:
        raise LedgerError(_("違反のある計画は採用できません: {first}").format(first=errors[0].text))
    context: dict[str, Any] = {"scenario": scenario_id}
    if before is not None:  # so that undoing this adoption gives the flag back
        context["previously_adopted"] = {"id": before.id, "adopted_at": before.adopted_at.isoformat(),
                                         "batch": before.adopted_batch_id}
    with ledger.operation("plan", _("集約計画の採用: {name}").format(name=row["name"]), context) as op:
        existing = set(op.conn.execute(select(HOST.c.name)).scalars())
        if any(h.name in existing for h in result.hosts):
            # Hosts another adoption created meanwhile took these names: number this plan's
            # hosts after them, and keep the scenario as adopted.
            result = rename_hosts(result, existing)
            op.conn.execute(update(SCENARIO).where(SCENARIO.c.id == scenario_id).values(result=to_jsonable(result)))
        new_hosts = [{"name": h.name, "network_zone": h.zone, "cpu_cores": result.spec.cores,
                      "memory_gb": result.spec.memory_gb, "storage_gb": None, "in_service": None}
                     for h in result.hosts]
        op.create_many("host", new_hosts)
        stale = []
        for a in result.assignments:
            sid = op.id_of("server", a.server)
            current = op.values("server", sid) if sid else None
            if current is None or current["migration_status"] not in ("pending", "planned"):
                stale.append(a.server)
                continue
            op.update("server", sid, {"migration_status": "planned", "host": a.host, "planned_wave": a.wave},
                      expected_version=current["version"])
        if stale:
            raise LedgerError(_("計画作成後に移行状況が変わったサーバがあります: {codes}").format(
                codes="、".join(stale[:20])))
        op.conn.execute(update(SCENARIO).where(SCENARIO.c.adopted_at.is_not(None)).values(adopted_at=None))
        op.conn.execute(update(SCENARIO).where(SCENARIO.c.id == scenario_id).values(
            adopted_at=dt.datetime.now(dt.UTC), adopted_batch_id=op.batch_id))
        return op.summary


def track(ledger: Ledger, status: str, on: dt.date | None, codes: Sequence[str] = (),
          wave: int | None = None) -> OperationSummary:
    """Mark servers (by code, or a whole wave) 移行中 / 移行済 / 廃止 with a date."""
    if status not in TRACK_STATUSES:
        raise LedgerError(_("移行状況 {status} は指定できません。").format(status=status))
    if status in ("migrated", "retired") and on is None:
        raise LedgerError(_("移行済・廃止には日付が必要です。"))
    with ledger.operation("plan", _("移行状況の更新"), {"status": status, "wave": wave}) as op:
        ids = [op.id_of("server", c) for c in codes]
        missing = [c for c, i in zip(codes, ids, strict=True) if i is None]
        if missing:
            raise LedgerError(_("台帳にないサーバ: {codes}").format(codes="、".join(missing)))
        if wave is not None:
            ids += list(op.conn.execute(select(SERVER.c.id).where(SERVER.c.planned_wave == wave)).scalars())
        if not ids:
            raise LedgerError(_("対象のサーバがありません。"))
        for sid in dict.fromkeys(ids):
            current = op.values("server", sid)
            changes: dict[str, Any] = {"migration_status": status}
            if status in ("migrated", "retired"):
                changes["migrated_on"] = on
                if status == "migrated":
                    changes["kind"] = "platform_vm"
            op.update("server", sid, changes, expected_version=current["version"])
        return op.summary
