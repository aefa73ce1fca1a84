"""Introduction reviews (行政情報システム導入協議): the reviewer's checklist and the rules of a decision.

A section proposes a new system, a renewal or a major change; the information systems division
reviews it against a fixed checklist before the budget is committed. The checklist is data (the
screen and the printed form are built from ``CHECKLIST``); answers are stored on the
consultation as ``{item key: {"answer": value, "note": text}}``. An approved proposal becomes
a system of the ledger (``system_values``), written by the caller through the ledger's history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from assetdesk.choices import CONSULTATION_KIND, CONSULTATION_STATUS, HOSTING, NETWORK_ZONE, YES_NO, ChoiceSet
from assetdesk.i18n import N_, _


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    question: str  # N_-marked; show with _()
    choices: ChoiceSet | None = YES_NO  # None: free text
    hint: str = ""
    #: Must be answered before the proposal can be approved.
    required: bool = True

    def display(self) -> str:
        return _(self.question)


CHECKLIST: tuple[ChecklistItem, ...] = (
    ChecklistItem("existing_system", N_("既存のシステム(他所属のものを含む)で対応できるか"),
                  hint=N_("類似システムの一覧を確認する。対応できる場合は新規導入を認めない")),
    ChecklistItem("shared_platform", N_("共同利用型基盤で稼働できるか"),
                  hint=N_("できる場合は個別サーバを調達しない")),
    ChecklistItem("cloud_service", N_("クラウドサービス(ASP・SaaS)を利用できるか")),
    ChecklistItem("network_zone", N_("配置するネットワーク区分"), NETWORK_ZONE,
                  hint=N_("三層の対策: マイナンバー利用事務系・LGWAN接続系・インターネット接続系")),
    ChecklistItem("personal_info", N_("個人情報を取り扱うか")),
    ChecklistItem("my_number", N_("マイナンバーを利用するか")),
    ChecklistItem("business_continuity", N_("業務継続計画の対象(重要情報システム)か"),
                  hint=N_("対象の場合は目標復旧時間を定める")),
    ChecklistItem("cost_estimate", N_("経費の見積りは複数者から取得し妥当か")),
    ChecklistItem("security", N_("情報セキュリティ対策(脆弱性診断・監査)を計画しているか")),
    ChecklistItem("remarks", N_("その他の所見"), None, required=False),
)
BY_KEY = {item.key: item for item in CHECKLIST}

#: Decisions that end a review with a system in the ledger.
APPROVING = ("approved", "conditional")
DECIDED = (*APPROVING, "rejected")
#: Statuses a consultation may move to from each status; approved ones changed the ledger.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "submitted": ("reviewing", *DECIDED),
    "reviewing": ("submitted", *DECIDED),
    "rejected": ("submitted", "reviewing"),
    "approved": (),
    "conditional": (),
}


@dataclass(frozen=True)
class Finding:
    """Something the reviewer should see: ``blocking`` ones stop an approval."""

    key: str
    message: str
    blocking: bool = False


def answer(checklist: Mapping[str, Any] | None, key: str) -> Any:
    entry = (checklist or {}).get(key)
    return entry.get("answer") if isinstance(entry, Mapping) else entry


def checklist_problems(checklist: Mapping[str, Any] | None) -> list[str]:
    """Answers that are not among an item's choices, and unknown items."""
    out = []
    for key in checklist or {}:
        item = BY_KEY.get(key)
        if item is None:
            out.append(_("チェック項目 {key} はありません。").format(key=key))
            continue
        value = answer(checklist, key)
        if value is not None and item.choices is not None and value not in item.choices:
            out.append(_("「{q}」の回答が正しくありません: {value}").format(q=item.display(), value=value))
    return out


def unanswered(checklist: Mapping[str, Any] | None) -> list[ChecklistItem]:
    return [i for i in CHECKLIST if i.required and answer(checklist, i.key) in (None, "")]


