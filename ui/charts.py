"""Charts drawn with QPainter (QtCharts is deprecated), so the same code paints screen and paper.

Each chart has ``paint(painter, rect)``; the widget's paintEvent calls it, and printing or a
PDF export calls it with the printer's painter.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from assetdesk.i18n import _

AXIS = QColor("#555555")
GRID = QColor("#dddddd")
ACTUAL = QColor("#2471a3")
TARGET = QColor("#c0392b")
FORECAST = QColor("#229954")


@dataclass(frozen=True)
class Bar:
    key: object
    label: str
    value: float
    color: str = "#2471a3"


class BarChart(QWidget):
    """Horizontal bars with labels and values; a click on a bar emits its key."""

    bar_clicked = Signal(object)

    def __init__(self, title: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.title = title
        self.bars: list[Bar] = []
        self._hit: list[tuple[QRectF, object]] = []
        self.setMinimumHeight(120)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAccessibleName(title)

    def set_bars(self, bars: list[Bar]) -> None:
        self.bars = bars
        self.setAccessibleDescription("; ".join(f"{b.label}: {b.value:g}" for b in bars))
        line = self.fontMetrics().height() + 6
        self.setMinimumHeight(int(line * (len(bars) + 1.5)) + 8)
        self.updateGeometry()
        self.update()

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.paint(p, QRectF(self.rect()))
        p.end()

    def paint(self, p: QPainter, rect: QRectF) -> None:
        fm = QFontMetricsF(p.font())
        line = fm.height() + 6
        y = rect.top() + 2
        if self.title:
            f = p.font()
            f.setBold(True)
            p.setFont(f)
            p.setPen(AXIS)
            p.drawText(QRectF(rect.left(), y, rect.width(), line), Qt.AlignmentFlag.AlignLeft, self.title)
            f.setBold(False)
            p.setFont(f)
            y += line
        self._hit = []
        if not self.bars:
            return
        label_w = min(max(fm.horizontalAdvance(b.label) for b in self.bars) + 8, rect.width() * 0.45)
        value_w = max(fm.horizontalAdvance(f"{b.value:,.0f}") for b in self.bars) + 8
        top = max(b.value for b in self.bars) or 1
        bar_area = max(rect.width() - label_w - value_w, 10)
        for b in self.bars:
            row = QRectF(rect.left(), y, rect.width(), line)
            p.setPen(AXIS)
            label = fm.elidedText(b.label, Qt.TextElideMode.ElideRight, label_w - 6)
            p.drawText(QRectF(rect.left(), y, label_w - 6, line),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label)
            w = bar_area * b.value / top
            p.fillRect(QRectF(rect.left() + label_w, y + 3, w, line - 6), QColor(b.color))
            p.drawText(QRectF(rect.left() + label_w + w + 4, y, value_w, line),
                       Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, f"{b.value:,.0f}")
            self._hit.append((row, b.key))
            y += line

    def mousePressEvent(self, event) -> None:
        pos = event.position()
        for rect, key in self._hit:
            if rect.contains(pos):
                self.bar_clicked.emit(key)
                return


class IndicatorChart(QWidget):
    """Servers in scope by fiscal year (bars, from the ledger) against the plan's indicator
    (196 → 93 → 7, a dashed line) and, once a plan is adopted, its forecast as the waves complete."""

    clicked = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.actual: dict[int, int] = {}
        self.targets: dict[int, int] = {}
        self.forecast: dict[int, int] = {}
        self.setMinimumSize(420, 260)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(_("集約対象サーバ数の実績・指標・採用した計画による見込み"))
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def set_data(self, actual: dict[int, int], targets: dict[int, int], forecast: dict[int, int] | None = None) -> None:
        self.actual, self.targets, self.forecast = dict(actual), dict(targets), dict(forecast or {})
        self.setAccessibleDescription("; ".join(
            [f"{fy}: {n}" for fy, n in sorted(self.actual.items())]
            + [_("{fy}年度見込み: {n}").format(fy=fy, n=n) for fy, n in sorted(self.forecast.items())]))
        self.update()

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.paint(p, QRectF(self.rect()))
        p.end()

    def mousePressEvent(self, _event) -> None:
        self.clicked.emit()

    def paint(self, p: QPainter, rect: QRectF) -> None:
        fm = QFontMetricsF(p.font())
        line_h = fm.height()
        title_h = line_h + 6
        f = p.font()
        f.setBold(True)
        p.setFont(f)
        p.setPen(AXIS)
        p.drawText(QRectF(rect.left(), rect.top(), rect.width(), title_h), Qt.AlignmentFlag.AlignLeft,
                   _("集約対象サーバ数(年度末): 実績・指標・見込み"))
        f.setBold(False)
        p.setFont(f)
        years = sorted(set(self.actual) | set(self.targets) | set(self.forecast))
        if not years:
            return
        years = list(range(years[0], years[-1] + 1))
        top_value = max([*self.actual.values(), *self.targets.values(), *self.forecast.values(), 1])
        step = _nice_step(top_value / 4)
        top_value = step * (int(top_value / step) + 1)
        left_w = fm.horizontalAdvance(f"{top_value:,}") + 10
        legend_h = line_h + 6
        plot = QRectF(rect.left() + left_w, rect.top() + title_h + 4, rect.width() - left_w - 8,
                      rect.height() - title_h - 4 - line_h * 2 - 6 - legend_h)
        if plot.height() < 20 or plot.width() < 20:
            return

        def y_of(n: float) -> float:
            return plot.bottom() - plot.height() * n / top_value

        v = 0
        while v <= top_value:
            p.setPen(QPen(GRID))
            p.drawLine(QPointF(plot.left(), y_of(v)), QPointF(plot.right(), y_of(v)))
            p.setPen(AXIS)
            p.drawText(QRectF(rect.left(), y_of(v) - line_h / 2, left_w - 6, line_h),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, f"{v:,}")
            v += step
        slot = plot.width() / len(years)
        bar_w = slot * 0.6
        centers = {fy: plot.left() + slot * (i + 0.5) for i, fy in enumerate(years)}
        for fy in years:
            cx = centers[fy]
            if fy in self.actual:
                top = y_of(self.actual[fy])
                p.fillRect(QRectF(cx - bar_w / 2, top, bar_w, plot.bottom() - top), ACTUAL)
                p.setPen(AXIS)
                p.drawText(QRectF(cx - slot / 2, top - line_h, slot, line_h),
                           Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, f"{self.actual[fy]:,}")
            p.setPen(AXIS)
            label = str(fy) if slot > fm.horizontalAdvance("2020") + 4 else str(fy)[2:]
            p.drawText(QRectF(cx - slot / 2, plot.bottom() + 2, slot, line_h), Qt.AlignmentFlag.AlignHCenter, label)
        self._line(p, self.targets, centers, y_of, fm, TARGET, Qt.PenStyle.DashLine, plot.bottom())
        self._line(p, self.forecast, centers, y_of, fm, FORECAST, Qt.PenStyle.SolidLine, plot.bottom())

        ly = rect.bottom() - legend_h + 2
        x = plot.left()
        p.fillRect(QRectF(x, ly + 3, 14, line_h - 6), ACTUAL)
        x = self._legend_text(p, fm, x + 18, ly, _("実績(台帳、今年度は本日時点)"))
        entries = [(TARGET, Qt.PenStyle.DashLine, _("指標 (196 → 93 → 7)"))]
        if self.forecast:
            entries.append((FORECAST, Qt.PenStyle.SolidLine, _("採用した計画による見込み")))
        for color, style, text in entries:
            p.setPen(QPen(color, 2, style))
            p.drawLine(QPointF(x, ly + line_h / 2), QPointF(x + 18, ly + line_h / 2))
            x = self._legend_text(p, fm, x + 22, ly, text)

    @staticmethod
    def _legend_text(p: QPainter, fm: QFontMetricsF, x: float, y: float, text: str) -> float:
        p.setPen(AXIS)
        w = fm.horizontalAdvance(text) + 4
        p.drawText(QRectF(x, y, w, fm.height()), Qt.AlignmentFlag.AlignLeft, text)
        return x + w + 20

    @staticmethod
    def _line(p: QPainter, values: dict[int, int], centers: dict[int, float], y_of, fm: QFontMetricsF,
              color: QColor, style: Qt.PenStyle, bottom: float) -> None:
        points = [(n, QPointF(centers[fy], y_of(n))) for fy, n in sorted(values.items()) if fy in centers]
        if not points:
            return
        p.setPen(QPen(color, 2, style))
        for (_a, a), (_b, b) in pairwise(points):
            p.drawLine(a, b)
        for n, pt in points:
            p.setPen(QPen(color, 1))
            p.setBrush(color)
            p.drawEllipse(pt, 4, 4)
            # Labels sit right of the point on a light box, so bars and the other line stay readable.
            text = f"{n:,}"
            # below the point (clear of the bar's own label), above it when that would cross the axis
            below = pt.y() + fm.height() + 4 < bottom
            box = QRectF(pt.x() + 6, pt.y() + (2 if below else -fm.height() - 2), fm.horizontalAdvance(text) + 6,
                         fm.height())
            p.fillRect(box, QColor(255, 255, 255, 220))
            p.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
        p.setBrush(Qt.BrushStyle.NoBrush)


def _nice_step(raw: float) -> int:
    for s in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000):
        if s >= raw:
            return s
    return int(raw) + 1
