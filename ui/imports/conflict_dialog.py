"""When an import overlaps another user's change: the records concerned side by side, and the
choice to apply the rest without them or to stop. Nothing is merged here.

One row per conflicting record and field: the ledger when the preview was made, the ledger now
(with who changed it and when), the workbook. Cells that differ from the preview's value are
marked, the way ``ui.stale_dialog`` marks a stale edit; a record deleted meanwhile says so.
``choice`` is APPLY_REST or STOP once the dialog is closed.
"""

from __future__ import annotations

from collections.abc import Sequence

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

from assetdesk.fields import RECORD_LABELS
from assetdesk.i18n import N_, _
from importers.apply import Conflict

APPLY_REST, STOP = "rest", "stop"
#: Changed since the preview (as in the stale-edit dialog).
CHANGED_BRUSH = QBrush(QColor("#fde2e1"))
#: Deleted since the preview.
DELETED_BRUSH = QBrush(QColor("#f4c7c3"))
KINDS = RECORD_LABELS
RECORD, FIELD, AT_PREVIEW, NOW, WORKBOOK = range(5)


class ImportConflictDialog(QDialog):
    """``others``: how many accepted changes are not in conflict (what "apply the rest" writes)."""

    COLUMNS = (N_("記録"), N_("項目"), N_("取込時点の台帳"), N_("現在の台帳(変更者・日時)"), N_("調査票の値"))

    def __init__(self, conflicts: Sequence[Conflict], parent: QWidget | None = None, *, others: int = 0):
        super().__init__(parent)
        self.setObjectName("import_conflict_dialog")
        self.setWindowTitle(_("他の利用者の変更との競合"))
        self.conflicts = list(conflicts)
        self.choice = STOP
        layout = QVBoxLayout(self)
        intro = QLabel(_("取込の確認後に、他の利用者が次の {n} 件の記録を変更または削除しました。"
                         "これらの記録は反映しません(自動で混ぜ合わせることはしません)。").format(n=len(self.conflicts)), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)

        self.table = QTableWidget(0, len(self.COLUMNS), self)
        self.table.setObjectName("conflict_table")
        self.table.setHorizontalHeaderLabels([_(c) for c in self.COLUMNS])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        for c in self.conflicts:
            self._add_record(c)
        header = self.table.horizontalHeader()
        for col in (RECORD, FIELD):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        for col in (AT_PREVIEW, NOW, WORKBOOK):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
        self.table.resizeRowsToContents()
        layout.addWidget(self.table, 1)

        hint = QLabel(_("競合した記録を取り込むには、あとで調査票をもう一度読み込み、現在の台帳との差分を確認してから反映してください。"), self)
        hint.setObjectName("conflict_hint")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #666;")
        layout.addWidget(hint)

        buttons = QDialogButtonBox(self)
        self.apply_rest_button = QPushButton(_("競合した記録を除いて反映"), self)
        self.apply_rest_button.setObjectName("apply_rest")
        self.apply_rest_button.setToolTip(_("競合していない {n} 件の変更を、新しい操作として反映します。").format(n=others))
        self.apply_rest_button.setEnabled(others > 0)
        self.stop_button = QPushButton(_("取り込みをやめる"), self)
        self.stop_button.setObjectName("stop_import")
        buttons.addButton(self.apply_rest_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.stop_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.apply_rest_button.clicked.connect(lambda: self._done(APPLY_REST))
        self.stop_button.clicked.connect(lambda: self._done(STOP))
        layout.addWidget(buttons)
        self.resize(900, 480)

    def _add_record(self, c: Conflict) -> None:
        title = f"[{_(KINDS.get(c.record_type, c.record_type))}] {c.code}"
        where = " ".join(x for x in (c.file, c.sheet, _("{row}行目").format(row=c.row) if c.row else "") if x)
        changer = f"({c.changed_by})" if c.changed_by else ""
        rows: list[tuple[str, str, str, str]] = [
            (f.label, f.text("at_preview"), f.text("now"), f.text("workbook")) for f in c.fields]
        if not rows:  # a deletion the import proposes, of a record already deleted
            rows = [(_("(記録全体)"), "", "", _("(削除を提案)"))]
        for i, (label, before, now, workbook) in enumerate(rows):
            now_text = _("(削除済)") if c.deleted else now
            cells = [title if i == 0 else "", label, before, "\n".join(x for x in (now_text, changer) if x), workbook]
            r = self.table.rowCount()
            self.table.insertRow(r)
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(where if col == RECORD else text)
                if col == NOW and c.deleted:
                    item.setBackground(DELETED_BRUSH)
                elif (col == NOW and now != before) or (col == WORKBOOK and workbook != before):
                    item.setBackground(CHANGED_BRUSH)  # differs from what the preview saw
                self.table.setItem(r, col, item)

    def _done(self, choice: str) -> None:
        self.choice = choice
        self.accept() if choice == APPLY_REST else self.reject()
