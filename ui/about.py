"""Help → バージョン情報: what support asks first (version, where the data and the log are, which
ledger, Qt and Python), and a button that opens the data folder."""

from __future__ import annotations

import platform

import PySide6
from PySide6.QtCore import QUrl, qVersion
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from assetdesk.i18n import _


def about_facts(ledger_url: str) -> list[tuple[str, str]]:
    from sqlalchemy.engine import make_url

    from db.engine import data_dir
    from ui.cli import version_text
    from ui.logs import log_file

    return [
        (_("バージョン"), version_text()),
        (_("データフォルダ"), str(data_dir())),
        (_("ログファイル"), str(log_file())),
        (_("台帳"), make_url(ledger_url).render_as_string(hide_password=True)),
        (_("Qt / PySide6"), f"{qVersion()} / {PySide6.__version__}"),
        (_("Python"), f"{platform.python_version()} ({platform.platform()})"),
    ]


class AboutDialog(QDialog):
    def __init__(self, ledger_url: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("about_dialog")
        self.setWindowTitle(_("バージョン情報"))
        form = QFormLayout()
        self.facts = about_facts(ledger_url)
        for label, value in self.facts:
            text = QLabel(value, self)
            text.setWordWrap(True)
            text.setTextInteractionFlags(text.textInteractionFlags() | text.textInteractionFlags().TextSelectableByMouse)
            form.addRow(label, text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        folder = buttons.addButton(_("データフォルダを開く"), QDialogButtonBox.ButtonRole.ActionRole)
        folder.clicked.connect(self.open_data_folder)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addLayout(form)
        column.addWidget(buttons)

    def open_data_folder(self) -> bool:
        from db.engine import data_dir

        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(data_dir())))


def add_help_menu(window) -> None:
    """ヘルプ(&H) → バージョン情報…, last in the menu bar."""
    menu = window.menuBar().addMenu(_("ヘルプ(&H)"))
    action = menu.addAction(_("バージョン情報…"))
    action.setObjectName("about")
    action.triggered.connect(lambda: AboutDialog(window.ledger.url, window).exec())
