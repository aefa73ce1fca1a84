"""One server's hardware, software and measurements, drawn to look like a survey answer.

Sizes are skewed as in real estates (many small boxes, a few large database servers); the OS
follows the purchase year, with its real end of support; physical boxes have a model, rack
units, power and a maintenance contract, virtual ones do not.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from assetdesk.demo.util import PLATFORM_OPENED, add_years, day_between, lognormal_int

#: (name, end of extended support).
W2003R2 = ("Windows Server 2003 R2", date(2015, 7, 14))
W2008 = ("Windows Server 2008", date(2020, 1, 14))
W2008R2 = ("Windows Server 2008 R2", date(2020, 1, 14))
W2012 = ("Windows Server 2012", date(2023, 10, 10))
W2012R2 = ("Windows Server 2012 R2", date(2023, 10, 10))
W2016 = ("Windows Server 2016", date(2027, 1, 12))
RHEL5 = ("Red Hat Enterprise Linux 5", date(2017, 3, 31))
RHEL6 = ("Red Hat Enterprise Linux 6", date(2020, 11, 30))
RHEL7 = ("Red Hat Enterprise Linux 7", date(2024, 6, 30))
CENTOS6 = ("CentOS 6", date(2020, 11, 30))
CENTOS7 = ("CentOS 7", date(2024, 6, 30))
SOLARIS10 = ("Oracle Solaris 10", date(2024, 1, 31))
AIX71 = ("AIX 7.1", date(2023, 4, 30))
HPUX = ("HP-UX 11i v3", date(2025, 12, 31))
APPLIANCE_OS = ("専用OS (アプライアンス)", None)

#: What a box bought up to a given day came with (by the release dates of the OS versions).
_OS_BY_ERA: tuple[tuple[date, tuple[tuple[str, date | None], ...]], ...] = (
    (date(2009, 12, 31), (W2003R2, W2003R2, W2008, W2008, RHEL5, RHEL5, SOLARIS10)),
    (date(2012, 12, 31), (W2008R2, W2008R2, W2008R2, RHEL6, RHEL6, CENTOS6, AIX71, HPUX)),
    (date(2014, 8, 31), (W2012R2, W2012R2, W2012, W2008R2, RHEL6, RHEL6, CENTOS6)),
    (date(2016, 10, 31), (W2012R2, W2012R2, W2012R2, RHEL6, RHEL7, RHEL7, CENTOS7)),
    (date(9999, 12, 31), (W2016, W2016, W2016, W2012R2, RHEL7, RHEL7, CENTOS7)),
)

_MODELS = {
    1: ("RS-R120 (1U)", "PX-1100 (1U)", "KS-110 (1U)"),
    2: ("RS-R220 (2U)", "PX-2200 (2U)", "KS-220 (2U)"),
    3: ("MX-3300 (3U)",),
    4: ("RS-R440 (4U)", "PX-4400 (4U)"),
}
_MEMORY_STEPS = (4, 8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256)
_CORES = {
    "small": (2, 2, 4, 4, 4, 8),
    "medium": (4, 4, 8, 8, 8, 12, 16),
    "core": (8, 12, 16, 16, 24, 32),
}
_STORAGE_MEDIAN = {"small": 300.0, "medium": 700.0, "core": 1800.0}
_ROLE_STORAGE = {"db": 2.5, "file": 4.0, "batch": 1.2, "web": 0.5, "auth": 0.4}

LOCATIONS_OFFICE = ("本庁舎 サーバ室", "本庁舎 サーバ室", "本庁舎 サーバ室", "本庁舎 電算室", "外部データセンター",
                    "出先機関 サーバラック")
PLATFORM_LOCATION = "共同利用型基盤 (本庁舎サーバ室)"
PHYSICAL_VM_MODEL = "仮想マシン (共同利用型基盤)"


def os_for(rng: random.Random, purchased: date) -> tuple[str, date | None]:
    for last_day, choices in _OS_BY_ERA:
        if purchased <= last_day:
            return rng.choice(choices)
    raise AssertionError("unreachable")


def _memory(rng: random.Random, cores: int, role: str) -> float:
    want = cores * rng.choice((1, 2, 2, 4, 4, 8)) * (2 if role == "db" else 1)
    for step in _MEMORY_STEPS:
        if step >= want:
            return float(step)
    return 256.0


def measurements(rng: random.Random, record: dict, missing: bool) -> None:
    if missing:
        record.update(cpu_peak_pct=None, cpu_avg_pct=None, memory_peak_pct=None)
        return
    peak = min(90.0, max(5.0, 22.0 * 2.718281828 ** rng.gauss(0.0, 0.6)))
    record["cpu_peak_pct"] = round(peak, 1)
    record["cpu_avg_pct"] = round(peak * rng.uniform(0.15, 0.55), 1)
    record["memory_peak_pct"] = round(rng.uniform(25.0, 90.0), 1)


def hardware_refresh(rng: random.Random, in_service: date, latest: date) -> date:
    """When the current box was bought: the system's start, refreshed every five or six years."""
    day = in_service
    cycle = rng.choice((5, 5, 6))
    refreshes = [day]
    while add_years(day, cycle) <= latest:
        day = add_years(day, cycle)
        refreshes.append(day)
    # One box in five skipped its last refresh and runs on extended maintenance.
    if len(refreshes) > 1 and rng.random() < 0.2:
        day = refreshes[-2]
    return max(day, date(2007, 4, 2))


