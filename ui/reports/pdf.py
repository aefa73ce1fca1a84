"""Report documents to PDF files and printers (the same renderer paints both)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QPdfWriter

from assetdesk.reports.model import Document
from ui.reports.fonts import ensure_gui_application, report_font_family
from ui.reports.render import render
from ui.reports.textmap import fix_text_map, radical_map

#: Device resolution of PDF output: fine enough for hairlines, coarse enough to stay fast.
PDF_DPI = 600


def write_pdf(doc: Document, path: str | Path) -> int:
    """Write ``doc`` as a PDF at ``path`` (fonts embedded); returns the page count."""
    ensure_gui_application()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = QPdfWriter(str(path))
    writer.setResolution(PDF_DPI)
    writer.setTitle(doc.title)
    writer.setCreator("AssetDesk")
    pages = render(doc, writer)
    del writer  # closes the file
    fix_text_map(path, radical_map(report_font_family()))
    return pages