def proposal_problems(values: Mapping[str, Any]) -> list[str]:
    """What is wrong with a consultation as submitted (empty when it may be recorded)."""
    out = []
    if not (values.get("title") or "").strip():
        out.append(_("件名を入力してください。"))
    if not values.get("section"):
        out.append(_("所属を指定してください。"))
    kind = values.get("kind")
    if kind not in CONSULTATION_KIND:
        out.append(_("協議区分が正しくありません: {value}").format(value=kind))
    elif kind != "new" and not values.get("system"):
        out.append(_("更新・改修の協議には対象のシステムを指定してください。"))
    fy = values.get("planned_fy")
    if fy is not None and not 2000 <= int(fy) <= 2100:
        out.append(_("導入予定年度が正しくありません: {value}").format(value=fy))
    for name in ("initial_cost", "annual_cost", "cost_reduction"):
        v = values.get(name)
        if v is not None and v < 0:
            out.append(_("{field} は0以上で入力してください。").format(field=name))
    if values.get("proposed_hosting") not in (None, *HOSTING.values):
        out.append(_("稼働環境が正しくありません: {value}").format(value=values.get("proposed_hosting")))
    if values.get("proposed_zone") not in (None, *NETWORK_ZONE.values):
        out.append(_("ネットワーク区分が正しくありません: {value}").format(value=values.get("proposed_zone")))
    out.extend(checklist_problems(values.get("checklist")))
    return out


def findings(values: Mapping[str, Any], similar: Sequence[str] = ()) -> list[Finding]:
    """The review rules: what the answers and the proposal say together. ``similar``: codes of
    existing systems like the proposal (``assetdesk.similar.similar_to``), for the first item."""
    c = values.get("checklist")
    hosting, zone = values.get("proposed_hosting"), values.get("proposed_zone")
    out: list[Finding] = []
    for item in unanswered(c):
        out.append(Finding(item.key, _("未回答: {q}").format(q=item.display()), blocking=True))
    if answer(c, "existing_system") == "yes" and values.get("kind") == "new":
        out.append(Finding("existing_system", _("既存のシステムで対応できるため、新規導入は認められません。"), True))
    if similar and answer(c, "existing_system") != "yes":
        out.append(Finding("existing_system", _("類似する既存システムがあります ({codes})。対応できない理由を所見に記録してください。").format(
            codes="、".join(similar[:5]))))
    if answer(c, "shared_platform") == "yes" and hosting == "dedicated":
        out.append(Finding("shared_platform", _("共同利用型基盤で稼働できるため、個別サーバでの導入は認められません。"), True))
    if answer(c, "cloud_service") == "yes" and hosting == "dedicated":
        out.append(Finding("cloud_service", _("クラウドサービスを利用できるのに個別サーバを提案しています。")))
    answered_zone = answer(c, "network_zone")
    if answered_zone and zone and answered_zone != zone:
        out.append(Finding("network_zone", _("チェックリストのネットワーク区分と提案の区分が異なります。"), True))
    effective_zone = zone or answered_zone
    if answer(c, "my_number") == "yes" and effective_zone and effective_zone != "mynumber":
        out.append(Finding("my_number", _("マイナンバーを利用するシステムはマイナンバー利用事務系に配置します。"), True))
    if effective_zone == "mynumber" and hosting == "cloud":
        out.append(Finding("network_zone", _("マイナンバー利用事務系でクラウドサービスを利用する場合は個別の確認が必要です。")))
    if answer(c, "personal_info") == "yes" and effective_zone == "internet":
        out.append(Finding("personal_info", _("個人情報をインターネット接続系で取り扱う計画です。安全管理措置を確認してください。")))
    return out


