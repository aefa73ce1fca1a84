"""What the graph page reads from the ledger, in one snapshot: the graph and the names around it.

Runs on a worker thread (``ui.tasks.Task``): reading 5,000 systems and building the graph takes
most of a second, longer than the GUI may stall.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from assetdesk.graph import LedgerGraph, MoveGroup, move_groups
from db import models as M
from db.graph_data import ledger_graph
from db.ledger import Ledger

DEPARTMENT, SERVER = M.Department.__table__, M.Server.__table__


@dataclass
class GraphSource:
    graph: LedgerGraph
    department_names: dict[str, str]  # department code -> name (the records hold codes)
    waves: dict[int, list[str]]  # planned wave -> server codes
    groups: list[MoveGroup] = field(default_factory=list)  # move groups, largest first

    def group(self, group_id: str) -> MoveGroup | None:
        return next((g for g in self.groups if g.id == group_id), None)


def read_source(ledger: Ledger) -> GraphSource:
    with ledger.read() as conn:
        graph = ledger_graph(conn)
        names = {r.code: r.name for r in conn.execute(select(DEPARTMENT.c.code, DEPARTMENT.c.name))}
        waves: dict[int, list[str]] = {}
        for code, wave in conn.execute(select(SERVER.c.server_code, SERVER.c.planned_wave)
                                       .where(SERVER.c.planned_wave.is_not(None))):
            waves.setdefault(int(wave), []).append(code)
    return GraphSource(graph, names, dict(sorted(waves.items())), move_groups(graph))
