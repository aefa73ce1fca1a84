"""年度比較: the ledger at the end of two fiscal years side by side (``assetdesk.years``)."""

from __future__ import annotations

import datetime as dt

from assetdesk.choices import NETWORK_ZONE, SYSTEM_STATUS
from assetdesk.i18n import _
from assetdesk.reports.common import new_document
from assetdesk.reports.model import Chart, Column, ColumnKind, Document, Heading, Paragraph, Series, Table
from assetdesk.wareki import fy_label
from assetdesk.years import Counts, SystemItem, YearComparison


def _num(label: str, weight: float = 1.0) -> Column:
    return Column(label, ColumnKind.NUMBER, weight=weight)


def _counts(c: Counts) -> tuple[int, int, int]:
    return c.before, c.after, c.change


def years_report(diff: YearComparison, departments: dict[str, str], today: dt.date) -> Document:
    a, b = fy_label(diff.fy_from), fy_label(diff.fy_to)
    doc = new_document(_("年度比較"), today, fiscal_year=diff.fy_to)
    doc.add(Heading(_("年度比較 {a}末 → {b}末").format(a=a, b=b)))
    doc.add(Paragraph(_("各年度末(3月31日)の台帳を変更履歴から再現して比較しています。取り消された操作は含みません。"
                        "運用中のシステムは廃止済・集約済以外のもの、経費は運用中のシステムの合計(千円)です。")))
    ends = (_("{fy}末").format(fy=a), _("{fy}末").format(fy=b), _("増減"))
    doc.add(Table(
        (Column(_("項目"), weight=3.0), *(_num(x) for x in ends)),
        ((_("運用中のシステム"), *_counts(diff.systems)), (_("サーバ(廃止を除く)"), *_counts(diff.servers)),
         (_("集約対象サーバ"), *_counts(diff.in_scope)),
         (_("追加されたシステム"), None, len(diff.added), None),
         (_("廃止されたシステム"), None, len(diff.retired), None),
         (_("集約されたシステム"), None, len(diff.consolidated), None)),
        title=_("概要"),
    ))
    doc.add(Chart("bar", _("ネットワーク区分別のサーバ台数"),
                  tuple(NETWORK_ZONE.label_of(z.zone) for z in diff.by_zone),
                  (Series(ends[0], tuple(float(z.servers.before) for z in diff.by_zone), "#95a5a6"),
                   Series(ends[1], tuple(float(z.servers.after) for z in diff.by_zone), "#2471a3")),
                  unit=_("台")))
    doc.add(Table(
        (Column(_("ネットワーク区分"), weight=2.0), *(_num(_("サーバ ") + x) for x in ends),
         *(_num(_("集約対象 ") + x) for x in ends)),
        tuple((NETWORK_ZONE.label_of(z.zone), *_counts(z.servers), *_counts(z.in_scope)) for z in diff.by_zone),
        title=_("ネットワーク区分別のサーバ"),
        total=(_("合計"), *_counts(diff.servers), *_counts(diff.in_scope)),
    ))
    depts = diff.by_department
    doc.add(Table(
        (Column(_("部局"), weight=2.5), *(_num(_("システム ") + x) for x in ends[:2]),
         *(_num(_("年間運用経費 ") + x) for x in ends), _num(_("初期経費 増減"))),
        tuple((d.name or d.code, d.systems.before, d.systems.after, *_counts(d.annual_cost), d.initial_cost.change)
              for d in depts),
        title=_("部局別のシステム数と経費(千円)"),
        total=(_("合計"), sum(d.systems.before for d in depts), sum(d.systems.after for d in depts),
               sum(d.annual_cost.before for d in depts), sum(d.annual_cost.after for d in depts),
               sum(d.annual_cost.change for d in depts), sum(d.initial_cost.change for d in depts)),
    ))
    for title, items, empty in (
            (_("追加されたシステム"), diff.added, _("追加されたシステムはありません。")),
            (_("廃止されたシステム"), diff.retired, _("廃止されたシステムはありません。")),
            (_("集約されたシステム"), diff.consolidated, _("集約されたシステムはありません。")),
            (_("台帳から削除されたシステム"), diff.removed, "")):
        if not items and not empty:
            continue
        doc.add(_system_table(title, items, departments, empty))
    doc.add(Table(
        (Column(_("サーバ管理番号")), Column(_("ホスト名"), weight=2.0), Column(_("ネットワーク区分"), weight=1.5),
         Column(_("移行状況")), Column(_("移行日"))),
        tuple((s.code, s.hostname, NETWORK_ZONE.label_of(s.network_zone),
               _migration_label(s.migration_status), s.migrated_on or "") for s in diff.servers_left_scope),
        title=_("集約対象から外れたサーバ(移行・廃止)"), empty_text=_("該当するサーバはありません。"),
    ))
    return doc


def _migration_label(value: str) -> str:
    from assetdesk.choices import MIGRATION_STATUS

    return MIGRATION_STATUS.label_of(value)


def _system_table(title: str, items: list[SystemItem], departments: dict[str, str], empty: str) -> Table:
    return Table(
        (Column(_("システム管理番号")), Column(_("システム名称"), weight=3.0), Column(_("部局"), weight=1.5),
         Column(_("状態")), Column(_("集約先"), weight=2.5)),
        tuple((s.code, s.name, departments.get(s.department, s.department), SYSTEM_STATUS.label_of(s.status),
               f"{s.consolidated_into} {s.consolidated_into_name or ''}".strip() if s.consolidated_into else "")
              for s in items),
        title=_("{title}({n} 件)").format(title=title, n=len(items)), empty_text=empty,
    )
