"""Small pieces the portfolio tabs share: number texts, optional-number fields, choice combos,
and the inline message line and read-only tables of the planner page (reused, not copied)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor, QIntValidator
from PySide6.QtWidgets import QComboBox, QLineEdit, QSpinBox, QTableWidget, QWidget

from assetdesk.choices import ChoiceSet
from assetdesk.i18n import _
from ui.planner.widgets import MessageLine, fill_table
from ui.planner.widgets import read_only_table as _planner_table

__all__ = ["ChoiceCombo", "MessageLine", "OptionalInt", "YearBox", "fill_table", "num", "read_only_table",
           "selected_row", "yen"]

#: Colours of findings and caveats (the planner's error and warning fills).
BLOCKING = QColor("#c0392b")
WARNING = QColor("#b9770e")


def yen(v: int | None) -> str:
    """A cost in 千円 as the tables show it ('-' when unknown)."""
    return "-" if v is None else f"{v:,}"


def num(v: float | None) -> str:
    if v is None:
        return "-"
    return f"{v:,.0f}" if float(v).is_integer() else f"{v:,.1f}"


def selected_row(table: QTableWidget) -> int | None:
    rows = sorted({i.row() for i in table.selectedIndexes()})
    return rows[0] if rows else None


def read_only_table(parent: QWidget | None = None, stretch_last: bool = True) -> QTableWidget:
    """The planner's read-only table with rows one line high (the lists here are long)."""
    t = _planner_table(parent, stretch_last)
    t.verticalHeader().setDefaultSectionSize(t.fontMetrics().height() + 8)
    return t


class ChoiceCombo(QComboBox):
    """A code list as a combo box: shows labels, gives values; ``blank`` adds an empty first entry."""

    def __init__(self, choices: ChoiceSet, blank: bool = False, values: Sequence[str] | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.choices = choices
        self.setAccessibleName(_(choices.label))
        self.set_values(values if values is not None else choices.values, blank)

    def set_values(self, values: Sequence[str], blank: bool = False) -> None:
        self.blockSignals(True)
        self.clear()
        if blank:
            self.addItem("", None)
        for v in values:
            self.addItem(self.choices.label_of(v), v)
        self.blockSignals(False)

    def value(self) -> str | None:
        return self.currentData()

    def set_value(self, value: str | None) -> None:
        i = self.findData(value)
        self.setCurrentIndex(max(i, 0))


class OptionalInt(QLineEdit):
    """A whole number that may be left empty (a cost nobody estimated yet is not 0)."""

    def __init__(self, parent: QWidget | None = None, placeholder: str = ""):
        super().__init__(parent)
        self.setValidator(QIntValidator(0, 2_000_000_000, self))
        self.setPlaceholderText(placeholder)

    def value(self) -> int | None:
        text = self.text().replace(",", "").strip()
        return int(text) if text else None

    def set_value(self, value: int | None) -> None:
        self.setText("" if value is None else str(value))


class YearBox(QSpinBox):
    """A fiscal year, or none (the lowest value reads 未定)."""

    NONE = 1999
    value_changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setRange(self.NONE, 2100)
        self.setSpecialValueText(_("未定"))
        self.setSuffix(_("年度"))
        self.valueChanged.connect(lambda _v: self.value_changed.emit())

    def year(self) -> int | None:
        v = self.value()
        return None if v == self.NONE else v

    def set_year(self, fy: int | None) -> None:
        self.setValue(self.NONE if fy is None else fy)
