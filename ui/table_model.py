"""A table over the ledger that holds only ids and fetches the rows it shows, a page at a time.

The ids come from ``db.listing.list_ids`` (filtered and sorted in SQL); ``data()`` asks the
source for the page around a row the first time it is painted. With 100,000 servers the model
holds 100,000 integers and a few hundred rows.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from assetdesk.fields import Kind
from assetdesk.i18n import _
from db.listing import ListView
from ui.formatting import display

PAGE = 100
_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole.value)
_USER = int(Qt.ItemDataRole.UserRole.value)
_RIGHT = int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)
MAX_CACHED_PAGES = 50

RowFetcher = Callable[[Sequence[int]], dict[int, tuple[Any, ...]]]
Index = QModelIndex | QPersistentModelIndex


class ListModel(QAbstractTableModel):
    """A small read-only table over a Python list (problems, assignments, impact rows).

    Subclasses set ``HEADERS`` (catalogue source strings) or override ``headers()``, fill
    ``rows`` and implement ``data``; rows, columns and the header come from here.
    """

    HEADERS: tuple[str, ...] = ()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[Any] = []

    def headers(self) -> Sequence[str]:
        return [_(h) for h in self.HEADERS]

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.headers())

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        return None


class IdTableModel(QAbstractTableModel):
    """Rows are ids; cells come from ``fetch(ids) -> {id: row tuple}`` in the view's column order."""

    def __init__(self, view: ListView, fetch: RowFetcher, parent=None):
        super().__init__(parent)
        self.view = view
        self._fetch = fetch
        self._ids: list[int] = []
        self._row_of: dict[int, int] | None = None
        self._pages: OrderedDict[int, dict[int, tuple[Any, ...]]] = OrderedDict()
        self._texts: dict[int, tuple[str, ...]] = {}
        self.sort_column: str | None = None
        self.sort_descending = False
        #: Called by ``sort()``; the owner re-runs its query and calls ``set_ids``.
        self.sort_requested: Callable[[str | None, bool], None] | None = None

    # --- ids ------------------------------------------------------------------------------------

    def set_ids(self, ids: list[int]) -> None:
        self.beginResetModel()
        self._ids = ids
        self._row_of = None
        self._pages.clear()
        self._texts.clear()
        self.endResetModel()

    def extend_ids(self, ids: list[int]) -> None:
        """Grow the list to ``ids``, which starts with the current ones (no reset, no jump)."""
        n = len(self._ids)
        if len(ids) > n:
            self.beginInsertRows(QModelIndex(), n, len(ids) - 1)
            self._ids = ids
            self._row_of = None
            self.endInsertRows()

    def ids(self) -> list[int]:
        return self._ids

    def id_at(self, row: int) -> int:
        return self._ids[row]

    def row_of(self, record_id: int) -> int | None:
        if self._row_of is None:
            self._row_of = {rid: i for i, rid in enumerate(self._ids)}
        return self._row_of.get(record_id)

    def refresh_rows(self, ids: Sequence[int] = ()) -> None:
        """Forget cached rows (all, or the pages holding ``ids``) so they are read again."""
        if not ids:
            self._pages.clear()
            self._texts.clear()
        else:
            for rid in ids:
                row = self.row_of(rid)
                if row is not None:
                    for other in self._pages.pop(row // PAGE, {}):
                        self._texts.pop(other, None)
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, self.columnCount() - 1))

    def _page(self, row: int) -> dict[int, tuple[Any, ...]]:
        page = row // PAGE
        cached = self._pages.get(page)
        if cached is None:
            cached = self._fetch(self._ids[page * PAGE:(page + 1) * PAGE])
            self._pages[page] = cached
            if len(self._pages) > MAX_CACHED_PAGES:
                dropped = self._pages.popitem(last=False)[1]
                for rid in dropped:
                    self._texts.pop(rid, None)
        else:
            self._pages.move_to_end(page)
        return cached

    def row_values(self, row: int) -> tuple[Any, ...]:
        """The raw values of a row, in the view's column order."""
        return self._page(row).get(self._ids[row], ())

    def row_texts(self, row: int) -> tuple[str, ...]:
        """The row as shown on screen, formatted once (data() runs thousands of times a second)."""
        rid = self._ids[row]
        texts = self._texts.get(rid)
        if texts is None:
            raw = self.row_values(row)
            texts = tuple(display(v, c.kind, c.choices) for v, c in zip(raw, self.view.columns, strict=False))
            self._texts[rid] = texts
        return texts

    # --- Qt model ---------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.view.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        role = int(role)
        if role == _DISPLAY or role == _TOOLTIP:
            texts = self.row_texts(index.row())
            c = index.column()
            return texts[c] if c < len(texts) else None
        if role == _ALIGN:
            return _RIGHT if self.view.columns[index.column()].kind in (Kind.INT, Kind.FLOAT) else None
        if role == _USER:
            return self._ids[index.row()]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return _(self.view.columns[section].label)
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return _FLAGS

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column < 0 or column >= len(self.view.columns):
            name = None
        else:
            name = self.view.columns[column].name
            if not self.view.columns[column].sortable:
                return
        self.sort_column = name
        self.sort_descending = order == Qt.SortOrder.DescendingOrder
        if self.sort_requested is not None:
            self.sort_requested(name, self.sort_descending)
