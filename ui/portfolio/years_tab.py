"""The 年度比較 tab: the ledger at the end of two fiscal years side by side (``compare-years``).

Both year ends are replayed from the history off the GUI thread; the lists are the domain's
(``assetdesk.years``): a summary, servers by zone, figures by department, systems added, retired
and consolidated.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from assetdesk.choices import NETWORK_ZONE, SYSTEM_STATUS
from assetdesk.i18n import _
from assetdesk.years import SystemItem, YearComparison
from ui.portfolio.common import MessageLine, fill_table, read_only_table
from ui.tasks import Task

#: The demo ledger's last two fiscal years (its history starts with FY2016's year end).
DEFAULT_YEARS = (2016, 2017)


def year_spin(value: int, parent: QWidget | None = None) -> QSpinBox:
    box = QSpinBox(parent)
    box.setRange(2000, 2100)
    box.setSuffix(_("年度末"))
    box.setValue(value)
    return box


def ask_years(parent: QWidget) -> tuple[int, int] | None:
    """Two fiscal years from a small dialog (the 帳票 menu's 年度比較), or None if cancelled."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(_("年度比較"))
    first, second = year_spin(DEFAULT_YEARS[0], dialog), year_spin(DEFAULT_YEARS[1], dialog)
    form = QFormLayout(dialog)
    form.addRow(_("比較元"), first)
    form.addRow(_("比較先"), second)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    form.addRow(buttons)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return first.value(), second.value()


class YearsTab(QWidget):
    def __init__(self, ledger, message: MessageLine, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("years_tab")
        self.ledger, self.message = ledger, message
        self._task: Task | None = None
        self.result: YearComparison | None = None
        self.first = year_spin(DEFAULT_YEARS[0], self)
        self.first.setObjectName("years_from")
        self.second = year_spin(DEFAULT_YEARS[1], self)
        self.second.setObjectName("years_to")
        self.compare = QPushButton(_("比較"), self)
        self.compare.setObjectName("years_compare")
        self.compare.clicked.connect(self.refresh)
        self.summary = QLabel(self)
        self.summary.setObjectName("years_summary")
        self.summary.setWordWrap(True)
        self.zones, self.departments = read_only_table(self), read_only_table(self)
        self.added, self.retired, self.consolidated = (read_only_table(self) for _i in range(3))
        self.lists = QTabWidget(self)
        self.lists.setObjectName("years_lists")
        for widget, label in ((self.departments, _("部局別")), (self.zones, _("ネットワーク区分別")),
                              (self.added, _("追加")), (self.retired, _("廃止")), (self.consolidated, _("集約"))):
            self.lists.addTab(widget, label)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(_("比較元"), self))
        bar.addWidget(self.first)
        bar.addWidget(QLabel("→", self))
        bar.addWidget(QLabel(_("比較先"), self))
        bar.addWidget(self.second)
        bar.addWidget(self.compare)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.summary)
        layout.addWidget(self.lists, 1)

    @property
    def running(self) -> bool:
        return self._task is not None

    def refresh(self) -> None:
        fy_from, fy_to = self.first.value(), self.second.value()
        if fy_from >= fy_to:
            self.message.error(_("比較元の年度 {a} は比較先の年度 {b} より前にしてください。").format(a=fy_from, b=fy_to))
            return
        if self.running:
            return
        ledger = self.ledger

        def work(progress, _cancel):
            from db.ledger_at import compare_fiscal_years

            progress(0.1, _("年度末の台帳を履歴から再現しています"))
            with ledger.read() as conn:
                return compare_fiscal_years(conn, fy_from, fy_to)

        self._task = Task(work)
        self._task.signals.finished.connect(self._done)
        self._task.signals.failed.connect(self._failed)
        self.compare.setEnabled(False)
        self.summary.setText(_("年度末の台帳を履歴から再現しています…"))
        self._task.start()

    def _failed(self, error: Exception, _trace: str) -> None:
        self._task = None
        self.compare.setEnabled(True)
        self.summary.setText("")
        self.message.error(_("年度比較ができませんでした: {error}").format(error=error))

    def _done(self, diff: YearComparison) -> None:
        self._task = None
        self.compare.setEnabled(True)
        self.show_comparison(diff)

    def show_comparison(self, diff: YearComparison) -> None:
        self.result = diff
        self.summary.setText(_(
            "{a}年度末 → {b}年度末: 運用中のシステム {s0:,} → {s1:,}({sd:+,})、サーバ {v0:,} → {v1:,}({vd:+,})、"
            "集約対象サーバ {c0:,} → {c1:,}({cd:+,})。追加 {added} 件、廃止 {retired} 件、集約 {consolidated} 件。").format(
            a=diff.fy_from, b=diff.fy_to, s0=diff.systems.before, s1=diff.systems.after, sd=diff.systems.change,
            v0=diff.servers.before, v1=diff.servers.after, vd=diff.servers.change,
            c0=diff.in_scope.before, c1=diff.in_scope.after, cd=diff.in_scope.change,
            added=len(diff.added), retired=len(diff.retired), consolidated=len(diff.consolidated)))
        a, b = _("{fy}年度末").format(fy=diff.fy_from), _("{fy}年度末").format(fy=diff.fy_to)
        fill_table(self.departments,
                   [_("部局"), _("システム ") + a, _("システム ") + b, _("年間運用経費 ") + a, _("年間運用経費 ") + b,
                    _("増減"), _("初期経費 ") + a, _("初期経費 ") + b],
                   [(d.name or d.code, d.systems.before, d.systems.after, d.annual_cost.before, d.annual_cost.after,
                     d.annual_cost.change, d.initial_cost.before, d.initial_cost.after) for d in diff.by_department])
        fill_table(self.zones,
                   [_("ネットワーク区分"), _("サーバ ") + a, _("サーバ ") + b, _("集約対象 ") + a, _("集約対象 ") + b],
                   [(NETWORK_ZONE.label_of(z.zone), z.servers.before, z.servers.after, z.in_scope.before,
                     z.in_scope.after) for z in diff.by_zone])
        names = {d.code: d.name for d in diff.by_department}
        for table, items in ((self.added, diff.added), (self.retired, diff.retired),
                             (self.consolidated, diff.consolidated)):
            fill_table(table, [_("システム管理番号"), _("システム名称"), _("部局"), _("状態"), _("集約先")],
                       [_system_row(s, names) for s in items])
        for table in (self.departments, self.zones, self.added, self.retired, self.consolidated):
            table.resizeColumnsToContents()


def _system_row(s: SystemItem, departments: dict[str, str]) -> tuple:
    into = f"{s.consolidated_into} {s.consolidated_into_name or ''}".strip() if s.consolidated_into else ""
    return s.code, s.name, departments.get(s.department) or s.department, SYSTEM_STATUS.label_of(s.status), into
