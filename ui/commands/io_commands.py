"""Commands that move the ledger in and out of spreadsheets: import, export, survey make/status."""

from __future__ import annotations

import datetime as dt
import sys

from assetdesk.i18n import _
from ui.cli import EXIT_OK, EXIT_REFUSED, Refused, add_json_flag, open_ledger, print_json

ORDER = 20  # place of these commands in --help

#: What `export --what` offers (importers.export.WHAT's keys; the importers are loaded lazily).
WHAT = ("all", "systems", "servers", "dependencies", "organisation", "hosts", "datasets")


def add_commands(sub) -> None:
    p = sub.add_parser("import", help=_("調査票・台帳の書き出し・他の表を取り込む"))
    p.add_argument("files", nargs="+", metavar="FILE", help=_("取り込むファイル(.xlsx / .csv)またはフォルダ"))
    p.add_argument("--map", action="append", default=[], metavar="HEADER=field",
                   help=_("列の見出しを項目に対応付ける(例: 'メモリ=memory_gb'、無視するなら 'HEADER=')"))
    p.add_argument("--dry-run", action="store_true", help=_("反映せずに変更内容と問題だけを表示する"))
    p.add_argument("--accept-gone", action="store_true",
                   help=_("調査票から消えた記録の廃止(連携は削除)も反映する(既定では提案のみ)"))
    p.add_argument("--section", action="append", default=[], metavar="CODE",
                   help=_("指定した所属の変更だけを反映する(複数指定可)"))
    p.add_argument("--save-mapping", metavar="NAME", help=_("列の対応付けをこの名前で保存する"))
    p.add_argument("--verbose", "-v", action="store_true", help=_("記録ごと・項目ごとの変更もすべて表示する"))
    add_json_flag(p)
    p.set_defaults(run=run_import)

    p = sub.add_parser("export", help=_("台帳を取り込み直せる .xlsx に書き出す"))
    p.add_argument("out", metavar="OUT.xlsx", help=_("書き出すファイル"))
    p.add_argument("--what", choices=tuple(WHAT), default="all",
                   help=_("書き出す内容 (既定: all = 部局・所属・ホスト・保有データを含め、空の台帳に取り込むと同じ台帳になる一式)"))
    p.set_defaults(run=run_export)

    p = sub.add_parser("survey", help=_("年次調査(調査票の作成・回答状況)"))
    survey_sub = p.add_subparsers(dest="survey_command", metavar=_("サブコマンド"), required=True)
    m = survey_sub.add_parser("make", help=_("所属ごとに記入済みの調査票を作る"))
    m.add_argument("outdir", metavar="OUTDIR", help=_("調査票を書き出すフォルダ"))
    m.add_argument("--fy", type=int, default=None, help=_("調査年度 (既定: 今年度)"))
    m.add_argument("--section", action="append", default=None, metavar="CODE", help=_("所属を限定する(複数指定可)"))
    m.set_defaults(run=run_survey_make)
    s = survey_sub.add_parser("status", help=_("調査の回答状況と督促先"))
    s.add_argument("--fy", type=int, default=None, help=_("調査年度 (既定: 最新の調査)"))
    add_json_flag(s)
    s.set_defaults(run=run_survey_status)


def _current_fy(today: dt.date | None = None) -> int:
    today = today or dt.date.today()
    return today.year if today.month >= 4 else today.year - 1


