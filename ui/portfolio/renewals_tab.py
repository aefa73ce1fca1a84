"""更新予定: systems whose next renewal or contract end falls in the coming fiscal years, with
the fiscal year their introduction review must start, so that reviews begin in time."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSpinBox, QVBoxLayout, QWidget

from assetdesk.i18n import N_, _
from assetdesk.renewals import OVERDUE, REVIEW_NOW, Renewal
from assetdesk.scope import fiscal_year_of
from db.ledger import Ledger, LedgerError
from db.portfolio import renewals
from ui.portfolio.common import MessageLine, fill_table, read_only_table, selected_row

HEADERS = (N_("更新年度"), N_("区分"), N_("システム"), N_("名称"), N_("所属"), N_("更新予定"), N_("契約終了"), N_("協議開始"), N_("年間経費(千円)"), N_("導入協議"))
URGENCY_COLORS = {OVERDUE: QColor("#f5b7b1"), REVIEW_NOW: QColor("#fdebd0")}


class RenewalsTab(QWidget):
    """``review_requested(values)`` asks the review tab for a new renewal review filled from a row."""

    review_requested = Signal(dict)
    open_review = Signal(int)

    def __init__(self, ledger: Ledger, message: MessageLine, parent: QWidget | None = None):
        super().__init__(parent)
        self.ledger, self.message = ledger, message
        self.as_of = dt.date.today()
        self.rows: list[Renewal] = []
        self.years = QSpinBox(self)
        self.years.setObjectName("renewal_years")
        self.years.setRange(1, 10)
        self.years.setValue(3)
        self.years.setSuffix(_(" 年度分"))
        self.years.valueChanged.connect(lambda _v: self.refresh())
        self.summary = QLabel(self)
        self.summary.setObjectName("renewal_summary")
        self.table = read_only_table(self)
        self.table.setObjectName("renewal_table")
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda _i: self.review_selected())
        self.review_button = QPushButton(_("導入協議を作成"), self)
        self.review_button.setObjectName("renewal_review")
        self.review_button.clicked.connect(self.review_selected)

        bar = QHBoxLayout()
        bar.addWidget(QLabel(_("今年度から"), self))
        bar.addWidget(self.years)
        bar.addWidget(self.summary, 1)
        bar.addWidget(self.review_button)
        col = QVBoxLayout(self)
        col.setContentsMargins(4, 4, 4, 4)
        col.addLayout(bar)
        col.addWidget(self.table, 1)
        legend = QLabel(_("赤: 更新時期を過ぎたまま稼働中 / 橙: 今年度に協議を始める(更新の前年度に協議します)"), self)
        legend.setStyleSheet("color: #555555;")
        col.addWidget(legend)
        self._update_buttons()

    def set_as_of(self, day: dt.date) -> None:
        self.as_of = day
        self.refresh()

    def refresh(self) -> None:
        try:
            with self.ledger.read() as conn:
                self.rows = renewals(conn, self.years.value(), self.as_of)
        except LedgerError as e:
            self.message.error(str(e))
            return
        fill_table(self.table, [_(h) for h in HEADERS], [
            [str(r.due_fy), r.urgency_label, r.code, r.name, r.section, str(r.next_renewal_fy or ""),
             r.contract_end.isoformat() if r.contract_end else "", str(r.review_fy), r.annual_cost,
             _("協議 #{id}").format(id=r.consultation_id) if r.consultation_id else _("協議未登録")]
            for r in self.rows], [URGENCY_COLORS.get(r.urgency) for r in self.rows])
        fy = fiscal_year_of(self.as_of)
        counts = {u: sum(1 for r in self.rows if r.urgency == u) for u in (OVERDUE, REVIEW_NOW)}
        self.summary.setText(_("{first}〜{last}年度: {n} システム(更新時期超過 {overdue}、今年度に協議開始 {now})。基準日 {date}").format(
            first=fy, last=fy + self.years.value() - 1, n=len(self.rows), overdue=counts[OVERDUE],
            now=counts[REVIEW_NOW], date=self.as_of.isoformat()))
        self._update_buttons()

    def current(self) -> Renewal | None:
        row = selected_row(self.table)
        return self.rows[row] if row is not None and row < len(self.rows) else None

    def _update_buttons(self) -> None:
        r = self.current()
        self.review_button.setEnabled(r is not None)
        self.review_button.setText(_("導入協議を開く") if r is not None and r.consultation_id else _("導入協議を作成"))

    def review_selected(self) -> None:
        r = self.current()
        if r is None:
            return
        if r.consultation_id:
            self.open_review.emit(r.consultation_id)
        else:
            self.review_requested.emit(renewal_review_values(r))


def renewal_review_values(r: Renewal) -> dict[str, Any]:
    """A renewal review's starting values for a system coming up for renewal."""
    return {"title": r.name, "section": r.section, "kind": "renewal", "system": r.code,
            "planned_fy": r.due_fy}