def sized(rng: random.Random, size: str, role: str, virtual: bool) -> dict:
    if virtual:
        cores = rng.choice((2, 2, 2, 4, 4, 8) if size != "core" else (4, 4, 8, 8, 16))
        memory = float(rng.choice((4, 8, 8, 8, 16, 16, 32) if size != "core" else (8, 16, 32, 32, 64)))
    else:
        cores = rng.choice(_CORES[size])
        if role == "db" and cores < 32:
            cores = rng.choice((cores, cores * 2 if cores <= 16 else cores))
        memory = _memory(rng, cores, role)
    median = _STORAGE_MEDIAN[size] * _ROLE_STORAGE.get(role, 1.0) * (0.4 if virtual else 1.0)
    storage = float(lognormal_int(rng, median, 0.7, 100, 10_000))
    return {
        "cpu_cores": cores,
        "memory_gb": memory,
        "storage_gb": storage,
        "storage_used_gb": round(storage * rng.uniform(0.1, 0.9), 1),
    }


def physical(rng: random.Random, record: dict, purchased: date, appliance: bool = False) -> None:
    """Fill the fields only a physical box has."""
    cores = record["cpu_cores"]
    u = 1 if cores <= 4 else rng.choice((1, 2)) if cores <= 12 else 2 if cores <= 24 else rng.choice((3, 4))
    if record["storage_gb"] > 4000 and u < 2:
        u = 2
    os_name, eol = APPLIANCE_OS if appliance else os_for(rng, purchased)
    leased = rng.random() < 0.6
    record.update(
        os=os_name,
        os_eol=eol,
        model=rng.choice(_MODELS[u]) if not appliance else rng.choice(("SG-500 セキュリティアプライアンス", "NA-200 監視アプライアンス")),
        purchased=purchased,
        lease_end=add_years(purchased, 5) if leased else None,
        maintenance_end=add_years(purchased, rng.choice((5, 6, 7))) - timedelta(days=1),
        power_w=int(120 + cores * 11 + record["memory_gb"] * 0.6 + u * 55 + rng.randint(-30, 60)),
        rack_u=u,
        annual_maintenance=lognormal_int(rng, 140 * u, 0.5, 50, 3000),
    )


def virtual(rng: random.Random, record: dict, built: date, model: str) -> None:
    """Fill the fields of a virtual machine or cloud instance."""
    os_name, eol = os_for(rng, built)
    record.update(
        os=os_name, os_eol=eol, model=model, purchased=built, lease_end=None, maintenance_end=None,
        power_w=None, rack_u=None, annual_maintenance=0,
    )


def native_build_day(rng: random.Random, system_in_service: date) -> date:
    """When a VM built directly on the platform was made: with a new system, or at a renewal."""
    if system_in_service >= PLATFORM_OPENED:
        return day_between(rng, PLATFORM_OPENED, system_in_service)
    return day_between(rng, PLATFORM_OPENED, date(2018, 3, 20))


def became_vm(record: dict) -> None:
    """A physical server moved onto the platform (P2V): the OS stays, the box is gone, and the
    allocation was trimmed to what the measurements justified (at most 16 vCPU and 64 GB)."""
    record.update(
        cpu_cores=min(record["cpu_cores"], 16), memory_gb=min(record["memory_gb"], 64.0),
        kind="platform_vm", model=PHYSICAL_VM_MODEL, location=PLATFORM_LOCATION, lease_end=None,
        maintenance_end=None, power_w=None, rack_u=None, annual_maintenance=0,
    )
