"""Consolidation proposals (集約案): which system absorbs which, by when, and how far along.

A proposal is what the division decides after looking at a group of similar systems. When it
is done, every absorbed system becomes 集約済 with the absorbing system as its 集約先.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from assetdesk.choices import Choice, ChoiceSet
from assetdesk.i18n import N_, _

CONSOLIDATION_STATUS = ChoiceSet("consolidation_status", N_("集約案の状況"), (
    Choice("proposed", N_("提案"), ("案",), "#7f8c8d"),
    Choice("agreed", N_("合意"), ("合意済",), "#2471a3"),
    Choice("in_progress", N_("実施中"), ("移行中",), "#d68910"),
    Choice("done", N_("完了"), ("集約済", "実施済"), "#229954"),
    Choice("dropped", N_("見送り"), ("中止", "取下げ"), "#bdc3c7"),
))
#: A proposal still being worked on (a system should be in at most one of these).
OPEN_STATUSES = ("proposed", "agreed", "in_progress")
#: Statuses from which each status may be reached; "done" is final, it changed the ledger.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "proposed": ("agreed", "in_progress", "done", "dropped"),
    "agreed": ("proposed", "in_progress", "done", "dropped"),
    "in_progress": ("agreed", "done", "dropped"),
    "dropped": ("proposed",),
    "done": (),
}
#: Systems that can still absorb or be absorbed.
RUNNING_STATUSES = ("active", "renewal", "retiring")


def proposal_problems(absorber: str, absorbed: Sequence[str], systems: Mapping[str, Mapping[str, Any]],
                      target_fy: int | None = None, busy: Mapping[str, int] | None = None) -> list[str]:
    """What is wrong with a proposal (empty when it may be recorded).

    ``systems`` maps codes to ledger values; ``busy`` maps codes to the open proposal that
    already holds them.
    """
    problems: list[str] = []
    if not absorbed:
        problems.append(_("集約される側のシステムを1つ以上指定してください。"))
    if absorber in absorbed:
        problems.append(_("{code} が集約先と集約元の両方に指定されています。").format(code=absorber))
    if len(set(absorbed)) != len(absorbed):
        problems.append(_("集約元に同じシステムが重複しています。"))
    for code in (absorber, *absorbed):
        values = systems.get(code)
        if values is None:
            problems.append(_("{code} が台帳にありません。").format(code=code))
        elif values.get("status") not in RUNNING_STATUSES:
            problems.append(_("{code} は稼働中ではありません (状態: {status})。").format(
                code=code, status=values.get("status")))
        elif busy and code in busy:
            problems.append(_("{code} は既に集約案 #{id} に含まれています。").format(code=code, id=busy[code]))
    if target_fy is not None and not 2000 <= target_fy <= 2100:
        problems.append(_("目標年度が正しくありません: {fy}").format(fy=target_fy))
    return problems


def transition_problem(current: str, new: str) -> str | None:
    if new not in CONSOLIDATION_STATUS:
        return _("集約案の状況が正しくありません: {status}").format(status=new)
    if new != current and new not in TRANSITIONS.get(current, ()):
        return _("集約案の状況は「{a}」から「{b}」に変更できません。").format(
            a=CONSOLIDATION_STATUS.label_of(current), b=CONSOLIDATION_STATUS.label_of(new))
    return None


def consolidated_changes(absorber: str) -> dict[str, Any]:
    """The ledger change of each absorbed system when the proposal is done."""
    return {"status": "consolidated", "consolidated_into": absorber}
