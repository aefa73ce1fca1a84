"""Issue 10: an import onto a full disk or a read-only ledger fails, says why, and loses nothing.

The ledger lives on a tmpfs mount (root is needed to mount, as on the project's machines and in
CI; the trials are skipped with the reason where mounting is not possible). "Disk full": the
mount is filled with a filler file until a few KB are free, then ``assetdesk import`` runs.
"Read-only": the mount is remounted read-only (chmod does not stop root), or the ledger file
alone is bind-mounted read-only while its folder stays writable. The automatic backup goes to
the user's data folder (another disk), and must be intact and restore to the state before.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from db.backup import restore
from db.engine import sqlite_url
from db.ledger import Ledger
from tests.trials.disks import NoMount, fill, read_only, read_only_file, tmpfs
from tests.trials.fingerprint import integrity, state
from tests.trials.workbooks import edited_export, preview_for

ROOT = Path(__file__).resolve().parents[1]

@pytest.fixture(scope="module")
def round_files(sqlite_templates, tmp_path_factory):
    """The demo ledger, a survey-round workbook for it, and the sections whose answers are clean."""
    from tests.conftest import _with_demo

    demo = sqlite_templates("demo", _with_demo)
    folder = tmp_path_factory.mktemp("disk-trial")
    workbook = edited_export(demo, folder / "round.xlsx", changed=30, new=4, seed=3)
    ledger = Ledger(str(demo))
    preview = preview_for(ledger, [workbook])
    ledger.dispose()
    sections = [s.section for s in preview.sections if s.section and any(c.accepted for c in s.changes)]
    return demo, workbook, sections


def _import(ledger_file: Path, workbook: Path, sections: list[str], home: Path) -> subprocess.CompletedProcess:
    args = ["--db", str(ledger_file), "import", str(workbook)]
    for s in sections:
        args += ["--section", s]
    return subprocess.run([sys.executable, "-c", "import sys; from ui.cli import main; sys.exit(main())", *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "ASSETDESK_HOME": str(home)})


def _mounted(tmp_path: Path, size: int):
    try:
        return tmpfs(tmp_path / "disk", size)
    except NoMount as e:  # pragma: no cover - only where mounting is impossible
        pytest.skip(f"cannot mount a tmpfs here: {e}")


def _clear(result: subprocess.CompletedProcess) -> bool:
    return "Traceback" not in result.stderr and "エラー" in result.stderr


def _full_disk_import(round_files, tmp_path):
    demo, workbook, sections = round_files
    before = state(sqlite_url(demo))
    home = tmp_path / "home"
    size = demo.stat().st_size
    try:
        ctx = tmpfs(tmp_path / "disk", size + 8 * 1024 * 1024)
        disk = ctx.__enter__()
    except NoMount as e:  # pragma: no cover
        pytest.skip(f"cannot mount a tmpfs here: {e}")
    try:
        ledger_file = disk / "ledger.sqlite"
        shutil.copy(demo, ledger_file)
        filler = fill(disk, 64 * 1024)  # room for the WAL index, not for the import
        result = _import(ledger_file, workbook, sections, home)
        filler.unlink()
        after = state(sqlite_url(ledger_file))
        check = integrity(ledger_file)
    finally:
        ctx.__exit__(None, None, None)
    return before, after, check, result, home


@pytest.fixture(scope="module")
def full_disk_run(round_files, tmp_path_factory):
    return _full_disk_import(round_files, tmp_path_factory.mktemp("full-disk"))


@pytest.fixture(scope="module", params=[True, False], ids=["read-only-folder", "read-only-file"])
def read_only_run(round_files, tmp_path_factory, request):
    return _read_only_import(round_files, tmp_path_factory.mktemp("read-only"), request.param)


def test_full_disk_import_fails_and_loses_nothing(full_disk_run, tmp_path):
    before, after, check, result, home = full_disk_run
    assert result.returncode != 0
    assert "full" in result.stderr or "ディスク" in result.stderr  # it failed for the full disk
    assert check == "ok"
    assert after == before
    # the backup taken before the import is whole and restores to the state before
    backups = list((home / "backups").glob("ledger-*-import.sqlite"))
    assert len(backups) == 1 and integrity(backups[0]) == "ok"
    again = Ledger.open(str(tmp_path / "restored.sqlite"))
    restore(again.engine, backups[0])
    again.dispose()
    restored = state(sqlite_url(tmp_path / "restored.sqlite"))
    assert restored == before


def test_full_disk_import_says_so_clearly(full_disk_run):
    """A message, not a traceback (found by these trials, fixed in Ledger.operation and the CLI)."""
    *_, result, _home = full_disk_run
    assert result.returncode != 0 and _clear(result), result.stderr[-500:]


def _read_only_import(round_files, tmp_path, whole_folder: bool):
    demo, workbook, sections = round_files
    before = state(sqlite_url(demo))
    home = tmp_path / "home"
    with _mounted(tmp_path, demo.stat().st_size * 2 + 8 * 1024 * 1024) as disk:
        ledger_file = disk / "ledger.sqlite"
        shutil.copy(demo, ledger_file)
        if whole_folder:
            read_only(disk, True)
            result = _import(ledger_file, workbook, sections, home)
            read_only(disk, False)
        else:
            with read_only_file(ledger_file):
                result = _import(ledger_file, workbook, sections, home)
        after = state(sqlite_url(ledger_file))
        check = integrity(ledger_file)
    return before, after, check, result, home


def test_read_only_ledger_import_fails_and_loses_nothing(read_only_run):
    before, after, check, result, home = read_only_run
    assert result.returncode != 0
    assert check == "ok"
    assert after == before
    for b in (home / "backups").glob("ledger-*.sqlite") if (home / "backups").exists() else []:
        assert integrity(b) == "ok"


def test_read_only_ledger_import_says_so_clearly(read_only_run):
    *_, result, _home = read_only_run
    assert result.returncode != 0 and _clear(result), result.stderr[-500:]


def test_restore_from_a_read_only_medium(round_files, tmp_path):
    """A backup on a read-only medium (DVD, protected share) restores (found by these trials, fixed)."""
    demo, _workbook, _sections = round_files
    target = Ledger.open(str(tmp_path / "target.sqlite"))
    try:
        with _mounted(tmp_path, demo.stat().st_size * 3 + 8 * 1024 * 1024) as medium:
            shutil.copy(demo, medium / "backup.sqlite")
            read_only(medium, True)
            try:
                restore(target.engine, medium / "backup.sqlite")
            finally:
                read_only(medium, False)
    finally:
        target.dispose()
    assert state(sqlite_url(tmp_path / "target.sqlite")) == state(sqlite_url(demo))
