"""The demo prefecture's data inventory (保有データ): what its offices hold, in systems and outside.

Three sources, as a real 棚卸し finds them:
- the recommended open datasets (推奨データセット) at the sections that keep them, most of the usual
  ones already published (AED設置箇所, 指定緊急避難場所, 医療機関, 文化財, 観光施設, 公共施設), a few held
  but not published, the rest lacking (so coverage has all three states);
- the main data of most running systems (DB), closed when it holds personal information;
- the Excel and paper lists each section keeps by its line of business.

Names are data, not messages: not translated. Deterministic for the seed.
"""

from __future__ import annotations

import random
from typing import Any

#: (category, holding section, name, status, form, records, update frequency, IMI vocabulary)
RECOMMENDED_HOLDERS: tuple[tuple[str, str, str, str, str, int, str, str], ...] = (
    ("aed", "医療政策課", "AED設置箇所一覧", "published", "csv", 2140, "quarterly", "施設, 住所, 緯度経度"),
    ("evacuation_sites", "危機管理課", "指定緊急避難場所一覧", "published", "csv", 1630, "yearly", "施設, 住所, 緯度経度"),
    ("shelters", "危機管理課", "指定避難所一覧", "published", "csv", 1180, "yearly", "施設, 住所, 緯度経度"),
    ("medical_institutions", "医療政策課", "医療機関一覧", "published", "csv", 3420, "monthly", "施設, 住所, 連絡先"),
    ("cultural_properties", "文化財課", "文化財一覧", "published", "excel", 870, "yearly", "施設, 住所"),
    ("tourist_facilities", "観光交流課", "観光施設一覧", "published", "csv", 640, "quarterly", "施設, 住所, 緯度経度"),
    ("public_facilities", "管財課", "公共施設一覧", "published", "csv", 1210, "yearly", "施設, 住所, 緯度経度"),
    ("population", "統計課", "地域・年齢別人口", "published", "csv", 25000, "monthly", "人口"),
    ("vital_statistics", "統計課", "人口動態統計", "published", "excel", 4800, "yearly", "人口"),
    ("events", "広報課", "イベント一覧", "published", "csv", 380, "monthly", "イベント, 住所"),
    ("procurement", "会計管理課", "入札・調達情報", "published", "pdf", 2600, "weekly", ""),
    ("open_data_list", "行政改革ICT推進室", "オープンデータ一覧", "published", "csv", 60, "monthly", ""),
    ("care_services", "高齢対策課", "介護サービス事業所一覧", "candidate", "excel", 4100, "monthly", "施設, 住所"),
    ("childcare", "こども政策課", "子育て施設一覧", "unreviewed", "excel", 1350, "yearly", "施設, 住所"),
    ("fire_water", "消防防災課", "消防水利施設一覧", "unreviewed", "gis", 9800, "yearly", "施設, 緯度経度"),
    ("support_programs", "経営支援課", "中小企業支援制度一覧", "unreviewed", "excel", 120, "yearly", ""),
    ("food_permits", "生活衛生課", "食品等営業許可・届出一覧", "closed", "db", 38000, "daily", "事業者, 住所"),
)
#: 公衆無線LAN, 公衆トイレ, 通学区域, 給食献立 are kept by the municipalities, not the prefecture: lacking.