def decision_problems(values: Mapping[str, Any], status: str, decision: str | None,
                      conditions: str | None) -> list[str]:
    """Why ``status`` cannot be decided now (empty when it can)."""
    current = values.get("status") or "submitted"
    if status not in CONSULTATION_STATUS:
        return [_("協議状況が正しくありません: {value}").format(value=status)]
    if status != current and status not in TRANSITIONS.get(current, ()):
        return [_("協議状況は「{a}」から「{b}」に変更できません。").format(
            a=CONSULTATION_STATUS.label_of(current), b=CONSULTATION_STATUS.label_of(status))]
    out = []
    if status in APPROVING:
        out.extend(f.message for f in findings(values) if f.blocking)
        if not values.get("proposed_zone") and not answer(values.get("checklist"), "network_zone"):
            out.append(_("承認にはネットワーク区分が必要です。"))
    if status == "conditional" and not (conditions or "").strip():
        out.append(_("条件付承認には条件を入力してください。"))
    if status == "rejected" and not (decision or "").strip():
        out.append(_("差戻しには理由を入力してください。"))
    return out


def annual_cost_changes(annual_cost: int | None, hosting: str | None) -> dict[str, int]:
    """Where a proposal's single yearly cost goes among the ledger's cost parts: cloud fees for
    a cloud service, the platform charge (リース・使用料) on the shared platform, else operation."""
    if annual_cost is None:
        return {}
    part = {"cloud": "cost_cloud", "platform": "cost_lease"}.get(hosting or "", "cost_operation")
    parts = dict.fromkeys(("cost_hw_maintenance", "cost_sw_maintenance", "cost_operation", "cost_lease",
                           "cost_cloud"), 0)
    parts[part] = annual_cost
    return parts


def system_values(values: Mapping[str, Any], existing: Mapping[str, Any] | None, new_code: str | None,
                  today: dt.date) -> dict[str, Any]:
    """The ledger values an approval writes: a whole new system, or the changes to ``existing``.

    New systems start 運用中 without an in-service date (it is set when they go live); a renewal
    or change keeps the system and records the planned year as its next renewal (更新予定).
    """
    c = values.get("checklist")
    zone = values.get("proposed_zone") or answer(c, "network_zone")
    note = _("導入協議 #{id} ({date} {decision})").format(
        id=values.get("id"), date=today.isoformat(), decision=CONSULTATION_STATUS.label_of(values.get("status")))
    flags = {}
    for key in ("personal_info", "my_number"):
        a = answer(c, key)
        if a in ("yes", "no"):
            flags[key] = a == "yes"
    if answer(c, "business_continuity") == "yes":
        flags["criticality"] = "A"
    if existing is None:
        out: dict[str, Any] = {
            "system_code": new_code, "name": values["title"], "section": values["section"],
            "purpose": values.get("purpose"), "network_zone": zone, "hosting": values.get("proposed_hosting"),
            "initial_cost": values.get("initial_cost"), "status": "active", "notes": note, **flags,
        }
        out.update(annual_cost_changes(values.get("annual_cost"), values.get("proposed_hosting")))
        return out
    changes: dict[str, Any] = {"notes": "\n".join(x for x in (existing.get("notes"), note) if x), **flags}
    if values.get("proposed_hosting"):
        changes["hosting"] = values["proposed_hosting"]
    if zone:
        changes["network_zone"] = zone
    if values.get("purpose"):
        changes["purpose"] = values["purpose"]
    if values.get("planned_fy"):
        changes["next_renewal_fy"] = values["planned_fy"]
        changes["status"] = "renewal"
    if values.get("initial_cost") is not None:
        changes["initial_cost"] = values["initial_cost"]
    changes.update(annual_cost_changes(values.get("annual_cost"), values.get("proposed_hosting")))
    return changes


def suggested_cost_reduction(annual_cost: int | None, existing_annual_cost: int | None) -> int | None:
    """For a renewal: the yearly cost today minus the proposal's (never below 0)."""
    if annual_cost is None or existing_annual_cost is None:
        return None
    return max(0, existing_annual_cost - annual_cost)


def next_system_code(codes: list[str], prefix: str = "SYS-") -> str:
    """The next free ``SYS-NNNN`` after the highest plain one (copies like SYS-0001-02 are skipped)."""
    highest = 0
    for code in codes:
        tail = code[len(prefix):] if code.startswith(prefix) else ""
        if tail.isdigit():
            highest = max(highest, int(tail))
    return f"{prefix}{highest + 1:04d}"
