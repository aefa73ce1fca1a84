"""How many trials to run: a reduced set in CI (minutes), the full set with ``--full-trials``."""

from __future__ import annotations

import os

#: Set by ``bench/trials.py`` (and by ``--full-trials`` through ``full()``) for the full set.
ENV_FULL = "ASSETDESK_FULL_TRIALS"


def full(config=None) -> bool:
    if os.environ.get(ENV_FULL) == "1":
        return True
    return bool(config is not None and config.getoption("--full-trials", default=False))


def count(config, reduced: int, full_count: int) -> int:
    return full_count if full(config) else reduced


def dense_sample(total: int, limit: int | None) -> list[int]:
    """Every k in 1..total, or ``limit`` evenly spread ones (first and last included)."""
    if limit is None or total <= limit:
        return list(range(1, total + 1))
    if limit <= 1:
        return [total]
    step = (total - 1) / (limit - 1)
    return sorted({1 + round(i * step) for i in range(limit)})
