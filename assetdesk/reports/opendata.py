"""オープンデータの推進状況: coverage of the recommended dataset list, the ranked candidates, the
published datasets."""

from __future__ import annotations

import datetime as dt
from typing import Any

from assetdesk.choices import DATASET_FORM, LICENCE, RECOMMENDED_DATASET
from assetdesk.i18n import _
from assetdesk.opendata import CATEGORY_POINTS, COVERAGE_STATUS, EXCLUSIONS, USED_BY_POINTS_MAX
from assetdesk.reports.common import new_document
from assetdesk.reports.model import (
    Chart,
    Column,
    ColumnKind,
    Document,
    Heading,
    KeyValues,
    Orientation,
    Paragraph,
    Series,
    Table,
)


def opendata_report(summary: dict[str, Any], today: dt.date) -> Document:
    """The printed report of ``assetdesk.opendata.summary(...)`` (the ``datasets candidates --json``
    document)."""
    title = _("オープンデータの推進状況")
    doc = new_document(title, today, orientation=Orientation.LANDSCAPE)
    doc.add(Heading(title))
    cov = summary["coverage"]["summary"]
    doc.add(KeyValues((
        (_("保有データ数"), f"{summary['datasets']:,}"),
        (_("公開済データ数"), f"{summary['published']:,}"),
        (_("公開候補数"), f"{len(summary['candidates']):,}"),
        (_("推奨データセットの公開率"), _("{p}% ({n} / {total} 項目)").format(
            p=cov["published_percent"], n=cov["published"], total=cov["categories"])),
    ), columns=2))
    excluded = [(_(EXCLUSIONS[k]), n) for k, n in summary["excluded"].items() if n and k != "published"]
    if excluded:
        doc.add(Paragraph(_("公開候補から除いたデータ: {list}").format(
            list=_("、").join(_("{why} {n} 件").format(why=why, n=n) for why, n in excluded))))

    doc.add(Heading(_("推奨データセットの網羅状況"), level=2))
    doc.add(Chart("bar", _("推奨データセットの項目数"), tuple(_(label) for label in COVERAGE_STATUS.values()),
                  (Series(_("項目数"), tuple(cov[s] for s in COVERAGE_STATUS), "#229954"),),
                  unit=_("項目"), height_mm=40.0, horizontal=True))
    doc.add(Table(
        (Column(_("推奨データセット"), weight=2.0), Column(_("状況")), Column(_("公開済データ"), weight=2.0),
         Column(_("保有データ(未公開)"), weight=2.0), Column(_("うち公開候補"), weight=2.0)),
        tuple((RECOMMENDED_DATASET.label_of(r["category"]), _(COVERAGE_STATUS[r["status"]]),
               ", ".join(r["published"]), ", ".join(c for c in r["held"] if c not in r["published"]),
               ", ".join(r["candidates"])) for r in summary["coverage"]["rows"]),
        title=_("推奨データセット(自治体標準オープンデータセット)ごとの状況"),
    ))

    doc.add(Heading(_("公開候補"), level=2))
    doc.add(Paragraph(_("公開候補: 公開済・公開不可でなく、個人情報・マイナンバーを含まない機密性1のデータ。"
                        "点数 = 推奨データセットに該当 {c} 点 + 利用する他の所属 1 所属 1 点(最大 {u} 点)"
                        " + 機械判読性(CSV・DB・GIS 3 点、Excel 2 点、PDF 1 点、紙 0 点)。").format(
        c=CATEGORY_POINTS, u=USED_BY_POINTS_MAX)))
    doc.add(Table(
        (Column(_("順位"), ColumnKind.NUMBER), Column(_("データ管理番号")), Column(_("データ名称"), weight=2.0),
         Column(_("保有所属")), Column(_("推奨データセット"), weight=1.5), Column(_("データ形式")),
         Column(_("利用所属数"), ColumnKind.NUMBER), Column(_("点数"), ColumnKind.NUMBER),
         Column(_("理由"), weight=4.0)),
        tuple((i, c["code"], c["name"], c["section_name"] or c["section"], RECOMMENDED_DATASET.label_of(c["category"]),
               DATASET_FORM.label_of(c["form"]), c["used_by"], c["score"], " / ".join(c["reasons"]))
              for i, c in enumerate(summary["candidates"], 1)),
        title=_("公開候補(点数の高い順)"), empty_text=_("公開候補のデータはありません。"),
    ))

    doc.add(Heading(_("公開済のデータ"), level=2))
    doc.add(Table(
        (Column(_("データ管理番号")), Column(_("データ名称"), weight=2.0), Column(_("部局")), Column(_("保有所属")),
         Column(_("推奨データセット"), weight=1.5), Column(_("利用規約")), Column(_("公開URL"), weight=2.5)),
        tuple((p["code"], p["name"], p["department_name"], p["section_name"] or p["section"],
               RECOMMENDED_DATASET.label_of(p["category"]), LICENCE.label_of(p["licence"]), p["url"] or "")
              for p in summary["published_datasets"]),
        title=_("公開済のデータ"), empty_text=_("公開済のデータはありません。"),
    ))
    return doc
