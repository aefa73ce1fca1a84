"""The form of one introduction review: the proposal (section, purpose, planned year, costs,
hosting and zone) and the reviewer's checklist, built from ``assetdesk.review.CHECKLIST``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from assetdesk import review as RV
from assetdesk.choices import CONSULTATION_KIND, HOSTING, NETWORK_ZONE
from assetdesk.i18n import _
from ui.portfolio.common import ChoiceCombo, OptionalInt, YearBox

#: Fields whose change alters which existing systems look like the proposal.
SIMILARITY_FIELDS = ("title", "section", "purpose", "system", "proposed_zone")


class ChecklistEditor(QGroupBox):
    """One row per checklist item: the question (hint as tooltip), the answer, a note."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(_("チェックリスト(審査者が記入)"), parent)
        self.answers: dict[str, QComboBox | QLineEdit] = {}
        self.notes: dict[str, QLineEdit] = {}
        grid = QGridLayout(self)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(2, 2)
        for row, item in enumerate(RV.CHECKLIST):
            label = QLabel(item.display() + ("" if item.required else " " + _("(任意)")), self)
            label.setWordWrap(True)
            if item.hint:
                label.setToolTip(_(item.hint))
            if item.choices is None:
                widget: QComboBox | QLineEdit = QLineEdit(self)
                widget.textChanged.connect(lambda _t: self.changed.emit())
            else:
                widget = ChoiceCombo(item.choices, blank=True, parent=self)
                widget.currentIndexChanged.connect(lambda _i: self.changed.emit())
            widget.setObjectName(f"check_{item.key}")
            widget.setAccessibleName(item.display())
            self.answers[item.key] = widget
            grid.addWidget(label, row, 0)
            if item.choices is None:  # free text: the answer is the note, it takes both columns
                grid.addWidget(widget, row, 1, 1, 2)
                continue
            note = QLineEdit(self)
            note.setPlaceholderText(_("所見"))
            note.setObjectName(f"note_{item.key}")
            note.textChanged.connect(lambda _t: self.changed.emit())
            self.notes[item.key] = note
            grid.addWidget(widget, row, 1)
            grid.addWidget(note, row, 2)

    def value(self) -> dict[str, dict[str, Any]]:
        out = {}
        for item in RV.CHECKLIST:
            w = self.answers[item.key]
            answer = w.value() if isinstance(w, ChoiceCombo) else (w.text().strip() or None)
            note = self.notes[item.key].text().strip() or None if item.key in self.notes else None
            if answer is not None or note is not None:
                out[item.key] = {"answer": answer, "note": note}
        return out

    def set_value(self, checklist: Mapping[str, Any] | None) -> None:
        for item in RV.CHECKLIST:
            entry = (checklist or {}).get(item.key)
            note = entry.get("note") if isinstance(entry, Mapping) else None
            answer = RV.answer(checklist, item.key)
            w = self.answers[item.key]
            if isinstance(w, ChoiceCombo):
                w.set_value(answer)
            else:
                w.setText("" if answer is None else str(answer))
            if item.key in self.notes:
                self.notes[item.key].setText(note or "")

    def set_answer(self, key: str, answer: Any) -> None:
        w = self.answers[key]
        if isinstance(w, ChoiceCombo):
            w.set_value(answer)
        else:
            w.setText(str(answer))


