"""Commands of the portfolio work: similar systems, consolidation proposals, introduction
reviews, renewals coming and the plan's indicators (issue 9)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from assetdesk.choices import (
    CONSULTATION_KIND,
    CONSULTATION_STATUS,
    HOSTING,
    NETWORK_ZONE,
    ChoiceSet,
)
from assetdesk.i18n import _
from ui.cli import EXIT_OK, Refused, add_json_flag, open_ledger, print_json

ORDER = 50  # place of these commands in --help


def add_commands(sub) -> None:
    p = sub.add_parser("similar", help=_("類似システムのグループ(理由と年間の削減見込額つき)"))
    p.add_argument("--threshold", type=_share, help=_("類似とみなす下限 (0〜1、既定 0.5)"))
    p.add_argument("--kept-share", type=_share,
                   help=_("集約元の年間経費のうち集約先に残る割合 (0〜1、既定 0.3)"))
    p.add_argument("--limit", type=int, default=0, help=_("表示するグループ数 (既定: すべて)"))
    add_json_flag(p)
    p.set_defaults(run=run_similar)

    p = sub.add_parser("proposal", help=_("集約案(どのシステムをどれに集約するか)"))
    ps = p.add_subparsers(dest="action", metavar=_("操作"), required=True)
    q = ps.add_parser("list", help=_("集約案の一覧"))
    add_json_flag(q)
    q.set_defaults(run=run_proposal_list)
    q = ps.add_parser("add", help=_("集約案を登録する"))
    q.add_argument("absorber", help=_("集約先のシステム管理番号"))
    q.add_argument("absorbed", nargs="+", help=_("集約元のシステム管理番号"))
    q.add_argument("--fy", type=int, help=_("目標年度"))
    q.add_argument("--title", help=_("件名"))
    q.add_argument("--notes", help=_("備考"))
    q.set_defaults(run=run_proposal_add)
    q = ps.add_parser("status", help=_("集約案の状況を変更する(完了で集約元が集約済になる)"))
    q.add_argument("id", type=int)
    q.add_argument("status", help=_("提案・合意・実施中・完了・見送り"))
    q.add_argument("--version", type=int, help=_("確認した版 (他の利用者の変更を上書きしない)"))
    q.set_defaults(run=run_proposal_status)

    p = sub.add_parser("review", help=_("行政情報システム導入協議"))
    rs = p.add_subparsers(dest="action", metavar=_("操作"), required=True)
    q = rs.add_parser("list", help=_("導入協議の一覧"))
    q.add_argument("--status", help=_("協議状況で絞り込む"))
    add_json_flag(q)
    q.set_defaults(run=run_review_list)
    q = rs.add_parser("show", help=_("導入協議の内容・チェックリスト・所見・類似システム"))
    q.add_argument("id", type=int)
    add_json_flag(q)
    q.set_defaults(run=run_review_show)
    q = rs.add_parser("add", help=_("導入協議を受け付ける"))
    q.add_argument("--title", required=True, help=_("件名(システム名称)"))
    q.add_argument("--section", required=True, help=_("所属コード"))
    q.add_argument("--kind", default="new", help=_("新規・更新・大規模改修 (既定: 新規)"))
    q.add_argument("--system", help=_("更新・改修の対象システム管理番号"))
    q.add_argument("--purpose", help=_("業務概要"))
    q.add_argument("--fy", type=int, help=_("導入予定年度"))
    q.add_argument("--initial-cost", type=int, help=_("構築経費(千円)"))
    q.add_argument("--annual-cost", type=int, help=_("年間運用経費(千円)"))
    q.add_argument("--hosting", help=_("稼働環境"))
    q.add_argument("--zone", help=_("ネットワーク区分"))
    add_json_flag(q)
    q.set_defaults(run=run_review_add)
    q = rs.add_parser("check", help=_("チェックリストの項目に回答する"))
    q.add_argument("id", type=int)
    q.add_argument("item", help=_("チェック項目 (existing_system, shared_platform, ...)"))
    q.add_argument("answer", help=_("有/無、またはネットワーク区分"))
    q.add_argument("--note", help=_("所見"))
    q.add_argument("--version", type=int, help=_("確認した版"))
    q.set_defaults(run=run_review_check)
    q = rs.add_parser("decide", help=_("協議の結果を記録する(承認で台帳に登録・更新)"))
    q.add_argument("id", type=int)
    q.add_argument("status", help=_("審査中・承認・条件付承認・差戻し"))
    q.add_argument("--decision", help=_("決定内容・理由"))
    q.add_argument("--conditions", help=_("承認の条件"))
    q.add_argument("--cost-reduction", type=int, help=_("削減額(千円/年)"))
    q.add_argument("--version", type=int, help=_("確認した版"))
    q.set_defaults(run=run_review_decide)

    p = sub.add_parser("renewals", help=_("今後の年度に更新・契約終了を迎えるシステム"))
    p.add_argument("--years", type=int, default=3, help=_("今年度から何年度分 (既定 3)"))
    p.add_argument("--as-of", type=_date, help=_("基準日 (既定: 今日)。例: 2018-03-31"))
    add_json_flag(p)
    p.set_defaults(run=run_renewals)

    p = sub.add_parser("indicators", help=_("計画の評価指標(基準値・実績・目標)"))
    p.add_argument("--set", nargs=3, metavar=("CODE", "FY", "VALUE"), help=_("手入力の指標の実績を登録する"))
    p.add_argument("--as-of", type=_date, help=_("基準日 (既定: 今日)。例: 2018-03-31"))
    add_json_flag(p)
    p.set_defaults(run=run_indicators)


def _share(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("0〜1 の数値を指定してください: {value}").format(value=text)) from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(_("0〜1 の数値を指定してください: {value}").format(value=text))
    return value


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("日付は YYYY-MM-DD で指定してください: {value}").format(value=text)) from None


def _choice(cs: ChoiceSet, text: str | None) -> str | None:
    if text is None:
        return None
    value = cs.parse(text)
    if value is None:
        raise Refused(_("{what} が正しくありません: {value}").format(what=_(cs.label), value=text))
    return value


def _yen(v: int | None) -> str:
    return "-" if v is None else f"{v:,}"


# --- similar systems ------------------------------------------------------------------------


def run_similar(args) -> int:
    from dataclasses import replace

    from assetdesk.similar import DEFAULT_SETTINGS
    from db.portfolio import similar_report

    settings = DEFAULT_SETTINGS
    if args.threshold is not None:
        settings = replace(settings, threshold=args.threshold)
    if args.kept_share is not None:
        settings = replace(settings, absorbed_cost_kept=args.kept_share)
    ledger = open_ledger(args)
    with ledger.read() as conn:
        report = similar_report(conn, settings)
    if args.limit:
        report["groups"] = report["groups"][: args.limit]
    if args.json:
        print_json(report)
        return EXIT_OK
    print(_("類似システムのグループ {n} 件 (対象 {systems} システム)、年間削減見込額の合計 {saving} 千円").format(
        n=report["group_count"], systems=report["systems_in_groups"], saving=_yen(report["total_saving"])))
    for i, g in enumerate(report["groups"], 1):
        a = g["absorber"]
        print()
        print(_("{i}. 削減見込 {saving} 千円/年: 集約先 {code} {name} ({section})").format(
            i=i, saving=_yen(g["saving"]), code=a["code"], name=a["name"], section=a["section"]))
        if g["proposals"]:
            print("   " + _("登録済みの集約案: {ids}").format(ids=", ".join(f"#{p}" for p in g["proposals"])))
        for m in g["absorbed"]:
            print(f"   ← {m['code']} {m['name']} ({m['section']}) "
                  + _("類似度 {score:.2f}、年間経費 {cost} 千円").format(score=m["score"], cost=_yen(m["annual_cost"])))
            for r in m["reasons"]:
                print(f"       - {r['text']}")
        if g["unknown_cost"]:
            print("   " + _("経費が不明なため削減額に含めていないシステム: {codes}").format(codes=", ".join(g["unknown_cost"])))
    return EXIT_OK


# --- proposals ------------------------------------------------------------------------------


def run_proposal_list(args) -> int:
    from assetdesk.similar.proposal import CONSOLIDATION_STATUS
    from db.portfolio import proposals

    ledger = open_ledger(args)
    with ledger.read() as conn:
        rows = proposals(conn)
    if args.json:
        print_json(rows)
        return EXIT_OK
    if not rows:
        print(_("集約案はありません。"))
    for r in rows:
        print(f"#{r['id']} [{CONSOLIDATION_STATUS.label_of(r['status'])}] {r['title']}: {r['absorber']} ← "
              f"{', '.join(r['absorbed'])}  " + _("目標 {fy}年度、削減見込 {saving} 千円/年、版 {version}").format(
                  fy=r["target_fy"] or "-", saving=_yen(r["estimated_saving"]), version=r["version"]))
    return EXIT_OK


def run_proposal_add(args) -> int:
    from db.portfolio import create_proposal

    ledger = open_ledger(args)
    pid = create_proposal(ledger, args.absorber, args.absorbed, args.fy, args.title, args.notes,
                                            source="command")
    print(_("集約案 #{id} を登録しました。").format(id=pid), file=sys.stderr)
    return EXIT_OK


def run_proposal_status(args) -> int:
    from assetdesk.similar.proposal import CONSOLIDATION_STATUS
    from db.portfolio import set_proposal_status

    status = _choice(CONSOLIDATION_STATUS, args.status)
    ledger = open_ledger(args)
    version = set_proposal_status(ledger, args.id, status, args.version, source="command")
    print(_("集約案 #{id} を「{status}」にしました(版 {version})。").format(
        id=args.id, status=CONSOLIDATION_STATUS.label_of(status), version=version), file=sys.stderr)
    return EXIT_OK


# --- introduction reviews -------------------------------------------------------------------


def run_review_list(args) -> int:
    from db.portfolio import consultations

    status = _choice(CONSULTATION_STATUS, args.status)
    ledger = open_ledger(args)
    with ledger.read() as conn:
        rows = consultations(conn, status)
    if args.json:
        print_json(rows)
        return EXIT_OK
    if not rows:
        print(_("導入協議はありません。"))
    for r in rows:
        print(f"#{r['id']} [{CONSULTATION_STATUS.label_of(r['status'])}] {CONSULTATION_KIND.label_of(r['kind'])} "
              f"{r['title']} ({r['section']}) " + _("予定 {fy}年度、構築 {initial} 千円、年間 {annual} 千円").format(
                  fy=r["planned_fy"] or "-", initial=_yen(r["initial_cost"]), annual=_yen(r["annual_cost"])))
    return EXIT_OK


def run_review_show(args) -> int:
    from assetdesk import review as RV
    from db.portfolio import consultation, similar_for

    ledger = open_ledger(args)
    with ledger.read() as conn:
        c = consultation(conn, args.id)
        if c is None:
            raise Refused(_("導入協議 #{id} はありません。").format(id=args.id))
        similar = similar_for(conn, c)
    found = RV.findings(c, [m.code for m in similar])
    if args.json:
        print_json({**c, "findings": [{"key": f.key, "message": f.message, "blocking": f.blocking} for f in found],
                    "similar": [m.to_json() for m in similar]})
        return EXIT_OK
    print(f"#{c['id']} {c['title']} [{CONSULTATION_STATUS.label_of(c['status'])}] " + _("版 {v}").format(v=c["version"]))
    print(_("チェックリスト:"))
    for item in RV.CHECKLIST:
        a = RV.answer(c.get("checklist"), item.key)
        shown = "" if a is None else (item.choices.label_of(a) if item.choices else str(a))
        print(f"  [{item.key}] {item.display()}: {shown or _('(未回答)')}")
    if found:
        print(_("所見:"))
        for f in found:
            print(("  ✖ " if f.blocking else "  ! ") + f.message)
    print(_("類似する既存システム:") if similar else _("類似する既存システムはありません。"))
    for m in similar:
        print(f"  {m.code} {m.profile.name} ({m.profile.section}) " + _("類似度 {score:.2f}").format(score=m.score))
        for r in m.reasons:
            print(f"     - {r.text()}")
    return EXIT_OK


def run_review_add(args) -> int:
    from db.portfolio import create_consultation

    values = {
        "title": args.title, "section": args.section, "kind": _choice(CONSULTATION_KIND, args.kind),
        "system": args.system, "purpose": args.purpose, "planned_fy": args.fy,
        "initial_cost": args.initial_cost, "annual_cost": args.annual_cost,
        "proposed_hosting": _choice(HOSTING, args.hosting), "proposed_zone": _choice(NETWORK_ZONE, args.zone),
    }
    ledger = open_ledger(args)
    cid = create_consultation(ledger, values, source="command")
    if args.json:
        print_json({"id": cid})
    print(_("導入協議 #{id} を受け付けました。").format(id=cid), file=sys.stderr)
    return EXIT_OK


def run_review_check(args) -> int:
    from assetdesk import review as RV
    from db.portfolio import set_checklist_answer

    item = RV.BY_KEY.get(args.item)
    if item is None:
        raise Refused(_("チェック項目 {key} はありません。").format(key=args.item))
    answer = _choice(item.choices, args.answer) if item.choices is not None else args.answer
    ledger = open_ledger(args)
    version = set_checklist_answer(ledger, args.id, item.key, answer, args.note, args.version,
                                                     source="command")
    print(_("回答を記録しました(版 {version})。").format(version=version), file=sys.stderr)
    return EXIT_OK


def run_review_decide(args) -> int:
    from db.portfolio import decide_consultation

    status = _choice(CONSULTATION_STATUS, args.status)
    ledger = open_ledger(args)
    d = decide_consultation(ledger, args.id, status, args.version, args.decision, args.conditions,
                                              args.cost_reduction, source="command")
    msg = _("導入協議 #{id} を「{status}」としました。").format(id=args.id, status=CONSULTATION_STATUS.label_of(status))
    if d.system_code:
        msg += " " + (_("システム {code} を台帳に登録しました。") if d.created else
                      _("システム {code} の台帳を更新しました。")).format(code=d.system_code)
    print(msg, file=sys.stderr)
    return EXIT_OK


# --- renewals and indicators ---------------------------------------------------------------


def run_renewals(args) -> int:
    from db.portfolio import renewals

    if args.years < 1:
        raise Refused(_("正の整数を指定してください: {value}").format(value=args.years))
    today = args.as_of or dt.date.today()
    ledger = open_ledger(args)
    with ledger.read() as conn:
        rows = renewals(conn, args.years, today)
    if args.json:
        print_json({"as_of": today.isoformat(), "years": args.years, "systems": [r.to_json() for r in rows]})
        return EXIT_OK
    if not rows:
        print(_("該当するシステムはありません。"))
    for r in rows:
        review = _("協議 #{id}").format(id=r.consultation_id) if r.consultation_id else _("協議未登録")
        print(f"{r.due_fy}  [{r.urgency_label}] {r.code} {r.name} ({r.section}) "
              + _("年間 {cost} 千円、協議開始 {fy}年度、{review}").format(cost=_yen(r.annual_cost), fy=r.review_fy,
                                                               review=review))
    return EXIT_OK


def run_indicators(args) -> int:
    from assetdesk.indicators import indicator_report
    from db.portfolio import indicator_series, set_indicator_value

    ledger = open_ledger(args)
    if args.set:
        code, fy, value = args.set
        try:
            fy_i, value_f = int(fy), float(value)
        except ValueError:
            raise Refused(_("年度と値は数値で指定してください。")) from None
        set_indicator_value(ledger, code, fy_i, value_f, source="command")
    today = args.as_of or dt.date.today()
    with ledger.read() as conn:
        report = indicator_report(indicator_series(conn, today), today)
    if args.json:
        print_json(report)
        return EXIT_OK
    for ind in report["indicators"]:
        ach = "-" if ind["achievement"] is None else f"{ind['achievement']:.0%}"
        print(f"{ind['name']} [{ind['source_label']}]")
        print("  " + _("基準 {bfy}年度 {b}{u} → 目標 {tfy}年度 {t}{u}、最新 {lfy}年度 {l}{u}、達成率 {a}").format(
            bfy=ind["baseline_fy"] or "-", b=_num(ind["baseline"]), tfy=ind["target_fy"] or "-",
            t=_num(ind["target"]), lfy=ind["latest_fy"] or "-", l=_num(ind["latest"]), u=ind["unit"], a=ach))
    return EXIT_OK


def _num(v: float | None) -> str:
    if v is None:
        return "-"
    return f"{v:,.0f}" if float(v).is_integer() else f"{v:,.1f}"
