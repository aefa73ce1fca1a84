"""The full data-safety trials of issue 10, with counts per write path.

    python bench/trials.py [--pg URL] [--kills 25] [--fault-limit N] [--paths import,adopt,...]
                           [--no-pytest] [--seed 2026]

Runs, on copies of prepared ledgers (demo prefecture, 522 systems; a survey-round workbook of
about 50 rows; a saved consolidation scenario; a backup of another ledger):

* a failure injected at every statement k, and on SQLite at every row k inside the database
  engine, of the import (a realistic survey round); the same at ``--fault-limit`` points spread
  evenly over adopt / restore / demo / undo (a restore writes 12,000 rows, the demo 6,000);
* ``--kills`` SIGKILLs of a child process doing import / adopt / restore / demo, at random
  statements, on SQLite and (with ``--pg`` or ``$ASSETDESK_TEST_PG_URL``) PostgreSQL;
* then the other trial files in full (disk full / read-only, schema upgrades, undo, export ->
  import round trip) through pytest with ``--full-trials``.

Prints one line per path and kind: trials, passed, failures (and the failures themselves).
The exit status is 1 when any trial failed.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.trials.budget import ENV_FULL  # noqa: E402
from tests.trials.runs import Tally, fault_trials, kill_trials  # noqa: E402
from tests.trials.setups import PATHS, on_postgres, pg_copier, prepare, sqlite_copier  # noqa: E402

KILL_PATHS = ("import", "adopt", "restore", "demo")
PYTEST_FILES = ("test_trial_disk.py", "test_trial_upgrade.py", "test_trial_undo.py", "test_trial_roundtrip.py",
                "test_trial_values.py")


def run_pytest(files: list[str], pg: str | None) -> list[Tally]:
    out = []
    for name in files:
        path = ROOT / "tests" / name
        if not path.exists():
            continue
        env = {**os.environ, ENV_FULL: "1", **({"ASSETDESK_TEST_PG_URL": pg} if pg else {})}
        r = subprocess.run([sys.executable, "-m", "pytest", str(path), "-q", "-p", "no:cacheprovider",
                            "--full-trials", "-rfEX"], cwd=ROOT, capture_output=True, text=True, env=env)
        counts = _counts(r.stdout.strip().splitlines()[-1] if r.stdout.strip() else "")
        t = Tally(name.removeprefix("test_trial_").removesuffix(".py"), "pytest", "both",
                  trials=sum(counts.values()), passed=counts.get("passed", 0))
        t.notes.update({k: v for k, v in counts.items() if k != "passed"})
        if counts.get("failed") or counts.get("error") or r.returncode not in (0,):
            t.fail("\n".join(line for line in r.stdout.splitlines() if line.startswith(("FAILED", "ERROR")))
                   or r.stdout[-2000:])
        out.append(t)
    return out


def _counts(line: str) -> dict[str, int]:
    import re

    return {k.rstrip("s") if k != "passed" else k: int(n)
            for n, k in re.findall(r"(\d+) (passed|failed|errors?|skipped|xfailed|xpassed)", line)}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--pg", default=os.environ.get("ASSETDESK_TEST_PG_URL"), help="PostgreSQL server URL")
    p.add_argument("--kills", type=int, default=25, help="SIGKILL trials per path and backend")
    p.add_argument("--fault-limit", type=int, default=150,
                   help="points per path other than import (spread over all; 0: every one)")
    p.add_argument("--import-fault-limit", type=int, default=0,
                   help="points of the import (default 0: every statement and every row)")
    p.add_argument("--pg-fault-limit", type=int, default=40, help="statement points per path on PostgreSQL")
    p.add_argument("--paths", default=",".join(PATHS))
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--no-pytest", action="store_true", help="skip the pytest trial files")
    a = p.parse_args(argv)
    paths = [x for x in a.paths.split(",") if x]
    rng = random.Random(a.seed)
    tallies: list[Tally] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="assetdesk-trials-") as tmp:
        work = Path(tmp)
        os.environ["ASSETDESK_HOME"] = str(work / "home")
        setups = prepare(work / "setups")
        copier = sqlite_copier(work)

        def report(t: Tally) -> None:
            tallies.append(t)
            print(t.line(), flush=True)

        for path in paths:
            for mode in ("statement", "row"):
                limit = a.import_fault_limit if path == "import" else a.fault_limit
                report(fault_trials(setups[path], copier, mode, limit or None))
        for path in [x for x in paths if x in KILL_PATHS]:
            report(kill_trials(setups[path], copier, a.kills, rng, work / "kills"))
        if a.pg:
            from tests.conftest import PgServer

            server = PgServer(a.pg)
            pg_setups = on_postgres(setups, server, tuple(paths))
            pg_copy = pg_copier(server)
            for path in [x for x in paths if x != "demo"]:
                report(fault_trials(pg_setups[path], pg_copy, "statement", a.pg_fault_limit))
            for path in [x for x in paths if x in KILL_PATHS and x != "demo"]:
                report(kill_trials(pg_setups[path], pg_copy, a.kills, rng, work / "pg-kills"))
            for url in {s.base_url for s in pg_setups.values()}:
                server.drop(url)
        if not a.no_pytest:
            for t in run_pytest(list(PYTEST_FILES), a.pg):
                report(t)
    total = sum(t.trials for t in tallies)
    failed = [f for t in tallies for f in t.failures]
    print(f"\n{total} trials in {time.perf_counter() - started:.0f} s; {len(failed)} failed")
    for f in failed:
        print("  FAILED", f)
    print(f"{sum(t.passed for t in tallies)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
