"""The similarity of systems: which pairs to compare (blocking) and how alike they are.

Comparing every pair of 5,000 systems is 12.5 million comparisons; instead each system is filed
under its informative name pieces (3-character n-grams that few names share) and its product,
and only systems filed together are compared. Pieces that most names share (システム, 管理) are
too common to file by, but they still count in the score of the pairs that are compared.
"""

from __future__ import annotations

import difflib
import math
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import combinations

from assetdesk.similar import reasons as R
from assetdesk.similar.profile import SystemProfile
from assetdesk.similar.settings import DEFAULT_SETTINGS, Settings
from assetdesk.similar.vectors import Vector, Weighting, cosine, ngrams
from assetdesk.text import fold

#: Products that say how a system was built, not what it is: two one-off developments or two
#: Excel macros have nothing in common.
GENERIC_PRODUCT_WORDS = ("個別開発", "自庁開発", "独自開発", "カスタマイズ", "excel", "access", "filemaker", "汎用")


def product_key(product: str | None) -> str | None:
    """The matching key of a product, or None when it names no product in particular."""
    key = fold(product)
    if not key or any(fold(w) in key for w in GENERIC_PRODUCT_WORDS):
        return None
    return key


@dataclass(frozen=True)
class PairScore:
    score: float
    name: float
    purpose: float


class SimilarityIndex:
    """Vectors and blocking keys of a set of systems, built once and queried many times."""

    def __init__(self, profiles: Sequence[SystemProfile], settings: Settings = DEFAULT_SETTINGS):
        self.profiles = list(profiles)
        self.settings = settings
        name_grams = [ngrams(p.work_name) for p in self.profiles]
        purpose_grams = [ngrams(p.purpose) for p in self.profiles]
        self.name_weighting = Weighting(name_grams)
        self.purpose_weighting = Weighting(purpose_grams)
        self.name_vectors: list[Vector] = [self.name_weighting.vector(g) for g in name_grams]
        self.purpose_vectors: list[Vector] = [self.purpose_weighting.vector(g) for g in purpose_grams]
        self.products = [product_key(p.product) for p in self.profiles]
        self.vendors = [fold(p.vendor) or None for p in self.profiles]
        n = len(self.profiles)
        self._product_df = Counter(k for k in self.products if k)
        self._vendor_df = Counter(k for k in self.vendors if k)
        self._log_n = math.log(n + 1)
        self._postings = self._build_postings(name_grams)
        self._keys: list[list[str]] = [[] for _ in self.profiles]
        for key, ids in self._postings.items():
            for i in ids:
                self._keys[i].append(key)

    # --- blocking -----------------------------------------------------------------------------

    @property
    def block_limit(self) -> int:
        s = self.settings
        return max(s.block_min_size, int(s.block_max_share * len(self.profiles)))

    def _build_postings(self, name_grams: list[Counter[str]]) -> dict[str, list[int]]:
        postings: dict[str, list[int]] = defaultdict(list)
        for i, grams in enumerate(name_grams):
            for g in grams:
                if len(g) == 3:
                    postings[g].append(i)
            if self.products[i]:
                postings["\x00" + self.products[i]].append(i)
        limit = self.block_limit
        return {k: v for k, v in postings.items() if 1 < len(v) <= limit}

    def keys_of(self, i: int) -> list[str]:
        """The blocking keys system ``i`` is filed under."""
        return self._keys[i]

    @staticmethod
    def is_product_key(key: str) -> bool:
        return key.startswith("\x00")

    def candidate_pairs(self) -> Iterator[tuple[int, int]]:
        """Pairs (i < j) of systems of different sections that share enough informative keys.

        A shared product counts as many pieces as needed: same package, worth a look.
        """
        shared: Counter[tuple[int, int]] = Counter()
        need = self.settings.min_shared_pieces
        for key, ids in self._postings.items():
            if key.startswith("\x00"):
                shared.update(dict.fromkeys(combinations(ids, 2), need))
            else:
                shared.update(combinations(ids, 2))
        sections = [p.section for p in self.profiles]
        for (i, j), count in shared.items():
            if count >= need and sections[i] != sections[j]:
                yield i, j

    def neighbours_of(self, name_vector_keys: Counter[str], product: str | None) -> set[int]:
        """Systems filed under the same keys as an outside text (a proposal under review)."""
        found: Counter[int] = Counter()
        for g in name_vector_keys:
            if len(g) == 3:
                found.update(self._postings.get(g, ()))
        need = self.settings.min_shared_pieces
        out = {i for i, c in found.items() if c >= need}
        if product:
            out.update(self._postings.get("\x00" + product, ()))
        return out

    # --- scoring ------------------------------------------------------------------------------

    def _specificity(self, df: int) -> float:
        """1 for a value one system has, falling towards 0 for one that every system has."""
        return max(0.0, (self._log_n - math.log(df + 1)) / self._log_n) if self._log_n > 0 else 0.0

    def score(self, i: int, j: int) -> PairScore:
        return self._score(self.profiles[i], self.name_vectors[i], self.purpose_vectors[i], self.products[i],
                           self.vendors[i], self.profiles[j], j)

    def _score(self, a: SystemProfile, a_name: Vector, a_purpose: Vector, a_product: str | None,
               a_vendor: str | None, b: SystemProfile, j: int) -> PairScore:
        w = self.settings.weights
        name = cosine(a_name, self.name_vectors[j])
        total, weight = w.name * name, w.name
        purpose = 0.0
        b_purpose = self.purpose_vectors[j]
        if a_purpose and b_purpose:
            purpose = cosine(a_purpose, b_purpose)
            total += w.purpose * purpose
            weight += w.purpose
        if max(name, purpose) < self.settings.min_text_similarity:
            return PairScore(0.0, name, purpose)
        if a.business_category and b.business_category:
            weight += w.category
            total += w.category * (a.business_category == b.business_category)
        b_product = self.products[j]
        if a_product and b_product:
            weight += w.product
            if a_product == b_product:
                total += w.product * max(0.5, self._specificity(self._product_df[a_product]))
        b_vendor = self.vendors[j]
        if a_vendor and b_vendor:
            weight += w.vendor
            if a_vendor == b_vendor:
                total += w.vendor * self._specificity(self._vendor_df[a_vendor])
        if a.users and b.users:
            weight += w.users
            total += w.users * (max(a.users, b.users) <= self.settings.users_ratio * min(a.users, b.users))
        score = total / weight
        if a.network_zone and b.network_zone and a.network_zone != b.network_zone:
            score *= self.settings.other_zone_factor
        return PairScore(score, name, purpose)

    def explain(self, i: int, j: int) -> tuple[PairScore, tuple[R.Reason, ...]]:
        """The score of a pair and the reasons behind it, strongest first."""
        a, b = self.profiles[i], self.profiles[j]
        s = self.score(i, j)
        return s, explain_pair(a, b, s, self.products[i], self.products[j], self.vendors[i], self.vendors[j],
                               self.settings)

    def query(self, profile: SystemProfile, limit: int = 10,
              minimum: float | None = None) -> list[tuple[int, PairScore, tuple[R.Reason, ...]]]:
        """Systems of the index most like ``profile`` (which need not be in it), best first."""
        grams = ngrams(profile.work_name)
        name_vec = self.name_weighting.vector(grams)
        purpose_vec = self.purpose_weighting.vector(ngrams(profile.purpose))
        product = product_key(profile.product)
        vendor = fold(profile.vendor) or None
        floor = self.settings.threshold if minimum is None else minimum
        hits = []
        for j in self.neighbours_of(grams, product):
            other = self.profiles[j]
            if other.code == profile.code:
                continue
            s = self._score(profile, name_vec, purpose_vec, product, vendor, other, j)
            if s.score >= floor:
                reasons = explain_pair(profile, other, s, product, self.products[j], vendor, self.vendors[j],
                                       self.settings)
                hits.append((j, s, reasons))
        hits.sort(key=lambda h: (-h[1].score, self.profiles[h[0]].code))
        return hits[:limit]


