"""How ledger values read on screen and in copied text: labels for codes, dates, numbers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from assetdesk.choices import ChoiceSet
from assetdesk.fields import Kind
from assetdesk.i18n import _


def display(value: Any, kind: Kind = Kind.TEXT, choices: ChoiceSet | None = None) -> str:
    """The text a cell shows for ``value``."""
    if value is None or value == "":
        return ""
    if choices is not None:
        return choices.label_of(value)
    if kind == Kind.BOOL or isinstance(value, bool):
        return _("有") if value else _("無")
    if isinstance(value, dt.date):
        return value.isoformat()
    if kind == Kind.FY:
        return _("{fy}年度").format(fy=value)
    if isinstance(value, float):
        return f"{value:,.1f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value):,}"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, (tuple, list)):
        return ", ".join(str(v) for v in value)
    return str(value)


def export_value(value: Any, kind: Kind = Kind.TEXT, choices: ChoiceSet | None = None) -> Any:
    """The value a spreadsheet cell gets: numbers and dates stay typed, codes become labels."""
    if value is None:
        return None
    if choices is not None or kind in (Kind.BOOL, Kind.FY) or isinstance(value, (tuple, list)):
        return display(value, kind, choices)
    return value