def run_import(args) -> int:
    from importers.apply import ImportConflict, ImportRefused, apply_import, preview_import, record_returns
    from importers.mapping import parse_pins
    from importers.survey_import import expand_paths

    try:
        pins = parse_pins(args.map)
    except ValueError as e:
        raise Refused(str(e)) from None
    missing = [p for p in expand_paths(args.files) if not p.exists()]
    if missing:
        raise Refused(_("ファイルが見つかりません: {path}").format(path=missing[0]))
    if not expand_paths(args.files):
        raise Refused(_("取り込むファイルがありません。"))
    ledger = open_ledger(args)
    preview = preview_import(ledger, args.files, pinned=pins)
    files = preview.files
    preview.accept_all(include_gone=args.accept_gone)
    if args.section:
        for s in preview.sections:
            s.accept(s.section in args.section, include_gone=args.accept_gone)
    result = None
    refusal = None
    conflicts = []
    if not args.dry_run:
        record_returns(ledger, preview)
        try:
            result = apply_import(ledger, preview, save_mappings_as=args.save_mapping or (
                "cli" if any(f.kind == "sheet" for f in files) else None))
        except ImportConflict as e:
            refusal, conflicts = str(e), e.conflicts
        except ImportRefused as e:
            refusal = str(e)
    accepted = preview.accepted
    report = {
        "applied": bool(result and result.applied),
        "dry_run": bool(args.dry_run),
        "batch_id": result.batch_id if result else None,
        "created": sum(c.action == "new" for c in accepted),
        "updated": sum(c.action != "new" and not c.is_delete for c in accepted),
        "deleted": sum(c.is_delete for c in accepted),
        "unchanged": preview.unchanged,
        "errors": [p.as_json() for p in preview.errors],
        "warnings": [p.as_json() for p in preview.all_problems if not p.is_error],
        "sections": [_section_json(s) for s in preview.sections],
        # Departments and sections the import creates (named in the rows, or in their own sheets).
        "new_organisation": [{"type": c.record_type, "code": c.code, "name": (c.values or {}).get("name"),
                              "department": (c.values or {}).get("department"), "file": c.file, "sheet": c.sheet,
                              "row": c.row}
                             for c in accepted if c.action == "new" and c.record_type in ("department", "section")],
        "files": [{"file": f.name, "kind": f.kind, "section": f.section, "fiscal_year": f.fiscal_year,
                   "encoding": f.encoding or None} for f in files],
        "backup": str(result.backup) if result and result.backup else None,
        # Records another user changed or deleted since the preview (then nothing was applied).
        "conflicts": [c.as_json() for c in conflicts],
    }
    if args.json:
        print_json(report)
    else:
        _print_report(preview, report, verbose=args.verbose)
        if conflicts:
            _print_conflicts(conflicts)
    if refusal:
        print(_("エラー: {message}").format(message=refusal), file=sys.stderr)
        return EXIT_REFUSED
    if preview.errors and args.dry_run:
        return EXIT_REFUSED
    return EXIT_OK


def _value(v):
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, tuple):
        return list(v)
    return v


def _section_json(s) -> dict:
    return {
        "section": s.section, "name": s.name, "files": s.files, "unchanged": s.unchanged,
        "new": s.count("new"), "changed": s.count("changed"), "gone": s.count("gone"),
        "errors": len(s.errors),
        "changes": [{"type": c.record_type, "action": c.action, "code": c.code, "accepted": c.accepted,
                     "file": c.file, "sheet": c.sheet, "row": c.row,
                     "fields": {f.field: {"old": _value(f.old), "new": _value(f.new)} for f in c.field_changes()}}
                    for c in s.changes],
    }


def _print_report(preview, report: dict, *, verbose: bool = False) -> None:
    """Per section what the import brings, and every problem with its place; ``verbose`` adds each
    record and field (thousands of lines for a whole ledger: on request only)."""
    out = sys.stdout
    for s in preview.sections:
        print(_("■ {title}: 新規 {new}、変更 {changed}、消えた記録 {gone}、変更なし {same}、エラー {errors}").format(
            title=s.title, new=s.count("new"), changed=s.count("changed"), gone=s.count("gone"),
            same=s.unchanged, errors=len(s.errors)), file=out)
        created = [c for c in s.changes if c.action == "new" and c.record_type in ("department", "section")]
        if created and not verbose:
            print("  " + _("新しく作成: {names}").format(names="、".join(
                f"{c.code} {(c.values or {}).get('name', '')}" for c in created)), file=out)
        for c in s.changes if verbose else ():
            mark = {"new": "+", "changed": "~", "gone": "-"}[c.action]
            note = "" if c.accepted else _("(未承認)")
            print(f"  {mark} {c.code} {note}", file=out)
            if c.action != "new":
                for f in c.fields:
                    print(f"      {f.label}: {f.old_text or '-'} → {f.new_text or '-'}", file=out)
            if c.is_delete:
                print("      " + _("削除を提案"), file=out)
    for p in preview.all_problems:
        kind = _("エラー") if p.is_error else _("注意")
        where = " ".join(str(x) for x in (p.file, p.sheet, p.row and _("{row}行目").format(row=p.row), p.column) if x)
        value = "" if p.value is None else f" [{p.value}]"
        print(f"{kind}: {where}{value}: {p.reason}", file=out)
    if report["applied"]:
        print(_("反映しました: 新規 {c}、変更 {u}、削除 {d}(履歴 {batch}、バックアップ {backup})").format(
            c=report["created"], u=report["updated"], d=report["deleted"], batch=report["batch_id"],
            backup=report["backup"]), file=out)
    elif report["dry_run"]:
        print(_("確認のみ(--dry-run): 何も変更していません。"), file=out)
    elif not report["errors"]:
        print(_("変更はありません。"), file=out)


