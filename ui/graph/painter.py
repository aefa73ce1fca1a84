"""Painting a ``DrawData`` with level of detail, onto any QPainter (screen, PNG, SVG, printer).

What is drawn depends on how far apart neighbouring nodes are on the device (``gap_px``):
- far (a few pixels): cluster boxes, the dependencies between outer clusters added up, nodes as
  dots, labels of the boxes and of the few most important nodes that fit;
- middle: every dependency and server link as thin lines, still no arrows;
- near: links to sections too, arrowheads on a layered layout, labels wherever they fit.
Whatever the zoom, labels never overlap: they are placed greedily in importance order (the
impact's root and affected systems first) on an occupancy grid in device pixels.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen, QPolygonF

from ui.graph.drawdata import (
    EDGE_DEPENDS,
    EDGE_HOSTED,
    EDGE_OWNED_BY,
    EDGE_RUNS_ON,
    STYLE_HOST,
    STYLE_SECTION,
    STYLE_SERVER,
    STYLE_SYSTEM,
    STYLE_SYSTEM_A,
    STYLE_SYSTEM_OFF,
    DrawData,
    lines_path,
    polygon,
    polyline_path,
)

FAR_GAP_PX = 6.0  # below: clusters and aggregated edges
NEAR_GAP_PX = 16.0  # above: section links, arrows, antialiasing
MAX_LABELS = 250
MAX_ARROWS = 4000
MAX_CLUSTER_EDGES = 400

STYLE_COLOURS = {
    STYLE_SYSTEM: QColor("#3b73b9"),
    STYLE_SYSTEM_A: QColor("#1f4e8c"),
    STYLE_SYSTEM_OFF: QColor("#b0b0b0"),
    STYLE_SERVER: QColor("#4a9a5b"),
    STYLE_HOST: QColor("#8a5a9e"),
    STYLE_SECTION: QColor("#c09030"),
}
#: Opaque colours for the bulk layers: a translucent pen costs 10-25x more on the raster engine
#: (measured: 8,000 overview lines in 10 ms opaque, 250 ms at alpha 110).
EDGE_COLOURS = {EDGE_DEPENDS: QColor(120, 135, 170), EDGE_RUNS_ON: QColor(160, 195, 165),
                EDGE_OWNED_BY: QColor(225, 210, 175), EDGE_HOSTED: QColor(205, 185, 215)}
#: Impact categories (``Highlight.category``), in drawing order, with their colours.
ROOT, IMMEDIATE, DELAYED, DEFERRED, RECONFIGURE, PROTECTED, SERVER_HIT = (
    "root", "immediate", "delayed", "deferred", "reconfigure", "protected", "server")
HIGHLIGHT_COLOURS = {
    PROTECTED: QColor("#2e9e44"),
    SERVER_HIT: QColor("#e05050"),
    RECONFIGURE: QColor("#9b59b6"),
    DEFERRED: QColor("#e6c200"),
    DELAYED: QColor("#f08c00"),
    IMMEDIATE: QColor("#d62020"),
    ROOT: QColor("#000000"),
}


@dataclass
class Highlight:
    """An impact drawn over a view: category per node index and the explaining paths."""

    category: dict[int, str] = field(default_factory=dict)
    points: dict[str, QPolygonF] = field(default_factory=dict)
    tree: QPainterPath = field(default_factory=QPainterPath)

    @classmethod
    def make(cls, data: DrawData, categories: dict[str, str], pairs: set[tuple[str, str]]) -> Highlight:
        """``categories``: code -> category; ``pairs``: (cause, affected) links to draw."""
        cat = {data.index[c]: k for c, k in categories.items() if c in data.index}
        points = {}
        for k in HIGHLIGHT_COLOURS:
            idx = np.array([i for i, kk in cat.items() if kk == k], dtype=np.int64)
            if len(idx):
                points[k] = polygon(data.xy[idx])
        ab = [(data.index[a], data.index[b]) for a, b in pairs if a in data.index and b in data.index]
        tree = QPainterPath()
        if ab:
            arr = np.array(ab, dtype=np.int64)
            tree = lines_path(data.xy[arr[:, 0]], data.xy[arr[:, 1]])
        return cls(cat, points, tree)


@dataclass
class PaintStats:
    """What a paint drew (for tests and the status line): level of detail and labels."""

    detail: str = "empty"  # 'far', 'middle' or 'near'
    labels: list[tuple[str, QRectF]] = field(default_factory=list)  # node labels: code, device rect


@dataclass
class Viewport:
    """Device pixels = (layout - centre) * scale + device centre."""

    cx: float
    cy: float
    scale: float
    width: float
    height: float
    ui: float = 1.0  # device pixels per screen pixel (a printer has many)

    @classmethod
    def fit(cls, rect: QRectF, width: float, height: float, ui: float = 1.0, margin: float = 0.03) -> Viewport:
        w, h = max(rect.width(), 1.0), max(rect.height(), 1.0)
        scale = min(width / w, height / h) * (1 - 2 * margin)
        return cls(rect.center().x(), rect.center().y(), scale, width, height, ui)

    def to_layout(self, px: float, py: float) -> tuple[float, float]:
        return (px - self.width / 2) / self.scale + self.cx, (py - self.height / 2) / self.scale + self.cy

    def visible(self) -> QRectF:
        x0, y0 = self.to_layout(0, 0)
        x1, y1 = self.to_layout(self.width, self.height)
        return QRectF(x0, y0, x1 - x0, y1 - y0)


def paint(painter: QPainter, data: DrawData, vp: Viewport, highlight: Highlight | None = None,
          selected: int | None = None, background: QColor | None = QColor("white")) -> PaintStats:
    stats = PaintStats()
    if background is not None:
        painter.fillRect(QRectF(0, 0, vp.width, vp.height), background)
    if data.n == 0:
        return stats
    gap_px = data.node_gap * vp.scale / vp.ui
    far = gap_px < FAR_GAP_PX and bool(data.clusters)
    near = gap_px >= NEAR_GAP_PX
    stats.detail = "far" if far else ("near" if near else "middle")
    visible = vp.visible()

    painter.save()
    painter.translate(vp.width / 2, vp.height / 2)
    painter.scale(vp.scale, vp.scale)
    painter.translate(-vp.cx, -vp.cy)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, near or data.n < 3000)
    _clusters(painter, data, vp, visible)
    if far:
        _cluster_edges(painter, data, vp)
    else:
        _edges(painter, data, vp, near, visible)
        if near and data.layered:
            _arrows(painter, data, vp, visible)
    if selected is not None and 0 <= selected < data.n:
        _selected_edges(painter, data, vp, selected)
    if highlight is not None and not highlight.tree.isEmpty():
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(_pen(QColor(214, 32, 32, 150), 1.6 * vp.ui))
        painter.drawPath(highlight.tree)
    dot = min(max(0.42 * gap_px, 2.5), 14.0) * vp.ui
    _nodes(painter, data, dot, vp)
    if highlight is not None:
        for cat, pts in highlight.points.items():
            ring = dot + (4 if cat == ROOT else 2.5) * vp.ui
            painter.setPen(_pen(QColor("white"), ring + 2 * vp.ui, round_cap=True))
            painter.drawPoints(pts)
            painter.setPen(_pen(HIGHLIGHT_COLOURS[cat], ring, round_cap=True))
            painter.drawPoints(pts)
    if selected is not None and 0 <= selected < data.n:
        x, y = data.xy[selected]
        r = (dot / 2 + 5 * vp.ui) / vp.scale
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(_pen(QColor("#ff6600"), 2.5 * vp.ui))
        painter.drawEllipse(QPointF(x, y), r, r)
    painter.restore()
    _labels(painter, data, vp, highlight, selected, dot, far, stats)
    return stats


def _pen(colour: QColor, width: float, round_cap: bool = False) -> QPen:
    pen = QPen(colour, width)
    pen.setCosmetic(True)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap if round_cap else Qt.PenCapStyle.SquareCap)
    return pen


def _clusters(painter: QPainter, data: DrawData, vp: Viewport, visible: QRectF) -> None:
    outer_fill, inner_fill = QBrush(QColor(236, 240, 246)), QBrush(QColor(250, 250, 252))
    outer_pen, inner_pen = _pen(QColor(150, 160, 180), 1.2 * vp.ui), _pen(QColor(205, 210, 220), 1.0 * vp.ui)
    min_px = 4 * vp.ui
    for level, brush, pen in ((1, outer_fill, outer_pen), (2, inner_fill, inner_pen)):
        painter.setBrush(brush)
        painter.setPen(pen)
        for b in data.clusters:
            if b.level != level or b.w * vp.scale < min_px:
                continue
            r = QRectF(b.x, b.y, b.w, b.h)
            if r.intersects(visible):
                painter.drawRect(r)


def _cluster_edges(painter: QPainter, data: DrawData, vp: Viewport) -> None:
    if not data.cluster_edges:
        return
    top = max(c for _a, _b, c in data.cluster_edges)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, len(data.cluster_edges) < 150)
    # bucketed by weight, one pen per bucket, the heaviest on top; light pairs left out
    buckets: dict[int, list[QLineF]] = {}
    for a, b, count in data.cluster_edges[:MAX_CLUSTER_EDGES]:
        buckets.setdefault(min(5, int(6 * count / top)), []).append(QLineF(a, b))
    for level in sorted(buckets):
        share = (level + 1) / 6
        shade = int(200 - 150 * share)
        painter.setPen(_pen(QColor(shade, shade + 10, min(255, shade + 50)), (0.6 + 5 * share) * vp.ui, True))
        painter.drawLines(buckets[level])


def _edges(painter: QPainter, data: DrawData, vp: Viewport, near: bool, visible: QRectF) -> None:
    painter.setBrush(Qt.BrushStyle.NoBrush)
    clustered = bool(data.clusters)
    # Zoomed in, only the segments near the screen are stroked: antialiased stroking of all
    # 30,000 would cost more than the rest of the frame. On a clustered layout a link leaving
    # the screen is left out (the selected node shows all of its links), else the long lines
    # across the overview hide everything under them.
    keep = None
    if near:
        keep = _edges_inside(data, visible) if clustered else _visible_edges(data, visible)
    # On a clustered layout the boxes already say which section a system belongs to, and the
    # platform hosts sit in a cluster of their own: those links show for the selection only.
    for t in (EDGE_OWNED_BY, EDGE_HOSTED, EDGE_RUNS_ON, EDGE_DEPENDS):
        path = data.edge_paths.get(t)
        if path is None or (clustered and t in (EDGE_OWNED_BY, EDGE_HOSTED)):
            continue
        if keep is not None:
            sel = keep & (data.edge_type == t)
            path = lines_path(data.xy[data.edge_src[sel]], data.xy[data.edge_dst[sel]])
        painter.setPen(_pen(EDGE_COLOURS[t], (1.2 if t == EDGE_DEPENDS and near else 0.8) * vp.ui))
        painter.drawPath(path)


def _selected_edges(painter: QPainter, data: DrawData, vp: Viewport, selected: int) -> None:
    sel = (data.edge_src == selected) | (data.edge_dst == selected)
    if not sel.any():
        return
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(_pen(QColor(230, 110, 0), 1.8 * vp.ui))
    painter.drawPath(lines_path(data.xy[data.edge_src[sel]], data.xy[data.edge_dst[sel]]))


def _edges_inside(data: DrawData, visible: QRectF) -> np.ndarray:
    """Edges with both ends on (or just around) the screen."""
    r = visible.adjusted(-visible.width() / 4, -visible.height() / 4, visible.width() / 4, visible.height() / 4)
    a, b = data.xy[data.edge_src], data.xy[data.edge_dst]

    def inside(p: np.ndarray) -> np.ndarray:
        return (p[:, 0] >= r.left()) & (p[:, 0] <= r.right()) & (p[:, 1] >= r.top()) & (p[:, 1] <= r.bottom())

    return inside(a) & inside(b)


def _visible_edges(data: DrawData, visible: QRectF) -> np.ndarray:
    a, b = data.xy[data.edge_src], data.xy[data.edge_dst]
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    return ((hi[:, 0] >= visible.left()) & (lo[:, 0] <= visible.right())
            & (hi[:, 1] >= visible.top()) & (lo[:, 1] <= visible.bottom()))


def _arrows(painter: QPainter, data: DrawData, vp: Viewport, visible: QRectF) -> None:
    """Arrowheads at the 'needed' end of the visible edges (layered layouts point down)."""
    if not len(data.edge_src):
        return
    a, b = data.xy[data.edge_src], data.xy[data.edge_dst]
    x0, y0, x1, y1 = visible.left(), visible.top(), visible.right(), visible.bottom()
    inside = (b[:, 0] >= x0) & (b[:, 0] <= x1) & (b[:, 1] >= y0) & (b[:, 1] <= y1) & (data.edge_type != EDGE_OWNED_BY)
    idx = np.flatnonzero(inside)[:MAX_ARROWS]
    if not len(idx):
        return
    d = b[idx] - a[idx]
    length = np.maximum(np.hypot(d[:, 0], d[:, 1]), 1e-9)[:, None]
    u = d / length
    size = 7.0 * vp.ui / vp.scale
    back = 0.42 * data.node_gap * vp.scale / vp.ui
    tip = b[idx] - u * min(back, 8.0) * vp.ui / vp.scale
    normal = np.stack([-u[:, 1], u[:, 0]], axis=1)
    left = tip - u * size + normal * size * 0.45
    right = tip - u * size - normal * size * 0.45
    path = polyline_path(np.stack([tip, left, right, tip], axis=1))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QBrush(QColor(90, 105, 145)))
    painter.drawPath(path)


def _nodes(painter: QPainter, data: DrawData, dot: float, vp: Viewport) -> None:
    a_pts = data.points.get(STYLE_SYSTEM_A)
    if a_pts is not None:  # criticality A: a dark ring under the dot
        painter.setPen(_pen(QColor("#101820"), dot + 3 * vp.ui, round_cap=True))
        painter.drawPoints(a_pts)
    for style in (STYLE_SECTION, STYLE_HOST, STYLE_SERVER, STYLE_SYSTEM_OFF, STYLE_SYSTEM, STYLE_SYSTEM_A):
        pts = data.points.get(style)
        if pts is None:
            continue
        square = style in (STYLE_SERVER, STYLE_HOST, STYLE_SECTION)
        size = dot * (0.8 if style == STYLE_SERVER else 1.0)
        painter.setPen(_pen(STYLE_COLOURS[style], size, round_cap=not square))
        painter.drawPoints(pts)


def _labels(painter: QPainter, data: DrawData, vp: Viewport, highlight: Highlight | None,
            selected: int | None, dot: float, far: bool, stats: PaintStats) -> None:
    """Non-overlapping labels: cluster titles, then nodes in importance order."""
    font = QFont(painter.font())
    font.setPixelSize(max(1, round(11 * vp.ui)))
    painter.setFont(font)
    fm = QFontMetricsF(font)
    line = fm.height()
    cell = max(line / 2, 1.0)
    # occupancy of the device in cells of half a text line: a label goes where nothing is yet
    cols, rows = int(vp.width // cell) + 2, int(vp.height // cell) + 2
    taken = np.zeros((rows, cols), dtype=bool)

    def place(x: float, y: float, w: float) -> bool:
        if x < 0 or y < 0 or x + w > vp.width or y + line > vp.height:
            return False
        i0, i1 = int(x // cell), int((x + w) // cell) + 1
        j0, j1 = int(y // cell), int((y + line) // cell) + 1
        block = taken[j0:j1, i0:i1]
        if block.any():
            return False
        block[:] = True
        return True

    size = font.pixelSize()
    widths = data.text_widths

    def width(text: str) -> float:
        w = widths.get((size, text))
        if w is None:
            w = widths[size, text] = fm.horizontalAdvance(text)
        return w

    def to_px(x: float, y: float) -> tuple[float, float]:
        return (x - vp.cx) * vp.scale + vp.width / 2, (y - vp.cy) * vp.scale + vp.height / 2

    gap_px = data.node_gap * vp.scale / vp.ui
    painter.setPen(QColor(60, 70, 90))
    for level in (1, 2):
        if level == 2 and far:
            continue
        for b in data.clusters:
            if b.level != level:
                continue
            x, y = to_px(b.x, b.y)
            wpx = b.w * vp.scale
            if wpx < 50 * vp.ui or x + wpx < 0 or x > vp.width or y < 0 or y > vp.height:
                continue
            text = f"{b.label} ({b.count})"
            if width(text) > wpx - 6 * vp.ui:
                text = fm.elidedText(text, Qt.TextElideMode.ElideRight, wpx - 6 * vp.ui)
            if text and place(x + 3 * vp.ui, y + 1 * vp.ui, width(text)):
                painter.drawText(QPointF(x + 3 * vp.ui, y + 1 * vp.ui + fm.ascent()), text)

    px = (data.xy[:, 0] - vp.cx) * vp.scale + vp.width / 2
    py = (data.xy[:, 1] - vp.cy) * vp.scale + vp.height / 2
    on_screen = (px >= -50) & (px <= vp.width) & (py >= 0) & (py <= vp.height + line)
    first = []
    if selected is not None:
        first.append(selected)
    if highlight is not None:
        first.extend(i for i, k in highlight.category.items() if k in (ROOT, IMMEDIATE))
        first.extend(i for i, k in highlight.category.items() if k not in (ROOT, IMMEDIATE))
    rest = data.order[on_screen[data.order]]
    budget = MAX_LABELS if gap_px >= FAR_GAP_PX else 40
    placed = tried = 0
    bold = QFont(font)
    bold.setBold(True)
    halo = QColor(255, 255, 255, 190)
    for i in [*first, *rest.tolist()]:
        if placed >= budget or tried >= 3 * budget + len(first):
            break
        if not on_screen[i]:
            continue
        tried += 1
        text = data.labels[i]
        if len(text) > 24:
            text = text[:23] + "…"
        x, y = px[i] + dot / 2 + 2 * vp.ui, py[i] - line / 2
        w = width(text)
        if place(x, y, w):
            painter.fillRect(QRectF(x - 1, y, w + 2, line), halo)  # legible over lines and dots
            painter.setFont(bold if highlight is not None and i in highlight.category else font)
            painter.drawText(QPointF(x, y + fm.ascent()), text)
            stats.labels.append((data.codes[i], QRectF(x, y, w, line)))
            placed += 1
