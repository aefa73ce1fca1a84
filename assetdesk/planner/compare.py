"""Scenarios side by side: the same servers under other host specs or parameters."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from assetdesk.i18n import N_
from assetdesk.planner.model import HostSpec, Plan, PlanParameters


@dataclass(frozen=True)
class Scenario:
    """A named set of inputs (the lead stores these; ``plan`` turns each into a ``Plan``)."""

    name: str
    spec: HostSpec
    params: PlanParameters


@dataclass(frozen=True)
class ComparisonRow:
    key: str
    label: str  # N_ text
    unit: str
    values: tuple[float | int | bool | str, ...]


def _avg(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


_ROWS: tuple[tuple[str, str, str, Callable[[Plan], float | int | bool | str]], ...] = (
    ("hosts", N_("ホスト台数"), N_("台"), lambda p: p.total_hosts),
    ("lower_bound", N_("下限"), N_("台"), lambda p: p.total_lower_bound),
    ("proven_optimal", N_("最小と証明済"), "", lambda p: p.proven_optimal),
    ("hosts_mynumber", N_("マイナンバー利用事務系のホスト"), N_("台"),
     lambda p: p.zone("mynumber").hosts if p.zone("mynumber") else 0),
    ("hosts_lgwan", N_("LGWAN接続系のホスト"), N_("台"), lambda p: p.zone("lgwan").hosts if p.zone("lgwan") else 0),
    ("hosts_internet", N_("インターネット接続系のホスト"), N_("台"),
     lambda p: p.zone("internet").hosts if p.zone("internet") else 0),
    ("cpu_avg", N_("CPU負荷(平均)"), "%", lambda p: round(_avg([h.cpu_pct for h in p.hosts if not h.spare]), 1)),
    ("cpu_max", N_("CPU負荷(最大)"), "%", lambda p: round(max((h.cpu_pct for h in p.hosts), default=0.0), 1)),
    ("memory_avg", N_("メモリ負荷(平均)"), "%",
     lambda p: round(_avg([h.memory_pct for h in p.hosts if not h.spare]), 1)),
    ("memory_max", N_("メモリ負荷(最大)"), "%", lambda p: round(max((h.memory_pct for h in p.hosts), default=0.0), 1)),
    ("waves", N_("移行回数"), N_("回"), lambda p: len(p.waves)),
    ("servers_before", N_("集約前サーバ台数"), N_("台"), lambda p: p.figures.servers_before),
    ("rack_u_saved", N_("ラック削減"), "U", lambda p: p.figures.rack_u_saved),
    ("kw_saved", N_("消費電力削減"), "kW", lambda p: round(p.figures.kw_saved, 2)),
    ("maintenance_saved", N_("年間保守費削減"), N_("千円"), lambda p: p.figures.maintenance_saved),
    ("violations", N_("違反"), N_("件"), lambda p: len(p.violations)),
    ("fallbacks", N_("未計測による代替値"), N_("件"), lambda p: len(p.fallbacks)),
)


def compare(plans: Sequence[Plan]) -> list[ComparisonRow]:
    """One row per figure, one value per plan (in the order given)."""
    return [ComparisonRow(key, label, unit, tuple(get(p) for p in plans)) for key, label, unit, get in _ROWS]
