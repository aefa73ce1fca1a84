"""Consistent copies of the ledger, and restoring one.

A backup is always a SQLite ledger file, whatever the source: it can be opened with ``--db``,
restored into SQLite or PostgreSQL, and so moves a local ledger to the shared server and back.
The copy is read in one snapshot transaction, written to a temporary file, and renamed into
place only when complete, so a crash never leaves a half backup under the final name.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path

from sqlalchemy import Engine, MetaData, bindparam, delete, insert, inspect, select, text, update

from assetdesk.i18n import _
from db import migrate
from db.engine import data_dir, is_sqlite, make_engine, sqlite_path, sqlite_url
from db.models import TABLE_ORDER, metadata

KEEP_AUTOMATIC = 50
COPY_CHUNK = 5000


class BackupError(Exception):
    pass


def backup(engine: Engine, out: str | os.PathLike[str]) -> Path:
    """Write a consistent copy of the ledger behind ``engine`` to the SQLite file ``out``."""
    out = Path(out).expanduser().resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".partial")
    tmp.unlink(missing_ok=True)
    try:
        src_path = sqlite_path(engine)
        if src_path is not None:
            _sqlite_online_backup(src_path, tmp)
        else:
            _copy_to_sqlite(engine, tmp)
        _fsync(tmp)
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return out


def _sqlite_online_backup(src: Path, dest: Path, read_only: bool = False) -> None:
    # SQLite's backup API copies pages under a read lock: an exact, consistent copy of any
    # schema revision, taken while others keep reading. A backup file being restored is opened
    # read-only, so one on a read-only medium (DVD, protected share) restores too.
    def copy(source: sqlite3.Connection) -> None:
        try:
            with sqlite3.connect(dest) as d:
                source.backup(d)
        finally:
            source.close()

    if not read_only:
        copy(sqlite3.connect(src))
    else:
        try:
            copy(sqlite3.connect(f"{src.as_uri()}?mode=ro", uri=True))
        except sqlite3.OperationalError:
            # A WAL-mode file on a read-only medium cannot make its shared-memory index; such a
            # file cannot change there either, so it is read as immutable.
            dest.unlink(missing_ok=True)
            copy(sqlite3.connect(f"{src.as_uri()}?mode=ro&immutable=1", uri=True))
    with sqlite3.connect(dest) as d:
        d.execute("PRAGMA journal_mode = DELETE")  # one self-contained file


def _copy_to_sqlite(engine: Engine, dest: Path) -> None:
    revision = migrate.current_revision(engine)
    if revision is None:
        raise BackupError(_("バックアップ元に台帳のスキーマがありません。"))
    target = make_engine(sqlite_url(dest))
    try:
        migrate.upgrade(target, revision)
        _copy_rows(engine, target, snapshot=True)
    finally:
        target.dispose()


def _copy_rows(source: Engine, target: Engine, snapshot: bool) -> None:
    """Copy every ledger table's rows from ``source`` into the (empty) same-revision ``target``."""
    src_meta, dst_meta = MetaData(), MetaData()
    src_meta.reflect(source)
    dst_meta.reflect(target)
    src_conn = source.connect()
    if snapshot and not is_sqlite(source):
        src_conn = src_conn.execution_options(isolation_level="REPEATABLE READ")
    with src_conn, src_conn.begin(), target.begin() as dst:
        if not is_sqlite(source):
            # SQLite keeps timestamps without an offset, as UTC: read them in UTC.
            src_conn.exec_driver_sql("SET TIME ZONE 'UTC'")
        for name in TABLE_ORDER:
            if name not in src_meta.tables or name not in dst_meta.tables:
                continue
            s_t, d_t = src_meta.tables[name], dst_meta.tables[name]
            cols = [c.name for c in d_t.columns if c.name in s_t.c]
            result = src_conn.execution_options(yield_per=COPY_CHUNK).execute(
                select(*(s_t.c[c] for c in cols)).order_by(*s_t.primary_key.columns))
            _insert_rows(dst, d_t, cols, result)


