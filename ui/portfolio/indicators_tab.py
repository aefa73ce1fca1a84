"""評価指標: the plan's indicators with baseline, yearly actuals and target, a chart per
indicator, the selected one's years (actuals of manual indicators are typed in there), and the
printable indicator report. The server count is computed from the ledger and cannot be typed."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from assetdesk.i18n import N_, _
from assetdesk.indicators import LEDGER_SOURCE, IndicatorSeries
from assetdesk.reports.model import Document
from db.ledger import Ledger, LedgerError
from db.portfolio import indicator_series, save_indicator, set_indicator_value
from db.report_data import build_report
from ui.portfolio.common import MessageLine, fill_table, num, read_only_table, selected_row
from ui.portfolio.indicator_chart import SeriesChart
from ui.portfolio.indicator_dialog import IndicatorDialog
from ui.reports import preview as report_preview

HEADERS = (N_("指標"), N_("集計"), N_("単位"), N_("基準年度"), N_("基準値"), N_("目標年度"), N_("目標値"), N_("最新年度"), N_("最新値"), N_("達成率"), N_("計画比"))
YEAR_HEADERS = (N_("年度"), N_("実績"), N_("計画値"), N_("達成率"))
CHART_COLUMNS = 2


def _pct(v: float | None) -> str:
    return "-" if v is None else f"{v:.0%}"


class IndicatorsTab(QWidget):
    def __init__(self, ledger: Ledger, message: MessageLine, parent: QWidget | None = None):
        super().__init__(parent)
        self.ledger, self.message = ledger, message
        self.as_of = dt.date.today()
        self.series: list[IndicatorSeries] = []
        self.charts: list[SeriesChart] = []
        self._filling = False

        self.table = read_only_table(self)
        self.table.setObjectName("indicator_table")
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.years = read_only_table(self)
        self.years.setObjectName("indicator_years")
        self.years.itemChanged.connect(self._year_edited)
        self.years_title = QLabel(self)
        self.years_title.setWordWrap(True)
        self.print_button = QPushButton(_("印刷プレビュー…"), self)
        self.print_button.setObjectName("indicator_print")
        self.print_button.clicked.connect(self.print_preview)
        self.new_button = QPushButton(_("新しい指標…"), self)
        self.new_button.setObjectName("indicator_new")
        self.new_button.clicked.connect(lambda: self.edit_definition(None))
        self.edit_button = QPushButton(_("指標の設定…"), self)
        self.edit_button.setObjectName("indicator_edit")
        self.edit_button.clicked.connect(lambda: self.edit_definition(self.current()))
        self.summary = QLabel(self)

        self.chart_area = QWidget(self)
        self.chart_grid = QGridLayout(self.chart_area)
        scroll = QScrollArea(self)
        scroll.setWidget(self.chart_area)
        scroll.setWidgetResizable(True)

        years_box = QWidget(self)
        ycol = QVBoxLayout(years_box)
        ycol.setContentsMargins(0, 0, 0, 0)
        ycol.addWidget(self.years_title)
        ycol.addWidget(self.years, 1)
        lower = QSplitter(Qt.Orientation.Horizontal, self)
        lower.addWidget(years_box)
        lower.addWidget(scroll)
        lower.setStretchFactor(1, 1)
        lower.setSizes([360, 900])
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.table)
        split.addWidget(lower)
        split.setSizes([260, 480])
        bar = QHBoxLayout()
        bar.addWidget(self.summary, 1)
        bar.addWidget(self.new_button)
        bar.addWidget(self.edit_button)
        bar.addWidget(self.print_button)
        col = QVBoxLayout(self)
        col.setContentsMargins(4, 4, 4, 4)
        col.addLayout(bar)
        col.addWidget(split, 1)

    def set_as_of(self, day: dt.date) -> None:
        self.as_of = day
        self.refresh()

    def refresh(self) -> None:
        keep = self.current()
        try:
            with self.ledger.read() as conn:
                self.series = indicator_series(conn, self.as_of)
        except LedgerError as e:
            self.message.error(str(e))
            return
        self.table.blockSignals(True)
        fill_table(self.table, [_(h) for h in HEADERS], [
            [s.name, _("台帳から集計") if s.source == LEDGER_SOURCE else _("手入力"), s.unit,
             str(s.baseline_fy or ""), num(s.baseline), str(s.target_fy or ""), num(s.target),
             str((s.latest() or ("", None))[0]), num((s.latest() or (None, None))[1]), _pct(s.achievement()),
             {True: _("計画どおり"), False: _("遅れ"), None: "-"}[s.on_track()]]
            for s in self.series])
        for i in range(self.table.rowCount()):
            for c in (4, 6, 8, 9):
                self.table.item(i, c).setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.table.setColumnWidth(0, min(self.table.columnWidth(0), 380))
        self.table.blockSignals(False)
        self.summary.setText(_("評価指標 {n} 件(基準日 {date}、台帳から集計する指標は基準日の年度まで)").format(
            n=len(self.series), date=self.as_of.isoformat()))
        self._build_charts()
        codes = [s.code for s in self.series]
        self.select_code(keep.code if keep is not None and keep.code in codes else (codes[0] if codes else ""))
        self._selection_changed()

    def _build_charts(self) -> None:
        for chart in self.charts:
            self.chart_grid.removeWidget(chart)
            chart.deleteLater()
        self.charts = []
        for i, s in enumerate(self.series):
            chart = SeriesChart(s, self.chart_area)
            chart.setObjectName(f"chart_{s.code}")
            chart.clicked.connect(self.select_code)
            self.chart_grid.addWidget(chart, i // CHART_COLUMNS, i % CHART_COLUMNS)
            self.charts.append(chart)

    def current(self) -> IndicatorSeries | None:
        row = selected_row(self.table)
        return self.series[row] if row is not None and row < len(self.series) else None

    def select_code(self, code: str) -> None:
        for i, s in enumerate(self.series):
            if s.code == code:
                self.table.selectRow(i)

    def _selection_changed(self) -> None:
        s = self.current()
        self.edit_button.setEnabled(s is not None)
        for chart in self.charts:
            chart.set_selected(s is not None and chart.series.code == s.code)
        self._filling = True
        if s is None:
            fill_table(self.years, [_(h) for h in YEAR_HEADERS], [])
            self.years_title.setText("")
            self._filling = False
            return
        years = s.years or []
        fill_table(self.years, [_(h) for h in YEAR_HEADERS], [
            [str(fy), num(s.actuals.get(fy)) if fy in s.actuals else "", num(s.planned(fy)), _pct(s.achievement(fy))]
            for fy in years])
        manual = s.source != LEDGER_SOURCE
        self.years.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.AnyKeyPressed if manual else
                                   QAbstractItemView.EditTrigger.NoEditTriggers)
        for r in range(self.years.rowCount()):
            for c in range(self.years.columnCount()):
                item = self.years.item(r, c)
                flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                if manual and c == 1:
                    flags |= Qt.ItemFlag.ItemIsEditable
                item.setFlags(flags)
                if c:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.years_title.setText(s.name + "\n" + (
            _("実績を入力・修正するには実績の欄をダブルクリックします(空欄にすると削除)。") if manual
            else _("この指標は台帳の集約対象サーバ数から集計されます(手入力できません)。")))
        self._filling = False

    def _year_edited(self, item: QTableWidgetItem) -> None:
        s = self.current()
        if self._filling or s is None or item.column() != 1:
            return
        fy = int(self.years.item(item.row(), 0).text().replace(",", ""))
        text = item.text().replace(",", "").strip()
        try:
            value = float(text) if text else None
        except ValueError:
            self.message.error(_("数値を入力してください: {value}").format(value=item.text()))
            self._selection_changed()
            return
        if self.set_value(s.code, fy, value):
            self.message.info(_("{name} の {fy}年度の実績を記録しました。").format(name=s.name, fy=fy))

    def set_value(self, code: str, fiscal_year: int, value: float | None) -> bool:
        """Enter (or with None remove) a manual indicator's actual, then show it everywhere."""
        try:
            set_indicator_value(self.ledger, code, fiscal_year, value)
        except LedgerError as e:
            self.message.error(str(e))
            self._selection_changed()
            return False
        self.refresh()
        return True

    def edit_definition(self, series: IndicatorSeries | None) -> bool:
        """Create an indicator (``series`` None) or change one's name, unit, baseline and target."""
        dialog = IndicatorDialog(series, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        values = dialog.values()
        if series is None and any(s.code == values["code"] for s in self.series):
            self.message.error(_("評価指標 {code} は既にあります。").format(code=values["code"]))
            return False
        try:
            save_indicator(self.ledger, **values)
        except LedgerError as e:
            self.message.error(str(e))
            return False
        self.refresh()
        self.select_code(values["code"])
        self.message.info(_("評価指標「{name}」を保存しました。").format(name=values["name"]))
        return True

    # --- printing -------------------------------------------------------------------------------------

    def document(self) -> Document:
        """The printable indicator report as of the page's date (``db.report_data``'s 'indicators')."""
        with self.ledger.read() as conn:
            return build_report("indicators", conn, today=self.as_of)

    def print_preview(self) -> int | None:
        try:
            doc = self.document()
        except LedgerError as e:
            self.message.error(str(e))
            return None
        return report_preview.preview(doc, self)