def _print_conflicts(conflicts) -> None:
    """The refused records side by side: the ledger at the preview, the ledger now (and who
    changed it), the workbook; '*' marks a value that differs from the preview's."""
    header = (_("記録"), _("項目"), _("取込時点の台帳"), _("現在の台帳"), _("調査票の値"), _("変更者・日時"))
    rows: list[tuple[str, ...]] = []
    for c in conflicts:
        first = f"{c.code} ({c.file} {c.sheet} {_('{row}行目').format(row=c.row) if c.row else ''})".replace(" )", ")")
        who = c.changed_by
        if c.deleted and not c.fields:
            rows.append((first, "-", "", _("(削除済)"), _("(削除を提案)"), who))
        for f in c.fields:
            before = f.text("at_preview")
            now = _("(削除済)") if c.deleted else _marked(f.text("now"), before)
            rows.append((first, f.label, before, now, _marked(f.text("workbook"), before), who))
            first = who = ""
    widths = [max(_width(r[i]) for r in (header, *rows)) for i in range(len(header))]
    print(_("他の利用者の変更と競合した記録(反映していません):"))
    for r in (header, *rows):
        print("  " + " | ".join(cell + " " * (w - _width(cell)) for cell, w in zip(r, widths, strict=True)).rstrip())
    print(_("調査票を現在の台帳に対してもう一度取り込むと(まず --dry-run で差分を確認してください)、競合した記録も取り込めます。"))


def _marked(text: str, before: str) -> str:
    return f"*{text or '-'}" if text != before else text


def _width(text: str) -> int:
    """Columns on a terminal: Japanese characters take two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "FW" else 1 for ch in text)


def run_export(args) -> int:
    from importers.export import export_ledger

    ledger = open_ledger(args)
    path = export_ledger(ledger, args.out, args.what)
    print(_("書き出しました: {path}").format(path=path), file=sys.stderr)
    return EXIT_OK


def run_survey_make(args) -> int:
    from importers.survey_template import make_survey

    ledger = open_ledger(args)
    fy = args.fy or _current_fy()
    paths = make_survey(ledger, args.outdir, fy, sections=args.section)
    if not paths:
        raise Refused(_("調査票を作る所属がありません。"))
    print(_("{fy}年度の調査票を {n} 件作成しました: {dir}").format(fy=fy, n=len(paths), dir=args.outdir), file=sys.stderr)
    return EXIT_OK


def run_survey_status(args) -> int:
    from assetdesk.choices import SURVEY_RESPONSE_STATUS
    from db.survey import round_status

    ledger = open_ledger(args)
    with ledger.read() as conn:
        status = round_status(conn, args.fy)
    if status is None:
        raise Refused(_("調査がまだありません(survey make で開始してください)。"))
    if args.json:
        print_json({
            "fiscal_year": status.fiscal_year, "opened_on": status.opened_on.isoformat(),
            "template_version": status.template_version,
            "counts": {k: status.count(k) for k in ("not_sent", *SURVEY_RESPONSE_STATUS.values)},
            "sections": [{"section": s.section, "name": s.section_name, "department": s.department, "status": s.status,
                          "file": s.file_name, "received_at": s.received_at.isoformat() if s.received_at else None,
                          "errors": s.error_count, "batch_id": s.applied_batch_id} for s in status.sections],
            "to_chase": [s.section for s in status.to_chase],
        })
        return EXIT_OK
    print(_("{fy}年度 調査(開始 {opened})").format(fy=status.fiscal_year, opened=status.opened_on))
    for s in status.sections:
        label = _("未送付") if s.status == "not_sent" else SURVEY_RESPONSE_STATUS.label_of(s.status)
        extra = _("エラー {n} 件").format(n=s.error_count) if s.error_count else ""
        print(f"  {s.section} {s.section_name}({s.department}): {label} {s.file_name or ''} {extra}".rstrip())
    print(_("督促先 {n} 所属: {codes}").format(n=len(status.to_chase), codes="、".join(s.section for s in status.to_chase)))
    return EXIT_OK
