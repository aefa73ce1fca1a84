"""Japanese text must be legible on machines without a Japanese font (fresh Linux, Xvfb).

The bundled IPAexGothic is registered with Qt and, when no installed family covers Japanese,
becomes the application font (and the fallback of the default family otherwise).
"""

from __future__ import annotations

from importlib import resources

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

BUNDLED_FAMILY = "IPAexGothic"


def japanese_families() -> list[str]:
    """Installed font families that declare the Japanese writing system."""
    return [f for f in QFontDatabase.families(QFontDatabase.WritingSystem.Japanese)]


def register_bundled_font() -> str | None:
    """Add ``resources/fonts/ipaexg.ttf`` to Qt's font database; returns its family."""
    path = resources.files("resources") / "fonts" / "ipaexg.ttf"
    if not path.is_file():
        return None
    font_id = QFontDatabase.addApplicationFont(str(path))
    if font_id < 0:
        return None
    families = QFontDatabase.applicationFontFamilies(font_id)
    return families[0] if families else None


def ensure_japanese_font(app: QApplication) -> str:
    """Make sure Japanese renders; returns the family used for Japanese text."""
    installed = [f for f in japanese_families() if f != BUNDLED_FAMILY]
    bundled = register_bundled_font()
    font = app.font()
    if installed:
        family = installed[0]
        if bundled:
            QFont.insertSubstitution(font.family(), bundled)
        return family
    if bundled is None:
        return font.family()
    size = font.pointSizeF() if font.pointSizeF() > 0 else 10.0
    new = QFont(bundled)
    new.setPointSizeF(size)
    app.setFont(new)
    return bundled
