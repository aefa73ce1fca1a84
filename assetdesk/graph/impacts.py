"""Impact analysis: what a server, system or host going down, or moving, affects, and why.

The root of a query is a system, a server or a host (by code; see ``LedgerGraph.resolve``).

Scenario 'down' (an outage):
- A host down takes down every server on it; a server root is itself down.
- A down server takes a system down unless it has a stand-in: another server of the *same*
  system with the same ``ha_group`` that is still up. Servers without an ha_group are single
  points of failure. Systems kept up this way are listed in ``Impact.protected``, not affected.
  (Two members of one HA pair on the same host both fall with the host: the pair protects nothing.)
- A system root is down itself.
- From every down system the effect travels to the systems that use it (against the dependency
  edges), transitively; each link grades it (``severity``), a chain is as severe as its weakest
  link, and a system reached several ways gets the most severe. A system hit IMMEDIATE is
  unusable and passes the effect on through every link; one hit only DELAYED/DEFERRED works on
  stale data and passes it on through data-carrying links only (see ``severity``).
  Its ``path`` (from the root) explains it: the path of the system it is reached from plus
  itself, through links at least that severe, from the shallowest such system. So the paths
  form one tree (the GUI can draw them all at once without contradictions), and ``depth`` is
  the number of dependency hops on the path.

Scenario 'move' (a planned migration of the root's servers, or of a system with its servers):
- The moving servers and HA protection are determined as for 'down' (a pair member moving
  while its partner serves keeps the system up). A system root moves with all its servers,
  and the other systems on those servers move with it.
- The outage window is short, so the effect travels only through IMMEDIATE links (daily and
  weekly feeds catch up after the window).
- Every system whose servers move changes address: the systems tied to it by a tight link
  (DB直結 or real-time, either direction, not auth/platform: ``severity.is_tight``) must be reconfigured in the same window; they are
  listed with effect 'reconfigure' (depth 1) unless they are affected otherwise, and they pass
  nothing on.

Sections, ``users_total`` and ``critical`` count the systems with an outage (effects 'down' and
'dependent'); the users of a section are the sum of its affected systems' users.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from assetdesk.graph.model import HOST, SERVER, SYSTEM, GraphError, LedgerGraph
from assetdesk.graph.severity import DEFERRED, DELAYED, IMMEDIATE, NAMES
from assetdesk.i18n import N_

DOWN, MOVE = "down", "move"
SCENARIOS = (DOWN, MOVE)

#: How a system is affected.
EFFECT_DOWN = "down"  # its own server/host is down or it is the root
EFFECT_DEPENDENT = "dependent"  # through dependencies
EFFECT_RECONFIGURE = "reconfigure"  # move only: a tightly linked partner changes address
EFFECT_LABELS = {
    EFFECT_DOWN: N_("停止"),
    EFFECT_DEPENDENT: N_("連携先の停止による影響"),
    EFFECT_RECONFIGURE: N_("接続設定の変更が必要"),
}


class AffectedSystem(NamedTuple):
    """One affected system (a NamedTuple: thousands are made per query, a dataclass costs 4x)."""

    code: str
    name: str
    path: tuple[str, ...]  # codes from the root to this system (root first, this system last)
    depth: int  # dependency hops from a directly affected system (0: directly affected)
    severity: str  # severity.NAMES value: 'immediate', 'delayed', 'deferred'
    effect: str  # EFFECT_DOWN, EFFECT_DEPENDENT or EFFECT_RECONFIGURE
    criticality: str | None
    rto_hours: float | None
    section: str | None
    department: str | None
    users: int | None


@dataclass(frozen=True)
class ProtectedSystem:
    """A system that keeps running because HA stand-ins survive its lost servers."""

    code: str
    name: str
    lost: tuple[str, ...]  # its servers that are down / moving
    standby: tuple[str, ...]  # the surviving servers of the same ha_group(s)


@dataclass(frozen=True)
class AffectedSection:
    code: str | None  # None gathers systems without a section
    name: str
    department: str | None
    systems: tuple[str, ...]
    users: int


@dataclass(frozen=True)
class Impact:
    root: str
    root_kind: str
    scenario: str
    servers: tuple[str, ...]  # the servers down or moving
    affected: list[AffectedSystem]  # most severe first, then by depth
    protected: list[ProtectedSystem]
    sections: list[AffectedSection]
    users_total: int
    critical: list[AffectedSystem]  # criticality A, shortest RTO first

    def by_code(self) -> dict[str, AffectedSystem]:
        return {a.code: a for a in self.affected}


def impact(graph: LedgerGraph, code: str, scenario: str = DOWN) -> Impact:
    """The impact of ``code`` (system, server or host) going down or moving; see module doc."""
    if scenario not in SCENARIOS:
        raise ValueError(f"scenario must be one of {SCENARIOS}, not {scenario!r}")
    root = graph.resolve(code)
    kind = graph.kind(root)
    if kind not in (SYSTEM, SERVER, HOST):
        raise GraphError(f"{root!r} is a {kind}: impact starts from a system, a server or a host")

    # prefix[node] = the path from the root to a down server (or the root system).
    prefix: dict[str, tuple[str, ...]] = {}
    if kind == HOST:
        for s in graph.servers_on_host.get(root, ()):
            prefix[s] = (root, s)
    elif kind == SERVER:
        prefix[root] = (root,)
    elif scenario == MOVE:
        # A system moves with all its servers, and so do the other systems on them.
        for s in graph.servers_of_system.get(root, ()):
            prefix[s] = (root, s)
    servers = tuple(prefix)

    seeds, protected, moving = _directly_hit(graph, root, kind, prefix)
    settled = _spread(graph, seeds, IMMEDIATE if scenario == MOVE else DEFERRED)
    affected = [_affected(graph, c, path, depth, sev, eff) for c, (path, depth, sev, eff) in settled.items()]
    if scenario == MOVE:
        affected += _reconfigured(graph, moving, settled)
    outage = [a for a in affected if a.effect != EFFECT_RECONFIGURE]
    return Impact(
        root=root,
        root_kind=kind,
        scenario=scenario,
        servers=servers,
        affected=affected,
        protected=[p for p in protected if p.code not in settled],
        sections=_sections(graph, outage),
        users_total=sum(a.users or 0 for a in outage),
        critical=sorted(
            (a for a in outage if a.criticality == "A"),
            key=lambda a: (a.rto_hours is None, a.rto_hours or 0.0, a.code),
        ),
    )


def _directly_hit(
    graph: LedgerGraph, root: str, kind: str, prefix: dict[str, tuple[str, ...]]
) -> tuple[dict[str, tuple[str, ...]], list[ProtectedSystem], dict[str, tuple[str, ...]]]:
    """Systems down at depth 0 (with their paths), HA-protected systems, and moving systems."""
    seeds: dict[str, tuple[str, ...]] = {}
    moving: dict[str, tuple[str, ...]] = {}
    if kind == SYSTEM and graph.is_active(root):
        seeds[root] = moving[root] = (root,)
    down = prefix.keys()
    lost: dict[str, list[str]] = {}
    standby: dict[str, set[str]] = {}
    for s in down:
        for sys_code in dict.fromkeys(graph.servers[s].systems):
            if sys_code not in graph.systems or not graph.is_active(sys_code):
                continue
            moving.setdefault(sys_code, (*prefix[s], sys_code))
            partners = _stand_ins(graph, s, sys_code, down)
            if partners:
                lost.setdefault(sys_code, []).append(s)
                standby.setdefault(sys_code, set()).update(partners)
            else:
                seeds.setdefault(sys_code, (*prefix[s], sys_code))
    protected = [
        ProtectedSystem(c, graph.systems[c].name, tuple(lost[c]), tuple(sorted(standby[c])))
        for c in lost
        if c not in seeds
    ]
    return seeds, protected, moving


def _stand_ins(graph: LedgerGraph, server: str, system: str, down) -> list[str]:
    group = graph.servers[server].ha_group
    if not group:
        return []
    return [
        other
        for other in graph.servers_of_system.get(system, ())
        if other != server and other not in down and graph.servers[other].ha_group == group
    ]


def _spread(
    graph: LedgerGraph, seeds: dict[str, tuple[str, ...]], floor: int
) -> dict[str, tuple[tuple[str, ...], int, str, str]]:
    """Most severe effect per system, and a tree of shallowest explaining paths.

    Buckets by (severity level, depth), emptied in the order a lexicographic Dijkstra would
    settle them (Dial's algorithm): most severe level first, shallowest first within a level.
    An edge never raises the level, so a node pushed into a lower level is settled only after
    every higher level is done, and within a level the depths only grow: a node is settled
    with the best severity any path gives it (the bottleneck), from the shallowest settled
    node that passes that severity on. A node settled below IMMEDIATE relaxes only its
    data-carrying links; that keeps the labels exact, since a higher level allows every
    continuation a lower one does. Links below ``floor`` do not carry the effect.
    Returns code -> (path, depth, severity name, effect), in settling order.
    """
    settled: dict[str, tuple[tuple[str, ...], int, str, str]] = {}
    levels = (IMMEDIATE, DELAYED, DEFERRED)
    buckets: dict[int, list[list[tuple[str, str | None]]]] = {lvl: [] for lvl in levels}
    buckets[IMMEDIATE].append([(code, None) for code in seeds])
    dependents = graph.dependents
    for level in levels:
        rows = buckets[level]
        name = NAMES[level]
        depth = 0
        while depth < len(rows):
            nxt: list[tuple[str, str | None]] = []
            for node, parent in rows[depth]:
                if node in settled:
                    continue
                if parent is None:
                    settled[node] = (seeds[node], 0, name, EFFECT_DOWN)
                else:
                    settled[node] = ((*settled[parent][0], node), depth, name, EFFECT_DEPENDENT)
                for user, any_sev, data_sev in dependents.get(node, ()):
                    # An unusable system hits its users through any link; one that only has
                    # stale data passes that on through data links (severity module doc).
                    sev = any_sev if level == IMMEDIATE else data_sev
                    if user in settled or sev < floor:
                        continue
                    if sev >= level:
                        nxt.append((user, node))
                    else:
                        lower = buckets[sev]
                        while len(lower) <= depth + 1:
                            lower.append([])
                        lower[depth + 1].append((user, node))
            if nxt:
                if len(rows) <= depth + 1:
                    rows.append([])
                rows[depth + 1].extend(nxt)
            depth += 1
    return settled


def _reconfigured(
    graph: LedgerGraph, moving: dict[str, tuple[str, ...]], settled: dict
) -> list[AffectedSystem]:
    out: dict[str, AffectedSystem] = {}
    for sys_code, path in moving.items():
        for partner in sorted(graph.tight.get(sys_code, ())):
            if partner in settled or partner in out or partner in moving:
                continue
            out[partner] = _affected(graph, partner, (*path, partner), 1, NAMES[IMMEDIATE], EFFECT_RECONFIGURE)
    return list(out.values())


def _affected(
    graph: LedgerGraph, code: str, path: tuple[str, ...], depth: int, severity: str, effect: str
) -> AffectedSystem:
    s = graph.systems[code]
    return AffectedSystem(
        code, s.name, path, depth, severity, effect, s.criticality, s.rto_hours, s.section,
        graph.department_of(code), s.users,
    )


def _sections(graph: LedgerGraph, affected: list[AffectedSystem]) -> list[AffectedSection]:
    members: dict[str | None, list[str]] = {}
    users: dict[str | None, int] = {}
    first: dict[str | None, AffectedSystem] = {}
    for a in affected:
        sec = a.section
        if sec in members:
            members[sec].append(a.code)
            users[sec] += a.users or 0
        else:
            members[sec] = [a.code]
            users[sec] = a.users or 0
            first[sec] = a
    out = []
    for code, codes in members.items():
        sec = graph.sections.get(code or "")
        out.append(
            AffectedSection(
                code=code,
                name=sec.name if sec else (code or ""),
                department=sec.department if sec else first[code].department,
                systems=tuple(codes),
                users=users[code],
            )
        )
    out.sort(key=lambda s: (-s.users, s.code or ""))
    return out
