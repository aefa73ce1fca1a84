"""Similar systems (類似システム): which systems of different sections do the same work, and
what consolidating them could save. Pure domain: it takes system values, never the database.

Entry points: ``find_similar_groups(profiles)`` for the portfolio and ``similar_to(profile,
profiles)`` for an introduction review; ``profile_from_values(values)`` turns ledger values
into a ``SystemProfile``.
"""

from assetdesk.similar.finder import Member, SimilarGroup, absorber_rank, find_similar_groups, similar_to
from assetdesk.similar.index import SimilarityIndex
from assetdesk.similar.profile import SystemProfile, annual_cost_of, profile_from_values
from assetdesk.similar.reasons import Reason
from assetdesk.similar.savings import SavingEstimate, estimate_saving
from assetdesk.similar.settings import DEFAULT_SETTINGS, Settings, Weights

__all__ = [
    "DEFAULT_SETTINGS", "Member", "Reason", "SavingEstimate", "Settings", "SimilarGroup", "SimilarityIndex",
    "SystemProfile", "Weights", "absorber_rank", "annual_cost_of", "estimate_saving", "find_similar_groups",
    "profile_from_values", "similar_to",
]
