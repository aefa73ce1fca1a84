"""What the similarity search knows of one system: the ledger values it compares, folded once."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from assetdesk.fields import ANNUAL_COST_PARTS

#: Systems still running that a consolidation could still change. 廃止予定 ones are left out:
#: they go away anyway, and a 集約済 or 廃止済 system has nothing left to save.
CANDIDATE_STATUSES = ("active", "renewal")


@dataclass(frozen=True)
class SystemProfile:
    code: str
    name: str
    section: str
    purpose: str = ""
    business_category: str | None = None
    vendor: str | None = None
    product: str | None = None
    users: int | None = None
    network_zone: str | None = None
    hosting: str | None = None
    status: str = "active"
    #: Yearly running cost (年間運用経費, 千円); None when the ledger has none of its parts.
    annual_cost: int | None = None
    #: Names of the owning section and its department, when known: they say who runs the
    #: system, not what it does, and are taken out of the name before comparing.
    section_name: str | None = None
    department: str | None = None

    @property
    def work_name(self) -> str:
        """The name without its owner: 林業振興課's "林業振興関係補助金管理システム" is compared as
        "関係補助金管理システム", so that it meets the other sections' subsidy ledgers."""
        return strip_owner(self.name, self.section_name, self.department)


#: Endings of section and department names (longest first) that their systems' names drop.
_OWNER_SUFFIXES = ("事務局", "事務所", "センター", "委員会", "本部", "課", "室", "所", "部", "局")
_FIRST_WORD = re.compile(r"[\w・]+")


def owner_stem(owner_name: str | None) -> str:
    """"林業振興課" -> "林業振興"; a copy's suffix ("-02") is dropped first."""
    m = _FIRST_WORD.match(unicodedata.normalize("NFKC", owner_name or ""))
    if not m:
        return ""
    word = m.group(0)
    for suffix in _OWNER_SUFFIXES:
        if word.endswith(suffix) and len(word) > len(suffix) + 1:
            return word[: -len(suffix)]
    return word


def strip_owner(name: str, *owners: str | None) -> str:
    """``name`` without the first owner stem it starts with (unless too little would be left).
    Only a leading stem goes: 会計課's stem 会計 must not cut 財務会計システム."""
    text = unicodedata.normalize("NFKC", name)
    for owner in owners:
        stem = owner_stem(owner)
        if len(stem) >= 2 and text.startswith(stem):
            rest = text[len(stem):]
            if len(rest.strip()) >= 2:
                return rest
    return text


def annual_cost_of(values: Mapping[str, Any]) -> int | None:
    """The yearly running cost as the sum of its parts; None when no part is known."""
    parts = [values.get(p) for p in ANNUAL_COST_PARTS]
    known = [int(p) for p in parts if p is not None]
    return sum(known) if known else None


def profile_from_values(values: Mapping[str, Any], section_name: str | None = None,
                        department: str | None = None) -> SystemProfile:
    """A profile from a system's ledger values (``db.ledger.load_values`` or a demo record)."""
    return SystemProfile(
        code=str(values["system_code"]),
        name=str(values.get("name") or ""),
        section=str(values.get("section") or ""),
        purpose=str(values.get("purpose") or ""),
        business_category=values.get("business_category"),
        vendor=values.get("vendor") or None,
        product=values.get("product") or None,
        users=values.get("users"),
        network_zone=values.get("network_zone"),
        hosting=values.get("hosting"),
        status=values.get("status") or "active",
        annual_cost=annual_cost_of(values),
        section_name=section_name,
        department=department,
    )
