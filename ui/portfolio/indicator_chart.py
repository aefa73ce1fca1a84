"""A chart of one indicator drawn with QPainter: yearly actuals as bars, the plan's straight line
from baseline to target dashed, the target marked. ``paint(painter, rect)`` paints screen or paper
alike (as ``ui.charts`` does); ``ui.charts.IndicatorChart`` is the server count's own chart."""

from __future__ import annotations

import itertools

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from assetdesk.i18n import _
from assetdesk.indicators import IndicatorSeries, chart_points
from ui.charts import ACTUAL, AXIS, GRID, TARGET, _nice_step
from ui.portfolio.common import num


class SeriesChart(QWidget):
    clicked = Signal(str)  # the indicator's code

    def __init__(self, series: IndicatorSeries, parent: QWidget | None = None):
        super().__init__(parent)
        self.series = series
        self.selected = False
        self.setMinimumSize(300, 200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAccessibleName(series.name)
        self.setAccessibleDescription("; ".join(f"{fy}: {num(v)}" for fy, v in sorted(series.actuals.items())))
        self.setToolTip(series.name)

    def set_selected(self, selected: bool) -> None:
        self.selected = selected
        self.update()

    def mousePressEvent(self, _event) -> None:
        self.clicked.emit(self.series.code)

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self.selected:
            p.setPen(QPen(ACTUAL, 2))
            p.drawRect(QRectF(self.rect()).adjusted(1, 1, -1, -1))
        self.paint(p, QRectF(self.rect()).adjusted(6, 4, -6, -4))
        p.end()

    def paint(self, p: QPainter, rect: QRectF) -> None:
        s = self.series
        pts = chart_points(s)
        fm = QFontMetricsF(p.font())
        line_h = fm.height() + 4
        f = p.font()
        f.setBold(True)
        p.setFont(f)
        p.setPen(AXIS)
        title = fm.elidedText(s.name + (f" ({s.unit})" if s.unit else ""), Qt.TextElideMode.ElideRight, rect.width())
        p.drawText(QRectF(rect.left(), rect.top(), rect.width(), line_h), Qt.AlignmentFlag.AlignLeft, title)
        f.setBold(False)
        p.setFont(f)
        years = pts["years"]
        values = [v for v in (*pts["actual"], *pts["planned"], s.baseline, s.target) if v is not None]
        if not years or not values:
            p.drawText(QRectF(rect.left(), rect.top() + line_h, rect.width(), line_h), Qt.AlignmentFlag.AlignLeft,
                       _("実績がまだありません。"))
            return
        top = max(max(values), 1e-9)
        step = _nice_step(top / 4) if top >= 4 else top / 4
        top = step * (int(top / step) + 1)
        left_w = fm.horizontalAdvance(num(top)) + 8
        plot = QRectF(rect.left() + left_w, rect.top() + line_h + 4, rect.width() - left_w - 4,
                      rect.height() - line_h * 3 - 8)
        if plot.height() < 20 or plot.width() < 20:
            return
        v = 0.0
        while v <= top + 1e-9:
            y = plot.bottom() - plot.height() * v / top
            p.setPen(QPen(GRID))
            p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            p.setPen(AXIS)
            p.drawText(QRectF(rect.left(), y - fm.height() / 2, left_w - 4, fm.height()),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, num(v))
            v += step
        slot = plot.width() / len(years)
        centers = [plot.left() + slot * (i + 0.5) for i in range(len(years))]

        def y_of(value: float) -> float:
            return plot.bottom() - plot.height() * value / top

        for cx, fy, actual in zip(centers, years, pts["actual"], strict=True):
            if actual is not None:
                h = plot.bottom() - y_of(actual)
                p.fillRect(QRectF(cx - slot * 0.3, plot.bottom() - h, slot * 0.6, h), ACTUAL)
                p.setPen(AXIS)
                p.drawText(QRectF(cx - slot / 2, plot.bottom() - h - fm.height(), slot, fm.height()),
                           Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, num(actual))
            p.setPen(AXIS)
            label = str(fy) if slot > fm.horizontalAdvance("2020") + 4 else str(fy)[2:]
            p.drawText(QRectF(cx - slot / 2, plot.bottom() + 2, slot, fm.height()), Qt.AlignmentFlag.AlignHCenter, label)
        plan = [(cx, y_of(v)) for cx, v in zip(centers, pts["planned"], strict=True) if v is not None]
        if len(plan) > 1:
            p.setPen(QPen(TARGET, 2, Qt.PenStyle.DashLine))
            for (x1, y1), (x2, y2) in itertools.pairwise(plan):
                p.drawLine(QPointF(x1, y1), QPointF(x2, y2))
        if s.target is not None and s.target_fy in years:
            pt = QPointF(centers[years.index(s.target_fy)], y_of(s.target))
            p.setPen(QPen(TARGET, 1))
            p.setBrush(TARGET)
            p.drawEllipse(pt, 4, 4)
            p.setBrush(Qt.BrushStyle.NoBrush)
            label = _("目標 {n}").format(n=num(s.target))
            w = fm.horizontalAdvance(label) + 4
            p.drawText(QRectF(min(pt.x() + 6, rect.right() - w), pt.y() - fm.height() - 2, w, fm.height()),
                       Qt.AlignmentFlag.AlignLeft, label)
        # legend
        ly = rect.bottom() - fm.height()
        x = plot.left()
        p.fillRect(QRectF(x, ly + 3, 14, fm.height() - 6), ACTUAL)
        p.setPen(AXIS)
        text = _("実績(台帳から集計)") if s.source == "ledger" else _("実績")
        p.drawText(QRectF(x + 18, ly, fm.horizontalAdvance(text) + 4, fm.height()), Qt.AlignmentFlag.AlignLeft, text)
        x += 18 + fm.horizontalAdvance(text) + 16
        p.setPen(QPen(TARGET, 2, Qt.PenStyle.DashLine))
        p.drawLine(QPointF(x, ly + fm.height() / 2), QPointF(x + 18, ly + fm.height() / 2))
        p.setPen(AXIS)
        text = _("計画(基準値から目標値へ)")
        p.drawText(QRectF(x + 22, ly, fm.horizontalAdvance(text) + 4, fm.height()), Qt.AlignmentFlag.AlignLeft, text)
