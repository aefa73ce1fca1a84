"""類似システム: groups of similar systems of different sections, largest yearly saving first,
with the reasons, and the action that records a consolidation proposal from a group.

The search runs on the thread pool (``ui.tasks.Task``): on a large ledger it takes longer than
a screen may freeze.
"""

from __future__ import annotations

import html
import time
from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from assetdesk.i18n import N_, _
from assetdesk.similar import DEFAULT_SETTINGS, Member, Settings, SimilarGroup
from assetdesk.text import fold
from db.ledger import Ledger, LedgerError
from db.portfolio import create_proposal, open_proposal_of, similar_groups
from ui.portfolio.common import MessageLine, yen
from ui.portfolio.proposal_dialog import ProposalDialog
from ui.tasks import Task

GROUP_ROLE = Qt.ItemDataRole.UserRole
MEMBER_ROLE = Qt.ItemDataRole.UserRole + 1
COLUMNS = (N_("システム"), N_("削減見込(千円/年)"), N_("名称"), N_("所属"), N_("類似度"), N_("年間経費(千円)"), N_("集約案"))


def _section(m: Member) -> str:
    p = m.profile
    return f"{p.section} {p.section_name}" if p.section_name else p.section


def reasons_html(group: SimilarGroup, only: Member | None = None) -> str:
    """The reasons of a group (or of one member) as the side panel shows them; caveats in amber."""
    a = group.absorber.profile
    out = [f"<h3>{html.escape(_('集約先'))}: {html.escape(a.code)} {html.escape(a.name)}</h3>",
           "<p>" + html.escape(_("削減見込 {saving} 千円/年(集約元の年間経費 {stake} 千円のうち集約先に残る {kept:.0%} を除く)").format(
               saving=yen(group.saving.saving), stake=yen(group.saving.at_stake), kept=group.saving.kept_share)) + "</p>"]
    if group.saving.unknown_cost:
        out.append("<p>" + html.escape(_("経費が不明なため削減額に含めていないシステム: {codes}").format(
            codes=", ".join(group.saving.unknown_cost))) + "</p>")
    for m in (only,) if only is not None else group.absorbed:
        p = m.profile
        out.append(f"<p><b>← {html.escape(p.code)} {html.escape(p.name)}</b> ({html.escape(_section(m))}) "
                   + html.escape(_("類似度 {score:.2f}、年間経費 {cost} 千円").format(score=m.score, cost=yen(p.annual_cost)))
                   + "</p><ul>")
        for r in m.reasons:
            style = ' style="color:#b9770e"' if r.is_caveat else ""
            out.append(f"<li{style}>{html.escape(r.text())}</li>")
        out.append("</ul>")
    return "".join(out)


