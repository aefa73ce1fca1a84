"""Groups of similar systems, each around the system that would absorb the others.

Plain connected components chain (A is like B and B like C, so A and C land together though
they share nothing), and scoring every similar pair is what makes all-pairs slow: 600 section
subsidy ledgers are 180,000 pairs. Instead systems are taken best absorber first
(``absorber_rank``: already on the shared platform or a cloud, most users, largest budget);
each one joins the most similar absorber already chosen, when one reaches the threshold, or
else becomes an absorber itself. Every member is then directly similar to the system that
would take over its work, and each system is compared only with absorbers filed under the
same blocking keys.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable

from assetdesk.similar.index import SimilarityIndex


def absorber_groups(index: SimilarityIndex, rank: Callable[[int], tuple]) -> dict[int, list[tuple[int, float]]]:
    """absorber -> [(member, score)] for every absorber that found members; ``rank(i)`` orders
    the systems, best absorber first."""
    threshold = index.settings.threshold
    need = index.settings.min_shared_pieces
    sections = [p.section for p in index.profiles]
    filed: dict[str, list[int]] = defaultdict(list)  # blocking key -> absorbers filed under it
    members: dict[int, list[tuple[int, float]]] = {}
    for i in sorted(range(len(index.profiles)), key=rank):
        keys = index.keys_of(i)
        shared: Counter[int] = Counter()
        for key in keys:
            hits = filed.get(key)
            if hits:
                shared.update(dict.fromkeys(hits, need) if index.is_product_key(key) else hits)
        best, best_score = -1, threshold
        for a, count in shared.items():
            if count < need or sections[a] == sections[i]:
                continue
            s = index.score(a, i).score
            if s >= best_score and (best < 0 or s > best_score or a < best):
                best, best_score = a, s
        if best >= 0:
            members[best].append((i, best_score))
        else:
            members[i] = []
            for key in keys:
                filed[key].append(i)
    return {a: m for a, m in members.items() if m}
