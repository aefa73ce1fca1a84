"""The preview of an import: what each section brings (new, changed old -> new, gone) and every
problem, with the user's choice of what to take. Nothing is written here.

The choice is made on the preview itself, the way ``importers.apply.apply_import`` reads it:
``RecordChange.accepted`` per change and ``SectionPreview.excluded`` per section. A section is
left out when the user unticks it, or when none of its changes is ticked; the errors of a
section that is left out block nothing, those of every other section (and of whole files) do.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from assetdesk.fields import RECORD_LABELS
from assetdesk.i18n import N_, _
from importers.diff import ImportPreview, RecordChange, SectionPreview
from importers.survey_import import Problem
from ui.table_model import ListModel

SECTION, CHANGE, FIELD = "section", "change", "field"
ROLE = Qt.ItemDataRole.UserRole
ERROR_BRUSH = QBrush(QColor("#fde2e1"))
WARNING_BRUSH = QBrush(QColor("#fff4d6"))
MUTED_BRUSH = QBrush(QColor("#8a8a8a"))
NEW_BRUSH = QBrush(QColor("#1b6e2e"))
GONE_BRUSH = QBrush(QColor("#a12a1f"))


def action_label(c: RecordChange) -> str:
    if c.action == "new":
        return _("新規")
    if c.action == "changed":
        return _("変更")
    return _("削除を提案") if c.is_delete else _("廃止を提案")


def record_title(c: RecordChange, names: Mapping[tuple[str, str], str] | None = None) -> str:
    """Code and the name the user recognises (from the change, else from ``names``)."""
    v = c.values or {}
    name = v.get("name") or v.get("hostname") or (names or {}).get((c.record_type, c.code), "")
    if c.record_type == "dependency" and not c.code:
        name = f"{v.get('from_system') or '?'} → {v.get('to_system') or '?'}"
    kind = _(RECORD_LABELS.get(c.record_type, c.record_type))
    return " ".join(x for x in (f"[{kind}]", c.code, str(name)) if x)


def where(c: RecordChange) -> str:
    parts = [c.file, c.sheet]
    if c.row:
        parts.append(_("{row}行目").format(row=c.row))
    return " ".join(p for p in parts if p)


class ProblemModel(ListModel):
    """Every problem of the preview: file, sheet, row, column, value and reason.

    Errors that block applying are red, warnings yellow, the errors of sections left out grey.
    """

    HEADERS = (N_("区分"), N_("所属"), N_("ファイル"), N_("シート"), N_("行"), N_("列"), N_("値"), N_("理由"))

    def __init__(self, preview: ImportPreview, parent=None):
        super().__init__(parent)
        self.preview = preview
        self.rows: list[tuple[Problem, SectionPreview | None]] = []
        self.errors_only = False
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        rows: list[tuple[Problem, SectionPreview | None]] = [(p, None) for p in self.preview.problems]
        for s in self.preview.sections:
            rows.extend((p, s) for p in s.problems)
        if self.errors_only:
            rows = [r for r in rows if r[0].is_error]
        # Errors first, then by file, sheet and row: the order someone fixes them in.
        rows.sort(key=lambda r: (not r[0].is_error, r[0].file, r[0].sheet, r[0].row or 0))
        self.rows = rows
        self.endResetModel()

    def blocking(self, row: int) -> bool:
        p, s = self.rows[row]
        return p.is_error and (s is None or not s.excluded)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        p, s = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            col = index.column()
            if col == 0:
                return _("エラー") if p.is_error else _("注意")
            if col == 1:
                return s.title if s else (p.section or "")
            value = p.value
            return ("" if value is None else str(value)) if col == 6 else (
                [p.file, p.sheet, "" if p.row is None else str(p.row), p.column, "", p.reason][col - 2])
        if role == Qt.ItemDataRole.BackgroundRole:
            if self.blocking(index.row()):
                return ERROR_BRUSH
            if not p.is_error:
                return WARNING_BRUSH
        if role == Qt.ItemDataRole.ForegroundRole and p.is_error and not self.blocking(index.row()):
            return MUTED_BRUSH
        return None


class ImportPreviewDialog(QDialog):
    """Per section -> records -> fields (old -> new), with a tick per section and per change.

    ``exec()`` returns Accepted when the user chose to apply; the choice is then on
    ``self.preview`` (and ``accepted_changes()``), ready for ``apply_import``.
    """

    COLUMNS = (N_("内容"), N_("変更前"), N_("変更後"), N_("場所"))

    def __init__(self, preview: ImportPreview, parent: QWidget | None = None, *,
                 names: Mapping[tuple[str, str], str] | None = None):
        """``names``: (record type, code) -> name of the records in the ledger, for the titles."""
        super().__init__(parent)
        self.setObjectName("import_preview_dialog")
        self.setWindowTitle(_("取込内容の確認"))
        self.preview = preview
        self.names = names or {}
        self._updating = False
        self._section_items: list[QTreeWidgetItem] = []
        self._change_items: list[list[QTreeWidgetItem]] = []

        self.files_label = QLabel(self)
        self.files_label.setWordWrap(True)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("preview_tree")
        self.tree.setColumnCount(len(self.COLUMNS))
        self.tree.setHeaderLabels([_(c) for c in self.COLUMNS])
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 520)
        header.resizeSection(1, 180)
        header.resizeSection(2, 180)
        header.setStretchLastSection(True)
        self.tree.itemChanged.connect(self._item_changed)
        self.tree.itemExpanded.connect(self._fill_fields)

        self.problems = ProblemModel(preview, self)
        self.problem_view = QTableView(self)
        self.problem_view.setObjectName("problem_table")
        self.problem_view.setModel(self.problems)
        self.problem_view.verticalHeader().setVisible(False)
        self.problem_view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.problem_view.setWordWrap(False)
        ph = self.problem_view.horizontalHeader()
        for col, width in enumerate((60, 150, 200, 90, 50, 170, 140)):
            ph.resizeSection(col, width)
        ph.setStretchLastSection(True)
        self.problem_view.doubleClicked.connect(self._show_section_of_problem)
        self.errors_only = QCheckBox(_("エラーだけを表示"), self)
        self.errors_only.toggled.connect(self._errors_only)
        self.problem_label = QLabel(self)

        self.counts = QLabel(self)
        self.counts.setObjectName("preview_counts")
        self.counts.setWordWrap(True)
        self.block_label = QLabel(self)
        self.block_label.setObjectName("blocking_message")
        self.block_label.setWordWrap(True)
        self.block_label.setStyleSheet("color: #a12a1f; font-weight: bold;")

        self.accept_all_button = QPushButton(_("すべて承認"), self)
        self.accept_gone_button = QPushButton(_("消えた記録も承認"), self)
        self.reject_all_button = QPushButton(_("すべて外す"), self)
        self.expand_button = QPushButton(_("すべて展開"), self)
        self.accept_all_button.clicked.connect(lambda: self.set_all(True))
        self.accept_gone_button.clicked.connect(lambda: self.set_all(True, include_gone=True))
        self.reject_all_button.clicked.connect(lambda: self.set_all(False))
        self.expand_button.clicked.connect(self.tree.expandAll)
        self.buttons = QDialogButtonBox(self)
        self.apply_button = self.buttons.addButton(_("反映する"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.apply_button.setObjectName("apply_import")
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        tools = QHBoxLayout()
        for b in (self.accept_all_button, self.accept_gone_button, self.reject_all_button, self.expand_button):
            tools.addWidget(b)
        tools.addStretch(1)
        top = QWidget(self)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addLayout(tools)
        top_layout.addWidget(self.tree, 1)
        bottom = QWidget(self)
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(self.problem_label)
        row.addStretch(1)
        row.addWidget(self.errors_only)
        bottom_layout.addLayout(row)
        bottom_layout.addWidget(self.problem_view, 1)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(top)
        split.addWidget(bottom)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.files_label)
        layout.addWidget(split, 1)
        layout.addWidget(self.counts)
        layout.addWidget(self.block_label)
        layout.addWidget(self.buttons)
        self.resize(1180, 780)

        self._auto_exclude()
        self._fill()
        self._refresh()

    # --- building -------------------------------------------------------------------------------

    def _fill(self) -> None:
        files = self.preview.files
        kinds = {"survey": _("調査票"), "export": _("台帳の書き出し"), "sheet": _("その他の表"), "refused": _("読めないファイル")}
        shown = "、".join(f"{f.name}({kinds.get(f.kind, f.kind)})" for f in files[:6]) + ("…" if len(files) > 6 else "")
        fy = self.preview.fiscal_year
        self.files_label.setText(
            (_("{fy}年度の調査: ").format(fy=fy) if fy else "")
            + _("{n} ファイル: {files}").format(n=len(files), files=shown))
        self._updating = True
        self.tree.clear()
        self._section_items, self._change_items = [], []
        for si, s in enumerate(self.preview.sections):
            item = QTreeWidgetItem(self.tree)
            item.setData(0, ROLE, (SECTION, si))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setText(3, "、".join(s.files))
            font = item.font(0)
            font.setBold(True)
            item.setFont(0, font)
            if s.errors:
                for col in range(len(self.COLUMNS)):
                    item.setBackground(col, ERROR_BRUSH)
            children = []
            for ci, c in enumerate(s.changes):
                child = QTreeWidgetItem(item)
                child.setData(0, ROLE, (CHANGE, si, ci))
                child.setFlags(child.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                child.setText(0, f"{action_label(c)}  {record_title(c, self.names)}")
                child.setText(3, where(c))
                child.setForeground(0, NEW_BRUSH if c.action == "new" else GONE_BRUSH if c.action == "gone"
                                    else QBrush())
                # Field rows are made when the record is opened: a 100,000-row list stays quick.
                child.setChildIndicatorPolicy(QTreeWidgetItem.ChildIndicatorPolicy.ShowIndicator)
                children.append(child)
            self._section_items.append(item)
            self._change_items.append(children)
        self._updating = False
        self._sync_checks()
        if len(self.preview.sections) <= 3:
            for item in self._section_items:
                item.setExpanded(True)

    def _section_text(self, s: SectionPreview) -> str:
        head = s.title
        parts = [_("新規 {n}").format(n=s.count("new")), _("変更 {n}").format(n=s.count("changed")),
                 _("消えた記録 {n}").format(n=s.count("gone")), _("変更なし {n}").format(n=s.unchanged)]
        if s.errors:
            parts.append(_("エラー {n}").format(n=len(s.errors)))
        if s.excluded:
            parts.append(_("取り込まない"))
        return f"{head} — " + "、".join(parts)

    def _fill_fields(self, item: QTreeWidgetItem) -> None:
        data = item.data(0, ROLE)
        if not data or data[0] != CHANGE or item.childCount():
            return
        c = self.preview.sections[data[1]].changes[data[2]]
        fields = c.field_changes()
        for f in fields:
            child = QTreeWidgetItem(item)
            child.setData(0, ROLE, (FIELD,))
            child.setText(0, f.label)
            child.setText(1, f.old_text)
            child.setText(2, f.new_text)
            child.setToolTip(1, f.old_text)
            child.setToolTip(2, f.new_text)
        if c.is_delete:
            child = QTreeWidgetItem(item)
            child.setData(0, ROLE, (FIELD,))
            child.setText(0, _("台帳から削除します(調査票から消えた連携)。"))
        if not item.childCount():
            item.setChildIndicatorPolicy(QTreeWidgetItem.ChildIndicatorPolicy.DontShowIndicator)

    # --- the user's choice ----------------------------------------------------------------------

    def _auto_exclude(self) -> None:
        """A section with changes, none of them ticked, is left out (its errors block nothing)."""
        for s in self.preview.sections:
            if s.changes:
                s.excluded = not any(c.accepted for c in s.changes)

    def set_section(self, index: int, accepted: bool, *, include_gone: bool = False) -> None:
        """Take a section (its new and changed records; gone ones with ``include_gone``, or when
        the section has nothing else) or leave it out."""
        s = self.preview.sections[index]
        only_gone = all(c.action == "gone" for c in s.changes)
        s.accept(accepted, include_gone=include_gone or only_gone)
        if accepted and s.changes and not any(c.accepted for c in s.changes):
            s.excluded = True
        self._sync_checks([index])
        self._refresh()

    def set_change(self, section: int, change: int, accepted: bool) -> None:
        s = self.preview.sections[section]
        s.changes[change].accepted = accepted
        s.excluded = not any(c.accepted for c in s.changes)
        self._sync_checks([section])
        self._refresh()

    def set_all(self, accepted: bool, *, include_gone: bool = False) -> None:
        for s in self.preview.sections:
            s.accept(accepted, include_gone=include_gone)
        self._auto_exclude()
        self._sync_checks()
        self._refresh()

    def _item_changed(self, item: QTreeWidgetItem, column: int) -> None:
        if self._updating or column != 0:
            return
        data = item.data(0, ROLE)
        if not data:
            return
        checked = item.checkState(0) == Qt.CheckState.Checked
        if data[0] == SECTION:
            self.set_section(data[1], checked)
        elif data[0] == CHANGE:
            self.set_change(data[1], data[2], checked)

    def _sync_checks(self, sections: list[int] | None = None) -> None:
        """Ticks and section titles from the preview's flags (only ``sections`` if given)."""
        self._updating = True
        try:
            for si in range(len(self.preview.sections)) if sections is None else sections:
                s = self.preview.sections[si]
                item = self._section_items[si]
                if s.excluded:
                    state = Qt.CheckState.Unchecked
                elif all(c.accepted for c in s.changes):
                    state = Qt.CheckState.Checked
                else:
                    state = Qt.CheckState.PartiallyChecked
                item.setCheckState(0, state)
                item.setText(0, self._section_text(s))
                for ci, c in enumerate(s.changes):
                    self._change_items[si][ci].setCheckState(
                        0, Qt.CheckState.Checked if c.accepted else Qt.CheckState.Unchecked)
        finally:
            self._updating = False

    # --- counts and the apply button ------------------------------------------------------------

    def blocking_errors(self) -> list[Problem]:
        return self.preview.blocking_errors()

    def accepted_changes(self) -> list[RecordChange]:
        return self.preview.accepted

    def excluded_sections(self) -> list[str | None]:
        return [s.section for s in self.preview.sections if s.excluded]

    def can_apply(self) -> bool:
        if self.blocking_errors():
            return False
        # A survey answer with no change is still worth taking: its section is then done.
        return bool(self.accepted_changes()) or any(f.kind == "survey" for f in self.preview.files)

    def _refresh(self) -> None:
        accepted = self.accepted_changes()
        new = sum(c.action == "new" for c in accepted)
        changed = sum(c.action == "changed" for c in accepted)
        gone = sum(c.action == "gone" for c in accepted)
        total = len(self.preview.changes)
        errors = self.preview.errors
        warnings = [p for p in self.preview.all_problems if not p.is_error]
        blocking = self.blocking_errors()
        self.counts.setText(_(
            "反映する変更: 新規 {new}、変更 {changed}、廃止・削除 {gone}(全 {total} 件中 {n} 件)/ 変更なし {same} 件"
            " / エラー {errors} 件(うち反映を止めているもの {blocking} 件)、注意 {warnings} 件").format(
            new=new, changed=changed, gone=gone, total=total, n=len(accepted), same=self.preview.unchanged,
            errors=len(errors), blocking=len(blocking), warnings=len(warnings)))
        if any(p.is_error for p in self.preview.problems):
            self.block_label.setText(_("読めないファイルや所属の分からない行にエラーがあります。"
                                       "ファイルを直すか外して、取り込み直してください。"))
        elif blocking:
            self.block_label.setText(_("エラーのある所属が含まれています。ファイルを直して取り込み直すか、"
                                       "その所属のチェックを外してください。"))
        elif not self.can_apply():
            self.block_label.setText(_("反映する変更がありません。"))
        else:
            self.block_label.setText("")
        self.apply_button.setEnabled(self.can_apply())
        self.problem_label.setText(_("問題 {n} 件").format(n=len(self.preview.all_problems)))
        self.problems.reload()

    def _errors_only(self, on: bool) -> None:
        self.problems.errors_only = on
        self.problems.reload()

    def _show_section_of_problem(self, index: QModelIndex) -> None:
        _p, s = self.problems.rows[index.row()]
        if s is None:
            return
        item = self._section_items[self.preview.sections.index(s)]
        self.tree.setCurrentItem(item)
        self.tree.scrollToItem(item)

    def accept(self) -> None:
        if not self.can_apply():
            return
        super().accept()
