"""A plan on screen: the headline, hosts per zone with their bounds, before/after figures, the
hosts with their load bars and servers (drag a server onto another host to move it), the
assignment table, and the servers that needed a fallback or were left out."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QTableWidget, QTabWidget, QTreeWidgetItem, QWidget

from assetdesk.choices import NETWORK_ZONE
from assetdesk.fields import field
from assetdesk.i18n import N_, _
from assetdesk.planner import Plan
from ui.planner.widgets import (
    ERROR_BG,
    KEY,
    PCT,
    WARNING_BG,
    DropTree,
    LoadBarDelegate,
    fill_table,
    read_only_table,
)
from ui.table_model import ListModel

SOLVERS = {"ffd": N_("FFDが下限に到達"), "bound": N_("下限に到達"), "heuristic": N_("発見的解法(未証明)"),
           "cp-sat": N_("CP-SATで証明"), "edited": N_("手動調整"), "patterns": N_("パターン整数計画")}
#: Which lower bound binds (``ZoneResult.bound_kind``).
BOUNDS = {"cpu": N_("CPU"), "memory": N_("メモリ"), "ha": N_("HA(冗長構成の分散)"), "half": N_("大型サーバの組合せ"),
          "cpu-l2": N_("CPU(組合せ)"), "memory-l2": N_("メモリ(組合せ)"), "conflicts": N_("同居できないサーバ"),
          "cp-sat": N_("CP-SAT"), "storage": N_("ストレージ"), "lp": N_("線形計画(パターン)")}


def headline(plan: Plan) -> str:
    proven = _("最小と証明済") if plan.proven_optimal else _("最小とは未証明")
    errors = sum(1 for v in plan.violations if v.severity == "error")
    text = _("ホスト {hosts} 台 (下限 {bound} 台、{proven}) / 対象サーバ {servers} 台 / 移行 {waves} 回").format(
        hosts=plan.total_hosts, bound=plan.total_lower_bound, proven=proven, servers=len(plan.assignments),
        waves=len(plan.waves))
    if errors:
        text += " / " + _("違反 {n} 件").format(n=errors)
    if plan.cancelled:
        text += " / " + _("中止(途中までの結果)")
    return text


def show_zones(table: QTableWidget, plan: Plan) -> None:
    rows: list[list[Any]] = []
    for z in plan.zones:
        rows.append([NETWORK_ZONE.label_of(z.zone), z.servers, z.hosts, z.spares, z.lower_bound, z.hosts - z.lower_bound,
                     _("はい") if z.proven_optimal else _("いいえ"), _(SOLVERS.get(z.solver, z.solver)),
                     _(BOUNDS.get(z.bound_kind, z.bound_kind)), round(z.storage_gb), round(z.storage_capacity_gb)])
    rows.append([_("合計"), sum(z.servers for z in plan.zones), plan.total_hosts, sum(z.spares for z in plan.zones),
                 plan.total_lower_bound, plan.total_hosts - plan.total_lower_bound, _("はい") if plan.proven_optimal else _("いいえ"), "", "",
                 round(sum(z.storage_gb for z in plan.zones)), None])
    fill_table(table, [_("ネットワーク区分"), _("サーバ"), _("ホスト"), _("うち予備"), _("下限"), _("下限との差"), _("最小の証明"), _("解法"),
                       _("下限の根拠"), _("ストレージ需要(GB)"), _("ストレージ容量(GB)")], rows)


def show_figures(table: QTableWidget, plan: Plan) -> None:
    f = plan.figures
    rows = [
        [_("台数"), f.servers_before, f.hosts_after, f.servers_before - f.hosts_after],
        [_("ラック(U)"), round(f.rack_u_before, 1), round(f.rack_u_after, 1), round(f.rack_u_saved, 1)],
        [_("消費電力(kW)"), round(f.kw_before, 2), round(f.kw_after, 2), round(f.kw_saved, 2)],
        [_("年間保守費(千円)"), round(f.maintenance_before), round(f.maintenance_after), round(f.maintenance_saved)],
    ]
    fill_table(table, [_("項目"), _("集約前(サーバ)"), _("集約後(ホスト)"), _("削減")], rows)


def measurement_label(name: str) -> str:
    try:
        return _(field("server", name).label)
    except KeyError:
        return name


class HostTree(DropTree):
    """Hosts with CPU and memory load bars; their servers below. Drop servers on a host to move them."""

    COLUMNS = (N_("ホスト / サーバ"), N_("ネットワーク区分"), N_("サーバ数"), N_("CPU負荷"), N_("メモリ負荷"), N_("vCPU"),
               N_("メモリ(GB)"), N_("移行の回"))

    def __init__(self, parent: QWidget | None = None):
        super().__init__([_(c) for c in self.COLUMNS], parent)
        self.setObjectName("host_tree")
        bars = LoadBarDelegate(self)
        self.setItemDelegateForColumn(3, bars)
        self.setItemDelegateForColumn(4, bars)
        em = self.fontMetrics().horizontalAdvance("M")
        for column, width in ((0, 26), (1, 14), (2, 5), (3, 9), (4, 9), (5, 5), (6, 7)):
            self.setColumnWidth(column, width * em)

    def show_plan(self, plan: Plan) -> None:
        expanded = {self.topLevelItem(i).data(0, KEY)[1] for i in range(self.topLevelItemCount())
                    if self.topLevelItem(i).isExpanded()}
        self.clear()
        demand = {d.code: d for d in plan.demands}
        wave_of = {a.server: a.wave for a in plan.assignments}
        hostname = {a.server: a.hostname for a in plan.assignments}
        bad_hosts = {v.host: v.severity for v in plan.violations if v.host}
        bad_servers = {s: v.severity for v in plan.violations for s in v.servers}
        for h in plan.hosts:
            name = h.name + (" " + _("(予備)") if h.spare else "")
            top = self.group_item(h.name, [name, NETWORK_ZONE.label_of(h.zone), len(h.servers), "", "", h.vcpu,
                                           round(h.memory_gb, 1), ""])
            top.setData(3, PCT, h.cpu_pct)
            top.setData(4, PCT, h.memory_pct)
            top.setToolTip(3, _("vCPU {used} / {cap}").format(used=h.vcpu, cap=h.vcpu_capacity))
            top.setToolTip(4, _("{used:,.0f} / {cap:,.0f} MB").format(used=h.memory_mb, cap=h.memory_capacity_mb))
            _paint(top, bad_hosts.get(h.name))
            for code in sorted(h.servers, key=lambda c: hostname.get(c, c)):
                d = demand.get(code)
                child = self.server_item(code, [f"{hostname.get(code, code)}  ({code})", "", "", "", "",
                                                d.vcpu if d else "", round(d.memory_gb, 1) if d else "",
                                                wave_of.get(code, "")])
                _paint(child, bad_servers.get(code))
                top.addChild(child)
            self.addTopLevelItem(top)
            top.setExpanded(h.name in expanded)


def _paint(item: QTreeWidgetItem, severity: str | None) -> None:
    if severity:
        for c in range(item.columnCount()):
            item.setBackground(c, ERROR_BG if severity == "error" else WARNING_BG)


class AssignmentModel(ListModel):
    """Every server of the plan: where it goes and in which wave."""

    HEADERS = (N_("サーバ管理番号"), N_("ホスト名"), N_("ネットワーク区分"), N_("移行先ホスト"), N_("移行の回"), N_("vCPU"),
               N_("メモリ(GB)"), N_("移行期限"))

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.rows: list[tuple[Any, ...]] = []
        self.flagged: dict[str, str] = {}

    def set_plan(self, plan: Plan | None) -> None:
        self.beginResetModel()
        self.rows = []
        self.flagged = {}
        if plan is not None:
            demand = {d.code: d for d in plan.demands}
            for a in plan.assignments:
                d = demand.get(a.server)
                self.rows.append((a.server, a.hostname, NETWORK_ZONE.label_of(a.zone), a.host, a.wave,
                                  d.vcpu if d else None, round(d.memory_gb, 1) if d else None,
                                  d.due.isoformat() if d and d.due else ""))
            self.flagged = {s: v.severity for v in plan.violations for s in v.servers}
        self.endResetModel()

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        value = row[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return value
        if role == Qt.ItemDataRole.UserRole:
            return row[0]
        if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(value, (int, float)):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and row[0] in self.flagged:
            return QColor(ERROR_BG if self.flagged[row[0]] == "error" else WARNING_BG)
        return None


class IssuesTabs(QTabWidget):
    """Violations and warnings, fallbacks for missing measurements, excluded servers."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.violations = read_only_table(self)
        self.violations.setObjectName("violations")
        self.fallbacks = read_only_table(self)
        self.fallbacks.setObjectName("fallbacks")
        self.excluded = read_only_table(self)
        self.excluded.setObjectName("excluded")
        self.addTab(self.violations, _("違反・警告"))
        self.addTab(self.fallbacks, _("未計測"))
        self.addTab(self.excluded, _("対象外"))

    def show_plan(self, plan: Plan) -> None:
        issues = (*plan.violations, *plan.warnings)
        fill_table(self.violations, [_("重大度"), _("内容"), _("ホスト"), _("移行の回"), _("サーバ")],
                   [[_("違反") if v.severity == "error" else _("警告"), v.text, v.host or "", v.wave or "",
                     ", ".join(v.servers[:10]) + ("…" if len(v.servers) > 10 else "")] for v in issues],
                   [ERROR_BG if v.severity == "error" else WARNING_BG for v in issues])
        fill_table(self.fallbacks, [_("サーバ管理番号"), _("ホスト名"), _("未計測の項目"), _("代わりに使った値"), _("説明")],
                   [[f.server, f.hostname, measurement_label(f.measurement), f.used, f.text]
                    for f in plan.fallbacks])
        fill_table(self.excluded, [_("サーバ管理番号"), _("ホスト名"), _("理由")],
                   [[e.server, e.hostname, e.text] for e in plan.excluded])
        errors = sum(1 for v in plan.violations if v.severity == "error")
        self.setTabText(0, _("違反・警告 ({n})").format(n=len(issues)) if issues else _("違反・警告"))
        self.setTabText(1, _("未計測 ({n})").format(n=len(plan.fallbacks)))
        self.setTabText(2, _("対象外 ({n})").format(n=len(plan.excluded)))
        if errors:
            self.setCurrentIndex(0)