def restore(engine: Engine, source_file: str | os.PathLike[str]) -> None:
    """Replace the ledger behind ``engine`` with the backup ``source_file``, all or nothing."""
    source_file = Path(source_file).expanduser().resolve()
    if not _looks_like_sqlite(source_file):
        raise BackupError(_("{path} は AssetDesk のバックアップファイルではありません。").format(path=source_file))
    # The backup itself is never changed: a copy staged in the data folder is upgraded when it
    # is from an older schema. Copies left by a restore that was killed are removed first.
    staging = data_dir() / "staging"
    staging.mkdir(parents=True, exist_ok=True)
    _remove_stale_staging(staging)
    staged = staging / f"restore-{os.getpid()}-{source_file.stem}.sqlite"
    _sqlite_online_backup(source_file, staged, read_only=True)
    try:
        src = make_engine(sqlite_url(staged))
        try:
            if migrate.current_revision(src) is None:
                raise BackupError(_("{path} に台帳のスキーマがありません。").format(path=source_file))
            migrate.upgrade(src)
            migrate.ensure_current(engine)
            if migrate.has_data(engine):
                automatic_backup(engine, reason="before-restore")
            _replace_rows(src, engine)
        finally:
            src.dispose()
    finally:
        for suffix in ("", "-wal", "-shm"):
            Path(str(staged) + suffix).unlink(missing_ok=True)


def _replace_rows(source: Engine, target: Engine) -> None:
    from db.engine import WRITE_OPTION

    with source.connect() as src, src.begin(), \
            target.connect().execution_options(**{WRITE_OPTION: True}) as dst, dst.begin():
        for name in reversed(TABLE_ORDER):
            dst.execute(delete(metadata.tables[name]))
        # The staged source is at the head revision too, so the models' own column types read
        # it (timestamps come back in UTC as the models write them).
        for name in TABLE_ORDER:
            t = metadata.tables[name]
            cols = [c.name for c in t.columns]
            result = src.execution_options(yield_per=COPY_CHUNK).execute(
                select(t).order_by(*t.primary_key.columns))
            _insert_rows(dst, t, cols, result)
        if target.dialect.name == "postgresql":
            _reset_sequences(dst)


def _remove_stale_staging(staging: Path) -> None:
    for old in staging.glob("restore-*"):
        try:
            pid = int(old.name.split("-")[1])
            os.kill(pid, 0)  # still restoring
        except (ValueError, IndexError, ProcessLookupError):
            old.unlink(missing_ok=True)
        except PermissionError:  # another user's live process
            pass


def _insert_rows(conn, table, cols: list[str], result) -> None:
    """Insert copied rows; a column that refers to its own table (集約先, 取消操作) may point at
    a later row, so it is written in a second pass."""
    self_refs = [c.name for c in table.columns
                 if any(fk.column.table.name == table.name for fk in c.foreign_keys)]
    later: list[dict] = []
    for part in result.partitions():
        rows = [dict(zip(cols, row, strict=True)) for row in part]
        for r in rows:
            if any(r.get(c) is not None for c in self_refs):
                later.append({"_id": r["id"], **{f"_{c}": r[c] for c in self_refs}})
                r.update({c: None for c in self_refs})
        conn.execute(insert(table), rows)
    if later:
        conn.execute(update(table).where(table.c.id == bindparam("_id"))
                     .values({c: bindparam(f"_{c}") for c in self_refs}), later)


def _reset_sequences(conn) -> None:
    for name in TABLE_ORDER:
        t = metadata.tables[name]
        if "id" in t.c and t.c.id.autoincrement:
            conn.execute(text(
                f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM \"{name}\"), 0) + 1, false)"))


def automatic_backup(engine: Engine, reason: str, folder: Path | None = None) -> Path:
    """A timestamped backup in the user's data folder, before imports and migrations."""
    folder = folder or (data_dir() / "backups")
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    path = backup(engine, folder / f"ledger-{stamp}-{_safe(reason)}.sqlite")
    _prune(folder)
    return path


def _safe(text_: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in text_)[:40]


def _prune(folder: Path) -> None:
    backups = sorted(folder.glob("ledger-*.sqlite"))
    for old in backups[:-KEEP_AUTOMATIC]:
        old.unlink(missing_ok=True)


def _looks_like_sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            return f.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def table_names(engine: Engine) -> list[str]:
    return inspect(engine).get_table_names()
