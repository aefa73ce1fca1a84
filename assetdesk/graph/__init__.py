"""The ledger as a dependency graph: impact analysis, move groups, structure and layouts.

Pure domain (networkx, numpy): no database, no Qt. The database layer fills the plain records
of ``records``; ``LedgerGraph.build`` makes the graph; the analyses are functions of it:

- ``impact(graph, code, scenario)``: what a system / server / host outage or move affects;
- ``move_groups(graph)``: servers that must move in one wave;
- ``cycles``, ``hubs``, ``zone_crossings``: the graph's shape and its zone violations;
- ``focus``: subgraph views (neighbourhood, department, zone, move group, wave);
- ``layout``: layered and clustered positions for the graph view;
- ``export``: JSON dicts and text for the CLI.
"""

from assetdesk.graph.export import (
    cycles_to_json,
    format_impact,
    hubs_to_json,
    impact_to_json,
    move_groups_to_json,
    zone_crossings_to_json,
)
from assetdesk.graph.impacts import AffectedSection, AffectedSystem, Impact, ProtectedSystem, impact
from assetdesk.graph.layout import Box, ClusterEdge, Layout, clustered_layout, layered_layout
from assetdesk.graph.model import Dangling, GraphError, LedgerGraph
from assetdesk.graph.moves import MoveGroup, group_of_server, move_groups
from assetdesk.graph.records import (
    DependencyEdge,
    HostNode,
    LedgerRecords,
    SectionNode,
    ServerNode,
    SystemNode,
)
from assetdesk.graph.structure import Cycle, Hub, cycles, dependents_count, hubs
from assetdesk.graph.zones import ZoneCrossing, zone_crossings

__all__ = [
    "AffectedSection",
    "AffectedSystem",
    "Box",
    "ClusterEdge",
    "Cycle",
    "Dangling",
    "DependencyEdge",
    "GraphError",
    "HostNode",
    "Hub",
    "Impact",
    "Layout",
    "LedgerGraph",
    "LedgerRecords",
    "MoveGroup",
    "ProtectedSystem",
    "SectionNode",
    "ServerNode",
    "SystemNode",
    "ZoneCrossing",
    "clustered_layout",
    "cycles",
    "cycles_to_json",
    "dependents_count",
    "format_impact",
    "group_of_server",
    "hubs",
    "hubs_to_json",
    "impact",
    "impact_to_json",
    "layered_layout",
    "move_groups",
    "move_groups_to_json",
    "zone_crossings",
    "zone_crossings_to_json",
]
