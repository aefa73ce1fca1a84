"""``compare-years FY1 FY2``: the ledger at the end of two fiscal years side by side."""

from __future__ import annotations

from assetdesk.choices import NETWORK_ZONE
from assetdesk.i18n import _
from ui.cli import EXIT_OK, Refused, add_json_flag, open_ledger, print_json

ORDER = 15  # after the ledger's own commands in --help


def add_commands(sub) -> None:
    p = sub.add_parser("compare-years", help=_("二つの年度末の台帳の比較(追加・廃止・集約されたシステム、区分別サーバ、部局別経費)"))
    p.add_argument("fy_from", type=int, metavar="FY1", help=_("比較元の年度 (例 2016)"))
    p.add_argument("fy_to", type=int, metavar="FY2", help=_("比較先の年度 (例 2017)"))
    add_json_flag(p)
    p.set_defaults(run=run_compare_years)


def run_compare_years(args) -> int:
    from db.ledger_at import compare_fiscal_years

    if args.fy_from >= args.fy_to:
        raise Refused(_("比較元の年度 {a} は比較先の年度 {b} より前にしてください。").format(a=args.fy_from, b=args.fy_to))
    ledger = open_ledger(args)
    with ledger.read() as conn:
        diff = compare_fiscal_years(conn, args.fy_from, args.fy_to)
    if args.json:
        print_json(diff.to_json())
        return EXIT_OK
    print(_("{a}年度末 → {b}年度末").format(a=diff.fy_from, b=diff.fy_to))
    for label, c in ((_("運用中のシステム"), diff.systems), (_("サーバ"), diff.servers),
                     (_("集約対象サーバ"), diff.in_scope)):
        print(f"  {label}: {c.before:,} → {c.after:,} ({c.change:+,})")
    for title, items in ((_("追加されたシステム"), diff.added), (_("廃止されたシステム"), diff.retired),
                         (_("集約されたシステム"), diff.consolidated), (_("台帳から削除されたシステム"), diff.removed)):
        print(_("{title}: {n} 件").format(title=title, n=len(items)))
        for s in items:
            into = f"  → {s.consolidated_into} {s.consolidated_into_name or ''}" if s.consolidated_into else ""
            print(f"  {s.code}  {s.name}{into}")
    print(_("ネットワーク区分別のサーバ(うち集約対象):"))
    for z in diff.by_zone:
        print(f"  {NETWORK_ZONE.label_of(z.zone)}: {z.servers.before} → {z.servers.after} "
              f"({z.in_scope.before} → {z.in_scope.after})")
    print(_("部局別(運用中のシステム数、初期経費・年間運用経費 千円):"))
    for d in diff.by_department:
        print(f"  {d.name or d.code}: {d.systems.before} → {d.systems.after}  "
              f"{d.initial_cost.before:,} → {d.initial_cost.after:,}  {d.annual_cost.before:,} → {d.annual_cost.after:,}")
    return EXIT_OK
