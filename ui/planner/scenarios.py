"""Saved plans: the list, side-by-side comparison, opening one for editing, and adoption.

Adoption writes the ledger (servers 計画済 with host and wave, one history batch), so it asks
first; a plan with errors is refused by ``db.planning.adopt`` and the reason is shown.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from assetdesk.i18n import _
from assetdesk.planner import Plan, compare
from db.ledger import Ledger, LedgerError
from db.planning import adopt, load_scenario, scenarios
from ui.planner.widgets import MessageLine, fill_table, read_only_table
from ui.tasks import Task

ID = Qt.ItemDataRole.UserRole


def _cell(value: object) -> str:
    if isinstance(value, bool):
        return _("はい") if value else _("いいえ")
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


class ScenarioPanel(QWidget):
    opened = Signal(int, str, object)  # scenario id, name, Plan
    adopted = Signal(int)

    def __init__(self, ledger: Ledger, current: Callable[[], tuple[str, Plan] | None], message: MessageLine,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.ledger = ledger
        self.current = current
        self.message = message
        self.rows: list[dict] = []
        self._adoption: Task | None = None

        self.table = read_only_table(self)
        self.table.setObjectName("scenario_list")
        self.table.itemDoubleClicked.connect(lambda _item: self.open_selected())
        self.comparison = read_only_table(self, stretch_last=False)
        self.comparison.setObjectName("comparison")

        self.open_button = QPushButton(_("開いて編集"), self)
        self.compare_button = QPushButton(_("チェックしたシナリオを比較"), self)
        self.adopt_button = QPushButton(_("採用…"), self)
        self.adopt_button.setObjectName("adopt")
        self.refresh_button = QPushButton(_("再読込"), self)
        self.open_button.clicked.connect(self.open_selected)
        self.compare_button.clicked.connect(self.compare_checked)
        self.adopt_button.clicked.connect(lambda: self.adopt_selected())
        self.refresh_button.clicked.connect(self.refresh)

        buttons = QHBoxLayout()
        for b in (self.open_button, self.compare_button, self.adopt_button, self.refresh_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        top = QWidget(self)
        col = QVBoxLayout(top)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(QLabel(_("保存したシナリオ(比較するものにチェック)"), top))
        col.addWidget(self.table, 1)
        col.addLayout(buttons)
        bottom = QWidget(self)
        col2 = QVBoxLayout(bottom)
        col2.setContentsMargins(0, 0, 0, 0)
        col2.addWidget(QLabel(_("比較(編集中の計画が保存前なら右端に並べます)"), bottom))
        col2.addWidget(self.comparison, 1)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(top)
        split.addWidget(bottom)
        split.setSizes([220, 520])
        layout = QVBoxLayout(self)
        layout.addWidget(split)

    # --- list ---------------------------------------------------------------------------------------

    def refresh(self) -> None:
        checked = set(self.checked_ids())
        with self.ledger.read() as conn:
            self.rows = scenarios(conn)
        fill_table(self.table, [_("シナリオ"), _("番号"), _("ホスト台数"), _("作成日時"), _("作成者"), _("採用")],
                   [[r["name"], r["id"], r["hosts"] or 0, f"{r['created_at']:%Y-%m-%d %H:%M}", r["created_by"],
                     _("採用中") if r["adopted_at"] else ""] for r in self.rows])
        for i, r in enumerate(self.rows):
            item = self.table.item(i, 0)
            item.setData(ID, r["id"])
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if r["id"] in checked else Qt.CheckState.Unchecked)
        self.table.resizeColumnsToContents()

    def checked_ids(self) -> list[int]:
        out = []
        for i in range(self.table.rowCount()):
            item = self.table.item(i, 0)
            if item is not None and item.checkState() == Qt.CheckState.Checked:
                out.append(item.data(ID))
        return out

    def set_checked(self, ids: list[int]) -> None:
        for i in range(self.table.rowCount()):
            item = self.table.item(i, 0)
            item.setCheckState(Qt.CheckState.Checked if item.data(ID) in ids else Qt.CheckState.Unchecked)

    def select_id(self, scenario_id: int) -> None:
        for i in range(self.table.rowCount()):
            if self.table.item(i, 0).data(ID) == scenario_id:
                self.table.selectRow(i)
                return

    def selected_id(self) -> int | None:
        row = self.table.currentRow()
        item = self.table.item(row, 0) if row >= 0 else None
        return item.data(ID) if item is not None else None

    # --- actions ------------------------------------------------------------------------------------

    def open_selected(self) -> None:
        sid = self.selected_id()
        if sid is None:
            self.message.error(_("シナリオを選んでください。"))
            return
        with self.ledger.read() as conn:
            row, result = load_scenario(conn, sid)
        self.opened.emit(sid, row["name"], result)

    def compare_checked(self) -> None:
        ids = self.checked_ids() or ([self.selected_id()] if self.selected_id() is not None else [])
        with self.ledger.read() as conn:
            loaded = [load_scenario(conn, i) for i in ids]
        names = [f"{row['name']} (#{row['id']})" for row, _p in loaded]
        plans = [p for _row, p in loaded]
        current = self.current()
        if current is not None:
            names.append(current[0])
            plans.append(current[1])
        if not plans:
            self.message.error(_("比較するシナリオにチェックしてください。"))
            return
        rows = compare(plans)
        fill_table(self.comparison, [_("項目"), *names],
                   [[f"{_(r.label)} ({_(r.unit)})" if r.unit else _(r.label), *(_cell(v) for v in r.values)]
                    for r in rows])
        for r, row in enumerate(rows):
            for c in range(1, self.comparison.columnCount()):
                item = self.comparison.item(r, c)
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if row.values[c - 1] != row.values[0]:  # what differs from the first scenario stands out
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)

    def adopt_selected(self, scenario_id: int | None = None) -> bool:
        sid = scenario_id if scenario_id is not None else self.selected_id()
        if sid is None:
            self.message.error(_("採用するシナリオを選んでください。"))
            return False
        row = next((r for r in self.rows if r["id"] == sid), {"name": str(sid)})
        answer = QMessageBox.question(
            self, _("シナリオの採用"),
            _("シナリオ「{name}」を採用しますか?\n対象のサーバを計画済にし、移行先ホストと回を台帳に記録します"
              "(変更履歴に残ります)。").format(name=row["name"]),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return False
        # Adoption writes every server of the plan: off the GUI thread, the button off meanwhile.
        self.adopt_button.setEnabled(False)
        self.message.info(_("採用しています…"))
        task = Task(lambda _progress, _cancel: adopt(self.ledger, sid))
        task.signals.finished.connect(lambda summary: self._adopted(sid, summary))
        task.signals.failed.connect(self._adoption_failed)
        self._adoption = task.start()
        return True

    @property
    def busy(self) -> bool:
        return self._adoption is not None

    def _adopted(self, sid: int, summary) -> None:
        self._adoption = None
        self.adopt_button.setEnabled(True)
        self.message.info(_("採用しました: サーバ {n} 台を計画済に、ホスト {h} 台を登録しました。").format(
            n=len(summary.changed_ids.get("server", ())), h=len(summary.changed_ids.get("host", ()))))
        self.refresh()
        self.adopted.emit(sid)

    def _adoption_failed(self, error: BaseException, _trace: str) -> None:
        self._adoption = None
        self.adopt_button.setEnabled(True)
        self.message.error(str(error) if isinstance(error, LedgerError) else
                           _("採用できませんでした: {error}").format(error=error))


__all__ = ["ScenarioPanel"]
