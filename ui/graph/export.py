"""The graph as a PNG, an SVG or on paper: the same painter as the screen, fitted to the target.

The whole view is exported (not just what the window shows), at a scale where neighbouring
nodes are ``gap_px`` pixels apart, so the level of detail of the file matches what a person
would see zoomed to that scale.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSize
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QWidget

from ui.graph.drawdata import DrawData
from ui.graph.painter import Highlight, Viewport, paint

MIN_SIDE, MAX_SIDE = 800, 6000


def image_size(data: DrawData, gap_px: float = 10.0) -> QSize:
    """Pixels for the whole view with nodes ``gap_px`` apart, within [MIN_SIDE, MAX_SIDE]."""
    b = data.bounds
    scale = gap_px / max(data.node_gap, 1e-6)
    w, h = max(b.width() * scale, 1.0), max(b.height() * scale, 1.0)
    f = min(MAX_SIDE / max(w, h), max(1.0, MIN_SIDE / min(w, h)))
    return QSize(max(1, round(w * f)), max(1, round(h * f)))


def render_image(data: DrawData, size: QSize | None = None, highlight: Highlight | None = None,
                 selected: int | None = None) -> QImage:
    size = size or image_size(data)
    image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0xFFFFFFFF)
    p = QPainter(image)
    paint(p, data, Viewport.fit(data.bounds, size.width(), size.height()), highlight, selected)
    p.end()
    return image


def save_png(data: DrawData, path: str | Path, highlight: Highlight | None = None,
             selected: int | None = None, size: QSize | None = None) -> Path:
    path = Path(path)
    # quality 50 = zlib level ~4: a third of the default's time, files a few % larger
    if not render_image(data, size, highlight, selected).save(str(path), "PNG", 50):
        raise OSError(f"could not write {path}")
    return path


def save_svg(data: DrawData, path: str | Path, highlight: Highlight | None = None,
             selected: int | None = None, title: str = "") -> Path:
    path = Path(path)
    size = image_size(data, gap_px=12.0)
    gen = QSvgGenerator()
    gen.setFileName(str(path))
    gen.setSize(size)
    gen.setViewBox(QRectF(0, 0, size.width(), size.height()))
    gen.setTitle(title or "AssetDesk")
    p = QPainter()
    if not p.begin(gen):
        raise OSError(f"could not write {path}")
    paint(p, data, Viewport.fit(data.bounds, size.width(), size.height()), highlight, selected)
    p.end()
    return path


def make_printer(title: str = "") -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A3), QPageLayout.Orientation.Landscape,
                                      QMarginsF(10, 10, 10, 10), QPageLayout.Unit.Millimeter))
    printer.setDocName(title or "AssetDesk")
    return printer


def print_to(printer: QPrinter, data: DrawData, highlight: Highlight | None = None,
             selected: int | None = None, title: str = "") -> None:
    """The whole view on one page, a title line above it; labels sized as on a screen."""
    p = QPainter()
    if not p.begin(printer):
        raise OSError("could not start printing")
    page = printer.pageRect(QPrinter.Unit.DevicePixel)
    ui = printer.resolution() / 96.0
    top = 0.0
    if title:
        f = p.font()
        f.setPixelSize(round(14 * ui))
        p.setFont(f)
        top = p.fontMetrics().height() * 1.6
        p.drawText(QRectF(0, 0, page.width(), top), title)
    p.translate(0, top)
    vp = Viewport.fit(data.bounds, page.width(), page.height() - top, ui=ui)
    paint(p, data, vp, highlight, selected, background=None)
    p.end()


def preview(data: DrawData, parent: QWidget | None = None, highlight: Highlight | None = None,
            selected: int | None = None, title: str = "") -> int:
    printer = make_printer(title)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(title or "AssetDesk")
    dialog.paintRequested.connect(lambda pr: print_to(pr, data, highlight, selected, title))
    return dialog.exec()
