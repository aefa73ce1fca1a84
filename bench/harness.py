"""A small harness for AssetDesk's benchmarks: time a candidate and its anchor in the same run.

Each benchmark is a script ``bench/bench_*.py`` with a ``main()``; it measures what it owns and
an anchor (a baseline doing the same job a simpler way) and prints one table with the ratio.
Timed assertions do not belong in tests; these print figures for the closing notes.
"""

from __future__ import annotations

import gc
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Timing:
    name: str
    seconds: list[float] = field(default_factory=list)

    @property
    def best(self) -> float:
        return min(self.seconds)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


def measure(name: str, fn: Callable[[], object], repeat: int = 3, setup: Callable[[], object] | None = None) -> Timing:
    """Run ``fn`` ``repeat`` times (``setup`` before each, untimed) and keep every duration."""
    t = Timing(name)
    for _ in range(repeat):
        if setup is not None:
            setup()
        gc.collect()
        start = time.perf_counter()
        fn()
        t.seconds.append(time.perf_counter() - start)
    return t


def ratio(candidate: float, anchor: float) -> str:
    return f"{candidate / anchor:.2f}x" if anchor > 0 else "n/a"


def table(title: str, header: list[str], rows: list[list[object]]) -> None:
    """Print an aligned table, and its JSON form when BENCH_JSON is set (for collecting figures)."""
    cells = [[str(c) for c in header]] + [[_fmt(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    print(f"\n== {title}")
    for i, r in enumerate(cells):
        print("  ".join(c.rjust(w) for c, w in zip(r, widths, strict=True)))
        if i == 0:
            print("  ".join("-" * w for w in widths))
    if os.environ.get("BENCH_JSON"):
        print(json.dumps({"title": title, "header": header, "rows": rows}, default=str, ensure_ascii=False))
    sys.stdout.flush()


def _fmt(v: object) -> str:
    if isinstance(v, float):
        return f"{v:.4f}" if v < 10 else f"{v:,.1f}"
    if isinstance(v, int):
        return f"{v:,}"
    return str(v)


def peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
