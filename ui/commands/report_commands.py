"""``assetdesk report KIND OUT.pdf``: the printed reports as PDF files, headless."""

from __future__ import annotations

import sys

from assetdesk.i18n import _
from assetdesk.reports.model import Document
from ui.cli import EXIT_OK, Refused, open_ledger

ORDER = 60  # place of these commands in --help


KINDS = ("consolidation", "ledger", "system-sheet", "survey-status", "impact", "indicators", "years", "terminals",
         "opendata")


def add_commands(sub) -> None:
    p = sub.add_parser("report", help=_("帳票を PDF で出力する(集約計画書・台帳・個票・調査回答状況・影響範囲・評価指標)"))
    p.add_argument("kind", choices=KINDS, metavar="KIND",
                   help=_("帳票の種類: consolidation(サーバ集約計画書)、ledger(情報システム台帳)、"
                          "system-sheet(個票)、survey-status(調査回答状況)、impact(影響範囲報告書)、indicators(評価指標の状況)、years(年度比較)")
                   + _("、terminals(専用端末・個別回線の移行提案)") + _("、opendata(オープンデータの推進状況)"))
    p.add_argument("out", metavar="OUT.pdf", help=_("出力する PDF ファイル"))
    p.add_argument("--department", help=_("ledger: 部局(コードまたは名称)に絞る"))
    p.add_argument("--section", help=_("ledger / system-sheet: 所属(コードまたは名称)に絞る"))
    p.add_argument("--system", action="append", metavar="CODE",
                   help=_("system-sheet: システム管理番号(繰り返し指定可。省略または all ですべて)"))
    p.add_argument("--code", help=_("impact: 起点のシステム管理番号・サーバ管理番号・ホスト名"))
    p.add_argument("--move", action="store_true", help=_("impact: 停止ではなく移設の影響を示す"))
    p.add_argument("--fy", type=int, help=_("survey-status: 調査年度(既定: 最新)"))
    p.add_argument("--from", dest="fy_from", type=int, metavar="FY1", help=_("years: 比較元の年度(既定: 比較先の前年度)"))
    p.add_argument("--to", dest="fy_to", type=int, metavar="FY2", help=_("years: 比較先の年度(既定: 前年度)"))
    p.add_argument("--division", help=_("consolidation: 表紙に記載する担当課"))
    p.add_argument("--time-limit", type=float, default=10.0,
                   help=_("consolidation: 採用済みの計画がないときの計画計算の制限時間(秒)"))
    p.set_defaults(run=run_report)


def build_document(kind: str, args, conn) -> Document:
    """The document of ``kind`` from one snapshot of the ledger (options as parsed)."""
    from db.report_data import ReportDataError, build_report

    codes = [c for c in (args.system or []) if c.lower() != "all"] or None
    try:
        return build_report(kind, conn, department=args.department, section=args.section, systems=codes,
                            code=args.code, move=args.move, fiscal_year=args.fy, division=args.division,
                            time_limit_s=args.time_limit, fy_from=args.fy_from, fy_to=args.fy_to)
    except ReportDataError as e:
        raise Refused(str(e)) from e


def run_report(args) -> int:
    from ui.reports.fonts import ensure_gui_application
    from ui.reports.pdf import write_pdf

    if not args.out.lower().endswith(".pdf"):
        raise Refused(_("出力先は .pdf ファイルを指定してください: {path}").format(path=args.out))
    ledger = open_ledger(args)
    with ledger.read() as conn:
        doc = build_document(args.kind, args, conn)
    ensure_gui_application()
    try:
        pages = write_pdf(doc, args.out)
    except OSError as e:
        raise Refused(_("PDF を書き込めません: {error}").format(error=e)) from e
    print(_("{title} を出力しました: {path}({pages} ページ)").format(title=doc.title, path=args.out, pages=pages),
          file=sys.stderr)
    return EXIT_OK
