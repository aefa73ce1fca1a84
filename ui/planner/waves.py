"""The waves of a plan: each with its servers, planned date and earliest due date; drag a server
onto another wave (or use the move dialog) to reschedule it."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from assetdesk.choices import NETWORK_ZONE
from assetdesk.i18n import N_, _
from assetdesk.planner import Plan
from ui.planner.widgets import ERROR_BG, KEY, WARNING_BG, DropTree


class WaveTree(DropTree):
    COLUMNS = (N_("回 / サーバ"), N_("サーバ数"), N_("移行グループ"), N_("予定日"), N_("最も早い期限"), N_("移行先ホスト"),
               N_("ネットワーク区分"))

    def __init__(self, parent: QWidget | None = None):
        super().__init__([_(c) for c in self.COLUMNS], parent)
        self.setObjectName("wave_tree")
        self.setColumnWidth(0, 26 * self.fontMetrics().horizontalAdvance("M"))

    def show_plan(self, plan: Plan) -> None:
        expanded = {self.topLevelItem(i).data(0, KEY)[1] for i in range(self.topLevelItemCount())
                    if self.topLevelItem(i).isExpanded()}
        self.clear()
        by_code = {a.server: a for a in plan.assignments}
        flagged_waves = {v.wave: v.severity for v in plan.violations if v.wave is not None}
        flagged = {s: v.severity for v in plan.violations for s in v.servers}
        for w in plan.waves:
            top = self.group_item(w.number, [_("第{n}回").format(n=w.number), len(w.servers), w.groups,
                                             w.planned.isoformat() if w.planned else "",
                                             w.earliest_due.isoformat() if w.earliest_due else "", "", ""])
            if w.number in flagged_waves:
                for c in range(top.columnCount()):
                    top.setBackground(c, ERROR_BG if flagged_waves[w.number] == "error" else WARNING_BG)
            for code in w.servers:
                a = by_code.get(code)
                child = self.server_item(code, [f"{a.hostname if a else code}  ({code})", "", "", "", "",
                                                a.host if a else "", NETWORK_ZONE.label_of(a.zone) if a else ""])
                if code in flagged:
                    for c in range(child.columnCount()):
                        child.setBackground(c, ERROR_BG if flagged[code] == "error" else WARNING_BG)
                top.addChild(child)
            self.addTopLevelItem(top)
            top.setExpanded(w.number in expanded)
        # An empty wave after the last, so a server can be dropped into a new wave.
        last = max((w.number for w in plan.waves), default=0) + 1
        self.addTopLevelItem(self.group_item(last, [_("第{n}回(新規)").format(n=last), 0, "", "", "", "", ""]))
