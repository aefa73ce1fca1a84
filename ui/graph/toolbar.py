"""The graph page's controls: which view, its target and layout, search, and the command buttons.

Widgets only; the page connects them (``GraphPage._build_toolbar``).
"""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from assetdesk.i18n import _
from ui.graph import views as V


class GraphToolbar(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.kind_box = QComboBox(self)
        self.kind_box.setObjectName("view_kind")
        for kind, label in V.KIND_LABELS.items():
            self.kind_box.addItem(_(label), kind)
        self.target_box = QComboBox(self)
        self.target_box.setObjectName("view_target")
        self.target_box.setMinimumContentsLength(16)
        self.hops = QSpinBox(self)
        self.hops.setObjectName("hops")
        self.hops.setRange(1, 9)
        self.hops.setPrefix(_("段数 "))
        self.layout_box = QComboBox(self)
        self.layout_box.setObjectName("layout_kind")
        for key, label in V.LAYOUT_LABELS.items():
            self.layout_box.addItem(_(label), key)

        self.search = QLineEdit(self)
        self.search.setObjectName("graph_search")
        self.search.setPlaceholderText(_("コード・名称・ホスト名で探して中心に表示"))
        self.search.setClearButtonEnabled(True)
        self.completions = QStringListModel(self)  # "code  name" of every node
        self.completer = QCompleter(self.completions, self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer.setMaxVisibleItems(15)
        self.search.setCompleter(self.completer)

        self.fit_button = self._button(_("全体を表示"), "fit", _("ビューに合わせる(0 キー)"))
        self.expand_button = self._button(_("展開"), "expand", _("選んだノードの隣を加える(ダブルクリックでも)"))
        self.collapse_button = self._button(_("折りたたむ"), "collapse", _("選んだノードにだけつながる隣を隠す"))
        self.down_button = self._button(_("停止の影響"), "impact_down")
        self.move_button = self._button(_("移設の影響"), "impact_move")
        self.png_button = self._button(_("PNG…"), "export_png")
        self.svg_button = self._button(_("SVG…"), "export_svg")
        self.print_button = self._button(_("印刷…"), "print_graph")
        self.legend = QLabel(_("● システム(濃い縁: 重要度A、灰: 廃止) ■ サーバ ■ ホスト ■ 所属 — "
                               "影響: 赤 即時 / 橙 日次 / 黄 猶予 / 紫 設定変更 / 緑 冗長化で継続"), self)
        self.legend.setStyleSheet("color: #555555;")

        row1 = QHBoxLayout()
        row1.addWidget(QLabel(_("表示"), self))
        row1.addWidget(self.kind_box)
        row1.addWidget(self.target_box, 1)
        row1.addWidget(self.hops)
        row1.addWidget(QLabel(_("配置"), self))
        row1.addWidget(self.layout_box)
        row1.addWidget(self.search, 2)
        row2 = QHBoxLayout()
        for b in (self.fit_button, self.expand_button, self.collapse_button, self.down_button, self.move_button):
            row2.addWidget(b)
        row2.addStretch(1)
        for b in (self.png_button, self.svg_button, self.print_button):
            row2.addWidget(b)
        # The legend wraps on a line of its own: beside the buttons it made the page wider than a
        # 1366-pixel laptop screen.
        self.legend.setWordWrap(True)
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.addLayout(row1)
        col.addLayout(row2)
        col.addWidget(self.legend)

    def _button(self, text: str, name: str, tip: str = "") -> QPushButton:
        b = QPushButton(text, self)
        b.setObjectName(name)
        if tip:
            b.setToolTip(tip)
        return b
