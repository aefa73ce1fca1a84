"""Pieces the planner's panels share: trees that move servers by drag and drop, load bars,
read-only tables and the inline message line (no modal boxes for routine errors)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

KEY = Qt.ItemDataRole.UserRole
PCT = Qt.ItemDataRole.UserRole + 1
GROUP, SERVER = "group", "server"
#: Light fills, so the black percentage stays legible over the bar and past its end.
OK, HIGH, OVER = QColor("#85c1e9"), QColor("#f8c471"), QColor("#f1948a")
ERROR_BG, WARNING_BG = QColor("#f5b7b1"), QColor("#fdebd0")


class LoadBarDelegate(QStyledItemDelegate):
    """Paints a percentage (the item's PCT data) as a bar: blue, amber past 90 %, red past 100 %."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        pct = index.data(PCT)
        if pct is None:
            super().paint(painter, option, index)
            return
        painter.save()
        r: QRect = option.rect.adjusted(2, 3, -2, -3)
        painter.fillRect(r, QColor("#eeeeee"))
        color = OVER if pct > 100.0 + 1e-9 else HIGH if pct >= 90.0 else OK
        w = int(r.width() * min(pct, 100.0) / 100.0)
        painter.fillRect(QRect(r.left(), r.top(), w, r.height()), color)
        painter.setPen(QColor("#000000"))
        painter.drawText(r, Qt.AlignmentFlag.AlignCenter, f"{pct:.0f}%")
        painter.restore()


class DropTree(QTreeWidget):
    """Groups (hosts, waves) holding servers; dropping servers on a group asks to move them there.

    The tree never rearranges itself: it emits ``move_requested`` and the page rebuilds it from
    the re-checked plan, so what is shown is always what the plan says.
    """

    move_requested = Signal(list, object)  # server codes, group key

    def __init__(self, headers: Sequence[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setHeaderLabels(list(headers))
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setAlternatingRowColors(True)
        self.setUniformRowHeights(True)

    @staticmethod
    def group_item(key: object, texts: Sequence[str]) -> QTreeWidgetItem:
        item = QTreeWidgetItem([str(t) for t in texts])
        item.setData(0, KEY, (GROUP, key))
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsDropEnabled | Qt.ItemFlag.ItemIsSelectable)
        return item

    @staticmethod
    def server_item(code: str, texts: Sequence[str]) -> QTreeWidgetItem:
        item = QTreeWidgetItem([str(t) for t in texts])
        item.setData(0, KEY, (SERVER, code))
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled)
        return item

    def selected_servers(self) -> list[str]:
        return [i.data(0, KEY)[1] for i in self.selectedItems() if (i.data(0, KEY) or ("",))[0] == SERVER]

    def group_at(self, item: QTreeWidgetItem | None) -> object | None:
        while item is not None:
            kind, key = item.data(0, KEY) or ("", None)
            if kind == GROUP:
                return key
            item = item.parent()
        return None

    def find_server(self, code: str) -> QTreeWidgetItem | None:
        for i in range(self.topLevelItemCount()):
            top = self.topLevelItem(i)
            for j in range(top.childCount()):
                if top.child(j).data(0, KEY) == (SERVER, code):
                    return top.child(j)
        return None

    def find_group(self, key: object) -> QTreeWidgetItem | None:
        for i in range(self.topLevelItemCount()):
            if self.topLevelItem(i).data(0, KEY) == (GROUP, key):
                return self.topLevelItem(i)
        return None

    def dragMoveEvent(self, event) -> None:
        if self.group_at(self.itemAt(event.position().toPoint())) is None:
            event.ignore()
        else:
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        key = self.group_at(self.itemAt(event.position().toPoint()))
        codes = self.selected_servers()
        event.setDropAction(Qt.DropAction.IgnoreAction)
        event.accept()
        if key is not None and codes:
            self.move_requested.emit(codes, key)


def fill_table(table: QTableWidget, headers: Sequence[str], rows: Sequence[Sequence[object]],
               colors: Sequence[QColor | None] = ()) -> None:
    """A read-only table; numbers right-aligned."""
    table.clear()
    table.setSortingEnabled(False)
    table.setColumnCount(len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = QTableWidgetItem()
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                item.setText(f"{value:,}" if isinstance(value, int) else f"{value:,.2f}".rstrip("0").rstrip("."))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            else:
                item.setText("" if value is None else str(value))
            if r < len(colors) and colors[r] is not None:
                item.setBackground(colors[r])
            table.setItem(r, c, item)
    table.resizeColumnsToContents()


def read_only_table(parent: QWidget | None = None, stretch_last: bool = True) -> QTableWidget:
    t = QTableWidget(parent)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setAlternatingRowColors(True)
    t.verticalHeader().setVisible(False)
    t.horizontalHeader().setStretchLastSection(stretch_last)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return t


class MessageLine(QLabel):
    """One line of feedback under the page: information in green, refusals in red."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def info(self, text: str) -> None:
        self._show(text, "#1e8449")

    def error(self, text: str) -> None:
        self._show(text, "#c0392b")

    def _show(self, text: str, color: str) -> None:
        self.setStyleSheet(f"color: {color}; padding: 2px;")
        self.setText(text)
        self.setVisible(bool(text))
