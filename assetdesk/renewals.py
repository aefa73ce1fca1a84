"""Renewals coming (更新予定): systems whose next renewal or contract end falls in the coming
fiscal years, so that their introduction reviews start in time.

A renewal needs its review in the fiscal year before it (the budget is requested in the
autumn of that year), so a system renewing in FY N is due for review in FY N-1
(``REVIEW_LEAD_YEARS``). Systems past their renewal year and still running are listed as
overdue: the ledger says they should have been renewed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from assetdesk.i18n import N_, _
from assetdesk.scope import fiscal_year_of

REVIEW_LEAD_YEARS = 1
#: Systems whose renewal still matters (not retired, not absorbed, not being retired).
WATCHED_STATUSES = ("active", "renewal")

OVERDUE, REVIEW_NOW, UPCOMING = "overdue", "review_now", "upcoming"
URGENCY_LABELS = {
    OVERDUE: N_("更新時期超過"),
    REVIEW_NOW: N_("今年度に協議開始"),
    UPCOMING: N_("更新予定"),
}


@dataclass(frozen=True)
class Renewal:
    code: str
    name: str
    section: str
    #: The fiscal year the system must be renewed by: the earlier of the renewal plan and
    #: the fiscal year the contract ends in.
    due_fy: int
    next_renewal_fy: int | None
    contract_end: dt.date | None
    review_fy: int
    urgency: str
    annual_cost: int | None
    #: An introduction review already recorded for this system (its id), if any.
    consultation_id: int | None = None

    @property
    def urgency_label(self) -> str:
        return _(URGENCY_LABELS[self.urgency])

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "section": self.section, "due_fy": self.due_fy,
                "next_renewal_fy": self.next_renewal_fy,
                "contract_end": self.contract_end.isoformat() if self.contract_end else None,
                "review_fy": self.review_fy, "urgency": self.urgency, "annual_cost": self.annual_cost,
                "consultation_id": self.consultation_id}


def due_fy(values: Mapping[str, Any]) -> int | None:
    years = [values.get("next_renewal_fy")]
    end = values.get("contract_end")
    if end is not None:
        years.append(fiscal_year_of(end))
    known = [int(y) for y in years if y is not None]
    return min(known) if known else None


def upcoming_renewals(systems: Iterable[Mapping[str, Any]], today: dt.date, years: int = 3,
                      consultations: Mapping[str, int] | None = None,
                      include_overdue: bool = True) -> list[Renewal]:
    """Systems due in the current fiscal year or the ``years - 1`` after it (plus overdue ones),
    soonest first. ``consultations`` maps system codes to a review already under way."""
    from assetdesk.similar.profile import annual_cost_of

    if years < 1:
        raise ValueError("years must be at least 1")
    current = fiscal_year_of(today)
    last = current + years - 1
    out = []
    for v in systems:
        if v.get("status") not in WATCHED_STATUSES:
            continue
        due = due_fy(v)
        if due is None or due > last or (due < current and not include_overdue):
            continue
        review = due - REVIEW_LEAD_YEARS
        urgency = OVERDUE if due < current else REVIEW_NOW if review <= current else UPCOMING
        out.append(Renewal(
            code=v["system_code"], name=v.get("name") or "", section=v.get("section") or "", due_fy=due,
            next_renewal_fy=v.get("next_renewal_fy"), contract_end=v.get("contract_end"), review_fy=review,
            urgency=urgency, annual_cost=annual_cost_of(v),
            consultation_id=(consultations or {}).get(v["system_code"]),
        ))
    out.sort(key=lambda r: (r.due_fy, -(r.annual_cost or 0), r.code))
    return out
