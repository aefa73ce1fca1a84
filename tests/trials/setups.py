"""The write paths under trial, each prepared once: a ledger before, the write, the state after.

``prepare(folder)`` builds SQLite ledgers (demo prefecture; demo with a saved consolidation
scenario; an empty ledger; the demo after an import) and the inputs (an edited-export workbook,
a backup of a different ledger). ``on_postgres`` makes template databases with the same
contents on a PostgreSQL server. Each ``Setup`` knows how to run its write in this process
(for fault injection) and what the child runner needs (for SIGKILL trials).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from db.backup import backup, restore
from db.engine import sqlite_url
from db.ledger import Ledger

#: Write paths with a prepared setup; the kill trials use the first four.
PATHS = ("import", "adopt", "restore", "demo", "undo")


@dataclass
class Setup:
    path: str
    base_url: str  # the ledger before the write (SQLite file URL, or a PostgreSQL template's URL)
    arg: str | None = None  # workbook, scenario id, backup file or batch id
    preview: object | None = field(default=None, repr=False)  # the import's preview (in-process runs)
    #: (fingerprint before, fingerprint after, statements) of an unkilled child run, once known
    reference: tuple[str, str, int] | None = field(default=None, repr=False)

    def ready(self, ledger: Ledger) -> None:
        """Read what the write needs (the import's preview) before faults are armed."""
        if self.path == "import" and self.preview is None:  # every copy of the base is alike
            from tests.trials.workbooks import preview_for

            self.preview = preview_for(ledger, [Path(self.arg or "")])

    def write(self, ledger: Ledger) -> object:
        """Run this path's write on ``ledger`` (a copy of the base) in this process."""
        if self.path == "import":
            from importers.apply import apply_import

            self.ready(ledger)
            return apply_import(ledger, self.preview)  # type: ignore[arg-type]
        if self.path == "adopt":
            from db.planning import adopt

            return adopt(ledger, int(self.arg or 0))
        if self.path == "restore":
            return restore(ledger.engine, Path(self.arg or ""))
        if self.path == "demo":
            from db.demo_load import load_demo

            return load_demo(ledger)
        if self.path == "undo":
            from db.undo import undo_batch

            return undo_batch(ledger, int(self.arg or 0))
        raise ValueError(self.path)


def _copy(src: Path, dest: Path) -> Path:
    shutil.copy(src, dest)
    return dest


def prepare(folder: Path, *, changed: int = 40, new: int = 5, seed: int = 10) -> dict[str, Setup]:
    """SQLite setups of every path in ``folder`` (built in a few seconds)."""
    from assetdesk.planner import HostSpec, PlanParameters
    from db.demo_load import load_demo
    from db.planning import make_plan, save_scenario
    from importers.apply import apply_import
    from tests.trials.workbooks import edited_export, preview_for

    folder.mkdir(parents=True, exist_ok=True)
    empty = folder / "empty.sqlite"
    Ledger.open(str(empty)).dispose()
    demo = _copy(empty, folder / "demo.sqlite")
    ledger = Ledger.open(str(demo))
    load_demo(ledger)
    ledger.dispose()

    workbook = edited_export(demo, folder / "survey-round.xlsx", changed=changed, new=new, seed=seed)
    ledger = Ledger.open(str(demo))
    preview = preview_for(ledger, [workbook])
    ledger.dispose()

    planned = _copy(demo, folder / "planned.sqlite")
    ledger = Ledger.open(str(planned))
    result = make_plan(ledger, HostSpec(), PlanParameters(time_limit_s=2, exact_max_booleans=0))
    scenario = save_scenario(ledger, "trial", result)
    ledger.dispose()

    imported = _copy(demo, folder / "imported.sqlite")
    ledger = Ledger.open(str(imported))
    batch = apply_import(ledger, preview_for(ledger, [workbook]), backup=False).batch_id
    with ledger.operation("edit", "unrelated later edit") as op:  # undo must work past this
        op.update("system", op.id_of("system", "SYS-0001"), {"notes": "後の編集"}, None)
    other = backup(ledger.engine, folder / "other-ledger-backup.sqlite")
    ledger.dispose()

    return {
        "import": Setup("import", sqlite_url(demo), str(workbook), preview),
        "adopt": Setup("adopt", sqlite_url(planned), str(scenario)),
        "restore": Setup("restore", sqlite_url(demo), str(other)),
        "demo": Setup("demo", sqlite_url(empty)),
        "undo": Setup("undo", sqlite_url(imported), str(batch)),
    }


def on_postgres(setups: dict[str, Setup], server, paths: tuple[str, ...]) -> dict[str, Setup]:
    """The same setups on PostgreSQL: each base restored into a database used as a template."""
    out: dict[str, Setup] = {}
    made: dict[str, str] = {}
    for p in paths:
        s = setups[p]
        if s.base_url not in made:
            url = server.create()
            ledger = Ledger.open(url)
            src = Path(s.base_url.removeprefix("sqlite:///"))
            if _has_rows(src):
                restore(ledger.engine, src)
            ledger.dispose()
            made[s.base_url] = url
        out[p] = replace(s, base_url=made[s.base_url], preview=None, reference=None)
    return out


def _has_rows(path: Path) -> bool:
    import sqlite3

    with sqlite3.connect(path) as c:
        return c.execute("SELECT count(*) FROM change_batch").fetchone()[0] > 0


#: Makes a throwaway copy of a base ledger and returns (url, dispose).
Copier = Callable[[Setup], tuple[str, Callable[[], None]]]


def sqlite_copier(folder: Path) -> Copier:
    counter = iter(range(10**9))

    def copy(setup: Setup) -> tuple[str, Callable[[], None]]:
        src = Path(setup.base_url.removeprefix("sqlite:///"))
        dest = folder / f"trial-{next(counter)}.sqlite"
        shutil.copy(src, dest)

        def dispose() -> None:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(str(dest) + suffix).unlink(missing_ok=True)

        return sqlite_url(dest), dispose

    return copy


def pg_copier(server) -> Copier:
    from sqlalchemy.engine import make_url

    def copy(setup: Setup) -> tuple[str, Callable[[], None]]:
        url = server.create(template=make_url(setup.base_url).database)
        return url, lambda: server.drop(url)

    return copy
