"""The graph analyses as JSON-ready dicts (for ``assetdesk graph ... --json``) and as text.

JSON keys are English and values are codes (severity names, effect names, zone values), so
scripts do not change with the language; the text form is translated with ``_``.
"""

from __future__ import annotations

from assetdesk.graph.impacts import EFFECT_LABELS, Impact
from assetdesk.graph.moves import REASON_LABELS, MoveGroup
from assetdesk.graph.severity import LABELS, RANKS
from assetdesk.graph.structure import Cycle, Hub
from assetdesk.graph.zones import ZoneCrossing
from assetdesk.i18n import _


def impact_to_json(impact: Impact) -> dict:
    """``{"affected_systems": [{"code", "path", ...}], "sections", "users_total", ...}``."""
    counts = {"affected": len(impact.affected), "critical": len(impact.critical)}
    for name in RANKS:
        counts[name] = sum(1 for a in impact.affected if a.severity == name)
    return {
        "root": impact.root,
        "root_kind": impact.root_kind,
        "scenario": impact.scenario,
        "servers": list(impact.servers),
        "affected_systems": [
            {**a._asdict(), "path": list(a.path)} for a in impact.affected
        ],
        "protected_systems": [
            {"code": p.code, "name": p.name, "lost": list(p.lost), "standby": list(p.standby)}
            for p in impact.protected
        ],
        "sections": [
            {"code": s.code, "name": s.name, "department": s.department, "systems": list(s.systems), "users": s.users}
            for s in impact.sections
        ],
        "users_total": impact.users_total,
        "critical_systems": [
            {"code": a.code, "name": a.name, "rto_hours": a.rto_hours, "severity": a.severity, "path": list(a.path)}
            for a in impact.critical
        ],
        "counts": counts,
    }


def move_groups_to_json(groups: list[MoveGroup]) -> list[dict]:
    return [
        {
            "id": g.id,
            "servers": list(g.servers),
            "systems": list(g.systems),
            "reason": g.reason,
            "reasons": list(g.reasons),
            "zones": list(g.zones),
            "links": [{"from": d.from_system, "to": d.to_system, "method": d.method, "frequency": d.frequency} for d in g.links],
        }
        for g in groups
    ]


def zone_crossings_to_json(crossings: list[ZoneCrossing]) -> list[dict]:
    return [
        {
            "source": z.source,
            "target": z.target,
            "relation": z.relation,
            "zones": list(z.zones),
            "excepted": z.excepted,
            "exception": z.exception,
        }
        for z in crossings
    ]


def hubs_to_json(hubs: list[Hub]) -> list[dict]:
    return [{"code": h.code, "name": h.name, "direct": h.direct, "total": h.total, "critical": h.critical} for h in hubs]


def cycles_to_json(cycles: list[Cycle]) -> list[dict]:
    return [{"systems": list(c.systems), "example": list(c.example)} for c in cycles]


def format_impact(impact: Impact) -> str:
    """A plain-text report of ``impact`` in the current language (for the CLI without --json)."""
    scenario = _("停止") if impact.scenario == "down" else _("移設")
    lines = [
        _("{root} の{scenario}による影響").format(root=impact.root, scenario=scenario),
        _("影響を受けるシステム: {n} 件 (重要度A: {a} 件), 利用者数合計: {users}").format(
            n=len(impact.affected), a=len(impact.critical), users=impact.users_total
        ),
    ]
    if impact.servers:
        lines.append(_("対象サーバ: {servers}").format(servers=", ".join(impact.servers)))
    if impact.critical:
        lines.append(_("重要度Aのシステム (目標復旧時間順):"))
        for a in impact.critical:
            rto = "-" if a.rto_hours is None else f"{a.rto_hours:g}h"
            lines.append(f"  {a.code} {a.name}  RTO {rto}  {' -> '.join(a.path)}")
    lines.append(_("影響を受けるシステム:"))
    for a in impact.affected:
        sev = _(LABELS[RANKS[a.severity]])
        lines.append(f"  {a.code} {a.name}  [{sev} / {_(EFFECT_LABELS[a.effect])}]  {' -> '.join(a.path)}")
    if impact.protected:
        lines.append(_("冗長化により継続するシステム:"))
        for p in impact.protected:
            lines.append(f"  {p.code} {p.name}  ({', '.join(p.lost)} -> {', '.join(p.standby)})")
    if impact.sections:
        lines.append(_("影響を受ける所属:"))
        for s in impact.sections:
            lines.append(
                _("  {name} ({department}): システム {n} 件, 利用者 {users} 人").format(
                    name=s.name, department=s.department or "-", n=len(s.systems), users=s.users
                )
            )
    return "\n".join(lines)


def reason_label(reason: str) -> str:
    return _(REASON_LABELS[reason])
