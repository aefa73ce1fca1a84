"""Small hand-made ledgers for tests that need known records rather than the demo."""

from __future__ import annotations

import datetime as dt
from typing import Any

from assetdesk import fields as F


def blank(record_type: str, **values: Any) -> dict[str, Any]:
    """A record with every field of ``record_type`` present (None unless given)."""
    out = {f.name: None for f in F.RECORD_FIELDS[record_type]}
    out.update(values)
    return out


def system(code: str, section: str = "S001", zone: str = "lgwan", **kw: Any) -> dict[str, Any]:
    return blank("system", system_code=code, name=kw.pop("name", f"{code} システム"), section=section,
                 network_zone=zone, status=kw.pop("status", "active"), **kw)


def server(code: str, hostname: str, systems: tuple[str, ...], zone: str = "lgwan", **kw: Any) -> dict[str, Any]:
    return blank("server", server_code=code, hostname=hostname, systems=systems, network_zone=zone,
                 kind=kw.pop("kind", "physical"), migration_status=kw.pop("migration_status", "pending"),
                 cpu_cores=kw.pop("cpu_cores", 4), memory_gb=kw.pop("memory_gb", 16.0),
                 purchased=kw.pop("purchased", dt.date(2014, 4, 1)), **kw)


def small_ledger(ledger) -> dict[str, int]:
    """Two departments, two sections, three systems, three servers, one host, two dependencies."""
    with ledger.operation("command", "test fixture") as op:
        op.create_many("department", [blank("department", code="D01", name="経営管理部"),
                                      blank("department", code="D02", name="保健福祉部")])
        op.create_many("section", [blank("section", code="S001", name="情報システム課", department="D01"),
                                   blank("section", code="S002", name="健康増進課", department="D02")])
        op.create_many("system", [
            system("SYS-0001", name="財務会計システム", criticality="A", rto_hours=24.0),
            system("SYS-0002", section="S002", name="健康管理システム"),
            system("SYS-0003", name="統合認証基盤"),
        ])
        op.create_many("host", [blank("host", name="LG-01", network_zone="lgwan", cpu_cores=64, memory_gb=768.0)])
        op.create_many("server", [
            server("SRV-00001", "lg-zaimu-ap01", ("SYS-0001",), ha_group="zaimu-ap"),
            server("SRV-00002", "lg-zaimu-ap02", ("SYS-0001",), ha_group="zaimu-ap"),
            server("SRV-00003", "lg-kenko-01", ("SYS-0002", "SYS-0003")),
        ])
        op.create_many("dependency", [
            blank("dependency", from_system="SYS-0001", to_system="SYS-0003", kind="auth", method="api",
                  frequency="realtime"),
            blank("dependency", from_system="SYS-0002", to_system="SYS-0003", kind="auth"),
        ])
        return {"batch": op.batch_id}
