"""Japanese text folding: one key for the ways people type the same word.

Used for matching code-list labels, column headers and the search box: full-width and
half-width forms (NFKC), hiragana and katakana, upper and lower case, spaces and line breaks.
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"[\s\u3000]+")
# Katakana U+30A1..U+30F6 map to hiragana 0x60 below; ヽヾ too.
_KATA_TO_HIRA = {c: c - 0x60 for c in range(0x30A1, 0x30F7)} | {0x30FD: 0x309D, 0x30FE: 0x309E}
# Dashes, minus signs and the long vowel mark are typed for one another ("サーバ", "サ-バ").
_DASHES = str.maketrans({c: "-" for c in "‐‑‒–—―−－ｰー"})


def fold(text: str | None) -> str:
    """The search/matching key of ``text``: NFKC, hiragana, lower case, no spaces."""
    if not text:
        return ""
    s = unicodedata.normalize("NFKC", str(text))
    s = _SPACES.sub("", s)
    s = s.translate(_DASHES).translate(_KATA_TO_HIRA)
    return s.casefold()


def clean(text: str | None) -> str:
    """What a person meant to write: NFKC for width, single spaces, no stray ends."""
    if text is None:
        return ""
    s = unicodedata.normalize("NFKC", str(text))
    return _SPACES.sub(" ", s).strip()
