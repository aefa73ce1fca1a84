"""Print preview and printing from the GUI: QPrintPreviewDialog painting through ``render``."""

from __future__ import annotations

from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QWidget

from assetdesk.reports.model import Document
from ui.reports.render import page_layout, render


def make_printer(doc: Document) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setFullPage(True)
    printer.setPageLayout(page_layout(doc.orientation))
    printer.setDocName(doc.title)
    return printer


def preview(doc: Document, parent: QWidget | None = None) -> int:
    """Show the print preview of ``doc`` (the user prints or saves from there); the dialog's result."""
    printer = make_printer(doc)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(doc.title)
    dialog.paintRequested.connect(lambda p: render(doc, p))
    return dialog.exec()


def print_document(doc: Document, parent: QWidget | None = None) -> bool:
    """Ask for a printer and print ``doc``; False when the user cancels."""
    printer = make_printer(doc)
    if QPrintDialog(printer, parent).exec() != QPrintDialog.DialogCode.Accepted:
        return False
    render(doc, printer)
    return True
