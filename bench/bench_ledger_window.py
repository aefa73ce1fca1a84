"""The ledger window on a big ledger (demo --scale 100: 50,000+ systems, 100,000+ servers).

Figures: time from launch to a usable window; median time from a keystroke in the search box
to the updated, repainted view; time to sort by a column. Anchor: the textbook Qt way, a
QStandardItemModel holding every row behind a QSortFilterProxyModel, over the same rows.

    python bench/bench_ledger_window.py --db /path/demo100.sqlite [--views system,server]

Build the ledger first with ``assetdesk --db PATH demo --scale 100``. Runs offscreen.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench.harness import ratio, table  # noqa: E402

#: What is typed, one key at a time; each prefix is one measurement.
QUERIES = {"system": ["しすてむ", "ｻﾞｲﾑ", "SYS-01", "保健 福祉"], "server": ["ap01", "ｓｒｖ－００", "win 2012"]}
SORT_COLUMNS = {"system": ["name", "section", "contract_end"], "server": ["hostname", "os_eol", "memory_gb"]}

LAUNCH_APP = """
import os, sys, time
sys.path.insert(0, {root!r})
os.environ["ASSETDESK_HOME"] = {home!r}
from ui.app import application, create_window
from db.ledger import Ledger
app = application()
ledger = Ledger.open({db!r})
w = create_window(ledger, "ja", restore=False)
w.resize(1366, 768)
w.show()
w.show_page("system")
app.processEvents()
w.repaint()
print("READY", flush=True)
"""

LAUNCH_ANCHOR = """
import os, sys
sys.path.insert(0, {root!r})
from PySide6.QtCore import QSortFilterProxyModel
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QTableView
from bench.bench_ledger_window import anchor_model
from db.ledger import Ledger
app = QApplication([])
ledger = Ledger.open({db!r})
model, proxy = anchor_model(ledger, "system")
view = QTableView()
view.setModel(proxy)
view.setSortingEnabled(True)
view.resize(1366, 768)
view.show()
app.processEvents()
view.repaint()
print("READY", flush=True)
"""


def launch_seconds(script: str) -> float:
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True,
                            stderr=subprocess.DEVNULL, env=os.environ | {"QT_QPA_PLATFORM": "offscreen"})
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("READY"):
            elapsed = time.perf_counter() - start
            proc.kill()
            proc.wait()
            return elapsed
    raise RuntimeError("the window did not start")


def anchor_model(ledger, view_name: str):
    """Every row of the view, formatted, in a QStandardItemModel behind a sort/filter proxy."""
    from PySide6.QtCore import QSortFilterProxyModel, Qt
    from PySide6.QtGui import QStandardItem, QStandardItemModel

    from assetdesk.i18n import _
    from db import listing as L
    from ui.formatting import display

    view = L.VIEWS[view_name]
    with ledger.read() as conn:
        ids = L.list_ids(conn, view_name)
        rows = L.fetch_rows(conn, view_name, ids)
    model = QStandardItemModel(len(ids), len(view.columns))
    model.setHorizontalHeaderLabels([_(c.label) for c in view.columns])
    for r, rid in enumerate(ids):
        for c, (value, col) in enumerate(zip(rows[rid], view.columns, strict=True)):
            model.setItem(r, c, QStandardItem(display(value, col.kind, col.choices)))
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setFilterKeyColumn(-1)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    return model, proxy


def settle(app, done) -> None:
    """Run the event loop until ``done()`` (our queries answer from the thread pool)."""
    app.processEvents()
    while not done():
        time.sleep(0.0005)
        app.processEvents()


def keystroke_times(app, line_edit, view_widget, text: str, shown=lambda: True, complete=lambda: True,
                    totals: list[float] | None = None) -> list[float]:
    """Type ``text`` key by key; time until the view shows the new rows (repainted), and, in
    ``totals``, until the whole list is in (the next key waits for it)."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent

    line_edit.clear()
    settle(app, complete)
    out = []
    for ch in text:
        start = time.perf_counter()
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            app.sendEvent(line_edit, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))
        settle(app, shown)
        view_widget.viewport().repaint()
        out.append(time.perf_counter() - start)
        settle(app, complete)
        if totals is not None:
            totals.append(time.perf_counter() - start)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True, help="ledger with demo --scale 100")
    parser.add_argument("--views", default="system,server")
    parser.add_argument("--skip-launch", action="store_true")
    args = parser.parse_args()

    import tempfile

    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLineEdit, QTableView

    from db import listing as L
    from db.ledger import Ledger

    home = tempfile.mkdtemp(prefix="assetdesk-bench-")
    os.environ["ASSETDESK_HOME"] = home
    from ui.app import application, create_window

    rows = []
    if not args.skip_launch:
        fmt = {"root": str(ROOT), "home": home, "db": args.db}
        ours = [launch_seconds(LAUNCH_APP.format(**fmt)) for _ in range(3)]
        anchor = [launch_seconds(LAUNCH_ANCHOR.format(**fmt)) for _ in range(1)]
        rows.append(["launch to usable window (s, median)", statistics.median(ours), statistics.median(anchor),
                     ratio(statistics.median(ours), statistics.median(anchor)), "≤ 2 s"])

    app = application()
    ledger = Ledger.open(args.db)
    window = create_window(ledger, "ja", restore=False)
    window.resize(1366, 768)
    window.show()
    app.processEvents()
    with ledger.read() as conn:
        sizes = {v: L.count(conn, v) for v in args.views.split(",")}
    for name in args.views.split(","):
        window.show_page(name)
        view = window.pages[name].view
        app.processEvents()
        # ours: typing
        ours_keys: list[float] = []
        ours_full: list[float] = []  # until the whole list (and its count) is in
        for q in QUERIES[name]:
            ours_keys += keystroke_times(app, view.search, view.table, q,
                                         lambda v=view: v.shown_key == v._query_key(),
                                         lambda v=view: not v.pending, ours_full)
        view.search.clear()
        settle(app, lambda v=view: not v.pending)
        # ours: sorting
        ours_sort = []
        for col in SORT_COLUMNS[name]:
            for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
                start = time.perf_counter()
                view.table.sortByColumn(view.view.index_of(col), order)
                settle(app, lambda v=view: not v.pending)
                view.table.viewport().repaint()
                ours_sort.append(time.perf_counter() - start)
        # anchor over the same rows
        build_start = time.perf_counter()
        _model, proxy = anchor_model(ledger, name)
        build = time.perf_counter() - build_start
        table_view = QTableView()
        table_view.setModel(proxy)
        table_view.resize(900, 600)
        table_view.show()
        edit = QLineEdit()
        edit.textChanged.connect(proxy.setFilterFixedString)
        app.processEvents()
        anchor_keys: list[float] = []
        for q in QUERIES[name]:
            anchor_keys += keystroke_times(app, edit, table_view, q)
        edit.clear()
        app.processEvents()
        anchor_sort = []
        for col in SORT_COLUMNS[name]:
            for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
                start = time.perf_counter()
                proxy.sort(L.VIEWS[name].index_of(col), order)
                app.processEvents()
                table_view.viewport().repaint()
                anchor_sort.append(time.perf_counter() - start)
        table_view.close()
        del proxy, _model
        mk, ak = statistics.median(ours_keys), statistics.median(anchor_keys)
        ms, as_ = statistics.median(ours_sort), statistics.median(anchor_sort)
        rows.append([f"{name} ({sizes[name]:,}): keystroke → view (s, median of {len(ours_keys)})", mk, ak,
                     ratio(mk, ak), "≤ 0.05 s"])
        rows.append([f"{name}: keystroke → view (s, worst)", max(ours_keys), max(anchor_keys),
                     ratio(max(ours_keys), max(anchor_keys)), ""])
        mf = statistics.median(ours_full)
        rows.append([f"{name}: keystroke → whole list and count (s, median)", mf, ak, ratio(mf, ak), ""])
        rows.append([f"{name}: sort by a column (s, median of {len(ours_sort)})", ms, as_, ratio(ms, as_), "≤ 0.3 s"])
        rows.append([f"{name}: sort (s, worst)", max(ours_sort), max(anchor_sort),
                     ratio(max(ours_sort), max(anchor_sort)), ""])
        rows.append([f"{name}: anchor model build (s)", "", build, "", ""])
    table("Ledger window on demo --scale 100 (ours vs QStandardItemModel + QSortFilterProxyModel)",
          ["measure", "ours", "anchor", "ratio", "target"], rows)
    window.close()
    ledger.dispose()


if __name__ == "__main__":
    main()