class SimilarTab(QWidget):
    """Emits ``proposal_created(id)`` after a proposal is recorded from a group."""

    proposal_created = Signal(int)

    def __init__(self, ledger: Ledger, message: MessageLine, parent: QWidget | None = None):
        super().__init__(parent)
        self.ledger, self.message = ledger, message
        self.groups: list[SimilarGroup] = []
        self.busy: dict[str, int] = {}
        self._task: Task | None = None
        self._again = False

        self.threshold = QDoubleSpinBox(self)
        self.threshold.setRange(0.2, 0.95)
        self.threshold.setSingleStep(0.05)
        self.threshold.setValue(DEFAULT_SETTINGS.threshold)
        self.threshold.setToolTip(_("類似とみなす下限 (0〜1)"))
        self.kept = QDoubleSpinBox(self)
        self.kept.setRange(0.0, 1.0)
        self.kept.setSingleStep(0.05)
        self.kept.setValue(DEFAULT_SETTINGS.absorbed_cost_kept)
        self.kept.setToolTip(_("集約元の年間経費のうち集約先に残る割合 (0〜1)"))
        self.search_button = QPushButton(_("再検索"), self)
        self.search_button.setObjectName("similar_search")
        self.search_button.clicked.connect(self.refresh)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText(_("システム名・管理番号・所属で絞り込み"))
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._apply_filter)
        self.propose_button = QPushButton(_("集約案を作成…"), self)
        self.propose_button.setObjectName("create_proposal")
        self.propose_button.clicked.connect(self.ask_and_propose)
        self.summary = QLabel(self)
        self.summary.setObjectName("similar_summary")
        self.summary.setWordWrap(True)

        self.tree = QTreeWidget(self)
        self.tree.setObjectName("similar_groups")
        self.tree.setHeaderLabels([_(c) for c in COLUMNS])
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.tree.currentItemChanged.connect(self._current_changed)
        self.tree.itemDoubleClicked.connect(lambda *_a: self.ask_and_propose())
        self.reasons = QTextBrowser(self)
        self.reasons.setObjectName("similar_reasons")

        bar = QHBoxLayout()
        bar.addWidget(QLabel(_("類似度の下限"), self))
        bar.addWidget(self.threshold)
        bar.addWidget(QLabel(_("集約先に残る経費の割合"), self))
        bar.addWidget(self.kept)
        bar.addWidget(self.search_button)
        bar.addSpacing(12)
        bar.addWidget(self.filter, 1)
        bar.addWidget(self.propose_button)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.tree)
        split.addWidget(self.reasons)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([760, 420])
        col = QVBoxLayout(self)
        col.setContentsMargins(4, 4, 4, 4)
        col.addLayout(bar)
        col.addWidget(self.summary)
        col.addWidget(split, 1)
        hint = QLabel(_("集約元にチェックしたシステムで集約案を作成します(ダブルクリックでも作成できます)。"), self)
        hint.setStyleSheet("color: #555555;")
        col.addWidget(hint)
        self._update_buttons()

    # --- searching off the GUI thread ------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._task is not None

    def settings(self) -> Settings:
        return replace(DEFAULT_SETTINGS, threshold=round(self.threshold.value(), 4),
                       absorbed_cost_kept=round(self.kept.value(), 4))

    def refresh(self) -> None:
        """Search again (after a change to the ledger or to the settings)."""
        if self.running:
            self._again = True  # the ledger changed while searching: search once more after
            return
        ledger, settings = self.ledger, self.settings()
        started = time.perf_counter()

        def work(_progress, _cancel):
            with ledger.read() as conn:
                return similar_groups(conn, settings), open_proposal_of(conn), time.perf_counter() - started

        self._task = Task(work)
        self._task.signals.finished.connect(self._found)
        self._task.signals.failed.connect(self._failed)
        self.summary.setText(_("類似システムを探しています…"))
        self._update_buttons()
        self._task.start()

    def _done(self) -> bool:
        self._task = None
        self._update_buttons()
        if self._again:
            self._again = False
            self.refresh()
            return False
        return True

    def _found(self, result) -> None:
        if not self._done():
            return
        groups, busy, seconds = result
        self.show_groups(groups, busy)
        self.summary.setText(_("類似システムのグループ {n} 件 (対象 {systems} システム)、年間削減見込額の合計 {saving} 千円 ({s:.1f} 秒)").format(
            n=len(groups), systems=sum(len(g.codes) for g in groups),
            saving=yen(sum(g.saving.saving for g in groups)), s=seconds))

    def _failed(self, error: Exception, _trace: str) -> None:
        if self._done():
            self.summary.setText("")
            self.message.error(_("類似システムを検索できませんでした: {error}").format(error=error))

    # --- the list --------------------------------------------------------------------------------

    def show_groups(self, groups: list[SimilarGroup], busy: dict[str, int]) -> None:
        current = self.current_group()
        keep = current.absorber.code if current else None
        self.groups, self.busy = groups, busy
        self.tree.clear()
        for rank, g in enumerate(groups, 1):
            a = g.absorber
            ids = sorted({busy[c] for c in g.codes if c in busy})
            top = QTreeWidgetItem([_("{rank}. 集約先 {code}").format(rank=rank, code=a.code), yen(g.saving.saving),
                                   a.profile.name, _section(a), f"{g.score:.2f}", yen(g.saving.at_stake),
                                   ", ".join(f"#{i}" for i in ids)])
            top.setData(0, GROUP_ROLE, rank - 1)
            top.setToolTip(5, _("集約元の年間経費の合計"))
            top.setToolTip(4, _("集約元の類似度の平均"))
            for c in (1, 4, 5):
                top.setTextAlignment(c, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            f = top.font(0)
            f.setBold(True)
            top.setFont(0, f)
            top.setFont(1, f)
            for m in g.absorbed:
                child = QTreeWidgetItem([m.code, "", m.profile.name, _section(m), f"{m.score:.2f}",
                                         yen(m.profile.annual_cost), f"#{busy[m.code]}" if m.code in busy else ""])
                child.setData(0, GROUP_ROLE, rank - 1)
                child.setData(0, MEMBER_ROLE, m.code)
                child.setFlags(child.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                # systems already in an open proposal cannot join another one
                child.setCheckState(0, Qt.CheckState.Unchecked if m.code in busy else Qt.CheckState.Checked)
                child.setToolTip(2, "\n".join(r.text() for r in m.reasons))
                for c in (4, 5):
                    child.setTextAlignment(c, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                top.addChild(child)
            self.tree.addTopLevelItem(top)
            if a.code == keep:
                self.tree.setCurrentItem(top)
        for c in range(len(COLUMNS)):
            self.tree.resizeColumnToContents(c)
        self.tree.setColumnWidth(2, min(self.tree.columnWidth(2), 260))
        self._apply_filter(self.filter.text())
        if self.tree.currentItem() is None and self.tree.topLevelItemCount():
            self.tree.setCurrentItem(self.tree.topLevelItem(0))
        self._update_buttons()

    def _apply_filter(self, text: str) -> None:
        key = fold(text)
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            g = self.groups[top.data(0, GROUP_ROLE)]
            hay = [m.profile for m in (g.absorber, *g.absorbed)]
            hit = not key or any(key in fold(f"{p.code} {p.name} {p.section} {p.section_name or ''} {p.department or ''}")
                                 for p in hay)
            top.setHidden(not hit)

    def current_group(self) -> SimilarGroup | None:
        item = self.tree.currentItem()
        if item is None or item.data(0, GROUP_ROLE) is None or not self.groups:
            return None
        return self.groups[item.data(0, GROUP_ROLE)]

    def _current_changed(self, item: QTreeWidgetItem | None, _previous=None) -> None:
        group = self.current_group()
        if group is None:
            self.reasons.clear()
        else:
            code = item.data(0, MEMBER_ROLE) if item is not None else None
            member = next((m for m in group.absorbed if m.code == code), None)
            self.reasons.setHtml(reasons_html(group, member))
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.search_button.setEnabled(not self.running)
        self.propose_button.setEnabled(not self.running and self.current_group() is not None)

    def checked_codes(self, group_index: int) -> list[str]:
        top = self.tree.topLevelItem(group_index)
        return [top.child(i).data(0, MEMBER_ROLE) for i in range(top.childCount())
                if top.child(i).checkState(0) == Qt.CheckState.Checked]

    # --- recording a proposal ----------------------------------------------------------------------

    def ask_and_propose(self) -> int | None:
        item = self.tree.currentItem()
        group = self.current_group()
        if group is None or item is None:
            return None
        index = item.data(0, GROUP_ROLE)
        systems = [(m.code, m.profile.name) for m in (group.absorber, *group.absorbed)]
        dialog = ProposalDialog(systems, self.checked_codes(index), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return self.propose(**dialog.values())

    def propose(self, absorber: str, absorbed: list[str], target_fy: int | None = None,
                title: str | None = None, notes: str | None = None) -> int | None:
        try:
            pid = create_proposal(self.ledger, absorber, absorbed, target_fy, title, notes)
        except LedgerError as e:
            self.message.error(str(e))
            return None
        self.message.info(_("集約案 #{id} を登録しました ({absorber} ← {n} システム)。").format(
            id=pid, absorber=absorber, n=len(absorbed)))
        for code in (absorber, *absorbed):
            self.busy[code] = pid
        self.show_groups(self.groups, self.busy)
        self.proposal_created.emit(pid)
        return pid
