"""What a layout hands the graph view: node positions, cluster boxes, aggregated edges.

Coordinates are abstract units (one node gap is tens of units), y growing downwards as on a
screen; the view scales them. ``importance`` orders nodes for level of detail.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx

from assetdesk.graph.records import SystemNode


@dataclass(frozen=True)
class Box:
    """A cluster's rectangle: (x, y) is the top-left corner; y grows downwards."""

    key: str
    label: str
    x: float
    y: float
    w: float
    h: float
    level: int  # 1 outer (department, zone), 2 inner (section, ...)
    parent: str | None
    count: int  # nodes inside


@dataclass(frozen=True)
class ClusterEdge:
    source: str  # outer cluster key of the users
    target: str  # outer cluster key of what they use
    count: int


@dataclass
class Layout:
    positions: dict[str, tuple[float, float]]
    width: float
    height: float
    clusters: list[Box] = field(default_factory=list)
    cluster_of: dict[str, str] = field(default_factory=dict)  # node -> innermost cluster key
    cluster_edges: list[ClusterEdge] = field(default_factory=list)
    layers: dict[str, int] = field(default_factory=dict)  # layered layout only
    importance: dict[str, float] = field(default_factory=dict)

    def labelled(self, n: int) -> list[str]:
        """The ``n`` nodes most worth a label when zoomed out."""
        return sorted(self.importance, key=lambda c: (-self.importance[c], c))[:n]


def importance(g: nx.DiGraph) -> dict[str, float]:
    out = {}
    for node, data in g.nodes(data=True):
        rec = data.get("record")
        weight = float(g.in_degree(node))
        if isinstance(rec, SystemNode) and rec.criticality == "A":
            weight += 5.0
        out[node] = weight
    return out
