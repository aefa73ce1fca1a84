"""Issue 10: the write paths lose nothing when a statement or a row fails, or the writer is killed.

Each write path (import of a survey-round workbook, plan adoption, restore of a backup, demo
load, undo of an import) runs on a copy of a prepared ledger:

* an injected failure at statement k, and (SQLite) at row k inside the database engine, must
  leave every table exactly as before: records, history, survey rounds, scenarios;
* a child process doing the write is killed with SIGKILL at a random statement: the ledger
  opens, passes PRAGMA integrity_check, and holds the state before or the state after;
* the same on PostgreSQL (the client is killed; the server rolls back).

Reduced here (a spread sample of k, a few kills per path); every k and 25 kills per path with
``--full-trials`` (or ``python bench/trials.py``).

One more: a failed import leaves a full export of the ledger identical, cell for cell.
"""

from __future__ import annotations

import random

import pytest

from tests.trials import budget
from tests.trials.runs import fault_trials, kill_trials
from tests.trials.setups import on_postgres, pg_copier, prepare, sqlite_copier

KILL_PATHS = ("import", "adopt", "restore", "demo")
FAULT_PATHS = ("import", "adopt", "restore", "demo", "undo")


@pytest.fixture(scope="module")
def setups(tmp_path_factory):
    return prepare(tmp_path_factory.mktemp("trial-setups"))


@pytest.fixture(scope="module")
def pg_setups(setups, pg_server):
    made = on_postgres(setups, pg_server, FAULT_PATHS)
    yield made
    for url in {s.base_url for s in made.values()}:
        pg_server.drop(url)


def _limit(config, reduced: int, path: str) -> int | None:
    """Reduced: a few spread points. Full: every k of the import (the realistic workbook), 150
    spread points of the others (a restore writes 12,000 rows, the demo 6,000)."""
    if not budget.full(config):
        return reduced
    return None if path == "import" else 150


@pytest.mark.parametrize("mode", ["statement", "row"])
@pytest.mark.parametrize("path", FAULT_PATHS)
def test_failure_at_any_point_leaves_the_ledger_as_it_was(setups, tmp_path, request, path, mode):
    tally = fault_trials(setups[path], sqlite_copier(tmp_path), mode, _limit(request.config, 4, path))
    assert tally.trials >= min(4, tally.notes["points"])
    assert tally.failures == []


@pytest.mark.postgres
@pytest.mark.parametrize("path", ["import", "adopt", "restore", "undo"])
def test_failure_at_any_statement_on_postgres(pg_setups, pg_server, request, path):
    tally = fault_trials(pg_setups[path], pg_copier(pg_server), "statement", _limit(request.config, 2, path))
    assert tally.failures == []


@pytest.mark.parametrize("path", KILL_PATHS)
def test_killed_writer_leaves_before_or_after(setups, tmp_path, request, path):
    trials = budget.count(request.config, 2, 25)
    tally = kill_trials(setups[path], sqlite_copier(tmp_path), trials, random.Random(f"{path}-sqlite"), tmp_path)
    assert tally.trials == trials
    assert tally.failures == []


@pytest.mark.postgres
@pytest.mark.parametrize("path", ["import", "adopt", "restore"])
def test_killed_client_leaves_before_or_after_on_postgres(pg_setups, pg_server, tmp_path, request, path):
    trials = budget.count(request.config, 2, 25)
    tally = kill_trials(pg_setups[path], pg_copier(pg_server), trials, random.Random(f"{path}-pg"), tmp_path)
    assert tally.trials == trials
    assert tally.failures == []


def test_failed_import_leaves_the_export_identical(setups, tmp_path):
    """The issue's own yardstick: a full export before and after a failed import are equal."""
    from openpyxl import load_workbook

    from db.ledger import Ledger
    from importers.export import export_ledger
    from tests.trials.faults import InjectedFault, StatementFault

    url, dispose = sqlite_copier(tmp_path)(setups["import"])
    ledger = Ledger(url)
    before = export_ledger(ledger, tmp_path / "before.xlsx")
    setups["import"].ready(ledger)
    with pytest.raises(InjectedFault), StatementFault(ledger.engine, 60):
        setups["import"].write(ledger)
    after = export_ledger(ledger, tmp_path / "after.xlsx")
    ledger.dispose()
    dispose()
    a, b = load_workbook(before), load_workbook(after)
    assert a.sheetnames == b.sheetnames
    for name in a.sheetnames:
        assert [list(r) for r in a[name].iter_rows(values_only=True)] == \
            [list(r) for r in b[name].iter_rows(values_only=True)], name



def test_backup_is_one_self_contained_file(setups, tmp_path):
    from db.backup import backup
    from db.ledger import Ledger

    url, dispose = sqlite_copier(tmp_path)(setups["import"])
    ledger = Ledger(url)
    out = backup(ledger.engine, tmp_path / "media" / "b.sqlite")
    ledger.dispose()
    dispose()
    header = out.read_bytes()[:20]
    assert (header[18], header[19]) == (1, 1)  # rollback journal, not WAL: nothing else to carry


def test_killed_restore_leaves_no_staged_copy_beside_the_backup(setups, tmp_path):
    """A restore killed part-way leaves nothing beside the backup it read (the backup may be on
    somebody else's share); its staged copy is in the data folder and goes at the next restore."""
    import shutil as sh

    from tests.trials.killer import kill_during

    backup_file = tmp_path / "media" / "backup.sqlite"
    backup_file.parent.mkdir()
    sh.copy(setups["restore"].arg, backup_file)
    url, dispose = sqlite_copier(tmp_path)(setups["restore"])
    try:
        out = kill_during("restore", url, str(backup_file), 5, env={"ASSETDESK_HOME": str(tmp_path / "home")})
        assert out.killed
    finally:
        dispose()
    assert sorted(p.name for p in backup_file.parent.iterdir()) == ["backup.sqlite"]
