"""Two users at once: a stale edit is refused, never merged, even mid-transaction on PostgreSQL."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select, text

from db import models as M
from db.ledger import Ledger, StaleWrite


@pytest.fixture
def two_users(ledger):
    with ledger.operation("edit") as op:
        dept = op.create("department", {"code": "D01", "name": "総務部"})
    other = Ledger(ledger.url)
    yield ledger, other, dept
    other.dispose()


def _history(ledger, dept):
    with ledger.read() as conn:
        return conn.execute(text("SELECT action, after FROM change WHERE record_id = :d "
                                 "AND record_type = 'department' ORDER BY id"), {"d": dept}).all()


def test_a_stale_edit_is_refused_with_what_is_there_now(two_users):
    alice, bob, dept = two_users
    with alice.operation("edit") as op:
        op.update("department", dept, {"name": "総務局"}, expected_version=1)
    with pytest.raises(StaleWrite) as refused, bob.operation("edit") as op:
        op.update("department", dept, {"name": "総務課"}, expected_version=1)
    assert refused.value.current["name"] == "総務局" and refused.value.current["version"] == 2
    assert "他の利用者" in str(refused.value)
    assert [a for a, _ in _history(alice, dept)] == ["create", "update"]


def test_an_import_overlapping_another_users_change_is_refused_whole(two_users):
    alice, bob, dept = two_users
    with alice.operation("edit") as op:
        op.update("department", dept, {"name": "総務局"}, expected_version=1)
    with pytest.raises(StaleWrite), bob.operation("import", context={"file": "survey.xlsx"}) as op:
        op.create_many("department", [{"code": f"N{i}", "name": f"新{i}"} for i in range(3)])
        op.update("department", dept, {"name": "調査票の値"}, expected_version=1)
    with alice.read() as conn:  # nothing of the import stayed: no records, no history batch
        assert conn.execute(select(func.count()).select_from(M.Department.__table__)).scalar() == 1
        assert conn.execute(select(func.count()).where(M.ChangeBatch.__table__.c.source == "import")).scalar() == 0


@pytest.mark.postgres
def test_concurrent_writers_the_second_is_refused_after_the_first_commits(two_users):
    """Both read version 1 inside open transactions; the second waits on the row, then is refused."""
    alice, bob, dept = two_users
    if alice.is_sqlite:
        pytest.skip("SQLite writers queue at BEGIN: the second reads after the first commits")
    result: dict[str, object] = {}
    bob_read = threading.Event()

    def bob_edits() -> None:
        try:
            with bob.operation("edit") as op:
                assert op.values("department", dept)["version"] == 1
                bob_read.set()
                op.update("department", dept, {"name": "ボブ"}, expected_version=1)  # blocks on Alice's lock
            result["bob"] = "committed"
        except StaleWrite as e:
            result["bob"] = e

    with alice.operation("edit") as op:
        op.update("department", dept, {"name": "アリス"}, expected_version=1)
        thread = threading.Thread(target=bob_edits)
        thread.start()
        assert bob_read.wait(10)
    thread.join(20)
    assert isinstance(result["bob"], StaleWrite)
    assert result["bob"].current["name"] == "アリス"
    with alice.read() as conn:
        assert conn.execute(text("SELECT name, version FROM department WHERE id = :d"), {"d": dept}).one() == ("アリス", 2)
    assert [a for a, _ in _history(alice, dept)] == ["create", "update"]
