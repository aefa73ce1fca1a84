"""The imports in the history, and undoing one of them as a whole (``db.undo.undo_batch``)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from assetdesk.i18n import N_, _
from db.ledger import Ledger, LedgerError
from db.queries import batches
from db.undo import undo_batch

#: How far back the list looks (operations of every kind, imports picked out of them).
LOOK_BACK = 2000


def import_batches(ledger: Ledger) -> list[dict]:
    """The import operations, newest first, with their change counts."""
    with ledger.read() as conn:
        return [b for b in batches(conn, LOOK_BACK) if b["source"] == "import"]


class ImportHistoryDialog(QDialog):
    """Emits ``undone(batch_id, undo_batch_id)`` after an import was taken back."""

    undone = Signal(int, int)
    COLUMNS = (N_("操作番号"), N_("日時"), N_("利用者"), N_("内容"), N_("変更件数"), N_("状態"))

    def __init__(self, ledger: Ledger, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("import_history_dialog")
        self.setWindowTitle(_("取込の取消"))
        self.ledger = ledger
        self.rows: list[dict] = []
        self.table = QTableWidget(0, len(self.COLUMNS), self)
        self.table.setObjectName("import_batches")
        self.table.setHorizontalHeaderLabels([_(c) for c in self.COLUMNS])
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        h = self.table.horizontalHeader()
        for c in (0, 1, 2, 4, 5):
            h.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        h.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.undo_button = QPushButton(_("選んだ取込を取り消す"), self)
        self.undo_button.setObjectName("undo_import")
        self.undo_button.clicked.connect(lambda: self.undo_selected())
        self.table.itemSelectionChanged.connect(self._selection_changed)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.undo_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("取込は 1 回ごとにまとめて取り消せます。取消も履歴に残ります。"), self))
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(860, 460)
        self.reload()

    def reload(self) -> None:
        self.rows = import_batches(self.ledger)
        self.table.setRowCount(len(self.rows))
        for r, b in enumerate(self.rows):
            at = b["at"].astimezone().strftime("%Y-%m-%d %H:%M") if b["at"] else ""
            state = _("取消済(操作 {id})").format(id=b["undone_by_id"]) if b["undone_by_id"] else ""
            for c, text in enumerate((str(b["id"]), at, b["user"], b["detail"], str(b["changes"]), state)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if c in (0, 4):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
        if not self.rows:
            self.message.setText(_("取込の履歴はまだありません。"))
        self._selection_changed()

    def select_batch(self, batch_id: int) -> None:
        for r, b in enumerate(self.rows):
            if b["id"] == batch_id:
                self.table.selectRow(r)
                return
        raise KeyError(batch_id)

    def selected(self) -> dict | None:
        rows = {i.row() for i in self.table.selectedIndexes()}
        return self.rows[min(rows)] if rows else None

    def _selection_changed(self) -> None:
        b = self.selected()
        self.undo_button.setEnabled(b is not None and not b["undone_by_id"])

    def undo_selected(self, confirm: bool = True) -> int | None:
        """Undo the selected import; returns the undo's batch id, or None (refused or declined)."""
        b = self.selected()
        if b is None or b["undone_by_id"]:
            return None
        if confirm and QMessageBox.question(self, self.windowTitle(), _(
                "操作 {id}「{detail}」の {n} 件の変更をまとめて取り消します。よろしいですか。").format(
                id=b["id"], detail=b["detail"], n=b["changes"])) != QMessageBox.StandardButton.Yes:
            return None
        try:
            summary = undo_batch(self.ledger, b["id"])
        except LedgerError as e:
            self.message.setText(_("取り消せませんでした: {error}").format(error=e))
            self.message.setStyleSheet("color: #a12a1f;")
            return None
        self.message.setStyleSheet("")
        self.message.setText(_("操作 {id} を取り消しました(取消の操作番号 {undo})。").format(id=b["id"], undo=summary.batch_id))
        self.reload()
        self.undone.emit(b["id"], summary.batch_id)
        return summary.batch_id
