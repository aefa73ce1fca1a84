"""Lay a report document out on A4 pages and paint it on any paged device (PDF writer, printer).

Two passes: ``layout`` measures every block with the device's font metrics and cuts the flow
into pages (tables break between rows and repeat their header; text wraps at word boundaries
or, for long codes, anywhere, so nothing is cut off); then ``paint`` draws the pages, now that
the page count for "N / M" is known. Units are device pixels; ``mm`` converts.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPen,
    QTextLayout,
    QTextOption,
)

from assetdesk.i18n import _
from assetdesk.reports import format as fmt
from assetdesk.reports.model import (
    Chart,
    Column,
    ColumnKind,
    Cover,
    Document,
    Heading,
    KeyValues,
    Orientation,
    PageBreak,
    Paragraph,
    SignOff,
    Table,
)
from ui.reports.fonts import report_font_family

Op = Callable[[QPainter], None]

MARGIN_MM = (15.0, 14.0, 15.0, 14.0)  # left, top, right, bottom (inside: header and footer bands)
HEADER_MM = 9.0
FOOTER_MM = 8.0
PAD_MM = 1.2
LINE = QColor("#7f8c8d")
HEADER_FILL = QColor("#dfe6ee")
LABEL_FILL = QColor("#eef2f6")
ALERT = QColor("#b03a2e")
INK = QColor("#1b1b1b")


def page_layout(orientation: Orientation) -> QPageLayout:
    o = QPageLayout.Orientation.Landscape if orientation == Orientation.LANDSCAPE else QPageLayout.Orientation.Portrait
    return QPageLayout(QPageSize(QPageSize.PageSizeId.A4), o, QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)


@dataclass
class Page:
    ops: list[Op] = field(default_factory=list)
    cover: bool = False


@dataclass
class Cell:
    """A laid-out cell: its text (wrapped) and how to paint it."""

    text: str
    width: float
    layout: QTextLayout | None
    height: float
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft
    fill: QColor | None = None
    bar: float | None = None  # percentage for BAR cells


class Renderer:
    """Lays out ``doc`` for ``device`` (whose page layout it sets) and paints it."""

    def __init__(self, doc: Document, device: QPagedPaintDevice):
        self.doc = doc
        self.device = device
        device.setPageLayout(page_layout(doc.orientation))
        self.dpi = device.logicalDpiY()
        family = report_font_family()
        self.fonts = {
            "body": self._font(family, 9.0),
            "table": self._font(family, 8.0),
            "table_bold": self._font(family, 8.0, bold=True),
            "h1": self._font(family, 13.0, bold=True),
            "h2": self._font(family, 10.5, bold=True),
            "small": self._font(family, 7.5),
            "title": self._font(family, 26.0, bold=True),
            "cover": self._font(family, 14.0),
        }
        self.metrics = {k: QFontMetricsF(f, device) for k, f in self.fonts.items()}
        rect = device.pageLayout().fullRectPixels(self.dpi)
        self.page_w, self.page_h = float(rect.width()), float(rect.height())
        left, top, right, bottom = (self.mm(v) for v in MARGIN_MM)
        self.left = left
        self.right = self.page_w - right
        self.top = top + self.mm(HEADER_MM)
        self.bottom = self.page_h - bottom - self.mm(FOOTER_MM)
        self.width = self.right - self.left
        self.pad = self.mm(PAD_MM)
        self.pages: list[Page] = []
        self.y = self.top

    # --- units and text -----------------------------------------------------------------------

    def mm(self, v: float) -> float:
        return v * self.dpi / 25.4

    def _font(self, family: str, pt: float, bold: bool = False) -> QFont:
        f = QFont(family)
        f.setPointSizeF(pt)
        # Qt fakes a missing bold face by drawing the text twice, which doubles it in the PDF's
        # text (search, copy, extraction): bold only where the family has a real bold face.
        f.setBold(bold and any("bold" in st.lower() for st in QFontDatabase.styles(family)))
        f.setStyleStrategy(QFont.StyleStrategy.PreferOutline)
        return f

    def text_layout(self, text: str, font: str, width: float,
                    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft) -> tuple[QTextLayout, float]:
        """``text`` wrapped to ``width`` (word boundaries first, anywhere for over-long words)."""
        layout = QTextLayout(text, self.fonts[font], self.device)
        opt = QTextOption(align)
        opt.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        layout.setTextOption(opt)
        layout.beginLayout()
        y = 0.0
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(max(1.0, width))
            line.setPosition(QPointF(0.0, y))
            y += line.height()
        layout.endLayout()
        return layout, y

    def natural(self, text: str, font: str) -> float:
        """The width of the longest line of ``text`` on one line each."""
        m = self.metrics[font]
        return max((m.horizontalAdvance(part) for part in text.split("\n")), default=0.0)

    # --- pages ----------------------------------------------------------------------------------

    @property
    def page(self) -> Page:
        if not self.pages:
            self.pages.append(Page())
        return self.pages[-1]

    def new_page(self) -> None:
        self.pages.append(Page())
        self.y = self.top

    def page_is_empty(self) -> bool:
        return not self.pages or (not self.page.ops and not self.page.cover)

    def ensure(self, height: float) -> None:
        """Start a new page unless ``height`` fits below the cursor (an empty page takes anything)."""
        if self.y + height > self.bottom and not self.page_is_empty():
            self.new_page()

    def emit(self, op: Op) -> None:
        self.page.ops.append(op)

    # --- layout of blocks ----------------------------------------------------------------------

    def layout(self) -> list[Page]:
        handlers = {Cover: self._cover, Heading: self._heading, Paragraph: self._paragraph,
                    KeyValues: self._key_values, Table: self._table, Chart: self._chart,
                    SignOff: self._sign_off, PageBreak: lambda _b: self.new_page()}
        for block in self.doc.blocks:
            handlers[type(block)](block)
        if not self.pages:
            self.new_page()
        return self.pages

    def _cover(self, c: Cover) -> None:
        if not self.page_is_empty():
            self.new_page()
        self.page.cover = True
        w, h = self.page_w, self.page_h
        lines = [
            ("title", c.title, h * 0.30),
            ("cover", c.subtitle, h * 0.30 + self.mm(18)),
            ("h1", c.fiscal_year, h * 0.45),
            ("cover", c.date_wareki, h * 0.66),
            ("body", f"({c.date_western})", h * 0.66 + self.mm(8)),
            ("h1", c.division, h * 0.76),
        ]
        for font, text, y in lines:
            if not text:
                continue
            layout, _height = self.text_layout(text, font, w - 2 * self.left, Qt.AlignmentFlag.AlignHCenter)
            self.emit(lambda p, lay=layout, y=y: lay.draw(p, QPointF(self.left, y)))
        if c.sign_off is not None:
            self.y = self.mm(MARGIN_MM[1])  # top right, where stamp boxes go
            self._sign_off(c.sign_off)
        self.new_page()

    def _heading(self, hd: Heading) -> None:
        if hd.new_page and not self.page_is_empty() and self.y > self.top:
            self.new_page()
        font = "h1" if hd.level <= 1 else "h2"
        layout, height = self.text_layout(hd.text, font, self.width)
        gap_before = self.mm(4 if hd.level <= 1 else 3) if self.y > self.top else 0.0
        # Keep a heading with the start of what follows it.
        self.ensure(gap_before + height + self.mm(25))
        if self.y > self.top:
            self.y += gap_before
        y = self.y
        level = hd.level
        x0, x1 = self.left, self.right

        def op(p: QPainter, lay=layout, y=y, h=height) -> None:
            p.setPen(INK)
            lay.draw(p, QPointF(x0, y))
            if level <= 1:
                p.setPen(QPen(QColor("#2c3e50"), self.mm(0.4)))
                p.drawLine(QPointF(x0, y + h + self.mm(0.8)), QPointF(x1, y + h + self.mm(0.8)))

        self.emit(op)
        self.y += height + self.mm(2.5 if level <= 1 else 1.5)

    def _paragraph(self, para: Paragraph) -> None:
        layout, _height = self.text_layout(para.text, "body", self.width)
        # Split a paragraph taller than what is left only between its lines.
        lines = [layout.lineAt(i) for i in range(layout.lineCount())]
        start = 0
        while start < len(lines):
            room = self.bottom - self.y
            used, end = 0.0, start
            while end < len(lines) and used + lines[end].height() <= room:
                used += lines[end].height()
                end += 1
            if end == start:
                if self.page_is_empty():
                    end, used = start + 1, lines[start].height()
                else:
                    self.new_page()
                    continue
            offset = lines[start].y()
            y = self.y
            color = ALERT if para.emphasis else INK

            def op(p: QPainter, lay=layout, s=start, e=end, y=y, off=offset, color=color) -> None:
                p.setPen(color)
                for i in range(s, e):
                    lay.lineAt(i).draw(p, QPointF(self.left, y - off))

            self.emit(op)
            self.y += used
            start = end
        self.y += self.mm(2)

    # --- grids: tables and key-value blocks ------------------------------------------------------

    def _cells(self, texts: list[str], widths: list[float], font: str, aligns: list[Qt.AlignmentFlag],
               fills: list[QColor | None] | None = None, bars: list[float | None] | None = None) -> list[Cell]:
        cells = []
        for i, (text, w) in enumerate(zip(texts, widths, strict=True)):
            align = aligns[i]
            if text:
                layout, h = self.text_layout(text, font, w - 2 * self.pad, align)
            else:
                layout, h = None, self.metrics[font].height()
            cells.append(Cell(text, w, layout, h, align, fills[i] if fills else None, bars[i] if bars else None))
        return cells

    def _row_height(self, cells: list[Cell]) -> float:
        return max(c.height for c in cells) + 2 * self.pad

    def _paint_row(self, cells: list[Cell], y: float, height: float, bold_line: bool = False,
                   windows: list[tuple[int, int]] | None = None) -> Op:
        """One row of cells at ``y``. ``windows`` gives each cell's range of text lines to paint
        (a row taller than a page is painted in slices, one per page)."""
        x0 = self.left

        def op(p: QPainter) -> None:
            x = x0
            for ci, c in enumerate(cells):
                rect = QRectF(x, y, c.width, height)
                if c.fill is not None:
                    p.fillRect(rect, c.fill)
                if c.bar is not None:
                    share = max(0.0, min(1.0, c.bar / 100.0))
                    bar_rect = QRectF(x + self.pad, y + self.pad, (c.width - 2 * self.pad) * share,
                                      height - 2 * self.pad)
                    p.fillRect(bar_rect, QColor("#c0392b") if c.bar > 100 else QColor("#aed6f1"))
                p.setPen(QPen(LINE, self.mm(0.15)))
                p.drawRect(rect)
                if c.layout is not None:
                    p.setPen(INK)
                    if windows is None:
                        c.layout.draw(p, QPointF(x + self.pad, y + self.pad))
                    else:
                        first, stop = windows[ci]
                        if first < stop:
                            shift = c.layout.lineAt(first).y()
                            for k in range(first, stop):
                                c.layout.lineAt(k).draw(p, QPointF(x + self.pad, y + self.pad - shift))
                x += c.width
            if bold_line:
                p.setPen(QPen(INK, self.mm(0.35)))
                p.drawLine(QPointF(x0, y), QPointF(x, y))

        return op

    def column_widths(self, table: Table) -> list[float]:
        """Widths that fit the page: numbers and dates keep one line; text shares the rest."""
        n = len(table.columns)
        cell_texts = [[fmt.cell(v, c) for v, c in zip(row, table.columns, strict=True)]
                      for row in (*table.rows, *((table.total,) if table.total else ()))]
        pad = 2 * self.pad + self.mm(0.4)
        min_text = self.metrics["table"].horizontalAdvance("国国国国") + pad
        fixed: dict[int, float] = {}
        natural: dict[int, float] = {}
        least: dict[int, float] = {}  # a text column's minimum: its longest word, within reason
        for i, col in enumerate(table.columns):
            header = self.natural(col.label, "table_bold") + pad
            content = max((self.natural(r[i], "table_bold" if table.total and r is cell_texts[-1] else "table")
                           for r in cell_texts), default=0.0) + pad
            if col.width_mm is not None:
                fixed[i] = self.mm(col.width_mm)
            elif col.kind == ColumnKind.BAR:
                fixed[i] = max(content, self.mm(28))
            elif col.kind in (ColumnKind.NUMBER, ColumnKind.DATE):
                # The header may wrap, between words; the figures never do.
                word = max((self.natural(w, "table_bold") for w in col.label.split()), default=0.0) + pad
                fixed[i] = max(content, min(header, self.mm(16)), min(word, self.mm(24)), self.mm(10))
            else:
                natural[i] = max(content, min(header, self.mm(30)), min_text)
                word = max((self.natural(w, "table") for r in cell_texts for w in r[i].split()), default=0.0)
                least[i] = min(natural[i], max(min_text, min(word + pad, self.mm(25))))
        spare = self.width - sum(fixed.values())
        widths = [0.0] * n
        for i, w in fixed.items():
            widths[i] = w
        if not natural:
            scale = self.width / sum(widths) if sum(widths) > self.width else 1.0
            return [w * scale for w in widths]
        if spare < sum(least.values()):
            # Even the figures and whole words do not fit: shrink all (they wrap rather than get cut).
            total = sum(fixed.values()) + sum(least.values())
            return [(w if i in fixed else least[i]) * self.width / total for i, w in enumerate(widths)]
        want = sum(natural.values())
        if want <= spare:
            # Everything fits on one line: hand the slack out by weight.
            slack = spare - want
            weights = {i: table.columns[i].weight * natural[i] for i in natural}
            total_w = sum(weights.values())
            for i in natural:
                widths[i] = natural[i] + slack * weights[i] / total_w
            return widths
        # Wrap: columns whose content fits their fair share keep one line; the others share
        # what is left by weight (the usual automatic table layout).
        widths_t: dict[int, float] = {}
        rest = spare
        open_cols = set(natural)
        while open_cols:
            total_w = sum(table.columns[i].weight for i in open_cols)
            fits = [i for i in open_cols if natural[i] <= rest * table.columns[i].weight / total_w]
            if not fits:
                # Shares below a column's minimum are raised to it; the others split what is left.
                low = [i for i in open_cols if least[i] > rest * table.columns[i].weight / total_w]
                if low:
                    for i in low:
                        widths_t[i] = least[i]
                        rest -= least[i]
                        open_cols.discard(i)
                    continue
                for i in open_cols:
                    widths_t[i] = rest * table.columns[i].weight / total_w
                break
            for i in fits:
                widths_t[i] = natural[i]
                rest -= natural[i]
                open_cols.discard(i)
        for i, w in widths_t.items():
            widths[i] = w
        return widths

    def _table(self, table: Table) -> None:
        widths = self.column_widths(table)
        aligns = [Qt.AlignmentFlag.AlignRight if c.kind in (ColumnKind.NUMBER, ColumnKind.BAR)
                  else Qt.AlignmentFlag.AlignLeft for c in table.columns]
        header = self._cells([c.label for c in table.columns], widths, "table_bold",
                             [Qt.AlignmentFlag.AlignLeft] * len(widths), [HEADER_FILL] * len(widths))
        header_h = self._row_height(header)
        title_font = "h2"
        title_layout, title_h = (self.text_layout(table.title, title_font, self.width) if table.title else (None, 0.0))
        cont_layout, cont_h = (self.text_layout(table.title + _("(続き)"), title_font, self.width)
                               if table.title else (None, 0.0))

        rows = [self._row_cells(r, table.columns, widths, aligns, "table") for r in table.rows]
        if table.total:
            total = self._row_cells(table.total, table.columns, widths, aligns, "table_bold")
            for c in total:
                c.fill = LABEL_FILL
            rows.append(total)
        first_h = self._row_height(rows[0]) if rows else self.mm(8)
        self.ensure((title_h + self.mm(1.5) if title_layout else 0.0) + header_h + first_h)
        if self.y > self.top:
            self.y += self.mm(1.5)

        def put_title(lay: QTextLayout | None, h: float) -> None:
            if lay is None:
                return
            y = self.y
            self.emit(lambda p, lay=lay, y=y: (p.setPen(INK), lay.draw(p, QPointF(self.left, y))))
            self.y += h + self.mm(1.0)

        def put_header() -> None:
            self.emit(self._paint_row(header, self.y, header_h))
            self.y += header_h

        put_title(title_layout, title_h)
        if not rows:
            put_header()
            layout, h = self.text_layout(table.empty_text or _("該当なし"), "table", self.width - 2 * self.pad)
            y = self.y
            self.emit(lambda p, lay=layout, y=y: (p.setPen(INK), lay.draw(p, QPointF(self.left + self.pad, y + self.pad))))
            self.y += h + 2 * self.pad + self.mm(3)
            return
        put_header()
        last = len(rows) - 1
        for i, cells in enumerate(rows):
            h = self._row_height(cells)
            if self.y + h > self.bottom and self.y > self.top + header_h + cont_h + self.mm(2):
                self.new_page()
                put_title(cont_layout, cont_h)
                put_header()
            self._put_row(cells, h, bool(table.total) and i == last,
                          lambda: (self.new_page(), put_title(cont_layout, cont_h), put_header()))
        self.y += self.mm(4)

    def _put_row(self, cells: list[Cell], height: float, bold_line: bool = False,
                 next_page: Callable[[], object] | None = None) -> None:
        """Place a row at the cursor; one taller than the room left is cut between text lines
        and continued on the next pages (``next_page`` starts one, e.g. with the header)."""
        if self.y + height <= self.bottom:
            self.emit(self._paint_row(cells, self.y, height, bold_line))
            self.y += height
            return
        # Each cell goes on from its first line not yet painted; a slice takes the lines that fit.
        done = [0] * len(cells)
        counts = [c.layout.lineCount() if c.layout is not None else 0 for c in cells]
        first_slice = True
        while first_slice or any(d < n for d, n in zip(done, counts, strict=True)):
            room = self.bottom - self.y - 2 * self.pad
            windows: list[tuple[int, int]] = []
            used = 0.0
            for c, d, n in zip(cells, done, counts, strict=True):
                stop = d
                if c.layout is not None and d < n:
                    shift = c.layout.lineAt(d).y()
                    while stop < n and c.layout.lineAt(stop).y() + c.layout.lineAt(stop).height() - shift <= room:
                        stop += 1
                    if stop > d:
                        last = c.layout.lineAt(stop - 1)
                        used = max(used, last.y() + last.height() - shift)
                windows.append((d, stop))
            if used == 0.0 and any(d < n for d, n in zip(done, counts, strict=True)):
                if self.page_is_empty() or self.y <= self.top + self.mm(30):
                    # A single line taller than the page: paint it whole rather than loop.
                    windows = [(d, min(d + 1, n)) for d, n in zip(done, counts, strict=True)]
                    used = max((c.layout.lineAt(d).height() for c, d, n in zip(cells, done, counts, strict=True)
                                if c.layout is not None and d < n), default=0.0)
                else:
                    (next_page or self.new_page)()
                    continue
            h = max(used, self.metrics["table"].height()) + 2 * self.pad
            self.emit(self._paint_row(cells, self.y, h, bold_line and first_slice, windows))
            self.y += h
            done = [w[1] for w in windows]
            first_slice = False
            if any(d < n for d, n in zip(done, counts, strict=True)):
                (next_page or self.new_page)()

    def _row_cells(self, row: tuple, columns: tuple[Column, ...], widths: list[float],
                   aligns: list[Qt.AlignmentFlag], font: str) -> list[Cell]:
        texts = [fmt.cell(v, c) for v, c in zip(row, columns, strict=True)]
        bars = [float(v) if c.kind == ColumnKind.BAR and isinstance(v, int | float) else None
                for v, c in zip(row, columns, strict=True)]
        return self._cells(texts, widths, font, aligns, None, bars)

    def _key_values(self, kv: KeyValues) -> None:
        if kv.title:
            self._heading(Heading(kv.title, level=2))
        per_row = max(1, kv.columns)
        pair_w = self.width / per_row
        label_w = min(pair_w * 0.38, self.mm(45))
        widths = [label_w, pair_w - label_w] * per_row
        aligns = [Qt.AlignmentFlag.AlignLeft] * len(widths)
        fills = [LABEL_FILL, None] * per_row
        for start in range(0, len(kv.rows), per_row):
            chunk = list(kv.rows[start:start + per_row])
            chunk += [("", "")] * (per_row - len(chunk))
            texts = [t for pair in chunk for t in pair]
            cells = self._cells(texts, widths, "table", aligns, fills)
            h = self._row_height(cells)
            if h <= self.bottom - self.top:
                self.ensure(h)
            self._put_row(cells, h)
        self.y += self.mm(4)

    # --- charts and the sign-off block -----------------------------------------------------------

    def _chart(self, chart: Chart) -> None:
        title_layout, title_h = self.text_layout(chart.title, "h2", self.width)
        height = self.mm(chart.height_mm)
        self.ensure(title_h + height + self.mm(4))
        y = self.y
        self.emit(lambda p, lay=title_layout, y=y: (p.setPen(INK), lay.draw(p, QPointF(self.left, y))))
        box = QRectF(self.left, y + title_h + self.mm(1), self.width, height)
        self.emit(lambda p, box=box: self._paint_chart(p, chart, box))
        self.y = box.bottom() + self.mm(4)

    def _paint_chart(self, p: QPainter, chart: Chart, box: QRectF) -> None:
        small = self.fonts["small"]
        m = self.metrics["small"]
        values = [v for s in chart.series for v in s.values if v is not None]
        values += [t[1] for t in chart.targets]
        top_value = chart.maximum or max([*values, 1.0])
        step = _nice_step(top_value / 5)
        top_value = step * math.ceil(top_value * 1.08 / step)
        axis_w = max(m.horizontalAdvance(fmt.number(top_value)), m.horizontalAdvance(chart.unit)) + self.mm(3)
        legend_h = m.height() + self.mm(1.5)
        plot = QRectF(box.left() + axis_w, box.top() + legend_h, box.width() - axis_w - self.mm(2),
                      box.height() - legend_h - m.height() * 2 - self.mm(2))
        p.setFont(small)

        def y_of(v: float) -> float:
            return plot.bottom() - plot.height() * v / top_value

        # Grid and y-axis labels.
        v = 0.0
        while v <= top_value + 1e-9:
            y = y_of(v)
            p.setPen(QPen(QColor("#d5d8dc"), self.mm(0.15)))
            p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            p.setPen(INK)
            p.drawText(QRectF(box.left(), y - m.height() / 2, axis_w - self.mm(1.5), m.height()),
                       int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), fmt.number(v))
            v += step
        p.setPen(QPen(INK, self.mm(0.25)))
        p.drawLine(plot.bottomLeft(), plot.bottomRight())
        p.drawLine(plot.bottomLeft(), plot.topLeft())

        # Legend.
        x = plot.left()
        for s in chart.series:
            p.fillRect(QRectF(x, box.top() + self.mm(0.5), self.mm(3), self.mm(2.5)), QColor(s.color))
            x += self.mm(4)
            p.setPen(INK)
            p.drawText(QPointF(x, box.top() + m.ascent()), s.name)
            x += m.horizontalAdvance(s.name) + self.mm(5)
        if chart.targets:
            p.setPen(QPen(ALERT, self.mm(0.5)))
            p.drawLine(QPointF(x, box.top() + m.height() / 2), QPointF(x + self.mm(4), box.top() + m.height() / 2))
            x += self.mm(5)
            p.setPen(INK)
            p.drawText(QPointF(x, box.top() + m.ascent()), chart.target_label or _("計画値"))

        n = max(1, len(chart.categories))
        slot = plot.width() / n
        series = chart.series
        if chart.kind == "line":
            for s in series:
                p.setPen(QPen(QColor(s.color), self.mm(0.5)))
                points = [QPointF(plot.left() + slot * (i + 0.5), y_of(v)) for i, v in enumerate(s.values)
                          if v is not None]
                for a, b in itertools.pairwise(points):
                    p.drawLine(a, b)
                for pt in points:
                    p.setBrush(QBrush(QColor(s.color)))
                    p.drawEllipse(pt, self.mm(0.8), self.mm(0.8))
        else:
            bar_w = slot * 0.7 / max(1, len(series))
            for si, s in enumerate(series):
                for i, v in enumerate(s.values):
                    if v is None:
                        continue
                    x0 = plot.left() + slot * i + slot * 0.15 + bar_w * si
                    rect = QRectF(x0, y_of(v), bar_w, plot.bottom() - y_of(v))
                    p.fillRect(rect, QColor(s.color))
                    p.setPen(INK)
                    p.drawText(QRectF(x0 - self.mm(5), rect.top() - m.height(), bar_w + self.mm(10), m.height()),
                               int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom), fmt.number(v))
        for i, value, label in chart.targets:
            cx = plot.left() + slot * (i + 0.5)
            y = y_of(value)
            p.setPen(QPen(ALERT, self.mm(0.6)))
            p.drawLine(QPointF(cx - slot * 0.42, y), QPointF(cx + slot * 0.42, y))
            # The label goes above the bars' own figures so that neither hides the other.
            tops = [y_of(s.values[i]) for s in series if i < len(s.values) and s.values[i] is not None]
            label_y = min([y, *tops]) - m.height() * (2.1 if tops else 1.1)
            p.drawText(QRectF(cx - slot / 2, label_y, slot, m.height()),
                       int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom), label)
        p.setPen(INK)
        for i, cat in enumerate(chart.categories):
            p.drawText(QRectF(plot.left() + slot * i, plot.bottom() + self.mm(1), slot, m.height() * 2),
                       int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap), cat)
        p.setBrush(Qt.BrushStyle.NoBrush)

    def _sign_off(self, s: SignOff) -> None:
        box_w, label_h, stamp_h = self.mm(22), self.mm(6), self.mm(22)
        total_h = label_h + stamp_h + self.mm(8)
        self.ensure(total_h)
        self.y += self.mm(6)
        y = self.y
        x_start = self.right - box_w * len(s.roles)
        title_w = self.mm(8) if s.title else 0.0

        def op(p: QPainter) -> None:
            p.setFont(self.fonts["table"])
            p.setPen(QPen(INK, self.mm(0.3)))
            if s.title:
                r = QRectF(x_start - title_w, y, title_w, label_h + stamp_h)
                p.fillRect(r, LABEL_FILL)
                p.drawRect(r)
                if any(ord(ch) > 0x2E80 for ch in s.title):  # Japanese: one character per line
                    p.drawText(r, int(Qt.AlignmentFlag.AlignCenter), "\n".join(s.title))
                else:  # Latin words: turned a quarter
                    p.save()
                    p.translate(r.center())
                    p.rotate(-90)
                    p.drawText(QRectF(-r.height() / 2, -r.width() / 2, r.height(), r.width()),
                               int(Qt.AlignmentFlag.AlignCenter), s.title)
                    p.restore()
            for i, role in enumerate(s.roles):
                x = x_start + box_w * i
                label = QRectF(x, y, box_w, label_h)
                p.fillRect(label, LABEL_FILL)
                p.drawRect(label)
                p.drawText(label, int(Qt.AlignmentFlag.AlignCenter), role)
                p.drawRect(QRectF(x, y + label_h, box_w, stamp_h))

        self.emit(op)
        self.y += label_h + stamp_h + self.mm(2)

    # --- painting -----------------------------------------------------------------------------

    def paint(self, painter: QPainter, pages: list[Page] | None = None) -> int:
        """Paint every page (calls ``newPage`` between them); returns the page count."""
        pages = pages if pages is not None else self.layout()
        total = len(pages)
        for n, page in enumerate(pages, start=1):
            if n > 1:
                self.device.newPage()
            painter.save()
            if not page.cover:
                self._frame(painter, n, total)
            for op in page.ops:
                op(painter)
            painter.restore()
        return total

    def _frame(self, p: QPainter, n: int, total: int) -> None:
        """The page header (title, fiscal year) and footer (page N / M, print date)."""
        m = self.metrics["small"]
        p.setFont(self.fonts["small"])
        p.setPen(INK)
        top = self.mm(MARGIN_MM[1])
        p.drawText(QRectF(self.left, top, self.width, m.height()),
                   int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), self.doc.title)
        p.drawText(QRectF(self.left, top, self.width, m.height()),
                   int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), self.doc.fiscal_year)
        p.setPen(QPen(LINE, self.mm(0.2)))
        p.drawLine(QPointF(self.left, top + m.height() + self.mm(1)), QPointF(self.right, top + m.height() + self.mm(1)))
        foot = self.page_h - self.mm(MARGIN_MM[3]) - m.height()
        p.drawLine(QPointF(self.left, foot - self.mm(1)), QPointF(self.right, foot - self.mm(1)))
        p.setPen(INK)
        p.drawText(QRectF(self.left, foot, self.width, m.height()),
                   int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter),
                   self.doc.page_label.format(page=n, pages=total))
        p.drawText(QRectF(self.left, foot, self.width, m.height()),
                   int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), self.doc.printed_label)


def _nice_step(raw: float) -> float:
    """1, 2 or 5 times a power of ten, at least ``raw``."""
    if raw <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(raw))
    for k in (1, 2, 5, 10):
        if k * power >= raw:
            return float(k * power)
    return float(10 * power)


def render(doc: Document, device: QPagedPaintDevice) -> int:
    """Lay ``doc`` out for ``device`` and paint it there; returns the page count."""
    renderer = Renderer(doc, device)
    pages = renderer.layout()
    painter = QPainter()
    if not painter.begin(device):
        raise RuntimeError("cannot paint on the device")
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        return renderer.paint(painter, pages)
    finally:
        painter.end()
