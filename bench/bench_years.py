"""Building the ledger at a fiscal year's end from the history (``db.ledger_at``), against loading
today's values of the same record types (the anchor, ``db.ledger.load_values``).

    python -m bench.bench_years [--scale 10]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from bench.harness import ratio, table
from db.demo_load import load_demo
from db.ledger import Ledger, load_values
from db.ledger_at import compare_fiscal_years, ledger_at_year_end

TYPES = ("department", "section", "system", "server")


def best_of(n: int, fn) -> float:
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=int, default=10)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        ledger = Ledger.open(str(Path(tmp) / "years.sqlite"))
        load_demo(ledger, scale=args.scale)
        with ledger.read() as conn:
            records = sum(len(load_values(conn, t)) for t in TYPES)
            anchor = best_of(3, lambda: [load_values(conn, t) for t in TYPES])
            fy2016 = best_of(3, lambda: ledger_at_year_end(conn, 2016, TYPES))
            fy2017 = best_of(3, lambda: ledger_at_year_end(conn, 2017, TYPES))
            both = best_of(3, lambda: compare_fiscal_years(conn, 2016, 2017))
        ledger.dispose()
    table(f"ledger at a fiscal year's end, demo --scale {args.scale} (sqlite, {records:,} records)",
          ["what", "seconds", "ratio to anchor"],
          [["anchor: today's values (load_values)", anchor, "1.00x"],
           ["ledger at the end of FY2016 (replay)", fy2016, ratio(fy2016, anchor)],
           ["ledger at the end of FY2017 (replay)", fy2017, ratio(fy2017, anchor)],
           ["compare-years 2016 2017 (two replays + difference)", both, ratio(both, anchor)]])


if __name__ == "__main__":
    main()
