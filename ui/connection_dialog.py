"""The connection dialog for a shared ledger: host, port, database, user and password.

The password goes to the OS keyring when the user ticks "remember" and a safe keyring exists;
otherwise it is asked each time. ``ConnectionDialog.ask(parent)`` returns the URL to open (with
the password, in memory only) or None. The main window then opens it with
``db.roles.open_shared(url)`` and shows a ``PermissionProblem`` as a message box.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from assetdesk.i18n import _
from db.connection import (
    DEFAULT_PORT,
    ConnectionCheck,
    ConnectionProfile,
    PasswordStore,
    check_connection,
    load_profiles,
    save_profile,
)


class ConnectionDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, *, store: PasswordStore | None = None):
        super().__init__(parent)
        self.setObjectName("connection_dialog")
        self.setWindowTitle(_("共有台帳への接続"))
        self.store = store or PasswordStore()
        self.last_check: ConnectionCheck | None = None
        self.profiles = load_profiles()

        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.saved = QComboBox(self)
        self.saved.setObjectName("saved_profiles")
        self.saved.addItem(_("(新しい接続)"), None)
        for p in self.profiles:
            self.saved.addItem(p.label, p)
        self.saved.currentIndexChanged.connect(self._profile_chosen)
        form.addRow(_("保存した接続"), self.saved)
        self.name = QLineEdit(self)
        self.name.setPlaceholderText(_("例: 本庁 共有台帳"))
        form.addRow(_("名前"), self.name)
        self.host = QLineEdit(self)
        self.host.setObjectName("host")
        form.addRow(_("サーバ"), self.host)
        self.port = QSpinBox(self)
        self.port.setObjectName("port")
        self.port.setRange(1, 65535)
        self.port.setValue(DEFAULT_PORT)
        form.addRow(_("ポート"), self.port)
        self.database = QLineEdit(self)
        self.database.setObjectName("database")
        form.addRow(_("データベース"), self.database)
        self.user = QLineEdit(self)
        self.user.setObjectName("user")
        form.addRow(_("利用者"), self.user)
        self.password = QLineEdit(self)
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(_("パスワード"), self.password)
        self.remember = QCheckBox(_("パスワードを OS の資格情報ストアに保存する"), self)
        self.remember.setObjectName("remember")
        if not self.store.available:
            self.remember.setEnabled(False)
            self.remember.setToolTip(_("この端末には安全な保存先(キーリング)がないため、パスワードは毎回入力します。"))
        form.addRow("", self.remember)
        layout.addLayout(form)

        self.status = QLabel(self)
        self.status.setObjectName("connection_status")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.status)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.test_button = QPushButton(_("接続テスト"), self)
        self.test_button.setObjectName("test_connection")
        buttons.addButton(self.test_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.test_button.clicked.connect(self.test)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if self.profiles:
            self.saved.setCurrentIndex(1)

    # --- the profile ------------------------------------------------------------------------

    def _profile_chosen(self, index: int) -> None:
        p = self.saved.itemData(index)
        if p is None:
            return
        self.set_profile(p)

    def set_profile(self, p: ConnectionProfile) -> None:
        self.name.setText(p.name)
        self.host.setText(p.host)
        self.port.setValue(p.port)
        self.database.setText(p.database)
        self.user.setText(p.user)
        stored = self.store.get(p)
        self.password.setText(stored or "")
        self.remember.setChecked(stored is not None)

    def profile(self) -> ConnectionProfile:
        return ConnectionProfile(host=self.host.text().strip(), database=self.database.text().strip(),
                                 user=self.user.text().strip(), port=self.port.value(), name=self.name.text().strip())

    def url(self) -> str:
        """The URL to open, with the password (keep it in memory only)."""
        return self.profile().url(self.password.text() or None)

    def _missing(self) -> str | None:
        p = self.profile()
        if not (p.host and p.database and p.user):
            return _("サーバ、データベース、利用者を入力してください。")
        return None

    # --- actions ------------------------------------------------------------------------------

    def test(self) -> ConnectionCheck | None:
        missing = self._missing()
        if missing:
            self.status.setText(missing)
            return None
        self.status.setText(_("接続しています…"))
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            check = check_connection(self.url())
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.last_check = check
        self.status.setText(check.message)
        return check

    def accept(self) -> None:
        missing = self._missing()
        if missing:
            self.status.setText(missing)
            return
        profile = self.profile()
        save_profile(profile)  # never with the password
        if self.remember.isChecked() and self.password.text():
            if not self.store.set(profile, self.password.text()):
                self.status.setText(_("パスワードを保存できませんでした(次回も入力が必要です)。"))
        else:
            self.store.forget(profile)
        super().accept()

    @classmethod
    def ask(cls, parent: QWidget | None = None, profile: ConnectionProfile | None = None,
            message: str = "") -> str | None:
        """The URL (with its password, in memory) of the ledger the user chose, or None."""
        dialog = cls(parent)
        if profile is not None:
            dialog.set_profile(profile)
        if message:
            dialog.status.setText(message)
        return dialog.url() if dialog.exec() == QDialog.DialogCode.Accepted else None


def open_ledger_interactively(db: str | None, parent: QWidget | None = None):
    """Open the ledger named by ``--db`` (or the default) for the GUI; None when the user gives up.

    A shared ledger takes its password from the keyring; when the server refuses the sign-in,
    the connection dialog opens on that profile and the user may try again. A ledger the user
    may not use (no level, or a schema only an administrator may create or upgrade) is
    explained in a message box. Returns ``(ledger, backup_path_or_None)``.
    """
    from db.connection import with_stored_password
    from db.engine import is_sqlite, resolve_url
    from db.roles import LoginRefused, PermissionProblem, open_shared

    url = resolve_url(db)
    if not is_sqlite(url):
        url = with_stored_password(url)
    while True:
        try:
            return open_shared(url)
        except LoginRefused as e:
            url = ConnectionDialog.ask(parent, ConnectionProfile.from_url(url), str(e))
            if url is None:
                return None
        except PermissionProblem as e:
            QMessageBox.warning(parent, _("共有台帳"), str(e))
            return None
