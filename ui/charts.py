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
    """Servers in scope by fiscal year (bars) against the plan's indicator targets (points, line)."""

    clicked = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.actual: dict[int, int] = {}
        self.targets: dict[int, int] = {}
        self.setMinimumSize(360, 240)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAccessibleName(_("集約対象サーバ数の推移と計画の指標"))

    def set_data(self, actual: dict[int, int], targets: dict[int, int]) -> None:
        self.actual, self.targets = dict(actual), dict(targets)
        self.setAccessibleDescription("; ".join(f"{fy}: {n}" for fy, n in sorted(self.actual.items())))
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
        years = sorted(set(self.actual) | set(self.targets))
        title_h = fm.height() + 6
        f = p.font()
        f.setBold(True)
        p.setFont(f)
        p.setPen(AXIS)
        p.drawText(QRectF(rect.left(), rect.top(), rect.width(), title_h), Qt.AlignmentFlag.AlignLeft,
                   _("集約対象サーバ数(年度末)と計画の指標"))
        f.setBold(False)
        p.setFont(f)
        if not years:
            return
        top_value = max([*self.actual.values(), *self.targets.values(), 1])
        step = _nice_step(top_value / 4)
        top_value = step * (int(top_value / step) + 1)
        left_w = fm.horizontalAdvance(f"{top_value:,}") + 10
        legend_h = fm.height() + 6
        plot = QRectF(rect.left() + left_w, rect.top() + title_h + 4, rect.width() - left_w - 8,
                      rect.height() - title_h - 4 - fm.height() * 2 - 6 - legend_h)
        if plot.height() < 20 or plot.width() < 20:
            return
        # grid and value axis
        v = 0
        while v <= top_value:
            y = plot.bottom() - plot.height() * v / top_value
            p.setPen(QPen(GRID))
            p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            p.setPen(AXIS)
            p.drawText(QRectF(rect.left(), y - fm.height() / 2, left_w - 6, fm.height()),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, f"{v:,}")
            v += step
        slot = plot.width() / len(years)
        bar_w = slot * 0.6
        centers = {}
        for i, fy in enumerate(years):
            cx = plot.left() + slot * (i + 0.5)
            centers[fy] = cx
            if fy in self.actual:
                h = plot.height() * self.actual[fy] / top_value
                p.fillRect(QRectF(cx - bar_w / 2, plot.bottom() - h, bar_w, h), ACTUAL)
                text = f"{self.actual[fy]:,}"
                if h > fm.height() + 4:  # inside the bar, so that target labels above stay clear
                    p.setPen(QColor("white"))
                    p.drawText(QRectF(cx - slot / 2, plot.bottom() - h + 2, slot, fm.height()),
                               Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, text)
                else:
                    p.setPen(AXIS)
                    p.drawText(QRectF(cx - slot / 2, plot.bottom() - h - fm.height(), slot, fm.height()),
                               Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, text)
            p.setPen(AXIS)
            label = str(fy) if slot > fm.horizontalAdvance("2020") + 4 else str(fy)[2:]
            p.drawText(QRectF(cx - slot / 2, plot.bottom() + 2, slot, fm.height()),
                       Qt.AlignmentFlag.AlignHCenter, label)
        if self.targets:
            pen = QPen(TARGET, 2, Qt.PenStyle.DashLine)
            p.setPen(pen)
            pts = [QPointF(centers[fy], plot.bottom() - plot.height() * n / top_value)
                   for fy, n in sorted(self.targets.items()) if fy in centers]
            for a, b in pairwise(pts):
                p.drawLine(a, b)
            p.setBrush(TARGET)
            for (_fy, n), pt in zip(sorted((k, v) for k, v in self.targets.items() if k in centers), pts, strict=True):
                p.setPen(QPen(TARGET, 1))
                p.drawEllipse(pt, 4, 4)
                label = _("目標 {n:,}").format(n=n)
                p.drawText(QRectF(pt.x() + 6, pt.y() - fm.height() - 2, fm.horizontalAdvance(label) + 4, fm.height()),
                           Qt.AlignmentFlag.AlignLeft, label)
            p.setBrush(Qt.BrushStyle.NoBrush)
        # legend
        ly = rect.bottom() - legend_h + 2
        x = plot.left()
        p.fillRect(QRectF(x, ly + 3, 14, fm.height() - 6), ACTUAL)
        p.setPen(AXIS)
        text = _("実績(台帳から算出)")
        p.drawText(QRectF(x + 18, ly, fm.horizontalAdvance(text) + 4, fm.height()), Qt.AlignmentFlag.AlignLeft, text)
        x += 18 + fm.horizontalAdvance(text) + 20
        p.setPen(QPen(TARGET, 2, Qt.PenStyle.DashLine))
        p.drawLine(QPointF(x, ly + fm.height() / 2), QPointF(x + 18, ly + fm.height() / 2))
        p.setPen(AXIS)
        text = _("計画の指標 (196 → 93 → 7)")
        p.drawText(QRectF(x + 22, ly, fm.horizontalAdvance(text) + 4, fm.height()), Qt.AlignmentFlag.AlignLeft, text)


def _nice_step(raw: float) -> int:
    for s in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000):
        if s >= raw:
            return s
    return int(raw) + 1
