"""調査回答状況: per section, whether the yearly survey came back, had errors, was applied."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from assetdesk.choices import SURVEY_RESPONSE_STATUS
from assetdesk.i18n import _
from assetdesk.reports.common import new_document
from assetdesk.reports.model import Column, ColumnKind, Document, Heading, KeyValues, Paragraph, Table
from assetdesk.wareki import fy_label


@dataclass(frozen=True)
class SectionSurvey:
    section: str  # code
    name: str
    department: str  # name
    systems: int  # systems the section owns (what its workbook lists)
    status: str | None  # SURVEY_RESPONSE_STATUS value; None: no workbook sent
    received: dt.datetime | None = None
    errors: int = 0
    applied: bool = False
    file_name: str | None = None


@dataclass
class SurveyInputs:
    fiscal_year: int | None  # the survey round's; None when no round was opened
    opened: dt.date | None
    closed: dt.date | None
    sections: list[SectionSurvey]
    today: dt.date = field(default_factory=dt.date.today)


def _state(s: SectionSurvey) -> str:
    return SURVEY_RESPONSE_STATUS.label_of(s.status) if s.status else _("未送付")


def outstanding(sections: list[SectionSurvey]) -> list[tuple[SectionSurvey, str]]:
    """Sections with something left to do, and what: not returned, errors to fix, not applied."""
    out = []
    for s in sections:
        if s.status is None:
            out.append((s, _("調査票が送付されていません")))
        elif s.status == "sent":
            out.append((s, _("回答が未回収です")))
        elif s.status == "errors" or s.errors:
            if not s.applied:
                out.append((s, _("回答に {n} 件の誤りがあり、修正待ちです").format(n=s.errors)))
        elif s.status == "returned" and not s.applied:
            out.append((s, _("回収済ですが台帳に未反映です")))
    return out


def survey_status_report(inputs: SurveyInputs) -> Document:
    doc = new_document(_("調査回答状況"), inputs.today, fiscal_year=inputs.fiscal_year)
    secs = sorted(inputs.sections, key=lambda s: (s.department, s.section))
    doc.add(Heading(_("調査回答状況")))
    if inputs.fiscal_year is None:
        doc.add(Paragraph(_("調査はまだ実施されていません。"), emphasis=True))
    returned = sum(1 for s in secs if s.status in ("returned", "errors", "applied"))
    with_errors = sum(1 for s in secs if s.status == "errors" or (s.errors and not s.applied))
    applied = sum(1 for s in secs if s.applied or s.status == "applied")
    doc.add(KeyValues((
        (_("調査年度"), fy_label(inputs.fiscal_year) if inputs.fiscal_year else "—"),
        (_("期間"), f"{inputs.opened or ''} 〜 {inputs.closed or ''}" if inputs.opened else "—"),
        (_("対象所属"), f"{len(secs):,}"),
        (_("回収済"), f"{returned:,}"),
        (_("要修正"), f"{with_errors:,}"),
        (_("反映済"), f"{applied:,}"),
        (_("未回収"), f"{len(secs) - returned:,}"),
        (_("回収率"), f"{100.0 * returned / len(secs):.1f}%" if secs else "—"),
    ), columns=2))
    doc.add(Table(
        (Column(_("部局"), weight=1.5), Column(_("所属"), weight=1.5), Column(_("システム数"), ColumnKind.NUMBER),
         Column(_("状況")), Column(_("受領日"), ColumnKind.DATE), Column(_("誤り"), ColumnKind.NUMBER),
         Column(_("反映")), Column(_("ファイル"), weight=1.5)),
        tuple((s.department, s.name, s.systems, _state(s), s.received, s.errors,
               _("済") if s.applied or s.status == "applied" else "", s.file_name or "") for s in secs),
        title=_("所属別の状況"),
        total=(_("合計"), "", sum(s.systems for s in secs), "", None, sum(s.errors for s in secs), "", ""),
    ))
    todo = outstanding(secs)
    doc.add(Heading(_("未了の所属と残っている作業"), level=2))
    doc.add(Table(
        (Column(_("部局"), weight=1.5), Column(_("所属"), weight=1.5), Column(_("残っている作業"), weight=3.0)),
        tuple((s.department, s.name, what) for s, what in todo),
        title=_("未了 {n} 所属").format(n=len(todo)), empty_text=_("すべての所属の回答が反映されています。"),
    ))
    return doc
