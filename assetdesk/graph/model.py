"""The ledger as one directed graph: what needs what.

Nodes are keyed by their code and carry ``kind`` ('system', 'server', 'host', 'section') and the
record. Every edge ``u -> v`` reads "u needs v" (or "u belongs to v"), with a ``type``:

- 'depends' system -> system, a dependency (from_system uses to_system); the edge keeps every
  dependency record between the pair in ``dependencies`` and the strongest ``severity``;
- 'runs_on' system -> server (the system runs on the server) and server -> host;
- 'owned_by' system -> section.

So an outage always travels against the edges ('runs_on' and 'depends'): host -> its servers ->
their systems -> the systems that use them. ``LedgerGraph`` keeps, beside the networkx graph
(for focus views, layouts and anything networkx offers), plain adjacency dicts that the impact
query walks: at 5,000 systems and 20,000 dependencies a query must stay within milliseconds.

Systems whose status is 'retired' or 'consolidated' stay in the graph (the ledger shows them)
but are not running: they are never affected and pass no effect on.

References to records that are not there (a dependency to an unknown system, a server on an
unknown host) are left out of the graph and listed in ``LedgerGraph.dangling``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import networkx as nx

from assetdesk.graph.records import (
    DependencyEdge,
    HostNode,
    LedgerRecords,
    SectionNode,
    ServerNode,
    SystemNode,
)
from assetdesk.graph.severity import carries_data, edge_severity, is_tight

SYSTEM, SERVER, HOST, SECTION = "system", "server", "host", "section"
DEPENDS, RUNS_ON, OWNED_BY = "depends", "runs_on", "owned_by"
#: Statuses of a system that no longer runs.
INACTIVE_STATUSES = frozenset({"retired", "consolidated"})


class GraphError(ValueError):
    """The records cannot form a graph (a code used twice), or a code is not in it."""


@dataclass(frozen=True)
class Dangling:
    """A reference to a record that is not in the ledger; ``field`` names where it was found."""

    referrer: str
    field: str
    missing: str


@dataclass
class LedgerGraph:
    g: nx.DiGraph
    systems: dict[str, SystemNode]
    servers: dict[str, ServerNode]
    hosts: dict[str, HostNode]
    sections: dict[str, SectionNode]
    dependencies: tuple[DependencyEdge, ...]
    #: to_system -> [(from_system, severity, data severity)] for active systems: who is hit when
    #: it goes down; the data severity is that of its data-carrying links only (0: none).
    dependents: dict[str, list[tuple[str, int, int]]] = field(default_factory=dict)
    #: from_system -> [(to_system, severity)] for active systems: what it uses.
    uses: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    #: active system -> active systems it shares a tight link with (DB直結 or real-time), both ways.
    tight: dict[str, set[str]] = field(default_factory=dict)
    servers_of_system: dict[str, list[str]] = field(default_factory=dict)
    servers_on_host: dict[str, list[str]] = field(default_factory=dict)
    dangling: list[Dangling] = field(default_factory=list)
    _departments: dict[str, str | None] = field(default_factory=dict)
    _hostnames: dict[str, str] = field(default_factory=dict)

    # -- building -------------------------------------------------------------------------
    @classmethod
    def build(
        cls,
        systems: Iterable[SystemNode],
        servers: Iterable[ServerNode] = (),
        hosts: Iterable[HostNode] = (),
        sections: Iterable[SectionNode] = (),
        dependencies: Iterable[DependencyEdge] = (),
    ) -> LedgerGraph:
        g = nx.DiGraph()
        kinds: dict[str, str] = {}

        def add(code: str, kind: str, record: object) -> None:
            if code in kinds:
                raise GraphError(f"code {code!r} is used by a {kinds[code]} and a {kind}")
            kinds[code] = kind
            g.add_node(code, kind=kind, record=record)

        sections_d = {s.code: s for s in sections}
        hosts_d = {h.name: h for h in hosts}
        systems_d = {s.code: s for s in systems}
        servers_d = {s.code: s for s in servers}
        for code, sec in sections_d.items():
            add(code, SECTION, sec)
        for name, host in hosts_d.items():
            add(name, HOST, host)
        for code, sys_ in systems_d.items():
            add(code, SYSTEM, sys_)
        for code, srv in servers_d.items():
            add(code, SERVER, srv)

        self = cls(g, systems_d, servers_d, hosts_d, sections_d, tuple(dependencies))
        for code, sys_ in systems_d.items():
            if sys_.section is not None:
                if sys_.section in sections_d:
                    g.add_edge(code, sys_.section, type=OWNED_BY)
                else:
                    self.dangling.append(Dangling(code, "section", sys_.section))
        for code, srv in servers_d.items():
            if srv.hostname:
                self._hostnames.setdefault(srv.hostname, code)
            for s in dict.fromkeys(srv.systems):
                if s in systems_d:
                    g.add_edge(s, code, type=RUNS_ON)
                    self.servers_of_system.setdefault(s, []).append(code)
                else:
                    self.dangling.append(Dangling(code, "systems", s))
            if srv.host is not None:
                if srv.host in hosts_d:
                    g.add_edge(code, srv.host, type=RUNS_ON)
                    self.servers_on_host.setdefault(srv.host, []).append(code)
                else:
                    self.dangling.append(Dangling(code, "host", srv.host))

        strongest: dict[tuple[str, str], int] = {}
        strongest_data: dict[tuple[str, str], int] = {}
        for dep in self.dependencies:
            u, v = dep.from_system, dep.to_system
            missing = [c for c in (u, v) if c not in systems_d]
            if missing:
                self.dangling.extend(Dangling(f"{u}->{v}", "dependency", c) for c in missing)
                continue
            sev = edge_severity(dep)
            if g.has_edge(u, v):
                data = g.edges[u, v]
                data["dependencies"] += (dep,)
                data["severity"] = max(data["severity"], sev)
            else:
                g.add_edge(u, v, type=DEPENDS, dependencies=(dep,), severity=sev)
            if u != v and self.is_active(u) and self.is_active(v):
                strongest[u, v] = max(strongest.get((u, v), 0), sev)
                if carries_data(dep):
                    strongest_data[u, v] = max(strongest_data.get((u, v), 0), sev)
                if is_tight(dep):
                    self.tight.setdefault(u, set()).add(v)
                    self.tight.setdefault(v, set()).add(u)
        for (u, v), sev in strongest.items():
            self.dependents.setdefault(v, []).append((u, sev, strongest_data.get((u, v), 0)))
            self.uses.setdefault(u, []).append((v, sev))
        return self

    @classmethod
    def from_records(cls, records: LedgerRecords) -> LedgerGraph:
        return cls.build(records.systems, records.servers, records.hosts, records.sections, records.dependencies)

    # -- looking up -----------------------------------------------------------------------
    def kind(self, code: str) -> str:
        try:
            return self.g.nodes[code]["kind"]
        except KeyError:
            raise GraphError(f"no system, server, host or section {code!r}") from None

    def resolve(self, text: str) -> str:
        """The node code that ``text`` names: a code, a host name, or a server's hostname."""
        text = text.strip()
        if text in self.g:
            return text
        if text in self._hostnames:
            return self._hostnames[text]
        lowered = text.casefold()
        for code in self.g:
            if code.casefold() == lowered:
                return code
        for hostname, code in self._hostnames.items():
            if hostname.casefold() == lowered:
                return code
        raise GraphError(f"no system, server, host or section {text!r}")

    def is_active(self, system: str) -> bool:
        return self.systems[system].status not in INACTIVE_STATUSES

    def department_of(self, system: str) -> str | None:
        """The system's department, or its section's when the system record has none."""
        try:
            return self._departments[system]
        except KeyError:
            s = self.systems[system]
            sec = self.sections.get(s.section or "")
            dept = s.department or (sec.department if sec else None)
            self._departments[system] = dept
            return dept

    def label(self, code: str) -> str:
        """A short human name for a node: system name, server hostname, section name."""
        rec = self.g.nodes[code]["record"]
        if isinstance(rec, SystemNode | SectionNode):
            return rec.name or rec.code
        if isinstance(rec, ServerNode):
            return rec.hostname or rec.code
        return rec.name

    def zone_of(self, code: str) -> str | None:
        return getattr(self.g.nodes[code]["record"], "zone", None)

    def nodes_of_kind(self, kind: str) -> list[str]:
        return [n for n, k in self.g.nodes(data="kind") if k == kind]

    def dependency_graph(self) -> nx.DiGraph:
        """A view of the systems and their dependency edges only."""
        g = self.g
        return nx.subgraph_view(
            g,
            filter_node=lambda n: g.nodes[n]["kind"] == SYSTEM,
            filter_edge=lambda u, v: g.edges[u, v]["type"] == DEPENDS,
        )
