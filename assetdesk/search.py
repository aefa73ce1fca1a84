"""Search keys: what the search box matches, folded once when a record is written."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from assetdesk.text import fold

#: Fields folded into a record's search key, besides the names of what it references.
SEARCH_FIELDS: dict[str, tuple[str, ...]] = {
    "system": ("system_code", "name", "purpose", "vendor", "product", "contact", "notes"),
    "server": ("server_code", "hostname", "os", "model", "location", "ha_group", "systems"),
    "dataset": ("code", "name", "description", "system", "imi_vocabulary", "notes"),
}
SEPARATOR = "|"


def search_key(record_type: str, values: Mapping[str, Any], extra: Iterable[str] = ()) -> str:
    parts: list[str] = []
    for name in SEARCH_FIELDS.get(record_type, ()):
        v = values.get(name)
        if isinstance(v, (tuple, list)):
            parts.extend(fold(x) for x in v)
        elif v is not None:
            parts.append(fold(str(v)))
    parts.extend(fold(x) for x in extra if x)
    return SEPARATOR.join(p for p in parts if p)


def query_terms(query: str) -> tuple[str, list[str]]:
    """The folded whole query (spaces dropped) and its folded space-separated terms.

    A record matches when its key holds the whole query, or every term: "財務 会計" finds
    財務会計システム, and "財務 経営" finds a finance system of 経営管理部.
    """
    whole = fold(query)
    terms = [t for t in (fold(p) for p in query.split()) if t]
    return whole, terms
