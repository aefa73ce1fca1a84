"""Dedicated terminals and lines of the demo's systems.

Most systems have none: they run on the standard マロニエ21 PC over the prefecture's network. Tax,
welfare and medical systems often keep client-software terminals and lines to their regional
offices; police and disaster systems special devices; closed and standalone systems their own
lines. Some moved in FY2017 (the first year of the plan). A random stream of its own, so the rest
of the demo (and its server counts) stays what it was.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from assetdesk.terminals import (
    GONE_STATUSES,
    PREFECTURE_NETWORK_ZONES,
    STANDARD_PC_REQUIREMENTS,
    STANDARD_PC_ZONES,
)

#: Share of systems of a business category with dedicated terminals.
TERMINAL_SHARE = {"tax": 0.45, "welfare": 0.4, "medical": 0.4, "police": 0.6, "disaster": 0.6}
OTHER_TERMINAL_SHARE = 0.04
DEVICE_CATEGORIES = ("police", "disaster")
FIELDS = ("dedicated_terminals", "terminal_requirement", "terminal_cost", "terminals_moved_on",
          "dedicated_lines", "line_cost", "lines_moved_on")
FY2017 = (dt.date(2017, 4, 1), dt.date(2018, 3, 31))


def _moved_in_fy2017(rng: random.Random, since: dt.date | None) -> dt.date | None:
    start = max(FY2017[0], since or FY2017[0])
    if start > FY2017[1]:
        return None
    return start + dt.timedelta(days=rng.randrange((FY2017[1] - start).days + 1))


def equip(systems: list[dict[str, Any]], seed: int) -> None:
    """Fill in the terminal and line fields of ``systems`` (in place)."""
    rng = random.Random(seed * 7919 + 15)
    for s in systems:
        for name in FIELDS:
            s.setdefault(name, None)
        category, zone = s.get("business_category"), s["network_zone"]
        users = s.get("users") or 10
        if rng.random() < TERMINAL_SHARE.get(category, OTHER_TERMINAL_SHARE) or (zone == "closed" and rng.random() < 0.5):
            if category in DEVICE_CATEGORIES or zone == "closed":
                req = "device" if rng.random() < 0.7 else "client"
            else:
                req = "client" if rng.random() < 0.6 else "browser"
            count = max(1, min(60, round(users / rng.choice((5, 10, 20)))))
            per_unit = rng.choice((150, 200, 280)) if req == "device" else rng.choice((60, 72, 90))
            s.update(dedicated_terminals=count, terminal_requirement=req, terminal_cost=count * per_unit)
            movable = req in STANDARD_PC_REQUIREMENTS and zone in STANDARD_PC_ZONES
            if (movable and rng.random() < 0.3) or s["status"] in GONE_STATUSES:
                s["terminals_moved_on"] = _moved_in_fy2017(rng, s.get("in_service"))
        line_share = 0.8 if zone == "closed" else 0.5 if s.get("dedicated_terminals") else 0.01
        if rng.random() < line_share:
            lines = rng.randint(1, 4 if zone == "closed" else 8)
            s.update(dedicated_lines=lines, line_cost=lines * rng.choice((360, 480, 600, 960)))
            if (zone in PREFECTURE_NETWORK_ZONES and rng.random() < 0.25) or s["status"] in GONE_STATUSES:
                s["lines_moved_on"] = _moved_in_fy2017(rng, s.get("in_service"))
