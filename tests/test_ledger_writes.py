"""The one write path: history for every kind of change, stale writes refused, deletes safe."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from db import models as M
from db.ledger import LedgerError, StaleWrite, UnknownReference, load_values, record_id
from db.queries import history
from tests.factories import small_ledger, system


def _id(ledger, record_type, code):
    with ledger.read() as conn:
        return record_id(conn, record_type, code)


def test_create_records_history_with_who_when_where(ledger):
    small_ledger(ledger)
    with ledger.read() as conn:
        rows = history(conn, "SYS-0001")
        batch = conn.execute(select(M.ChangeBatch.__table__)).mappings().one()
    assert [r["action"] for r in rows] == ["create"]
    assert rows[0]["after"]["name"] == "財務会計システム"
    assert rows[0]["after"]["section"] == "S001"  # references read as codes, not ids
    assert rows[0]["before"] is None
    assert batch["user"] == ledger.user and batch["machine"] and batch["source"] == "command"
    assert batch["at"] is not None


def test_update_records_before_and_after_and_bumps_version(ledger):
    small_ledger(ledger)
    sid = _id(ledger, "system", "SYS-0002")
    with ledger.operation("edit", "画面編集") as op:
        new_version = op.update("system", sid, {"name": "健康管理システム(改)", "users": 120}, expected_version=1)
    assert new_version == 2
    with ledger.read() as conn:
        change = history(conn, "SYS-0002")[0]
        values = load_values(conn, "system", [sid])[sid]
    assert change["action"] == "update" and change["source"] == "edit"
    assert change["before"]["name"] == "健康管理システム" and change["after"]["name"] == "健康管理システム(改)"
    assert change["before"]["users"] is None and change["after"]["users"] == 120
    assert values["version"] == 2 and values["users"] == 120


def test_update_of_server_systems_changes_links_and_history(ledger):
    small_ledger(ledger)
    sid = _id(ledger, "server", "SRV-00003")
    with ledger.operation("edit") as op:
        op.update("server", sid, {"systems": ("SYS-0002",)}, expected_version=1)
    with ledger.read() as conn:
        v = load_values(conn, "server", [sid])[sid]
        change = history(conn, "SRV-00003")[0]
    assert v["systems"] == ("SYS-0002",)
    assert change["before"]["systems"] == ["SYS-0002", "SYS-0003"] and change["after"]["systems"] == ["SYS-0002"]


def test_delete_records_history_and_refuses_to_orphan_dependencies(ledger):
    small_ledger(ledger)
    sys3 = _id(ledger, "system", "SYS-0003")
    with pytest.raises(LedgerError, match="SYS-0001→SYS-0003"), ledger.operation("edit") as op:
        op.delete("system", sys3, expected_version=1)
    # the refused delete left nothing behind, not even its history batch
    with ledger.read() as conn:
        assert record_id(conn, "system", "SYS-0003") == sys3
        assert conn.execute(select(M.ChangeBatch.__table__.c.source)).scalars().all() == ["command"]
    srv = _id(ledger, "server", "SRV-00003")
    with ledger.operation("edit") as op:
        op.delete("server", srv, expected_version=1)
    with ledger.read() as conn:
        change = history(conn, "SRV-00003")[0]
        assert record_id(conn, "server", "SRV-00003") is None
    assert change["action"] == "delete" and change["after"] is None and change["before"]["hostname"] == "lg-kenko-01"


def test_stale_write_is_refused_not_merged(ledger):
    small_ledger(ledger)
    sid = _id(ledger, "system", "SYS-0001")
    with ledger.operation("edit") as op:  # user B saves first
        op.update("system", sid, {"users": 10}, expected_version=1)
    with pytest.raises(StaleWrite) as err, ledger.operation("edit") as op:  # user A saw version 1
        op.update("system", sid, {"users": 99}, expected_version=1)
    assert err.value.current["users"] == 10 and err.value.current["version"] == 2
    with ledger.read() as conn:
        assert load_values(conn, "system", [sid])[sid]["users"] == 10


def test_stale_delete_is_refused(ledger):
    small_ledger(ledger)
    sid = _id(ledger, "server", "SRV-00001")
    with ledger.operation("edit") as op:
        op.update("server", sid, {"cpu_cores": 8}, expected_version=1)
    with pytest.raises(StaleWrite), ledger.operation("edit") as op:
        op.delete("server", sid, expected_version=1)


def test_concurrent_writers_one_wins(ledger):
    """Two connections update the same version at once: exactly one succeeds."""
    small_ledger(ledger)
    sid = _id(ledger, "system", "SYS-0001")
    results: list[str] = []
    barrier = threading.Barrier(2)

    def writer(users: int) -> None:
        barrier.wait()
        try:
            with ledger.operation("edit") as op:
                op.update("system", sid, {"users": users}, expected_version=1)
            results.append("ok")
        except StaleWrite:
            results.append("stale")

    threads = [threading.Thread(target=writer, args=(n,)) for n in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["ok", "stale"]


def test_unknown_reference_refused_and_nothing_written(ledger):
    small_ledger(ledger)
    with pytest.raises(UnknownReference), ledger.operation("import") as op:
        op.create("system", system("SYS-0100", name="新システム"))
        op.create("system", system("SYS-0101", section="S999"))
    with ledger.read() as conn:
        assert record_id(conn, "system", "SYS-0100") is None  # all or nothing


def test_unchanged_update_writes_no_history(ledger):
    small_ledger(ledger)
    sid = _id(ledger, "system", "SYS-0001")
    with ledger.operation("edit") as op:
        assert op.update("system", sid, {"name": "財務会計システム"}, expected_version=1) == 1
    with ledger.read() as conn:
        assert [r["action"] for r in history(conn, "SYS-0001")] == ["create"]


def test_search_key_is_folded(ledger):
    small_ledger(ledger)
    with ledger.read() as conn:
        key = conn.execute(select(M.System.__table__.c.search_key)
                           .where(M.System.__table__.c.system_code == "SYS-0003")).scalar_one()
    assert "sys-0003" in key and "統合認証基盤" in key
