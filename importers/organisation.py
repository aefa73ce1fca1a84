"""Sections and departments that a spreadsheet names, matched to the ledger's or proposed as new.

A division's own ledger names the owning section (所管所属) by its name, not by AssetDesk's code,
and gives its department in a 部局名 column or a group row. So a section cell is read, in order, as:
a section code of the ledger or of this import; a section name, folded (width, kana, case and
spacing do not matter); a name close to exactly one known section (one name contains the other,
鹿沼土木 / 鹿沼土木事務所, or they differ by a character or two), taken as that section with a
warning so that the user sees it, never created twice; otherwise a new section, proposed in the
preview with its department matched or proposed the same way. Nothing here writes: proposals are
records of the preview, created by the import's one batch when it is applied.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from assetdesk.text import clean, fold
from assetdesk.values import normalize_code

#: How close (difflib ratio of folded names) a name must be to be offered as the same section.
CLOSE_RATIO = 0.85
#: A code as people type one: letters, digits and dashes only (Japanese text is a name).
_CODE_LIKE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_\-./]*$")


@dataclass(frozen=True)
class Match:
    """What a name or code in a cell stands for."""

    code: str | None
    how: str  # 'code', 'name', 'close', 'new' or 'unknown'
    name: str = ""  # the record's name (for 'close', the known name it was taken for)
    candidates: tuple[str, ...] = ()  # several close names: ambiguous


@dataclass
class Directory:
    """The known records of one kind (department or section): code -> name, and the names folded."""

    names: dict[str, str] = field(default_factory=dict)  # code -> name
    #: folded name -> codes: 総務課 is a name of many departments' sections.
    by_name: dict[str, list[str]] = field(default_factory=dict)
    by_code: dict[str, str] = field(default_factory=dict)  # normalised code -> code
    #: code -> department code, for sections (narrows close matches to the row's department).
    parent: dict[str, str] = field(default_factory=dict)

    def add(self, code: str, name: str, parent: str | None = None) -> None:
        self.names[code] = name
        self.by_name.setdefault(fold(name), []).append(code)
        self.by_code[normalize_code(code)] = code
        if parent:
            self.parent[code] = parent

    def find(self, text: str, *, parent: str | None = None) -> Match:
        """The record ``text`` names (code or name), a close match, or 'unknown'."""
        text = clean(text)
        if not text:
            return Match(None, "unknown")
        code = self.by_code.get(normalize_code(text))
        if code is not None:
            return Match(code, "code", self.names[code])
        key = fold(text)
        same = self._narrow(self.by_name.get(key, []), parent)
        if len(same) == 1:
            return Match(same[0], "name", self.names[same[0]])
        if same:
            return Match(None, "unknown", candidates=tuple(self._label(c) for c in same))
        if looks_like_code(text):
            return Match(None, "unknown")
        close = self._close(key, parent)
        if len(close) == 1:
            return Match(close[0], "close", self.names[close[0]])
        if close:
            return Match(None, "unknown", candidates=tuple(self._label(c) for c in close))
        return Match(None, "unknown")

    def _close(self, key: str, parent: str | None) -> list[str]:
        if len(key) < 2:
            return []
        names = [k for k in self.by_name if len(k) >= 2 and (key in k or k in key)]
        if not names:
            names = difflib.get_close_matches(key, list(self.by_name), n=3, cutoff=CLOSE_RATIO)
        return self._narrow([c for k in names for c in self.by_name[k]], parent)

    def _narrow(self, codes: list[str], parent: str | None) -> list[str]:
        """Among records of one name, those of the row's department when it is known."""
        codes = list(dict.fromkeys(codes))
        if len(codes) > 1 and parent is not None:
            codes = [c for c in codes if self.parent.get(c) == parent] or codes
        return codes

    def _label(self, code: str) -> str:
        return f"{self.names[code]}({code})"

    def codes_named(self, name: str, parent: str | None = None) -> list[str]:
        """Codes of the records called exactly ``name`` (folded), within ``parent`` when given."""
        codes = self.by_name.get(fold(name), [])
        return [c for c in codes if parent is None or self.parent.get(c) == parent]


def looks_like_code(text: str) -> bool:
    return bool(_CODE_LIKE.match(clean(text)))


def next_code(existing: set[str] | list[str], prefix: str, width: int) -> str:
    """The next free ``prefix`` + number code after the highest of that form in ``existing``."""
    pattern = re.compile(re.escape(prefix) + r"(\d+)$")
    numbers = [int(m[1]) for code in existing if (m := pattern.match(code))]
    return f"{prefix}{max(numbers, default=0) + 1:0{width}d}"
