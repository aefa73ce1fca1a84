"""Commands on the ledger as a whole: demo, stats, history, backup, restore."""

from __future__ import annotations

import sys
from pathlib import Path

from assetdesk.choices import CHANGE_ACTION, CHANGE_SOURCE, NETWORK_ZONE
from assetdesk.i18n import _
from ui.cli import EXIT_OK, Refused, add_json_flag, end_progress, open_ledger, print_json, progress_line

ORDER = 10  # place of these commands in --help


def add_commands(sub) -> None:
    p = sub.add_parser("demo", help=_("デモ用の県(架空)のデータで台帳を満たす"))
    p.add_argument("--scale", type=_positive_int, default=1, help=_("規模の倍率 (既定 1: 500超のシステム)"))
    p.add_argument("--seed", type=int, default=2016, help=_("乱数の種 (同じ種なら同じデータ)"))
    p.add_argument("--replace", action="store_true", help=_("既存のデータを(バックアップの上)置き換える"))
    p.set_defaults(run=run_demo)

    p = sub.add_parser("stats", help=_("件数の集計(部局・ネットワーク区分・種別・状態・年度末の対象サーバ数)"))
    add_json_flag(p)
    p.set_defaults(run=run_stats)

    p = sub.add_parser("history", help=_("変更履歴(記録を指定するとその記録のみ)"))
    p.add_argument("code", nargs="?", help=_("システム管理番号・サーバ管理番号など"))
    p.add_argument("--limit", type=_positive_int, default=200, help=_("表示する件数 (既定 200)"))
    p.add_argument("--operations", action="store_true", help=_("変更ではなく操作(取込・編集・計画などのまとまり)を一覧する"))
    p.add_argument("--batch", type=int, metavar="N", help=_("操作 N の変更だけを表示する"))
    add_json_flag(p)
    p.set_defaults(run=run_history)

    p = sub.add_parser("undo", help=_("操作(取込・計画の採用など)をまとめて取り消す"))
    p.add_argument("batch", type=int, metavar="N", help=_("操作の番号 (history --operations で確認)"))
    p.set_defaults(run=run_undo)

    p = sub.add_parser("backup", help=_("台帳の一貫したコピーを SQLite ファイルに保存する"))
    p.add_argument("out", help=_("保存先のファイル"))
    p.set_defaults(run=run_backup)

    p = sub.add_parser("restore", help=_("バックアップから台帳を復元する(現在の内容は自動でバックアップ)"))
    p.add_argument("source", metavar="IN", help=_("バックアップファイル"))
    p.set_defaults(run=run_restore)


def _positive_int(text: str) -> int:
    import argparse

    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("正の整数を指定してください: {value}").format(value=text)) from None
    if value < 1:
        raise argparse.ArgumentTypeError(_("正の整数を指定してください: {value}").format(value=text))
    return value



def run_demo(args) -> int:
    from db.backup import automatic_backup
    from db.demo_load import load_demo
    from db.migrate import has_data

    ledger = open_ledger(args)
    if args.replace and has_data(ledger.engine):
        path = automatic_backup(ledger.engine, reason="before-demo")
        print(_("置き換え前のバックアップ: {path}").format(path=path), file=sys.stderr)
    result = load_demo(ledger, scale=args.scale, seed=args.seed, replace=args.replace, progress=progress_line)
    end_progress()
    if result.already_loaded:
        print(_("このデモデータは既に登録されています。"), file=sys.stderr)
    else:
        print(_("デモデータを登録しました: システム {systems:,} 件、サーバ {servers:,} 件、連携 {deps:,} 件、ホスト {hosts:,} 台、保有データ {datasets:,} 件").format(
            systems=result.counts["system"], servers=result.counts["server"],
            deps=result.counts["dependency"], hosts=result.counts["host"],
            datasets=result.counts.get("dataset", 0)), file=sys.stderr)
    return EXIT_OK


