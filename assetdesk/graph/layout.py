"""Node positions for the graph view, fast enough for the whole ledger (no node caps).

Two deterministic layouts, each a fraction of a second at 5,000 systems with 20,000
dependencies (13,000 nodes with servers, hosts and sections), where networkx.spring_layout
takes minutes and shows neither direction nor clusters:

- ``layered_layout(g)`` (module ``layered``): direction, every edge "u needs v" pointing down;
  for focus views (a node and N hops, a move group, a wave) and the dependency overview.
- ``clustered_layout(graph, view, by)`` (module ``clustered``): organisation, departments and
  sections (or zones) as nested boxes with the edges between them added up; the overview.

Both return a ``Layout`` (module ``canvas``): positions, cluster boxes, cluster edges, and an
``importance`` per node, the order in which a zoomed-out view shows labels (level of detail).
"""

from assetdesk.graph.canvas import Box, ClusterEdge, Layout, importance
from assetdesk.graph.clustered import NONE_KEY, PLATFORM_KEY, clustered_layout
from assetdesk.graph.layered import layered_layout

__all__ = [
    "NONE_KEY",
    "PLATFORM_KEY",
    "Box",
    "ClusterEdge",
    "Layout",
    "clustered_layout",
    "importance",
    "layered_layout",
]
