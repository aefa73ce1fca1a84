"""Character n-grams of folded Japanese text, weighted like TF-IDF.

Japanese names have no spaces between words, so words cannot be split without a dictionary;
overlapping 2- and 3-character pieces of the folded text stand in for them (施設予約 gives 施設,
設予, 予約, 施設予, 設予約). Pieces that nearly every name has (システム, 管理) weigh almost nothing
and the pieces that tell systems apart weigh most, so "xx課補助金管理システム" and "yy課補助金管理
システム" come out close while two "…管理システム" of different work do not.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping

from assetdesk.text import fold

NGRAM_SIZES = (2, 3)
#: Punctuation and symbols carry no meaning for similarity: (株), ・, 「」, hyphens.
_NOT_WORD = re.compile(r"[\W_]+")

Vector = dict[str, float]


def ngrams(text: str | None, sizes: tuple[int, ...] = NGRAM_SIZES) -> Counter[str]:
    """The n-grams of ``fold(text)`` with their counts; a text shorter than n gives itself."""
    s = _NOT_WORD.sub(" ", fold(text))
    out: Counter[str] = Counter()
    for chunk in s.split():
        for n in sizes:
            if len(chunk) < n:
                if n == sizes[0] and chunk:
                    out[chunk] += 1
                continue
            out.update(chunk[i:i + n] for i in range(len(chunk) - n + 1))
    return out


class Weighting:
    """Document frequencies of one corpus, and the TF-IDF vectors they give."""

    def __init__(self, documents: Iterable[Mapping[str, int]]):
        self.df: Counter[str] = Counter()
        self.size = 0
        for doc in documents:
            self.df.update(doc.keys())
            self.size += 1
        self._log_n = math.log(self.size + 1)

    def idf(self, term: str) -> float:
        # log((N+1)/(df+1)): a piece every document has weighs 0, one no document has weighs most.
        return self._log_n - math.log(self.df.get(term, 0) + 1)

    def vector(self, counts: Mapping[str, int]) -> Vector:
        """Unit-length vector: (1 + log tf) × idf, so repeated pieces do not dominate."""
        raw = {t: (1.0 + math.log(c)) * self.idf(t) for t, c in counts.items()}
        norm = math.sqrt(sum(w * w for w in raw.values()))
        if norm == 0.0:
            return {}
        return {t: w / norm for t, w in raw.items() if w > 0.0}


def cosine(a: Vector, b: Vector) -> float:
    """Cosine of two unit vectors (0 when either is empty)."""
    if len(a) > len(b):
        a, b = b, a
    get = b.get
    return sum(w * get(t, 0.0) for t, w in a.items())