def run_stats(args) -> int:
    from db.queries import stats

    ledger = open_ledger(args)
    with ledger.read() as conn:
        s = stats(conn)
    if args.json:
        print_json(s)
        return EXIT_OK
    print(_("システム {systems:,} 件 / サーバ {servers:,} 台 / 共同利用型基盤ホスト {hosts:,} 台 / 連携 {deps:,} 件").format(
        systems=s["systems"], servers=s["servers"], hosts=s["hosts"], deps=s["dependencies"]))
    print(_("ネットワーク区分別:"))
    for zone, c in s["by_zone"].items():
        print(f"  {NETWORK_ZONE.label_of(zone)}: " + _("システム {systems} / サーバ {servers}").format(**c))
    print(_("部局別:"))
    for d in s["by_department"].values():
        print(f"  {d['name']}: " + _("システム {systems} / サーバ {servers}").format(**d))
    print(_("年度末の集約対象サーバ数:"))
    for fy, n in s["in_scope_by_fy"].items():
        print("  " + _("{fy}年度: {n} 台").format(fy=fy, n=n))
    return EXIT_OK


def run_history(args) -> int:
    from db.queries import batches, history

    ledger = open_ledger(args)
    if args.operations:
        with ledger.read() as conn:
            ops = batches(conn, args.limit)
        if args.json:
            print_json(ops)
            return EXIT_OK
        for b in ops:
            undone = _("(取消済: 操作 {n})").format(n=b["undone_by_id"]) if b["undone_by_id"] else ""
            print(f"{b['id']:>6}  {b['at'].astimezone():%Y-%m-%d %H:%M:%S}  {b['user']}@{b['machine']}  "
                  f"{CHANGE_SOURCE.label_of(b['source'])}  {b['detail']}  "
                  + _("{n} 件").format(n=b["changes"]) + f"  {undone}")
        return EXIT_OK
    with ledger.read() as conn:
        rows = history(conn, args.code, None if args.batch else args.limit, batch=args.batch)
    if args.code and not rows:
        raise Refused(_("{code} の変更履歴はありません。").format(code=args.code))
    if args.json:
        print_json(rows)
        return EXIT_OK
    for r in rows:
        changed = ""
        if r["action"] == "update" and r["before"] and r["after"]:
            keys = [k for k in r["after"] if k != "version" and r["before"].get(k) != r["after"].get(k)]
            changed = ", ".join(f"{k}: {r['before'].get(k)!r} → {r['after'].get(k)!r}" for k in keys)
        print(f"{r['at'].astimezone():%Y-%m-%d %H:%M:%S}  {r['user']}@{r['machine']}  {CHANGE_SOURCE.label_of(r['source'])}"
              f"  {CHANGE_ACTION.label_of(r['action'])}  {r['record_type']} {r['record_code']}  {changed}")
    return EXIT_OK


def run_backup(args) -> int:
    from db.backup import backup

    ledger = open_ledger(args)
    path = backup(ledger.engine, Path(args.out))
    print(_("バックアップしました: {path}").format(path=path), file=sys.stderr)
    return EXIT_OK


def run_restore(args) -> int:
    from db.backup import BackupError, restore

    source = Path(args.source)
    if not source.is_file():
        raise Refused(_("ファイルがありません: {path}").format(path=source))
    ledger = open_ledger(args)
    try:
        restore(ledger.engine, source)
    except BackupError as e:
        raise Refused(str(e)) from e
    print(_("復元しました: {path}").format(path=source), file=sys.stderr)
    return EXIT_OK


def run_undo(args) -> int:
    from db.undo import UndoRefused, undo_batch

    ledger = open_ledger(args)
    try:
        summary = undo_batch(ledger, args.batch)
    except UndoRefused as e:
        raise Refused(str(e)) from e
    print(_("操作 {n} を取り消しました(取消操作 {undo}: 作成 {c}、更新 {u}、削除 {d})。").format(
        n=args.batch, undo=summary.batch_id, c=summary.created, u=summary.updated, d=summary.deleted), file=sys.stderr)
    return EXIT_OK
