"""The detail pane: one record's fields with proper editors, its related records, its history.

Edits are validated as they are typed; saving runs one ledger operation and records an undoable
``Edit``. A record someone else changed meanwhile is never overwritten silently: the stale
dialog shows both versions and the user chooses.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from assetdesk import choices as C
from assetdesk import fields as F
from assetdesk.i18n import N_, _
from assetdesk.values import ValueProblem
from db import listing as L
from db.ledger import Ledger, LedgerError, StaleWrite, load_values
from db.queries import history
from db.records import RECORD_TYPES, from_json, record_code
from ui.editors import FieldEditor
from ui.formatting import display
from ui.stale_dialog import KEEP_MINE, TAKE_THEIRS, resolve_stale
from ui.undo import Edit, EditHistory

#: Values a new record starts with (besides its code).
NEW_DEFAULTS: dict[str, dict[str, Any]] = {
    "system": {"network_zone": "lgwan", "status": "active"},
    "server": {"kind": "physical", "network_zone": "lgwan", "migration_status": "pending"},
    "host": {"network_zone": "lgwan"},
    "dependency": {"kind": "data"},
    "dataset": {"open_status": "unreviewed"},
}
RECORD_LABELS = {"system": N_("情報システム"), "server": N_("サーバ"), "host": N_("共同利用型基盤ホスト"),
                 "dependency": N_("システム間連携"), "department": N_("部局"), "section": N_("所属"),
                 "dataset": N_("保有データ")}

StaleResolver = Callable[[QWidget, tuple[F.Field, ...], dict[str, Any], dict[str, Any], dict[str, Any] | None], str]


class DetailPane(QWidget):
    saved = Signal(str, int)  # record type, id
    open_record = Signal(str, int)
    state_changed = Signal()  # dirty / valid changed

    def __init__(self, ledger: Ledger, edits: EditHistory, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("detail")
        self.ledger = ledger
        self.edits = edits
        self.resolve_stale: StaleResolver = resolve_stale
        self.record_type: str | None = None
        self.record_id: int | None = None
        self.loaded: dict[str, Any] = {}
        self.editors: dict[str, FieldEditor] = {}
        self._loading = False
        #: A new record is in the form (not yet in the ledger).
        self.creating = False
        self._before_new: tuple[str, int] | None = None

        self.title = QLabel(_("記録を選択してください"), self)
        self.title.setObjectName("detail_title")
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title.setFont(font)
        self.problem_label = QLabel(self)
        self.problem_label.setStyleSheet("color: #c0392b;")
        self.problem_label.setWordWrap(True)

        self.tabs = QTabWidget(self)
        self.form_host = QWidget()
        self.form = QFormLayout(self.form_host)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setSizeConstraint(QLayout.SizeConstraint.SetMinAndMaxSize)
        holder = QWidget()  # the form at the top, extra height below it (short forms stay compact)
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.form_host)
        column.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(holder)
        self.tabs.addTab(scroll, _("項目"))
        self.related_list = QListWidget(self)
        self.related_list.setObjectName("related")
        self.related_list.setAccessibleName(_("関連する記録"))
        self.related_list.itemActivated.connect(self._open_related)
        self.tabs.addTab(self.related_list, _("関連"))
        self.history_table = QTableWidget(0, 5, self)
        self.history_table.setObjectName("history")
        self.history_table.setAccessibleName(_("変更履歴"))
        self.history_table.setHorizontalHeaderLabels([_("日時"), _("利用者"), _("変更元"), _("操作"), _("内容")])
        self.history_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history_table.horizontalHeader().setStretchLastSection(True)
        self.history_table.verticalHeader().setVisible(False)
        self.tabs.addTab(self.history_table, _("履歴"))

        self.save_button = QPushButton(_("保存 (Ctrl+S)"), self)
        self.save_button.setObjectName("save")
        self.save_button.setAccessibleName(_("保存"))
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton(_("入力を破棄"), self)
        self.revert_button.setAccessibleName(_("入力を破棄"))
        self.revert_button.clicked.connect(self.revert)
        buttons = QHBoxLayout()
        buttons.addWidget(self.problem_label, 1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.title)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)
        self._update_buttons()

    # --- building the form -------------------------------------------------------------------------

    def _build_form(self, record_type: str) -> None:
        if record_type == self.record_type and self.editors:
            return
        while self.form.rowCount():
            self.form.removeRow(0)
        self.editors = {}
        previous: QWidget | None = None
        rt = RECORD_TYPES[record_type]
        for f in F.RECORD_FIELDS[record_type]:
            ref = rt.reference(f.name)
            link = rt.link(f.name)
            target = ref.target if ref else (link.target if link else None)
            lookup = (lambda code, t=target: self._reference_name(t, code)) if target else None
            editor = FieldEditor(f, self.form_host, lookup)
            editor.setObjectName(f"field_{f.name}")
            editor.edited.connect(self._edited)
            label = QLabel(f.display_label + (" *" if f.required else ""), self.form_host)
            label.setBuddy(editor.editor)
            self.form.addRow(label, editor)
            self.editors[f.name] = editor
            if previous is not None:
                QWidget.setTabOrder(previous, editor.editor)
            previous = editor.editor
        if previous is not None:
            QWidget.setTabOrder(previous, self.save_button)

    def _reference_name(self, record_type: str, code: str) -> str | None:
        """The name of the record ``code`` names ('' when it has none), None when there is none."""
        with self.ledger.read() as conn:
            return L.name_of_code(conn, record_type, code)

    # --- loading -----------------------------------------------------------------------------------

    def load(self, record_type: str, record_id: int, force: bool = False) -> bool:
        """Show one record; returns False if the user keeps unsaved edits instead."""
        if not force and not self.maybe_keep_edits():
            return False
        with self.ledger.read() as conn:
            values = load_values(conn, record_type, [record_id]).get(record_id)
            related = L.related(conn, record_type, record_id)
            changes = history(conn, record_code(record_type, values) if values else None, limit=200) if values else []
        if values is None:
            self.clear()
            return True
        self._build_form(record_type)
        self.record_type, self.record_id, self.loaded = record_type, record_id, values
        self.creating = False
        self._fill(values)
        self._show_related(related)
        self._show_history(record_type, [c for c in changes if c["record_type"] == record_type])
        return True

    def new(self, record_type: str, template: dict[str, Any] | None = None) -> None:
        """Start a new record (a copy of ``template`` when duplicating)."""
        if not self.maybe_keep_edits():
            return
        values = {f.name: None for f in F.RECORD_FIELDS[record_type]}
        values.update(NEW_DEFAULTS.get(record_type, {}))
        if template:
            values.update({k: v for k, v in template.items() if k in values})
        rt = RECORD_TYPES[record_type]
        if record_type in ("system", "server", "dataset"):
            with self.ledger.read() as conn:
                values[rt.code_field] = L.next_code(conn, record_type)
        elif rt.code_field:
            values[rt.code_field] = None
        self._before_new = (self.record_type, self.record_id) if self.record_id is not None else None
        self._build_form(record_type)
        self.record_type, self.record_id = record_type, None
        self.creating = True
        self.loaded = {}
        self._fill(values)
        self.related_list.clear()
        self.history_table.setRowCount(0)
        self.title.setText(_("新規: {what}").format(what=_(RECORD_LABELS[record_type])))
        self.tabs.setCurrentIndex(0)
        self._update_buttons()

    def clear(self) -> None:
        self.record_id = None
        self.creating = False
        self.loaded = {}
        for e in self.editors.values():
            e.set_value(None)
        self.title.setText(_("記録を選択してください"))
        self._update_buttons()

    def _fill(self, values: dict[str, Any]) -> None:
        self._loading = True
        try:
            for name, editor in self.editors.items():
                editor.set_value(values.get(name))
        finally:
            self._loading = False
        if self.record_id is not None:
            if self.record_type == "dependency":
                title = f"{values.get('from_system')} → {values.get('to_system')}  ({C.DEPENDENCY_KIND.label_of(values.get('kind'))})"
            else:
                code = record_code(self.record_type or "", values)
                title = f"{code}  {values.get('name') or values.get('hostname') or ''}".strip()
            self.title.setText(title)
        self._update_buttons()

    def _show_related(self, related: list[L.Related]) -> None:
        self.related_list.clear()
        for r in related:
            item = QListWidgetItem(f"{_(r.relation)}:  {r.code}  {r.name}")
            item.setData(Qt.ItemDataRole.UserRole, (r.record_type, r.record_id))
            self.related_list.addItem(item)
        self.tabs.setTabText(1, _("関連 ({n})").format(n=len(related)))

    def _show_history(self, record_type: str, changes: list[dict[str, Any]]) -> None:
        fields = {f.name: f for f in F.RECORD_FIELDS[record_type]}
        self.history_table.setRowCount(len(changes))
        for r, ch in enumerate(changes):
            at = ch["at"]
            if isinstance(at, dt.datetime):
                at = (at if at.tzinfo else at.replace(tzinfo=dt.UTC)).astimezone().strftime("%Y-%m-%d %H:%M")
            summary = describe_change(record_type, ch, fields)
            cells = [str(at), ch["user"], C.CHANGE_SOURCE.label_of(ch["source"]),
                     C.CHANGE_ACTION.label_of(ch["action"]), summary]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.history_table.setItem(r, c, item)
        self.history_table.resizeColumnsToContents()
        self.tabs.setTabText(2, _("履歴 ({n})").format(n=len(changes)))

    def _open_related(self, item: QListWidgetItem) -> None:
        record_type, record_id = item.data(Qt.ItemDataRole.UserRole)
        self.open_record.emit(record_type, record_id)

    # --- editing -------------------------------------------------------------------------------------

    def _edited(self) -> None:
        if not self._loading:
            self._update_buttons()

    def problems(self) -> dict[str, str]:
        return {n: e.problem for n, e in self.editors.items() if e.problem}

    def values(self) -> dict[str, Any]:
        """The record as typed (fields that cannot be read keep their loaded value)."""
        out = dict(self.loaded)
        for name, editor in self.editors.items():
            try:
                out[name] = editor.value()
            except ValueProblem:
                pass
        return out

    def changes(self) -> dict[str, Any]:
        values = self.values()
        if self.record_id is None:
            return {k: values.get(k) for k in self.editors}
        return {k: values[k] for k in self.editors if values.get(k) != self.loaded.get(k)}

    def is_dirty(self) -> bool:
        if self.record_type is None or not self.editors:
            return False
        if self.creating:
            return True
        if self.record_id is None:
            return False
        return bool(self.changes()) or bool(self.problems())

    def _update_buttons(self) -> None:
        problems = self.problems()
        dirty = self.is_dirty()
        self.save_button.setEnabled(dirty and not problems)
        self.revert_button.setEnabled(dirty)
        if problems:
            labels = [f"{self.editors[n].field.display_label}: {p}" for n, p in problems.items()]
            self.problem_label.setText("\n".join(labels[:3]) + ("…" if len(labels) > 3 else ""))
        else:
            self.problem_label.setText(_("未保存の変更があります") if dirty else "")
        self.state_changed.emit()

    def revert(self) -> None:
        """Drop what was typed: back to the stored record (or to the one shown before 新規)."""
        if self.creating:
            self.creating = False
            if self._before_new is not None:
                self.load(*self._before_new, force=True)
            else:
                self.clear()
        elif self.record_id is not None and self.record_type:
            self._fill(self.loaded)

    def maybe_keep_edits(self) -> bool:
        """Ask what to do with unsaved edits; False means stay on this record."""
        if not self.is_dirty():
            return True
        answer = QMessageBox.question(
            self, _("未保存の変更"), _("変更が保存されていません。保存しますか？"),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel)
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        if answer == QMessageBox.StandardButton.Discard:
            self.revert()
            return True
        return False

    def save(self) -> bool:
        """Write the edits as one operation; True when the ledger holds them."""
        if self.record_type is None or not self.editors:
            return False
        problems = self.problems()
        if problems:
            self.problem_label.setText(_("入力に誤りがあるため保存できません"))
            return False
        record_type = self.record_type
        try:
            if self.record_id is None:
                values = self.values()
                with self.ledger.operation("edit", _("画面から作成")) as op:
                    new_id = op.create(record_type, values)
                self.edits.record(Edit("create", record_type, new_id, {}, values, 1))
                self.record_id = new_id
                self.creating = False
            else:
                changes = self.changes()
                if not changes:
                    return True
                edit = self._update(record_type, self.record_id, changes, self.loaded["version"])
                if edit is None:
                    return False
                self.edits.record(edit)
        except LedgerError as e:
            QMessageBox.warning(self, _("保存できません"), str(e))
            return False
        saved_id = self.record_id
        self.load(record_type, saved_id, force=True)
        self.saved.emit(record_type, saved_id)
        return True

    def _update(self, record_type: str, record_id: int, changes: dict[str, Any], expected: int) -> Edit | None:
        before = {k: self.loaded.get(k) for k in changes}
        try:
            with self.ledger.operation("edit", _("画面から編集")) as op:
                version = op.update(record_type, record_id, changes, expected)
            return Edit("update", record_type, record_id, before, dict(changes), version)
        except StaleWrite as stale:
            theirs = stale.current
            # What keeping mine would give: the current version with the user's edited fields.
            mine = dict(theirs or self.loaded) | changes
            choice = self.resolve_stale(self, F.RECORD_FIELDS[record_type], self.loaded, mine, theirs)
            if choice == KEEP_MINE and theirs is not None:
                mine_changes = {k: v for k, v in changes.items() if theirs.get(k) != v}
                before = {k: theirs.get(k) for k in mine_changes}
                with self.ledger.operation("edit", _("画面から編集(競合を上書き)")) as op:
                    version = op.update(record_type, record_id, mine_changes, theirs["version"])
                return Edit("update", record_type, record_id, before, mine_changes, version)
            if choice == TAKE_THEIRS:
                if stale.current is None:
                    self.clear()
                else:
                    self.load(record_type, record_id, force=True)
            return None

    def current_values(self) -> dict[str, Any]:
        return self.values()


def describe_change(record_type: str, change: dict[str, Any], fields: dict[str, F.Field]) -> str:
    """One line for the history: which fields went from what to what."""
    before = from_json(record_type, change.get("before") or {})
    after = from_json(record_type, change.get("after") or {})
    if change["action"] != "update":
        return record_code(record_type, after or before)
    parts = []
    for name, f in fields.items():
        if before.get(name) != after.get(name):
            parts.append(f"{f.display_label}: {display(before.get(name), f.kind, f.choices) or '—'}"
                         f" → {display(after.get(name), f.kind, f.choices) or '—'}")
    return "; ".join(parts)
