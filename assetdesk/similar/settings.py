"""The knobs of the similarity search, with the values that suit a prefectural ledger."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Weights:
    """How much each kind of evidence counts. A factor that cannot be judged for a pair (a
    purpose left blank, a product that is a one-off development) is left out and the others
    are scaled up, so missing survey answers neither hide nor invent a match."""

    name: float = 0.50
    purpose: float = 0.20
    category: float = 0.12
    product: float = 0.10
    vendor: float = 0.04
    users: float = 0.04


@dataclass(frozen=True)
class Settings:
    weights: Weights = field(default_factory=Weights)
    #: Two systems are proposed together when their score reaches this (0..1).
    threshold: float = 0.5
    #: A pair whose name similarity is below this is never proposed, whatever else they
    #: share: same vendor and category alone do not make two systems do the same work.
    min_text_similarity: float = 0.3
    #: Score multiplier for two systems in different network zones (harder to consolidate).
    other_zone_factor: float = 0.85
    #: Share of an absorbed system's yearly cost that carries on in the absorbing system
    #: (more users, data and licences there); the rest is the saving. See ``savings``.
    absorbed_cost_kept: float = 0.3
    #: Blocking: a name piece or product shared by more than this share of systems (and more
    #: than ``block_min_size``) is too common to pair systems by; it still counts in the score.
    block_max_share: float = 0.15
    block_min_size: int = 60
    #: Blocking: pairs sharing fewer informative 3-character pieces are not compared.
    min_shared_pieces: int = 2
    #: Users "of the same order" when the larger count is at most this many times the smaller.
    users_ratio: float = 2.0


DEFAULT_SETTINGS = Settings()
