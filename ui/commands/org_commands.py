"""The organisation and the platform's hosts: `departments`, `sections`, `hosts` list them; they
are created, changed and retired through `import` (a 部局 / 所属 / ホスト sheet, or names in a
system list) and written out by `export --what organisation|hosts|all`."""

from __future__ import annotations

from assetdesk.choices import NETWORK_ZONE
from assetdesk.i18n import _
from ui.cli import EXIT_OK, add_json_flag, open_ledger, print_json

ORDER = 15  # after the ledger's own commands in --help


def add_commands(sub) -> None:
    p = sub.add_parser("departments", help=_("部局の一覧(所属数・システム数・廃止日)"))
    add_json_flag(p)
    p.set_defaults(run=run_list, kind="department")
    p = sub.add_parser("sections", help=_("所属の一覧(部局・システム数・廃止日)"))
    p.add_argument("--department", metavar="CODE", help=_("部局を限定する(部局コード)"))
    add_json_flag(p)
    p.set_defaults(run=run_list, kind="section")
    p = sub.add_parser("hosts", help=_("共同利用型基盤ホストの一覧(区分・容量・配置済みサーバ数)"))
    add_json_flag(p)
    p.set_defaults(run=run_list, kind="host")


def run_list(args) -> int:
    from db.organisation import organisation_lists

    ledger = open_ledger(args)
    with ledger.read() as conn:
        rows = organisation_lists(conn)[args.kind]
    if getattr(args, "department", None):
        rows = [r for r in rows if r["department"] == args.department]
    if args.json:
        print_json({f"{args.kind}s": rows})
        return EXIT_OK
    for r in rows:
        print("  ".join(_text(args.kind, r)))
    if not rows:
        print(_("(登録されていません。import で部局・所属・ホストの表や台帳を取り込めます)"))
    return EXIT_OK


def _text(kind: str, r: dict) -> list[str]:
    retired = [_("廃止 {date}").format(date=r["retired_on"])] if r["retired_on"] else []
    if kind == "department":
        return [r["code"], r["name"], _("所属 {n}").format(n=r["sections"]), _("システム {n}").format(n=r["systems"]),
                *retired]
    if kind == "section":
        return [r["code"], r["name"], f"{r['department']} {r['department_name']}",
                _("システム {n}(稼働 {running})").format(n=r["systems"], running=r["running_systems"]), *retired]
    return [r["name"], NETWORK_ZONE.label_of(r["network_zone"]),
            _("{cores} コア / {memory:g} GB").format(cores=r["cpu_cores"] or "-", memory=r["memory_gb"] or 0),
            _("サーバ {n}").format(n=r["servers"]), *retired]
