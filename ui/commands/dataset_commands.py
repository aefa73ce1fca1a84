"""``assetdesk datasets``: the data inventory (保有データ), open-data candidates and coverage of the
recommended dataset list, and the published and candidate datasets as CKAN or DCAT documents.

Datasets themselves are created and changed like every record: in the window, or through
``import`` (the survey's データ sheet, an export, someone's own list)."""

from __future__ import annotations

from pathlib import Path

from assetdesk.choices import DATASET_FORM, OPEN_DATA_STATUS
from assetdesk.i18n import _
from assetdesk.opendata import EXPORT_FORMATS
from ui.cli import EXIT_OK, Refused, add_json_flag, open_ledger, print_json

ORDER = 46  # beside terminals in --help


def add_commands(sub) -> None:
    p = sub.add_parser("datasets", help=_("保有データの一覧・オープンデータ候補・推奨データセットの整備状況・CKAN/DCAT形式の書き出し"))
    p.add_argument("--section", metavar="CODE", help=_("所属を限定する(所属コード)"))
    p.add_argument("--status", choices=tuple(c.value for c in OPEN_DATA_STATUS), help=_("公開状況を限定する"))
    add_json_flag(p)
    p.set_defaults(run=run_inventory)
    inner = p.add_subparsers(dest="datasets_command", metavar=_("サブコマンド"))
    c = inner.add_parser("candidates", help=_("オープンデータの公開候補(理由と順位つき)と推奨データセットの整備状況"))
    add_json_flag(c)
    c.set_defaults(run=run_candidates)
    e = inner.add_parser("export", help=_("公開済・公開候補のデータを CKAN の package_create 文書または DCAT (JSON-LD) で書き出す"))
    e.add_argument("out", metavar="OUT.json", help=_("書き出すファイル"))
    e.add_argument("--format", choices=tuple(EXPORT_FORMATS), required=True, help=_("ckan: CKAN の package_create 文書の一覧 / dcat: DCAT の JSON-LD"))
    e.add_argument("--publisher", default=_("県"), help=_("公開者の名称(既定: 県)"))
    e.add_argument("--base-url", default=None, metavar="URL",
                   help=_("オープンデータサイトの URL(公開候補のページの URL に使う。既定: 公開済データの URL のサイト)"))
    e.add_argument("--only", choices=("published", "candidate"), default=None,
                   help=_("公開済だけ、または公開候補だけを書き出す(既定: 両方)"))
    add_json_flag(e)
    e.set_defaults(run=run_export)


def _inventory(args):
    from db.dataset_data import load_inventory

    ledger = open_ledger(args)
    with ledger.read() as conn:
        return load_inventory(conn)


def run_inventory(args) -> int:
    from db.dataset_data import inventory_document

    inv = _inventory(args)
    if args.section and args.section not in inv.sections:
        raise Refused(_("所属コード {code} が台帳にありません。").format(code=args.section))
    doc = inventory_document(inv, section=args.section, status=args.status)
    if args.json:
        print_json(doc)
        return EXIT_OK
    for r in doc["datasets"]:
        print("  ".join((r["code"], r["name"], f"{r['section']} {r['section_name'] or ''}",
                         r["system"] or _("(システム外)"), DATASET_FORM.label_of(r["form"]) or "-",
                         OPEN_DATA_STATUS.label_of(r["open_status"]) or "-")))
    if not doc["datasets"]:
        print(_("(保有データは登録されていません。調査票の「データ」シートや一覧を import で取り込めます)"))
        return EXIT_OK
    print(_("保有データ {n} 件(うちシステム内 {held} 件): {statuses}").format(
        n=doc["count"], held=doc["held_in_systems"],
        statuses="、".join(f"{OPEN_DATA_STATUS.label_of(k) or _('未記入')} {v}" for k, v in doc["by_open_status"].items())))
    return EXIT_OK


def run_candidates(args) -> int:
    from assetdesk import opendata

    inv = _inventory(args)
    doc = opendata.summary(inv.datasets, inv.sections, inv.departments)
    if args.json:
        print_json(doc)
        return EXIT_OK
    print(format_candidates(doc))
    return EXIT_OK


def format_candidates(doc: dict) -> str:
    from assetdesk.choices import RECOMMENDED_DATASET

    lines = [_("オープンデータの公開候補: {n} 件(得点の高い順)").format(n=len(doc["candidates"]))]
    for c in doc["candidates"]:
        lines.append("  " + _("{score:>3} 点  {code} {name}({section})").format(
            score=c["score"], code=c["code"], name=c["name"], section=c["section_name"] or c["section"]))
        lines.extend(f"        {r}" for r in c["reasons"])
    cov = doc["coverage"]["summary"]
    lines.append("")
    lines.append(_("推奨データセットの整備状況: 公開 {published} / 保有・未公開 {held} / 未整備 {lacking}(全 {total} 項目)").format(
        published=cov["published"], held=cov["held"], lacking=cov["lacking"], total=cov["categories"]))
    from assetdesk.opendata import COVERAGE_MARKS

    marks = {status: _(label) for status, label in COVERAGE_MARKS.items()}
    for row in doc["coverage"]["rows"]:
        codes = row["held"]  # every dataset of the category (published ones among them)
        lines.append(f"  {marks[row['status']]:<8} {RECOMMENDED_DATASET.label_of(row['category'])}"
                     + (f"  ({', '.join(codes)})" if codes else ""))
    return "\n".join(lines)


def run_export(args) -> int:
    from db.dataset_data import ExportRefused, write_open_data

    inv = _inventory(args)
    include = (args.only,) if args.only else ("published", "candidate")
    try:
        count, base_url = write_open_data(inv, args.format, Path(args.out), publisher=args.publisher,
                                          base_url=args.base_url, include=include)
    except ExportRefused as e:
        raise Refused(str(e)) from None
    if args.json:
        print_json({"format": args.format, "out": args.out, "datasets": count, "base_url": base_url})
    else:
        print(_("{n} 件のデータを {format} 形式で書き出しました: {out}").format(n=count, format=args.format.upper(),
                                                                  out=args.out))
    return EXIT_OK
