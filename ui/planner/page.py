"""The consolidation planner's page: plan with parameters, edit by hand, save and compare
scenarios, adopt one, record progress and watch the indicator.

``PlannerPage(ledger)`` is a plain QWidget the main window adds to its navigation;
``python -m ui.planner.page --db PATH`` opens it alone.
"""

from __future__ import annotations

import sys
import time

from PySide6.QtCore import QPoint, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from assetdesk.i18n import N_, _
from assetdesk.planner import Plan, apply_moves
from db.ledger import Ledger, LedgerError
from db.planning import make_plan, save_scenario, update_scenario
from ui.planner.move_dialog import MoveDialog
from ui.planner.parameters import ParameterForm
from ui.planner.results import AssignmentModel, HostTree, IssuesTabs, headline, show_figures, show_zones
from ui.planner.scenarios import ScenarioPanel
from ui.planner.tracking import TrackingPanel
from ui.planner.waves import WaveTree
from ui.planner.widgets import DropTree, MessageLine, read_only_table
from ui.tasks import Task


class PlannerPage(QWidget):
    """Emits ``ledger_changed`` after adoption or tracking, so other views can refresh."""

    ledger_changed = Signal()

    def __init__(self, ledger: Ledger, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("planner_page")
        self.ledger = ledger
        self.plan: Plan | None = None
        self.scenario_id: int | None = None
        self.scenario_name = ""
        self.dirty = False
        self.edited = False  # moved by hand since the last save or load
        self._task: Task | None = None
        self._started = 0.0

        self.message = MessageLine(self)
        self.form = ParameterForm(self)
        self.run_button = QPushButton(_("計画を作成"), self)
        self.run_button.setObjectName("run_plan")
        self.run_button.setDefault(True)
        self.cancel_button = QPushButton(_("中止"), self)
        self.cancel_button.hide()
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 1000)
        self.progress.hide()
        self.progress_text = QLabel(self)
        self.run_button.clicked.connect(self.run_plan)
        self.cancel_button.clicked.connect(self.cancel_plan)

        self.title = QLabel(_("計画はまだありません。左の条件で「計画を作成」を押してください。"), self)
        self.title.setObjectName("plan_headline")
        self.title.setWordWrap(True)
        f = self.title.font()
        f.setBold(True)
        self.title.setFont(f)
        self.save_button = QPushButton(_("シナリオとして保存…"), self)
        self.save_button.setObjectName("save_scenario")
        self.overwrite_button = QPushButton(_("上書き保存"), self)
        self.move_button = QPushButton(_("移動…"), self)
        self.save_button.clicked.connect(self.ask_and_save)
        self.overwrite_button.clicked.connect(self.save_over)
        self.move_button.clicked.connect(self.move_selected)

        self.zones = read_only_table(self)
        self.zones.setObjectName("zone_summary")
        self.figures = read_only_table(self)
        self.figures.setObjectName("figures")
        self.host_tree = HostTree(self)
        self.assignments = AssignmentModel(self)
        self.assignment_proxy = QSortFilterProxyModel(self)
        self.assignment_proxy.setSourceModel(self.assignments)
        self.assignment_proxy.setSortRole(Qt.ItemDataRole.EditRole)
        self.assignment_view = QTableView(self)
        self.assignment_view.setObjectName("assignment_table")
        self.assignment_view.setModel(self.assignment_proxy)
        self.assignment_view.setSortingEnabled(True)
        self.assignment_view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.assignment_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.assignment_view.customContextMenuRequested.connect(
            lambda pos: self._context_menu(self.assignment_view, pos, self._table_codes()))
        self.assignment_view.verticalHeader().setVisible(False)
        self.wave_tree = WaveTree(self)
        self.issues = IssuesTabs(self)
        for tree in (self.host_tree, self.wave_tree):
            tree.customContextMenuRequested.connect(
                lambda pos, t=tree: self._context_menu(t, pos, t.selected_servers()))
        self.host_tree.move_requested.connect(lambda codes, host: self.move(codes, host=host))
        self.wave_tree.move_requested.connect(lambda codes, wave: self.move(codes, wave=wave))

        overview = QWidget(self)
        col = QVBoxLayout(overview)
        col.addWidget(QLabel(_("区分ごとのホスト台数と下限"), overview))
        col.addWidget(self.zones, 3)
        col.addWidget(QLabel(_("集約前と集約後"), overview))
        col.addWidget(self.figures, 2)
        self.results = QTabWidget(self)
        self.results.addTab(overview, _("概要"))
        self.results.addTab(self.host_tree, _("ホストと負荷"))
        self.results.addTab(self.assignment_view, _("配置一覧"))
        self.results.addTab(self.wave_tree, _("移行の回"))
        hint = QLabel(_("サーバをほかのホスト・回へドラッグするか、右クリックの「移動…」で手で調整できます。"
                        "規則は調整のたびに検査し直します。"), self)
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555555;")

        right = QWidget(self)
        rcol = QVBoxLayout(right)
        rcol.setContentsMargins(0, 0, 0, 0)
        rcol.addWidget(self.title)
        buttons = QHBoxLayout()
        for b in (self.save_button, self.overwrite_button, self.move_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        rcol.addLayout(buttons)
        rsplit = QSplitter(Qt.Orientation.Vertical, right)
        rsplit.addWidget(self.results)
        rsplit.addWidget(self.issues)
        rsplit.setSizes([520, 200])
        rcol.addWidget(rsplit, 1)
        rcol.addWidget(hint)

        scroll = QScrollArea(self)
        scroll.setWidget(self.form)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(self.form.sizeHint().width() + scroll.verticalScrollBar().sizeHint().width() + 4)
        left = QWidget(self)
        lcol = QVBoxLayout(left)
        lcol.setContentsMargins(0, 0, 0, 0)
        lcol.addWidget(scroll, 1)
        run_row = QHBoxLayout()
        run_row.addWidget(self.run_button)
        run_row.addWidget(self.cancel_button)
        lcol.addLayout(run_row)
        lcol.addWidget(self.progress)
        lcol.addWidget(self.progress_text)
        plan_split = QSplitter(Qt.Orientation.Horizontal, self)
        plan_split.addWidget(left)
        plan_split.addWidget(right)
        plan_split.setStretchFactor(1, 1)
        plan_split.setSizes([340, 900])

        self.scenario_panel = ScenarioPanel(ledger, self.unsaved_plan, self.message, self)
        self.scenario_panel.opened.connect(self.open_scenario)
        self.scenario_panel.adopted.connect(self._after_adoption)
        self.tracking = TrackingPanel(ledger, self.message, self)
        self.tracking.tracked.connect(self.ledger_changed)

        self.tabs = QTabWidget(self)
        self.tabs.addTab(plan_split, _("計画"))
        self.tabs.addTab(self.scenario_panel, _("シナリオ"))
        self.tabs.addTab(self.tracking, _("移行の記録"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)

        self.form.changed.connect(self._parameters_changed)
        self._update_buttons()
        self.refresh()

    # --- the page's state ---------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._task is not None

    def refresh(self) -> None:
        """Re-read scenarios and progress from the ledger (after changes made elsewhere)."""
        try:
            self.scenario_panel.refresh()
            self.tracking.refresh()
        except LedgerError as e:
            self.message.error(str(e))

    def unsaved_plan(self) -> tuple[str, Plan] | None:
        """The plan being edited, for the comparison, when it differs from every saved scenario."""
        if self.plan is None or (self.scenario_id is not None and not self.dirty):
            return None
        return (_("編集中: {name}").format(name=self.scenario_name) if self.scenario_name else _("編集中の計画"),
                self.plan)

    def set_plan(self, plan: Plan, scenario_id: int | None, name: str, dirty: bool, edited: bool = False) -> None:
        self.plan, self.scenario_id, self.scenario_name, self.dirty = plan, scenario_id, name, dirty
        self.edited = edited
        label = name or _("新しい計画")
        if dirty:
            label += " " + _("(未保存)")
        self.title.setText(f"{label}: {headline(plan)}")
        show_zones(self.zones, plan)
        show_figures(self.figures, plan)
        self.host_tree.show_plan(plan)
        self.wave_tree.show_plan(plan)
        self.assignments.set_plan(plan)
        self.assignment_view.resizeColumnsToContents()
        self.issues.show_plan(plan)
        self._update_buttons()

    def _update_buttons(self) -> None:
        has = self.plan is not None
        self.save_button.setEnabled(has and not self.running)
        self.overwrite_button.setEnabled(has and self.scenario_id is not None and self.dirty)
        self.move_button.setEnabled(has)
        self.run_button.setEnabled(not self.running)

    def _parameters_changed(self) -> None:
        if self.plan is not None:
            self.message.info(_("条件を変えました。「計画を作成」で計画し直します。"))

    # --- planning off the GUI thread ---------------------------------------------------------------

    def confirm_discard(self) -> bool:
        """Hand edits are work: ask before a new plan or another scenario replaces them unsaved."""
        if not self.edited:
            return True
        answer = QMessageBox.question(
            self, _("保存していない調整"), _("手で調整した計画を保存していません。破棄して続けますか?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def run_plan(self) -> None:
        if self.running or not self.confirm_discard():
            return
        kinds = self.form.selected_kinds()
        if not kinds:
            self.message.error(_("対象とするサーバの種別を一つ以上選んでください。"))
            return
        spec, params = self.form.spec(), self.form.params()
        ledger = self.ledger
        self._started = time.perf_counter()
        task = Task(lambda progress, cancel: make_plan(ledger, spec, params, kinds, progress, cancel))
        task.signals.progress.connect(self._progress)
        task.signals.finished.connect(self._plan_finished)
        task.signals.failed.connect(self._plan_failed)
        self._task = task
        self.progress.setValue(0)
        self.progress.show()
        self.cancel_button.show()
        self.progress_text.setText(_("計画を作成しています…"))
        self.message.info("")
        self._update_buttons()
        task.start()

    def cancel_plan(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self.progress_text.setText(_("中止しています(それまでの最良の結果を返します)…"))

    def _progress(self, fraction: float, text: str) -> None:
        self.progress.setValue(int(fraction * 1000))
        self.progress_text.setText(text)

    def _task_done(self) -> None:
        self._task = None
        self.progress.hide()
        self.cancel_button.hide()
        self.progress_text.setText("")
        self._update_buttons()

    def _plan_finished(self, plan: Plan) -> None:
        self._task_done()
        self.set_plan(plan, None, "", dirty=True)
        self.message.info(_("計画を作成しました ({s:.1f} 秒)。").format(s=time.perf_counter() - self._started))

    def _plan_failed(self, error: Exception, _trace: str) -> None:
        self._task_done()
        self.message.error(_("計画を作成できませんでした: {error}").format(error=error))

    # --- hand edits ---------------------------------------------------------------------------------

    def move(self, codes: list[str], host: str | None = None, wave: int | None = None) -> None:
        """Move servers; the plan re-checks every rule and shows what the move breaks."""
        if self.plan is None or not codes or (host is None and wave is None):
            return
        before = {(v.kind, v.servers, v.host, v.wave) for v in self.plan.violations}
        edited = apply_moves(self.plan, [(c, host, wave) for c in codes])
        self.set_plan(edited, self.scenario_id, self.scenario_name, dirty=True, edited=True)
        new = [v for v in edited.violations if (v.kind, v.servers, v.host, v.wave) not in before]
        if new:
            self.issues.setCurrentIndex(0)
            self.message.error(_("移動しましたが、規則に反します: {text}").format(text=new[0].text)
                               + (_(" ほか {n} 件").format(n=len(new) - 1) if len(new) > 1 else ""))
        else:
            self.message.info(_("{n} 台を移動しました。規則への違反はありません。").format(n=len(codes)))
        for code in codes[:1]:
            item = self.host_tree.find_server(code)
            if item is not None:
                self.host_tree.scrollToItem(item)

    def _table_codes(self) -> list[str]:
        rows = sorted({self.assignment_proxy.mapToSource(i).row()
                       for i in self.assignment_view.selectionModel().selectedIndexes()})
        return [self.assignments.rows[r][0] for r in rows]

    def selected_codes(self) -> list[str]:
        current = self.results.currentWidget()
        if isinstance(current, DropTree):
            return current.selected_servers()
        if current is self.assignment_view:
            return self._table_codes()
        return []

    def _context_menu(self, view: QWidget, pos: QPoint, codes: list[str]) -> None:
        if self.plan is None or not codes:
            return
        menu = QMenu(view)
        menu.addAction(_("移動…"), lambda: self.move_selected(codes))
        menu.exec(view.mapToGlobal(pos))

    def move_selected(self, codes: list[str] | None = None) -> None:
        codes = codes or self.selected_codes()
        if self.plan is None:
            return
        if not codes:
            self.message.error(_("移動するサーバを選んでください(ホストと負荷・配置一覧・移行の回のいずれかで)。"))
            return
        dialog = MoveDialog(self.plan, codes, self)
        if dialog.exec():
            host, wave = dialog.target()
            self.move(codes, host=host, wave=wave)

    # --- scenarios ----------------------------------------------------------------------------------

    def ask_and_save(self) -> None:
        if self.plan is None:
            return
        default = self.scenario_name + _("(調整)") if self.scenario_name else ""
        name, ok = QInputDialog.getText(self, _("シナリオとして保存"), _("シナリオ名"), QLineEdit.EchoMode.Normal, default)
        if ok and name.strip():
            self.save_as(name.strip())

    def save_as(self, name: str) -> int | None:
        """Store the current plan (with its parameters) as a new scenario."""
        if self.plan is None:
            return None
        try:
            sid = save_scenario(self.ledger, name, self.plan)
        except LedgerError as e:
            self.message.error(str(e))
            return None
        self.set_plan(self.plan, sid, name, dirty=False)
        self.scenario_panel.refresh()
        self.scenario_panel.select_id(sid)
        self.message.info(_("シナリオ {id}「{name}」として保存しました。").format(id=sid, name=name))
        return sid

    def save_over(self) -> bool:
        """Write the edited plan back into its scenario (refused once the scenario is adopted)."""
        if self.plan is None or self.scenario_id is None:
            return False
        row = next((r for r in self.scenario_panel.rows if r["id"] == self.scenario_id), None)
        if row is not None and row["adopted_at"] is not None:
            self.message.error(_("採用済みのシナリオは上書きできません。新しいシナリオとして保存してください。"))
            return False
        try:
            update_scenario(self.ledger, self.scenario_id, self.plan, self.scenario_name)
        except LedgerError as e:
            self.message.error(str(e))
            return False
        self.set_plan(self.plan, self.scenario_id, self.scenario_name, dirty=False)
        self.scenario_panel.refresh()
        self.message.info(_("シナリオ「{name}」を上書き保存しました。").format(name=self.scenario_name))
        return True

    def open_scenario(self, scenario_id: int, name: str, plan: Plan) -> None:
        if not self.confirm_discard():
            return
        self.form.set_values(plan.spec, plan.params)
        self.set_plan(plan, scenario_id, name, dirty=False)
        self.tabs.setCurrentIndex(0)
        self.message.info(_("シナリオ「{name}」を開きました。").format(name=name))

    def _after_adoption(self, _scenario_id: int) -> None:
        self.tracking.refresh()
        self.ledger_changed.emit()


def main(argv: list[str] | None = None) -> int:
    """Open the planner page alone over a ledger (for a look without the main window)."""
    from ui.standalone import parser, run_page

    p = parser("python -m ui.planner.page")
    p.add_argument("--tab", type=int, default=0, help="tab to show (0 plan, 1 scenarios, 2 tracking)")
    p.add_argument("--run", action="store_true", help="run a plan at start")
    args = p.parse_args(argv)

    def prepare(page: PlannerPage) -> None:
        page.tabs.setCurrentIndex(args.tab)
        if args.run:
            page.run_plan()

    return run_page(args, PlannerPage, N_("集約計画"), busy=lambda page: page.running, prepare=prepare)


if __name__ == "__main__":
    sys.exit(main())
