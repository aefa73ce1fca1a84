"""Alembic migrations: the models and the migrations agree; old ledgers upgrade, after a backup."""

from __future__ import annotations

import datetime as dt

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import insert, inspect, select

from assetdesk import fields as F
from db import migrate
from db import models as M
from db.engine import data_dir, make_engine
from db.ledger import Ledger, load_values
from db.records import RECORD_TYPES


def test_migrations_create_exactly_the_models(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'm.sqlite'}")
    migrate.upgrade(engine)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), M.metadata)
    assert diff == []


def test_tables_hold_every_field_of_the_data_dictionary():
    for name, rt in RECORD_TYPES.items():
        cols = set(rt.table.c.keys())
        for f in F.RECORD_FIELDS[name]:
            ref = rt.reference(f.name)
            assert (ref.column if ref else f.name) in cols or rt.link(f.name), f"{name}.{f.name}"


def test_upgrade_from_first_revision_keeps_records_and_backs_up(tmp_path):
    """A ledger made by revision 0001 and filled upgrades to head with its rows intact."""
    path = tmp_path / "old.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    first = migrate.revisions()[0]
    migrate.upgrade(engine, first)
    t = M.metadata.tables
    with engine.begin() as conn:
        conn.execute(insert(t["department"]).values(id=1, code="D01", name="経営管理部", version=1))
        conn.execute(insert(t["section"]).values(id=1, code="S001", name="情報システム課", department_id=1, version=1))
        conn.execute(insert(t["system"]).values(id=1, system_code="SYS-0001", name="財務会計システム",
                                                section_id=1, network_zone="lgwan", status="active",
                                                in_service=dt.date(2010, 4, 1), version=3, search_key=""))
        conn.execute(insert(t["change_batch"]).values(id=1, at=dt.datetime(2017, 4, 1, tzinfo=dt.UTC),
                                                      user="u", machine="m", source="edit", detail=""))
        conn.execute(insert(t["change"]).values(batch_id=1, record_type="system", record_id=1,
                                                record_code="SYS-0001", action="create", after={"name": "x"}))
    engine.dispose()

    ledger = Ledger.open(str(path))  # opening upgrades
    assert migrate.current_revision(ledger.engine) == migrate.head_revision()
    assert "survey_round" in inspect(ledger.engine).get_table_names()
    with ledger.read() as conn:
        v = load_values(conn, "system", [1])[1]
        assert v["name"] == "財務会計システム" and v["version"] == 3 and v["section"] == "S001"
        assert conn.execute(select(t["change"].c.after)).scalar_one() == {"name": "x"}
    backups = list((data_dir() / "backups").glob("ledger-*-schema-*.sqlite"))
    assert len(backups) == 1
    # the backup is the old ledger as it was: still at the first revision
    old = make_engine(f"sqlite:///{backups[0]}")
    assert migrate.current_revision(old) == first
    old.dispose()
    ledger.dispose()


def test_fresh_ledger_is_created_without_backup(tmp_path):
    ledger = Ledger.open(str(tmp_path / "new.sqlite"))
    assert migrate.current_revision(ledger.engine) == migrate.head_revision()
    assert not (data_dir() / "backups").exists() or not list((data_dir() / "backups").iterdir())
    ledger.dispose()


def test_sqlite_is_opened_safely(tmp_path):
    ledger = Ledger.open(str(tmp_path / "s.sqlite"))
    with ledger.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
    ledger.dispose()
