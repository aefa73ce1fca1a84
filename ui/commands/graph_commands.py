"""``assetdesk graph``: impact analysis, move groups, hubs, cycles and zone crossings."""

from __future__ import annotations

from assetdesk.i18n import _
from ui.cli import EXIT_OK, Refused, add_json_flag, open_ledger, print_json

ORDER = 40  # place of these commands in --help


def add_commands(sub) -> None:
    p = sub.add_parser("graph", help=_("連携の分析(影響範囲・移行グループ・ハブ・循環・区分をまたぐ連携)"))
    gsub = p.add_subparsers(dest="graph_command", metavar=_("分析"), required=True)

    q = gsub.add_parser("impact", help=_("サーバ・システム・ホストの停止または移設が影響する範囲と経路"))
    q.add_argument("code", help=_("システム管理番号・サーバ管理番号・ホスト名(サーバはホスト名でも可)"))
    q.add_argument("--move", action="store_true", help=_("停止ではなく移設(移行作業)の影響を調べる"))
    add_json_flag(q)
    q.set_defaults(run=run_impact)

    for name, helptext in (("groups", _("一緒に移行すべきサーバのグループ")),
                           ("hubs", _("依存されているシステムの多い順")),
                           ("cycles", _("連携の循環")),
                           ("zones", _("ネットワーク区分をまたぐ連携(例外承認の有無)"))):
        q = gsub.add_parser(name, help=helptext)
        add_json_flag(q)
        q.set_defaults(run=run_structure, what=name)


def _graph(args):
    from db.graph_data import ledger_graph

    ledger = open_ledger(args)
    with ledger.read() as conn:
        return ledger_graph(conn)


def run_impact(args) -> int:
    from assetdesk.graph import GraphError, format_impact, impact, impact_to_json

    graph = _graph(args)
    try:
        result = impact(graph, args.code, "move" if args.move else "down")
    except (GraphError, KeyError) as e:
        raise Refused(_("{code} は台帳にないか、影響分析の対象(システム・サーバ・ホスト)ではありません。").format(
            code=args.code)) from e
    if args.json:
        print_json(impact_to_json(result))
    else:
        print(format_impact(result))
    return EXIT_OK


def run_structure(args) -> int:
    from assetdesk import graph as G

    graph = _graph(args)
    if args.what == "groups":
        data = G.move_groups_to_json(G.move_groups(graph))
        lines = [f"{g['id']}: {', '.join(g['servers'])}  ({', '.join(g['systems'])})" for g in data]
    elif args.what == "hubs":
        data = G.hubs_to_json(G.hubs(graph, 20))
        lines = [_("{code} {name}: 直接 {direct} / 間接を含め {total} (重要度A {critical})").format(**h) for h in data]
    elif args.what == "cycles":
        data = G.cycles_to_json(G.cycles(graph))
        lines = [" → ".join(c["example"]) for c in data]
    else:
        data = G.zone_crossings_to_json(G.zone_crossings(graph))
        from assetdesk.choices import NETWORK_ZONE

        lines = [f"{z['source']} → {z['target']}  {' / '.join(NETWORK_ZONE.label_of(x) for x in z['zones'])}  "
                 + (_("例外承認: {why}").format(why=z["exception"]) if z["excepted"] else _("違反(例外承認なし)"))
                 for z in data]
    if args.json:
        print_json(data)
    else:
        print("\n".join(lines) if lines else _("該当なし"))
    return EXIT_OK
