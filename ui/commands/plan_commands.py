"""``assetdesk plan`` (consolidation plan), ``scenario`` (saved plans) and ``migrate`` (progress)."""

from __future__ import annotations

import datetime as dt
import sys

from assetdesk.choices import NETWORK_ZONE
from assetdesk.i18n import _
from ui.cli import (
    EXIT_OK,
    EXIT_REFUSED,
    Refused,
    add_json_flag,
    end_progress,
    open_ledger,
    print_json,
    progress_line,
)

ORDER = 30  # place of these commands in --help


def add_commands(sub) -> None:
    p = sub.add_parser("plan", help=_("集約計画: 必要なホスト台数・下限・配置・移行の回"))
    p.add_argument("--sizing", choices=("allocated", "utilization"), default="utilization",
                   help=_("所要量の算定: 割当(allocated)または使用率(utilization、既定)"))
    p.add_argument("--host-cores", type=int, default=32, help=_("ホストのコア数 (既定 32)"))
    p.add_argument("--host-memory-gb", type=float, default=768.0, help=_("ホストのメモリ GB (既定 768)"))
    p.add_argument("--host-storage-gb", type=float, default=200_000.0,
                   help=_("区分ごとの共有ストレージ GB (既定 200000)"))
    p.add_argument("--overcommit", type=float, default=3.0, help=_("CPU のオーバーコミット率 vCPU/コア (既定 3)"))
    p.add_argument("--cpu-ceiling", type=float, default=80.0, help=_("ホストの CPU 負荷上限 %% (既定 80)"))
    p.add_argument("--memory-ceiling", type=float, default=90.0, help=_("ホストのメモリ負荷上限 %% (既定 90)"))
    p.add_argument("--headroom", type=float, default=20.0, help=_("使用率への余裕 %% (既定 20)"))
    p.add_argument("--spares", type=int, default=1, help=_("区分ごとの予備ホスト (既定 1: N+1)"))
    p.add_argument("--wave-capacity", type=int, default=20, help=_("1回の移行で移すサーバの上限 (既定 20)"))
    p.add_argument("--time-limit", type=float, default=30.0, help=_("計算時間の上限 秒 (既定 30)"))
    p.add_argument("--kinds", default="physical", help=_("対象とするサーバ種別 (カンマ区切り、既定 physical)"))
    p.add_argument("--save", metavar="NAME", help=_("シナリオとして保存する"))
    add_json_flag(p)
    p.set_defaults(run=run_plan)

    p = sub.add_parser("scenario", help=_("保存した集約計画(シナリオ)の一覧・比較・採用・手動調整"))
    ssub = p.add_subparsers(dest="scenario_command", metavar=_("操作"), required=True)
    q = ssub.add_parser("list", help=_("シナリオの一覧"))
    add_json_flag(q)
    q.set_defaults(run=run_list)
    q = ssub.add_parser("show", help=_("シナリオの内容"))
    q.add_argument("id", type=int)
    add_json_flag(q)
    q.set_defaults(run=run_show)
    q = ssub.add_parser("compare", help=_("シナリオを並べて比較する"))
    q.add_argument("ids", type=int, nargs="+")
    add_json_flag(q)
    q.set_defaults(run=run_compare)
    q = ssub.add_parser("adopt", help=_("シナリオを採用し、サーバを計画済(移行先ホスト・回)にする"))
    q.add_argument("id", type=int)
    q.set_defaults(run=run_adopt)
    q = ssub.add_parser("move", help=_("サーバの移行先ホストまたは回を手で変え、規則を再検査する"))
    q.add_argument("id", type=int)
    q.add_argument("server", help=_("サーバ管理番号"))
    q.add_argument("--host")
    q.add_argument("--wave", type=int)
    add_json_flag(q)
    q.set_defaults(run=run_move)

    p = sub.add_parser("migrate", help=_("移行の進捗を記録する(移行中・移行済・廃止)"))
    p.add_argument("codes", nargs="*", metavar="CODE", help=_("サーバ管理番号"))
    p.add_argument("--status", required=True, choices=("migrating", "migrated", "retired", "planned", "pending"))
    p.add_argument("--date", type=dt.date.fromisoformat, help=_("移行日・廃止日 (YYYY-MM-DD)"))
    p.add_argument("--wave", type=int, help=_("この回のサーバすべて"))
    p.set_defaults(run=run_migrate)


def _spec_params(args):
    from assetdesk.planner import HostSpec, PlanParameters

    spec = HostSpec(cores=args.host_cores, memory_gb=args.host_memory_gb, storage_gb=args.host_storage_gb,
                    overcommit=args.overcommit, cpu_ceiling_pct=args.cpu_ceiling,
                    memory_ceiling_pct=args.memory_ceiling)
    params = PlanParameters(sizing=args.sizing, headroom_pct=args.headroom, spares=args.spares,
                            wave_capacity=args.wave_capacity, time_limit_s=args.time_limit)
    return spec, params



def run_plan(args) -> int:
    from db.planning import make_plan, save_scenario

    for name in ("host_cores", "host_memory_gb", "overcommit", "time_limit", "wave_capacity"):
        if getattr(args, name) <= 0:
            raise Refused(_("--{name} には正の値を指定してください。").format(name=name.replace("_", "-")))
    spec, params = _spec_params(args)
    ledger = open_ledger(args)
    result = make_plan(ledger, spec, params, kinds=tuple(k.strip() for k in args.kinds.split(",")),
                       progress=progress_line)
    end_progress()
    doc = result.as_dict()
    if args.save:
        doc["scenario_id"] = save_scenario(ledger, args.save, result)
    if args.json:
        print_json(doc)
    else:
        print_plan(result)
        if args.save:
            print(_("シナリオ {id} として保存しました。").format(id=doc["scenario_id"]))
    return EXIT_OK


