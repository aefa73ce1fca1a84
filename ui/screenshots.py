"""Screenshots of every page of the ledger window, for looking at it (run under Xvfb).

    xvfb-run -s "-screen 0 1920x1080x24" python -m ui.screenshots --db demo.sqlite --out screenshots

Saves ``<page>_<width>x<height>.png`` for the home dashboard and each list with a record open,
at 1366×768 and 1920×1080, plus the history tab and the stale-edit dialog.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

SIZES = ((1366, 768), (1920, 1080))


def _wait(app, seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--out", default="screenshots")
    parser.add_argument("--lang", default="ja")
    args = parser.parse_args()
    os.environ.setdefault("ASSETDESK_HOME", tempfile.mkdtemp(prefix="assetdesk-shots-"))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    from PySide6.QtCore import QTimer

    from db import listing as L
    from db.ledger import Ledger
    from ui.app import application, create_window

    app = application()
    ledger = Ledger.open(args.db)
    window = create_window(ledger, args.lang, restore=False)
    window.show()
    suffix = "" if args.lang == "ja" else f"_{args.lang}"
    for w, h in SIZES:
        window.showNormal()
        window.setGeometry(0, 0, w, h)
        _wait(app, 0.8)
        while window.dashboard.figures is None:
            _wait(app, 0.1)

        def shot(name: str, w: int = w, h: int = h) -> None:
            _wait(app, 0.3)
            screen = window.screen()
            screen.grabWindow(0, 0, 0, w, h).save(str(out / f"{name}{suffix}_{w}x{h}.png"))

        window.show_page("home")
        shot("home")
        for name, page in window.pages.items():
            window.show_page(name)
            if page.view.model.rowCount():
                page.view.select_id(page.view.model.id_at(min(3, page.view.model.rowCount() - 1)))
            shot(name)
        page = window.pages["system"]
        window.show_page("system")
        page.view.set_filter(L.ListFilter(text="システム", problems=frozenset({"os_eol"})))
        if page.view.model.rowCount():
            page.view.select_id(page.view.model.id_at(0))
        page.detail.tabs.setCurrentIndex(1)
        shot("system_related_filtered")
        page.detail.tabs.setCurrentIndex(2)
        shot("system_history")
        page.detail.tabs.setCurrentIndex(0)
        page.view.set_filter(L.ListFilter())
        if page.detail.record_id is not None:
            from ui.stale_dialog import StaleDialog

            loaded = page.detail.loaded
            theirs = dict(loaded) | {"vendor": "他の事業者", "version": loaded["version"] + 1}
            mine = dict(loaded) | {"notes": "自分の追記"}
            from assetdesk.fields import RECORD_FIELDS

            dialog = StaleDialog(RECORD_FIELDS["system"], loaded, mine, theirs, window)
            QTimer.singleShot(600, lambda d=dialog: (shot("stale_dialog"), d.reject()))
            dialog.exec()
    window.close()
    ledger.dispose()


if __name__ == "__main__":
    main()
