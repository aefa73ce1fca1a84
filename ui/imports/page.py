"""The survey page: rounds and where each section's answer stands, and every way in and out of
spreadsheets (make the workbooks, take answers back, import other lists, export, undo).

``SurveyPage(ledger)`` is a plain QWidget the main window adds to its navigation; files dropped
on it are imported (``install_drop_target`` lets the main window accept them too).
``python -m ui.imports.page --db PATH`` opens it alone.

Reading and applying run on the thread pool (``ui.tasks.Task``) with progress and cancel; the
dialogs are opened window-modal with ``open()``, so the page never sits in a nested event loop.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QMenu,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from assetdesk.choices import SURVEY_RESPONSE_STATUS
from assetdesk.i18n import N_, _
from db import models as M
from db.ledger import Ledger
from db.survey import RoundStatus, SectionStatus, round_status
from importers.apply import ApplyResult, ImportConflict, ImportRefused, apply_import, record_returns
from importers.diff import ImportPreview
from importers.workbook import FileRefused, read_table_file
from ui.imports.conflict_dialog import ImportConflictDialog
from ui.imports.drop import install_drop_target
from ui.imports.history_dialog import ImportHistoryDialog
from ui.imports.loading import Cancelled, load_preview, record_names
from ui.imports.mapping_dialog import MappingDialog, open_mapping
from ui.imports.preview_dialog import ImportPreviewDialog
from ui.imports.survey_dialog import MakeSurveyDialog
from ui.tasks import Task

STATUS_COLORS = {"not_sent": "#eeeeee", "sent": "#ffffff", "returned": "#e3f0ff", "errors": "#fde2e1",
                 "applied": "#e2f4e4", "undone": "#fff4d6"}
ROUND = M.SurveyRound.__table__
BATCH = M.ChangeBatch.__table__


def fiscal_years(ledger: Ledger) -> list[int]:
    """The fiscal years that have a survey round, newest first."""
    with ledger.read() as conn:
        return list(conn.execute(select(ROUND.c.fiscal_year).order_by(ROUND.c.fiscal_year.desc())).scalars())


def status_label(s: SectionStatus) -> str:
    return _("未送付") if s.status == "not_sent" else SURVEY_RESPONSE_STATUS.label_of(s.status)


class SurveyPage(QWidget):
    """Emits ``ledger_changed`` after an import was applied or undone, so other views refresh."""

    ledger_changed = Signal()
    #: After each task: ('survey' | 'preview' | 'apply' | 'export', result or None).
    task_done = Signal(str, object)

    COLUMNS = (N_("所属コード"), N_("所属名"), N_("部局"), N_("状況"), N_("ファイル"), N_("受領日時"), N_("エラー"),
               N_("反映の操作番号"))

    def __init__(self, ledger: Ledger, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("survey_page")
        self.ledger = ledger
        self.status: RoundStatus | None = None
        self.preview: ImportPreview | None = None
        self.preview_dialog: ImportPreviewDialog | None = None
        self.mapping_dialog: MappingDialog | None = None
        self.survey_dialog: MakeSurveyDialog | None = None
        self.history_dialog: ImportHistoryDialog | None = None
        self.conflict_dialog: ImportConflictDialog | None = None
        self.last_result: ApplyResult | None = None
        self._task: Task | None = None
        self._last_folder = ""

        title = QLabel(_("年次調査と表の取込"), self)
        f = title.font()
        f.setPointSizeF(f.pointSizeF() * 1.3)
        f.setBold(True)
        title.setFont(f)
        self.round_combo = QComboBox(self)
        self.round_combo.setObjectName("survey_round")
        self.round_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.round_combo.setMinimumContentsLength(8)
        self.round_combo.currentIndexChanged.connect(lambda _i: self.refresh_status())
        self.make_button = QPushButton(_("調査票を作成…"), self)
        self.make_button.setObjectName("make_survey")
        self.import_button = QPushButton(_("回答を取り込む"), self)
        self.import_button.setObjectName("import_answers")
        menu = QMenu(self.import_button)
        menu.addAction(_("フォルダを選ぶ…"), self.choose_folder)
        menu.addAction(_("ファイルを選ぶ…"), self.choose_files)
        self.import_button.setMenu(menu)
        self.other_button = QPushButton(_("その他の表を取り込む…"), self)
        self.other_button.setObjectName("import_other")
        self.export_button = QPushButton(_("台帳を書き出す…"), self)
        self.export_button.setObjectName("export_ledger")
        self.undo_button = QPushButton(_("取込の取消…"), self)
        self.undo_button.setObjectName("undo_imports")
        self.make_button.clicked.connect(self.open_make_survey)
        self.other_button.clicked.connect(self.choose_other_file)
        self.export_button.clicked.connect(self.choose_export)
        self.undo_button.clicked.connect(self.open_history)
        self._buttons = (self.make_button, self.import_button, self.other_button, self.export_button, self.undo_button)

        self.summary = QLabel(self)
        self.summary.setObjectName("round_summary")
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, len(self.COLUMNS), self)
        self.table.setObjectName("section_status")
        self.table.setHorizontalHeaderLabels([_(c) for c in self.COLUMNS])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        # Widths are fitted once after each fill: ResizeToContents would re-measure the whole
        # column on every setItem (seconds for a hundred sections).
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.cellDoubleClicked.connect(self._open_batch_of_row)

        self.chase = QListWidget(self)
        self.chase.setObjectName("to_chase")
        self.chase_label = QLabel(self)
        copy = QPushButton(_("督促先をコピー"), self)
        copy.clicked.connect(self.copy_chase_list)
        side = QWidget(self)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.chase_label)
        side_layout.addWidget(self.chase, 1)
        side_layout.addWidget(copy)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.table)
        split.addWidget(side)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        split.setSizes([900, 260])

        self.progress = QProgressBar(self)
        self.progress.setRange(0, 1000)
        self.progress.hide()
        self.progress_text = QLabel(self)
        self.cancel_button = QPushButton(_("中止"), self)
        self.cancel_button.hide()
        self.cancel_button.clicked.connect(self.cancel_task)
        self.message = QLabel(self)
        self.message.setObjectName("page_message")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        hint = QLabel(_("調査票やその他の表(.xlsx / .csv)、フォルダをこの画面にドロップしても取り込めます。"), self)
        hint.setStyleSheet("color: #666;")

        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(QLabel(_("調査年度"), self))
        top.addWidget(self.round_combo)
        actions = QHBoxLayout()
        for b in self._buttons:
            actions.addWidget(b)
        actions.addStretch(1)
        busy = QHBoxLayout()
        busy.addWidget(self.progress, 1)
        busy.addWidget(self.progress_text, 2)
        busy.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(actions)
        layout.addWidget(hint)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)
        layout.addLayout(busy)
        layout.addWidget(self.message)

        install_drop_target(self, self.files_dropped)
        self.reload_rounds()

    # --- the round ------------------------------------------------------------------------------

    def reload_rounds(self, select_fy: int | None = None) -> None:
        current = select_fy if select_fy is not None else self.round_combo.currentData()
        self.round_combo.blockSignals(True)
        self.round_combo.clear()
        for fy in fiscal_years(self.ledger):
            self.round_combo.addItem(_("{fy}年度").format(fy=fy), fy)
        i = self.round_combo.findData(current) if current is not None else 0
        self.round_combo.setCurrentIndex(max(i, 0))
        self.round_combo.blockSignals(False)
        self.refresh_status()

    def refresh_status(self) -> None:
        fy = self.round_combo.currentData()
        with self.ledger.read() as conn:
            self.status = round_status(conn, fy) if fy is not None else None
        status = self.status
        self.table.setSortingEnabled(False)
        if status is None:
            self.summary.setText(_("調査はまだありません。「調査票を作成…」で年度の調査を始めてください。"))
            self.table.setRowCount(0)
            self.chase.clear()
            self.chase_label.setText(_("督促先"))
            return
        counts = [(_("未送付"), status.count("not_sent"))] + [
            (SURVEY_RESPONSE_STATUS.label_of(v), status.count(v)) for v in SURVEY_RESPONSE_STATUS.values]
        self.summary.setText(_("{fy}年度の調査(開始 {opened}、様式 {version}): {counts}").format(
            fy=status.fiscal_year, opened=status.opened_on, version=status.template_version or "-",
            counts="、".join(f"{label} {n}" for label, n in counts)))
        self.table.setRowCount(len(status.sections))
        for r, s in enumerate(status.sections):
            key = s.status
            received = s.received_at.strftime("%Y-%m-%d %H:%M") if s.received_at else ""
            cells = (s.section, s.section_name, s.department, status_label(s), s.file_name or "",
                     received, str(s.error_count) if s.error_count else "",
                     str(s.applied_batch_id) if s.applied_batch_id else "")
            brush = QBrush(QColor(STATUS_COLORS.get(key, "#ffffff")))
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                item.setBackground(brush)
                item.setData(Qt.ItemDataRole.UserRole, s.applied_batch_id)
                self.table.setItem(r, c, item)
        self.table.setSortingEnabled(True)
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(4, max(self.table.columnWidth(4), 240))
        chase = status.to_chase
        self.chase.clear()
        for s in chase:
            self.chase.addItem(f"{s.section} {s.section_name}({s.department}): {status_label(s)}")
        self.chase_label.setText(_("督促先 {n} 所属").format(n=len(chase)))

    def chase_list(self) -> list[str]:
        """Section codes still to chase in the round shown."""
        if self.status is None:
            return []
        return [s.section for s in self.status.to_chase]

    def copy_chase_list(self) -> None:
        lines = [self.chase.item(i).text() for i in range(self.chase.count())]
        QGuiApplication.clipboard().setText("\n".join(lines))
        self.show_message(_("督促先 {n} 所属をコピーしました。").format(n=len(lines)))

    # --- making the workbooks -------------------------------------------------------------------

    def open_make_survey(self) -> MakeSurveyDialog:
        dialog = MakeSurveyDialog(self.ledger, self, folder=self._last_folder)
        dialog.accepted.connect(lambda: self.make_survey(dialog.out_folder(), dialog.fiscal_year(),
                                                         dialog.chosen_sections()))
        self.survey_dialog = dialog
        dialog.open()
        return dialog

    def make_survey(self, folder: str | Path, fiscal_year: int, sections: Sequence[str] | None = None) -> None:
        """One workbook per section into ``folder``; opens the round of ``fiscal_year``."""
        from importers.survey_template import make_survey

        self._last_folder = str(folder)
        chosen = list(sections) if sections is not None else None

        def work(progress: Callable[[float, str], None], cancel: Callable[[], bool]) -> list[Path]:
            progress(0.1, _("調査票を作成しています…"))
            return make_survey(self.ledger, folder, fiscal_year, sections=chosen)

        def done(paths: list[Path]) -> None:
            self.reload_rounds(select_fy=fiscal_year)
            self.show_message(_("{fy}年度の調査票を {n} 件作成しました: {folder}").format(
                fy=fiscal_year, n=len(paths), folder=folder))

        self.run_task("survey", work, done)

    # --- taking answers back --------------------------------------------------------------------

    def choose_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, _("回答の入ったフォルダ"), self._last_folder)
        if path:
            self._last_folder = path
            self.import_files([Path(path)])

    def choose_files(self) -> None:
        paths, _filter = QFileDialog.getOpenFileNames(self, _("回答のファイル"), self._last_folder,
                                                      _("表 (*.xlsx *.xlsm *.csv)"))
        if paths:
            self._last_folder = str(Path(paths[0]).parent)
            self.import_files([Path(p) for p in paths])

    def files_dropped(self, paths: list[Path]) -> None:
        """A single list that is not AssetDesk's goes through the column mapping first."""
        if len(paths) == 1 and paths[0].is_file() and not _is_assetdesk_file(paths[0]):
            self.open_mapping(paths[0])
        else:
            self.import_files(paths)

    def import_files(self, paths: Sequence[str | Path], *,
                     pinned: Mapping[str, Mapping[str, str | None]] | None = None) -> None:
        """Read the files off the GUI thread, note the answers in the round, then show the preview."""

        def work(progress: Callable[[float, str], None],
                 cancel: Callable[[], bool]) -> tuple[ImportPreview, dict[tuple[str, str], str]]:
            preview = load_preview(self.ledger, paths, pinned=pinned, progress=progress, cancel=cancel)
            return preview, record_names(self.ledger)

        def done(result: tuple[ImportPreview, dict[tuple[str, str], str]]) -> None:
            preview, names = result
            # Received is received, whatever the user decides next: the round says so.
            record_returns(self.ledger, preview)
            self.refresh_status()
            self.show_preview(preview, names)

        self.run_task("preview", work, done)

    def show_preview(self, preview: ImportPreview,
                     names: Mapping[tuple[str, str], str] | None = None) -> ImportPreviewDialog:
        self.preview = preview
        dialog = ImportPreviewDialog(preview, self, names=names)
        dialog.accepted.connect(lambda: self.apply(preview))
        self.preview_dialog = dialog
        dialog.open()
        return dialog

    def apply(self, preview: ImportPreview) -> None:
        """Write what the user accepted: a backup first, then all of it in one batch, or nothing."""
        self.preview = preview  # the one a conflict (see _failed) refers to

        def work(progress: Callable[[float, str], None], cancel: Callable[[], bool]) -> ApplyResult:
            progress(0.1, _("バックアップを取り、反映しています…"))
            return apply_import(self.ledger, preview, backup=True)

        def done(result: ApplyResult) -> None:
            self.last_result = result
            self.refresh_status()
            if result.applied:
                self.show_message(_("反映しました: 新規 {c}、変更 {u}、削除 {d}(操作番号 {batch}、バックアップ {backup})。"
                                    "「取込の取消…」でまとめて取り消せます。").format(
                    c=result.created, u=result.updated, d=result.deleted, batch=result.batch_id,
                    backup=result.backup or "-"))
                self.ledger_changed.emit()
            else:
                self.show_message(_("台帳に変更はありません(回答は反映済として記録しました)。"))

        self.run_task("apply", work, done)

    def show_conflicts(self, preview: ImportPreview, error: ImportConflict) -> ImportConflictDialog:
        """Another user changed records of this import: side by side, then apply the rest or stop."""
        keys = {(c.record_type, c.record_id) for c in error.conflicts}
        others = sum((c.record_type, c.record_id) not in keys for c in preview.accepted)
        dialog = ImportConflictDialog(error.conflicts, self, others=others)
        dialog.accepted.connect(lambda: (preview.refuse(error.conflicts), self.apply(preview)))
        self.conflict_dialog = dialog
        dialog.open()
        return dialog

    # --- other people's lists -------------------------------------------------------------------

    def choose_other_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("取り込む表"), self._last_folder,
                                                    _("表 (*.xlsx *.xlsm *.csv)"))
        if path:
            self._last_folder = str(Path(path).parent)
            self.open_mapping(Path(path))

    def open_mapping(self, path: Path) -> MappingDialog | None:
        dialog = open_mapping(self.ledger, path, self)
        if dialog is None:
            return None
        dialog.accepted.connect(lambda: self.import_files([path], pinned=dialog.pins()))
        self.mapping_dialog = dialog
        dialog.open()
        return dialog

    # --- export ---------------------------------------------------------------------------------

    def choose_export(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(self, _("台帳の書き出し"), str(Path(self._last_folder) / "台帳.xlsx"),
                                                    _("Excel ブック (*.xlsx)"))
        if path:
            self.export_ledger(Path(path) if path.lower().endswith(".xlsx") else Path(path + ".xlsx"))

    def export_ledger(self, path: Path, what: str = "all") -> None:
        """The whole ledger (or systems/servers/dependencies) as a workbook that imports back."""
        from importers.export import export_ledger

        def work(progress: Callable[[float, str], None], cancel: Callable[[], bool]) -> Path:
            progress(0.1, _("書き出しています…"))
            return export_ledger(self.ledger, path, what)

        self.run_task("export", work, lambda p: self.show_message(_("書き出しました: {path}").format(path=p)))

    # --- undo -----------------------------------------------------------------------------------

    def open_history(self, batch_id: int | None = None) -> ImportHistoryDialog:
        dialog = ImportHistoryDialog(self.ledger, self)
        dialog.undone.connect(self._undone)
        if batch_id is not None:
            dialog.select_batch(batch_id)
        self.history_dialog = dialog
        dialog.open()
        return dialog

    def _open_batch_of_row(self, row: int, _col: int) -> None:
        item = self.table.item(row, 0)
        batch = item.data(Qt.ItemDataRole.UserRole) if item else None
        if batch:
            self.open_history(batch)

    def _undone(self, batch_id: int, undo_id: int) -> None:
        self.refresh_status()
        self.show_message(_("操作 {id} の取込を取り消しました(操作番号 {undo})。").format(id=batch_id, undo=undo_id))
        self.ledger_changed.emit()

    # --- tasks ----------------------------------------------------------------------------------

    def busy(self) -> bool:
        return self._task is not None

    def run_task(self, kind: str, work: Callable[..., Any], done: Callable[[Any], None]) -> None:
        if self._task is not None:
            self.show_message(_("前の処理が終わるまでお待ちください。"), error=True)
            return
        task = Task(work)
        self._task = task
        for b in self._buttons:
            b.setEnabled(False)
        self.progress.setValue(0)
        self.progress.show()
        self.cancel_button.setVisible(kind == "preview")
        self.progress_text.setText("")
        task.signals.progress.connect(self._progress)
        task.signals.finished.connect(lambda result: self._finished(kind, result, done))
        task.signals.failed.connect(lambda error, trace: self._failed(kind, error, trace))
        task.start()

    def cancel_task(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self.progress_text.setText(_("中止しています…"))

    def _progress(self, fraction: float, text: str) -> None:
        self.progress.setValue(int(fraction * 1000))
        self.progress_text.setText(text)

    def _idle(self) -> None:
        self._task = None
        for b in self._buttons:
            b.setEnabled(True)
        self.progress.hide()
        self.cancel_button.hide()
        self.progress_text.setText("")

    def _finished(self, kind: str, result: Any, done: Callable[[Any], None]) -> None:
        self._idle()
        try:
            done(result)
        finally:
            self.task_done.emit(kind, result)

    def _failed(self, kind: str, error: Exception, trace: str) -> None:
        self._idle()
        if isinstance(error, Cancelled):
            self.show_message(_("読込を中止しました。何も変更していません。"))
        elif isinstance(error, ImportConflict) and kind == "apply" and self.preview is not None:
            self.show_message(str(error), error=True)
            self.show_conflicts(self.preview, error)
        elif isinstance(error, ImportRefused):
            self.show_message(str(error), error=True)
        elif kind == "apply":
            self.show_message(_("反映できませんでした(何も変更していません): {error}").format(error=error), error=True)
        else:
            self.show_message(_("処理に失敗しました: {error}").format(error=error), error=True)
        if kind == "apply":
            self.refresh_status()
        self.task_done.emit(kind, None)

    def show_message(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet("color: #a12a1f; font-weight: bold;" if error else "")
        self.message.setText(text)


def _is_assetdesk_file(path: Path) -> bool:
    """A survey workbook or an export (marked by AssetDesk); a file that cannot be read counts as
    ours, so that the import reports why it cannot be read."""
    try:
        return bool(read_table_file(path).mark)
    except FileRefused:
        return True


def main(argv: list[str] | None = None) -> int:
    """Open the survey page alone over a ledger (for a look without the main window)."""
    from ui.standalone import parser, run_page

    args = parser("python -m ui.imports.page").parse_args(argv)
    return run_page(args, SurveyPage, N_("年次調査と表の取込"), size=(1360, 820))


if __name__ == "__main__":
    sys.exit(main())
