"""The demo prefecture: a realistic ledger for trying AssetDesk and measuring it.

``generate(scale, seed)`` returns plain records (no database, no Qt) that the database loader
writes: about 14 departments, 100 sections, 520 systems, 1,000+ servers, 800 dependencies,
the shared platform's hosts and 500+ datasets (保有データ) per copy, plus the plan's ten indicators. The consolidation
indicator comes out exactly as the plan reports it: 196 servers in scope at the end of FY2016,
93 at the end of FY2017 (times ``scale``), by the rule in ``assetdesk.demo.scope``.
Deterministic for (scale, seed): one ``random.Random(seed)``, no clock.
"""

from __future__ import annotations

import random

from assetdesk.demo import datasets, dependencies, hosts, servers, systems, terminals
from assetdesk.demo.history import open_systems_in_fy2017
from assetdesk.demo.indicators import indicators
from assetdesk.demo.ledger import DemoLedger, replicate
from assetdesk.demo.scope import count_in_scope, in_scope_at
from assetdesk.demo.servers import IN_SCOPE_FY2016, IN_SCOPE_FY2017, ZONE_MISMATCHES

DEFAULT_SEED = 2016


def prefecture(seed: int = DEFAULT_SEED) -> DemoLedger:
    """One prefecture (scale 1)."""
    rng = random.Random(seed)
    org = systems.organisation()
    drafts = systems.draft(rng, org)
    server_rows = servers.build(drafts, rng)
    host_rows = hosts.place(server_rows)
    system_rows = systems.finish(drafts, rng)
    terminals.equip(system_rows, seed)
    dependency_rows = dependencies.build(drafts, rng)
    one = DemoLedger(org.departments, org.sections, system_rows, server_rows, dependency_rows, host_rows)
    open_systems_in_fy2017(one)
    one.datasets = datasets.inventory(org.departments, org.sections, system_rows, seed)
    return one


def generate(scale: int = 1, seed: int = DEFAULT_SEED) -> DemoLedger:
    """``scale`` copies of the demo prefecture, each with its own codes, names and hostnames."""
    if scale < 1:
        raise ValueError("scale must be at least 1")
    ledger = replicate(prefecture(seed), scale)
    ledger.indicators = indicators(scale)
    return ledger


__all__ = [
    "DEFAULT_SEED", "IN_SCOPE_FY2016", "IN_SCOPE_FY2017", "ZONE_MISMATCHES", "DemoLedger", "count_in_scope",
    "generate", "in_scope_at", "prefecture",
]
