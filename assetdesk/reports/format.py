"""Cell values as printed text: one rule for every report and every renderer."""

from __future__ import annotations

import datetime as dt
from typing import Any

from assetdesk.reports.model import Column, ColumnKind


def number(value: float | int | None, decimals: int = 0) -> str:
    """``1234567`` -> ``1,234,567``; ``decimals`` places, rounded; '' for None."""
    if value is None:
        return ""
    if decimals <= 0:
        return f"{round(value):,}"
    return f"{value:,.{decimals}f}"


def date(value: dt.date | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        # The ledger stores moments in UTC: print the day it was where the report is printed.
        value = (value.astimezone() if value.tzinfo else value).date()
    return f"{value:%Y/%m/%d}"


def cell(value: Any, column: Column) -> str:
    """The text of one cell; numbers and dates by the column's kind, anything else as is."""
    if value is None:
        return ""
    if column.kind in (ColumnKind.NUMBER, ColumnKind.BAR) and isinstance(value, int | float) \
            and not isinstance(value, bool):
        text = number(value, column.decimals)
        return f"{text}{column.unit}" if column.kind == ColumnKind.BAR else text
    if column.kind == ColumnKind.DATE and isinstance(value, dt.date):
        return date(value)
    if isinstance(value, bool):
        from assetdesk.choices import YES_NO

        return YES_NO.label_of("yes" if value else "no")
    if isinstance(value, dt.date):
        return date(value)
    if isinstance(value, tuple | list):
        return "、".join(str(v) for v in value)
    return str(value)
