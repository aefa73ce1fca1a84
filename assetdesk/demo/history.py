"""The demo prefecture's history: the ledger at the end of FY2016, then FY2017 month by month.

The generator describes the prefecture at the end of FY2017. Its dates say what happened in
FY2017: servers bought (``purchased``) and moved to the platform or retired (``migrated_on``),
hosts added (``in_service``), systems put into service, and systems that ended in FY2017
(retired or consolidated, ``contract_end`` at FY2017's end). ``steps`` turns that into the
operations that built it: one dated in FY2016 with the ledger as it stood at that year's end,
then one per month of FY2017, so that a comparison of FY2016 with FY2017 from the history
shows what the plan reports (196 servers in scope, then 93). No randomness, no clock.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from assetdesk.demo.ledger import DemoLedger

FY2016_END = dt.date(2017, 3, 31)
FY2017_END = dt.date(2018, 3, 31)
#: The FY2016 ledger is recorded as written at the close of that year's survey.
FY2016_RECORDED = dt.date(2017, 3, 24)
#: Native platform systems that went into service from this day are moved a year on, so FY2017
#: has its new systems (their VMs and renewal years move with them).
_OPENED_IN_FY2017_FROM = dt.date(2017, 1, 1)


@dataclass
class Step:
    """One operation of the demo's history: records created (per type) and updated (by code)."""

    day: dt.date
    creates: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    updates: dict[str, list[tuple[str, dict[str, Any]]]] = field(default_factory=lambda: defaultdict(list))


def open_systems_in_fy2017(ledger: DemoLedger) -> None:
    """Move the native platform systems of the last FY2016 quarter (and their VMs) a year on."""
    servers_of: dict[str, list[dict]] = defaultdict(list)
    for s in ledger.servers:
        for code in s["systems"]:
            servers_of[code].append(s)
    year = dt.timedelta(days=365)
    for system in ledger.systems:
        servers = servers_of.get(system["system_code"], [])
        if (not servers or system["in_service"] is None or system["in_service"] < _OPENED_IN_FY2017_FROM
                or system["in_service"] > FY2016_END or system["status"] in ("retired", "consolidated")
                or any(s["kind"] != "platform_vm" or s["migration_status"] != "excluded" or len(s["systems"]) != 1
                        for s in servers)):
            continue
        system["in_service"] += year
        if system.get("next_renewal_fy") is not None:
            system["next_renewal_fy"] += 1
        if system.get("contract_end") is not None:
            system["contract_end"] += year
        for s in servers:
            s["purchased"] += year


def _month(day: dt.date) -> dt.date:
    """The day a FY2017 month's operation is dated: the month's last day."""
    return (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)


def steps(ledger: DemoLedger) -> list[Step]:
    """The operations that build ``ledger``: the FY2016 year end, then each month of FY2017."""
    first = Step(FY2016_RECORDED)
    months: dict[dt.date, Step] = {}

    def month(day: dt.date) -> Step:
        key = _month(day)
        return months.setdefault(key, Step(key))

    def later(*days: dt.date | None) -> dt.date | None:
        """The FY2017 month a record belongs to: the latest of its own and its references' days."""
        known = [d for d in days if d is not None]
        return max(known) if known else None

    first.creates["department"] = list(ledger.departments)
    first.creates["section"] = list(ledger.sections)

    host_day = {h["name"]: h["in_service"] for h in ledger.hosts
                if h["in_service"] is not None and h["in_service"] > FY2016_END}
    for h in ledger.hosts:
        (month(host_day[h["name"]]) if h["name"] in host_day else first).creates["host"].append(h)

    system_day: dict[str, dt.date] = {}
    for s in ledger.systems:
        new = s["in_service"] is not None and FY2016_END < s["in_service"] <= FY2017_END
        ended = s["status"] in ("retired", "consolidated") and s.get("contract_end") == FY2017_END
        if new:
            system_day[s["system_code"]] = s["in_service"]
            month(s["in_service"]).creates["system"].append(s)
        elif ended:
            first.creates["system"].append({**s, "status": "retiring", "consolidated_into": None,
                                            "contract_end": None, "notes": None})
            month(FY2017_END).updates["system"].append((s["system_code"], {
                k: s.get(k) for k in ("status", "consolidated_into", "contract_end", "notes")}))
        else:
            first.creates["system"].append(s)

    server_day: dict[str, dt.date] = {}
    for s in ledger.servers:
        refs = [host_day.get(s["host"] or ""), *(system_day.get(c) for c in s["systems"])]
        if s["purchased"] is not None and s["purchased"] > FY2016_END:
            server_day[s["server_code"]] = day = later(s["purchased"], *refs)
            month(day).creates["server"].append(s)
        elif s["migration_status"] in ("migrated", "retired") and s["migrated_on"] is not None \
                and FY2016_END < s["migrated_on"] <= FY2017_END:
            first.creates["server"].append({**s, "migration_status": "planned", "migrated_on": None,
                                            "host": None, "kind": "physical"})
            month(later(s["migrated_on"], *refs)).updates["server"].append((s["server_code"], {
                k: s.get(k) for k in ("migration_status", "migrated_on", "host", "kind")}))
        else:
            first.creates["server"].append(s)

    for d in ledger.dependencies:
        day = later(system_day.get(d["from_system"]), system_day.get(d["to_system"]))
        (month(day) if day else first).creates["dependency"].append(d)

    for d in ledger.datasets:  # data of a system new in FY2017 arrives with its system
        day = system_day.get(d.get("system") or "")
        (month(day) if day else first).creates["dataset"].append(d)

    return [first, *(months[k] for k in sorted(months))]
