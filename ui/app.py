"""Start-up of the GUI: Qt application, Japanese font and Qt's own translations, the window."""

from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox

from assetdesk.i18n import _, set_language
from db.ledger import Ledger
from ui.about import add_help_menu
from ui.connection_dialog import open_ledger_interactively
from ui.fonts import ensure_japanese_font
from ui.main_window import MainWindow
from ui.settings import Settings
from ui.workspace import add_work_pages

_translators: list[QTranslator] = []
#: When the process got here (the start-up benchmark measures to the window being shown).
_STARTED = time.perf_counter()


def application(argv: list[str] | None = None) -> QApplication:
    """The one QApplication, created on first use with the app's names and a Japanese font."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv if argv is not None else sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("AssetDesk")
    app.setOrganizationName("AssetDesk")
    if not app.property("assetdesk_font"):
        app.setProperty("assetdesk_font", ensure_japanese_font(app))
    return app


def install_qt_translations(app: QApplication, lang: str) -> bool:
    """Qt's standard dialogs (OK/キャンセル, file dialogs) in the app's language."""
    for t in _translators:
        app.removeTranslator(t)
    _translators.clear()
    if lang != "ja":
        QLocale.setDefault(QLocale(QLocale.Language.English))
        return True
    QLocale.setDefault(QLocale(QLocale.Language.Japanese, QLocale.Country.Japan))
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    loaded = False
    for name in ("qtbase_ja", "qt_ja"):
        t = QTranslator(app)
        if t.load(name, folder):
            app.installTranslator(t)
            _translators.append(t)
            loaded = True
            break
    return loaded


def choose_language(lang: str | None, settings: Settings) -> str:
    """--lang wins, then the language chosen last time from the menu, then Japanese."""
    return set_language(lang or settings.language or None)


def create_window(ledger: Ledger, lang: str | None = None, settings: Settings | None = None,
                  restore: bool = True) -> MainWindow:
    """A ready window over ``ledger`` (the language menu rebuilds it in the other language)."""
    app = application()
    settings = settings or Settings()
    install_qt_translations(app, choose_language(lang, settings))
    window = MainWindow(ledger, settings, restore=restore)
    add_work_pages(window)
    add_help_menu(window)
    window.language_requested.connect(lambda code, w=window: switch_language(w, code))
    window.open_requested.connect(lambda url, w=window: open_window(url, w))
    return window


def open_window(url: str, parent: MainWindow) -> MainWindow | None:
    """Another ledger (the demo, a shared server) in a window of its own."""
    try:
        opened = open_ledger_interactively(url, parent)
    except Exception as e:  # explained, not a traceback
        QMessageBox.critical(parent, _("台帳を開けません"), str(e))
        return None
    if opened is None:
        return None
    window = create_window(opened[0], settings=parent.settings, restore=False)
    _windows.append(window)
    window.show()
    return window


def switch_language(window: MainWindow, code: str) -> MainWindow | None:
    """Rebuild the window in ``code``; the old one closes (asking about unsaved edits first)."""
    settings = window.settings
    if not window.close():
        return None
    settings.language = code
    settings.sync()
    new = create_window(window.ledger, code, settings)
    new.show()
    window.deleteLater()
    _windows.append(new)
    return new


_windows: list[MainWindow] = []


def run_gui(db: str | None, lang: str | None) -> int:
    """``assetdesk`` with no command: open the ledger and run the window until it closes."""
    app = application()
    settings = Settings()
    install_qt_translations(app, choose_language(lang, settings))
    try:
        opened = open_ledger_interactively(db)
    except Exception as e:  # a ledger that cannot be opened is explained, not a traceback
        QMessageBox.critical(None, _("台帳を開けません"), str(e))
        return 1
    if opened is None:  # the user gave up signing in to the shared ledger
        return 1
    ledger, _backup = opened
    window = create_window(ledger, lang, settings)
    _windows.append(window)
    window.show()
    if os.environ.get("ASSETDESK_QUIT_WHEN_SHOWN"):
        # Smoke tests and the start-up benchmark: the window is up, say when, and leave.
        from PySide6.QtCore import QTimer

        QTimer.singleShot(0, lambda: (print(f"window shown {time.perf_counter() - _STARTED:.3f} s",
                                            file=sys.stderr, flush=True), app.quit()))
    code = app.exec()
    # Work still running in the background finishes before its window's objects go away.
    from PySide6.QtCore import QThreadPool

    QThreadPool.globalInstance().waitForDone(30_000)
    ledger.dispose()
    return int(code)
