"""When someone else changed a record meanwhile: show both versions and let the user choose."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from assetdesk.fields import Field
from assetdesk.i18n import _
from ui.formatting import display

KEEP_MINE, TAKE_THEIRS, CANCEL = "mine", "theirs", "cancel"


class StaleDialog(QDialog):
    """Field by field: what the user read, what they typed, what the ledger holds now.

    Rows where someone changed something are marked; "keep mine" writes the user's edited
    fields over the current version, "take theirs" drops the user's edits.
    """

    def __init__(self, fields: tuple[Field, ...], original: dict[str, Any], mine: dict[str, Any],
                 theirs: dict[str, Any] | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("stale_dialog")
        self.setWindowTitle(_("他の利用者による変更"))
        self.choice = CANCEL
        layout = QVBoxLayout(self)
        if theirs is None:
            layout.addWidget(QLabel(_("この記録は他の利用者により削除されています。"), self))
        else:
            layout.addWidget(QLabel(_("この記録は編集中に他の利用者が変更しました(版 {v})。どちらの内容を残すか選んでください。").format(
                v=theirs.get("version")), self))
        # Only the fields where the three versions differ: the rest is the same everywhere.
        self.differences = [
            f.name for f in fields
            if len({display(v.get(f.name), f.kind, f.choices) for v in (original, mine, theirs or {})}) > 1]
        shown = [f for f in fields if f.name in self.differences] or list(fields)
        self.table = QTableWidget(len(shown), 4, self)
        self.table.setObjectName("stale_table")
        self.table.setHorizontalHeaderLabels([_("項目"), _("編集前"), _("あなたの入力"), _("現在の台帳")])
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        mark = QBrush(QColor("#fde2e1"))
        for r, f in enumerate(shown):
            texts = [display(v.get(f.name), f.kind, f.choices) for v in (original, mine, theirs or {})]
            cells = [QTableWidgetItem(f.display_label), *(QTableWidgetItem(t) for t in texts)]
            for c, item in enumerate(cells):
                item.setToolTip(item.text())
                if c and texts[c - 1] != texts[0]:
                    item.setBackground(mark)  # what changed since the user read the record
                self.table.setItem(r, c, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        for c in (1, 2, 3):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.Stretch)
        self.table.resizeRowsToContents()
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(self)
        self.mine_button = QPushButton(_("自分の変更を適用"), self)
        self.mine_button.setObjectName("keep_mine")
        self.theirs_button = QPushButton(_("台帳の内容を採用"), self)
        self.theirs_button.setObjectName("take_theirs")
        buttons.addButton(self.mine_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.theirs_button, QDialogButtonBox.ButtonRole.RejectRole)
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.mine_button.clicked.connect(lambda: self._done(KEEP_MINE))
        self.theirs_button.clicked.connect(lambda: self._done(TAKE_THEIRS))
        cancel.clicked.connect(lambda: self._done(CANCEL))
        if theirs is None:
            self.mine_button.setEnabled(False)
        layout.addWidget(buttons)
        self.resize(720, 520)

    def _done(self, choice: str) -> None:
        self.choice = choice
        self.accept() if choice != CANCEL else self.reject()


def resolve_stale(parent: QWidget, fields: tuple[Field, ...], original: dict[str, Any],
                  mine: dict[str, Any], theirs: dict[str, Any] | None) -> str:
    dialog = StaleDialog(fields, original, mine, theirs, parent)
    dialog.exec()
    return dialog.choice
