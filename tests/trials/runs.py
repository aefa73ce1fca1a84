"""The trial loops, shared by the tests (reduced) and ``bench/trials.py`` (full): each returns a
``Tally`` of trials run, passed and the failures found (one line each)."""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from db.ledger import Ledger
from tests.trials.budget import dense_sample
from tests.trials.faults import RowFault, StatementFault, is_injected
from tests.trials.fingerprint import diff_tables, fingerprint, integrity, sqlite_file, state
from tests.trials.killer import kill_during
from tests.trials.setups import Copier, Setup


@dataclass
class Tally:
    path: str
    kind: str
    backend: str
    trials: int = 0
    passed: int = 0
    failures: list[str] = field(default_factory=list)
    notes: dict[str, int] = field(default_factory=dict)

    def fail(self, message: str) -> None:
        self.failures.append(f"{self.kind}/{self.path}/{self.backend}: {message}")

    def line(self) -> str:
        extra = "".join(f" {k}={v}" for k, v in sorted(self.notes.items()))
        return (f"{self.kind:<10} {self.path:<8} {self.backend:<9} trials={self.trials:<4} passed={self.passed:<4} "
                f"failures={len(self.failures)}{extra}")


def backend_of(url: str) -> str:
    return "sqlite" if make_url(url).get_backend_name() == "sqlite" else "postgres"


# --- errors injected at statement k or row k ---------------------------------------------------------


def fault_trials(setup: Setup, copier: Copier, mode: str, limit: int | None) -> Tally:
    """Fail the write at statement (or row) k for every k (or ``limit`` spread ones); each time
    the ledger must be exactly as before, history included."""
    fault_cls: Callable = StatementFault if mode == "statement" else RowFault
    tally = Tally(setup.path, f"{mode}-fault", backend_of(setup.base_url))
    url, dispose = copier(setup)
    before = state(url)
    ledger = Ledger(url)
    setup.ready(ledger)
    with fault_cls(ledger.engine) as counter:
        setup.write(ledger)
    total = counter.seen
    ledger.dispose()
    dispose()
    tally.notes["points"] = total
    for k in dense_sample(total, limit):
        tally.trials += 1
        url, dispose = copier(setup)
        ledger = Ledger(url)
        try:
            try:
                with fault_cls(ledger.engine, k):
                    setup.write(ledger)
                tally.fail(f"k={k}: the write succeeded although {mode} {k} failed")
                continue
            except Exception as e:
                if not is_injected(e):
                    tally.fail(f"k={k}: unexpected {type(e).__name__}: {e}")
                    continue
            finally:
                ledger.dispose()
            after = state(url)
            if after != before:
                tally.fail(f"k={k}: ledger changed in {diff_tables(before, after)}")
                continue
            tally.passed += 1
        finally:
            dispose()
    return tally


# --- SIGKILL at random moments -------------------------------------------------------------------------


def _wait_until_idle(url: str, timeout_s: float = 30.0) -> None:
    """PostgreSQL: wait until the killed client's backend is gone (its transaction rolled back)."""
    u = make_url(url)
    admin = create_engine(u.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        deadline = time.monotonic() + timeout_s
        with admin.connect() as c:
            while time.monotonic() < deadline:
                n = c.execute(text("SELECT count(*) FROM pg_stat_activity WHERE datname = :d"),
                              {"d": u.database}).scalar()
                if not n:
                    return
                time.sleep(0.05)
    finally:
        admin.dispose()


def _backups_sound(home: Path) -> list[str]:
    """Backups under their final name must be whole ledgers (a crash may leave only .partial)."""
    bad = []
    for f in sorted((home / "backups").glob("ledger-*.sqlite")) if (home / "backups").exists() else []:
        try:
            if integrity(f) != "ok":
                bad.append(f.name)
        except Exception as e:
            bad.append(f"{f.name}: {e}")
    return bad


def kill_trials(setup: Setup, copier: Copier, trials: int, rng: random.Random, home: Path) -> Tally:
    """Kill the write with SIGKILL at random statements; each time the ledger must open, pass
    PRAGMA integrity_check (SQLite), and hold exactly the state before or the state after."""
    tally = Tally(setup.path, "sigkill", backend_of(setup.base_url))
    env = {"ASSETDESK_HOME": str(home)}
    if setup.reference is None:  # one unkilled run gives the state after and the statement count
        url, dispose = copier(setup)
        before = fingerprint(url, stable=True)
        reference = kill_during(setup.path, url, setup.arg, None, env=env)
        setup.reference = (before, fingerprint(url, stable=True), reference.statements)
        dispose()
    before, after, statements = setup.reference
    if before == after:
        tally.fail("the reference run changed nothing")
        return tally
    tally.notes.update(statements=statements, before=0, after=0)
    for i in range(trials):
        tally.trials += 1
        home_i = home / f"kill-{setup.path}-{i}"
        url, dispose = copier(setup)
        try:
            # anywhere in the write, and one time in four near its end (the commit and its fsync)
            n = statements
            k = rng.randint(0, n) if rng.random() < 0.75 else max(0, n - rng.randint(0, 2))
            out = kill_during(setup.path, url, setup.arg, k, jitter_s=rng.choice((0.0, 0.001, 0.005, 0.02, 0.05)),
                              env={"ASSETDESK_HOME": str(home_i)})
            problem = _check_after_kill(url, before, after, tally)
            bad_backups = _backups_sound(home_i)
            if bad_backups:
                problem = (problem or "") + f" broken backups {bad_backups}"
            if problem:
                tally.fail(f"trial {i} (kill at statement {k}, killed={out.killed}): {problem}")
            else:
                tally.passed += 1
        finally:
            dispose()
    return tally


def _check_after_kill(url: str, before: str, after: str, tally: Tally) -> str | None:
    path = sqlite_file(url)
    if path is None:
        _wait_until_idle(url)
    else:
        check = integrity(path)
        if check != "ok":
            return f"integrity_check: {check[:200]}"
    found = fingerprint(url, stable=True)
    if found == before:
        tally.notes["before"] += 1
    elif found == after:
        tally.notes["after"] += 1
    else:
        return "the ledger holds neither the state before nor the state after"
    # and AssetDesk opens it and writes to it as usual
    ledger = Ledger.open(url)
    try:
        with ledger.operation("edit", "after the crash") as op:
            sid = op.id_of("system", "SYS-0002")
            if sid is not None:
                op.update("system", sid, {"notes": "クラッシュ後の編集"}, None)
    finally:
        ledger.dispose()
    return None


def pg_url_env() -> str | None:
    return os.environ.get("ASSETDESK_TEST_PG_URL")
