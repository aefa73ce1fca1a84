"""Open one page alone over a ledger (``python -m ui.<page>.page --db PATH``), for a look or a
screenshot without the main window."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from PySide6.QtWidgets import QWidget


def parser(prog: str) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog=prog)
    p.add_argument("--db", required=True, help="SQLite file or database URL")
    p.add_argument("--lang", choices=("ja", "en"))
    p.add_argument("--screenshot", metavar="PNG", help="save the window to PNG and quit")
    return p


def run_page(args: argparse.Namespace, build: Callable[[object], QWidget], title: str,
             size: tuple[int, int] = (1360, 860), busy: Callable[[QWidget], bool] = lambda _page: False,
             prepare: Callable[[QWidget], None] | None = None, before_shot: Callable[[QWidget], None] | None = None,
             settle_ms: int = 800) -> int:
    """Show ``build(ledger)`` in its own window; with --screenshot, save it once not ``busy`` and quit."""
    from PySide6.QtCore import QTimer

    from assetdesk.i18n import _, set_language
    from db.ledger import Ledger
    from ui.app import application, install_qt_translations

    app = application([sys.argv[0]])
    install_qt_translations(app, set_language(args.lang))
    ledger = Ledger.open(args.db)
    page = build(ledger)
    page.setWindowTitle(_(title) + " — AssetDesk")
    page.resize(*size)
    page.show()
    if prepare is not None:
        prepare(page)
    if args.screenshot:
        def shoot() -> None:
            if busy(page):
                QTimer.singleShot(200, shoot)
                return
            if before_shot is not None:
                before_shot(page)
            QTimer.singleShot(300, lambda: (page.grab().save(args.screenshot), app.quit()))

        QTimer.singleShot(settle_ms, shoot)
    code = app.exec()
    ledger.dispose()
    return code

