"""Recording progress: servers 移行中, 移行済 or 廃止 with a date, one by one or a whole wave, and
the indicator chart with the adopted plan's forecast."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from assetdesk.choices import MIGRATION_STATUS, NETWORK_ZONE
from assetdesk.i18n import _
from assetdesk.scope import INDICATOR_TARGETS
from db.ledger import Ledger, LedgerError
from db.plan_forecast import forecast_by_fy, tracked_servers
from db.planning import track
from ui.charts import IndicatorChart
from ui.planner.widgets import MessageLine, fill_table, read_only_table

STATUSES = ("migrating", "migrated", "retired")


class TrackingPanel(QWidget):
    tracked = Signal()

    def __init__(self, ledger: Ledger, message: MessageLine, parent: QWidget | None = None,
                 today: dt.date | None = None):
        super().__init__(parent)
        self.ledger = ledger
        self.message = message
        self.today = today
        self.rows: list[dict] = []
        self.chart = IndicatorChart(self)
        self.chart.setObjectName("forecast_chart")
        self.table = read_only_table(self)
        self.table.setObjectName("tracked_servers")
        self.status = QComboBox(self)
        for value in STATUSES:
            self.status.addItem(MIGRATION_STATUS.label_of(value), value)
        self.date = QDateEdit(self)
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.date.setDate(QDate.currentDate())
        self.wave = QSpinBox(self)
        self.wave.setRange(1, 999)
        self.selected_button = QPushButton(_("選択したサーバに記録"), self)
        self.wave_button = QPushButton(_("この回のサーバすべてに記録"), self)
        self.selected_button.clicked.connect(self.record_selected)
        self.wave_button.clicked.connect(self.record_wave)
        self.summary = QLabel(self)

        controls = QHBoxLayout()
        controls.addWidget(QLabel(_("移行状況"), self))
        controls.addWidget(self.status)
        controls.addWidget(QLabel(_("日付"), self))
        controls.addWidget(self.date)
        controls.addWidget(self.selected_button)
        controls.addSpacing(16)
        controls.addWidget(QLabel(_("移行の回"), self))
        controls.addWidget(self.wave)
        controls.addWidget(self.wave_button)
        controls.addStretch(1)
        lower = QWidget(self)
        col = QVBoxLayout(lower)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(self.summary)
        col.addWidget(self.table, 1)
        col.addLayout(controls)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.chart)
        split.addWidget(lower)
        split.setSizes([300, 400])
        layout = QVBoxLayout(self)
        layout.addWidget(split)

    def refresh(self) -> None:
        with self.ledger.read() as conn:
            fc = forecast_by_fy(conn, today=self.today)
            self.rows = tracked_servers(conn, fc.servers if fc.scenario_name is not None else None)
        self.chart.set_data(fc.actual, INDICATOR_TARGETS, fc.forecast)
        fill_table(self.table, [_("サーバ管理番号"), _("ホスト名"), _("ネットワーク区分"), _("移行先ホスト"), _("移行の回"),
                                _("予定日"), _("移行状況"), _("移行日・廃止日")],
                   [[r["server_code"], r["hostname"], NETWORK_ZONE.label_of(r["network_zone"]), r["host"] or "",
                     r["planned_wave"] or "", fc.wave_dates[r["planned_wave"]].isoformat()
                     if r["planned_wave"] in fc.wave_dates else "",
                     MIGRATION_STATUS.label_of(r["migration_status"]),
                     r["migrated_on"].isoformat() if r["migrated_on"] else ""] for r in self.rows])
        waves = sorted({r["planned_wave"] for r in self.rows if r["planned_wave"]})
        if waves:
            self.wave.setRange(waves[0], waves[-1])
        if fc.scenario_name is None:
            self.summary.setText(_("採用したシナリオはありません。シナリオを採用すると、ここで移行の進捗を記録できます。"))
        else:
            done = sum(1 for r in self.rows if r["migration_status"] in ("migrated", "retired"))
            self.summary.setText(_("採用中のシナリオ「{name}」: {n} 台のうち {done} 台が移行済・廃止").format(
                name=fc.scenario_name, n=len(self.rows), done=done))

    def selected_codes(self) -> list[str]:
        rows = sorted({i.row() for i in self.table.selectedIndexes()})
        return [self.rows[r]["server_code"] for r in rows if r < len(self.rows)]

    def record_selected(self) -> None:
        codes = self.selected_codes()
        if not codes:
            self.message.error(_("記録するサーバを選んでください。"))
            return
        self._record(codes=codes)

    def record_wave(self) -> None:
        self._record(wave=self.wave.value())

    def _record(self, codes: list[str] | None = None, wave: int | None = None) -> None:
        status = self.status.currentData()
        try:
            summary = track(self.ledger, status, self.date.date().toPython(), codes or (), wave)
        except LedgerError as e:
            self.message.error(str(e))
            return
        self.message.info(_("{n} 台を「{status}」にしました。").format(
            n=len(summary.changed_ids.get("server", ())), status=MIGRATION_STATUS.label_of(status)))
        self.refresh()
        self.tracked.emit()
