"""The ICT plan's indicators (評価指標): baseline, yearly actuals, target, and how far along.

Most indicators are entered by hand each year; the ones whose ``source`` is "ledger" (the
count of servers in consolidation scope) are computed from the ledger itself by the database
layer, so the indicator and ``stats`` can never disagree. ``indicator_report`` gives the plain
content of the printable report; the renderer lays it out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from assetdesk.i18n import N_, _

#: The indicator the ledger computes: servers in consolidation scope at fiscal year end.
SERVER_INDICATOR = "server_consolidation"
LEDGER_SOURCE, MANUAL_SOURCE = "ledger", "manual"
#: Dedicated terminals and lines in use at fiscal year end (assetdesk.terminals), also from the ledger.
TERMINAL_INDICATOR, LINE_INDICATOR = "dedicated_terminals", "dedicated_lines"
LEDGER_INDICATORS = (SERVER_INDICATOR, TERMINAL_INDICATOR, LINE_INDICATOR)


@dataclass(frozen=True)
class IndicatorSeries:
    code: str
    name: str
    unit: str = ""
    baseline_fy: int | None = None
    baseline: float | None = None
    target_fy: int | None = None
    target: float | None = None
    source: str = MANUAL_SOURCE
    actuals: dict[int, float] = field(default_factory=dict)

    @property
    def years(self) -> list[int]:
        """Every fiscal year from the baseline (or first actual) to the target (or last actual)."""
        known = [y for y in (self.baseline_fy, self.target_fy, *self.actuals) if y is not None]
        return list(range(min(known), max(known) + 1)) if known else []

    def latest(self) -> tuple[int, float] | None:
        if not self.actuals:
            return None
        fy = max(self.actuals)
        return fy, self.actuals[fy]

    def planned(self, fy: int) -> float | None:
        """The value the plan expects in ``fy``: a straight line from baseline to target."""
        if None in (self.baseline_fy, self.baseline, self.target_fy, self.target):
            return None
        if self.target_fy == self.baseline_fy:
            return self.target
        if fy <= self.baseline_fy:
            return self.baseline
        if fy >= self.target_fy:
            return self.target
        share = (fy - self.baseline_fy) / (self.target_fy - self.baseline_fy)
        return self.baseline + (self.target - self.baseline) * share

    def achievement(self, fy: int | None = None) -> float | None:
        """Share of the way from baseline to target reached in ``fy`` (latest actual by default):
        0 at the baseline, 1 at the target, works for falling and rising targets alike."""
        if self.baseline is None or self.target is None or self.baseline == self.target:
            return None
        if fy is None:
            last = self.latest()
            if last is None:
                return None
            value = last[1]
        elif fy in self.actuals:
            value = self.actuals[fy]
        else:
            return None
        return (value - self.baseline) / (self.target - self.baseline)

    def on_track(self, fy: int | None = None) -> bool | None:
        """Whether the actual of ``fy`` (latest by default) is at least as far as the plan's line."""
        if fy is None:
            last = self.latest()
            if last is None:
                return None
            fy = last[0]
        actual, planned = self.actuals.get(fy), self.planned(fy)
        if actual is None or planned is None or self.baseline is None or self.target is None:
            return None
        return actual <= planned if self.target < self.baseline else actual >= planned


def with_ledger_actuals(series: IndicatorSeries, computed: Mapping[int, float]) -> IndicatorSeries:
    """``series`` with the ledger's own figures in place of stored ones for those years."""
    return IndicatorSeries(series.code, series.name, series.unit, series.baseline_fy, series.baseline,
                           series.target_fy, series.target, series.source,
                           {**series.actuals, **{int(k): float(v) for k, v in computed.items()}})


def value_problems(series: IndicatorSeries, fy: int, value: float) -> list[str]:
    out = []
    if not 2000 <= fy <= 2100:
        out.append(_("年度が正しくありません: {fy}").format(fy=fy))
    if series.source == LEDGER_SOURCE:
        out.append(_("{name} は台帳から集計されるため手入力できません。").format(name=series.name))
    if value < 0:
        out.append(_("値は0以上で入力してください。"))
    return out


REPORT_TITLE = N_("評価指標の達成状況")
COLUMNS = (N_("年度"), N_("実績"), N_("計画値"), N_("達成率"))


def chart_points(series: IndicatorSeries) -> dict[str, list]:
    """What a chart of one indicator plots: years, actuals (None where missing), the plan line."""
    years = series.years
    return {"years": years, "actual": [series.actuals.get(y) for y in years],
            "planned": [series.planned(y) for y in years],
            "baseline": series.baseline, "target": series.target}


def indicator_report(all_series: Iterable[IndicatorSeries], today: dt.date) -> dict[str, Any]:
    """The content of the printable indicator report as plain data (texts already translated).

    ``{"title", "as_of", "columns", "indicators": [{"code", "name", "unit", "source", "baseline_fy",
    "baseline", "target_fy", "target", "latest_fy", "latest", "achievement", "on_track",
    "rows": [[fy, actual, planned, achievement]], "chart": chart_points(...)}]}``
    """
    items = []
    for s in all_series:
        last = s.latest()
        items.append({
            "code": s.code, "name": s.name, "unit": s.unit, "source": s.source,
            "source_label": _("台帳から集計") if s.source == LEDGER_SOURCE else _("手入力"),
            "baseline_fy": s.baseline_fy, "baseline": s.baseline, "target_fy": s.target_fy, "target": s.target,
            "latest_fy": last[0] if last else None, "latest": last[1] if last else None,
            "achievement": s.achievement(), "on_track": s.on_track(),
            "rows": [[fy, s.actuals.get(fy), s.planned(fy), s.achievement(fy)] for fy in s.years],
            "chart": chart_points(s),
        })
    return {"title": _(REPORT_TITLE), "as_of": today.isoformat(), "columns": [_(c) for c in COLUMNS],
            "indicators": items}
