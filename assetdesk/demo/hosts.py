"""The shared platform's hosts (共同利用型基盤), sized for the VMs the demo puts on them.

One set of hosts per platform zone (the three-layer separation: a host never serves two zones),
bought in FY2016 and extended in FY2017 as the migration waves filled them. Each VM goes to
the least loaded host of its zone that was already in service on the day the VM arrived, and
never next to the other half of its HA pair.
"""

from __future__ import annotations

import math
from datetime import date

from assetdesk.choices import PLATFORM_ZONES
from assetdesk.demo.util import PLATFORM_EXTENDED, PLATFORM_OPENED

HOST_CORES = 44          # two 22-core sockets
HOST_MEMORY_GB = 768.0
#: Share of the platform's shared storage (SAN) per host, by zone.
HOST_STORAGE_GB = {"mynumber": 16_000.0, "lgwan": 30_000.0, "internet": 12_000.0}
#: Memory the demo fills a host to, and vCPUs per core, before buying another host.
_MEMORY_FILL = 0.7
_VCPU_PER_CORE = 3.0
_PREFIX = {"mynumber": "MN", "lgwan": "LG", "internet": "IN"}


def _arrival(vm: dict) -> date:
    return vm["migrated_on"] or vm["purchased"]


def _needed(vms: list[dict]) -> int:
    memory = sum(v["memory_gb"] for v in vms) / (HOST_MEMORY_GB * _MEMORY_FILL)
    cores = sum(v["cpu_cores"] for v in vms) / (HOST_CORES * _VCPU_PER_CORE)
    largest_pair = 2 if any(v["ha_group"] for v in vms) else 1
    # One spare host per zone (N+1), as the platform was specified.
    return max(largest_pair, math.ceil(max(memory, cores))) + 1


def place(servers: list[dict]) -> list[dict]:
    """The platform's hosts; sets ``host`` on every platform VM."""
    hosts: list[dict] = []
    for zone in PLATFORM_ZONES:
        vms = sorted((s for s in servers if s["kind"] == "platform_vm" and s["network_zone"] == zone),
                     key=lambda v: (_arrival(v), v["server_code"]))
        if not vms:
            continue
        first = _needed([v for v in vms if _arrival(v) < PLATFORM_EXTENDED])
        total = max(first + 1, _needed(vms))
        zone_hosts = [{
            "name": f"{_PREFIX[zone]}-{i + 1:02d}",
            "network_zone": zone,
            "cpu_cores": HOST_CORES,
            "memory_gb": HOST_MEMORY_GB,
            "storage_gb": HOST_STORAGE_GB[zone],
            "in_service": PLATFORM_OPENED if i < first else PLATFORM_EXTENDED,
            "retired_on": None,
        } for i in range(total)]
        load = {h["name"]: 0.0 for h in zone_hosts}
        pairs: dict[str, set[str]] = {}
        for vm in vms:
            day = _arrival(vm)
            taken = pairs.get(vm["ha_group"], set()) if vm["ha_group"] else set()
            eligible = [h for h in zone_hosts if h["in_service"] <= day and h["name"] not in taken]
            best = min(eligible, key=lambda h: (load[h["name"]], h["name"]))
            vm["host"] = best["name"]
            load[best["name"]] += vm["memory_gb"]
            if vm["ha_group"]:
                pairs.setdefault(vm["ha_group"], set()).add(best["name"])
        hosts.extend(zone_hosts)
    return hosts
