"""Dedicated terminals (専用端末) and network lines (個別回線) of systems: what can move, what it saves.

The plan (Ⅱ-1 (1)) wants the standard マロニエ21 PC used as the terminal of individual systems and
the systems' own lines moved onto the prefecture's network. The rules (docs/decisions.md):

- terminals can move to the standard PC when they need a browser only or client software (which
  runs on the standard PC; a client that does not is surveyed as 専用機器), and the system sits in
  a zone the standard PC reaches (LGWAN接続系, or インターネット接続系 through the separation); never
  special devices, never マイナンバー利用事務系 (its terminals stay separated) or closed networks;
- lines can move when the system's zone has a segment on the prefecture's network (every zone but
  閉域・スタンドアロン, which is closed by design);
- the saving is the whole yearly cost of what moves: the standard PC and the network are paid already.

Counts by fiscal year follow from the moved dates like servers in ``assetdesk.scope``: a system's
terminals (lines) are in use at a year end when it was in service by then and they had not moved;
a retired or consolidated system's ones count only up to their moved date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from assetdesk.i18n import _
from assetdesk.scope import fiscal_year_end, fiscal_year_of

#: Requirements the standard PC meets.
STANDARD_PC_REQUIREMENTS = ("browser", "client")
#: Zones whose users the standard PC serves.
STANDARD_PC_ZONES = ("lgwan", "internet")
#: Zones with a segment on the prefecture's network.
PREFECTURE_NETWORK_ZONES = ("mynumber", "lgwan", "internet")
#: Systems whose terminals and lines are no longer in use unless a moved date says until when.
GONE_STATUSES = ("retired", "consolidated")


@dataclass(frozen=True)
class Proposal:
    system_code: str
    name: str
    section: str
    network_zone: str
    terminals: int
    lines: int
    terminals_movable: bool
    lines_movable: bool
    terminal_saving: int
    line_saving: int
    reasons: tuple[str, ...] = field(default=())

    @property
    def saving(self) -> int:
        return self.terminal_saving + self.line_saving

    @property
    def movable(self) -> bool:
        return self.terminals_movable or self.lines_movable


def _n(v: Any) -> int:
    return int(v or 0)


def has_open_terminals(system: Mapping[str, Any]) -> bool:
    return _n(system.get("dedicated_terminals")) > 0 and system.get("terminals_moved_on") is None


def has_open_lines(system: Mapping[str, Any]) -> bool:
    return _n(system.get("dedicated_lines")) > 0 and system.get("lines_moved_on") is None


def terminal_verdict(system: Mapping[str, Any]) -> tuple[bool, str]:
    """Whether the system's dedicated terminals can move to the standard PC, and why (not)."""
    req, zone = system.get("terminal_requirement"), system.get("network_zone")
    if req is None:
        return False, _("端末の要件が未回答のため判定できません")
    if req not in STANDARD_PC_REQUIREMENTS:
        return False, _("専用機器が必要なため標準PCへ移行できません")
    if zone == "mynumber":
        return False, _("マイナンバー利用事務系の端末は分離が必要なため標準PCへ移行できません")
    if zone not in STANDARD_PC_ZONES:
        return False, _("閉域・スタンドアロンの端末は標準PCへ移行できません")
    if req == "browser":
        return True, _("ブラウザのみで利用できるため標準PCへ移行できます")
    return True, _("クライアントソフトを標準PCに導入して移行できます")


def line_verdict(system: Mapping[str, Any]) -> tuple[bool, str]:
    """Whether the system's dedicated lines can move to the prefecture's network, and why (not)."""
    if system.get("network_zone") in PREFECTURE_NETWORK_ZONES:
        return True, _("県のネットワークの同じ区分へ収容できます")
    return False, _("閉域・スタンドアロンの回線は県のネットワークへ収容できません")


