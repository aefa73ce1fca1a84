"""Move groups: the servers that must move to the platform in the same wave.

Servers are grouped (union-find) when
- they serve the same system (a system moves whole: its web, AP and DB servers together);
  a server serving several systems ties those systems' servers together ('shared_server');
- their systems are tied by a tight link, DB直結 or real-time, in either direction
  ('tight_link'): such a link breaks when one end moves and the other stays.

Only running systems count, and a tight link couples only systems that both have servers:
a link to an ASP/cloud system does not move, so it ties nothing. Every server is in exactly
one group (most are alone: reason 'single'). The planner puts each group in one wave.
"""

from __future__ import annotations

from dataclasses import dataclass

from assetdesk.graph.model import LedgerGraph
from assetdesk.graph.records import DependencyEdge
from assetdesk.graph.severity import is_tight
from assetdesk.i18n import N_

SINGLE, SAME_SYSTEM, SHARED_SERVER, TIGHT_LINK = "single", "same_system", "shared_server", "tight_link"
REASON_LABELS = {
    SINGLE: N_("単独"),
    SAME_SYSTEM: N_("同一システムのサーバ"),
    SHARED_SERVER: N_("複数システムが共用するサーバ"),
    TIGHT_LINK: N_("DB直結・リアルタイム連携"),
}


@dataclass(frozen=True)
class MoveGroup:
    id: str  # 'MG-0001', numbered by size (largest first); stable for one graph only
    servers: tuple[str, ...]
    systems: tuple[str, ...]
    reasons: tuple[str, ...]  # of SINGLE, SAME_SYSTEM, SHARED_SERVER, TIGHT_LINK
    links: tuple[DependencyEdge, ...]  # the tight links inside the group
    zones: tuple[str, ...]  # zones of its servers (more than one deserves a look)

    @property
    def reason(self) -> str:
        """The strongest reason, for a one-word column."""
        for r in (TIGHT_LINK, SHARED_SERVER, SAME_SYSTEM):
            if r in self.reasons:
                return r
        return SINGLE


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        parent = self.parent
        root = parent.setdefault(x, x)
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:  # path compression
            parent[x], x = root, parent[x]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def move_groups(graph: LedgerGraph) -> list[MoveGroup]:
    """Every server's move group, largest first; see the module docstring for the rules."""
    uf = _UnionFind()
    for srv in graph.servers:
        uf.find(srv)
    hosted = {s for s, servers in graph.servers_of_system.items() if servers and graph.is_active(s)}
    for s in hosted:
        for srv in graph.servers_of_system[s]:
            uf.union(s, srv)
    links: list[DependencyEdge] = []
    for dep in graph.dependencies:
        if dep.from_system in hosted and dep.to_system in hosted and dep.from_system != dep.to_system and is_tight(dep):
            uf.union(dep.from_system, dep.to_system)
            links.append(dep)

    members: dict[str, list[str]] = {}
    for node in uf.parent:
        members.setdefault(uf.find(node), []).append(node)
    links_of: dict[str, list[DependencyEdge]] = {}
    for dep in links:
        links_of.setdefault(uf.find(dep.from_system), []).append(dep)

    groups = []
    for root, nodes in members.items():
        servers = sorted(n for n in nodes if n in graph.servers)
        systems = sorted(n for n in nodes if n in graph.systems)
        if not servers:
            continue
        reasons = []
        if any(len(graph.servers_of_system[s]) > 1 for s in systems):
            reasons.append(SAME_SYSTEM)
        if any(sum(1 for x in graph.servers[v].systems if x in hosted) > 1 for v in servers):
            reasons.append(SHARED_SERVER)
        group_links = tuple(links_of.get(root, ()))
        if group_links:
            reasons.append(TIGHT_LINK)
        zones = sorted({z for v in servers if (z := graph.servers[v].zone)})
        groups.append((servers, systems, tuple(reasons) or (SINGLE,), group_links, tuple(zones)))
    groups.sort(key=lambda g: (-len(g[0]), g[0][0]))
    return [MoveGroup(f"MG-{i:04d}", tuple(sv), tuple(sy), r, lk, z) for i, (sv, sy, r, lk, z) in enumerate(groups, 1)]


def group_of_server(groups: list[MoveGroup]) -> dict[str, MoveGroup]:
    """server code -> its move group (what the wave planner looks up)."""
    return {srv: g for g in groups for srv in g.servers}
