"""Why two systems look alike, as text a reviewer can read in either language.

Reasons are kept as a marked template and its values, and translated when shown, so a saved
or JSON-exported proposal does not freeze one language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assetdesk.i18n import N_, _

#: Reason kinds, in the order they are shown.
NAME, PURPOSE, CATEGORY, PRODUCT, VENDOR, USERS, ZONE = (
    "name", "purpose", "category", "product", "vendor", "users", "zone")

TEMPLATES: dict[str, str] = {
    NAME: N_("名称が類似 (類似度 {similarity:.2f}、共通部分「{common}」)"),
    PURPOSE: N_("業務概要が類似 (類似度 {similarity:.2f})"),
    CATEGORY: N_("業務分類が同じ ({category})"),
    PRODUCT: N_("製品・パッケージが同じ ({product})"),
    VENDOR: N_("保守事業者が同じ ({vendor})"),
    USERS: N_("利用者数が同程度 ({a}人 / {b}人)"),
    ZONE: N_("ネットワーク区分が異なる ({a} / {b}): 集約には区分の見直しが必要"),
}


@dataclass(frozen=True)
class Reason:
    kind: str
    #: How much this reason added to the score (negative for a caveat such as another zone).
    weight: float
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def is_caveat(self) -> bool:
        return self.weight < 0

    def text(self) -> str:
        """The reason in the current language."""
        params = dict(self.params)
        if self.kind == CATEGORY:
            from assetdesk.choices import BUSINESS_CATEGORY

            params["category"] = BUSINESS_CATEGORY.label_of(params.get("category"))
        elif self.kind == ZONE:
            from assetdesk.choices import NETWORK_ZONE

            params["a"], params["b"] = NETWORK_ZONE.label_of(params.get("a")), NETWORK_ZONE.label_of(params.get("b"))
        return _(TEMPLATES[self.kind]).format(**params)

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "weight": round(self.weight, 4), "params": self.params, "text": self.text()}
