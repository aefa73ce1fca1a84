"""The work pages beside the ledger's lists (survey, planner, graph, portfolio) and the refresh
that keeps every page in step with changes made here or by other users of a shared ledger."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QVBoxLayout, QWidget

from assetdesk.i18n import N_, _


class LazyPage(QWidget):
    """A navigation page whose widget is built the first time it is shown, so start-up stays quick."""

    def __init__(self, factory: Callable[[], QWidget], on_built: Callable[[QWidget], None], parent=None):
        super().__init__(parent)
        self._factory, self._on_built = factory, on_built
        self.page: QWidget | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def build(self) -> QWidget:
        if self.page is None:
            self.page = self._factory()
            self._layout.addWidget(self.page)
            self._on_built(self.page)
        return self.page

    def showEvent(self, event) -> None:
        self.build()
        super().showEvent(event)

    def refresh(self) -> None:
        if self.page is not None and hasattr(self.page, "refresh"):
            self.page.refresh()


def _survey(ledger, parent):
    from ui.imports.page import SurveyPage

    return SurveyPage(ledger, parent)


def _planner(ledger, parent):
    from ui.planner import PlannerPage

    return PlannerPage(ledger, parent)


def _graph(ledger, parent):
    from ui.graph.page import GraphPage

    return GraphPage(ledger, parent)


def _portfolio(ledger, parent):
    from ui.portfolio import PortfolioPage

    return PortfolioPage(ledger, parent)


#: name, navigation label, factory(ledger, parent)
WORK_PAGES = (
    ("survey", N_("資産調査・取込"), _survey),
    ("planner", N_("サーバ集約計画"), _planner),
    ("graph", N_("連携図・影響分析"), _graph),
    ("portfolio", N_("システム最適化"), _portfolio),
)


def add_work_pages(window) -> dict[str, LazyPage]:
    """Add the work pages to ``window``'s navigation; a change made in one refreshes the others."""
    pages: dict[str, LazyPage] = {}

    def changed_elsewhere(source: LazyPage) -> None:
        window.refresh_all()
        for page in pages.values():
            if page is not source:
                page.refresh()

    for name, label, factory in WORK_PAGES:
        lazy = LazyPage(lambda f=factory: f(window.ledger, None), lambda built: None, window)

        def hook(built: QWidget, lazy: LazyPage = lazy) -> None:
            signal = getattr(built, "ledger_changed", None)
            if signal is not None:
                signal.connect(lambda *_: changed_elsewhere(lazy))

        lazy._on_built = hook
        pages[name] = lazy
        window.add_page(name, _(label), lazy)
    window.work_pages = pages
    from ui.report_menu import add_report_menu

    add_report_menu(window)
    _graph_from_the_lists(window, pages["graph"])
    _accept_dropped_files(window, pages["survey"])
    _follow_other_users(window, pages)
    return pages


def _graph_from_the_lists(window, graph: LazyPage) -> None:
    """Right-click on a system, server or host: its impact (outage or move) or its place in the graph;
    and the graph's "open in the ledger" comes back to the list."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QAction

    from db.ledger import load_values, record_id
    from db.records import record_code

    def current_code(page) -> str | None:
        rid = page.detail.record_id
        if rid is None:
            return None
        with window.ledger.read() as conn:
            values = load_values(conn, page.detail.record_type, [rid]).get(rid)
        return record_code(page.detail.record_type, values) if values else None

    def go(page, what: str) -> None:
        code = current_code(page)
        if code is None:
            return
        window.show_page("graph")
        built = graph.build()
        if what == "focus":
            built.focus(code)
        else:
            built.show_impact(code, move=what == "move")

    for name in ("system", "server", "host"):
        page = window.pages[name]
        page.view.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        for what, label in (("down", _("影響分析(停止)")), ("move", _("影響分析(移設)")), ("focus", _("連携図で表示"))):
            action = QAction(label, page.view.table)
            action.triggered.connect(lambda _checked=False, p=page, w=what: go(p, w))
            page.view.table.addAction(action)

    def open_in_ledger(record_type: str, code: str) -> None:
        with window.ledger.read() as conn:
            rid = record_id(conn, record_type, code)
        if rid is not None:
            window.open_record(record_type, rid)

    original = graph._on_built

    def hook(built) -> None:
        original(built)
        built.open_record_requested.connect(open_in_ledger)

    graph._on_built = hook


def _accept_dropped_files(window, survey: LazyPage) -> None:
    """Workbooks dropped anywhere on the window go to the survey page's preview."""
    from ui.imports.drop import install_drop_target

    def take(paths) -> None:
        window.show_page("survey")
        survey.build().files_dropped(paths)

    install_drop_target(window, take)


def _follow_other_users(window, pages: dict[str, LazyPage]) -> None:
    """Lists and pages refresh when another user's operation commits (NOTIFY or polling)."""
    from ui.change_refresh import ChangeRefresher

    refresher = ChangeRefresher(window.ledger.engine, window)

    def on_change(_event) -> None:
        window.refresh_all()
        for page in pages.values():
            page.refresh()

    refresher.changed.connect(on_change)
    # This window's own operations refresh what they touch already; only others' count here.
    window.ledger.committed.append(refresher.mark_own)
    window.change_refresher = refresher
