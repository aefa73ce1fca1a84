"""The dependency graph page: overview, focus views, search, expand/collapse, impact analysis,
export and printing.

``GraphPage(ledger)`` is a plain QWidget for the main window's navigation. Its public calls,
for right-click integration elsewhere: ``focus(code)`` (a node and its neighbours) and
``show_impact(code, move=False)``; both may be called before the graph has loaded (they run
once it has); ``reload()`` after the ledger changed; the signal ``open_record_requested``
(record type, code) for "open in the ledger". ``python -m ui.graph.page --db PATH`` opens the
page alone.

Mouse: a double click on a node focuses on it in the overview and expands it in a focus view;
a double click on a cluster box opens that department's (or zone's) view.

Reading the ledger, layouts and the drawing batches run on the thread pool (``ui.tasks.Task``)
with progress and cancel; the GUI thread only paints and answers impact queries (milliseconds).
A newer request supersedes an older one: results of a superseded task are dropped.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

import networkx as nx
from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from assetdesk.choices import NETWORK_ZONE
from assetdesk.graph import GraphError, Impact, Layout, impact
from assetdesk.graph.focus import impact_tree
from assetdesk.graph.model import HOST, SECTION, SERVER, SYSTEM
from assetdesk.i18n import N_, _
from db.ledger import Ledger, LedgerError
from ui.graph import export
from ui.graph import views as V
from ui.graph.canvas import GraphCanvas
from ui.graph.drawdata import DrawData, build
from ui.graph.impact_panel import ImpactPanel
from ui.graph.painter import PROTECTED, ROOT, SERVER_HIT, Highlight
from ui.graph.source import GraphSource, read_source
from ui.graph.toolbar import GraphToolbar
from ui.tasks import Task

#: record type of the main window's lists per node kind (for "open in the ledger").
RECORD_TYPES = {SYSTEM: "system", SERVER: "server", HOST: "host", SECTION: "section"}


class Superseded(Exception):
    """A task noticed it was cancelled (a newer request replaced it)."""


class GraphPage(QWidget):
    #: (record type, code): the user asked to open a node's record in the ledger lists.
    open_record_requested = Signal(str, str)
    #: emitted whenever a view is drawn (tests and the benchmark wait on it).
    view_ready = Signal()

    def __init__(self, ledger: Ledger, parent: QWidget | None = None, load: bool = True):
        super().__init__(parent)
        self.setObjectName("graph_page")
        self.ledger = ledger
        self.source: GraphSource | None = None
        self.spec = V.ViewSpec()
        self.view: nx.DiGraph | None = None
        self.layout_result: Layout | None = None
        self.impact: Impact | None = None
        self.timings: dict[str, float] = {}
        self._task: Task | None = None
        self._generation = 0
        self._after_load: list[Callable[[], None]] = []
        self._after_view: list[Callable[[], None]] = []
        self._syncing = False

        self.canvas = GraphCanvas(self)
        self.canvas.node_clicked.connect(self._clicked)
        self.canvas.node_double_clicked.connect(self._double_clicked)
        self.canvas.cluster_double_clicked.connect(self.open_cluster)
        self.canvas.context_requested.connect(self._context_menu)
        self.canvas.selection_changed.connect(self._update_controls)
        self.panel = ImpactPanel(self)
        self.panel.hide()
        self.panel.system_selected.connect(lambda code: self.canvas.select(code, centre=True))
        self.panel.print_requested.connect(self.print_impact_report)
        self.panel.close_requested.connect(self.clear_impact)

        self._build_toolbar()
        self.message = QLabel(self)
        self.message.setObjectName("graph_message")
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 1000)
        self.progress.setMaximumWidth(220)
        self.progress.hide()
        self.cancel_button = QPushButton(_("中止"), self)
        self.cancel_button.hide()
        self.cancel_button.clicked.connect(self.cancel)
        status = QHBoxLayout()
        status.addWidget(self.message, 1)
        status.addWidget(self.progress)
        status.addWidget(self.cancel_button)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.canvas)
        split.addWidget(self.panel)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        split.setSizes([800, 480])
        col = QVBoxLayout(self)
        col.setContentsMargins(4, 4, 4, 4)
        col.addWidget(self.toolbar)
        col.addWidget(split, 1)
        col.addLayout(status)
        self._update_controls()
        if load:
            self.reload()

    # --- construction -----------------------------------------------------------------------------

    def _build_toolbar(self) -> None:
        tb = self.toolbar = GraphToolbar(self)
        # the page's controls, by name (tests and the main window use them)
        self.kind_box, self.target_box, self.hops, self.layout_box = tb.kind_box, tb.target_box, tb.hops, tb.layout_box
        self.search, self.completions = tb.search, tb.completions
        self.fit_button, self.expand_button, self.collapse_button = tb.fit_button, tb.expand_button, tb.collapse_button
        self.down_button, self.move_button = tb.down_button, tb.move_button
        self.png_button, self.svg_button, self.print_button = tb.png_button, tb.svg_button, tb.print_button

        def selected() -> str:
            return self.canvas.selected_code() or ""

        tb.completer.activated.connect(self._search_chosen)
        self.search.returnPressed.connect(lambda: self._search_chosen(self.search.text()))
        for b, slot in ((self.fit_button, self.canvas.fit),
                        (self.expand_button, lambda: self.expand(selected())),
                        (self.collapse_button, lambda: self.collapse(selected())),
                        (self.down_button, lambda: self.show_impact(selected())),
                        (self.move_button, lambda: self.show_impact(selected(), move=True)),
                        (self.png_button, lambda: self.export_dialog("png")),
                        (self.svg_button, lambda: self.export_dialog("svg")),
                        (self.print_button, self.print_preview)):
            b.clicked.connect(lambda _c=False, slot=slot: slot())
        self.kind_box.currentIndexChanged.connect(self._kind_changed)
        self.target_box.activated.connect(lambda _i: self._apply_toolbar())
        self.hops.valueChanged.connect(lambda _v: self._apply_toolbar())
        self.layout_box.currentIndexChanged.connect(lambda _i: self._apply_toolbar())

    # --- state --------------------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._task is not None

    @property
    def ready(self) -> bool:
        """The graph is loaded and the current view is drawn (no task running)."""
        return self.source is not None and self.canvas.data is not None and not self.running

    @property
    def data(self) -> DrawData | None:
        return self.canvas.data

    def shown(self) -> set[str]:
        return set(self.canvas.data.codes) if self.canvas.data is not None else set()

    def _update_controls(self) -> None:
        kind = self.spec.kind
        has_source = self.source is not None
        self.hops.setVisible(kind == V.NEIGHBOURHOOD)
        self.target_box.setVisible(kind in (V.DEPARTMENT, V.ZONE, V.GROUP, V.WAVE))
        node = self.canvas.selected_code()
        focusable = kind != V.OVERVIEW and node is not None
        self.expand_button.setEnabled(focusable)
        self.collapse_button.setEnabled(focusable)
        impactable = has_source and node is not None and self._kind_of(node) in (SYSTEM, SERVER, HOST)
        self.down_button.setEnabled(impactable)
        self.move_button.setEnabled(impactable)
        for b in (self.png_button, self.svg_button, self.print_button, self.fit_button):
            b.setEnabled(self.canvas.data is not None)

    def _kind_of(self, code: str) -> str | None:
        if self.source is None or code not in self.source.graph.g:
            return None
        return self.source.graph.g.nodes[code]["kind"]

    # --- loading and laying out (worker thread) ---------------------------------------------------

    def reload(self) -> None:
        """Read the ledger again (after changes elsewhere) and redraw the current view."""
        spec = self.spec

        def work(progress, cancel):
            t0 = time.perf_counter()
            progress(0.05, _("台帳を読み込んでいます…"))
            source = read_source(self.ledger)
            t1 = time.perf_counter()
            if cancel():
                raise Superseded
            try:
                result = self._lay_out(source, spec, progress, cancel)
            except GraphError:  # the focused node is gone from the ledger: back to the overview
                result = self._lay_out(source, V.ViewSpec(), progress, cancel)
            return source, result, {"read": t1 - t0}

        def done(result) -> None:
            source, laid_out, timing = result
            self.source = source
            self._fill_lists()
            self._show(laid_out, timing)
            pending, self._after_load = self._after_load, []
            for fn in pending:
                fn()

        self._run(work, done)

    def _lay_out(self, source: GraphSource, spec: V.ViewSpec, progress, cancel):
        t0 = time.perf_counter()
        progress(0.4, _("配置を計算しています…"))
        view, layout = V.compute(source, spec)
        t1 = time.perf_counter()
        if cancel():
            raise Superseded
        progress(0.75, _("描画を準備しています…"))
        data = build(source.graph, view, layout)
        t2 = time.perf_counter()
        return spec, view, layout, data, {"layout": t1 - t0, "prepare": t2 - t1}

    def set_spec(self, spec: V.ViewSpec, then: Callable[[], None] | None = None) -> None:
        """Show ``spec`` (laid out on a worker); ``then`` runs once it is drawn."""
        if self.source is None:
            self.spec = spec
            if then is not None:
                self._after_load.append(then)
            return
        source = self.source
        self._after_view = [then] if then is not None else []
        self._run(lambda progress, cancel: (self._lay_out(source, spec, progress, cancel), {}),
                  lambda result: self._show(*result))

    def _show(self, laid_out, timing: dict[str, float]) -> None:
        spec, view, layout, data, t = laid_out
        self.spec, self.view, self.layout_result = spec, view, layout
        self.timings = {**timing, **t}
        self.canvas.set_data(data)
        self._apply_highlight()
        self._sync_toolbar()
        self._update_controls()
        edges = len(data.edge_src)
        self.message.setText(_("{n:,} ノード・{e:,} 本の線を表示(配置 {lt:.2f} 秒、描画準備 {pt:.2f} 秒)").format(
            n=data.n, e=edges, lt=self.timings.get("layout", 0.0), pt=self.timings.get("prepare", 0.0)))
        pending, self._after_view = self._after_view, []
        for fn in pending:
            fn()
        self.view_ready.emit()

    def _run(self, work, done) -> None:
        self.cancel(quiet=True)
        self._generation += 1
        gen = self._generation
        task = Task(work)
        self._task = task

        def finished(result) -> None:
            if gen != self._generation:
                return
            self._end_task()
            done(result)

        def failed(error, _tb) -> None:
            if gen != self._generation:
                return
            self._end_task()
            if isinstance(error, Superseded):
                return
            if isinstance(error, LedgerError | GraphError | OSError):
                self.message.setText(str(error))
            else:
                self.message.setText(_("グラフを表示できませんでした: {error}").format(error=error))
            self.view_ready.emit()

        task.signals.finished.connect(finished)
        task.signals.failed.connect(failed)
        task.signals.progress.connect(
            lambda f, m: gen == self._generation and (self.progress.setValue(int(f * 1000)), self.message.setText(m)))
        self.progress.setValue(0)
        self.progress.show()
        self.cancel_button.show()
        task.start()

    def _end_task(self) -> None:
        self._task = None
        self.progress.hide()
        self.cancel_button.hide()

    def cancel(self, quiet: bool = False) -> None:
        if self._task is not None:
            self._task.cancel()
            self._generation += 1  # whatever it still reports is dropped
            self._end_task()
            if not quiet:
                self.message.setText(_("中止しました。"))

    def wait(self, timeout_ms: int = 30000) -> bool:
        """Process events until no task runs (for scripts and the benchmark)."""
        from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QEventLoop

        deadline = QDeadlineTimer(timeout_ms)
        while self.running and not deadline.hasExpired():
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
            time.sleep(0.005)
        return not self.running

    # --- toolbar ------------------------------------------------------------------------------------

    def _fill_lists(self) -> None:
        assert self.source is not None
        graph = self.source.graph
        entries = [f"{code}  {graph.label(code)}" if graph.label(code) != code else code for code in graph.g]
        self.completions.setStringList(sorted(entries))

    def _targets(self, kind: str) -> list[tuple[str, str]]:
        return V.targets(self.source, kind) if self.source is not None else []

    def _kind_changed(self, _index: int) -> None:
        if self._syncing:
            return
        kind = self.kind_box.currentData()
        self._syncing = True
        try:
            self.target_box.clear()
            for label, value in self._targets(kind):
                self.target_box.addItem(label, value)
            layout = V.default_layout(kind)
            self.layout_box.setCurrentIndex(self.layout_box.findData(layout))
        finally:
            self._syncing = False
        if kind == V.IMPACT:
            if self.impact is not None:
                self.show_impact(self.impact.root, self.impact.scenario == "move")
            else:
                self.message.setText(_("ノードを選んで「停止の影響」「移設の影響」を押してください。"))
            return
        if kind == V.NEIGHBOURHOOD:
            code = self.canvas.selected_code() or (self.spec.target if self.spec.kind == V.NEIGHBOURHOOD else "")
            if code:
                self.focus(code)
            else:
                self.message.setText(_("ノードを選ぶか、検索で探してください。"))
                self.search.setFocus()
            return
        if kind in (V.DEPARTMENT, V.ZONE, V.GROUP, V.WAVE) and self.target_box.count() == 0:
            self.message.setText(_("選べるものがありません。"))
            return
        self._apply_toolbar()

    def _apply_toolbar(self) -> None:
        if self._syncing:
            return
        kind = self.kind_box.currentData()
        target = self.target_box.currentData() if kind != V.NEIGHBOURHOOD else self.spec.target
        if kind == V.IMPACT:
            if self.spec.kind == V.IMPACT:  # the layout changed
                self.set_spec(self.spec.with_changes(layout=self.layout_box.currentData()))
            return
        if kind == V.NEIGHBOURHOOD and not target:
            return
        spec = V.ViewSpec(kind=kind, target=str(target or ""), hops=self.hops.value(),
                          layout=self.layout_box.currentData())
        if spec.kind == self.spec.kind and spec.target == self.spec.target and spec.hops == self.spec.hops:
            spec = spec.with_changes(added=self.spec.added, removed=self.spec.removed, impact=self.spec.impact)
        selected = self.canvas.selected_code()
        self.set_spec(spec, lambda: self.canvas.select(selected))

    def _sync_toolbar(self) -> None:
        """The toolbar shows the spec on screen (set from code: focus, impact, reload)."""
        self._syncing = True
        try:
            spec = self.spec
            kind = spec.kind
            if self.kind_box.currentData() != kind or self.target_box.count() == 0:
                self.kind_box.setCurrentIndex(self.kind_box.findData(kind))
                self.target_box.clear()
                for label, value in self._targets(kind):
                    self.target_box.addItem(label, value)
            i = self.target_box.findData(spec.target)
            if i >= 0:
                self.target_box.setCurrentIndex(i)
            self.hops.setValue(spec.hops)
            self.layout_box.setCurrentIndex(self.layout_box.findData(spec.layout))
        finally:
            self._syncing = False

    def _search_chosen(self, text: str) -> None:
        text = text.strip()
        if not text or self.source is None:
            return
        code = text.split("  ", 1)[0]
        try:
            code = self.source.graph.resolve(code)
        except GraphError:
            matches = self.completions.stringList()
            hit = next((m for m in matches if text.casefold() in m.casefold()), None)
            if hit is None:
                self.message.setText(_("{text} は見つかりません。").format(text=text))
                return
            code = hit.split("  ", 1)[0]
        self.focus(code)

    # --- public: focus, expand, collapse, impact -----------------------------------------------------

    def focus(self, code: str, hops: int | None = None) -> None:
        """Show ``code`` and its neighbours within ``hops`` (default: the hops box), selected."""
        if self.source is None:
            self._after_load.append(lambda: self.focus(code, hops))
            return
        try:
            root = self.source.graph.resolve(code)
        except GraphError:
            self.message.setText(_("{code} は台帳にありません。").format(code=code))
            return
        hops = self.hops.value() if hops is None else hops
        spec = V.ViewSpec(kind=V.NEIGHBOURHOOD, target=root, hops=hops, layout=V.LAYERED)
        self.set_spec(spec, lambda: (self.canvas.select(root, centre=True), self._update_controls()))

    def _double_clicked(self, code: str) -> None:
        """In the overview a double click focuses on the node; elsewhere it expands it."""
        if self.spec.kind == V.OVERVIEW:
            self.focus(code)
        else:
            self.expand(code)

    def open_cluster(self, key: str, level: int = 1) -> bool:
        """Drill down from a cluster box: a department's (or a zone's) own view."""
        if self.source is None or self.layout_result is None:
            return False
        outer = key.split("/", 1)[0]
        if self.spec.layout == V.BY_ZONE and level == 1:
            kind, target = V.ZONE, outer
        elif self.spec.layout == V.CLUSTERED:
            kind, target = V.DEPARTMENT, outer
        else:
            kind, target = V.DEPARTMENT, key.split("/", 1)[1] if "/" in key else ""
        if kind == V.DEPARTMENT and target not in self.source.department_names:
            return False
        if kind == V.ZONE and target not in NETWORK_ZONE:
            return False
        self.set_spec(V.ViewSpec(kind=kind, target=target, layout=V.default_layout(kind)))
        return True

    def expand(self, code: str) -> None:
        if self.source is None or not code or self.spec.kind == V.OVERVIEW:
            return
        spec = V.expand(self.source, self.spec, self.shown(), code)
        if spec != self.spec:
            self.set_spec(spec, lambda: self.canvas.select(code))

    def collapse(self, code: str) -> None:
        if self.source is None or not code or self.spec.kind == V.OVERVIEW:
            return
        spec = V.collapse(self.source, self.spec, self.shown(), code)
        if spec != self.spec:
            self.set_spec(spec, lambda: self.canvas.select(code))

    def show_impact(self, code: str, move: bool = False, view: bool = True) -> Impact | None:
        """Run the impact of ``code`` going down (or moving), list it and highlight it.

        With ``view`` the page switches to the impact's own view (root, paths, layered);
        otherwise the highlight goes over the view on screen. Returns the impact (None while the
        graph is still loading: it runs once loaded).
        """
        if self.source is None:
            self._after_load.append(lambda: self.show_impact(code, move, view))
            return None
        if not code:
            return None
        try:
            result = impact(self.source.graph, code, "move" if move else "down")
        except GraphError:
            self.message.setText(_("{code} は台帳にないか、影響分析の対象(システム・サーバ・ホスト)ではありません。")
                                 .format(code=code))
            return None
        self.impact = result
        graph = self.source.graph
        self.panel.show_impact(result, f"{result.root} {graph.label(result.root)}".strip(),
                               self.source.department_names)
        self.panel.show()
        if view:
            spec = V.ViewSpec(kind=V.IMPACT, target=result.root, layout=V.LAYERED, impact=result)
            self.set_spec(spec, lambda: self.canvas.select(result.root, centre=False))
        else:
            self._apply_highlight()
        return result

    def clear_impact(self) -> None:
        self.impact = None
        self.panel.hide()
        self.canvas.set_highlight(None)

    def impact_categories(self) -> dict[str, str]:
        """code -> highlight category of the current impact (painter.ROOT, severities, ...)."""
        res = self.impact
        if res is None:
            return {}
        cats: dict[str, str] = {s: SERVER_HIT for s in res.servers}
        for p in res.protected:
            cats[p.code] = PROTECTED
        for a in res.affected:
            cats[a.code] = "reconfigure" if a.effect == "reconfigure" else a.severity
        cats[res.root] = ROOT
        return cats

    def _apply_highlight(self) -> None:
        data = self.canvas.data
        if data is None or self.impact is None:
            self.canvas.set_highlight(None)
            return
        self.canvas.set_highlight(Highlight.make(data, self.impact_categories(), impact_tree(self.impact)))

    # --- mouse ----------------------------------------------------------------------------------------

    def _clicked(self, code: str) -> None:
        self._update_controls()
        if code and self.source is not None:
            kind = self._kind_of(code)
            self.message.setText(f"{code}  {self.source.graph.label(code)}  ({_(KIND_NAMES.get(kind or '', ''))})")

    def _context_menu(self, code: str, pos: QPoint) -> None:
        menu = self.context_menu(code)
        menu.exec(pos)

    def context_menu(self, code: str) -> QMenu:
        """The right-click menu for ``code`` ('' for the background)."""
        menu = QMenu(self)
        kind = self._kind_of(code) if code else None
        if kind is not None:
            menu.addAction(_("ここを中心に表示"), lambda: self.focus(code)).setObjectName("menu_focus")
            if self.spec.kind != V.OVERVIEW:
                menu.addAction(_("展開(隣を加える)"), lambda: self.expand(code)).setObjectName("menu_expand")
                menu.addAction(_("折りたたむ"), lambda: self.collapse(code)).setObjectName("menu_collapse")
            if kind in (SYSTEM, SERVER, HOST):
                menu.addSeparator()
                menu.addAction(_("影響分析(停止)"), lambda: self.show_impact(code)).setObjectName("menu_down")
                menu.addAction(_("影響分析(移設)"),
                               lambda: self.show_impact(code, move=True)).setObjectName("menu_move")
            menu.addSeparator()
            menu.addAction(_("台帳で開く"), lambda: self.open_record_requested.emit(RECORD_TYPES[kind], code)
                           ).setObjectName("menu_open")
            menu.addSeparator()
        menu.addAction(_("全体を表示"), self.canvas.fit)
        menu.addAction(_("全体図に戻る"), lambda: self.set_spec(V.ViewSpec()))
        if self.impact is not None:
            menu.addAction(_("影響の強調を消す"), self.clear_impact)
        return menu

    # --- export and printing ------------------------------------------------------------------------

    def _title(self) -> str:
        spec = self.spec
        if spec.kind == V.IMPACT and self.impact is not None:
            what = _("停止") if self.impact.scenario == "down" else _("移設")
            return _("{root} の{scenario}による影響").format(root=self.impact.root, scenario=what)
        if spec.kind == V.OVERVIEW:
            return _("連携の全体図")
        label = self.target_box.currentText() if spec.kind != V.NEIGHBOURHOOD else spec.target
        return f"{_(V.KIND_LABELS.get(spec.kind, ''))}: {label}"

    def export_png(self, path: str | Path) -> Path:
        data = self._require_data()
        return export.save_png(data, path, self.canvas.highlight, self.canvas.selected)

    def export_svg(self, path: str | Path) -> Path:
        data = self._require_data()
        return export.save_svg(data, path, self.canvas.highlight, self.canvas.selected, self._title())

    def _require_data(self) -> DrawData:
        if self.canvas.data is None:
            raise OSError(_("まだ表示するグラフがありません。"))
        return self.canvas.data

    def export_dialog(self, fmt: str) -> None:
        filters = {"png": _("PNG 画像 (*.png)"), "svg": _("SVG 画像 (*.svg)")}
        path, _f = QFileDialog.getSaveFileName(self, _("グラフを書き出す"), f"graph.{fmt}", filters[fmt])
        if not path:
            return
        try:
            out = self.export_png(path) if fmt == "png" else self.export_svg(path)
        except OSError as e:
            self.message.setText(str(e))
            return
        self.message.setText(_("{path} に書き出しました。").format(path=out))

    def print_preview(self) -> None:
        if self.canvas.data is not None:
            export.preview(self.canvas.data, self, self.canvas.highlight, self.canvas.selected, self._title())

    def impact_report(self):
        """The printed impact report (a ``Document``) of the impact on screen."""
        from db.report_data import build_report

        if self.impact is None:
            return None
        with self.ledger.read() as conn:
            return build_report("impact", conn, code=self.impact.root, move=self.impact.scenario == "move")

    def print_impact_report(self) -> None:
        from db.report_data import ReportDataError
        from ui.reports.preview import preview

        try:
            doc = self.impact_report()
        except (ReportDataError, LedgerError) as e:
            self.message.setText(str(e))
            return
        if doc is not None:
            preview(doc, self)


KIND_NAMES = {SYSTEM: N_("システム"), SERVER: N_("サーバ"), HOST: N_("ホスト"), SECTION: N_("所属")}


def main(argv: list[str] | None = None) -> int:
    """Open the graph page alone over a ledger (for a look without the main window)."""
    from ui.standalone import parser, run_page

    p = parser("python -m ui.graph.page")
    p.add_argument("--focus", metavar="CODE", help="show this node and its neighbours")
    p.add_argument("--hops", type=int, default=1)
    p.add_argument("--impact", metavar="CODE", help="run the impact of CODE going down")
    p.add_argument("--move", action="store_true", help="with --impact: moving instead of down")
    p.add_argument("--zoom", type=float, default=1.0, help="zoom factor after fitting")
    args = p.parse_args(argv)

    def prepare(page: GraphPage) -> None:
        if args.focus:
            page.focus(args.focus, args.hops)
        if args.impact:
            page.show_impact(args.impact, move=args.move)

    def zoom(page: GraphPage) -> None:
        if args.zoom != 1.0:
            page.canvas.zoom(args.zoom)

    return run_page(args, GraphPage, N_("連携グラフ"), size=(1400, 880), prepare=prepare, before_shot=zoom,
                    busy=lambda page: not page.ready or bool(page._after_load), settle_ms=300)


if __name__ == "__main__":
    sys.exit(main())
