"""Small helpers for drawing plausible values from one seeded random generator."""

from __future__ import annotations

import math
import random
from datetime import date, timedelta


def day_between(rng: random.Random, first: date, last: date) -> date:
    """A day from ``first`` to ``last`` inclusive."""
    return first + timedelta(days=rng.randint(0, (last - first).days))


def fy_of(day: date) -> int:
    """The fiscal year (年度, April to March) that ``day`` falls in."""
    return day.year if day.month >= 4 else day.year - 1


def fy_end(fy: int) -> date:
    """The last day of fiscal year ``fy`` (31 March of the next calendar year)."""
    return date(fy + 1, 3, 31)


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def lognormal_int(rng: random.Random, median: float, sigma: float, lo: int, hi: int) -> int:
    """A right-skewed whole number around ``median``, clipped to [lo, hi]: costs, users, sizes."""
    return int(min(hi, max(lo, round(median * math.exp(rng.gauss(0.0, sigma))))))


#: The shared platform (共同利用型基盤) went into service in the second half of FY2016.
PLATFORM_OPENED = date(2016, 10, 3)
#: Its extension, bought as the FY2017 migration waves filled it.
PLATFORM_EXTENDED = date(2017, 10, 2)