#: Lists a section keeps outside its systems, by its line of business:
#: (name pattern, form, personal information, update frequency, records range, candidate-like).
KEPT_LISTS: dict[str, tuple[tuple[str, str, bool, str, tuple[int, int], bool], ...]] = {
    "facilities": (("{stem}所管施設一覧", "excel", False, "yearly", (20, 400), True),
                   ("{stem}施設利用実績", "excel", False, "monthly", (100, 3000), True)),
    "statistics": (("{stem}統計調査結果", "excel", False, "yearly", (200, 8000), True),
                   ("{stem}調査票(紙)", "paper", True, "yearly", (500, 20000), False)),
    "permits": (("{stem}許可・届出台帳", "excel", True, "realtime", (300, 9000), False),
                ("{stem}許可件数集計", "excel", False, "yearly", (12, 200), True)),
    "finance": (("{stem}予算執行状況", "excel", False, "monthly", (100, 2000), True),),
    "personnel": (("{stem}職員名簿", "excel", True, "realtime", (300, 20000), False),),
    "tax": (("{stem}課税資料(紙)", "paper", True, "yearly", (1000, 50000), False),
            ("{stem}税収実績", "excel", False, "monthly", (12, 400), True)),
    "welfare": (("{stem}相談記録", "paper", True, "realtime", (200, 5000), False),
                ("{stem}事業所一覧", "excel", False, "quarterly", (50, 1500), True)),
    "medical": (("{stem}相談記録", "paper", True, "realtime", (200, 5000), False),
                ("{stem}関係機関一覧", "excel", False, "yearly", (30, 800), True)),
    "education": (("{stem}学校別調査結果", "excel", False, "yearly", (80, 700), True),
                  ("{stem}研修受講者名簿", "excel", True, "yearly", (200, 6000), False)),
    "disaster": (("{stem}被害状況報告", "excel", False, "irregular", (10, 600), True),
                 ("{stem}防災関係機関連絡先", "excel", True, "yearly", (50, 400), False)),
    "publicity": (("{stem}広報資料", "pdf", False, "monthly", (12, 300), True),),
    "documents": (("{stem}文書目録", "excel", False, "yearly", (1000, 60000), True),),
    "common": (("{stem}機器一覧", "excel", False, "irregular", (100, 5000), False),),
    "police": (("{stem}統計資料", "excel", False, "monthly", (12, 500), False),),
    "other": (("{stem}事業実績一覧", "excel", False, "yearly", (10, 500), True),),
}

_SYSTEM_DATA = ("台帳データ", "データベース", "管理データ", "履歴データ")
_CLOSED_PERSONAL = "個人情報を含むため"
_CLOSED_MY_NUMBER = "特定個人情報(マイナンバー)を含むため"
_CLOSED_SECURITY = "警察・防災の運用情報のため"
_OPEN_URL = "https://opendata.pref.example.lg.jp/dataset/{slug}"


