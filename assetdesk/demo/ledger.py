"""The demo ledger as plain records, and its multiplication into N prefectures.

Copies after the first get a suffix ("-02", "-03", ...) on every key, name and hostname, and
every reference is renamed with it, so N copies are N independent prefectures in one ledger
(for load and performance trials); the first copy is exactly the scale-1 prefecture.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class DemoLedger:
    departments: list[dict] = field(default_factory=list)
    sections: list[dict] = field(default_factory=list)
    systems: list[dict] = field(default_factory=list)
    servers: list[dict] = field(default_factory=list)
    dependencies: list[dict] = field(default_factory=list)
    hosts: list[dict] = field(default_factory=list)
    indicators: list[dict] = field(default_factory=list)
    datasets: list[dict] = field(default_factory=list)


def _opt(value: str | None, sfx: str) -> str | None:
    return None if value is None else value + sfx


def replicate(one: DemoLedger, scale: int) -> DemoLedger:
    """``one`` followed by ``scale - 1`` renamed copies (indicators are left to the caller)."""
    out = DemoLedger(
        departments=list(one.departments), sections=list(one.sections), systems=list(one.systems),
        servers=list(one.servers), dependencies=list(one.dependencies), hosts=list(one.hosts),
        datasets=list(one.datasets),
    )
    for k in range(2, scale + 1):
        sfx = f"-{k:02d}"
        out.departments += [{**d, "code": d["code"] + sfx, "name": d["name"] + sfx} for d in one.departments]
        out.sections += [{**s, "code": s["code"] + sfx, "name": s["name"] + sfx, "department": s["department"] + sfx}
                         for s in one.sections]
        out.systems += [{**s, "system_code": s["system_code"] + sfx, "name": s["name"] + sfx,
                         "section": s["section"] + sfx, "consolidated_into": _opt(s["consolidated_into"], sfx)}
                        for s in one.systems]
        out.servers += [{**s, "server_code": s["server_code"] + sfx, "hostname": s["hostname"] + sfx,
                         "systems": tuple(c + sfx for c in s["systems"]), "host": _opt(s["host"], sfx),
                         "ha_group": _opt(s["ha_group"], sfx)}
                        for s in one.servers]
        out.dependencies += [{**d, "from_system": d["from_system"] + sfx, "to_system": d["to_system"] + sfx}
                             for d in one.dependencies]
        out.hosts += [{**h, "name": h["name"] + sfx} for h in one.hosts]
        out.datasets += [{**d, "code": d["code"] + sfx, "section": d["section"] + sfx,
                          "system": _opt(d["system"], sfx), "used_by": tuple(c + sfx for c in d["used_by"])}
                         for d in one.datasets]
    return out
