"""導入協議: the reviews list, the form of the one selected, the existing systems like it, the
review's findings, and the decision. An approval creates (or updates) the system in the ledger.

The similar systems are looked up on the thread pool a moment after the title, purpose or
section stop changing, so typing never waits for the search.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from assetdesk import review as RV
from assetdesk.choices import CONSULTATION_KIND, CONSULTATION_STATUS
from assetdesk.i18n import N_, _
from assetdesk.similar import Member, SystemProfile
from db import models as M
from db.ledger import Ledger, LedgerError
from db.portfolio import (
    StaleItem,
    consultation,
    consultations,
    create_consultation,
    decide_consultation,
    similar_for,
    system_profiles,
    update_consultation,
)
from ui.portfolio.common import (
    BLOCKING,
    WARNING,
    ChoiceCombo,
    MessageLine,
    OptionalInt,
    fill_table,
    read_only_table,
    selected_row,
)
from ui.portfolio.review_form import ReviewForm
from ui.tasks import Task

LIST_HEADERS = (N_("番号"), N_("状況"), N_("区分"), N_("件名"), N_("所属"), N_("予定年度"), N_("年間経費(千円)"))
SIMILAR_HEADERS = (N_("システム"), N_("名称"), N_("所属"), N_("類似度"), N_("年間経費(千円)"), N_("理由"))
DECISIONS = ("reviewing", "approved", "conditional", "rejected", "submitted")
SIMILAR_DELAY_MS = 400


class ReviewTab(QWidget):
    """Emits ``ledger_changed`` after an approval wrote a system."""

    ledger_changed = Signal()

    def __init__(self, ledger: Ledger, message: MessageLine, parent: QWidget | None = None):
        super().__init__(parent)
        self.ledger, self.message = ledger, message
        self.rows: list[dict[str, Any]] = []
        self.current: dict[str, Any] | None = None  # the review as last read (None: a new one)
        self.dirty = False
        self.similar: list[Member] = []
        self._profiles: list[SystemProfile] | None = None
        self._in_flight = 0  # searches started and not yet reported
        self._generation = 0

        self.filter = ChoiceCombo(CONSULTATION_STATUS, blank=True, parent=self)
        self.filter.setItemText(0, _("すべて"))
        self.filter.currentIndexChanged.connect(lambda _i: self.refresh())
        self.new_button = QPushButton(_("新しい協議"), self)
        self.new_button.setObjectName("review_new")
        self.new_button.clicked.connect(lambda: self.new_review())
        self.table = read_only_table(self)
        self.table.setObjectName("review_table")
        self.table.itemSelectionChanged.connect(self._selection_changed)

        self.header = QLabel(self)
        self.header.setObjectName("review_header")
        f = self.header.font()
        f.setBold(True)
        self.header.setFont(f)
        self.form = ReviewForm(self)
        self.form.changed.connect(self._edited)
        self.form.similarity_changed.connect(self._schedule_similar)
        self.save_button = QPushButton(_("保存"), self)
        self.save_button.setObjectName("review_save")
        self.save_button.clicked.connect(self.save)

        self.similar_table = read_only_table(self)
        self.similar_table.setObjectName("review_similar")
        self.similar_state = QLabel(self)
        self.findings = QListWidget(self)
        self.findings.setObjectName("review_findings")
        self.findings.setWordWrap(True)

        self.decision_status = ChoiceCombo(CONSULTATION_STATUS, values=DECISIONS, parent=self)
        self.decision_status.setObjectName("decision_status")
        self.decision = QPlainTextEdit(self)
        self.decision.setObjectName("decision_text")
        self.conditions = QPlainTextEdit(self)
        self.conditions.setObjectName("decision_conditions")
        for w in (self.decision, self.conditions):
            w.setMaximumHeight(self.fontMetrics().height() * 3 + 12)
        self.cost_reduction = OptionalInt(self, _("空欄のとき更新では自動計算"))
        self.cost_reduction.setObjectName("decision_cost_reduction")
        self.decide_button = QPushButton(_("決定を記録"), self)
        self.decide_button.setObjectName("review_decide")
        self.decide_button.clicked.connect(self.decide_current)
        self._similar_timer = QTimer(self)
        self._similar_timer.setSingleShot(True)
        self._similar_timer.setInterval(SIMILAR_DELAY_MS)
        self._similar_timer.timeout.connect(self.look_up_similar)

        self._layout()
        self.new_review()

    def _layout(self) -> None:
        left = QWidget(self)
        lcol = QVBoxLayout(left)
        lcol.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(_("状況"), left))
        bar.addWidget(self.filter, 1)
        bar.addWidget(self.new_button)
        lcol.addLayout(bar)
        lcol.addWidget(self.table, 1)

        similar_box = QGroupBox(_("類似する既存システム(既存システムで対応できないか確認してください)"), self)
        scol = QVBoxLayout(similar_box)
        scol.addWidget(self.similar_state)
        scol.addWidget(self.similar_table)
        self.similar_table.setMinimumHeight(self.fontMetrics().height() * 8)
        findings_box = QGroupBox(_("所見(赤: 承認できない理由)"), self)
        QVBoxLayout(findings_box).addWidget(self.findings)
        self.findings.setMinimumHeight(self.fontMetrics().height() * 5)
        decide_box = QGroupBox(_("協議の結果"), self)
        dform = QFormLayout(decide_box)
        dform.addRow(_("協議状況"), self.decision_status)
        dform.addRow(_("決定内容・理由"), self.decision)
        dform.addRow(_("承認の条件"), self.conditions)
        dform.addRow(_("削減額(千円/年)"), self.cost_reduction)
        dform.addRow("", self.decide_button)

        # the form scrolls; what the reviewer weighs it against stays in sight beside it
        scroll = QScrollArea(self)
        scroll.setWidget(self.form)
        scroll.setWidgetResizable(True)
        side = QSplitter(Qt.Orientation.Vertical, self)
        for box in (similar_box, findings_box, decide_box):
            side.addWidget(box)
        side.setSizes([320, 160, 260])
        body = QSplitter(Qt.Orientation.Horizontal, self)
        body.addWidget(scroll)
        body.addWidget(side)
        body.setSizes([560, 460])
        right = QWidget(self)
        rcol = QVBoxLayout(right)
        rcol.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.header, 1)
        top.addWidget(self.save_button)
        rcol.addLayout(top)
        rcol.addWidget(body, 1)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        split.setSizes([300, 1040])
        col = QVBoxLayout(self)
        col.setContentsMargins(4, 4, 4, 4)
        col.addWidget(split)

    # --- the list --------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Re-read the reviews, the sections and systems the form offers, and the similar systems."""
        sm, dm = M.Section.__table__, M.Department.__table__
        try:
            with self.ledger.read() as conn:
                self.rows = consultations(conn, self.filter.value())
                sections = [(c, n) for c, n in conn.execute(
                    select(sm.c.code, sm.c.name).join(dm, dm.c.id == sm.c.department_id).order_by(sm.c.code))]
                st = M.System.__table__
                systems = list(conn.execute(select(st.c.system_code, st.c.name).order_by(st.c.system_code)))
        except LedgerError as e:
            self.message.error(str(e))
            return
        self._profiles = None  # the ledger may have changed: read the systems again for the search
        self.form.set_choices(sections, [tuple(s) for s in systems])
        self._fill_list()
        if self.current is not None:
            self.select_id(self.current["id"])
        self._schedule_similar()

    def _fill_list(self) -> None:
        self.table.blockSignals(True)
        fill_table(self.table, [_(h) for h in LIST_HEADERS], [
            [f"#{r['id']}", CONSULTATION_STATUS.label_of(r["status"]), CONSULTATION_KIND.label_of(r["kind"]),
             r["title"], r["section"], str(r["planned_fy"] or ""), r["annual_cost"]] for r in self.rows])
        self.table.setColumnWidth(3, min(self.table.columnWidth(3), 260))
        self.table.blockSignals(False)

    def select_id(self, consultation_id: int) -> bool:
        for i, r in enumerate(self.rows):
            if r["id"] == consultation_id:
                self.table.blockSignals(True)
                self.table.selectRow(i)
                self.table.blockSignals(False)
                return True
        return False

    def _selection_changed(self) -> None:
        row = selected_row(self.table)
        if row is None or row >= len(self.rows):
            return
        if self.current is not None and self.rows[row]["id"] == self.current["id"]:
            return
        if not self.maybe_keep_edits():
            if self.current is not None:
                self.select_id(self.current["id"])
            return
        self.load(self.rows[row]["id"])

    def maybe_keep_edits(self) -> bool:
        """Before another review replaces the form: save or drop unsaved edits (True: go on)."""
        if not self.dirty:
            return True
        answer = QMessageBox.question(
            self, _("保存していない変更"), _("この導入協議の変更を保存しますか?"),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            return self.save() is not None
        return answer == QMessageBox.StandardButton.Discard

    # --- one review -----------------------------------------------------------------------------

    def load(self, consultation_id: int) -> bool:
        try:
            with self.ledger.read() as conn:
                c = consultation(conn, consultation_id)
        except LedgerError as e:
            self.message.error(str(e))
            return False
        if c is None:
            self.message.error(_("導入協議 #{id} はありません。").format(id=consultation_id))
            return False
        self._show(c)
        self.select_id(consultation_id)
        return True

    def new_review(self, values: Mapping[str, Any] | None = None) -> None:
        """An empty form (or one filled from ``values``, e.g. a renewal coming) for a new review."""
        if not self.maybe_keep_edits():
            return
        self.table.clearSelection()
        self._show(None, values or {"kind": "new"})
        self.dirty = values is not None

    def _show(self, c: dict[str, Any] | None, values: Mapping[str, Any] | None = None) -> None:
        self.current = c
        self.form.set_values(c if c is not None else values or {})
        decided = c is not None and c["status"] in RV.APPROVING
        self.form.set_read_only(decided)
        self.decision.setPlainText((c or {}).get("decision") or "")
        self.conditions.setPlainText((c or {}).get("conditions") or "")
        self.cost_reduction.set_value((c or {}).get("cost_reduction"))
        if c is None:
            self.header.setText(_("新しい導入協議(保存すると受付になります)"))
        else:
            text = _("導入協議 #{id} [{status}] 版 {version}").format(
                id=c["id"], status=CONSULTATION_STATUS.label_of(c["status"]), version=c["version"])
            if c.get("system"):
                text += "  " + _("対象システム {code}").format(code=c["system"])
            if c.get("decided_on"):
                text += "  " + _("決定日 {date}").format(date=c["decided_on"].isoformat())
            self.header.setText(text)
        allowed = RV.TRANSITIONS.get(c["status"], ()) if c is not None else ()
        self.decision_status.set_values([s for s in DECISIONS if s in allowed])
        if "approved" in allowed:
            self.decision_status.set_value("approved")
        self.dirty = False
        self._update_buttons()
        self._show_findings()

    def _edited(self) -> None:
        self.dirty = True
        self._update_buttons()
        self._show_findings()

    def _update_buttons(self) -> None:
        decided = self.current is not None and self.current["status"] in RV.APPROVING
        self.save_button.setEnabled(not decided and (self.dirty or self.current is None))
        can_decide = self.current is not None and self.decision_status.count() > 0
        for w in (self.decision_status, self.decision, self.conditions, self.cost_reduction, self.decide_button):
            w.setEnabled(can_decide)

    def values(self) -> dict[str, Any]:
        """What the form says, with the stored status (the findings depend on it)."""
        return {**(self.current or {}), **self.form.values()}

    def save(self) -> int | None:
        """Record a new review or the changes to the current one; its id, or None when refused."""
        values = self.form.values()
        try:
            if self.current is None:
                cid = create_consultation(self.ledger, values)
                text = _("導入協議 #{id} を受け付けました。").format(id=cid)
            else:
                cid = self.current["id"]
                update_consultation(self.ledger, cid, values, self.current["version"])
                text = _("導入協議 #{id} を保存しました。").format(id=cid)
        except StaleItem as e:
            self.message.error(str(e))
            return None
        except LedgerError as e:
            self.message.error(str(e))
            return None
        self.dirty = False
        self.refresh()
        self.load(cid)
        self.message.info(text)
        return cid

    def decide_current(self) -> bool:
        status = self.decision_status.value()
        if self.current is None or status is None:
            return False
        return self.decide(status, self.decision.toPlainText().strip() or None,
                           self.conditions.toPlainText().strip() or None, self.cost_reduction.value())

    def decide(self, status: str, decision: str | None = None, conditions: str | None = None,
               cost_reduction: int | None = None) -> bool:
        """Record the decision (saving the form first); an approval writes the system to the ledger."""
        if self.current is None:
            return False
        if self.dirty and self.save() is None:
            return False
        if status in RV.APPROVING:
            what = (_("対象システム {code} の台帳を更新します。").format(code=self.current["system"])
                    if self.current.get("system") else _("新しいシステムとして台帳に登録します。"))
            answer = QMessageBox.question(
                self, _("協議の承認"), _("導入協議 #{id} を「{status}」とします。{what}よろしいですか?").format(
                    id=self.current["id"], status=CONSULTATION_STATUS.label_of(status), what=what),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                return False
        cid = self.current["id"]
        try:
            d = decide_consultation(self.ledger, cid, status, self.current["version"], decision, conditions,
                                    cost_reduction)
        except LedgerError as e:
            self.message.error(str(e))
            return False
        text = _("導入協議 #{id} を「{status}」としました。").format(id=cid, status=CONSULTATION_STATUS.label_of(status))
        if d.system_code:
            text += " " + (_("システム {code} を台帳に登録しました。") if d.created else
                           _("システム {code} の台帳を更新しました。")).format(code=d.system_code)
        self.refresh()
        self.load(cid)
        self.message.info(text)
        if d.system_code:
            self.ledger_changed.emit()
        return True

    # --- findings and similar systems -----------------------------------------------------------------

    def _show_findings(self) -> None:
        found = RV.findings(self.values(), [m.code for m in self.similar])
        self.findings.clear()
        if not found:
            self.findings.addItem(_("指摘事項はありません。"))
        for f in found:
            item = QListWidgetItem(("✖ " if f.blocking else "! ") + f.message)
            item.setForeground(BLOCKING if f.blocking else WARNING)
            self.findings.addItem(item)

    def _schedule_similar(self) -> None:
        self._similar_timer.start()

    def look_up_similar(self) -> None:
        """Search the ledger for systems like the form's proposal (on the thread pool)."""
        values = self.form.values()
        self._generation += 1  # whatever is still on its way answers an older form
        if not (values["title"] or values["purpose"]):
            self._show_similar([], _("件名か業務概要を入力すると類似する既存システムを表示します。"))
            return
        generation, ledger, profiles = self._generation, self.ledger, self._profiles

        def work(_progress, _cancel):
            with ledger.read() as conn:
                found = list(profiles) if profiles is not None else system_profiles(conn)
                return generation, found, similar_for(conn, values, profiles=found)

        self.similar_state.setText(_("類似する既存システムを探しています…"))
        task = Task(work)
        task.signals.finished.connect(self._similar_found)
        task.signals.failed.connect(self._similar_failed)
        self._in_flight += 1
        task.start()

    @property
    def searching(self) -> bool:
        return self._in_flight > 0 or self._similar_timer.isActive()

    def _similar_found(self, result) -> None:
        self._in_flight -= 1
        generation, profiles, members = result
        self._profiles = profiles
        if generation != self._generation:
            return  # the form changed meanwhile; a newer search is on its way
        self._show_similar(members, _("類似する既存システム {n} 件").format(n=len(members)) if members
                           else _("類似する既存システムはありません。"))

    def _similar_failed(self, error: Exception, _trace: str) -> None:
        self._in_flight -= 1
        self.similar_state.setText(_("類似システムを検索できませんでした: {error}").format(error=error))

    def _show_similar(self, members: list[Member], state: str) -> None:
        self.similar = members
        self.similar_state.setText(state)
        fill_table(self.similar_table, [_(h) for h in SIMILAR_HEADERS], [
            [m.code, m.profile.name, f"{m.profile.section} {m.profile.section_name or ''}".strip(),
             f"{m.score:.2f}", m.profile.annual_cost, " / ".join(r.text() for r in m.reasons)]
            for m in members])
        for i, m in enumerate(members):
            self.similar_table.item(i, 1).setToolTip("\n".join(r.text() for r in m.reasons))
            if any(r.is_caveat for r in m.reasons):
                self.similar_table.item(i, 5).setForeground(QColor(WARNING))
        self._show_findings()
