"""The ledger window: home dashboard and the six lists, each with its detail pane."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from assetdesk.i18n import N_, _, language
from db import listing as L
from db.ledger import Ledger, LedgerError, load_values
from db.records import record_code
from ui.dashboard import Dashboard
from ui.detail import DetailPane
from ui.export import Cancelled, export_xlsx
from ui.first_run import FirstRunPage
from ui.ledger_view import FILTERS, LedgerView
from ui.settings import Settings
from ui.tasks import Task
from ui.undo import Edit, EditHistory

PAGES = ("home", "system", "server", "host", "dependency", "department", "section", "dataset")
RETIRE = {"system": {"status": "retired"}, "server": {"migration_status": "retired"}}
#: Records retired by the date they went (a reorganisation, a host taken out): today's, editable.
RETIRE_DATED = ("department", "section", "host")


class ListPage(QSplitter):
    """A list and the detail pane of its current record."""

    def __init__(self, view: LedgerView, detail: DetailPane):
        super().__init__(Qt.Orientation.Horizontal)
        self.view, self.detail = view, detail
        self.addWidget(view)
        self.addWidget(detail)
        self.setStretchFactor(0, 3)
        self.setStretchFactor(1, 2)
        self.setChildrenCollapsible(False)
        detail.setMinimumWidth(detail.fontMetrics().horizontalAdvance("M") * 34)
        self.setSizes([700, 460])


class MainWindow(QMainWindow):
    language_requested = Signal(str)
    #: Another ledger to open in a window of its own (the demo, a shared server), by URL.
    open_requested = Signal(str)

    def __init__(self, ledger: Ledger, settings: Settings | None = None, restore: bool = True):
        super().__init__()
        self.setObjectName("main_window")
        self.ledger = ledger
        self.settings = settings or Settings()
        self.edits = EditHistory(ledger)
        self.setWindowTitle(_("AssetDesk 情報システム資産台帳") + f" — {_location(ledger)}")
        self._task: Task | None = None

        self.nav = QListWidget(self)
        self.nav.setObjectName("navigation")
        self.nav.setAccessibleName(_("画面の切り替え"))
        self.stack = QStackedWidget(self)
        self.dashboard = Dashboard(ledger, self)
        self.dashboard.open_view.connect(self.open_view)
        self.first_run = FirstRunPage(self)
        self.first_run.import_requested.connect(self.import_first_ledger)
        self.first_run.demo_requested.connect(self.open_demo)
        self.first_run.connect_requested.connect(self.connect_shared)
        #: Home: the first-run page while the ledger is empty, then the dashboard.
        self.home = QStackedWidget(self)
        self.home.addWidget(self.first_run)
        self.home.addWidget(self.dashboard)
        self.pages: dict[str, ListPage] = {}
        #: Names of the pages in navigation order (the lists, and pages others add with add_page).
        self.page_names: list[str] = []
        self._add_nav("home", _("ホーム"), self.home)
        for name in PAGES[1:]:
            view = LedgerView(ledger, L.VIEWS[name], self.settings, self)
            detail = DetailPane(ledger, self.edits, self)
            view.current_changed.connect(lambda rt, rid, d=detail: d.load(rt, rid))
            view.record_activated.connect(lambda rt, rid, d=detail: (d.load(rt, rid), d.setFocus()))
            detail.saved.connect(self._after_write)
            detail.open_record.connect(self.open_record)
            detail.state_changed.connect(self._update_actions)
            page = ListPage(view, detail)
            self.pages[name] = page
            self._add_nav(name, _(L.VIEWS[name].label), page)
        self.nav.currentRowChanged.connect(self._page_changed)
        fm = self.nav.fontMetrics()
        widest = max(fm.horizontalAdvance(self.nav.item(i).text()) for i in range(self.nav.count()))
        self.nav.setFixedWidth(widest + 28)
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.nav.setSpacing(2)

        central = QWidget(self)
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        row.addWidget(self.nav)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.progress = QProgressBar(self)
        self.progress.setMaximumWidth(240)
        self.progress.setRange(0, 1000)
        self.progress.hide()
        self.cancel_button = QPushButton(_("中止"), self)
        self.cancel_button.hide()
        self.cancel_button.clicked.connect(self._cancel_task)
        self.status_label = QLabel(self)
        self.statusBar().addWidget(self.status_label, 1)
        self.statusBar().addPermanentWidget(self.progress)
        self.statusBar().addPermanentWidget(self.cancel_button)

        self._build_menus()
        for page in self.pages.values():
            state = self.settings.view_state(page.view.view.name)
            if state and restore:  # lists are read when first shown (ensure_loaded)
                page.view.restore_state(state, run=False)
                page.view.set_filter(L.ListFilter.from_dict(state.get("filter") or {}), run=False)
        self.resize(1280, 800)
        screen = QApplication.primaryScreen()
        if screen is not None:  # never larger than the screen (1366×768 office laptops)
            room = screen.availableGeometry()
            self.resize(min(1280, room.width()), min(800, room.height()))
        if restore:
            geometry = self.settings.window_geometry()
            if geometry is not None:
                self.restoreGeometry(geometry)
            state = self.settings.window_state()
            if state is not None:
                self.restoreState(state)
        self.nav.setCurrentRow(self.page_names.index(self.settings.current_page)
                               if restore and self.settings.current_page in self.page_names else 0)
        self.update_home()
        self.dashboard.refresh()
        self._update_actions()

    # --- construction -----------------------------------------------------------------------------

    def add_page(self, name: str, label: str, widget: QWidget) -> None:
        """Add a page (graph, planner, imports...) to the navigation, after the ledger's lists."""
        self._add_nav(name, label, widget)
        fm = self.nav.fontMetrics()
        self.nav.setFixedWidth(max(self.nav.width(), fm.horizontalAdvance(label) + 28))

    def _add_nav(self, name: str, label: str, widget: QWidget) -> None:
        self.page_names.append(name)
        item = QListWidgetItem(label)
        item.setData(Qt.ItemDataRole.UserRole, name)
        self.nav.addItem(item)
        self.stack.addWidget(widget)

    def _action(self, text: str, slot, shortcut: Any = None, name: str = "") -> QAction:
        act = QAction(text, self)
        if shortcut is not None:
            act.setShortcut(QKeySequence(shortcut))
        if name:
            act.setObjectName(name)
        act.triggered.connect(slot)
        self.addAction(act)
        return act

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(_("ファイル(&F)"))
        self.export_action = self._action(_("表示中の一覧をExcelに出力…"), self.export_current, "Ctrl+E", "export")
        file_menu.addAction(self.export_action)
        file_menu.addAction(self._action(_("ダッシュボードをPDFに出力…"), self.export_dashboard_pdf, None, "dashboard_pdf"))
        file_menu.addSeparator()
        file_menu.addAction(self._action(_("終了"), self.close, QKeySequence.StandardKey.Quit))

        edit_menu = bar.addMenu(_("編集(&E)"))
        self.undo_action = self._action(_("元に戻す"), self.undo, QKeySequence.StandardKey.Undo, "undo")
        self.redo_action = self._action(_("やり直し"), self.redo, "Ctrl+Y", "redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        self.save_action = self._action(_("保存"), self.save_current, QKeySequence.StandardKey.Save, "save")
        self.new_action = self._action(_("新規作成"), self.new_record, QKeySequence.StandardKey.New, "new")
        self.duplicate_action = self._action(_("複製"), self.duplicate_record, "Ctrl+D", "duplicate")
        self.retire_action = self._action(_("廃止にする…"), lambda: self.retire_record(), None, "retire")
        self.delete_action = self._action(_("削除…"), lambda: self.delete_record(), "Ctrl+Delete", "delete")
        self.copy_action = self._action(_("選択行をコピー(Excel貼り付け用)"), self.copy_rows, None, "copy_rows")
        for act in (self.undo_action, self.redo_action, None, self.save_action, self.new_action,
                    self.duplicate_action, self.retire_action, self.delete_action, None, self.copy_action):
            edit_menu.addSeparator() if act is None else edit_menu.addAction(act)

        go = bar.addMenu(_("移動(&G)"))
        go.addAction(self._action(_("検索"), self.focus_search, QKeySequence.StandardKey.Find, "find"))
        go.addAction(self._action(_("次の記録"), lambda: self.step(1), "Alt+Down", "next"))
        go.addAction(self._action(_("前の記録"), lambda: self.step(-1), "Alt+Up", "previous"))
        go.addSeparator()
        for i in range(self.nav.count()):
            go.addAction(self._action(self.nav.item(i).text(), lambda _c=False, i=i: self.nav.setCurrentRow(i),
                                      f"Ctrl+{i + 1}"))

        view_menu = bar.addMenu(_("表示(&V)"))
        view_menu.addAction(self._action(_("最新の情報に更新"), self.refresh_all, QKeySequence.StandardKey.Refresh))
        lang = view_menu.addMenu(_("言語 / Language"))
        group = QActionGroup(self)
        for code, label in (("ja", "日本語"), ("en", "English")):
            act = lang.addAction(label)
            act.setCheckable(True)
            act.setChecked(language() == code)
            act.setObjectName(f"language_{code}")
            act.triggered.connect(lambda _c=False, code=code: self.language_requested.emit(code))
            group.addAction(act)

    # --- navigation -----------------------------------------------------------------------------------

    def current_page_name(self) -> str:
        item = self.nav.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else "home"

    def current_page(self) -> ListPage | None:
        return self.pages.get(self.current_page_name())

    def _page_changed(self, row: int) -> None:
        page = self.pages.get(self.page_names[row])
        if page is not None:
            page.view.ensure_loaded()
        self.stack.setCurrentIndex(row)
        self.settings.current_page = self.page_names[row]
        self._update_actions()

    def show_page(self, name: str) -> None:
        self.nav.setCurrentRow(self.page_names.index(name))

    def open_view(self, name: str, flt: L.ListFilter) -> None:
        self.show_page(name)
        self.pages[name].view.set_filter(flt)
        self.pages[name].view.table.setFocus()

    def open_record(self, record_type: str, record_id: int) -> None:
        page = self.pages[record_type]
        page.view.ensure_loaded(whole=True)
        self.show_page(record_type)
        if not page.view.select_id(record_id):
            # not in the current filter: show everything, then select it
            page.view.set_filter(L.ListFilter())
            page.view.select_id(record_id)
        page.detail.load(record_type, record_id)

    def focus_search(self) -> None:
        page = self.current_page()
        if page is None:
            self.show_page("system")
            page = self.pages["system"]
        page.view.search.setFocus()
        page.view.search.selectAll()

    def step(self, delta: int) -> None:
        page = self.current_page()
        if page is not None and page.detail.maybe_keep_edits():
            page.view.step(delta)

    # --- editing ---------------------------------------------------------------------------------------

    def save_current(self) -> None:
        page = self.current_page()
        if page is not None:
            page.detail.save()

    def new_record(self) -> None:
        page = self.current_page()
        if page is None:
            return
        page.detail.new(page.view.view.record_type)
        page.detail.editors[next(iter(page.detail.editors))].setFocus()

    def duplicate_record(self) -> None:
        page = self.current_page()
        if page is None or page.detail.record_id is None:
            return
        template = dict(page.detail.values())
        page.detail.new(page.view.view.record_type, template)

    def retire_record(self, confirm: bool = True) -> None:
        """Retire (a status change or a date, undoable) the current record."""
        page = self.current_page()
        rt = page.view.view.record_type if page else None
        if page is None or not _retirable(rt) or page.detail.record_id is None:
            return
        code = record_code(rt, page.detail.loaded)
        if confirm and QMessageBox.question(
                self, _("廃止"), _("{code} を廃止にしますか？").format(code=code)) != QMessageBox.StandardButton.Yes:
            return
        changes = dict(RETIRE.get(rt, {}))
        if rt in RETIRE_DATED:
            changes["retired_on"] = page.detail.loaded.get("retired_on") or dt.date.today()
        if rt == "server" and not page.detail.loaded.get("migrated_on"):
            changes["migrated_on"] = dt.date.today()
        before = {k: page.detail.loaded.get(k) for k in changes}
        try:
            with self.ledger.operation("edit", _("画面から廃止")) as op:
                version = op.update(rt, page.detail.record_id, changes, page.detail.loaded["version"])
        except LedgerError as e:
            QMessageBox.warning(self, _("廃止できません"), str(e))
            return
        self.edits.record(Edit("update", rt, page.detail.record_id, before, changes, version))
        self._after_write(rt, page.detail.record_id)

    def delete_record(self, confirm: bool = True) -> bool:
        """Delete the current record; what refers to it is listed and removed only on consent."""
        page = self.current_page()
        if page is None or page.detail.record_id is None:
            return False
        rt, rid = page.view.view.record_type, page.detail.record_id
        values = page.detail.loaded
        code = record_code(rt, values)
        with self.ledger.read() as conn:
            deps = L.dependencies_of_system(conn, rid) if rt == "system" else []
            servers = L.servers_of_system(conn, rid) if rt == "system" else []
            dep_values = load_values(conn, "dependency", deps)
            server_values = load_values(conn, "server", servers)
        lines = [_("{code} を削除します。").format(code=code)]
        if dep_values:
            lines.append(_("次のシステム間連携 {n} 件も削除されます:").format(n=len(dep_values)))
            lines += [f"  • {record_code('dependency', v)}" for v in list(dep_values.values())[:15]]
        if server_values:
            lines.append(_("次のサーバの稼働システムから外されます:"))
            lines += [f"  • {v['server_code']}" for v in list(server_values.values())[:15]]
        cascade = bool(dep_values or server_values)
        if cascade:
            lines.append(_("(関連する記録も変わるため、この削除は元に戻せません)"))
        if confirm:
            answer = QMessageBox.warning(self, _("削除の確認"), "\n".join(lines),
                                         QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                                         QMessageBox.StandardButton.Cancel)
            if answer != QMessageBox.StandardButton.Yes:
                return False
        try:
            with self.ledger.operation("edit", _("画面から削除: {code}").format(code=code)) as op:
                for did, dv in dep_values.items():
                    op.delete("dependency", did, dv["version"])
                for sid, sv in server_values.items():
                    op.update("server", sid, {"systems": tuple(c for c in sv["systems"] if c != code)}, sv["version"])
                op.delete(rt, rid, values["version"])
        except LedgerError as e:
            QMessageBox.warning(self, _("削除できません"), str(e))
            return False
        if not cascade:
            self.edits.record(Edit("delete", rt, rid, dict(values), {}, values["version"]))
        page.detail.loaded = {}
        page.detail.clear()
        self.refresh_all()
        self.status_label.setText(_("{code} を削除しました").format(code=code))
        return True

    def undo(self) -> None:
        self._undo_redo(self.edits.undo, _("元に戻せません"))

    def redo(self) -> None:
        self._undo_redo(self.edits.redo, _("やり直せません"))

    def _undo_redo(self, fn, title: str) -> None:
        page = self.current_page()
        if page is not None and page.detail.is_dirty() and page.detail.changes():
            page.detail.revert()  # Ctrl+Z first drops what is typed but not saved
            return
        try:
            edit = fn()
        except LedgerError as e:
            QMessageBox.warning(self, title, str(e))
            return
        if edit is not None:
            self.status_label.setText(edit.describe())
            self._after_write(edit.record_type, edit.record_id)

    def _after_write(self, record_type: str, record_id: int) -> None:
        """Re-read what a write may have changed: its list, its detail, the dashboard."""
        for name, page in self.pages.items():
            if not page.view.loaded:
                continue
            if name == record_type:
                page.view.requery(keep=record_id)
                if page.detail.record_type == record_type and not page.detail.is_dirty():
                    page.detail.load(record_type, record_id, force=True)
            else:
                page.view.model.refresh_rows()
        self.dashboard.refresh()
        self._update_actions()

    def refresh_all(self) -> None:
        for page in self.pages.values():
            if page.view.loaded or page is self.current_page():
                page.view.requery()
        self.update_home()
        self.dashboard.refresh()

    # --- the first day ----------------------------------------------------------------------------

    def update_home(self) -> None:
        """The first-run page while the ledger holds nothing, the dashboard once it does."""
        from db.organisation import ledger_is_empty

        with self.ledger.read() as conn:
            empty = ledger_is_empty(conn)
        self.home.setCurrentWidget(self.first_run if empty else self.dashboard)

    def import_first_ledger(self) -> None:
        """The workbook import with its preview (the survey page's), on the division's own file."""
        survey = getattr(self, "work_pages", {}).get("survey")
        if survey is None:
            return
        self.show_page("survey")
        survey.build().choose_files()

    def open_demo(self) -> Task | None:
        """The demo prefecture in a file of its own in the data folder, opened in another window."""
        if self._task is not None:
            return None
        from db.engine import data_dir, sqlite_url

        url = sqlite_url(data_dir() / "demo.sqlite")
        self.first_run.status.setText(_("デモ用の県を準備しています…"))

        def work(progress, cancel) -> str:
            from db.demo_load import load_demo

            demo = Ledger.open(url)
            try:
                load_demo(demo, progress=progress)  # a demo file made earlier is left as it is
            finally:
                demo.dispose()
            return url

        def done(opened: str) -> None:
            self.first_run.status.setText(_("デモ用の県を別の窓で開きました: {path}").format(
                path=opened.removeprefix("sqlite:///")))
            self.open_requested.emit(opened)

        return self.run_task(work, done)

    def connect_shared(self) -> None:
        from ui.connection_dialog import ConnectionDialog

        url = ConnectionDialog.ask(self)
        if url:
            self.open_requested.emit(url)

    def _update_actions(self) -> None:
        page = self.current_page()
        has_record = page is not None and page.detail.record_id is not None
        self.save_action.setEnabled(page is not None and page.detail.save_button.isEnabled())
        self.new_action.setEnabled(page is not None)
        self.duplicate_action.setEnabled(has_record)
        self.retire_action.setEnabled(has_record and _retirable(page.view.view.record_type))
        self.delete_action.setEnabled(has_record)
        self.copy_action.setEnabled(page is not None)
        self.export_action.setEnabled(page is not None)
        nu, nr = self.edits.next_undo(), self.edits.next_redo()
        self.undo_action.setText(_("元に戻す") + (f": {nu.describe()}" if nu else ""))
        self.redo_action.setText(_("やり直し") + (f": {nr.describe()}" if nr else ""))

    def copy_rows(self) -> None:
        page = self.current_page()
        if page is not None:
            page.view.copy_selection()

    # --- export ------------------------------------------------------------------------------------------

    def export_current(self, path: str | None = None, wait: bool = False) -> Task | None:
        page = self.current_page()
        if page is None:
            return None
        view = page.view
        if not path:
            path, _filter = QFileDialog.getSaveFileName(self, _("Excelに出力"), f"{_(view.view.label)}.xlsx",
                                                        _("Excel ブック (*.xlsx)"))
            if not path:
                return None
        conditions = _describe_filter(view)
        ids, columns = list(view.model.ids()), view.visible_columns()
        name = view.view.name

        def work(progress, cancel):
            return export_xlsx(self.ledger, name, ids, columns, path, conditions, progress, cancel)

        return self.run_task(work, lambda n: self.status_label.setText(
            _("{n:,} 行を {path} に出力しました").format(n=n, path=path)))

    def export_dashboard_pdf(self, path: str | None = None) -> None:
        if not path:
            path, _filter = QFileDialog.getSaveFileName(self, _("PDFに出力"), _("ダッシュボード.pdf"), "PDF (*.pdf)")
            if not path:
                return
        self.dashboard.write_pdf(path)
        self.status_label.setText(_("{path} に出力しました").format(path=path))

    def run_task(self, work, done) -> Task:
        """Run ``work(progress, cancel)`` off the GUI thread with the status bar's progress and cancel."""
        task = Task(work)
        self._task = task
        self.progress.setValue(0)
        self.progress.show()
        self.cancel_button.show()
        task.signals.progress.connect(lambda f, m: (self.progress.setValue(int(f * 1000)), self.status_label.setText(m)))

        def finish(result):
            self.progress.hide()
            self.cancel_button.hide()
            self._task = None
            done(result)

        def fail(error, _tb):
            self.progress.hide()
            self.cancel_button.hide()
            self._task = None
            if isinstance(error, Cancelled):
                self.status_label.setText(_("中止しました"))
            else:
                QMessageBox.warning(self, _("処理できませんでした"), str(error))

        task.signals.finished.connect(finish)
        task.signals.failed.connect(fail)
        return task.start()

    def _cancel_task(self) -> None:
        if self._task is not None:
            self._task.cancel()

    # --- closing ------------------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        for page in self.pages.values():
            if not page.detail.maybe_keep_edits():
                event.ignore()
                return
        self.settings.save_window(self.saveGeometry(), self.saveState())
        for page in self.pages.values():
            self.settings.set_view_state(page.view.view.name, page.view.state())
        self.settings.sync()
        event.accept()
        refresher = getattr(self, "change_refresher", None)
        if refresher is not None:  # its timer and, on PostgreSQL, its LISTEN connection
            refresher.stop()
            if refresher.mark_own in self.ledger.committed:
                self.ledger.committed.remove(refresher.mark_own)


def _location(ledger: Ledger) -> str:
    from sqlalchemy.engine import make_url

    url = make_url(ledger.url)
    return url.database or "" if ledger.is_sqlite else url.render_as_string(hide_password=True)


def _describe_filter(view: LedgerView) -> list[tuple[str, str]]:
    flt = view.current_filter()
    out: list[tuple[str, str]] = []
    if flt.text:
        out.append((_("検索"), flt.text))
    for name, combo in view.combos.items():
        if combo.currentData() is not None:
            label = FILTERS[name][0] if name in FILTERS else N_("種別")
            out.append((_(label), combo.currentText()))
    for p in sorted(flt.problems):
        out.append((_("問題"), _(L.PROBLEMS[p])))
    if view.model.sort_column:
        col = view.view.column(view.model.sort_column)
        out.append((_("並び順"), _(col.label) + (_(" (降順)") if view.model.sort_descending else "")))
    return out


def app_instance() -> QApplication:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    return app


def _retirable(record_type: str | None) -> bool:
    return record_type in RETIRE or record_type in RETIRE_DATED
