"""The home page: the ledger at a glance; every figure opens the filtered list behind it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCommandLinkButton,
    QGridLayout,
    QGroupBox,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from assetdesk import choices as C
from assetdesk.i18n import N_, _
from assetdesk.scope import INDICATOR_TARGETS
from db import listing as L
from db.ledger import Ledger
from db.plan_forecast import forecast_by_fy
from db.terminal_data import terminal_counts_by_fy
from ui.charts import Bar, BarChart, IndicatorChart
from ui.tasks import Task

#: Problem figures on the dashboard: (view, problem, label).
PROBLEM_LINKS = (
    ("system", "os_eol", N_("OSサポート終了のサーバで稼働するシステム")),
    ("server", "os_eol", N_("OSサポート終了のサーバ")),
    ("system", "no_audit", N_("監査が1年以上ないシステム")),
    ("system", "renewal_soon", N_("次期更新予定(今年度・来年度)のシステム")),
    ("system", "contract_end_soon", N_("1年以内に契約終了するシステム")),
    ("system", "no_server", N_("サーバが登録されていないシステム")),
    ("system", "zone_mismatch", N_("サーバとネットワーク区分が異なるシステム")),
    ("system", "dedicated_terminals", N_("専用端末が残っているシステム")),
)


def load_figures(ledger: Ledger, today: dt.date | None = None) -> dict[str, Any]:
    """Everything the dashboard shows, read in one snapshot (runs off the GUI thread)."""
    with ledger.read() as conn:
        figures = L.dashboard_figures(conn, today)
        forecast = forecast_by_fy(conn, today=today)
        figures["in_scope_by_fy"] = forecast.actual
        figures["forecast_by_fy"] = forecast.forecast
        figures["terminals_by_fy"] = terminal_counts_by_fy(conn, today=today)
    return figures


class Dashboard(QWidget):
    open_view = Signal(str, object)  # view name, ListFilter

    def __init__(self, ledger: Ledger, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("dashboard")
        self.ledger = ledger
        self.figures: dict[str, Any] | None = None
        self._task: Task | None = None

        inner = QWidget()
        grid = QGridLayout(inner)
        self.totals = QLabel(_("読み込み中…"), inner)
        self.totals.setObjectName("totals")
        f = self.totals.font()
        f.setPointSizeF(f.pointSizeF() * 1.3)
        f.setBold(True)
        self.totals.setFont(f)
        grid.addWidget(self.totals, 0, 0, 1, 2)

        self.zone_chart = BarChart(_("ネットワーク区分別システム数"), inner)
        self.zone_chart.bar_clicked.connect(lambda z: self.open_view.emit("system", L.ListFilter(zone=z)))
        self.status_chart = BarChart(_("状態別システム数"), inner)
        self.status_chart.bar_clicked.connect(lambda s: self.open_view.emit("system", L.ListFilter(status=s)))
        self.department_chart = BarChart(_("部局別システム数"), inner)
        self.department_chart.bar_clicked.connect(
            lambda d: self.open_view.emit("system", L.ListFilter(department=d)))
        self.indicator = IndicatorChart(inner)
        self.indicator.setObjectName("indicator_chart")
        self.indicator.clicked.connect(lambda: self.open_view.emit("server", L.ListFilter()))

        self.terminals = TerminalCounts(inner)
        self.terminals.clicked.connect(lambda: self.open_view.emit(
            "system", L.ListFilter(problems=frozenset({"dedicated_terminals"}))))

        problems = QGroupBox(_("要対応"), inner)
        pl = QVBoxLayout(problems)
        self.problem_buttons: dict[tuple[str, str], QCommandLinkButton] = {}
        for view, problem, label in PROBLEM_LINKS:
            b = QCommandLinkButton(_(label), problems)
            b.setObjectName(f"problem_{view}_{problem}")
            b.setAccessibleName(_(label))
            b.clicked.connect(lambda _c=False, v=view, p=problem:
                              self.open_view.emit(v, L.ListFilter(problems=frozenset({p}))))
            pl.addWidget(b)
            self.problem_buttons[(view, problem)] = b
        pl.addStretch(1)

        grid.addWidget(self.indicator, 1, 0)
        grid.addWidget(self.terminals, 1, 1)
        grid.addWidget(problems, 2, 1)
        grid.addWidget(self.zone_chart, 2, 0)
        grid.addWidget(self.status_chart, 3, 1)
        grid.addWidget(self.department_chart, 3, 0)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        grid.setRowStretch(4, 1)

        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

    def refresh(self, background: bool = True) -> None:
        """Read the figures again: on the thread pool, or now (tests, printing)."""
        if not background:
            self.show_figures(load_figures(self.ledger))
            return
        task = Task(lambda progress, cancel: load_figures(self.ledger))
        task.signals.finished.connect(self.show_figures)
        task.signals.failed.connect(lambda e, tb: self.totals.setText(_("集計できません: {e}").format(e=e)))
        self._task = task.start()

    def write_pdf(self, path: str) -> None:
        """The dashboard's charts on one A4 landscape page (the same painting as on screen)."""
        from PySide6.QtCore import QMarginsF, QRectF
        from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter

        writer = QPdfWriter(path)
        writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Landscape,
                                         QMarginsF(12, 12, 12, 12)))
        writer.setResolution(150)
        writer.setTitle(_("AssetDesk ダッシュボード"))
        painter = QPainter(writer)
        font = painter.font()
        font.setPointSizeF(9)
        painter.setFont(font)
        page = QRectF(painter.viewport())
        w, h = page.width(), page.height()
        painter.drawText(QRectF(0, 0, w, h * 0.05), self.totals.text())
        self.indicator.paint(painter, QRectF(0, h * 0.06, w * 0.6, h * 0.5))
        self.zone_chart.paint(painter, QRectF(w * 0.62, h * 0.06, w * 0.38, h * 0.22))
        self.status_chart.paint(painter, QRectF(w * 0.62, h * 0.3, w * 0.38, h * 0.26))
        self.department_chart.paint(painter, QRectF(0, h * 0.6, w, h * 0.4))
        painter.end()

    def show_figures(self, figures: dict[str, Any]) -> None:
        self.figures = figures
        self.totals.setText(_("情報システム {systems:,} 件 ・ サーバ {servers:,} 台").format(
            systems=figures["systems"], servers=figures["servers"]))
        self.zone_chart.set_bars([Bar(c.value, _(c.label), figures["by_zone"].get(c.value, 0), c.color)
                                  for c in C.NETWORK_ZONE])
        self.status_chart.set_bars([Bar(c.value, _(c.label), figures["by_status"].get(c.value, 0), c.color)
                                    for c in C.SYSTEM_STATUS])
        self.department_chart.set_bars([Bar(code, name, n) for code, name, n in figures["by_department"][:15]])
        self.indicator.set_data(figures["in_scope_by_fy"], INDICATOR_TARGETS, figures.get("forecast_by_fy"))
        self.terminals.set_counts(figures.get("terminals_by_fy", {}))
        problems = figures["problems"]
        for (view, problem), button in self.problem_buttons.items():
            n = problems["server_os_eol" if (view, problem) == ("server", "os_eol") else problem]
            label = next(lbl for v, p, lbl in PROBLEM_LINKS if (v, p) == (view, problem))
            button.setText(f"{_(label)}: {n:,}")
            button.setProperty("count", n)


