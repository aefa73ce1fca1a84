"""The portfolio page (issue 9): similar systems, consolidation proposals, introduction reviews,
renewals coming and the plan's indicators.

``from ui.portfolio import PortfolioPage`` (imported lazily so ``python -m ui.portfolio.page`` runs cleanly).
"""

from __future__ import annotations

from typing import Any

__all__ = ["PortfolioPage"]


def __getattr__(name: str) -> Any:
    if name == "PortfolioPage":
        from ui.portfolio.page import PortfolioPage

        return PortfolioPage
    raise AttributeError(name)
