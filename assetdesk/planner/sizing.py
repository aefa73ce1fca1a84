"""What each server asks of the platform, per sizing mode, and what a host offers.

Demands and capacities are integers (vCPU, MB) so that the heuristic, the bounds and CP-SAT
all compare exactly the same numbers. Demands round up and capacities round down, so a plan
that fits here fits the real host.
"""

from __future__ import annotations

import math
from datetime import date

from assetdesk.i18n import N_
from assetdesk.planner.model import (
    MB_PER_GB,
    Capacity,
    Demand,
    Fallback,
    HostSpec,
    PlanParameters,
    PlanServer,
)

MIN_MEMORY_GB = 2.0


def capacity(spec: HostSpec) -> Capacity:
    vcpu = math.floor(spec.cores * spec.overcommit * spec.cpu_ceiling_pct / 100.0 + 1e-9)
    memory = math.floor(spec.memory_gb * MB_PER_GB * spec.memory_ceiling_pct / 100.0 + 1e-9)
    return Capacity(vcpu=max(vcpu, 0), memory_mb=max(memory, 0))


def _earliest(*days: date | None) -> date | None:
    known = [d for d in days if d is not None]
    return min(known) if known else None


def size(server: PlanServer, params: PlanParameters) -> tuple[Demand, list[Fallback]]:
    """The server's demand in ``params.sizing`` mode, and each fallback that was needed."""
    fallbacks: list[Fallback] = []

    def fell_back(measurement: str, used: float, note: str) -> None:
        fallbacks.append(Fallback(server.code, server.hostname, measurement, used, note))

    cores = server.cpu_cores
    if cores is None or cores <= 0:
        cores = params.default_cores
        fell_back("cpu_cores", cores, N_("CPUコア数が不明のため既定値を使用"))
    memory_gb = server.memory_gb
    if memory_gb is None or memory_gb <= 0:
        memory_gb = params.default_memory_gb
        fell_back("memory_gb", memory_gb, N_("メモリ容量が不明のため既定値を使用"))
    storage_gb = server.storage_gb or 0.0

    if params.sizing == "allocated":
        vcpu, mem_gb, disk = cores, memory_gb, storage_gb
    else:
        grow = 1.0 + params.headroom_pct / 100.0
        if server.cpu_peak_pct is None:
            vcpu = cores
            fell_back("cpu_peak_pct", vcpu, N_("CPU使用率(ピーク)が未計測のため割当コア数を使用"))
        else:
            # The small epsilon keeps 4 cores x 25 % x 1.0 at exactly 1, not 2, after float error.
            vcpu = max(1, math.ceil(cores * server.cpu_peak_pct / 100.0 * grow - 1e-9))
        if server.memory_peak_pct is None:
            mem_gb = memory_gb
            fell_back("memory_peak_pct", mem_gb, N_("メモリ使用率(ピーク)が未計測のため割当メモリを使用"))
        else:
            mem_gb = max(MIN_MEMORY_GB, memory_gb * server.memory_peak_pct / 100.0 * grow)
        if server.storage_used_gb is None:
            disk = storage_gb
            fell_back("storage_used_gb", disk, N_("ストレージ使用量が未計測のため割当容量を使用"))
        else:
            disk = server.storage_used_gb * (1.0 + params.storage_growth_pct / 100.0)

    demand = Demand(
        code=server.code,
        hostname=server.hostname,
        zone=server.zone or "",
        vcpu=int(vcpu),
        memory_mb=math.ceil(mem_gb * MB_PER_GB - 1e-9),
        storage_gb=float(disk),
        ha_group=server.ha_group or None,
        systems=tuple(server.systems),
        due=_earliest(server.os_eol, server.maintenance_end),
    )
    return demand, fallbacks
