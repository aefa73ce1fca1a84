"""専用端末・個別回線の移行提案: counts by fiscal year, proposals with their saving, the systems."""

from __future__ import annotations

import datetime as dt
from typing import Any

from assetdesk.choices import NETWORK_ZONE, TERMINAL_REQUIREMENT
from assetdesk.i18n import _
from assetdesk.reports.common import new_document
from assetdesk.reports.model import (
    Chart,
    Column,
    ColumnKind,
    Document,
    Heading,
    Orientation,
    Paragraph,
    Series,
    Table,
)


def terminals_report(summary: dict[str, Any], today: dt.date) -> Document:
    """The printed report of ``assetdesk.terminals.summary(...)`` (the ``terminals --json`` document)."""
    doc = new_document(_("専用端末・個別回線の移行提案"), today, orientation=Orientation.LANDSCAPE)
    doc.add(Heading(_("専用端末・個別回線の移行提案")))
    years = sorted(summary["by_fy"])
    doc.add(Chart("bar", _("年度末の専用端末台数・個別回線数"), tuple(_("{fy}年度").format(fy=y) for y in years),
                  (Series(_("専用端末台数"), tuple(summary["by_fy"][y]["terminals"] for y in years), "#2471a3"),
                   Series(_("個別回線数"), tuple(summary["by_fy"][y]["lines"] for y in years), "#d68910")),
                  height_mm=55.0))
    saving = summary["saving"]
    doc.add(Paragraph(_("削減見込み合計: {total} 千円/年 (端末 {t} / 回線 {l})").format(
        total=f"{saving['total']:,}", t=f"{saving['terminals']:,}", l=f"{saving['lines']:,}"), emphasis=True))
    doc.add(Paragraph(_("標準PCへ移行できる端末: ブラウザのみ・クライアントソフトで、LGWAN接続系・インターネット接続系のもの。"
                        "県のネットワークへ移行できる回線: 閉域・スタンドアロン以外。削減額は移行するものの年間経費。")))
    props = summary["proposals"]
    doc.add(Table(
        (Column(_("システム管理番号")), Column(_("システム名称"), weight=3.0), Column(_("ネットワーク区分")),
         Column(_("専用端末台数"), ColumnKind.NUMBER), Column(_("個別回線数"), ColumnKind.NUMBER),
         Column(_("削減額(千円/年)"), ColumnKind.NUMBER), Column(_("理由"), weight=4.0)),
        tuple((p["system_code"], p["name"], NETWORK_ZONE.label_of(p["network_zone"]), p["terminals"], p["lines"],
               p["saving"], " / ".join(p["reasons"])) for p in props),
        title=_("移行の提案(削減額の大きい順)"), empty_text=_("専用端末・個別回線のあるシステムはありません。"),
        total=(_("合計"), "", "", sum(p["terminals"] for p in props), sum(p["lines"] for p in props),
               saving["total"], ""),
    ))
    doc.add(Table(
        (Column(_("システム管理番号")), Column(_("システム名称"), weight=3.0), Column(_("端末の要件")),
         Column(_("専用端末台数"), ColumnKind.NUMBER), Column(_("端末経費(千円/年)"), ColumnKind.NUMBER),
         Column(_("端末移行日"), ColumnKind.DATE), Column(_("個別回線数"), ColumnKind.NUMBER),
         Column(_("回線経費(千円/年)"), ColumnKind.NUMBER), Column(_("回線移行日"), ColumnKind.DATE)),
        tuple((s["system_code"], s["name"], TERMINAL_REQUIREMENT.label_of(s["terminal_requirement"]),
               s["dedicated_terminals"], s["terminal_cost"], _date(s["terminals_moved_on"]), s["dedicated_lines"],
               s["line_cost"], _date(s["lines_moved_on"])) for s in summary["systems"]),
        title=_("システムごとの専用端末・個別回線"), empty_text=_("専用端末・個別回線のあるシステムはありません。"),
    ))
    return doc


def _date(iso: str | None) -> dt.date | None:
    return dt.date.fromisoformat(iso) if iso else None
