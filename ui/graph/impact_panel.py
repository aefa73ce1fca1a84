"""The impact panel: what a system, server or host going down or moving affects, and why.

Shows the totals (systems, users, criticality A with the shortest RTO), every affected system
with the path that explains it, the sections and their users, and the systems that HA keeps
running. A row click asks the page to select that system on the graph; "print" asks for the
printed impact report (``db.report_data.build_report('impact', ...)``).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from assetdesk.graph import Impact
from assetdesk.graph.impacts import EFFECT_LABELS
from assetdesk.graph.severity import LABELS as SEVERITY_LABELS
from assetdesk.graph.severity import RANKS
from assetdesk.i18n import _
from ui.graph.painter import HIGHLIGHT_COLOURS, RECONFIGURE
from ui.table_model import ListModel

Index = QModelIndex | QPersistentModelIndex


def _rto(hours: float | None) -> str:
    return "-" if hours is None else _("{h:g} 時間").format(h=hours)


class RowsModel(ListModel):
    """Read-only rows of display strings, with an optional code per row and a colour per row."""

    def __init__(self, header: list[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.header = header
        self.rows: list[list[str]] = []
        self.codes: list[str] = []
        self.colours: list[QColor | None] = []

    def headers(self) -> list[str]:
        return self.header

    def set_rows(self, rows: list[list[str]], codes: list[str], colours: list[QColor | None] | None = None) -> None:
        self.beginResetModel()
        self.rows, self.codes = rows, codes
        self.colours = colours or [None] * len(rows)
        self.endResetModel()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DecorationRole and index.column() == 0:
            return self.colours[index.row()]
        return None

def _table(model: RowsModel, parent: QWidget) -> QTableView:
    view = QTableView(parent)
    view.setModel(model)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
    view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.horizontalHeader().setStretchLastSection(True)
    view.setWordWrap(False)
    return view


class ImpactPanel(QWidget):
    system_selected = Signal(str)
    print_requested = Signal()
    close_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("impact_panel")
        self.impact: Impact | None = None
        self.title = QLabel(self)
        self.title.setObjectName("impact_title")
        f = self.title.font()
        f.setBold(True)
        self.title.setFont(f)
        self.title.setWordWrap(True)
        self.summary = QLabel(self)
        self.summary.setObjectName("impact_summary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.systems = RowsModel([_("コード"), _("名称"), _("影響"), _("重大度"), _("重要度"), _("RTO"),
                                  _("段数"), _("経路")], self)
        self.sections = RowsModel([_("所属"), _("部局"), _("システム数"), _("利用者数")], self)
        self.critical = RowsModel([_("コード"), _("名称"), _("RTO"), _("経路")], self)
        self.protected = RowsModel([_("コード"), _("名称"), _("停止・移設するサーバ"), _("引き継ぐサーバ")], self)
        self.tabs = QTabWidget(self)
        self.views: dict[str, QTableView] = {}
        for key, model, label in (("systems", self.systems, _("影響を受けるシステム")),
                                  ("critical", self.critical, _("重要度A")),
                                  ("sections", self.sections, _("所属と利用者")),
                                  ("protected", self.protected, _("冗長化で継続"))):
            view = _table(model, self)
            view.setObjectName(f"impact_{key}")
            view.clicked.connect(lambda idx, m=model: self._row_clicked(m, idx.row()))
            self.views[key] = view
            self.tabs.addTab(view, label)

        self.print_button = QPushButton(_("影響分析の報告書を印刷…"), self)
        self.print_button.setObjectName("print_impact")
        self.print_button.clicked.connect(self.print_requested)
        close = QPushButton(_("閉じる"), self)
        close.clicked.connect(self.close_requested)
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        col = QVBoxLayout(self)
        col.setContentsMargins(4, 0, 0, 0)
        col.addWidget(self.title)
        col.addWidget(self.summary)
        col.addWidget(self.tabs, 1)
        col.addLayout(buttons)

    def _row_clicked(self, model: RowsModel, row: int) -> None:
        if 0 <= row < len(model.codes) and model.codes[row]:
            self.system_selected.emit(model.codes[row])

    def show_impact(self, impact: Impact, root_label: str, department_names: dict[str, str] | None = None) -> None:
        self.impact = impact
        names = department_names or {}
        scenario = _("停止") if impact.scenario == "down" else _("移設")
        self.title.setText(_("{root} の{scenario}による影響").format(root=root_label, scenario=scenario))
        outage = [a for a in impact.affected if a.effect != "reconfigure"]
        reconf = len(impact.affected) - len(outage)
        text = _("影響を受けるシステム {n} 件(停止・機能低下 {o} 件、接続設定の変更 {r} 件)、"
                 "利用者数 合計 {users:,} 人、所属 {s} 件。").format(
            n=len(impact.affected), o=len(outage), r=reconf, users=impact.users_total, s=len(impact.sections))
        if impact.critical:
            first = impact.critical[0]
            text += _("重要度A {a} 件(最短の目標復旧時間 {rto}: {name})。").format(
                a=len(impact.critical), rto=_rto(first.rto_hours), name=first.name or first.code)
        else:
            text += _("重要度Aのシステムはありません。")
        if impact.protected:
            text += _("冗長化により継続 {p} 件。").format(p=len(impact.protected))
        if impact.servers:
            text += _("対象サーバ {k} 台。").format(k=len(impact.servers))
        self.summary.setText(text)

        def colour(a) -> QColor:
            return HIGHLIGHT_COLOURS[RECONFIGURE if a.effect == "reconfigure" else a.severity]

        self.systems.set_rows(
            [[a.code, a.name, _(EFFECT_LABELS[a.effect]), _(SEVERITY_LABELS[RANKS[a.severity]]),
              a.criticality or "-", _rto(a.rto_hours), str(a.depth), " → ".join(a.path)] for a in impact.affected],
            [a.code for a in impact.affected], [colour(a) for a in impact.affected])
        self.critical.set_rows(
            [[a.code, a.name, _rto(a.rto_hours), " → ".join(a.path)] for a in impact.critical],
            [a.code for a in impact.critical])
        self.sections.set_rows(
            [[s.name or _("(所属なし)"), names.get(s.department or "", s.department or "-"), str(len(s.systems)), f"{s.users:,}"]
             for s in impact.sections],
            [s.systems[0] if s.systems else "" for s in impact.sections])
        self.protected.set_rows(
            [[p.code, p.name, ", ".join(p.lost), ", ".join(p.standby)] for p in impact.protected],
            [p.code for p in impact.protected])
        for key, view in self.views.items():
            if key != "systems" or len(impact.affected) < 2000:
                view.resizeColumnsToContents()
        self.tabs.setTabText(0, _("影響を受けるシステム") + f" ({len(impact.affected)})")
        self.tabs.setTabText(1, _("重要度A") + f" ({len(impact.critical)})")
        self.tabs.setTabText(2, _("所属と利用者") + f" ({len(impact.sections)})")
        self.tabs.setTabText(3, _("冗長化で継続") + f" ({len(impact.protected)})")
