"""Seeing other people's work: which operations were committed since a view last looked.

Every operation writes one ``change_batch`` row, so the batches are the change counter. On
PostgreSQL each transaction that inserts a batch also sends ``NOTIFY assetdesk_changes``; the
server delivers it only when (and if) that transaction commits, so a listener never hears of a
change it cannot read yet, nor of one that was rolled back. On SQLite (one machine) the watcher
polls the batches instead.

Either way the notification only says "look": the watcher then reads the new batches and the
records they touched, so nothing is lost when notifications coalesce or a poll is late.
Qt-free: the GUI wraps ``ChangeWatcher.poll`` in a QSocketNotifier on ``fileno()`` and a QTimer
(see ``ui/change_refresh.py``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, event, func, or_, select

from db import models as M
from db.engine import make_engine

CHANNEL = "assetdesk_changes"
BATCH = M.ChangeBatch.__table__
CHANGE = M.Change.__table__
#: Batches can commit out of id order on PostgreSQL (two writers, the later id commits first):
#: ids this far below the highest seen are still looked at, and those already seen skipped.
REORDER_WINDOW = 500


# --- sending ----------------------------------------------------------------------------------


@event.listens_for(Engine, "after_cursor_execute")
def _notify_on_batch(conn, cursor, statement, parameters, context, executemany) -> None:
    """Queue a NOTIFY in any PostgreSQL transaction that records an operation (or restores them).

    Registered on every engine when this module is imported, so writers need no hook of their
    own; the server sends it at commit. Identical notifications of one transaction are folded
    into one by PostgreSQL, so a restore of thousands of batches sends one.
    """
    if conn.dialect.name != "postgresql" or context is None or not context.isinsert:
        return
    compiled = context.compiled
    table = getattr(getattr(compiled, "statement", None), "table", None)
    if getattr(table, "name", None) != BATCH.name:
        return
    with contextlib.closing(cursor.connection.cursor()) as notify:
        notify.execute(f"NOTIFY {CHANNEL}")


# --- receiving --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Batch:
    """One committed operation another view may want to show."""

    id: int
    at: dt.datetime
    user: str
    machine: str
    source: str
    db_user: str | None


@dataclass
class ChangeEvent:
    """Operations committed since the last event, and what they touched."""

    batches: list[Batch]
    #: record type -> ids of records created, updated or deleted by those batches.
    records: dict[str, set[int]] = field(default_factory=dict)
    #: record type -> ids created or deleted (a list view re-queries; for updates it re-reads rows).
    added_or_removed: dict[str, set[int]] = field(default_factory=dict)

    @property
    def users(self) -> set[str]:
        return {b.db_user or b.user for b in self.batches}

    def touches(self, record_type: str, record_id: int) -> bool:
        return record_id in self.records.get(record_type, ())


class ChangeWatcher:
    """Tells a callback about operations committed (by anyone) since it started watching.

    ``poll()`` checks now and returns the event (also given to ``callback``); call it when
    ``fileno()`` becomes readable (PostgreSQL) and from a timer (both backends; on PostgreSQL the
    timer is a safety net, e.g. behind a connection pooler that drops LISTEN). ``start_thread()``
    runs the same loop on a background thread for programs without an event loop.
    """

    def __init__(self, url_or_engine: str | Engine, callback: Callable[[ChangeEvent], Any] | None = None):
        self._own_engine = not isinstance(url_or_engine, Engine)
        self.engine = make_engine(url_or_engine) if self._own_engine else url_or_engine
        self.callback = callback
        self._listener = None  # the raw psycopg connection that LISTENs
        self._seen: set[int] = set()
        self._high = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        if self.engine.dialect.name == "postgresql":
            self._listen()  # before the baseline, so a commit in between is heard
        with self.engine.connect() as conn:
            high = conn.execute(select(func.coalesce(func.max(BATCH.c.id), 0))).scalar()
            # What is committed now is the baseline, not news.
            self._remember(conn.execute(select(BATCH.c.id).where(BATCH.c.id > high - REORDER_WINDOW)).scalars())

    def _remember(self, ids) -> None:
        self._seen.update(ids)
        self._high = max(self._seen, default=self._high)
        self._seen = {i for i in self._seen if i > self._high - REORDER_WINDOW}

    @property
    def listening(self) -> bool:
        return self._listener is not None

    def _listen(self) -> None:
        # A connection of its own, outside the pool, in autocommit: notifications arrive
        # between transactions, and a pooled connection would be handed to someone else.
        dialect = self.engine.dialect
        args, kwargs = dialect.create_connect_args(self.engine.url)
        conn = dialect.loaded_dbapi.connect(*args, **kwargs)
        conn.autocommit = True
        conn.execute(f"LISTEN {CHANNEL}")
        self._listener = conn

    def fileno(self) -> int | None:
        """The socket that becomes readable when a notification arrives (None on SQLite)."""
        return self._listener.pgconn.socket if self._listener is not None else None

    def _drain(self, timeout: float) -> bool:
        """Whether a notification arrived (waiting up to ``timeout`` seconds for the first)."""
        if self._listener is None:
            return False
        got = False
        try:
            for _n in self._listener.notifies(timeout=timeout, stop_after=1):
                got = True
            # More may have queued behind the first; take them without waiting.
            for _n in self._listener.notifies(timeout=0):
                got = True
        except Exception:  # the server went away: fall back to polling until reconnected
            self._reconnect()
            return True
        return got

    def _reconnect(self) -> None:
        with contextlib.suppress(Exception):
            self._listener.close()
        self._listener = None
        with contextlib.suppress(Exception):
            self._listen()

    def poll(self, timeout: float = 0.0, *, force: bool = False) -> ChangeEvent | None:
        """Look for new operations now; on PostgreSQL wait up to ``timeout`` for a notification.

        Without a notification PostgreSQL is not queried unless ``force`` (the timer's safety
        net); SQLite is always queried (it has no notifications). Returns None when nothing new.
        """
        if self._listener is None and self.engine.dialect.name == "postgresql":
            with contextlib.suppress(Exception):  # listen again once the server is back
                self._listen()
        notified = self._drain(timeout)
        if self._listener is not None and not notified and not force:
            return None
        with self._lock:
            found = self._new_batches()
        if found is None:
            return None
        if self.callback is not None:
            self.callback(found)
        return found

    def _new_batches(self) -> ChangeEvent | None:
        # Newer than the highest seen, or a hole below it (an id whose transaction had not
        # committed yet, or was rolled back and will never show).
        low = max(self._high - REORDER_WINDOW, 0)
        holes = sorted(set(range(low + 1, self._high + 1)) - self._seen)
        wanted = BATCH.c.id > self._high
        if holes:
            wanted = or_(wanted, BATCH.c.id.in_(holes))
        with self.engine.connect() as conn:
            fresh = conn.execute(
                select(BATCH.c.id, BATCH.c.at, BATCH.c.user, BATCH.c.machine, BATCH.c.source, BATCH.c.context)
                .where(wanted).order_by(BATCH.c.id)).all()
            if not fresh:
                return None
            ids = [r.id for r in fresh]
            records: dict[str, set[int]] = {}
            membership: dict[str, set[int]] = {}
            for i in range(0, len(ids), 900):
                for rtype, rid, action in conn.execute(
                        select(CHANGE.c.record_type, CHANGE.c.record_id, CHANGE.c.action)
                        .where(CHANGE.c.batch_id.in_(ids[i:i + 900]))):
                    records.setdefault(rtype, set()).add(rid)
                    if action != "update":
                        membership.setdefault(rtype, set()).add(rid)
        self._remember(ids)
        batches = [Batch(r.id, r.at, r.user, r.machine, r.source, (r.context or {}).get("db_user")) for r in fresh]
        return ChangeEvent(batches, records, membership)

    # --- a loop of its own ----------------------------------------------------------------------

    def start_thread(self, interval: float = 2.0) -> None:
        """Watch on a daemon thread: wake on notifications, look anyway every ``interval`` s."""
        def loop() -> None:
            while not self._stop.is_set():
                try:
                    self.poll(timeout=interval if self._listener is not None else 0, force=True)
                except Exception:  # a dropped connection: try again on the next round
                    pass
                if self._listener is None:
                    self._stop.wait(interval)

        self._stop.clear()
        self._thread = threading.Thread(target=loop, name="assetdesk-change-watcher", daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        if self._listener is not None:
            with contextlib.suppress(Exception):
                self._listener.close()
            self._listener = None
        if self._own_engine:
            self.engine.dispose()

    def __enter__(self) -> ChangeWatcher:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
