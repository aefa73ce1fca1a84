"""Import benchmarks (issue 4).

1. The yearly survey: the demo prefecture's section workbooks (one per section, ~100) parsed,
   validated and previewed against the ledger. Target: <= 3 s. Anchor: openpyxl (read-only
   mode) only reading the same workbooks' cells.
2. A 100,000-row server list: read, validated and previewed (then applied) by AssetDesk,
   against pandas.read_excel only reading the same file. Target: faster than pandas reading.
   Each run is a child process so that its peak memory (max RSS) is its own.

    python -m bench.bench_import [--rows N] [--keep DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.harness import measure, peak_rss_mb, ratio, table


def _demo_survey(folder: Path) -> tuple[str, list[Path]]:
    from db.demo_load import load_demo
    from db.ledger import Ledger
    from importers.survey_template import make_survey

    url = f"sqlite:///{folder / 'demo.sqlite'}"
    ledger = Ledger.open(url)
    load_demo(ledger)
    start = time.perf_counter()
    paths = make_survey(ledger, folder / "survey", 2026)
    print(f"survey make: {len(paths)} workbooks in {time.perf_counter() - start:.1f} s", flush=True)
    ledger.dispose()
    return url, paths


def survey_bench(folder: Path) -> None:
    from db.ledger import Ledger
    from importers.diff import build_preview
    from importers.survey_import import parse_files

    url, paths = _demo_survey(folder)
    ledger = Ledger.open(url)
    result: dict = {}

    def ours() -> None:
        files = parse_files(paths)
        with ledger.read() as conn:
            result["preview"] = build_preview(conn, files)

    def anchor() -> None:
        from openpyxl import load_workbook

        for p in paths:
            wb = load_workbook(p, read_only=True, data_only=True)
            for ws in wb.worksheets:
                for _row in ws.iter_rows(values_only=True):
                    pass
            wb.close()

    t_ours = measure("AssetDesk parse + validate + preview", ours, repeat=3)
    t_anchor = measure("openpyxl read-only, cells only (anchor)", anchor, repeat=3)
    preview = result["preview"]
    rows = sum(len(f.rows()) for f in preview.files)
    table(f"Survey: {len(paths)} section workbooks, {rows:,} rows (target <= 3 s)",
          ["what", "best s", "median s", "vs anchor"],
          [[t_ours.name, t_ours.best, t_ours.median, ratio(t_ours.best, t_anchor.best)],
           [t_anchor.name, t_anchor.best, t_anchor.median, "1.00x"]])
    print(f"preview: {preview.unchanged:,} unchanged, {len(preview.changes)} changes, "
          f"{len(preview.errors)} errors, {len(preview.all_problems) - len(preview.errors)} warnings")
    ledger.dispose()


def make_server_list(path: Path, rows: int, seed: int = 1) -> Path:
    from openpyxl import Workbook

    from assetdesk.fields import SERVER_FIELDS, Kind
    from assetdesk.values import write_value

    rng = random.Random(seed)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("サーバ")
    ws.append([f.label for f in SERVER_FIELDS])
    zones = ("lgwan", "internet", "mynumber")
    for i in range(rows):
        row = []
        for f in SERVER_FIELDS:
            if f.name == "server_code":
                v = f"SRV-{i + 1:06d}"
            elif f.name == "hostname":
                v = f"bench-{i + 1:06d}"
            elif f.name in ("systems", "host", "planned_wave", "migrated_on"):
                v = None
            elif f.name == "network_zone":
                v = zones[i % 3]
            elif f.choices is not None:
                v = rng.choice(f.choices.values)
            elif f.kind is Kind.INT:
                v = rng.randrange(1, 64)
            elif f.kind is Kind.FLOAT:
                v = round(rng.uniform(0, 90), 1)
            elif f.kind is Kind.DATE:
                v = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(3000))
            else:
                v = f"{f.name} {rng.randrange(1000)}"
            row.append(write_value(v, f))
        ws.append(row)
    wb.save(path)
    return path


def _child(mode: str, path: str, db: str) -> None:
    """One measured run in this (fresh) process; prints JSON."""
    out: dict = {"mode": mode}
    start = time.perf_counter()
    if mode == "pandas":
        import pandas as pd

        out["rows"] = len(pd.read_excel(path, engine="openpyxl"))
    elif mode == "pandas-calamine":
        import pandas as pd

        out["rows"] = len(pd.read_excel(path, engine="calamine"))
    else:
        from db.ledger import Ledger
        from importers.apply import apply_import
        from importers.diff import build_preview
        from importers.survey_import import parse_files

        ledger = Ledger.open(db)
        files = parse_files([path])
        out["parse_s"] = time.perf_counter() - start
        with ledger.read() as conn:
            preview = build_preview(conn, files)
        out["preview_s"] = time.perf_counter() - start - out["parse_s"]
        out["rows"] = len(files[0].rows())
        out["errors"] = len(preview.errors)
        if mode == "apply":
            t = time.perf_counter()
            result = apply_import(ledger, preview, backup=False)
            out["apply_s"] = time.perf_counter() - t
            out["created"] = result.created
    out["seconds"] = time.perf_counter() - start
    out["peak_mb"] = peak_rss_mb()
    print(json.dumps(out))


def _run_child(mode: str, path: Path, db: str) -> dict:
    env = dict(os.environ, PYTHONWARNINGS="ignore")
    proc = subprocess.run([sys.executable, "-m", "bench.bench_import", "--child", mode, str(path), db],
                          capture_output=True, text=True, env=env, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def server_list_bench(folder: Path, rows: int) -> None:
    from db.ledger import Ledger

    path = folder / f"servers_{rows}.xlsx"
    if not path.exists():
        start = time.perf_counter()
        make_server_list(path, rows)
        print(f"wrote {path.name} ({path.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - start:.0f} s", flush=True)
    db = f"sqlite:///{folder / 'servers.sqlite'}"
    Path(folder / "servers.sqlite").unlink(missing_ok=True)
    Ledger.open(db).dispose()
    ours = _run_child("preview", path, db)
    applied = _run_child("apply", path, db)
    pandas = _run_child("pandas", path, db)
    pandas_cal = _run_child("pandas-calamine", path, db)
    table(f"{rows:,}-row server list (target: AssetDesk import faster than pandas only reading)",
          ["what", "seconds", "peak MB", "vs pandas read"],
          [["AssetDesk read + validate + preview", ours["seconds"], ours["peak_mb"], ratio(ours["seconds"], pandas["seconds"])],
           ["  of which reading (calamine + checks)", ours["parse_s"], "", ratio(ours["parse_s"], pandas["seconds"])],
           ["AssetDesk full import (+ apply, SQLite)", applied["seconds"], applied["peak_mb"],
            ratio(applied["seconds"], pandas["seconds"])],
           ["pandas.read_excel (openpyxl, default) (anchor)", pandas["seconds"], pandas["peak_mb"], "1.00x"],
           ["pandas.read_excel (engine=calamine)", pandas_cal["seconds"], pandas_cal["peak_mb"],
            ratio(pandas_cal["seconds"], pandas["seconds"])]])
    print(f"rows read: {ours['rows']:,}; errors: {ours['errors']}; created on apply: {applied.get('created')}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--keep", help="folder for the generated files (reused between runs)")
    parser.add_argument("--skip-survey", action="store_true")
    parser.add_argument("--child", nargs=3, metavar=("MODE", "FILE", "DB"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(*args.child)
        return
    os.environ.setdefault("ASSETDESK_HOME", tempfile.mkdtemp(prefix="assetdesk-bench-home-"))
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="assetdesk-bench-import-"))
    folder.mkdir(parents=True, exist_ok=True)
    if not args.skip_survey:
        survey_bench(folder)
    server_list_bench(folder, args.rows)


if __name__ == "__main__":
    main()
