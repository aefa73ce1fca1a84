"""Dropping spreadsheet files on a widget (the page, or the whole main window).

An event filter rather than a subclass, so that the main window can install it on itself
without changing its class: ``install_drop_target(window, page.import_files)``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QWidget

#: What can be imported; folders are accepted too (their files are read in name order).
SUFFIXES = (".xlsx", ".xlsm", ".csv")


def importable_paths(urls: Sequence) -> list[Path]:
    """Local files with an importable suffix, and folders, from dropped URLs."""
    out: list[Path] = []
    for url in urls:
        if not url.isLocalFile():
            continue
        p = Path(url.toLocalFile())
        if p.is_dir() or p.suffix.lower() in SUFFIXES:
            out.append(p)
    return out


class FileDropFilter(QObject):
    """Accepts drags that carry at least one importable file and calls ``on_files`` on drop."""

    def __init__(self, on_files: Callable[[list[Path]], None], parent: QObject | None = None):
        super().__init__(parent)
        self.on_files = on_files

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove) and isinstance(event, QDragEnterEvent | QDropEvent):
            mime = event.mimeData()
            if mime.hasUrls() and importable_paths(mime.urls()):
                event.acceptProposedAction()
                return True
            return False
        if kind == QEvent.Type.Drop and isinstance(event, QDropEvent):
            mime = event.mimeData()
            paths = importable_paths(mime.urls()) if mime.hasUrls() else []
            if paths:
                event.acceptProposedAction()
                self.on_files(paths)
                return True
        return False


def install_drop_target(widget: QWidget, on_files: Callable[[list[Path]], None]) -> FileDropFilter:
    """Make ``widget`` accept dropped .xlsx/.xlsm/.csv files and folders; returns the filter
    (owned by the widget, so it lives as long as the widget)."""
    widget.setAcceptDrops(True)
    f = FileDropFilter(on_files, widget)
    widget.installEventFilter(f)
    return f
