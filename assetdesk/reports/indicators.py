"""評価指標の状況: the ICT plan's indicators, baseline, target and actual per fiscal year."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from assetdesk.i18n import _
from assetdesk.reports import format as fmt
from assetdesk.reports.common import new_document
from assetdesk.reports.model import Chart, Column, ColumnKind, Document, Heading, Paragraph, Series, Table


@dataclass(frozen=True)
class IndicatorFacts:
    code: str
    name: str
    unit: str
    baseline_fy: int | None
    baseline: float | None
    target_fy: int | None
    target: float | None
    values: dict[int, float]  # actual per fiscal year
    computed: bool = False  # taken from the ledger (the consolidation indicator), not typed in

    @property
    def latest(self) -> tuple[int, float] | None:
        return max(self.values.items()) if self.values else None

    def progress_pct(self) -> float | None:
        """How far the latest actual has gone from the baseline toward the target (either way)."""
        latest = self.latest
        if latest is None or self.baseline is None or self.target is None or self.target == self.baseline:
            return None
        return 100.0 * (latest[1] - self.baseline) / (self.target - self.baseline)


@dataclass
class IndicatorInputs:
    indicators: list[IndicatorFacts]
    today: dt.date = field(default_factory=dt.date.today)


def _decimals(values: list[float | None]) -> int:
    return 0 if all(v is None or float(v).is_integer() for v in values) else 1


def indicators_report(inputs: IndicatorInputs) -> Document:
    doc = new_document(_("評価指標の状況"), inputs.today)
    doc.add(Heading(_("評価指標の状況")))
    rows = []
    for ind in inputs.indicators:
        latest = ind.latest
        rows.append((ind.name, ind.unit, ind.baseline_fy, ind.baseline, ind.target_fy, ind.target,
                     latest[0] if latest else None, latest[1] if latest else None, ind.progress_pct()))
    doc.add(Table(
        (Column(_("指標"), weight=4.0), Column(_("単位")), Column(_("基準年度")),
         Column(_("基準値"), ColumnKind.NUMBER, decimals=1), Column(_("目標年度")),
         Column(_("目標値"), ColumnKind.NUMBER, decimals=1), Column(_("最新の年度")),
         Column(_("最新の実績"), ColumnKind.NUMBER, decimals=1),
         Column(_("進捗(%)"), ColumnKind.BAR, decimals=0, unit="%")),
        tuple((r[0], r[1], _fy(r[2]), r[3], _fy(r[4]), r[5], _fy(r[6]), r[7], r[8]) for r in rows),
        title=_("指標の一覧"), empty_text=_("評価指標は登録されていません。"),
    ))
    doc.add(Paragraph(_("進捗は基準値から目標値までのうち最新の実績が進んだ割合。台帳から算出する指標(集約対象サーバ数)は各年度末の台帳の値。")))
    for ind in inputs.indicators:
        years = sorted(set(ind.values) | {y for y in (ind.baseline_fy, ind.target_fy) if y is not None})
        if not years:
            continue
        years = list(range(years[0], years[-1] + 1))
        decimals = _decimals([*ind.values.values(), ind.baseline, ind.target])
        targets = []
        if ind.baseline_fy is not None and ind.baseline is not None:
            targets.append((years.index(ind.baseline_fy), ind.baseline,
                            _("基準 {v}").format(v=fmt.number(ind.baseline, decimals))))
        if ind.target_fy is not None and ind.target is not None:
            targets.append((years.index(ind.target_fy), ind.target,
                            _("目標 {v}").format(v=fmt.number(ind.target, decimals))))
        doc.add(Chart(
            "line", (_("{name}({unit})").format(name=ind.name, unit=ind.unit) if ind.unit else ind.name)
            + (_("・台帳から算出") if ind.computed else ""),
            tuple(str(fy) for fy in years),
            (Series(_("実績"), tuple(ind.values.get(fy) for fy in years), "#2471a3"),),
            unit=ind.unit, targets=tuple(targets), height_mm=50.0, target_label=_("基準値・目標値"),
        ))
    return doc


def _fy(fy: int | None) -> str:
    return _("{fy}年度").format(fy=fy) if fy else ""
