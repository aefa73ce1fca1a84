"""One list of the ledger (systems, servers, ...): search box, filters, a lazy table, saved views.

Every change of the search text, a filter or the sort column runs one query for ids
(``db.listing.list_ids``); the table then fetches only the rows it paints.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QSizePolicy,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from assetdesk import choices as C
from assetdesk.i18n import N_, _
from db import listing as L
from db.ledger import Ledger
from ui.settings import Settings
from ui.table_model import IdTableModel
from ui.tasks import Task

#: Filter field -> (label, code list or record type whose codes are offered).
FILTERS: dict[str, tuple[str, Any]] = {
    "department": (N_("部局"), "department"),
    "section": (N_("所属"), "section"),
    "zone": (N_("ネットワーク区分"), C.NETWORK_ZONE),
    "status": (N_("状態"), C.SYSTEM_STATUS),
    "criticality": (N_("重要度"), C.CRITICALITY),
    "migration_status": (N_("移行状況"), C.MIGRATION_STATUS),
    "form": (N_("データ形式"), C.DATASET_FORM),
    "open_status": (N_("公開状況"), C.OPEN_DATA_STATUS),
    "confidentiality": (N_("機密性"), C.CONFIDENTIALITY),
    "personal_info": (N_("個人情報"), C.YES_NO),
    "category": (N_("推奨データセット"), C.RECOMMENDED_DATASET),
}
#: Rows of the first screen of a background query; the rest follows in a second query.
FIRST_SCREEN = 500
KIND_CHOICES = {"server": C.SERVER_KIND, "dependency": C.DEPENDENCY_KIND}


class LedgerView(QWidget):
    """The list of one ``ListView``; emits ``record_activated(record_type, id)``."""

    current_changed = Signal(str, int)
    record_activated = Signal(str, int)
    ids_changed = Signal()

    def __init__(self, ledger: Ledger, view: L.ListView, settings: Settings, parent: QWidget | None = None):
        super().__init__(parent)
        self.ledger = ledger
        self.view = view
        self.settings = settings
        self.setObjectName(f"view_{view.name}")
        self._filter = L.ListFilter()
        self._applying = False

        self.search = QLineEdit(self)
        self.search.setObjectName("search")
        self.search.setPlaceholderText(_("検索 (Ctrl+F): 名称・番号・ホスト名・事業者など"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(_("検索"))
        self.search.textChanged.connect(self._schedule)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.requery_in_background)
        # Background queries: at most one in flight; a newer request waits for it, older
        # answers that no longer match what the user asked for are dropped.
        self._inflight: Task | None = None
        self._again = False
        #: The (filter, sort, descending) whose rows are on screen, and whether all of them are.
        self.shown_key: tuple | None = None
        self._complete = True

        self.combos: dict[str, QComboBox] = {}
        # More than five filters (the data inventory's seven) take two rows, so that the page
        # still fits a 1366-pixel screen beside the detail pane.
        filter_rows = QVBoxLayout()
        filter_rows.setContentsMargins(0, 0, 0, 0)
        filter_rows.setSpacing(2)
        filter_bar = QHBoxLayout()
        filter_bar.setContentsMargins(0, 0, 0, 0)
        per_row = len(view.filters) if len(view.filters) <= 5 else (len(view.filters) + 1) // 2
        for i, name in enumerate(view.filters):
            if i and i % per_row == 0:
                filter_rows.addLayout(filter_bar)
                filter_bar = QHBoxLayout()
                filter_bar.setContentsMargins(0, 0, 0, 0)
            combo = self._make_combo(name)
            self.combos[name] = combo
            filter_bar.addWidget(combo)
        self.problems_button = QToolButton(self)
        self.problems_button.setText(_("問題"))
        self.problems_button.setAccessibleName(_("問題で絞り込み"))
        self.problems_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.problem_actions: dict[str, QAction] = {}
        menu = QMenu(self.problems_button)
        for p in view.problems:
            act = menu.addAction(_(L.PROBLEMS[p]))
            act.setCheckable(True)
            act.toggled.connect(self._filters_changed)
            self.problem_actions[p] = act
        self.problems_button.setMenu(menu)
        self.problems_button.setVisible(bool(view.problems))
        filter_bar.addWidget(self.problems_button)
        # no stretch: the filter menus share the width (they elide, with the full text as tooltip)

        self.saved_combo = QComboBox(self)
        self.saved_combo.setAccessibleName(_("保存したビュー"))
        self.saved_combo.setMinimumContentsLength(8)
        self.saved_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.saved_combo.activated.connect(self._apply_saved)
        save_view = QToolButton(self)
        save_view.setText(_("ビューを保存"))
        save_view.setAccessibleName(_("ビューを保存"))
        save_view.clicked.connect(self.save_current_view)
        self.columns_button = QToolButton(self)
        self.columns_button.setText(_("列"))
        self.columns_button.setAccessibleName(_("表示する列"))
        self.columns_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.count_label = QLabel(self)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.count_label)
        top.addWidget(self.saved_combo)
        top.addWidget(save_view)
        top.addWidget(self.columns_button)

        self.model = IdTableModel(view, self._fetch_rows, self)
        self.table = QTableView(self)
        self.table.setObjectName("table")
        self.table.setAccessibleName(_(view.label))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setSortingEnabled(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(lambda pos: self._column_menu().exec(header.mapToGlobal(pos)))
        self.columns_button.setMenu(self._column_menu())
        header.sectionMoved.connect(lambda *a: self._remember())
        header.sectionResized.connect(lambda *a: None)
        for i, col in enumerate(view.columns):
            header.setSectionHidden(i, not col.visible)
            header.resizeSection(i, self._initial_width(col))
        self.table.selectionModel().currentRowChanged.connect(self._current_row_changed)
        self.table.activated.connect(lambda idx: self.record_activated.emit(view.record_type, self.model.id_at(idx.row())))

        copy = QAction(_("選択行をコピー"), self)
        copy.setShortcut(QKeySequence.StandardKey.Copy)
        copy.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        copy.triggered.connect(self.copy_selection)
        self.table.addAction(copy)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        filter_rows.addLayout(filter_bar)
        layout.addLayout(filter_rows)
        layout.addWidget(self.table, 1)
        self.setTabOrder(self.search, self.table)
        self._reload_saved_names()
        # Only now: setSortingEnabled() and setSortIndicator() above call sort() themselves.
        self.model.sort_requested = self._sort_requested

    # --- widgets ------------------------------------------------------------------------------------

    def _initial_width(self, col: L.Column) -> int:
        """A first width that shows a typical value and the header (users resize; it is kept)."""
        fm = self.fontMetrics()
        sample = {"name": "健康管理システム(保健所)", "hostname": "lg-zaimu-ap01x", "systems": "SYS-0001, SYS-0002",
                  "os": "Windows Server 2019", "from_name": "財務会計システム", "to_name": "財務会計システム",
                  "department": "保健福祉部", "section": "情報システム課", "host": "LG-HOST-01"}.get(col.name, "")
        if not sample and col.choices is not None:
            sample = max((_(c.label) for c in col.choices), key=len)[:9]
        width = max(fm.horizontalAdvance(sample), fm.horizontalAdvance(_(col.label))) + 28
        return max(70, min(width, 320))

    def _make_combo(self, name: str) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(f"filter_{name}")
        if name == "kind":
            label, source = N_("種別"), KIND_CHOICES.get(self.view.name, C.SERVER_KIND)
        else:
            label, source = FILTERS[name]
        combo.setAccessibleName(_(label))
        combo.setToolTip(_(label))
        combo.addItem(_("{label}: すべて").format(label=_(label)), None)
        if isinstance(source, C.ChoiceSet):
            for c in source:
                combo.addItem(_(c.label), c.value)
        else:
            with self.ledger.read() as conn:
                for code, cname in L.choice_codes(conn, source):
                    combo.addItem(f"{cname} ({code})", code)
        # Wide enough for "部局: すべて" and growing with the window; never so wide that five
        # filters (longer in English) push the list past a 1366-pixel screen.
        combo.setMinimumContentsLength(8)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        combo.setMaximumWidth(self.fontMetrics().horizontalAdvance("M") * 16)
        combo.currentIndexChanged.connect(self._filters_changed)
        return combo

    def _column_menu(self) -> QMenu:
        menu = QMenu(self)
        header = self.table.horizontalHeader()
        for i, col in enumerate(self.view.columns):
            act = menu.addAction(_(col.label))
            act.setCheckable(True)
            act.setChecked(not header.isSectionHidden(i))
            act.toggled.connect(lambda on, i=i: self.set_column_visible(i, on))
        menu.aboutToShow.connect(lambda m=menu: self._sync_column_menu(m))
        return menu

    def _sync_column_menu(self, menu: QMenu) -> None:
        header = self.table.horizontalHeader()
        for i, act in enumerate(menu.actions()):
            act.blockSignals(True)
            act.setChecked(not header.isSectionHidden(i))
            act.blockSignals(False)

    def set_column_visible(self, index: int, visible: bool) -> None:
        header = self.table.horizontalHeader()
        if not visible and header.count() - header.hiddenSectionCount() <= 1:
            return  # keep at least one column
        header.setSectionHidden(index, not visible)
        self._remember()

    def visible_columns(self) -> list[int]:
        """Column indexes as the user sees them: shown ones, in header order."""
        header = self.table.horizontalHeader()
        return [header.logicalIndex(v) for v in range(header.count()) if not header.isSectionHidden(header.logicalIndex(v))]

    # --- querying -----------------------------------------------------------------------------------

    def _schedule(self) -> None:
        if not self._applying:
            self._timer.start()

    def _filters_changed(self) -> None:
        if not self._applying:
            self.requery_in_background()

    def current_filter(self) -> L.ListFilter:
        values: dict[str, Any] = {"text": self.search.text()}
        for name, combo in self.combos.items():
            values[name] = combo.currentData()
        values["problems"] = frozenset(p for p, a in self.problem_actions.items() if a.isChecked())
        return L.ListFilter(**values)

    def set_filter(self, flt: L.ListFilter, run: bool = True) -> None:
        """Show ``flt`` in the widgets and run it (dashboard figures and saved views use this)."""
        self._applying = True
        try:
            self.search.setText(flt.text)
            for name, combo in self.combos.items():
                value = getattr(flt, name)
                i = combo.findData(value) if value is not None else 0
                combo.setCurrentIndex(max(i, 0))
            for p, act in self.problem_actions.items():
                act.setChecked(p in flt.problems)
        finally:
            self._applying = False
        if run:
            self.requery()

    @property
    def loaded(self) -> bool:
        return self.shown_key is not None

    def ensure_loaded(self, whole: bool = False) -> None:
        """Read the list the first time it is needed (the window starts without reading all six)."""
        if whole and (not self.loaded or not self._complete):
            self.requery()
        elif not self.loaded:
            self.requery_in_background()

    def _query_key(self) -> tuple[L.ListFilter, str | None, bool]:
        return self.current_filter(), self.model.sort_column, self.model.sort_descending

    def _list_ids(self, key: tuple[L.ListFilter, str | None, bool], limit: int | None = None) -> list[int]:
        flt, sort, descending = key
        with self.ledger.read() as conn:
            return L.list_ids(conn, self.view.name, flt, sort, descending, limit=limit)

    def requery(self, keep: int | None = None) -> None:
        """Run the query now, on this thread (programmatic changes, after a save)."""
        self._timer.stop()
        key = self._query_key()
        self._show(key, self._list_ids(key), keep, complete=True)

    @property
    def pending(self) -> bool:
        """A query is running or waiting to run."""
        return self._inflight is not None or self._timer.isActive()

    def requery_in_background(self) -> None:
        """Show the first screen now and read the rest of the list on the thread pool.

        The first ``FIRST_SCREEN`` ids come back in milliseconds even from 100,000 rows (the
        scan stops when it has them), so typing updates the view at once; the whole list,
        which can take a few hundred milliseconds, never blocks the window."""
        self._timer.stop()
        key = self._query_key()
        ids = self._list_ids(key, FIRST_SCREEN)
        complete = len(ids) < FIRST_SCREEN
        self._show(key, ids, None, complete)
        if not complete:
            if self._inflight is not None:
                self._again = True  # read the newest list when the one in flight answers
            else:
                self._run(key)

    def _run(self, key) -> None:
        task = Task(lambda _progress, _cancel: self._list_ids(key))
        task.signals.finished.connect(lambda ids: self._answered(key, ids))
        task.signals.failed.connect(lambda e, tb: self._failed(e))
        self._inflight = task.start()

    def _answered(self, key, ids: list[int]) -> None:
        self._inflight = None
        self._again = False
        if key == self.shown_key and not self._complete:
            first = self.model.ids()
            if ids[:len(first)] == first:
                self.model.extend_ids(ids)  # rows added below: scroll and selection stay
                self._complete = True
                self._update_count(len(ids), True)
                self.ids_changed.emit()
            else:  # the ledger changed in between: show the whole list as read now
                self._show(key, ids, None, True)
        elif self.shown_key is not None and not self._complete:
            self._run(self.shown_key)

    def _failed(self, error: Exception) -> None:
        self._inflight = None
        self._again = False
        self.count_label.setText(_("検索できません: {e}").format(e=error))

    def _update_count(self, n: int, complete: bool) -> None:
        self.count_label.setText(_("{n:,} 件").format(n=n) if complete else _("{n:,} 件以上…").format(n=n))

    def _show(self, key, ids: list[int], keep: int | None, complete: bool) -> None:
        current = keep if keep is not None else self.current_id()
        self._filter = key[0]
        self.shown_key = key
        self._complete = complete
        self.model.set_ids(ids)
        self._update_count(len(ids), complete)
        self.problems_button.setText(_("問題") + (f" ({len(self._filter.problems)})" if self._filter.problems else ""))
        if current is not None:
            self.select_id(current, emit=False)
        self._remember()
        self.ids_changed.emit()

    def _sort_requested(self, column: str | None, descending: bool) -> None:
        self.requery_in_background()

    def _fetch_rows(self, ids) -> dict[int, tuple]:
        with self.ledger.read() as conn:
            return L.fetch_rows(conn, self.view.name, ids)

    # --- selection ---------------------------------------------------------------------------------

    def _current_row_changed(self, current, _previous) -> None:
        if current.isValid():
            self.current_changed.emit(self.view.record_type, self.model.id_at(current.row()))

    def current_id(self) -> int | None:
        idx = self.table.currentIndex()
        return self.model.id_at(idx.row()) if idx.isValid() and idx.row() < self.model.rowCount() else None

    def select_id(self, record_id: int, emit: bool = True) -> bool:
        row = self.model.row_of(record_id)
        if row is None:
            return False
        idx = self.model.index(row, max(self.visible_columns()[0] if self.visible_columns() else 0, 0))
        sm = self.table.selectionModel()
        if not emit:
            sm.blockSignals(True)
        sm.setCurrentIndex(idx, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        if not emit:
            sm.blockSignals(False)
        self.table.scrollTo(idx)
        return True

    def step(self, delta: int) -> None:
        """Move to the next (+1) or previous (-1) record of the list."""
        n = self.model.rowCount()
        if not n:
            return
        idx = self.table.currentIndex()
        row = min(max((idx.row() if idx.isValid() else -1) + delta, 0), n - 1)
        self.select_id(self.model.id_at(row))

    def selected_rows(self) -> list[int]:
        return sorted({i.row() for i in self.table.selectionModel().selectedRows()})

    # --- copy ---------------------------------------------------------------------------------------

    def selection_as_tsv(self) -> str:
        cols = self.visible_columns()
        lines = ["\t".join(_(self.view.columns[c].label) for c in cols)]
        for row in self.selected_rows():
            texts = self.model.row_texts(row)
            cells = [(texts[c] if c < len(texts) else "").replace("\t", " ").replace("\r", " ").replace("\n", " ")
                     for c in cols]
            lines.append("\t".join(cells))
        return "\r\n".join(lines) + "\r\n"

    def copy_selection(self) -> None:
        from PySide6.QtWidgets import QApplication

        if self.selected_rows():
            QApplication.clipboard().setText(self.selection_as_tsv())

    # --- state --------------------------------------------------------------------------------------

    def state(self) -> dict[str, Any]:
        header = self.table.horizontalHeader()
        return {
            "filter": self._filter.to_dict(),
            "sort": self.model.sort_column,
            "descending": self.model.sort_descending,
            # Columns by name (not QHeaderView.saveState) so that a release adding columns
            # keeps the user's choices.
            "columns": [self.view.columns[header.logicalIndex(v)].name for v in range(header.count())],
            "hidden": [c.name for i, c in enumerate(self.view.columns) if header.isSectionHidden(i)],
            "widths": {c.name: header.sectionSize(i) for i, c in enumerate(self.view.columns)
                       if not header.isSectionHidden(i)},
        }

    def restore_state(self, state: dict[str, Any], run: bool = True) -> None:
        header = self.table.horizontalHeader()
        names = [c.name for c in self.view.columns]
        if "hidden" in state:
            hidden = set(state.get("hidden") or ())
            for i, name in enumerate(names):
                header.setSectionHidden(i, name in hidden)
        for name, width in (state.get("widths") or {}).items():
            if name in names and isinstance(width, int) and width > 0:
                header.resizeSection(names.index(name), width)
        for visual, name in enumerate(n for n in state.get("columns") or () if n in names):
            header.moveSection(header.visualIndex(names.index(name)), visual)
        sort = state.get("sort")
        self.model.sort_column = sort if sort in {c.name for c in self.view.columns} else None
        self.model.sort_descending = bool(state.get("descending"))
        header.blockSignals(True)
        if self.model.sort_column:
            header.setSortIndicator(self.view.index_of(self.model.sort_column),
                                    Qt.SortOrder.DescendingOrder if self.model.sort_descending else Qt.SortOrder.AscendingOrder)
        else:
            header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        header.blockSignals(False)
        flt = L.ListFilter.from_dict(state.get("filter") or {})
        if run:
            self.set_filter(flt)

    def _remember(self) -> None:
        self.settings.set_view_state(self.view.name, self.state())

    def _reload_saved_names(self) -> None:
        self.saved_combo.blockSignals(True)
        self.saved_combo.clear()
        self.saved_combo.addItem(_("(保存したビュー)"), None)
        for name in sorted(self.settings.saved_views(self.view.name)):
            self.saved_combo.addItem(name, name)
        self.saved_combo.blockSignals(False)

    def save_current_view(self, name: str | None = None) -> None:
        if not name:
            name, ok = QInputDialog.getText(self, _("ビューを保存"), _("ビューの名前:"))
            if not ok or not name.strip():
                return
        self.settings.save_view(self.view.name, name.strip(), self.state())
        self._reload_saved_names()
        self.saved_combo.setCurrentIndex(max(self.saved_combo.findData(name.strip()), 0))

    def apply_saved_view(self, name: str) -> bool:
        state = self.settings.saved_views(self.view.name).get(name)
        if state is None:
            return False
        self.restore_state(state)
        return True

    def _apply_saved(self, index: int) -> None:
        name = self.saved_combo.itemData(index)
        if name:
            self.apply_saved_view(name)
