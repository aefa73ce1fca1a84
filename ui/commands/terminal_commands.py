"""``assetdesk terminals``: dedicated terminals and lines, what can move, the saving, counts by year."""

from __future__ import annotations

from assetdesk.i18n import _
from ui.cli import EXIT_OK, add_json_flag, open_ledger, print_json

ORDER = 45  # place of these commands in --help


def add_commands(sub) -> None:
    p = sub.add_parser("terminals", help=_("専用端末と個別回線(システムごと・移行の提案と削減額・年度末の台数)"))
    add_json_flag(p)
    p.set_defaults(run=run_terminals)


def run_terminals(args) -> int:
    from db.terminal_data import terminal_summary

    ledger = open_ledger(args)
    with ledger.read() as conn:
        doc = terminal_summary(conn)
    if args.json:
        print_json(doc)
    else:
        print(format_summary(doc))
    return EXIT_OK


def format_summary(doc) -> str:
    from assetdesk.choices import TERMINAL_REQUIREMENT

    lines = [_("専用端末・個別回線のあるシステム: {n} 件").format(n=len(doc["systems"]))]
    for s in doc["systems"]:
        lines.append("  " + _("{code} {name}: 端末 {t} 台({req}) {tc} 千円/年、回線 {l} 回線 {lc} 千円/年").format(
            code=s["system_code"], name=s["name"], t=s["dedicated_terminals"] or 0,
            req=TERMINAL_REQUIREMENT.label_of(s["terminal_requirement"]) or "-", tc=s["terminal_cost"] or 0,
            l=s["dedicated_lines"] or 0, lc=s["line_cost"] or 0))
    lines.append("")
    lines.append(_("移行の提案(削減額の大きい順)"))
    for p in doc["proposals"]:
        lines.append("  " + _("{code} {name}: 削減 {saving} 千円/年 (端末 {ts} / 回線 {ls})").format(
            code=p["system_code"], name=p["name"], saving=p["saving"], ts=p["terminal_saving"],
            ls=p["line_saving"]))
        lines.extend(f"    {r}" for r in p["reasons"])
    lines.append(_("削減見込み合計: {total} 千円/年 (端末 {t} / 回線 {l})").format(
        total=doc["saving"]["total"], t=doc["saving"]["terminals"], l=doc["saving"]["lines"]))
    lines.append("")
    lines.append(_("年度末の専用端末台数・個別回線数"))
    lines.extend("  " + _("{fy}年度: 端末 {t} 台 / 回線 {l} 回線").format(fy=fy, t=c["terminals"], l=c["lines"])
                 for fy, c in doc["by_fy"].items())
    return "\n".join(lines)
