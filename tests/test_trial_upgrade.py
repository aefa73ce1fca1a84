"""Issue 10: a ledger made by every earlier schema revision, filled with the demo prefecture,
upgrades to the current revision with every record and history entry intact, after a backup
that still holds the old ledger as it was."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import make_url

from db import migrate
from db.backup import _copy_rows
from db.engine import data_dir, make_engine, sqlite_url
from db.ledger import Ledger
from tests.trials.fingerprint import columns, integrity, state

EARLIER = migrate.revisions()[:-1]


def _demo_at(revision: str, url: str, demo_file) -> None:
    """A ledger at ``revision`` holding the demo's rows (every table and column that revision has)."""
    engine = make_engine(url)
    migrate.upgrade(engine, revision)
    source = make_engine(sqlite_url(demo_file))
    _copy_rows(source, engine, snapshot=False)
    source.dispose()
    engine.dispose()


@pytest.fixture(scope="module")
def demo_file(sqlite_templates):
    from tests.conftest import _with_demo

    return sqlite_templates("demo", _with_demo)


def _check_upgrade(url: str, revision: str, old_columns, old_state) -> None:
    assert old_state["system"] and old_state["change"], "the old ledger holds the demo and its history"
    ledger = Ledger.open(url)  # opening upgrades, after a backup
    try:
        assert migrate.current_revision(ledger.engine) == migrate.head_revision()
    finally:
        ledger.dispose()
    only = dict(old_columns)
    assert state(url, only=only) == old_state
    backups = list((data_dir() / "backups").glob(f"ledger-*-schema-{revision}.sqlite"))
    assert len(backups) == 1
    assert integrity(backups[0]) == "ok"
    assert state(sqlite_url(backups[0]), only=only) == old_state
    old = make_engine(sqlite_url(backups[0]))
    assert migrate.current_revision(old) == revision
    old.dispose()


@pytest.mark.parametrize("revision", EARLIER)
def test_every_earlier_revision_upgrades_with_the_demo_intact(revision, demo_file, tmp_path):
    url = sqlite_url(tmp_path / f"at-{revision}.sqlite")
    _demo_at(revision, url, demo_file)
    cols = columns(url)
    _check_upgrade(url, revision, cols, state(url, only=cols))


@pytest.mark.postgres
@pytest.mark.parametrize("revision", EARLIER)
def test_every_earlier_revision_upgrades_on_postgres(revision, demo_file, pg_server):
    url = pg_server.create()
    try:
        _demo_at(revision, url, demo_file)
        assert make_url(url).get_backend_name() == "postgresql"
        cols = columns(url)
        _check_upgrade(url, revision, cols, state(url, only=cols))
    finally:
        pg_server.drop(url)