class ReviewForm(QWidget):
    """Emits ``changed`` on every edit and ``similarity_changed`` when a field that decides the
    similar systems changed."""

    changed = Signal()
    similarity_changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._loading = False
        self.title = QLineEdit(self)
        self.title.setObjectName("review_title")
        self.section = QComboBox(self)
        self.section.setObjectName("review_section")
        self.section.setEditable(True)
        self.section.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.section.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        self.section.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.kind = ChoiceCombo(CONSULTATION_KIND, parent=self)
        self.kind.setObjectName("review_kind")
        self.system = QLineEdit(self)
        self.system.setObjectName("review_system")
        self.system.setPlaceholderText(_("更新・改修のときは対象のシステム管理番号"))
        self._systems = QStringListModel(self)
        completer = QCompleter(self._systems, self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.system.setCompleter(completer)
        self.purpose = QPlainTextEdit(self)
        self.purpose.setObjectName("review_purpose")
        self.purpose.setMaximumHeight(self.fontMetrics().height() * 4 + 12)
        self.planned_fy = YearBox(self)
        self.planned_fy.setObjectName("review_planned_fy")
        self.initial_cost = OptionalInt(self, _("千円"))
        self.initial_cost.setObjectName("review_initial_cost")
        self.annual_cost = OptionalInt(self, _("千円/年"))
        self.annual_cost.setObjectName("review_annual_cost")
        self.hosting = ChoiceCombo(HOSTING, blank=True, parent=self)
        self.hosting.setObjectName("review_hosting")
        self.zone = ChoiceCombo(NETWORK_ZONE, blank=True, parent=self)
        self.zone.setObjectName("review_zone")
        self.checklist = ChecklistEditor(self)

        proposal = QGroupBox(_("協議の内容(所属からの提案)"), self)
        form = QFormLayout(proposal)
        form.addRow(_("件名(システム名称)"), self.title)
        form.addRow(_("所属"), self.section)
        form.addRow(_("協議区分"), self.kind)
        form.addRow(_("対象システム"), self.system)
        form.addRow(_("業務概要"), self.purpose)
        form.addRow(_("導入予定年度"), self.planned_fy)
        form.addRow(_("構築経費(千円)"), self.initial_cost)
        form.addRow(_("年間運用経費(千円)"), self.annual_cost)
        form.addRow(_("稼働環境"), self.hosting)
        form.addRow(_("ネットワーク区分"), self.zone)
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(proposal)
        col.addWidget(self.checklist)
        col.addStretch(1)

        for w, name in ((self.title, "title"), (self.system, "system"), (self.initial_cost, ""), (self.annual_cost, "")):
            w.textChanged.connect(lambda _t, n=name: self._edited(n))
        self.purpose.textChanged.connect(lambda: self._edited("purpose"))
        self.section.currentIndexChanged.connect(lambda _i: self._edited("section"))
        self.kind.currentIndexChanged.connect(lambda _i: self._edited("kind"))
        self.hosting.currentIndexChanged.connect(lambda _i: self._edited(""))
        self.zone.currentIndexChanged.connect(lambda _i: self._edited("proposed_zone"))
        self.planned_fy.value_changed.connect(lambda: self._edited(""))
        self.checklist.changed.connect(lambda: self._edited(""))

    def _edited(self, name: str) -> None:
        if self._loading:
            return
        self.changed.emit()
        if name in SIMILARITY_FIELDS:
            self.similarity_changed.emit()

    def set_choices(self, sections: Sequence[tuple[str, str]], systems: Sequence[tuple[str, str]]) -> None:
        """The sections ((code, name)) and systems ((code, name)) of the ledger."""
        keep = self.section.currentData()
        self._loading = True
        self.section.clear()
        for code, name in sections:
            self.section.addItem(f"{code} {name}", code)
        if keep is not None:
            self.section.setCurrentIndex(max(self.section.findData(keep), 0))
        self._systems.setStringList([f"{code} {name}" for code, name in systems])
        self._loading = False

    def values(self) -> dict[str, Any]:
        """The form as consultation values (what ``db.portfolio`` takes)."""
        system = self.system.text().strip().split(" ")[0] or None
        return {
            "title": self.title.text().strip(), "section": self.section.currentData(), "kind": self.kind.value(),
            "system": system, "purpose": self.purpose.toPlainText().strip() or None,
            "planned_fy": self.planned_fy.year(), "initial_cost": self.initial_cost.value(),
            "annual_cost": self.annual_cost.value(), "proposed_hosting": self.hosting.value(),
            "proposed_zone": self.zone.value(), "checklist": self.checklist.value(),
        }

    def set_values(self, v: Mapping[str, Any]) -> None:
        self._loading = True
        try:
            self.title.setText(v.get("title") or "")
            i = self.section.findData(v.get("section"))
            self.section.setCurrentIndex(i if i >= 0 else (0 if self.section.count() else -1))
            self.kind.set_value(v.get("kind") or "new")
            self.system.setText(v.get("system") or "")
            self.purpose.setPlainText(v.get("purpose") or "")
            self.planned_fy.set_year(v.get("planned_fy"))
            self.initial_cost.set_value(v.get("initial_cost"))
            self.annual_cost.set_value(v.get("annual_cost"))
            self.hosting.set_value(v.get("proposed_hosting"))
            self.zone.set_value(v.get("proposed_zone"))
            self.checklist.set_value(v.get("checklist"))
        finally:
            self._loading = False
        self.similarity_changed.emit()

    def set_read_only(self, read_only: bool) -> None:
        for w in (self.title, self.system, self.initial_cost, self.annual_cost):
            w.setReadOnly(read_only)
        self.purpose.setReadOnly(read_only)
        for w in (self.section, self.kind, self.planned_fy, self.hosting, self.zone, self.checklist):
            w.setEnabled(not read_only)
