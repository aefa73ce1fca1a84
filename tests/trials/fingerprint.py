"""State fingerprints: every row of every ledger table, so "unchanged" means unchanged.

``state(url)`` reads a ledger through plain SQLAlchemy (no AssetDesk engine options, so a file
that a killed process left behind is opened exactly as it is found). Timestamps that a write
sets from the clock (when a batch ran, when a scenario was adopted) are kept out of
``state(..., stable=True)`` so that a killed run can be compared with an unkilled reference run
of the same write; everything else, ids and versions included, is compared.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import MetaData, create_engine, select
from sqlalchemy.engine import make_url

from db.models import TABLE_ORDER

#: Columns set from the clock at write time (compared only in exact mode).
CLOCK_COLUMNS = {("change_batch", "at"), ("plan_scenario", "adopted_at"), ("plan_scenario", "created_at"),
                 ("survey_response", "received_at")}


def _norm(v: Any) -> Any:
    if isinstance(v, dt.datetime) and v.tzinfo is not None:
        return v.astimezone(dt.UTC).replace(tzinfo=None)
    return v


def state(url: str, *, stable: bool = False, only: dict[str, list[str]] | None = None) -> dict[str, list[tuple]]:
    """Every row of every ledger table present, in primary-key order.

    ``only`` limits the comparison to some tables and columns (an older revision's, say).
    """
    engine = create_engine(url)
    try:
        meta = MetaData()
        meta.reflect(engine)
        out: dict[str, list[tuple]] = {}
        with engine.connect() as conn:
            # the ledger's tables in load order, then any other (alembic_version, later ones)
            names = [n for n in TABLE_ORDER if n in meta.tables]
            names += sorted(set(meta.tables) - set(names))
            for name in names:
                if only is not None and name not in only:
                    continue
                t = meta.tables[name]
                cols = sorted(c.name for c in t.columns if not (stable and (name, c.name) in CLOCK_COLUMNS)
                              and (only is None or c.name in only[name]))
                order = list(t.primary_key.columns) or [t.c[c] for c in cols]
                rows = conn.execute(select(*(t.c[c] for c in cols)).order_by(*order)).all()
                out[name] = [tuple(_norm(v) for v in r) for r in rows]
        return out
    finally:
        engine.dispose()


def columns(url: str) -> dict[str, list[str]]:
    """Table -> column names of a ledger as it is (for comparing across schema revisions)."""
    engine = create_engine(url)
    try:
        meta = MetaData()
        meta.reflect(engine)
        return {name: [c.name for c in t.columns] for name, t in meta.tables.items() if name != "alembic_version"}
    finally:
        engine.dispose()


def digest(snapshot: dict[str, list[tuple]]) -> str:
    h = hashlib.sha256()
    for name in sorted(snapshot):
        h.update(name.encode())
        for row in snapshot[name]:
            h.update(repr(row).encode())
    return h.hexdigest()


def fingerprint(url: str, *, stable: bool = False) -> str:
    return digest(state(url, stable=stable))


def counts(snapshot: dict[str, list[tuple]]) -> dict[str, int]:
    return {k: len(v) for k, v in snapshot.items()}


def integrity(path: str | Path) -> str:
    """``PRAGMA integrity_check`` of a SQLite file, opened as found ('ok' when sound)."""
    with sqlite3.connect(path) as c:
        return ";".join(r[0] for r in c.execute("PRAGMA integrity_check"))


def sqlite_file(url: str) -> Path | None:
    u = make_url(url)
    return Path(u.database) if u.get_backend_name() == "sqlite" and u.database else None


def diff_tables(a: dict[str, list[tuple]], b: dict[str, list[tuple]]) -> list[str]:
    """Names of the tables whose rows differ (for failure messages)."""
    return sorted(n for n in set(a) | set(b) if a.get(n) != b.get(n))
