"""The portfolio page (issue 9): 類似システム, 集約案, 導入協議, 更新予定 and 評価指標 as tabs.

``PortfolioPage(ledger)`` is a plain QWidget the main window adds to its navigation; it emits
``ledger_changed`` after it changed systems (a consolidation done, a review approved) so the
other views can refresh, and ``refresh()`` re-reads everything after changes made elsewhere.
``python -m ui.portfolio.page --db PATH`` opens it alone.
"""

from __future__ import annotations

import datetime as dt
import sys

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QDateEdit, QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from assetdesk.i18n import N_, _
from assetdesk.scope import fiscal_year_end
from db.ledger import Ledger
from ui.portfolio.common import MessageLine
from ui.portfolio.indicators_tab import IndicatorsTab
from ui.portfolio.opendata_tab import OpenDataTab
from ui.portfolio.proposals_tab import ProposalsTab
from ui.portfolio.renewals_tab import RenewalsTab
from ui.portfolio.review_tab import ReviewTab
from ui.portfolio.similar_tab import SimilarTab
from ui.portfolio.years_tab import YearsTab

#: The demo ledger describes the prefecture at the end of FY2017: one click shows it as of then.
DEMO_FY = 2017
SIMILAR, PROPOSALS, REVIEWS, RENEWALS, INDICATORS, YEARS = range(6)


class PortfolioPage(QWidget):
    ledger_changed = Signal()

    def __init__(self, ledger: Ledger, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("portfolio_page")
        self.ledger = ledger
        self.message = MessageLine(self)
        self.message.setObjectName("portfolio_message")

        self.as_of = QDateEdit(self)
        self.as_of.setObjectName("as_of")
        self.as_of.setCalendarPopup(True)
        self.as_of.setDisplayFormat("yyyy-MM-dd")
        self.as_of.setDate(QDate.currentDate())
        self.as_of.setToolTip(_("更新予定と評価指標はこの日の年度で数えます。"))
        today = QPushButton(_("今日"), self)
        today.clicked.connect(lambda: self.set_as_of(dt.date.today()))
        demo_end = QPushButton(_("{fy}年度末").format(fy=DEMO_FY), self)
        demo_end.setObjectName("as_of_fy_end")
        demo_end.setToolTip(_("デモの台帳は{fy}年度末の状態です。").format(fy=DEMO_FY))
        demo_end.clicked.connect(lambda: self.set_as_of(fiscal_year_end(DEMO_FY)))

        self.similar = SimilarTab(ledger, self.message, self)
        self.proposals = ProposalsTab(ledger, self.message, self)
        self.reviews = ReviewTab(ledger, self.message, self)
        self.renewals = RenewalsTab(ledger, self.message, self)
        self.indicators = IndicatorsTab(ledger, self.message, self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("portfolio_tabs")
        self.tabs.addTab(self.similar, _("類似システム"))
        self.tabs.addTab(self.proposals, _("集約案"))
        self.tabs.addTab(self.reviews, _("導入協議"))
        self.tabs.addTab(self.renewals, _("更新予定"))
        self.tabs.addTab(self.indicators, _("評価指標"))
        self.years = YearsTab(ledger, self.message, self)
        self.tabs.addTab(self.years, _("年度比較"))
        self.opendata = OpenDataTab(ledger, self.message, self)
        self.tabs.addTab(self.opendata, _("オープンデータ"))

        self.similar.proposal_created.connect(self._proposal_created)
        self.proposals.changed.connect(self.similar.refresh)
        self.proposals.ledger_changed.connect(self._ledger_changed)
        self.reviews.ledger_changed.connect(self._ledger_changed)
        self.renewals.review_requested.connect(self._review_renewal)
        self.renewals.open_review.connect(self._open_review)
        self.as_of.dateChanged.connect(lambda _d: self._as_of_changed())

        bar = QHBoxLayout()
        bar.addStretch(1)
        bar.addWidget(QLabel(_("基準日"), self))
        bar.addWidget(self.as_of)
        bar.addWidget(today)
        bar.addWidget(demo_end)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        self._as_of_changed(run=False)
        self.refresh()

    def as_of_date(self) -> dt.date:
        return self.as_of.date().toPython()

    def set_as_of(self, day: dt.date) -> None:
        self.as_of.setDate(QDate(day.year, day.month, day.day))

    def _as_of_changed(self, run: bool = True) -> None:
        day = self.as_of_date()
        self.renewals.as_of = self.indicators.as_of = day
        if run:
            self.renewals.refresh()
            self.indicators.refresh()

    def refresh(self) -> None:
        """Re-read everything from the ledger (after changes made here or elsewhere)."""
        self.similar.refresh()
        self.proposals.refresh()
        self.reviews.refresh()
        self.renewals.refresh()
        self.indicators.refresh()
        self.years.refresh()
        self.opendata.refresh()

    @property
    def busy(self) -> bool:
        """A search is running on the thread pool (tests and the screenshot wait for it)."""
        return (self.similar.running or self.reviews.searching or self.years.running
                or self.opendata.running)

    def _proposal_created(self, proposal_id: int) -> None:
        self.proposals.refresh()
        self.proposals.select_id(proposal_id)

    def _ledger_changed(self) -> None:
        self.refresh()
        self.ledger_changed.emit()

    def _review_renewal(self, values: dict) -> None:
        self.tabs.setCurrentIndex(REVIEWS)
        self.reviews.new_review(values)

    def _open_review(self, consultation_id: int) -> None:
        self.tabs.setCurrentIndex(REVIEWS)
        if self.reviews.maybe_keep_edits():
            self.reviews.filter.set_value(None)
            self.reviews.load(consultation_id)


def main(argv: list[str] | None = None) -> int:
    """Open the portfolio page alone over a ledger (for a look without the main window)."""
    from ui.standalone import parser, run_page

    p = parser("python -m ui.portfolio.page")
    p.add_argument("--tab", type=int, default=0, help="tab to show (0 similar .. 4 indicators, 5 years)")
    p.add_argument("--fy-end", action="store_true", help=f"as of the end of FY{DEMO_FY} (the demo ledger)")
    args = p.parse_args(argv)

    def prepare(page: PortfolioPage) -> None:
        if args.fy_end:
            page.set_as_of(fiscal_year_end(DEMO_FY))
        page.tabs.setCurrentIndex(args.tab)

    return run_page(args, PortfolioPage, N_("システムの最適化"), busy=lambda page: page.busy,
                    prepare=prepare, settle_ms=1200)


if __name__ == "__main__":
    sys.exit(main())
