"""The demo's information systems: drafted from the organisation, finished once servers are known.

Drafting decides what a system is (zone, category, size, where its servers live); the server
generator then moves some systems (retired, consolidated) and fixes where each one runs, and
``finish`` writes the ledger records with costs and audits that fit that placement.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from assetdesk.demo import catalogue as K
from assetdesk.demo.organisation import DEPARTMENTS, FILLER_PATTERNS
from assetdesk.demo.util import PLATFORM_OPENED, day_between, fy_end, fy_of, lognormal_int

#: The prefecture-wide size of the ledger: "県庁全体において500を超える情報システム".
TARGET_SYSTEMS = 522
#: Business-continuity systems (重要情報システム) the demo aims for.
TARGET_CRITICAL = 40

_NO_FILLER_DEPARTMENTS = ("警察本部", "議会事務局", "行政委員会事務局", "企業局")


@dataclass
class DraftSystem:
    code: str
    name: str
    section: str
    department: int
    slug: str
    category: str
    zone: str
    my_number: bool
    personal_info: bool
    size: str
    placement: str
    users: int
    criticality: str
    rto: float | None
    rpo: float | None
    vendor: str | None
    product: str | None
    purpose: str
    in_service: date
    server_count: int
    status: str = "active"
    consolidated_into: str | None = None
    hosting: str | None = None
    retired_on: date | None = None


@dataclass(frozen=True)
class Organisation:
    departments: list[dict]
    sections: list[dict]


def organisation() -> Organisation:
    departments = [{"code": f"D{i:02d}", "name": d.name, "retired_on": None} for i, d in enumerate(DEPARTMENTS, 1)]
    sections = []
    for i, d in enumerate(DEPARTMENTS, 1):
        for s in d.sections:
            sections.append({"code": f"S{len(sections) + 1:03d}", "name": s.name, "department": f"D{i:02d}",
                             "retired_on": None})
    return Organisation(departments, sections)


def _stem(section_name: str) -> str:
    for suffix in ("事務局", "センター", "事務所", "課", "室", "所"):
        if section_name.endswith(suffix) and len(section_name) > len(suffix) + 1:
            return section_name[: -len(suffix)]
    return section_name


def _names(rng: random.Random) -> list[tuple[int, int, str, bool]]:
    """(department index, section index, name, is filler) for every system, in ledger order."""
    rows: list[tuple[int, int, str, bool]] = []
    per_section: list[list[tuple[int, int, str, bool]]] = []
    sec = 0
    fillable: list[int] = []
    for di, d in enumerate(DEPARTMENTS):
        for s in d.sections:
            per_section.append([(di, sec, n, False) for n in s.systems])
            if d.name not in _NO_FILLER_DEPARTMENTS:
                fillable.append(sec)
            sec += 1
    total = sum(len(x) for x in per_section)
    specs = [s for d in DEPARTMENTS for s in d.sections]
    # Sections with few systems of their own get the generic ledgers first.
    used = {i: 0 for i in fillable}
    while total < TARGET_SYSTEMS:
        fewest = min(len(per_section[i]) + used[i] * 0.5 for i in fillable)
        candidates = [i for i in fillable if len(per_section[i]) + used[i] * 0.5 == fewest and used[i] < len(FILLER_PATTERNS)]
        i = rng.choice(candidates)
        pattern = FILLER_PATTERNS[used[i]]
        used[i] += 1
        di = per_section[i][0][0] if per_section[i] else 0
        per_section[i].append((di, i, pattern.format(stem=_stem(specs[i].name)), True))
        total += 1
    for x in per_section:
        rows.extend(x)
    return rows


def _zone(name: str, department: str) -> str:
    if name in K.ZONE_OVERRIDES:
        return K.ZONE_OVERRIDES[name]
    if any(w in name for w in K.CLOSED_WORDS):
        return "closed"
    if any(w in name for w in K.INTERNET_WORDS):
        return "internet"
    if department == "警察本部":
        return "closed"
    if any(w in name for w in K.MYNUMBER_WORDS):
        return "mynumber"
    return "lgwan"


def _category(name: str, department: str, default: str) -> str:
    if department == "警察本部":
        return "police"
    for category, words in K.CATEGORY_WORDS:
        if any(w in name for w in words):
            return category
    return default


def _personal(name: str, zone: str, department: str, rng: random.Random) -> bool:
    if zone == "mynumber" or (department == "警察本部" and zone == "closed"):
        return True
    if any(w in name for w in K.IMPERSONAL_WORDS):
        return False
    if any(w in name for w in K.PERSONAL_WORDS):
        return True
    return rng.random() < 0.35


def _placement(size: str, zone: str, department: str, name: str, rng: random.Random) -> str:
    r = rng.random()
    if zone == "closed":
        return "terminal" if size == "small" and r < 0.5 else "closed"
    if any(w in name for w in ("監視システム", "無害化", "仮想ブラウザ", "ウイルス対策", "ログ管理")):
        return "appliance"
    if department == "教育委員会" and size != "small" and r < 0.5:
        return "other_vm"
    if zone == "internet":
        if size == "small":
            return "cloud" if r < 0.55 else "native" if r < 0.85 else "legacy"
        return "cloud" if r < 0.4 else "native" if r < 0.75 else "legacy"
    if size == "small":
        if r < 0.40:
            return "terminal"
        if r < 0.54 and zone == "lgwan":
            return "marronnier"
        return "native" if r < 0.82 else "legacy"
    if r < 0.05 and zone == "lgwan":
        return "marronnier"
    if r < 0.13 and zone == "lgwan":
        return "cloud"  # LGWAN-ASP; My Number systems stay on premises
    return "native" if r < 0.66 else "legacy"


def _server_count(size: str, placement: str, rng: random.Random) -> int:
    if placement == "terminal":
        return 0
    if placement == "cloud":
        return 0 if rng.random() < (0.6 if size == "small" else 0.3) else rng.randint(1, 4)
    if placement == "marronnier":
        return 1 if rng.random() < 0.6 else 0
    if placement == "appliance":
        return rng.randint(2, 6)
    if size == "medium":
        n = rng.choice((1, 2, 2, 3, 3, 3, 4, 5, 6))
        return n + (2 if placement in ("closed", "other_vm") else 0)
    return 1 if rng.random() < 0.85 else 2


_PURPOSE = {
    "permits": "{s}に係る申請の受付、審査、許可証等の発行と台帳管理を行う。",
    "statistics": "{s}に係る調査票データを入力・審査し、集計表を作成する。",
    "facilities": "{s}に係る施設・設備の情報と利用状況を管理する。",
    "welfare": "{s}に係る受給者の認定、支給額の算定と支払データの作成を行う。",
    "medical": "{s}に係る対象者・医療機関の情報を管理し、助成・報告事務を行う。",
    "finance": "{s}に係る金額の算定と執行管理を行い、財務会計システムへ連携する。",
    "personnel": "{s}に係る職員情報の管理と各種計算を行う。",
    "documents": "{s}に係る文書・記録を電子的に作成・保存・検索する。",
    "disaster": "{s}により災害・危機事案の情報を収集し、関係機関と共有する。",
    "publicity": "{s}により県民・事業者へ情報を発信する。",
    "tax": "{s}に係る課税・収納・証明事務を処理する。",
    "education": "{s}に係る学校・児童生徒・教職員の情報を管理する。",
    "police": "{s}に係る警察業務の情報を管理する。",
    "common": "{s}を全庁の情報システムに共通の機能として提供する。",
    "other": "{s}に係る業務の情報を管理し、照会・集計に対応する。",
}


_FILLER_PURPOSE = (
    ("補助金", "{s}の申請受付、交付決定、実績報告と支払の状況を管理する。"),
    ("台帳", "{s}の登録・更新と検索、帳票出力を行う。"),
    ("調査集計", "{s}の調査票を入力し、集計表を作成する。"),
    ("相談", "{s}の受付内容と対応経過を記録する。"),
    ("名簿", "{s}の団体・担当者の連絡先を管理し、通知文の差込印刷を行う。"),
    ("申込", "{s}の参加申込をインターネットで受け付け、受講者名簿を作成する。"),
)


def draft(rng: random.Random, org: Organisation) -> list[DraftSystem]:
    specs = [(d, s) for d in DEPARTMENTS for s in d.sections]
    per_section_count: dict[int, int] = {}
    drafts: list[DraftSystem] = []
    for di, si, name, filler in _names(rng):
        dept, spec = specs[si]
        core = K.CORE.get(name)
        per_section_count[si] = per_section_count.get(si, 0) + 1
        zone = core.zone if core else _zone(name, dept.name)
        category = (core.category if core and core.category else None) or _category(name, dept.name, spec.category)
        if core:
            size = "core"
        elif filler:
            size = "small"
        elif dept.name == "警察本部":
            size = "medium"  # police systems serve the whole force
        else:
            size = "medium" if rng.random() < 0.55 else "small"
        placement = core.placement if core else _placement(size, zone, dept.name, name, rng)
        servers = core.servers if core else _server_count(size, placement, rng)
        if core:
            users = core.users
        elif size == "medium":
            users = lognormal_int(rng, 120, 0.9, 10, 3000)
        else:
            users = lognormal_int(rng, 12, 0.8, 1, 200)
        year = core.in_service_year if core and core.in_service_year else rng.choice(
            (1998, 2000, 2002, 2004, 2005, 2006, 2007, 2008, 2009, 2010, 2011, 2012, 2013, 2014, 2015, 2016)
            if size != "small" else tuple(range(2001, 2017)))
        if placement == "native" and not core and year < 2016 and rng.random() < 0.25:
            year = 2016  # a system new with the platform
        if placement == "native" and year >= 2016:
            in_service = day_between(rng, PLATFORM_OPENED, date(2017, 3, 1))
        else:
            in_service = day_between(rng, date(year, 4, 1), date(year + 1, 3, 1))
        drafts.append(DraftSystem(
            code=f"SYS-{len(drafts) + 1:04d}",
            name=name,
            section=org.sections[si]["code"],
            department=di,
            slug=core.slug if core else f"{spec.slug}{per_section_count[si]}",
            category=category,
            zone=zone,
            my_number=zone == "mynumber" and category not in ("statistics",),
            personal_info=_personal(name, zone, dept.name, rng),
            size=size,
            placement=placement,
            users=users,
            criticality=core.criticality if core else ("B" if size == "medium" and rng.random() < 0.45 else "C"),
            rto=core.rto if core else None,
            rpo=core.rpo if core else None,
            vendor=core.vendor if core and core.vendor else _vendor(rng, size),
            product=core.product if core and core.product else _product(rng, size),
            purpose=_purpose(name, category, core, filler),
            in_service=in_service,
            server_count=servers,
        ))
    _promote_critical(drafts, rng)
    return drafts


def _purpose(name: str, category: str, core: K.CoreProfile | None, filler: bool) -> str:
    if core and core.purpose:
        return core.purpose
    subject = name.removesuffix("システム")
    if filler:
        for word, text in _FILLER_PURPOSE:
            if word in name:
                return text.format(s=subject)
    return _PURPOSE[category].format(s=subject)


def _vendor(rng: random.Random, size: str) -> str | None:
    if size == "small" and rng.random() < 0.35:
        return None  # built and kept by the section itself
    return rng.choice(K.VENDORS)


def _product(rng: random.Random, size: str) -> str | None:
    if rng.random() < 0.08:
        return None
    return rng.choice(K.SMALL_PRODUCTS if size == "small" else K.MEDIUM_PRODUCTS)


def _promote_critical(drafts: list[DraftSystem], rng: random.Random) -> None:
    """Name business-continuity systems until there are TARGET_CRITICAL, preferring the ones
    a disaster would hurt most (disaster, medical, welfare payments, tax)."""
    count = sum(d.criticality == "A" for d in drafts)
    preferred = ("disaster", "medical", "welfare", "tax", "police", "finance")
    pool = [d for d in drafts if d.criticality != "A" and d.size == "medium" and d.category in preferred]
    pool += [d for d in drafts if d.criticality != "A" and d.size == "medium" and d.category not in preferred]
    for d in pool:
        if count >= TARGET_CRITICAL:
            break
        d.criticality = "A"
        count += 1
    for d in drafts:
        if d.criticality == "A" and d.rto is None:
            d.rto = float(rng.choice((4, 8, 12, 24, 24, 48, 72)))
            d.rpo = float(rng.choice((1, 4, 12, 24, 24)))
        if d.rto is not None:
            d.rto, d.rpo = float(d.rto), float(d.rpo) if d.rpo is not None else None
        elif d.criticality == "B" and rng.random() < 0.3:
            d.rto, d.rpo = float(rng.choice((72, 120, 168))), 24.0


def _costs(d: DraftSystem, rng: random.Random) -> dict[str, int | None]:
    parts = dict.fromkeys(("initial_cost", "cost_hw_maintenance", "cost_sw_maintenance", "cost_operation",
                           "cost_lease", "cost_cloud"), 0)
    if d.size == "small" and rng.random() < 0.04:
        return dict.fromkeys(parts) | {"cost_other": None}  # the survey was never answered
    scale = {"core": 60.0, "medium": 6.0, "small": 1.0}[d.size]
    parts["initial_cost"] = lognormal_int(rng, 1200 * scale, 0.6, 300, 300_000)
    sw = lognormal_int(rng, 150 * scale, 0.7, 0, 60_000)
    parts["cost_sw_maintenance"] = sw if d.product and d.product != "Excelマクロ (自庁開発)" else 0
    if d.size != "small" or rng.random() < 0.3:
        parts["cost_operation"] = lognormal_int(rng, 180 * scale, 0.8, 0, 80_000)
    if d.status in ("retired", "consolidated"):
        return parts | dict.fromkeys(parts.keys() - {"initial_cost"}, 0) | {"cost_other": None}  # nothing runs any more
    hosting = d.hosting
    if hosting == "dedicated":
        parts["cost_hw_maintenance"] = lognormal_int(rng, 90 * scale * max(1, d.server_count) ** 0.5, 0.5, 50, 40_000)
        parts["cost_lease"] = lognormal_int(rng, 200 * scale, 0.6, 0, 40_000) if rng.random() < 0.6 else 0
    elif hosting == "platform":
        # The platform's yearly charge to the owning section (基盤利用負担金).
        parts["cost_lease"] = lognormal_int(rng, 120 * scale ** 0.8, 0.4, 100, 20_000)
    elif hosting == "cloud":
        parts["cost_cloud"] = lognormal_int(rng, 250 * scale, 0.7, 100, 50_000)
    elif hosting == "terminal":
        parts["cost_lease"] = lognormal_int(rng, 60, 0.5, 0, 600) if rng.random() < 0.5 else 0
    elif hosting == "marronnier":
        parts["cost_operation"] = parts["cost_operation"] // 2
    return parts | {"cost_other": None}  # the demo's costs are all broken down


def _after(day: date | None, start: date) -> date | None:
    """An audit cannot precede the system: such a date means it has not happened yet."""
    return day if day is None or day >= start else None


def _audits(d: DraftSystem, rng: random.Random) -> dict[str, date | None]:
    r = rng.random()
    if r < 0.78:
        self_check = day_between(rng, date(2017, 6, 1), date(2018, 2, 28))
    elif r < 0.93:
        self_check = day_between(rng, date(2014, 6, 1), date(2016, 2, 28))  # overdue
    else:
        self_check = None
    critical = d.criticality == "A"
    internal = day_between(rng, date(2015, 9, 1), date(2018, 2, 28)) if rng.random() < (0.7 if critical else 0.15) else None
    external = day_between(rng, date(2015, 9, 1), date(2018, 3, 15)) if rng.random() < (0.45 if critical else 0.03) else None
    scan_p = 0.85 if d.zone == "internet" else 0.4 if critical else 0.05
    vuln = None
    if rng.random() < scan_p:
        start = date(2013, 4, 1) if rng.random() < 0.15 else date(2016, 4, 1)
        vuln = day_between(rng, start, date(2018, 3, 20))
    if d.status in ("retired", "consolidated"):
        internal = external = vuln = None
        if self_check is not None and d.retired_on is not None and self_check > d.retired_on:
            self_check = None  # no inspection of a system already gone
    start = d.in_service
    return {"self_check": _after(self_check, start), "internal_audit": _after(internal, start),
            "external_audit": _after(external, start), "vuln_scan": _after(vuln, start)}


def _renewal_fy(d: DraftSystem, rng: random.Random) -> int:
    if d.placement == "native":
        return rng.choice((2021, 2022, 2022, 2023))
    cycle = rng.choice((5, 5, 5, 6, 7)) if d.size != "small" else rng.choice((5, 6, 7, 10))
    fy = fy_of(d.in_service) + cycle
    while fy < 2016:
        fy += cycle
    return min(fy, 2030)


def _contact(rng: random.Random) -> str:
    return f"{rng.choice(K.SURNAMES)} {rng.choice(K.GIVEN_NAMES)} (内線{rng.randint(2000, 7999)})"


def finish(drafts: list[DraftSystem], rng: random.Random) -> list[dict]:
    """The ledger records, once placement and status are final."""
    by_code = {d.code: d for d in drafts}
    out = []
    for d in drafts:
        renewal = _renewal_fy(d, rng)
        status = d.status
        if status == "active":
            r = rng.random()
            if renewal <= 2019 and r < 0.6:
                status = "renewal"
            elif r > 0.965:
                status = "retiring"
        notes = None
        if d.status == "consolidated" and d.consolidated_into:
            notes = f"{by_code[d.consolidated_into].name}へ集約 (平成{fy_of(d.retired_on or date(2017, 4, 1)) - 1988}年度)"
        elif d.status == "retired":
            notes = "業務終了に伴い廃止"
        elif d.hosting == "terminal" and rng.random() < 0.5:
            notes = "端末のみで運用。データは共有フォルダに保存"
        elif rng.random() < 0.14:
            notes = rng.choice(K.SYSTEM_NOTES)
        contract_end = None
        if d.hosting != "terminal" and rng.random() < 0.9:
            contract_end = fy_end(renewal - 1)
        if d.status in ("retired", "consolidated"):
            contract_end = fy_end(fy_of(d.retired_on or date(2017, 3, 31)))
            renewal = None
        rec = {
            "system_code": d.code,
            "name": d.name,
            "section": d.section,
            "purpose": d.purpose,
            "business_category": d.category,
            "users": d.users,
            "network_zone": d.zone,
            "personal_info": d.personal_info,
            "my_number": d.my_number,
            "criticality": d.criticality,
            "rto_hours": d.rto,
            "rpo_hours": d.rpo,
            "hosting": d.hosting,
            "vendor": d.vendor,
            "product": d.product,
            "in_service": d.in_service,
            "next_renewal_fy": renewal,
            "contract_end": contract_end,
            **_costs(d, rng),
            "status": status,
            "consolidated_into": d.consolidated_into,
            **_audits(d, rng),
            "contact": _contact(rng) if rng.random() < 0.96 else None,
            "notes": notes,
        }
        out.append(rec)
    return out

