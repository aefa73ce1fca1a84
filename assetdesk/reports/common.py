"""What every report shares: the document frame, dates in both calendars, field values as text."""

from __future__ import annotations

import datetime as dt
from typing import Any

from assetdesk import fields as F
from assetdesk.i18n import _, language
from assetdesk.reports import format as fmt
from assetdesk.reports.model import Column, ColumnKind, Document, Orientation
from assetdesk.scope import fiscal_year_of
from assetdesk.wareki import format_wareki, fy_label

#: The issuing division printed on covers unless the caller names another.
DEFAULT_DIVISION = "情報システム課"


def dates(day: dt.date) -> tuple[str, str]:
    """(wareki, western) forms of ``day``: 令和8年11月26日 / 2026年11月26日 (English: both ISO-like)."""
    wareki = format_wareki(day)
    western = _("{y}年{m}月{d}日").format(y=day.year, m=day.month, d=day.day)
    if language() == "en":
        western = f"{day:%d %B %Y}"
    return wareki, western


def new_document(title: str, today: dt.date, fiscal_year: int | None = None,
                 orientation: Orientation = Orientation.PORTRAIT) -> Document:
    """An empty document for ``today``; its fiscal year defaults to today's."""
    fy = fiscal_year if fiscal_year is not None else fiscal_year_of(today)
    wareki, western = dates(today)
    return Document(
        title=title, fiscal_year=fy_label(fy), printed=today,
        printed_label=_("印刷日 {wareki}({western})").format(wareki=wareki, western=western),
        orientation=orientation,
        page_label=_("{page} / {pages} ページ"),
    )


def field_text(record: str, name: str, value: Any) -> str:
    """A record's field value as a person reads it: choice labels, 有/無, dates, fiscal years, units."""
    if value is None or value == "" or value == ():
        return ""
    f = F.field(record, name)
    if f.choices is not None:
        return f.choices.label_of(value)
    if f.kind == F.Kind.BOOL:
        return fmt.cell(bool(value), Column(""))
    if f.kind == F.Kind.FY:
        return fy_label(int(value))
    if f.kind == F.Kind.DATE:
        return fmt.date(value)
    if f.kind in (F.Kind.INT, F.Kind.FLOAT):
        decimals = 0 if f.kind == F.Kind.INT or float(value).is_integer() else 1
        unit = _(f.unit) if f.unit and "千円" not in f.label else ""
        return fmt.number(value, decimals) + (f" {unit}" if unit else "")
    if f.kind == F.Kind.CODES:
        return "、".join(value)
    return str(value)


def column_for(record: str, name: str, label: str | None = None, weight: float = 1.0) -> Column:
    """A table column for a field of the data dictionary, typed by the field's kind."""
    f = F.field(record, name)
    kind = {F.Kind.INT: ColumnKind.NUMBER, F.Kind.FLOAT: ColumnKind.NUMBER,
            F.Kind.DATE: ColumnKind.DATE}.get(f.kind, ColumnKind.TEXT)
    decimals = 1 if f.kind == F.Kind.FLOAT else 0
    return Column(label or f.display_label, kind, decimals=decimals, weight=weight)


def cell_value(record: str, name: str, value: Any) -> Any:
    """The value for a table cell: numbers and dates stay typed, the rest becomes text."""
    f = F.field(record, name)
    if value is None:
        return None
    if f.kind in (F.Kind.INT, F.Kind.FLOAT, F.Kind.DATE):
        return value
    return field_text(record, name, value)


def annual_cost(system: dict[str, Any]) -> int | None:
    """年間運用経費(千円): the sum of the yearly cost parts; None when none is recorded."""
    parts = [system.get(p) for p in F.ANNUAL_COST_PARTS]
    known = [p for p in parts if p is not None]
    return sum(known) if known else None
