"""The graph canvas: one widget that paints a ``DrawData`` (no item per node), with pan and zoom.

A QGraphicsScene with 17,000 node items and 30,000 edge items spends seconds building the
scene and its index; this widget keeps the view as numpy arrays and batched Qt geometry
(``drawdata``), paints it through ``painter.paint`` with level of detail, and finds the node
under the mouse through a spatial grid.

Mouse: wheel zooms around the cursor, dragging pans, a click selects, a double click on a node
or on a cluster box is reported (the page focuses, expands or drills down), the context menu
reports the node under the cursor (the page builds the menu). Keys: + and - zoom, 0 fits.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt, Signal
from PySide6.QtGui import QContextMenuEvent, QMouseEvent, QPainter, QPaintEvent, QWheelEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from assetdesk.graph import Box
from ui.graph.drawdata import DrawData
from ui.graph.painter import Highlight, PaintStats, Viewport, paint

MIN_GAP_PX, MAX_GAP_PX = 0.3, 160.0  # zoom limits, as the on-screen distance between nodes
CLICK_SLOP_PX = 4


class GraphCanvas(QWidget):
    node_clicked = Signal(str)  # code; '' when the click hit no node
    node_double_clicked = Signal(str)
    cluster_double_clicked = Signal(str, int)  # box key, level (1 outer, 2 inner)
    context_requested = Signal(str, QPoint)  # code ('' for none), global position
    selection_changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("graph_canvas")
        self.setMinimumSize(320, 240)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.data: DrawData | None = None
        self.highlight: Highlight | None = None
        self.selected: int | None = None
        self.cx = self.cy = 0.0
        self.scale = 1.0
        self._press: QPointF | None = None
        self._dragged = False
        self.paint_count = 0
        self.last_paint: PaintStats | None = None

    # --- content ---------------------------------------------------------------------------------

    def set_data(self, data: DrawData | None, keep_view: bool = False) -> None:
        selected = self.selected_code()
        self.data = data
        self.highlight = None
        self.selected = data.index.get(selected) if data is not None and selected else None
        if not keep_view:
            self.fit()
        self.update()

    def set_highlight(self, highlight: Highlight | None) -> None:
        self.highlight = highlight
        self.update()

    def select(self, code: str | None, centre: bool = False) -> bool:
        """Select ``code`` (and bring it to the middle); False when the view does not show it."""
        if self.data is None or code is None or code not in self.data.index:
            self._set_selected(None)
            return False
        self._set_selected(self.data.index[code])
        if centre:
            # Zoom in when nodes are too close to read (and centre there); otherwise only pan,
            # and only when the node is off the screen: a small focus view stays fitted whole.
            x, y = (float(v) for v in self.data.xy[self.selected])
            vp = self.viewport()
            sx, sy = (x - vp.cx) * vp.scale + vp.width / 2, (y - vp.cy) * vp.scale + vp.height / 2
            readable = 28.0 / self.data.node_gap
            if self.scale < readable or not (0 <= sx <= vp.width and 0 <= sy <= vp.height):
                self.cx, self.cy = x, y
                self.scale = max(self.scale, readable)
        self.update()
        return True

    def _set_selected(self, index: int | None) -> None:
        changed = index != self.selected
        self.selected = index
        self.update()
        if changed:
            self.selection_changed.emit()

    def selected_code(self) -> str | None:
        if self.data is None or self.selected is None:
            return None
        return self.data.codes[self.selected]

    # --- the view --------------------------------------------------------------------------------

    def viewport(self) -> Viewport:
        return Viewport(self.cx, self.cy, self.scale, self.width(), self.height())

    def fit(self) -> None:
        if self.data is None:
            return
        vp = Viewport.fit(self.data.bounds, max(self.width(), 1), max(self.height(), 1))
        self.cx, self.cy, self.scale = vp.cx, vp.cy, vp.scale
        self.update()

    def zoom(self, factor: float, at: QPointF | None = None) -> None:
        if self.data is None:
            return
        at = at or QPointF(self.width() / 2, self.height() / 2)
        vp = self.viewport()
        ax, ay = vp.to_layout(at.x(), at.y())
        gap = self.data.node_gap
        fitted = Viewport.fit(self.data.bounds, max(self.width(), 1), max(self.height(), 1)).scale
        lo = min(MIN_GAP_PX / gap, fitted * 0.5)
        self.scale = min(max(self.scale * factor, lo), MAX_GAP_PX / gap)
        # keep the layout point under the cursor where it was
        self.cx = ax - (at.x() - self.width() / 2) / self.scale
        self.cy = ay - (at.y() - self.height() / 2) / self.scale
        self.update()

    def node_at(self, pos: QPointF) -> str | None:
        if self.data is None or self.data.grid is None:
            return None
        x, y = self.viewport().to_layout(pos.x(), pos.y())
        radius = max(self.data.node_gap * 0.45, 6.0 / self.scale)
        i = self.data.grid.nearest(x, y, radius)
        return None if i is None else self.data.codes[i]

    # --- events ----------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        if self.data is None:
            p.fillRect(self.rect(), Qt.GlobalColor.white)
        else:
            self.last_paint = paint(p, self.data, self.viewport(), self.highlight, self.selected)
        p.end()
        self.paint_count += 1

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.data is not None and self.paint_count == 0:
            self.fit()

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120.0
        if steps:
            self.zoom(1.25 ** steps, event.position())

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = event.position()
            self._dragged = False
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press is not None and event.buttons() & Qt.MouseButton.LeftButton:
            d = event.position() - self._press
            if self._dragged or abs(d.x()) + abs(d.y()) > CLICK_SLOP_PX:
                self._dragged = True
                self.cx -= d.x() / self.scale
                self.cy -= d.y() / self.scale
                self._press = event.position()
                self.setCursor(Qt.CursorShape.ClosedHandCursor)
                self.update()
            return
        code = self.node_at(event.position())
        self.setToolTip(self._tooltip(code) if code else "")

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._press is not None:
            if not self._dragged:
                code = self.node_at(event.position())
                self.select(code)
                self.node_clicked.emit(code or "")
            self._press = None
            self.unsetCursor()
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        code = self.node_at(event.position())
        if code:
            self.node_double_clicked.emit(code)
            return
        box = self.cluster_at(event.position())
        if box is not None:
            self.cluster_double_clicked.emit(box.key, box.level)

    def cluster_at(self, pos: QPointF) -> Box | None:
        """The innermost cluster box under ``pos``."""
        if self.data is None:
            return None
        x, y = self.viewport().to_layout(pos.x(), pos.y())
        hits = [b for b in self.data.clusters if b.x <= x <= b.x + b.w and b.y <= y <= b.y + b.h]
        return max(hits, key=lambda b: b.level) if hits else None

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        code = self.node_at(QPointF(event.pos()))
        if code:
            self.select(code)
        self.context_requested.emit(code or "", event.globalPos())

    def keyPressEvent(self, event) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom(1.25)
        elif key == Qt.Key.Key_Minus:
            self.zoom(0.8)
        elif key == Qt.Key.Key_0:
            self.fit()
        else:
            super().keyPressEvent(event)

    def _tooltip(self, code: str) -> str:
        assert self.data is not None
        label = self.data.labels[self.data.index[code]]
        return code if label == code else f"{code}  {label}"
