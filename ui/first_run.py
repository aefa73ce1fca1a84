"""The page an empty ledger greets its user with: bring in the division's own ledger, look around
the demo prefecture, or connect to the division's shared ledger.

The demo goes into a file of its own in the data folder and opens in a window of its own: the
empty ledger stays empty for the division's real data (and its history holds no demo records).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from assetdesk.i18n import _


class FirstRunPage(QScrollArea):
    import_requested = Signal()
    demo_requested = Signal()
    connect_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("first_run")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        inner = QWidget(self)
        column = QVBoxLayout(inner)
        column.setContentsMargins(40, 32, 40, 32)
        column.setSpacing(14)
        title = QLabel(_("AssetDesk へようこそ"), inner)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        title.setFont(font)
        column.addWidget(title)
        column.addWidget(self._text(inner, _(
            "この台帳はまだ空です。課で管理してきた情報システムの台帳(Excel や CSV)をそのまま取り込めます。"
            "表題の行・2段の見出し・部局ごとの小計・注記の行があっても読み取り、台帳にない部局と所属は"
            "取込の確認画面で新規作成として示します。何も反映しないうちは台帳は変わりません。")))
        self.buttons: dict[str, QPushButton] = {}
        for name, label, text, signal in (
            ("import", _("台帳を取り込む…"), _("課の台帳・調査票・部局や所属の一覧を選んで、確認してから取り込みます。"),
             self.import_requested),
            ("demo", _("デモ用の県を開く"), _("架空の県(システム522件、サーバ1,050台)を別のファイルに作って別の窓で開きます。"
                                          "この台帳には何も書き込みません。"), self.demo_requested),
            ("connect", _("共有サーバに接続…"), _("課で共有する PostgreSQL の台帳に接続します(接続先は管理者に確認してください)。"),
             self.connect_requested),
        ):
            button = QPushButton(label, inner)
            button.setObjectName(f"first_run_{name}")
            button.setMinimumHeight(int(button.sizeHint().height() * 1.8))
            bold = button.font()
            bold.setBold(True)
            button.setFont(bold)
            button.clicked.connect(signal.emit)
            self.buttons[name] = button
            column.addWidget(button)
            column.addWidget(self._text(inner, text))
        self.status = QLabel("", inner)
        self.status.setObjectName("first_run_status")
        self.status.setWordWrap(True)
        column.addWidget(self.status)
        column.addStretch(1)
        inner.setMaximumWidth(760)
        self.setWidget(inner)
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)

    @staticmethod
    def _text(parent: QWidget, text: str) -> QLabel:
        label = QLabel(text, parent)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label