def common_part(a: str, b: str) -> str:
    """The longest run of characters two names share (as written, width-normalised)."""
    x, y = unicodedata.normalize("NFKC", a), unicodedata.normalize("NFKC", b)
    m = difflib.SequenceMatcher(None, x, y, autojunk=False).find_longest_match(0, len(x), 0, len(y))
    return x[m.a:m.a + m.size]


def explain_pair(a: SystemProfile, b: SystemProfile, s: PairScore, a_product: str | None, b_product: str | None,
                 a_vendor: str | None, b_vendor: str | None, settings: Settings) -> tuple[R.Reason, ...]:
    w = settings.weights
    out: list[R.Reason] = []
    if s.name >= settings.min_text_similarity:
        out.append(R.Reason(R.NAME, w.name * s.name, {"similarity": round(s.name, 2),
                                                       "common": common_part(a.name, b.name)}))
    if s.purpose >= settings.min_text_similarity:
        out.append(R.Reason(R.PURPOSE, w.purpose * s.purpose, {"similarity": round(s.purpose, 2)}))
    if a.business_category and a.business_category == b.business_category:
        out.append(R.Reason(R.CATEGORY, w.category, {"category": a.business_category}))
    if a_product and a_product == b_product:
        out.append(R.Reason(R.PRODUCT, w.product, {"product": a.product}))
    if a_vendor and a_vendor == b_vendor:
        out.append(R.Reason(R.VENDOR, w.vendor, {"vendor": a.vendor}))
    if a.users and b.users and max(a.users, b.users) <= settings.users_ratio * min(a.users, b.users):
        out.append(R.Reason(R.USERS, w.users, {"a": a.users, "b": b.users}))
    if a.network_zone and b.network_zone and a.network_zone != b.network_zone:
        out.append(R.Reason(R.ZONE, -(1 - settings.other_zone_factor), {"a": a.network_zone, "b": b.network_zone}))
    out.sort(key=lambda r: -r.weight)
    return tuple(out)