class TerminalCounts(QGroupBox):
    """Dedicated terminals and lines in use at each fiscal year's end (assetdesk.terminals), a
    small table beside the server indicator; a click lists the systems that still have some."""

    clicked = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(_("専用端末台数・個別回線数(年度末)"), parent)
        self.setObjectName("terminal_counts")
        self.table = QGridLayout(self)
        self.cells: dict[int, tuple[QLabel, QLabel]] = {}
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def mousePressEvent(self, _event) -> None:
        self.clicked.emit()

    def set_counts(self, by_fy: dict[int, dict[str, int]]) -> None:
        while self.table.count():
            w = self.table.takeAt(0).widget()
            if w is not None:
                w.deleteLater()
        for col, text in enumerate((_("年度"), _("専用端末台数"), _("個別回線数"))):
            head = QLabel(f"<b>{text}</b>", self)
            self.table.addWidget(head, 0, col, Qt.AlignmentFlag.AlignRight if col else Qt.AlignmentFlag.AlignLeft)
        self.cells = {}
        for row, fy in enumerate(sorted(by_fy), start=1):
            c = by_fy[fy]
            self.table.addWidget(QLabel(_("{fy}年度").format(fy=fy), self), row, 0)
            cells = (QLabel(f"{c['terminals']:,}", self), QLabel(f"{c['lines']:,}", self))
            for col, label in enumerate(cells, start=1):
                self.table.addWidget(label, row, col, Qt.AlignmentFlag.AlignRight)
            self.cells[fy] = cells
        self.setAccessibleDescription("; ".join(
            _("{fy}年度: 端末 {t} 台 / 回線 {l} 回線").format(fy=fy, t=c["terminals"], l=c["lines"])
            for fy, c in sorted(by_fy.items())))
