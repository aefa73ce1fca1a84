"""The ledger window's list queries (db.listing) on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest

from db import listing as L
from tests.factories import blank, server, small_ledger, system

TODAY = dt.date(2026, 6, 1)


@pytest.fixture
def filled(ledger):
    small_ledger(ledger)
    with ledger.operation("command", "listing test records") as op:
        op.create_many("system", [
            system("SYS-0101", name="ｺｸﾎﾞ 電子申請システム", zone="internet", internal_audit=dt.date(2026, 1, 10)),
            system("SYS-0102", name="文書管理システム", section="S002", status="retired"),
            system("SYS-0103", name="統計データベース", zone="closed", criticality="B", next_renewal_fy=2026,
                   contract_end=dt.date(2026, 12, 31), external_audit=dt.date(2026, 3, 1)),
        ])
        op.create_many("server", [
            server("SRV-00101", "net-shinsei-01", ("SYS-0101",), zone="lgwan", os="Windows Server 2012 R2",
                   os_eol=dt.date(2023, 10, 10)),
            server("SRV-00102", "stat-db-01", ("SYS-0103",), zone="closed", kind="other_vm"),
        ])
        op.create_many("dataset", [
            blank("dataset", code="DAT-0001", name="AED設置箇所一覧", section="S001", form="csv", used_by=("S002",)),
        ])
    with ledger.read() as conn:
        yield ledger, conn


def codes(conn, view, ids):
    field = {"system": "system_code", "server": "server_code"}[view]
    rows = L.fetch_rows(conn, view, ids, [field])
    return [rows[i][0] for i in ids]


def test_search_matches_japanese_as_typed(filled):
    _ledger, conn = filled
    # Full-width katakana finds the half-width record, and hiragana finds katakana.
    for typed in ("コクボ", "こくぼ", "ｺｸﾎﾞ", "電子 申請", "でんし"):
        ids = L.list_ids(conn, "system", L.ListFilter(text=typed), today=TODAY)
        expected = [] if typed == "でんし" else ["SYS-0101"]
        assert codes(conn, "system", ids) == expected, typed
    # Terms match separately: one in the name, one in the department.
    ids = L.list_ids(conn, "system", L.ListFilter(text="財務 経営"), today=TODAY)
    assert codes(conn, "system", ids) == ["SYS-0001"]
    # Codes regardless of case and width.
    ids = L.list_ids(conn, "system", L.ListFilter(text="ｓｙｓ－０１０２"), today=TODAY)
    assert codes(conn, "system", ids) == ["SYS-0102"]
    # Server search covers hostnames, OS and the codes of their systems.
    ids = L.list_ids(conn, "server", L.ListFilter(text="2012 r2"), today=TODAY)
    assert codes(conn, "server", ids) == ["SRV-00101"]


def test_search_text_with_like_wildcards_is_literal(filled):
    _ledger, conn = filled
    assert L.list_ids(conn, "system", L.ListFilter(text="%"), today=TODAY) == []
    assert L.list_ids(conn, "system", L.ListFilter(text="_"), today=TODAY) == []


def test_filters(filled):
    _ledger, conn = filled
    def sys_codes(**kw):
        return sorted(codes(conn, "system", L.list_ids(conn, "system", L.ListFilter(**kw), today=TODAY)))

    assert sys_codes(department="D02") == ["SYS-0002", "SYS-0102"]
    assert sys_codes(section="S002", status="retired") == ["SYS-0102"]
    assert sys_codes(zone="closed") == ["SYS-0103"]
    assert sys_codes(criticality="A") == ["SYS-0001"]
    srv = sorted(codes(conn, "server", L.list_ids(conn, "server", L.ListFilter(department="D02"), today=TODAY)))
    assert srv == ["SRV-00003"]
    srv = codes(conn, "server", L.list_ids(conn, "server", L.ListFilter(kind="other_vm"), today=TODAY))
    assert srv == ["SRV-00102"]


def test_problem_filters(filled):
    _ledger, conn = filled
    def problem(name, view="system"):
        ids = L.list_ids(conn, view, L.ListFilter(problems=frozenset({name})), today=TODAY)
        return sorted(codes(conn, view, ids))

    assert problem("os_eol") == ["SYS-0101"]
    assert problem("os_eol", "server") == ["SRV-00101"]
    # internet system on an lgwan server: both sides disagree
    assert problem("zone_mismatch") == ["SYS-0101"]
    assert problem("zone_mismatch", "server") == ["SRV-00101"]
    # retired systems need no server and no audit
    assert problem("no_server") == []
    assert problem("no_audit") == ["SYS-0001", "SYS-0002", "SYS-0003"]
    assert problem("renewal_soon") == ["SYS-0103"]
    assert problem("contract_end_soon") == ["SYS-0103"]
    figures = L.dashboard_figures(conn, TODAY)
    assert figures["problems"]["os_eol"] == 1 and figures["problems"]["no_audit"] == 3
    assert figures["by_zone"]["closed"] == 1 and figures["systems"] == 6


def test_sort_by_column_with_empty_cells_last(filled):
    _ledger, conn = filled
    ids = L.list_ids(conn, "system", sort="criticality", today=TODAY)
    assert codes(conn, "system", ids)[:2] == ["SYS-0001", "SYS-0103"]
    ids = L.list_ids(conn, "system", sort="criticality", descending=True, today=TODAY)
    assert codes(conn, "system", ids)[:2] == ["SYS-0103", "SYS-0001"]
    ids = L.list_ids(conn, "system", sort="name", today=TODAY)
    names = [r[0] for r in (L.fetch_rows(conn, "system", ids, ["name"])[i] for i in ids)]
    assert names == sorted(names)


def test_rows_of_every_view(filled):
    _ledger, conn = filled
    for name, view in L.VIEWS.items():
        ids = L.list_ids(conn, name, today=TODAY)
        rows = L.fetch_rows(conn, name, ids)
        assert len(rows) == len(ids) > 0
        assert all(len(r) == len(view.columns) for r in rows.values())
        assert L.count(conn, name) == len(ids)
    srv = L.list_ids(conn, "server", L.ListFilter(text="lg-kenko"), today=TODAY)
    assert L.fetch_rows(conn, "server", srv, ["systems"])[srv[0]] == ("SYS-0002, SYS-0003",)


def test_related_and_next_code(filled):
    _ledger, conn = filled
    sys1 = L.list_ids(conn, "system", L.ListFilter(text="SYS-0003"), today=TODAY)[0]
    rel = L.related(conn, "system", sys1)
    kinds = {(r.relation, r.record_type) for r in rel}
    assert ("連携元(利用されている)", "dependency") in kinds and ("稼働サーバ", "server") in kinds
    assert len(L.dependencies_of_system(conn, sys1)) == 2
    assert L.next_code(conn, "system") == "SYS-0104"
    assert L.next_code(conn, "server") == "SRV-00103"


def test_filter_round_trip():
    flt = L.ListFilter(text="財務", zone="lgwan", problems=frozenset({"os_eol", "no_audit"}))
    assert L.ListFilter.from_dict(flt.to_dict()) == flt
    assert blank("host")["name"] is None