def print_plan(result) -> None:
    proven = _("最小と証明済") if result.proven_optimal else _("最小とは未証明")
    print(_("ホスト {hosts} 台 (下限 {bound} 台, {proven}) / 対象サーバ {servers} 台 / 移行 {waves} 回 / {s:.1f} 秒").format(
        hosts=result.total_hosts, bound=result.total_lower_bound, proven=proven,
        servers=len(result.assignments), waves=len(result.waves), s=result.elapsed_s))
    for z in result.zones:
        print("  " + _("{zone}: サーバ {servers} 台 → ホスト {hosts} 台 (うち予備 {spares}、下限 {bound}、FFD {ffd}+{spares})").format(
            zone=NETWORK_ZONE.label_of(z.zone), servers=z.servers, hosts=z.hosts, spares=z.spares,
            bound=z.lower_bound, ffd=z.ffd_hosts))
    f = result.figures
    print(_("集約前: サーバ {sb} 台, {ub:g}U, {kb:.1f}kW, 保守 {mb:,.0f}千円/年 → 集約後: ホスト {ha} 台, {ua:g}U, {ka:.1f}kW, 保守 {ma:,.0f}千円/年").format(
        sb=f.servers_before, ub=f.rack_u_before, kb=f.kw_before, mb=f.maintenance_before,
        ha=f.hosts_after, ua=f.rack_u_after, ka=f.kw_after, ma=f.maintenance_after))
    for fb in result.fallbacks:
        print("  " + _("未計測: {server} の {what} → {used:g} ({note})").format(
            server=fb.hostname, what=fb.measurement, used=fb.used, note=fb.text))
    for e in result.excluded:
        print("  " + _("対象外: {server} ({reason})").format(server=e.hostname, reason=e.text))
    for v in (*result.violations, *result.warnings):
        print("  " + ("✗ " if v.severity == "error" else "! ") + v.text)


def run_list(args) -> int:
    from db.planning import scenarios

    ledger = open_ledger(args)
    with ledger.read() as conn:
        rows = scenarios(conn)
    if args.json:
        print_json(rows)
        return EXIT_OK
    for r in rows:
        mark = _("採用") if r["adopted_at"] else ""
        print(f"{r['id']:>4}  {r['name']}  {r['hosts']}  {r['created_at']:%Y-%m-%d %H:%M}  {r['created_by']}  {mark}")
    return EXIT_OK


def _load(args):
    from db.planning import load_scenario

    ledger = open_ledger(args)
    with ledger.read() as conn:
        return ledger, *load_scenario(conn, args.id)


def run_show(args) -> int:
    _ledger, _row, result = _load(args)
    if args.json:
        print_json(result.as_dict())
    else:
        print_plan(result)
    return EXIT_OK


def run_compare(args) -> int:
    from assetdesk.planner import compare
    from db.planning import load_scenario

    ledger = open_ledger(args)
    with ledger.read() as conn:
        loaded = [load_scenario(conn, i) for i in args.ids]
    rows = compare([p for _row, p in loaded])
    if args.json:
        print_json({"scenarios": [{"id": r["id"], "name": r["name"]} for r, _p in loaded],
                    "rows": [{"key": r.key, "label": _(r.label), "unit": _(r.unit) if r.unit else "",
                              "values": list(r.values)} for r in rows]})
        return EXIT_OK
    print("\t".join([_("項目")] + [r["name"] for r, _p in loaded]))
    for r in rows:
        print("\t".join([f"{_(r.label)}({_(r.unit)})" if r.unit else _(r.label)] + [str(v) for v in r.values]))
    return EXIT_OK


def run_adopt(args) -> int:
    from db.planning import adopt

    summary = adopt(open_ledger(args), args.id)
    print(_("採用しました: サーバ {n} 台を計画済に、ホスト {h} 台を登録しました。").format(
        n=len(summary.changed_ids.get("server", ())), h=len(summary.changed_ids.get("host", ()))), file=sys.stderr)
    return EXIT_OK


def run_move(args) -> int:
    from assetdesk.planner import move_server

    ledger, row, result = _load(args)
    try:
        edited = move_server(result, args.server, host=args.host, wave=args.wave)
    except KeyError as e:
        raise Refused(_("サーバ {code} はこの計画にありません。").format(code=args.server)) from e
    from db.planning import update_scenario

    update_scenario(ledger, args.id, edited, row["name"])
    if args.json:
        print_json(edited.as_dict())
    else:
        print_plan(edited)
    return EXIT_REFUSED if any(v.severity == "error" for v in edited.violations) else EXIT_OK


def run_migrate(args) -> int:
    from db.planning import track

    if not args.codes and args.wave is None:
        raise Refused(_("サーバ管理番号か --wave を指定してください。"))
    summary = track(open_ledger(args), args.status, args.date, args.codes, args.wave)
    print(_("{n} 台の移行状況を更新しました。").format(n=len(summary.changed_ids.get("server", ()))), file=sys.stderr)
    return EXIT_OK
