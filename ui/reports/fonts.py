"""The Japanese font of printed reports: the bundled IPAexGothic, registered with Qt once.

Reports always use the bundled font rather than whatever Japanese font the system has: the
bundled one is TrueType (Qt embeds TrueType subsets in PDFs with a text map, while CFF-based
system fonts such as Noto Sans CJK may be drawn as outlines, which loses the text), it exists on
a fresh machine with no Japanese fonts, and the same font gives the same page breaks on every
machine. ``ASSETDESK_REPORT_FONT`` names another installed family for sites that must use theirs.
"""

from __future__ import annotations

import os
from functools import cache
from importlib import resources

from PySide6.QtGui import QFontDatabase, QGuiApplication

FONT_FILE = "ipaexg.ttf"


class FontError(RuntimeError):
    pass


def bundled_font_path() -> str:
    return str(resources.files("resources") / "fonts" / FONT_FILE)


@cache
def report_font_family() -> str:
    """The family to print with (registers the bundled font; needs a QGuiApplication)."""
    if QGuiApplication.instance() is None:
        raise FontError("a QGuiApplication must exist before fonts are registered")
    wanted = os.environ.get("ASSETDESK_REPORT_FONT")
    if wanted and wanted in QFontDatabase.families():
        return wanted
    font_id = QFontDatabase.addApplicationFont(bundled_font_path())
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        raise FontError(f"cannot load the bundled font {bundled_font_path()}")
    return families[0]


def ensure_gui_application() -> QGuiApplication:
    """The running Qt application, or a new offscreen one for headless commands.

    A QApplication (not a bare QGuiApplication), so that widgets opened later in the same
    process, such as the print preview or tests of the GUI, still work.
    """
    from PySide6.QtWidgets import QApplication

    app = QGuiApplication.instance()
    if app is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QApplication([])
    return app  # type: ignore[return-value]
