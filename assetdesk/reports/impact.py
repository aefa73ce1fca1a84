"""影響範囲報告書: what a server's, system's or host's outage (or move) affects, with the paths."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from assetdesk.choices import CRITICALITY
from assetdesk.i18n import N_, _
from assetdesk.reports.common import new_document
from assetdesk.reports.model import Column, ColumnKind, Document, Heading, KeyValues, Paragraph, Table


@dataclass
class ImpactInputs:
    """``impact`` is an ``assetdesk.graph.Impact``; ``names`` gives a name for every code on a path."""

    impact: Any
    names: dict[str, str]
    sections: dict[str, str] = field(default_factory=dict)  # section code -> name
    departments: dict[str, str] = field(default_factory=dict)  # department code -> name
    today: dt.date = field(default_factory=dt.date.today)


#: How a system is affected (``AffectedSystem.effect``), as the graph's CLI words it.
EFFECT_LABELS = {
    "down": N_("停止"),
    "dependent": N_("連携先の停止による影響"),
    "reconfigure": N_("接続設定の変更が必要"),
}


def effect_label(effect: str) -> str:
    return _(EFFECT_LABELS.get(effect, effect))


def severity_label(severity: str) -> str:
    from assetdesk.graph.severity import LABELS, RANKS

    return _(LABELS[RANKS[severity]]) if severity in RANKS else severity


def path_text(path: tuple[str, ...], names: dict[str, str]) -> str:
    return " → ".join(f"{c} {names[c]}" if names.get(c) else c for c in path)


def impact_report(inputs: ImpactInputs) -> Document:
    imp = inputs.impact
    names = inputs.names
    kind = {"system": _("システム"), "server": _("サーバ"), "host": _("基盤ホスト")}.get(imp.root_kind, imp.root_kind)
    scenario = _("停止") if imp.scenario == "down" else _("移行")
    doc = new_document(_("影響範囲報告書"), inputs.today)
    doc.add(Heading(_("影響範囲: {root}").format(root=path_text((imp.root,), names))))
    outage = [a for a in imp.affected if a.effect != "reconfigure"]
    doc.add(KeyValues((
        (_("起点"), f"{kind} {path_text((imp.root,), names)}"),
        (_("想定"), scenario),
        (_("停止・移行するサーバ"), "、".join(imp.servers) or "—"),
        (_("影響を受けるシステム"), _("{n} 件").format(n=f"{len(outage):,}")),
        (_("うち重要度A"), _("{n} 件").format(n=f"{len(imp.critical):,}")),
        (_("影響を受ける利用者(延べ)"), _("{n} 人").format(n=f"{imp.users_total:,}")),
        (_("影響を受ける所属"), _("{n} 所属").format(n=f"{len(imp.sections):,}")),
        (_("冗長化で継続するシステム"), _("{n} 件").format(n=f"{len(imp.protected):,}")),
    ), columns=2))
    if imp.critical:
        doc.add(Paragraph(_("重要度Aのシステムが影響を受けます。目標復旧時間の短い順に示します。"), emphasis=True))
        doc.add(Table(
            (Column(_("システム"), weight=2.0), Column(_("目標復旧時間(時間)"), ColumnKind.NUMBER, decimals=1),
             Column(_("影響の速さ")), Column(_("経路"), weight=3.0)),
            tuple((path_text((a.code,), names), a.rto_hours, severity_label(a.severity), path_text(a.path, names))
                  for a in imp.critical),
            title=_("重要度Aのシステム"),
        ))
    doc.add(Table(
        (Column(_("システム"), weight=2.0), Column(_("影響")), Column(_("影響の速さ")),
         Column(_("重要度")), Column(_("段数"), ColumnKind.NUMBER), Column(_("所管所属"), weight=1.2),
         Column(_("利用者数"), ColumnKind.NUMBER), Column(_("経路"), weight=3.5)),
        tuple((path_text((a.code,), names), effect_label(a.effect), severity_label(a.severity),
               CRITICALITY.label_of(a.criticality), a.depth, inputs.sections.get(a.section or "", a.section or ""),
               a.users, path_text(a.path, names)) for a in imp.affected),
        title=_("影響を受けるシステムと経路"), empty_text=_("影響を受けるシステムはありません。"),
    ))
    if imp.protected:
        doc.add(Table(
            (Column(_("システム"), weight=2.0), Column(_("停止するサーバ"), weight=1.5),
             Column(_("継続するサーバ"), weight=1.5)),
            tuple((path_text((p.code,), names), "、".join(p.lost), "、".join(p.standby)) for p in imp.protected),
            title=_("冗長化により継続するシステム"),
        ))
    doc.add(Table(
        (Column(_("所属"), weight=2.0), Column(_("部局"), weight=1.5), Column(_("システム数"), ColumnKind.NUMBER),
         Column(_("利用者数"), ColumnKind.NUMBER)),
        tuple((s.name, inputs.departments.get(s.department or "", s.department or ""), len(s.systems), s.users)
              for s in imp.sections),
        title=_("影響を受ける所属"), empty_text=_("影響を受ける所属はありません。"),
    ))
    return doc
