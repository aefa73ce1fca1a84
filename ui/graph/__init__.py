"""The dependency graph page (issue 5): ``GraphPage`` in ``ui.graph.page``."""
