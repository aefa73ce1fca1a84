"""Backups are consistent copies that restore exactly, across SQLite and PostgreSQL."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import MetaData, select

from db.backup import BackupError, backup, restore
from db.engine import sqlite_url
from db.ledger import Ledger
from db.models import TABLE_ORDER
from tests.factories import small_ledger


def snapshot(ledger: Ledger) -> dict[str, list[tuple]]:
    """Every row of every ledger table, in primary-key order (comparable across backends)."""
    meta = MetaData()
    meta.reflect(ledger.engine)
    out = {}
    with ledger.read() as conn:
        for name in TABLE_ORDER:
            t = meta.tables[name]
            cols = sorted(c.name for c in t.columns)
            rows = conn.execute(select(*(t.c[c] for c in cols)).order_by(*t.primary_key.columns)).all()
            out[name] = [tuple(_norm(v) for v in r) for r in rows]
    return out


def _norm(v):
    # Both backends give back equal values; only timestamps differ in tz representation.
    if hasattr(v, "tzinfo") and getattr(v, "tzinfo", None) is not None:
        return v.replace(tzinfo=None)
    return v


def test_backup_restore_round_trip(ledger, tmp_path):
    small_ledger(ledger)
    before = snapshot(ledger)
    out = backup(ledger.engine, tmp_path / "b.sqlite")
    with sqlite3.connect(out) as c:
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # change the ledger, then restore: everything is as it was
    with ledger.operation("edit") as op:
        op.update("system", 1, {"users": 5}, expected_version=None)
    restore(ledger.engine, out)
    assert snapshot(ledger) == before
    # and the ledger keeps working (ids continue after the restored rows)
    with ledger.operation("edit") as op:
        op.update("system", 1, {"users": 7}, expected_version=1)


def test_backup_opens_as_a_ledger(ledger, tmp_path):
    small_ledger(ledger)
    out = backup(ledger.engine, tmp_path / "copy.sqlite")
    copy = Ledger.open(sqlite_url(out))
    assert snapshot(copy)["system"] == snapshot(ledger)["system"]
    copy.dispose()


def test_restore_refuses_a_file_that_is_not_a_backup(ledger, tmp_path):
    small_ledger(ledger)
    before = snapshot(ledger)
    bad = tmp_path / "not.sqlite"
    bad.write_text("hello")
    with pytest.raises(BackupError):
        restore(ledger.engine, bad)
    assert snapshot(ledger) == before


def test_restore_takes_a_backup_of_what_it_replaces(ledger, tmp_path, monkeypatch):
    small_ledger(ledger)
    out = backup(ledger.engine, tmp_path / "b.sqlite")
    restore(ledger.engine, out)
    from db.engine import data_dir

    assert list((data_dir() / "backups").glob("ledger-*-before-restore.sqlite"))


@pytest.mark.postgres
def test_demo_moves_sqlite_to_postgresql_and_back_identical(sqlite_demo_ledger, pg_server, tmp_path):
    """A local ledger moves to the shared server and back with every record and history entry."""
    original = snapshot(sqlite_demo_ledger)
    first = backup(sqlite_demo_ledger.engine, tmp_path / "local.sqlite")
    pg_url = pg_server.create()
    shared = Ledger.open(pg_url)
    try:
        restore(shared.engine, first)
        assert snapshot(shared) == original
        back = backup(shared.engine, tmp_path / "shared.sqlite")
    finally:
        shared.dispose()
        pg_server.drop(pg_url)
    local = Ledger.open(str(tmp_path / "again.sqlite"))
    restore(local.engine, back)
    assert snapshot(local) == original
    local.dispose()
