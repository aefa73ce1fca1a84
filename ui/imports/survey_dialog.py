"""Opening a survey round: the fiscal year, the folder, and which sections get a workbook."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from assetdesk.i18n import _
from db.ledger import Ledger, load_values


def current_fiscal_year(today: dt.date | None = None) -> int:
    """Japanese fiscal years start in April."""
    today = today or dt.date.today()
    return today.year if today.month >= 4 else today.year - 1


class MakeSurveyDialog(QDialog):
    """Fiscal year, output folder and sections (all by default) for ``make_survey``."""

    def __init__(self, ledger: Ledger, parent: QWidget | None = None, *, folder: str | Path = ""):
        super().__init__(parent)
        self.setObjectName("make_survey_dialog")
        self.setWindowTitle(_("調査票を作成"))
        with ledger.read() as conn:
            sections = sorted(load_values(conn, "section").values(), key=lambda v: v["code"])
            departments = {v["code"]: v["name"] for v in load_values(conn, "department").values()}
        self.fy = QSpinBox(self)
        self.fy.setObjectName("survey_fy")
        self.fy.setRange(2000, 2100)
        self.fy.setValue(current_fiscal_year())
        self.fy.setSuffix(_("年度"))
        self.folder = QLineEdit(str(folder), self)
        self.folder.setObjectName("survey_folder")
        browse = QPushButton(_("参照…"), self)
        browse.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)
        self.sections = QListWidget(self)
        self.sections.setObjectName("survey_sections")
        for v in sections:
            item = QListWidgetItem(f"{v['code']} {v['name']}({departments.get(v['department'], '')})", self.sections)
            item.setData(Qt.ItemDataRole.UserRole, v["code"])
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
        all_button = QPushButton(_("すべて選択"), self)
        none_button = QPushButton(_("選択を解除"), self)
        all_button.clicked.connect(lambda: self.check_all(True))
        none_button.clicked.connect(lambda: self.check_all(False))
        self.count = QLabel(self)
        self.sections.itemChanged.connect(lambda _i: self._changed())
        self.folder.textChanged.connect(lambda _t: self._changed())
        self.buttons = QDialogButtonBox(self)
        self.ok_button = self.buttons.addButton(_("作成する"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow(_("調査年度"), self.fy)
        form.addRow(_("作成先フォルダ"), folder_row)
        picks = QHBoxLayout()
        picks.addWidget(all_button)
        picks.addWidget(none_button)
        picks.addStretch(1)
        picks.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(_("調査票を作る所属(1 所属につき 1 ブック)"), self))
        layout.addLayout(picks)
        layout.addWidget(self.sections, 1)
        layout.addWidget(self.buttons)
        self.resize(560, 600)
        self._changed()

    def _browse(self) -> None:
        path = QFileDialog.getExistingDirectory(self, _("調査票の作成先"), self.folder.text())
        if path:
            self.folder.setText(path)

    def check_all(self, on: bool) -> None:
        for i in range(self.sections.count()):
            self.sections.item(i).setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def set_sections(self, codes: list[str]) -> None:
        wanted = set(codes)
        for i in range(self.sections.count()):
            item = self.sections.item(i)
            on = item.data(Qt.ItemDataRole.UserRole) in wanted
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def chosen_sections(self) -> list[str]:
        return [self.sections.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.sections.count())
                if self.sections.item(i).checkState() == Qt.CheckState.Checked]

    def fiscal_year(self) -> int:
        return self.fy.value()

    def out_folder(self) -> Path:
        return Path(self.folder.text().strip())

    def _changed(self) -> None:
        n = len(self.chosen_sections())
        self.count.setText(_("{n} / {total} 所属").format(n=n, total=self.sections.count()))
        self.ok_button.setEnabled(n > 0 and bool(self.folder.text().strip()))
