"""Where the ledger lives and how it is opened: SQLite file or PostgreSQL URL, one engine each.

SQLite is opened so that a power cut or a crash cannot lose a committed change: foreign keys
on, WAL journal, full fsync. PostgreSQL is the shared mode (a file on a network share would
corrupt under WAL).
"""

from __future__ import annotations

import getpass
import os
import socket
from pathlib import Path

from platformdirs import user_data_path
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

APP_NAME = "AssetDesk"
ENV_DB = "ASSETDESK_DB"


def data_dir() -> Path:
    """The user's data folder for AssetDesk (ledger, backups); created on first use."""
    path = Path(os.environ.get("ASSETDESK_HOME") or user_data_path(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_url() -> str:
    return sqlite_url(data_dir() / "ledger.sqlite")


def sqlite_url(path: str | os.PathLike[str]) -> str:
    return f"sqlite:///{Path(path).expanduser().resolve()}"


def resolve_url(db: str | None) -> str:
    """A SQLAlchemy URL from ``--db`` (URL or file path), ``$ASSETDESK_DB`` or the default file."""
    db = db or os.environ.get(ENV_DB)
    if not db:
        return default_url()
    if "://" in db:
        return db
    return sqlite_url(db)


def is_sqlite(url_or_engine: str | Engine) -> bool:
    url = url_or_engine.url if isinstance(url_or_engine, Engine) else make_url(url_or_engine)
    return url.get_backend_name() == "sqlite"


def sqlite_path(url_or_engine: str | Engine) -> Path | None:
    url = url_or_engine.url if isinstance(url_or_engine, Engine) else make_url(url_or_engine)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database)


def make_engine(url: str) -> Engine:
    if is_sqlite(url):
        path = sqlite_path(url)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_on_begin)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _sqlite_on_connect(dbapi_conn, _record) -> None:
    # pysqlite's own transaction handling is turned off so that BEGIN is ours (see on_begin).
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys = ON")
    cur.execute("PRAGMA journal_mode = WAL")
    cur.execute("PRAGMA synchronous = FULL")
    cur.execute("PRAGMA busy_timeout = 30000")
    cur.close()


#: Execution option that marks a connection as a writer (see ``Ledger.operation``).
WRITE_OPTION = "assetdesk_write"


def _sqlite_on_begin(conn) -> None:
    # A writer takes the lock at BEGIN (IMMEDIATE), so two writers queue instead of one failing
    # half-way with "database is locked" after it has read stale data; readers stay deferred so
    # that they never block a writer (WAL gives them a snapshot).
    write = conn.get_execution_options().get(WRITE_OPTION)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name (service accounts, some containers)
        return os.environ.get("USERNAME") or os.environ.get("USER") or "unknown"


def machine_name() -> str:
    return socket.gethostname()
