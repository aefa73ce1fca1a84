"""Start-up of the bundle against `python -m ui.cli` from the checkout (issue 14).

For each way of running AssetDesk: `--version`, `stats --json` on a demo ledger, and the window
shown on it (offscreen; ASSETDESK_QUIT_WHEN_SHOWN makes the app print when and quit). "Cold" runs
after dropping the page cache (root; else the first run in a fresh process tree, and says so),
"warm" is the median of three runs right after.

    python -m bench.bench_startup [--bundle dist/AssetDesk-<version>-<platform>]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.harness import ratio, table

ROOT = Path(__file__).resolve().parent.parent


def drop_caches() -> bool:
    try:
        os.sync()
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
        return True
    except OSError:
        return False


def timed(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, capture_output=True, cwd=ROOT, timeout=300)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bundle", type=Path, default=None)
    args = parser.parse_args()
    bundle = args.bundle or next(iter(sorted((ROOT / "dist").glob("AssetDesk-*-linux-*"))), None)
    if bundle is None:
        sys.exit("no bundle: run python tools/bundle.py first")
    with tempfile.TemporaryDirectory() as d:
        db = str(Path(d) / "demo.sqlite")
        env = {**os.environ, "ASSETDESK_HOME": str(Path(d) / "home"), "QT_QPA_PLATFORM": "offscreen"}
        subprocess.run([sys.executable, "-m", "ui.cli", "--db", db, "demo"], env=env, check=True, cwd=ROOT,
                       capture_output=True)
        ways = {"bundle": [str(bundle / "assetdesk")], "checkout (python -m)": [sys.executable, "-m", "ui.cli"]}
        jobs = {"--version": ["--version"], "stats --json": ["--db", db, "stats", "--json"],
                "window shown": ["--db", db]}
        rows = []
        cold_kind = "page cache dropped" if os.geteuid() == 0 else "first run"
        results: dict[tuple[str, str], tuple[float, float]] = {}
        for job, argv in jobs.items():
            for way, prefix in ways.items():
                run_env = env | ({"ASSETDESK_QUIT_WHEN_SHOWN": "1"} if job == "window shown" else {})
                drop_caches()
                cold = timed(prefix + argv, run_env)
                warm = statistics.median(timed(prefix + argv, run_env) for _ in range(3))
                results[(job, way)] = (cold, warm)
            b, c = results[(job, "bundle")], results[(job, "checkout (python -m)")]
            rows.append([job, b[0], c[0], ratio(b[0], c[0]), b[1], c[1], ratio(b[1], c[1])])
        size = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file() and not p.is_symlink()) / 2**20
        table(f"Start-up, bundle ({size:,.0f} MB) vs checkout; cold = {cold_kind}",
              ["job", "bundle cold (s)", "checkout cold (s)", "ratio", "bundle warm (s)", "checkout warm (s)",
               "ratio"], rows)


if __name__ == "__main__":
    main()
