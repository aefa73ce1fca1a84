"""Renewals coming: which systems need their review started, and when."""

from __future__ import annotations

import datetime as dt

import pytest

from assetdesk.renewals import OVERDUE, REVIEW_NOW, UPCOMING, due_fy, upcoming_renewals
from tests.factories import system

TODAY = dt.date(2026, 11, 26)  # fiscal year 2026


def systems():
    return [
        system("SYS-0001", next_renewal_fy=2026, cost_operation=100),
        system("SYS-0002", next_renewal_fy=2027, contract_end=dt.date(2030, 3, 31)),
        system("SYS-0003", next_renewal_fy=2030, contract_end=dt.date(2028, 3, 31)),  # contract ends in FY2027
        system("SYS-0004", next_renewal_fy=2028),
        system("SYS-0005", next_renewal_fy=2029),
        system("SYS-0006", next_renewal_fy=2024),  # past, still running
        system("SYS-0007", next_renewal_fy=2026, status="retired"),
        system("SYS-0008", next_renewal_fy=2026, status="consolidated"),
        system("SYS-0009"),  # nothing known
        system("SYS-0010", contract_end=dt.date(2027, 1, 31)),  # FY2026 by its contract only
    ]


def test_due_year_is_the_earlier_of_renewal_and_contract_end():
    assert due_fy({"next_renewal_fy": 2030, "contract_end": dt.date(2028, 3, 31)}) == 2027
    assert due_fy({"next_renewal_fy": 2027, "contract_end": dt.date(2028, 4, 1)}) == 2027
    assert due_fy({}) is None


def test_coming_three_years_with_overdue_first():
    rows = upcoming_renewals(systems(), TODAY, years=3, consultations={"SYS-0004": 12})
    assert [(r.code, r.due_fy, r.urgency) for r in rows] == [
        ("SYS-0006", 2024, OVERDUE),
        ("SYS-0001", 2026, REVIEW_NOW),  # costlier first within a year
        ("SYS-0010", 2026, REVIEW_NOW),
        ("SYS-0002", 2027, REVIEW_NOW),  # review in FY2026 for a FY2027 renewal
        ("SYS-0003", 2027, REVIEW_NOW),
        ("SYS-0004", 2028, UPCOMING),
    ]
    assert rows[-1].consultation_id == 12 and rows[-1].review_fy == 2027
    assert rows[1].annual_cost == 100


def test_window_and_overdue_switch():
    rows = upcoming_renewals(systems(), TODAY, years=1, include_overdue=False)
    assert {r.code for r in rows} == {"SYS-0001", "SYS-0010"}
    with pytest.raises(ValueError):
        upcoming_renewals(systems(), TODAY, years=0)


def test_renewals_on_the_ledger(ledger):
    from db.portfolio import create_consultation, renewals
    from tests.factories import small_ledger

    small_ledger(ledger)
    with ledger.operation("command", "renewal years") as op:
        op.update("system", 1, {"next_renewal_fy": 2027}, None)
        op.update("system", 2, {"next_renewal_fy": 2035}, None)
    cid = create_consultation(ledger, {"title": "財務会計システム更新", "section": "S001", "kind": "renewal",
                                       "system": "SYS-0001"})
    with ledger.read() as conn:
        rows = renewals(conn, years=3, today=TODAY)
    assert [(r.code, r.consultation_id) for r in rows] == [("SYS-0001", cid)]