def inventory(departments: list[dict], sections: list[dict], systems: list[dict], seed: int) -> list[dict[str, Any]]:
    """The demo's datasets, coded DAT-0001.. in section order."""
    rng = random.Random(seed * 31 + 15)
    by_name = {s["name"]: s for s in sections}
    dept_of = {s["code"]: s["department"] for s in sections}
    same_department: dict[str, list[str]] = {}
    for s in sections:
        same_department.setdefault(s["department"], []).append(s["code"])
    police = {d["code"] for d in departments if d["name"] == "警察本部"}
    rows: list[dict[str, Any]] = []

    def used_by(section: str, share: float) -> tuple[str, ...]:
        if rng.random() >= share:
            return ()
        pool = [c for c in same_department[dept_of[section]] if c != section]
        pool += rng.sample([s["code"] for s in sections if s["code"] != section], 3)
        return tuple(sorted(set(rng.sample(pool, min(len(pool), rng.randint(1, 3))))))

    for category, holder, name, status, form, records, frequency, imi in RECOMMENDED_HOLDERS:
        section = by_name[holder]["code"]
        rows.append(_row(section, None, name, form, records, frequency, personal=category == "food_permits",
                         status=status, category=category, imi=imi, used_by=used_by(section, 0.7),
                         description=f"{name}(自治体標準オープンデータセットの項目による)", rng=rng))

    running = [s for s in systems if s["status"] not in ("retired", "consolidated")]
    for s in running:
        if rng.random() >= 0.6:
            continue
        stem = s["name"].removesuffix("システム") or s["name"]
        suffix = rng.choice(_SYSTEM_DATA)
        # 財政関係補助金管理 + 管理データ reads as 財政関係補助金管理データ, not 管理管理
        name = stem + (suffix.removeprefix("管理") if stem.endswith("管理") and suffix.startswith("管理") else suffix)
        personal, my_number = bool(s["personal_info"]), bool(s["my_number"])
        secret = dept_of[s["section"]] in police or (s["business_category"] == "disaster" and rng.random() < 0.5)
        if my_number:
            status, reason = "closed", _CLOSED_MY_NUMBER
        elif personal:
            status, reason = "closed", _CLOSED_PERSONAL
        elif secret:
            status, reason = "closed", _CLOSED_SECURITY
        else:
            status, reason = rng.choice(("unreviewed",) * 4 + ("candidate",) * 2 + ("published",)), None
        rows.append(_row(s["section"], s["system_code"], name, "db", rng.randint(1, 400) * 250,
                         rng.choice(("realtime", "daily", "daily", "monthly")), personal=personal,
                         my_number=my_number, status=status, reason=reason, secret=secret,
                         used_by=used_by(s["section"], 0.25), description=f"{s['name']}で管理するデータ", rng=rng,
                         mj=personal and rng.random() < 0.4))

    category_of = _section_categories(systems)
    for sec in sections:
        stem = sec["name"]
        for pattern, form, personal, frequency, (lo, hi), open_like in KEPT_LISTS[category_of.get(sec["code"], "other")]:
            if rng.random() >= 0.8:
                continue
            secret = dept_of[sec["code"]] in police
            if personal:
                status, reason = "closed", _CLOSED_PERSONAL
            elif secret:
                status, reason = "closed", _CLOSED_SECURITY
            elif open_like:
                status, reason = rng.choice(("unreviewed", "unreviewed", "candidate", "published")), None
            else:
                status, reason = "unreviewed", None
            rows.append(_row(sec["code"], None, pattern.format(stem=stem), form, rng.randint(lo, hi), frequency,
                             personal=personal, status=status, reason=reason, secret=secret,
                             used_by=used_by(sec["code"], 0.3 if open_like else 0.1),
                             description=f"{sec['name']}が業務で作成・保有する{pattern.format(stem='')}", rng=rng,
                             imi="住所, 施設" if "施設" in pattern or "事業所" in pattern else ""))

    rows.sort(key=lambda r: (r["section"], r["system"] or "", r["name"]))
    for i, r in enumerate(rows, start=1):
        r["code"] = f"DAT-{i:04d}"
        if r["open_status"] == "published":
            r["url"] = _OPEN_URL.format(slug=r["code"].lower())
    return rows


def _section_categories(systems: list[dict]) -> dict[str, str]:
    """Each section's line of business: the most common category of its systems."""
    counts: dict[str, dict[str, int]] = {}
    for s in systems:
        c = counts.setdefault(s["section"], {})
        c[s["business_category"]] = c.get(s["business_category"], 0) + 1
    return {sec: max(c.items(), key=lambda kv: (kv[1], kv[0]))[0] for sec, c in counts.items()}


def _row(section: str, system: str | None, name: str, form: str, records: int, frequency: str, *,
         personal: bool, status: str, rng: random.Random, my_number: bool = False, reason: str | None = None,
         secret: bool = False, category: str | None = None, imi: str = "", used_by: tuple[str, ...] = (),
         description: str = "", mj: bool = False) -> dict[str, Any]:
    if status == "closed" and reason is None:
        reason = _CLOSED_PERSONAL
    confidentiality = "3" if my_number or secret else "2" if personal else rng.choice(("1", "1", "1", "2"))
    if status in ("published", "candidate"):
        confidentiality = "1"
    return {
        "code": "", "name": name, "section": section, "system": system, "description": description,
        "form": form, "records": records, "update_frequency": frequency, "personal_info": personal,
        "my_number": my_number, "confidentiality": confidentiality, "open_status": status,
        "closed_reason": reason if status == "closed" else None,
        "licence": rng.choice(("cc_by_4", "cc_by_4", "cc_by_4", "gjs_2")) if status == "published" else None,
        "category": category, "imi_vocabulary": imi or None, "mj_characters": mj, "used_by": used_by,
        "url": None, "notes": None,
    }