def proposals(systems: Iterable[Mapping[str, Any]]) -> list[Proposal]:
    """Every system in use that still has dedicated terminals or lines, with what can move and the
    yearly saving; the largest saving first."""
    out = []
    for s in systems:
        if s.get("status") in GONE_STATUSES:
            continue
        terminals = _n(s.get("dedicated_terminals")) if has_open_terminals(s) else 0
        lines = _n(s.get("dedicated_lines")) if has_open_lines(s) else 0
        if not terminals and not lines:
            continue
        reasons = []
        t_ok = l_ok = False
        if terminals:
            t_ok, why = terminal_verdict(s)
            reasons.append(_("端末: {why}").format(why=why))
        if lines:
            l_ok, why = line_verdict(s)
            reasons.append(_("回線: {why}").format(why=why))
        out.append(Proposal(
            s["system_code"], s.get("name") or "", s.get("section") or "", s.get("network_zone") or "",
            terminals, lines, t_ok, l_ok, _n(s.get("terminal_cost")) if t_ok else 0,
            _n(s.get("line_cost")) if l_ok else 0, tuple(reasons)))
    out.sort(key=lambda p: (-p.saving, p.system_code))
    return out


def _in_use_at(system: Mapping[str, Any], moved_on: dt.date | None, day: dt.date) -> bool:
    started = system.get("in_service")
    if started is not None and started > day:
        return False
    if moved_on is not None:
        return moved_on > day
    return system.get("status") not in GONE_STATUSES


def counts_at(systems: Iterable[Mapping[str, Any]], day: dt.date) -> dict[str, int]:
    """Dedicated terminals and lines in use on ``day``."""
    terminals = lines = 0
    for s in systems:
        if _n(s.get("dedicated_terminals")) and _in_use_at(s, s.get("terminals_moved_on"), day):
            terminals += _n(s.get("dedicated_terminals"))
        if _n(s.get("dedicated_lines")) and _in_use_at(s, s.get("lines_moved_on"), day):
            lines += _n(s.get("dedicated_lines"))
    return {"terminals": terminals, "lines": lines}


def counts_by_fy(systems: Iterable[Mapping[str, Any]], first: int, today: dt.date) -> dict[int, dict[str, int]]:
    """Counts at each fiscal year's end from ``first``; the current year as of ``today``."""
    rows = list(systems)
    current = fiscal_year_of(today)
    return {fy: counts_at(rows, min(fiscal_year_end(fy), today) if fy == current else fiscal_year_end(fy))
            for fy in range(first, current + 1)}


def per_system(systems: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The systems that have (or had) dedicated terminals or lines, as plain rows."""
    keys = ("system_code", "name", "section", "network_zone", "status", "dedicated_terminals",
            "terminal_requirement", "terminal_cost", "terminals_moved_on", "dedicated_lines", "line_cost",
            "lines_moved_on")
    rows = [{k: s.get(k) for k in keys} for s in systems
            if _n(s.get("dedicated_terminals")) or _n(s.get("dedicated_lines"))]
    return sorted(rows, key=lambda r: r["system_code"])


def proposal_to_json(p: Proposal) -> dict[str, Any]:
    return {"system_code": p.system_code, "name": p.name, "section": p.section, "network_zone": p.network_zone,
            "terminals": p.terminals, "lines": p.lines, "terminals_movable": p.terminals_movable,
            "lines_movable": p.lines_movable, "terminal_saving": p.terminal_saving,
            "line_saving": p.line_saving, "saving": p.saving, "reasons": list(p.reasons)}


def summary(systems: Iterable[Mapping[str, Any]], first_fy: int, today: dt.date) -> dict[str, Any]:
    """Everything ``assetdesk terminals`` shows, as one JSON-able document (dates as ISO text)."""
    rows = list(systems)
    props = proposals(rows)
    movable = [p for p in props if p.movable]
    systems_json = [{k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in r.items()}
                    for r in per_system(rows)]
    return {
        "systems": systems_json,
        "proposals": [proposal_to_json(p) for p in props],
        "saving": {"terminals": sum(p.terminal_saving for p in movable),
                   "lines": sum(p.line_saving for p in movable),
                   "total": sum(p.saving for p in movable)},
        "by_fy": {str(fy): c for fy, c in counts_by_fy(rows, first_fy, today).items()},
    }
