"""集約案: the consolidation proposals and their status. "完了" is the step that changes the
ledger (the absorbed systems become 集約済 with their 集約先), so it asks first."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QPushButton, QSplitter, QVBoxLayout, QWidget

from assetdesk.choices import SYSTEM_STATUS
from assetdesk.i18n import N_, _
from assetdesk.similar import annual_cost_of
from assetdesk.similar.proposal import CONSOLIDATION_STATUS, TRANSITIONS
from db.ledger import Ledger, LedgerError, load_values
from db.portfolio import StaleItem, proposals, set_proposal_status
from ui.portfolio.common import ChoiceCombo, MessageLine, fill_table, read_only_table, selected_row

HEADERS = (N_("番号"), N_("状況"), N_("件名"), N_("集約先"), N_("目標年度"), N_("削減見込(千円/年)"), N_("登録者"), N_("版"),
           N_("集約元"))
MEMBER_HEADERS = (N_("役割"), N_("システム"), N_("名称"), N_("所属"), N_("台帳の状態"), N_("集約先"), N_("年間経費(千円)"))


class ProposalsTab(QWidget):
    """Emits ``ledger_changed`` when a proposal is done (systems changed in the ledger)."""

    ledger_changed = Signal()
    changed = Signal()

    def __init__(self, ledger: Ledger, message: MessageLine, parent: QWidget | None = None):
        super().__init__(parent)
        self.ledger, self.message = ledger, message
        self.rows: list[dict[str, Any]] = []
        self.systems: dict[str, dict[str, Any]] = {}
        self.filter = ChoiceCombo(CONSOLIDATION_STATUS, blank=True, parent=self)
        self.filter.setItemText(0, _("すべて"))
        self.filter.currentIndexChanged.connect(lambda _i: self.refresh())
        self.table = read_only_table(self)
        self.table.setObjectName("proposal_table")
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.new_status = ChoiceCombo(CONSOLIDATION_STATUS, values=(), parent=self)
        self.new_status.setObjectName("proposal_new_status")
        self.apply_button = QPushButton(_("状況を変更"), self)
        self.apply_button.setObjectName("proposal_apply_status")
        self.apply_button.clicked.connect(self.apply_selected)
        self.detail = QLabel(self)
        self.detail.setWordWrap(True)
        self.summary = QLabel(self)
        self.members = read_only_table(self)
        self.members.setObjectName("proposal_members")

        bar = QHBoxLayout()
        bar.addWidget(QLabel(_("状況"), self))
        bar.addWidget(self.filter)
        bar.addStretch(1)
        bar.addWidget(QLabel(_("選んだ集約案を"), self))
        bar.addWidget(self.new_status)
        bar.addWidget(self.apply_button)
        col = QVBoxLayout(self)
        col.setContentsMargins(4, 4, 4, 4)
        col.addLayout(bar)
        col.addWidget(self.summary)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.table)
        lower = QWidget(self)
        lcol = QVBoxLayout(lower)
        lcol.setContentsMargins(0, 0, 0, 0)
        lcol.addWidget(self.detail)
        lcol.addWidget(self.members, 1)
        split.addWidget(lower)
        split.setSizes([360, 300])
        col.addWidget(split, 1)
        self._selection_changed()

    def refresh(self) -> None:
        keep = self.current()
        try:
            with self.ledger.read() as conn:
                self.rows = proposals(conn, self.filter.value())
                self.systems = {v["system_code"]: v for v in load_values(conn, "system").values()}
        except LedgerError as e:
            self.message.error(str(e))
            return
        fill_table(self.table, [_(h) for h in HEADERS], [
            [f"#{r['id']}", CONSOLIDATION_STATUS.label_of(r["status"]), r["title"], r["absorber"],
             str(r["target_fy"] or ""), r["estimated_saving"], r["created_by"] or "", r["version"],
             _("{n} システム: {codes}").format(n=len(r["absorbed"]), codes=", ".join(r["absorbed"]))]
            for r in self.rows])
        open_rows = [r for r in self.rows if r["status"] != "dropped"]
        self.summary.setText(_("集約案 {n} 件、削減見込の合計 {saving} 千円/年(見送りを除く)、うち完了 {done} 千円/年").format(
            n=len(self.rows), saving=f"{sum(r['estimated_saving'] or 0 for r in open_rows):,}",
            done=f"{sum(r['estimated_saving'] or 0 for r in self.rows if r['status'] == 'done'):,}"))
        for i, r in enumerate(self.rows):
            self.table.item(i, 1).setForeground(QColor(CONSOLIDATION_STATUS.get(r["status"]).color))
        self.table.setColumnWidth(2, min(self.table.columnWidth(2), 320))
        if keep is not None:
            self.select_id(keep["id"])
        self._selection_changed()

    def current(self) -> dict[str, Any] | None:
        row = selected_row(self.table)
        return self.rows[row] if row is not None and row < len(self.rows) else None

    def select_id(self, proposal_id: int) -> bool:
        for i, r in enumerate(self.rows):
            if r["id"] == proposal_id:
                self.table.selectRow(i)
                return True
        return False

    def _selection_changed(self) -> None:
        r = self.current()
        allowed = TRANSITIONS.get(r["status"], ()) if r else ()
        self.new_status.set_values(allowed)
        self.new_status.setEnabled(bool(allowed))
        self.apply_button.setEnabled(bool(allowed))
        if r is None:
            self.detail.setText(_("集約案を選ぶと状況を変更できます。「完了」にすると集約元は台帳で「集約済」になります。"))
        elif not allowed:
            self.detail.setText(_("この集約案は「{status}」です。これ以上変更できません。").format(
                status=CONSOLIDATION_STATUS.label_of(r["status"])))
        else:
            self.detail.setText(r["notes"] or "")
        self._show_members(r)

    def _show_members(self, r: dict[str, Any] | None) -> None:
        """The systems of the selected proposal as the ledger has them now."""
        rows = []
        for role, code in ([(_("集約先"), r["absorber"])] + [(_("集約元"), c) for c in r["absorbed"]]) if r else []:
            v = self.systems.get(code, {})
            rows.append([role, code, v.get("name") or "", v.get("section") or "", SYSTEM_STATUS.label_of(v.get("status")),
                         v.get("consolidated_into") or "", annual_cost_of(v) if v else None])
        fill_table(self.members, [_(h) for h in MEMBER_HEADERS], rows)

    def apply_selected(self) -> bool:
        r, status = self.current(), self.new_status.value()
        if r is None or status is None:
            return False
        return self.set_status(r["id"], status)

    def set_status(self, proposal_id: int, status: str) -> bool:
        r = next((x for x in self.rows if x["id"] == proposal_id), None)
        if r is None:
            return False
        if status == "done":
            answer = QMessageBox.question(
                self, _("集約の完了"),
                _("集約案 #{id} を完了にします。集約元の {n} システムは台帳で「集約済」になり、集約先 {absorber} が記録されます。よろしいですか?").format(
                    id=proposal_id, n=len(r["absorbed"]), absorber=r["absorber"]),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                return False
        try:
            version = set_proposal_status(self.ledger, proposal_id, status, r["version"])
        except StaleItem as e:
            self.message.error(str(e))
            self.refresh()
            return False
        except LedgerError as e:
            self.message.error(str(e))
            return False
        text = _("集約案 #{id} を「{status}」にしました(版 {version})。").format(
            id=proposal_id, status=CONSOLIDATION_STATUS.label_of(status), version=version)
        if status == "done":
            text += " " + _("{n} システムを集約済にしました。").format(n=len(r["absorbed"]))
        self.message.info(text)
        self.refresh()
        self.select_id(proposal_id)
        self.changed.emit()
        if status == "done":
            self.ledger_changed.emit()
        return True
