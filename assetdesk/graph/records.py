"""The plain records the dependency graph is built from; the database layer fills them.

They hold codes only (values of ``assetdesk.choices``), never labels, so the graph does not
change with the language. Every code must be unique across the node kinds (a host may not be
named like a system code): the graph keys its nodes by these codes.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class SystemNode:
    """An information system (情報システム)."""

    code: str
    name: str = ""
    section: str | None = None  # code of the owning section (所管所属)
    department: str | None = None  # 部局; taken from the section when left empty
    zone: str | None = None  # NETWORK_ZONE value
    criticality: str | None = None  # 'A' (business-continuity system), 'B', 'C' or None
    rto_hours: float | None = None
    users: int | None = None
    status: str | None = "active"  # SYSTEM_STATUS value


@dataclass(frozen=True)
class ServerNode:
    """A server; ``systems`` are the codes of the systems it serves, ``host`` the platform host."""

    code: str
    hostname: str = ""
    zone: str | None = None
    systems: tuple[str, ...] = field(default_factory=tuple)
    host: str | None = None
    ha_group: str | None = None  # 冗長化グループ: servers sharing it stand in for one another


@dataclass(frozen=True)
class HostNode:
    """A shared-platform host (共同利用型基盤ホスト); it serves exactly one zone."""

    name: str
    zone: str | None = None


@dataclass(frozen=True)
class SectionNode:
    """An owning section (所属) and its department (部局)."""

    code: str
    name: str = ""
    department: str | None = None


@dataclass(frozen=True)
class DependencyEdge:
    """``from_system`` uses / receives from ``to_system`` (連携元 -> 連携先).

    ``zone_exception`` records why a link across network zones is allowed (e.g. the approval of
    a sanitising transfer); None means no exception is on record.
    """

    from_system: str
    to_system: str
    kind: str | None = None  # DEPENDENCY_KIND value
    method: str | None = None  # DEPENDENCY_METHOD value
    frequency: str | None = None  # FREQUENCY value
    zone_exception: str | None = None


@dataclass(frozen=True)
class LedgerRecords:
    """Everything the graph is built from, in one bundle (what a loader or generator returns)."""

    systems: tuple[SystemNode, ...] = ()
    servers: tuple[ServerNode, ...] = ()
    hosts: tuple[HostNode, ...] = ()
    sections: tuple[SectionNode, ...] = ()
    dependencies: tuple[DependencyEdge, ...] = ()
