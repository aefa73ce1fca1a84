"""サーバ集約計画書: the consolidation plan as a printed report.

Its inputs are plain: the indicator's figures per fiscal year and a ``PlanFacts`` — what the
report needs of a plan, filled from a planner ``Plan`` (``PlanFacts.from_plan``) or from a
stored scenario's result (``PlanFacts.from_stored``, the ``plan --json`` document).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from assetdesk.choices import NETWORK_ZONE
from assetdesk.i18n import N_, _
from assetdesk.reports.common import DEFAULT_DIVISION, dates, new_document
from assetdesk.reports.model import (
    Chart,
    Column,
    ColumnKind,
    Cover,
    Document,
    Heading,
    KeyValues,
    Paragraph,
    Series,
    SignOff,
    Table,
)
from assetdesk.scope import INDICATOR_TARGETS, fiscal_year_of
from assetdesk.wareki import fy_label


@dataclass(frozen=True)
class ZoneFacts:
    zone: str
    servers: int
    hosts: int  # spares included
    spares: int
    lower_bound: int  # spares included
    proven_optimal: bool


@dataclass(frozen=True)
class HostFacts:
    name: str
    zone: str
    spare: bool
    cpu_pct: float
    memory_pct: float
    servers: tuple[str, ...] = ()


@dataclass(frozen=True)
class AssignmentFacts:
    server: str  # code
    hostname: str
    zone: str
    host: str
    wave: int
    vcpu: int | None = None
    memory_gb: float | None = None
    systems: tuple[str, ...] = ()
    due: dt.date | None = None  # end of OS support or maintenance, the earlier


@dataclass(frozen=True)
class WaveFacts:
    number: int
    servers: tuple[str, ...]
    groups: int
    planned: dt.date | None
    earliest_due: dt.date | None


@dataclass(frozen=True)
class CheckFacts:
    kind: str  # the planner's Violation.kind
    severity: str  # 'error' | 'warning'
    text: str  # already translated
    servers: tuple[str, ...] = ()


@dataclass(frozen=True)
class FiguresFacts:
    servers_before: int
    rack_u_before: float
    kw_before: float
    maintenance_before: float
    hosts_after: int
    rack_u_after: float
    kw_after: float
    maintenance_after: float


@dataclass(frozen=True)
class ExcludedFacts:
    server: str
    hostname: str
    reason: str  # already translated


@dataclass
class PlanFacts:
    zones: list[ZoneFacts]
    hosts: list[HostFacts]
    assignments: list[AssignmentFacts]
    waves: list[WaveFacts]
    checks: list[CheckFacts]
    figures: FiguresFacts
    excluded: list[ExcludedFacts] = field(default_factory=list)
    fallbacks: int = 0  # servers sized with a missing measurement replaced
    source: str = ""  # where the plan comes from, as printed

    @property
    def total_hosts(self) -> int:
        return sum(z.hosts for z in self.zones)

    @property
    def total_lower_bound(self) -> int:
        return sum(z.lower_bound for z in self.zones)

    @classmethod
    def from_plan(cls, plan: Any, systems_of: dict[str, tuple[str, ...]] | None = None, source: str = "") -> PlanFacts:
        """From an ``assetdesk.planner.model.Plan`` (duck-typed: this module does not need the planner)."""
        demand = {d.code: d for d in plan.demands}
        systems_of = systems_of or {}
        return cls(
            zones=[ZoneFacts(z.zone, z.servers, z.hosts, z.spares, z.lower_bound, z.proven_optimal) for z in plan.zones],
            hosts=[HostFacts(h.name, h.zone, h.spare, h.cpu_pct, h.memory_pct, tuple(h.servers)) for h in plan.hosts],
            assignments=[
                AssignmentFacts(a.server, a.hostname, a.zone, a.host, a.wave,
                                demand[a.server].vcpu if a.server in demand else None,
                                demand[a.server].memory_gb if a.server in demand else None,
                                systems_of.get(a.server) or (demand[a.server].systems if a.server in demand else ()),
                                demand[a.server].due if a.server in demand else None)
                for a in plan.assignments
            ],
            waves=[WaveFacts(w.number, tuple(w.servers), w.groups, w.planned, w.earliest_due) for w in plan.waves],
            checks=[CheckFacts(v.kind, v.severity, v.text, tuple(v.servers))
                    for v in (*plan.violations, *plan.warnings)],
            figures=FiguresFacts(**{k: getattr(plan.figures, k) for k in FiguresFacts.__dataclass_fields__}),
            excluded=[ExcludedFacts(e.server, e.hostname, e.text) for e in plan.excluded],
            fallbacks=len({f.server for f in plan.fallbacks}),
            source=source,
        )



@dataclass
class ConsolidationInputs:
    in_scope_by_fy: dict[int, int]
    plan: PlanFacts | None
    today: dt.date = field(default_factory=dt.date.today)
    division: str = DEFAULT_DIVISION
    targets: dict[int, int] = field(default_factory=lambda: dict(INDICATOR_TARGETS))
    #: Servers the ledger keeps out of the plan (対象外 and the like), with the recorded reason.
    ledger_excluded: list[ExcludedFacts] = field(default_factory=list)
    #: Why there is no plan, when ``plan`` is None (printed instead of the plan's sections).
    no_plan_reason: str = ""


#: The checks the report lists, each with the planner's violation kinds it gathers.
CHECKS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (N_("ネットワーク区分の分離(区分ごとに別のホスト)"), ("zone", "unknown_host")),
    (N_("冗長化ペアの分散(同じホストに置かない)"), ("ha",)),
    (N_("依存関係と移行の回(同じ回か先の回で移行)"), ("group_split", "dependency", "dependency_cycle", "group_too_big")),
    (N_("サポート終了前の移行"), ("eol",)),
    (N_("ホストの容量・共有ストレージ・予備ホスト・回の上限"),
     ("capacity", "storage", "spares", "wave_capacity", "unassigned")),
)


def zone_label(zone: str) -> str:
    return NETWORK_ZONE.label_of(zone)


def consolidation_report(inputs: ConsolidationInputs) -> Document:
    today = inputs.today
    doc = new_document(_("サーバ集約計画書"), today)
    wareki, western = dates(today)
    doc.add(Cover(_("サーバ集約計画書"), fy_label(fiscal_year_of(today)), inputs.division, wareki, western,
                  subtitle=_("共同利用型基盤へのサーバ集約"),
                  sign_off=SignOff((_("課長"), _("課長補佐"), _("係長"), _("担当")), title=_("決裁"))))
    _indicator(doc, inputs)
    plan = inputs.plan
    if plan is None:
        doc.add(Heading(_("集約計画"), new_page=True),
                Paragraph(inputs.no_plan_reason or _("集約計画はまだありません。"), emphasis=True))
    else:
        _plan_sections(doc, plan)
    _excluded(doc, inputs)
    return doc


def _indicator(doc: Document, inputs: ConsolidationInputs) -> None:
    counts = inputs.in_scope_by_fy
    years = sorted(set(counts) | set(inputs.targets))
    doc.add(Heading(_("1. 評価指標: 集約対象サーバ数"), new_page=True))
    targets_text = " → ".join(_("{fy}年度 {n} 台").format(fy=fy, n=n) for fy, n in sorted(inputs.targets.items()))
    doc.add(Paragraph(_("共同利用型基盤への集約の対象として残っているサーバの数(各年度末時点)。計画値: {targets}。")
                      .format(targets=targets_text)))
    cats = tuple(_("{fy}年度").format(fy=fy) for fy in years)
    doc.add(Chart(
        "bar", _("年度末の集約対象サーバ数(台)"), cats,
        (Series(_("実績"), tuple(float(counts[fy]) if fy in counts else None for fy in years), "#2471a3"),),
        unit=_("台"),
        targets=tuple((years.index(fy), float(n), _("計画値 {n}").format(n=n)) for fy, n in sorted(inputs.targets.items())),
    ))
    rows = []
    for fy in years:
        actual = counts.get(fy)
        target = inputs.targets.get(fy)
        rows.append((fy_label(fy), actual, target,
                     (actual - target) if actual is not None and target is not None else None))
    doc.add(Table((Column(_("年度"), weight=2.0), Column(_("実績(台)"), ColumnKind.NUMBER),
                   Column(_("計画値(台)"), ColumnKind.NUMBER), Column(_("差(台)"), ColumnKind.NUMBER)),
                  tuple(rows), title=_("年度別の実績と計画値")))


def minimum_statement(hosts: int, lower_bound: int, proven: bool) -> str:
    """What a signatory can rely on: the count is minimal, or the true minimum lies in a range."""
    if proven or lower_bound >= hosts:
        return _("{n} 台は最小であることを確認済み").format(n=f"{hosts:,}")
    return _("最小は {m}〜{n} 台").format(m=f"{lower_bound:,}", n=f"{hosts:,}")


def _plan_sections(doc: Document, plan: PlanFacts) -> None:
    doc.add(Heading(_("2. 採用する計画(ネットワーク区分別)"), new_page=True))
    if plan.source:
        doc.add(Paragraph(plan.source))
    doc.add(KeyValues((
        (_("集約対象サーバ"), _("{n} 台").format(n=f"{len(plan.assignments):,}")),
        (_("基盤ホスト(予備を含む)"), _("{n} 台").format(n=f"{plan.total_hosts:,}")),
        (_("下限"), _("{n} 台").format(n=f"{plan.total_lower_bound:,}")),
        (_("最小の証明"), _("証明済") if plan.zones and all(z.proven_optimal for z in plan.zones) else _("未証明")),
        (_("最小台数"), minimum_statement(plan.total_hosts, plan.total_lower_bound,
                                          bool(plan.zones) and all(z.proven_optimal for z in plan.zones))),
        (_("移行の回"), _("{n} 回").format(n=len(plan.waves))),
        (_("所要量を推定したサーバ"), _("{n} 台").format(n=plan.fallbacks)),
    ), columns=2))
    doc.add(Table(
        (Column(_("ネットワーク区分"), weight=2.0), Column(_("サーバ(台)"), ColumnKind.NUMBER),
         Column(_("ホスト(台)"), ColumnKind.NUMBER), Column(_("うち予備"), ColumnKind.NUMBER),
         Column(_("下限(台)"), ColumnKind.NUMBER), Column(_("最小の証明"))),
        tuple((zone_label(z.zone), z.servers, z.hosts, z.spares, z.lower_bound,
               _("証明済") if z.proven_optimal else _("未証明")) for z in plan.zones),
        title=_("区分別のホスト台数と下限"),
        total=(_("合計"), sum(z.servers for z in plan.zones), plan.total_hosts, sum(z.spares for z in plan.zones),
               plan.total_lower_bound, ""),
    ))
    doc.add(Chart(
        "bar", _("区分別のホスト台数と下限(台)"), tuple(zone_label(z.zone) for z in plan.zones),
        (Series(_("ホスト"), tuple(float(z.hosts) for z in plan.zones), "#2471a3"),
         Series(_("下限"), tuple(float(z.lower_bound) for z in plan.zones), "#95a5a6")),
        unit=_("台"), height_mm=55.0,
    ))
    doc.add(Table(
        (Column(_("ホスト")), Column(_("ネットワーク区分"), weight=1.5), Column(_("サーバ(台)"), ColumnKind.NUMBER),
         Column(_("CPU負荷"), ColumnKind.BAR, decimals=1, unit="%"),
         Column(_("メモリ負荷"), ColumnKind.BAR, decimals=1, unit="%"), Column(_("備考"))),
        tuple((h.name, zone_label(h.zone), len(h.servers), h.cpu_pct, h.memory_pct, _("予備") if h.spare else "")
              for h in plan.hosts),
        title=_("ホスト別の負荷(上限に対する割合)"),
    ))

    doc.add(Heading(_("3. ホスト別の配置"), new_page=True))
    by_host: dict[str, list[AssignmentFacts]] = defaultdict(list)
    for a in plan.assignments:
        by_host[a.host].append(a)
    # Fixed widths: the tables of all hosts line up down the pages.
    cols = (Column(_("サーバ管理番号"), width_mm=24), Column(_("ホスト名"), width_mm=52),
            Column(_("稼働システム"), weight=2.0), Column(_("vCPU"), ColumnKind.NUMBER, width_mm=13),
            Column(_("メモリ(GB)"), ColumnKind.NUMBER, decimals=1, width_mm=17),
            Column(_("移行の回"), ColumnKind.NUMBER, width_mm=15))
    for h in plan.hosts:
        members = sorted(by_host.get(h.name, ()), key=lambda a: a.server)
        title = _("{host}({zone}) CPU {cpu:.1f}% / メモリ {mem:.1f}%").format(
            host=h.name, zone=zone_label(h.zone), cpu=h.cpu_pct, mem=h.memory_pct)
        doc.add(Table(cols, tuple((a.server, a.hostname, "、".join(a.systems), a.vcpu, a.memory_gb, a.wave)
                                  for a in members),
                      title=title, empty_text=_("予備ホスト(平常時は空き)")))

    doc.add(Heading(_("4. 移行の日程"), new_page=True))
    doc.add(Table(
        (Column(_("回"), ColumnKind.NUMBER), Column(_("予定日"), ColumnKind.DATE),
         Column(_("サーバ(台)"), ColumnKind.NUMBER), Column(_("移行グループ"), ColumnKind.NUMBER),
         Column(_("最も早いサポート終了"), ColumnKind.DATE), Column(_("サーバ"), weight=4.0)),
        tuple((w.number, w.planned, len(w.servers), w.groups, w.earliest_due, "、".join(w.servers))
              for w in plan.waves),
        title=_("移行の回ごとの予定"), empty_text=_("移行の回はありません。"),
    ))

    doc.add(Heading(_("5. 計画の点検")))
    rows = []
    for label, kinds in CHECKS:
        errors = sum(1 for c in plan.checks if c.kind in kinds and c.severity == "error")
        warnings = sum(1 for c in plan.checks if c.kind in kinds and c.severity != "error")
        result = _("適合") if not errors and not warnings else (
            _("違反 {e} 件 / 注意 {w} 件").format(e=errors, w=warnings))
        rows.append((_(label), result))
    doc.add(Table((Column(_("点検項目"), weight=3.0), Column(_("結果"), weight=1.5)), tuple(rows),
                  title=_("点検の結果")))
    details = [c for c in plan.checks]
    doc.add(Table(
        (Column(_("区分")), Column(_("内容"), weight=4.0), Column(_("サーバ"), weight=2.0)),
        tuple((_("違反") if c.severity == "error" else _("注意"), c.text, "、".join(c.servers)) for c in details),
        title=_("指摘の一覧"), empty_text=_("指摘はありません。"),
    ))

    doc.add(Heading(_("6. 集約の効果(集約前と集約後)")))
    f = plan.figures
    doc.add(Table(
        (Column(_("項目"), weight=2.0), Column(_("集約前"), ColumnKind.NUMBER, decimals=1),
         Column(_("集約後"), ColumnKind.NUMBER, decimals=1), Column(_("削減"), ColumnKind.NUMBER, decimals=1)),
        (
            (_("サーバ・ホスト(台)"), f.servers_before, f.hosts_after, f.servers_before - f.hosts_after),
            (_("ラック占有(U)"), f.rack_u_before, f.rack_u_after, f.rack_u_before - f.rack_u_after),
            (_("消費電力(kW)"), f.kw_before, f.kw_after, f.kw_before - f.kw_after),
            (_("年間保守費(千円)"), f.maintenance_before, f.maintenance_after,
             f.maintenance_before - f.maintenance_after),
        ),
        title=_("集約前後の比較"),
    ))


def _excluded(doc: Document, inputs: ConsolidationInputs) -> None:
    rows = [(e.server, e.hostname, e.reason) for e in (inputs.plan.excluded if inputs.plan else [])]
    rows += [(e.server, e.hostname, e.reason) for e in inputs.ledger_excluded]
    doc.add(Heading(_("7. 集約の対象外としたサーバと理由"), new_page=True))
    by_reason: dict[str, int] = defaultdict(int)
    for _code, _host, reason in rows:
        by_reason[reason] += 1
    doc.add(Table((Column(_("理由"), weight=4.0), Column(_("サーバ(台)"), ColumnKind.NUMBER)),
                  tuple(sorted(by_reason.items(), key=lambda kv: (-kv[1], kv[0]))),
                  title=_("理由別の台数"), total=(_("合計"), len(rows)),
                  empty_text=_("対象外のサーバはありません。")))
    doc.add(Table((Column(_("サーバ管理番号")), Column(_("ホスト名"), weight=1.5), Column(_("理由"), weight=4.0)),
                  tuple(sorted(rows)), title=_("対象外のサーバの一覧({n} 台)").format(n=len(rows)),
                  empty_text=_("対象外のサーバはありません。")))
