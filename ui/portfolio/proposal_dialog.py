"""The dialog that records a consolidation proposal from a group of similar systems: which
system absorbs, which are absorbed (all of the group by default), target fiscal year, title."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from assetdesk.i18n import _
from assetdesk.scope import fiscal_year_of
from ui.portfolio.common import YearBox


class ProposalDialog(QDialog):
    """``systems``: (code, name) of the group, the proposed absorber first; ``checked``: the
    codes to absorb ticked at the start."""

    def __init__(self, systems: Sequence[tuple[str, str]], checked: Sequence[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("proposal_dialog")
        self.setWindowTitle(_("集約案の登録"))
        self.names = dict(systems)
        self.absorber = QComboBox(self)
        self.absorber.setObjectName("absorber")
        for code, name in systems:
            self.absorber.addItem(f"{code} {name}", code)
        self.absorbed = QListWidget(self)
        self.absorbed.setObjectName("absorbed")
        self.target_fy = YearBox(self)
        self.target_fy.setObjectName("target_fy")
        self.target_fy.set_year(fiscal_year_of(dt.date.today()) + 1)
        self.title = QLineEdit(self)
        self.title.setObjectName("title")
        self.title.setPlaceholderText(_("空欄のときは「(集約先) への集約」"))
        self.notes = QLineEdit(self)
        self.notes.setObjectName("notes")
        self._checked = set(checked)
        self.absorber.currentIndexChanged.connect(self._fill_absorbed)
        self._fill_absorbed()

        form = QFormLayout()
        form.addRow(_("集約先"), self.absorber)
        form.addRow(_("集約元"), self.absorbed)
        form.addRow(_("目標年度"), self.target_fy)
        form.addRow(_("件名"), self.title)
        form.addRow(_("備考"), self.notes)
        hint = QLabel(_("完了にすると、集約元のシステムは台帳で「集約済」になり、集約先が記録されます。"), self)
        hint.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        col = QVBoxLayout(self)
        col.addLayout(form)
        col.addWidget(hint)
        col.addWidget(buttons)
        self.resize(560, 480)

    def _fill_absorbed(self) -> None:
        # keep the ticks the user made when the absorber changes
        for i in range(self.absorbed.count()):
            item = self.absorbed.item(i)
            code = item.data(Qt.ItemDataRole.UserRole)
            if item.checkState() == Qt.CheckState.Checked:
                self._checked.add(code)
            else:
                self._checked.discard(code)
        self.absorbed.clear()
        absorber = self.absorber.currentData()
        for code, name in self.names.items():
            if code == absorber:
                continue
            item = QListWidgetItem(f"{code} {name}")
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if code in self._checked else Qt.CheckState.Unchecked)
            self.absorbed.addItem(item)

    def absorbed_codes(self) -> list[str]:
        return [self.absorbed.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.absorbed.count())
                if self.absorbed.item(i).checkState() == Qt.CheckState.Checked]

    def values(self) -> dict:
        """Keyword arguments of ``db.portfolio.create_proposal`` (after the ledger)."""
        return {"absorber": self.absorber.currentData(), "absorbed": self.absorbed_codes(),
                "target_fy": self.target_fy.year(), "title": self.title.text().strip() or None,
                "notes": self.notes.text().strip() or None}
