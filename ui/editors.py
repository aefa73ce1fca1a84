"""An editor for each kind of field, validating what is typed with the importers' own reader.

Dates accept wareki and western forms (令和2年4月1日, R2.4.1, 2020/4/1), numbers accept units
(16GB, 1.5TB, 1万2千人): ``assetdesk.values.read_value`` reads them exactly as a survey cell.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QWidget

from assetdesk.fields import Field, Kind
from assetdesk.i18n import N_, _
from assetdesk.values import MULTILINE_FIELDS, ValueProblem, read_value
from assetdesk.wareki import format_wareki

HINTS = {
    Kind.DATE: N_("例: 令和2年4月1日、R2.4.1、2020/4/1"),
    Kind.FY: N_("例: 令和7年度、2025"),
    Kind.CODES: N_("カンマまたは改行区切り"),
}
INVALID_STYLE = "border: 2px solid #c0392b;"


class FieldEditor(QWidget):
    """The editor of one field: ``value()`` returns the typed value or raises ValueProblem."""

    edited = Signal()

    def __init__(self, field: Field, parent: QWidget | None = None,
                 lookup: Callable[[str], str | None] | None = None):
        super().__init__(parent)
        self.field = field
        #: For codes of other records: the name of the record a code names, None if unknown.
        self.lookup = lookup
        self.problem: str | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.combo: QComboBox | None = None
        self.line: QLineEdit | None = None
        self.text: QPlainTextEdit | None = None
        if field.kind in (Kind.CHOICE, Kind.BOOL):
            self.combo = QComboBox(self)
            self.combo.addItem("", None)
            choices = field.choices if field.kind == Kind.CHOICE else None
            if choices is not None:
                for c in choices:
                    self.combo.addItem(_(c.label), c.value)
            else:
                self.combo.addItem(_("有"), True)
                self.combo.addItem(_("無"), False)
            self.combo.currentIndexChanged.connect(self._changed)
            editor: QWidget = self.combo
        elif field.name in MULTILINE_FIELDS:
            self.text = QPlainTextEdit(self)
            self.text.setTabChangesFocus(True)
            self.text.setFixedHeight(self.fontMetrics().height() * 3 + 12)
            self.text.textChanged.connect(self._changed)
            editor = self.text
        else:
            self.line = QLineEdit(self)
            hint = _(HINTS[field.kind]) if field.kind in HINTS else (_(field.hint) if field.hint else "")
            self.line.setPlaceholderText(hint)
            self.line.textChanged.connect(self._changed)
            editor = self.line
        editor.setAccessibleName(field.display_label)
        editor.setAccessibleDescription(_(field.hint) if field.hint else field.display_label)
        layout.addWidget(editor, 1)
        self.editor = editor
        self.setFocusProxy(editor)
        self.note = QLabel(self)
        self.note.setMinimumWidth(0)
        if field.unit:
            self.note.setText(_(field.unit))
        layout.addWidget(self.note)
        if field.readonly:
            editor.setEnabled(False)

    # --- value ---------------------------------------------------------------------------------------

    def raw(self) -> Any:
        if self.combo is not None:
            return self.combo.currentData()
        if self.text is not None:
            return self.text.toPlainText()
        assert self.line is not None
        return self.line.text()

    def value(self) -> Any:
        """The field's value as typed; raises ValueProblem when it cannot be read."""
        raw = self.raw()
        if self.combo is not None:
            value = raw
        else:
            value = read_value(raw, self.field)
        if value is None and self.field.required:
            raise ValueProblem(_("必須項目です"), raw, self.field)
        if value is None and self.field.kind is Kind.CODES:
            value = ()  # what the ledger holds for no codes, so an empty list is no change
        if value is not None and self.lookup is not None:
            for code in value if isinstance(value, tuple) else (value,):
                if self.lookup(code) is None:
                    raise ValueProblem(_("{code} は台帳にありません").format(code=code), raw, self.field)
        return value

    def set_value(self, value: Any) -> None:
        self.blockSignals(True)
        try:
            if self.combo is not None:
                i = self.combo.findData(value)
                self.combo.setCurrentIndex(max(i, 0))
            elif self.text is not None:
                self.text.setPlainText("" if value is None else str(value))
            else:
                assert self.line is not None
                self.line.setText(text_of(value))
        finally:
            self.blockSignals(False)
        self.validate()

    def validate(self) -> bool:
        try:
            value = self.value()
        except ValueProblem as p:
            self.problem = p.reason
            self.editor.setStyleSheet(INVALID_STYLE)
            self.editor.setToolTip(p.reason)
            if not self.field.unit:
                self.note.setText("⚠")
            return False
        self.problem = None
        self.editor.setStyleSheet("")
        self.editor.setToolTip(_(self.field.hint) if self.field.hint else "")
        if self.field.kind == Kind.DATE and isinstance(value, dt.date):
            self.note.setText(format_wareki(value))
        elif self.field.kind == Kind.CODE and value is not None and self.lookup is not None:
            self.note.setText(self.note.fontMetrics().elidedText(
                self.lookup(value) or "", Qt.TextElideMode.ElideRight, 160))
        elif not self.field.unit:
            self.note.setText("")
        return True

    def _changed(self, *_args) -> None:
        self.validate()
        self.edited.emit()


def text_of(value: Any) -> str:
    """What an editor shows for a stored value (ISO dates, plain numbers, codes joined)."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value).removesuffix(".0") if value == int(value) else repr(value)
    if isinstance(value, (tuple, list)):
        return ", ".join(str(v) for v in value)
    return str(value)

