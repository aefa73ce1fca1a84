"""The definition of a hand-entered indicator: name, unit, baseline and target (with their
fiscal years). The ledger's own indicator keeps its source; only its texts and goals change."""

from __future__ import annotations

import re

from PySide6.QtGui import QDoubleValidator
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from assetdesk.i18n import _
from assetdesk.indicators import IndicatorSeries
from ui.portfolio.common import YearBox, num

CODE = re.compile(r"^[a-z0-9_]{1,64}$")


class NumberField(QLineEdit):
    """A decimal number that may be empty."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setValidator(QDoubleValidator(self))

    def value(self) -> float | None:
        text = self.text().replace(",", "").strip()
        return float(text) if text else None

    def set_value(self, v: float | None) -> None:
        self.setText("" if v is None else num(v).replace(",", ""))


class IndicatorDialog(QDialog):
    """``series`` None: a new indicator (its code is asked); else that one's definition."""

    def __init__(self, series: IndicatorSeries | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("indicator_dialog")
        self.setWindowTitle(_("評価指標の設定") if series else _("新しい評価指標"))
        self.code = QLineEdit(self)
        self.code.setObjectName("indicator_code")
        self.code.setPlaceholderText(_("半角英小文字・数字・_ (例: e_application)"))
        self.name = QLineEdit(self)
        self.name.setObjectName("indicator_name")
        self.unit = QLineEdit(self)
        self.unit.setObjectName("indicator_unit")
        self.baseline_fy, self.target_fy = YearBox(self), YearBox(self)
        self.baseline, self.target = NumberField(self), NumberField(self)
        self.problem = QLabel(self)
        self.problem.setStyleSheet("color: #c0392b;")
        if series is not None:
            self.code.setText(series.code)
            self.code.setReadOnly(True)
            self.name.setText(series.name)
            self.unit.setText(series.unit)
            self.baseline_fy.set_year(series.baseline_fy)
            self.baseline.set_value(series.baseline)
            self.target_fy.set_year(series.target_fy)
            self.target.set_value(series.target)
        form = QFormLayout()
        form.addRow(_("コード"), self.code)
        form.addRow(_("指標"), self.name)
        form.addRow(_("単位"), self.unit)
        form.addRow(_("基準年度"), self.baseline_fy)
        form.addRow(_("基準値"), self.baseline)
        form.addRow(_("目標年度"), self.target_fy)
        form.addRow(_("目標値"), self.target)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        col = QVBoxLayout(self)
        col.addLayout(form)
        col.addWidget(self.problem)
        col.addWidget(buttons)
        self.resize(520, 320)

    def problems(self) -> list[str]:
        out = []
        if not CODE.match(self.code.text().strip()):
            out.append(_("コードは半角英小文字・数字・_ で入力してください。"))
        if not self.name.text().strip():
            out.append(_("指標の名称を入力してください。"))
        return out

    def accept(self) -> None:
        problems = self.problems()
        if problems:
            self.problem.setText("\n".join(problems))
            return
        super().accept()

    def values(self) -> dict:
        """Keyword arguments of ``db.portfolio.save_indicator`` (after the ledger)."""
        return {"code": self.code.text().strip(), "name": self.name.text().strip(), "unit": self.unit.text().strip(),
                "baseline_fy": self.baseline_fy.year(), "baseline": self.baseline.value(),
                "target_fy": self.target_fy.year(), "target": self.target.value()}
