"""Fault injection: make the k-th statement, or the k-th row, of a write fail.

Two injectors, both on a real engine (nothing is mocked: the write path runs as in use):

* ``StatementFault`` raises ``InjectedFault`` before the k-th SQL statement the engine sends
  (a SQLAlchemy ``before_cursor_execute`` event), on SQLite and PostgreSQL alike.
* ``RowFault`` (SQLite) fails inside the database engine at the k-th row written: a TEMP
  trigger on every ledger table counts inserted, updated and deleted rows and aborts the
  statement at row k. It hits the middle of a multi-row INSERT, not just the gap between
  statements. TEMP objects live in the connection only, so the ledger file's schema is untouched.
"""

from __future__ import annotations

from sqlalchemy import Engine, event, inspect

from db.models import TABLE_ORDER


class InjectedFault(RuntimeError):
    """The failure a trial injected (never raised by AssetDesk itself)."""


class StatementFault:
    """Count statements on ``engine``; raise before statement number ``fail_at`` (1-based)."""

    def __init__(self, engine: Engine, fail_at: int | None = None):
        self.engine, self.fail_at, self.seen = engine, fail_at, 0
        self.armed = False

    def _before(self, conn, cursor, statement, parameters, context, executemany) -> None:
        if not self.armed:
            return
        self.seen += 1
        if self.fail_at is not None and self.seen == self.fail_at:
            raise InjectedFault(f"injected failure at statement {self.seen}: {statement[:60]}")

    def __enter__(self) -> StatementFault:
        event.listen(self.engine, "before_cursor_execute", self._before)
        self.armed = True
        return self

    def __exit__(self, *exc) -> None:
        self.armed = False
        event.remove(self.engine, "before_cursor_execute", self._before)


ROW_FAULT_MESSAGE = "injected row fault"


class RowFault:
    """SQLite: abort the statement that writes the ``fail_at``-th row (1-based) of any ledger table.

    ``fail_at=None`` only counts: ``seen`` is then the number of rows the write touched.
    """

    def __init__(self, engine: Engine, fail_at: int | None = None):
        assert engine.dialect.name == "sqlite"
        self.engine, self.fail_at, self.seen = engine, fail_at, 0
        self.tables = [t for t in TABLE_ORDER if t in inspect(engine).get_table_names()]

    def _next_row(self) -> int:
        self.seen += 1
        return 1 if self.fail_at is not None and self.seen == self.fail_at else 0

    def _install(self, dbapi_conn, _record=None) -> None:
        # The count lives in Python (one per trial, whichever pooled connection writes); the
        # abort happens inside SQLite, in the middle of the statement that writes row k.
        dbapi_conn.create_function("trial_row", 0, self._next_row)
        cur = dbapi_conn.cursor()
        for t in self.tables:
            for op in ("INSERT", "UPDATE", "DELETE"):
                cur.execute(f"""
                    CREATE TEMP TRIGGER IF NOT EXISTS trial_{t}_{op.lower()} BEFORE {op} ON main."{t}"
                    BEGIN SELECT RAISE(ABORT, '{ROW_FAULT_MESSAGE}') WHERE trial_row() = 1; END""")
        cur.close()

    def __enter__(self) -> RowFault:
        # Every connection the write path takes from now on carries the triggers.
        self.engine.dispose()
        event.listen(self.engine, "connect", self._install)
        return self

    def __exit__(self, *exc) -> None:
        event.remove(self.engine, "connect", self._install)
        self.engine.dispose()


def is_injected(exc: BaseException) -> bool:
    """Whether ``exc`` (or what it wraps) is a fault a trial injected."""
    seen: set[int] = set()
    e: BaseException | None = exc
    while e is not None and id(e) not in seen:
        seen.add(id(e))
        if isinstance(e, InjectedFault) or ROW_FAULT_MESSAGE in str(e):
            return True
        e = e.__cause__ or e.__context__
    return False
