"""Open data (Ⅱ-1 (4) ④): which held datasets could be published, how far the prefecture covers the
recommended dataset list, and the published and candidate datasets as CKAN and DCAT documents.

Inputs are plain values as ``db.ledger.load_values`` gives them: ``datasets`` id -> the dataset's
fields (choice values are codes, booleans True/False/None, ``used_by`` a tuple of section codes),
``sections`` code -> {"name", "department"}, ``departments`` code -> name. Nothing here reads or
writes the ledger; the CLI and the report take what these functions return.

A candidate (公開候補) is a dataset that is neither published nor judged 公開不可, holds no personal
information (answered 無; an unanswered question is not a 無), no My Number, and is 機密性1.
Candidates are ranked by a score that a reader can recompute from the reasons printed beside it:

- +3 when it matches a category of the recommended dataset list (自治体標準オープンデータセット):
  those are the datasets every local government is asked to publish first;
- +1 per other section that uses it, at most +3: data shared inside the prefecture is data
  others outside want too, and it is kept up to date;
- +0..3 for how readily a machine reads its form (``MACHINE_READABILITY``: CSV/DB/GIS 3, Excel 2,
  PDF 1, 紙 0), since the national guideline asks for machine-readable data.

Equal scores fall back to the data management code, so the order never depends on input order.
Records and update frequency do not count: a small yearly table is as welcome as a large daily one.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from assetdesk.choices import (
    DATASET_FORM,
    LICENCE,
    MACHINE_READABILITY,
    RECOMMENDED_DATASET,
    UPDATE_FREQUENCY,
)
from assetdesk.i18n import N_, _

Datasets = Mapping[Any, Mapping[str, Any]]
Sections = Mapping[str, Mapping[str, Any]]

CATEGORY_POINTS = 3
USED_BY_POINTS_MAX = 3

#: Why a dataset is not a candidate, by code, in the order they are checked.
EXCLUSIONS: dict[str, str] = {
    "published": N_("公開済"),
    "closed": N_("公開不可と判断済"),
    "personal_info": N_("個人情報を含む"),
    "personal_info_unknown": N_("個人情報の有無が未回答"),
    "my_number": N_("マイナンバーを含む"),
    "confidentiality": N_("機密性2以上"),
    "confidentiality_unknown": N_("機密性が未回答"),
}


@dataclass(frozen=True)
class Candidate:
    key: Any
    code: str
    name: str
    section: str
    category: str | None
    form: str | None
    used_by: int
    score: int
    reasons: tuple[str, ...] = field(default=())
    open_status: str | None = None


@dataclass(frozen=True)
class CoverageRow:
    category: str
    status: str  # 'published' | 'held' | 'lacking'
    published: tuple[str, ...] = ()
    held: tuple[str, ...] = ()
    candidates: tuple[str, ...] = ()


COVERAGE_STATUS: dict[str, str] = {
    "published": N_("公開済"),
    "held": N_("保有・未公開"),
    "lacking": N_("保有なし"),
}
#: The same states as short marks in lists (the window's table, the command line's lines).
COVERAGE_MARKS: dict[str, str] = {"published": N_("公開"), "held": N_("保有・未公開"), "lacking": N_("未整備")}


# --- candidates --------------------------------------------------------------------------------


def exclusion(d: Mapping[str, Any]) -> str | None:
    """The code (a key of ``EXCLUSIONS``) of the first rule that keeps ``d`` from being a candidate,
    None for a candidate. ``personal_info`` None (not answered) excludes: publishing on a guess is
    the one mistake open data cannot undo. ``my_number`` None passes: only a yes excludes, since
    personal information answered 無 already rules My Number out."""
    status = d.get("open_status")
    if status == "published":
        return "published"
    if status == "closed":
        return "closed"
    if d.get("personal_info") is None:
        return "personal_info_unknown"
    if d.get("personal_info"):
        return "personal_info"
    if d.get("my_number") is True:
        return "my_number"
    if d.get("confidentiality") is None:
        return "confidentiality_unknown"
    if d.get("confidentiality") != "1":
        return "confidentiality"
    return None


def other_users(d: Mapping[str, Any]) -> tuple[str, ...]:
    """The sections other than the owner that use ``d``, sorted."""
    return tuple(sorted(set(d.get("used_by") or ()) - {d.get("section")}))


def score(d: Mapping[str, Any]) -> tuple[int, tuple[str, ...]]:
    """The candidate score of ``d`` and one reason per part of it (see the module's docstring)."""
    total, reasons = 0, []
    category = d.get("category")
    if category:
        total += CATEGORY_POINTS
        reasons.append(_("推奨データセット「{category}」に該当 (+{p})").format(
            category=RECOMMENDED_DATASET.label_of(category), p=CATEGORY_POINTS))
    users = len(other_users(d))
    if users:
        p = min(users, USED_BY_POINTS_MAX)
        total += p
        reasons.append(_("他の {n} 所属が利用 (+{p})").format(n=users, p=p))
    form = d.get("form")
    if form is None:
        reasons.append(_("データ形式が未回答 (+0)"))
    else:
        p = MACHINE_READABILITY.get(form, 0)
        total += p
        label = DATASET_FORM.label_of(form)
        if p >= 3:
            reasons.append(_("機械判読に適した形式 ({form}) (+{p})").format(form=label, p=p))
        elif p > 0:
            reasons.append(_("CSV等への変換が必要な形式 ({form}) (+{p})").format(form=label, p=p))
        else:
            reasons.append(_("電子化が必要 ({form}) (+0)").format(form=label))
    return total, tuple(reasons)


def candidates(datasets: Datasets) -> list[Candidate]:
    """Every candidate for publication (see ``exclusion``), highest score first, then by code."""
    out = []
    for key, d in datasets.items():
        if exclusion(d) is not None:
            continue
        s, reasons = score(d)
        out.append(Candidate(key, d.get("code") or "", d.get("name") or "", d.get("section") or "",
                             d.get("category"), d.get("form"), len(other_users(d)), s, reasons,
                             d.get("open_status")))
    out.sort(key=lambda c: (-c.score, c.code))
    return out


def exclusion_counts(datasets: Datasets) -> dict[str, int]:
    """How many datasets each rule keeps out, by exclusion code (every code, zeros included)."""
    counts = dict.fromkeys(EXCLUSIONS, 0)
    for d in datasets.values():
        why = exclusion(d)
        if why is not None:
            counts[why] += 1
    return counts


# --- coverage of the recommended list ----------------------------------------------------------


def coverage(datasets: Datasets) -> list[CoverageRow]:
    """One row per recommended category in the list's order: 'published' when some dataset of it is
    published, 'held' when some are held but none published (``candidates`` names those that
    could be), 'lacking' when none is held."""
    cand = {c.code for c in candidates(datasets)}
    by_cat: dict[str, list[Mapping[str, Any]]] = {}
    for d in datasets.values():
        if d.get("category"):
            by_cat.setdefault(d["category"], []).append(d)
    rows = []
    for category in RECOMMENDED_DATASET.values:
        held = sorted(by_cat.get(category, ()), key=lambda d: d.get("code") or "")
        published = tuple(d["code"] for d in held if d.get("open_status") == "published")
        status = "published" if published else "held" if held else "lacking"
        rows.append(CoverageRow(category, status, published, tuple(d["code"] for d in held),
                                tuple(d["code"] for d in held if d["code"] in cand)))
    return rows


def coverage_summary(rows: Iterable[CoverageRow]) -> dict[str, Any]:
    rows = list(rows)
    counts = {s: sum(r.status == s for r in rows) for s in COVERAGE_STATUS}
    total = len(rows)
    return {"categories": total, **counts,
            "published_percent": round(100.0 * counts["published"] / total, 1) if total else 0.0}


# --- the printed and JSON summary -------------------------------------------------------------


def candidate_to_json(c: Candidate, sections: Sections | None = None) -> dict[str, Any]:
    return {"code": c.code, "name": c.name, "section": c.section,
            "section_name": (sections or {}).get(c.section, {}).get("name") or "",
            "category": c.category, "form": c.form, "used_by": c.used_by, "score": c.score,
            "open_status": c.open_status, "reasons": list(c.reasons)}


def summary(datasets: Datasets, sections: Sections, departments: Mapping[str, str]) -> dict[str, Any]:
    """What ``datasets candidates --json`` prints and ``reports.opendata`` renders:
    ``{"datasets": n, "published": n, "candidates": [...], "excluded": {code: n},
    "coverage": {"rows": [...], "summary": {...}}, "published_datasets": [...]}``."""
    rows = coverage(datasets)
    published = sorted((d for d in datasets.values() if d.get("open_status") == "published"),
                       key=lambda d: d.get("code") or "")

    def section_name(code: str | None) -> str:
        return sections.get(code or "", {}).get("name") or ""

    return {
        "datasets": len(datasets),
        "published": len(published),
        "candidates": [candidate_to_json(c, sections) for c in candidates(datasets)],
        "excluded": exclusion_counts(datasets),
        "coverage": {
            "rows": [{"category": r.category, "status": r.status, "published": list(r.published),
                      "held": list(r.held), "candidates": list(r.candidates)} for r in rows],
            "summary": coverage_summary(rows),
        },
        "published_datasets": [
            {"code": d.get("code"), "name": d.get("name"), "section": d.get("section"),
             "section_name": section_name(d.get("section")),
             "department_name": departments.get(sections.get(d.get("section") or "", {}).get("department") or "", ""),
             "category": d.get("category"), "form": d.get("form"), "licence": d.get("licence"),
             "url": d.get("url")} for d in published],
    }


# --- CKAN --------------------------------------------------------------------------------------

#: Fields each part of a package_create document must carry. CKAN itself demands ``name`` (and
#: ``owner_org`` unless the site allows datasets without an organisation, which CKAN 2.x does not
#: by default); the guideline's minimum metadata (title, description, terms of use) and the
#: resource's format are what make the package usable on the portal, so they are required too.
REQUIRED_CKAN: dict[str, tuple[str, ...]] = {
    "package": ("name", "title", "notes", "owner_org", "license_id", "private", "resources"),
    "resource": ("name", "url", "format"),
    "tag": ("name",),
    "extra": ("key", "value"),
}
#: CKAN's name_validator: 2 to 100 characters, lowercase ASCII letters, digits, '-' and '_'.
CKAN_NAME = re.compile(r"^[a-z0-9_-]{2,100}$")
NAME_MAX = 100
#: CKAN's tag_name_validator (Unicode word characters, space, '-', '_', '.') and tag length (2..100).
CKAN_TAG = re.compile(r"^[\w \-.]{2,100}$")

#: LICENCE -> the license_id CKAN sites list. 政府標準利用規約 2.0 has no id of its own in CKAN's
#: licence list; it declares itself compatible with CC BY 4.0 (content under it may be used on
#: CC BY 4.0's terms), so the package says CC-BY-4.0 and an extra keeps the exact terms. 'other'
#: says no more than that the terms exist: other-at (attribution) is the least a public body's
#: published data asks. An unset licence is not specified, and the portal's editors decide.
CKAN_LICENCE = {"cc_by_4": "CC-BY-4.0", "gjs_2": "CC-BY-4.0", "other": "other-at", None: "notspecified"}
LICENCE_URL = {"cc_by_4": "https://creativecommons.org/licenses/by/4.0/",
               "gjs_2": "https://creativecommons.org/licenses/by/4.0/"}

#: DATASET_FORM -> (the resource's format, its IANA media type). A database is published as a CSV
#: extract, and paper once keyed in, also as CSV (the form the recommended list defines);
#: an unanswered form is planned as CSV for the same reason.
RESOURCE_FORMATS: dict[str | None, tuple[str, str]] = {
    "csv": ("CSV", "text/csv"),
    "db": ("CSV", "text/csv"),
    "excel": ("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "gis": ("GeoJSON", "application/geo+json"),
    "pdf": ("PDF", "application/pdf"),
    "paper": ("CSV", "text/csv"),
    None: ("CSV", "text/csv"),
}


def slug(text: str | None, fallback: str = "") -> str:
    """``text`` as a CKAN name: lowercase ASCII alphanumerics, '-' and '_' (other characters
    become '-'), at most 100 characters; ``fallback`` when fewer than 2 remain (a Japanese code)."""
    ascii_ = unicodedata.normalize("NFKC", text or "").lower()
    s = re.sub(r"-{2,}", "-", re.sub(r"[^a-z0-9_-]", "-", ascii_)).strip("-")[:NAME_MAX].strip("-")
    return s if len(s) >= 2 else fallback


def ckan_name(code: str) -> str:
    """A dataset's CKAN name from its code alone, so that it stays the same from one export to the
    next: a code with too little ASCII (a Japanese one) gets 'dataset-' and a digest of the code."""
    digest = hashlib.sha1(code.encode("utf-8")).hexdigest()[:10]
    return slug(code, f"dataset-{digest}")


def _unique_names(codes: Iterable[str]) -> list[str]:
    """CKAN names for ``codes`` in order, each unique: codes that fold to the same name get '-2',
    '-3'... in the order of the codes themselves (not of the export), within 100 characters."""
    codes = list(codes)
    names = [""] * len(codes)
    seen: set[str] = set()
    for i in sorted(range(len(codes)), key=lambda i: (codes[i], i)):
        base = name = ckan_name(codes[i])
        n = 1
        while name in seen:
            n += 1
            suffix = f"-{n}"
            name = base[:NAME_MAX - len(suffix)] + suffix
        seen.add(name)
        names[i] = name
    return names


def _tag(text: str) -> str | None:
    """``text`` as a CKAN tag: characters the validator refuses (e.g. '・', '、') become spaces."""
    t = " ".join(re.sub(r"[^\w \-.]", " ", text or "").split())[:100].strip()
    return t if len(t) >= 2 else None


def _vocabulary(text: str | None) -> list[str]:
    return [w.strip() for w in re.split(r"[,、，\n]", text or "") if w.strip()]


#: What an export can hold: published datasets, candidates (see ``candidates``).
INCLUDE = ("published", "candidate")


@dataclass(frozen=True)
class _Entry:
    """A dataset chosen for export, with what both formats need."""

    key: Any
    values: Mapping[str, Any]
    name: str
    published: bool
    url: str
    section_name: str
    department: str
    department_name: str
    keywords: tuple[str, ...]


def _entries(datasets: Datasets, sections: Sections, departments: Mapping[str, str],
             base_url: str | None, include: Iterable[str]) -> list[_Entry]:
    include = tuple(include)
    unknown = set(include) - set(INCLUDE)
    if unknown:
        raise ValueError(f"include: unknown {sorted(unknown)}; expected some of {INCLUDE}")
    chosen: list[tuple[Any, Mapping[str, Any], bool]] = []
    if "published" in include:
        chosen += [(k, d, True) for k, d in sorted(datasets.items(), key=lambda kv: kv[1].get("code") or "")
                   if d.get("open_status") == "published"]
    if "candidate" in include:
        chosen += [(c.key, datasets[c.key], False) for c in candidates(datasets)]
    names = _unique_names(d.get("code") or "" for _k, d, _p in chosen)
    out = []
    for (key, d, published), name in zip(chosen, names, strict=True):
        section = sections.get(d.get("section") or "", {})
        department = section.get("department") or ""
        url = d.get("url") or ""
        if not url and base_url:
            # Not published yet: the page it will have on the portal.
            url = f"{base_url.rstrip('/')}/dataset/{name}"
        words = [RECOMMENDED_DATASET.label_of(d.get("category")), DATASET_FORM.label_of(d.get("form")),
                 departments.get(department, ""), *_vocabulary(d.get("imi_vocabulary"))]
        keywords = tuple(dict.fromkeys(t for t in map(_tag, words) if t))
        out.append(_Entry(key, d, name, published, url, section.get("name") or "", department,
                          departments.get(department, ""), keywords))
    return out


def _ckan_package(e: _Entry, publisher: str) -> dict[str, Any]:
    d = e.values
    fmt, mimetype = RESOURCE_FORMATS.get(d.get("form"), RESOURCE_FORMATS[None])
    title = d.get("name") or d.get("code") or e.name
    extras = [
        (_("データ管理番号"), d.get("code")),
        (_("推奨データセット"), RECOMMENDED_DATASET.label_of(d.get("category"))),
        (_("更新頻度"), UPDATE_FREQUENCY.label_of(d.get("update_frequency"))),
        (_("IMI語彙"), d.get("imi_vocabulary")),
        (_("利用規約"), LICENCE.label_of(d.get("licence"))),
        (_("所属"), " ".join(x for x in (e.department_name, e.section_name) if x)),
    ]
    return {
        "name": e.name,
        "title": title,
        "notes": d.get("description") or title,
        "license_id": CKAN_LICENCE.get(d.get("licence"), "notspecified"),
        "owner_org": slug(e.department, "") or slug(d.get("section"), "") or slug(publisher, "org"),
        "author": " ".join(x for x in (publisher, e.department_name, e.section_name) if x),
        "maintainer": e.section_name or publisher,
        "url": e.url,
        "private": not e.published,
        "state": "active",
        "tags": [{"name": t} for t in e.keywords],
        "resources": [{"name": f"{title} ({fmt})", "url": e.url, "format": fmt, "mimetype": mimetype}],
        "extras": [{"key": k, "value": str(v)} for k, v in extras if v],
    }


def ckan_packages(datasets: Datasets, sections: Sections, departments: Mapping[str, str], *, publisher: str,
                  base_url: str | None = None, include: Iterable[str] = ("published", "candidate")
                  ) -> list[dict[str, Any]]:
    """One package_create document per published dataset (public) and per candidate (private,
    for the portal's editors to review), published ones first by code, then candidates by rank.
    The organisation is the owning department (its code as a CKAN name). A candidate has no URL
    yet: with ``base_url`` its resource points at its planned page ``base_url/dataset/<name>``;
    without one the URL stays empty and ``check_ckan`` refuses it."""
    return [_ckan_package(e, publisher) for e in _entries(datasets, sections, departments, base_url, include)]


def _missing(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def check_ckan(doc: Any) -> list[str]:
    """Problems of a CKAN document (one package, a list of them, or ``{"packages": [...]}``), as
    messages; [] when every package has its required fields and valid, unique names and tags."""
    packages = doc.get("packages") if isinstance(doc, dict) and "packages" in doc else doc
    if isinstance(packages, dict):
        packages = [packages]
    if not isinstance(packages, list):
        return [_("CKANのパッケージ(またはその一覧)ではありません")]
    problems: list[str] = []
    seen: set[str] = set()
    for i, p in enumerate(packages, 1):
        where = _("パッケージ {i} ({name})").format(i=i, name=p.get("name") if isinstance(p, dict) else "")
        if not isinstance(p, dict):
            problems.append(_("{where}: オブジェクトではありません").format(where=where))
            continue
        for f in REQUIRED_CKAN["package"]:
            if f not in p or (f != "private" and _missing(p[f])):
                problems.append(_("{where}: 必須項目 {field} がありません").format(where=where, field=f))
        name = p.get("name")
        if isinstance(name, str) and name:
            if not CKAN_NAME.match(name):
                problems.append(_("{where}: name は2〜100文字の半角英小文字・数字・-・_ で書きます").format(where=where))
            if name in seen:
                problems.append(_("{where}: name が重複しています").format(where=where))
            seen.add(name)
        if "private" in p and not isinstance(p["private"], bool):
            problems.append(_("{where}: private は true か false です").format(where=where))
        for t in p.get("tags") or ():
            if not all(not _missing(t.get(f)) for f in REQUIRED_CKAN["tag"]):
                problems.append(_("{where}: タグに name がありません").format(where=where))
            elif not CKAN_TAG.match(t["name"]):
                problems.append(_("{where}: タグ「{tag}」に使えない文字があるか、長さが2〜100文字ではありません").format(
                    where=where, tag=t["name"]))
        for e in p.get("extras") or ():
            for f in REQUIRED_CKAN["extra"]:
                if _missing(e.get(f)):
                    problems.append(_("{where}: extras に {field} がありません").format(where=where, field=f))
        for j, r in enumerate(p.get("resources") or (), 1):
            for f in REQUIRED_CKAN["resource"]:
                if _missing(r.get(f)):
                    problems.append(_("{where}: リソース {j} に {field} がありません").format(where=where, j=j, field=f))
    return problems


# --- DCAT --------------------------------------------------------------------------------------

DCAT_CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
}
#: The mandatory properties of DCAT-AP (the EU application profile, the usual yardstick for DCAT
#: catalogues) for each class we write.
REQUIRED_DCAT: dict[str, tuple[str, ...]] = {
    "dcat:Catalog": ("dct:title", "dct:description", "dct:publisher", "dcat:dataset"),
    "dcat:Dataset": ("dct:title", "dct:description"),
    "dcat:Distribution": ("dcat:accessURL",),
}
#: UPDATE_FREQUENCY -> the EU frequency vocabulary, which DCAT-AP names for dct:accrualPeriodicity.
FREQUENCY_URI = {
    "realtime": "UPDATE_CONT", "daily": "DAILY", "weekly": "WEEKLY", "monthly": "MONTHLY",
    "quarterly": "QUARTERLY", "yearly": "ANNUAL", "irregular": "IRREG", "none": "NEVER",
}
FREQUENCY_BASE = "http://publications.europa.eu/resource/authority/frequency/"
MEDIA_TYPE_BASE = "https://www.iana.org/assignments/media-types/"


def _dcat_dataset(e: _Entry, publisher: str, base_url: str | None) -> dict[str, Any]:
    d = e.values
    fmt, mimetype = RESOURCE_FORMATS.get(d.get("form"), RESOURCE_FORMATS[None])
    title = d.get("name") or d.get("code") or e.name
    out: dict[str, Any] = {"@type": "dcat:Dataset"}
    if base_url:
        # The dataset is its page on the portal; its own URL (often a page elsewhere) is its landing page.
        out["@id"] = f"{base_url.rstrip('/')}/dataset/{e.name}"
    if e.url:
        out["dcat:landingPage"] = {"@id": e.url}
    out.update({
        "dct:identifier": d.get("code") or e.name,
        "dct:title": title,
        "dct:description": d.get("description") or title,
        "dct:publisher": {"@type": "foaf:Organization",
                          "foaf:name": " ".join(x for x in (publisher, e.department_name) if x)},
        "dcat:keyword": list(e.keywords),
        "dcat:contactPoint": {"@type": "vcard:Organization", "vcard:fn": e.section_name or publisher},
    })
    if d.get("licence") in LICENCE_URL:
        out["dct:license"] = {"@id": LICENCE_URL[d["licence"]]}
    elif d.get("licence"):
        out["dct:license"] = LICENCE.label_of(d["licence"])
    if d.get("category"):
        out["dcat:theme"] = {"@type": "skos:Concept",
                             "skos:prefLabel": RECOMMENDED_DATASET.label_of(d["category"]),
                             "skos:notation": d["category"]}
    if d.get("update_frequency") in FREQUENCY_URI:
        out["dct:accrualPeriodicity"] = {"@id": FREQUENCY_BASE + FREQUENCY_URI[d["update_frequency"]]}
    dist: dict[str, Any] = {"@type": "dcat:Distribution", "dct:title": f"{title} ({fmt})", "dct:format": fmt,
                            "dcat:mediaType": {"@id": MEDIA_TYPE_BASE + mimetype}}
    if e.url:
        dist["dcat:accessURL"] = {"@id": e.url}
    if not e.published:
        dist["dct:description"] = _("公開予定。URLは公開予定のページです")
    out["dcat:distribution"] = [dist]
    return out


def dcat_catalog(datasets: Datasets, sections: Sections, departments: Mapping[str, str], *, publisher: str,
                 base_url: str | None = None, include: Iterable[str] = ("published", "candidate")
                 ) -> dict[str, Any]:
    """A DCAT catalogue (JSON-LD) of the published datasets and the candidates, in the order of
    ``ckan_packages``. A candidate's distribution has as dcat:accessURL its planned page on the
    portal (``base_url/dataset/<name>``) and says it is planned; without ``base_url`` it has none,
    which ``check_dcat`` refuses."""
    catalog: dict[str, Any] = {"@context": dict(DCAT_CONTEXT), "@type": "dcat:Catalog"}
    if base_url:
        catalog["@id"] = base_url.rstrip("/") + "/"
    catalog.update({
        "dct:title": _("{publisher} オープンデータカタログ").format(publisher=publisher),
        "dct:description": _("{publisher}の公開データと公開候補のデータ").format(publisher=publisher),
        "dct:publisher": {"@type": "foaf:Organization", "foaf:name": publisher},
        "dcat:dataset": [_dcat_dataset(e, publisher, base_url)
                         for e in _entries(datasets, sections, departments, base_url, include)],
    })
    return catalog


def _has(node: Mapping[str, Any], prop: str) -> bool:
    v = node.get(prop)
    if isinstance(v, dict) and set(v) == {"@id"}:
        return bool(v["@id"])
    return not _missing(v)


def check_dcat(doc: Any) -> list[str]:
    """Problems of a DCAT catalogue as messages: its context, the classes, and the mandatory
    properties of ``REQUIRED_DCAT`` on the catalogue, each dataset and each distribution."""
    if not isinstance(doc, dict):
        return [_("DCATのカタログではありません")]
    problems = []
    context = doc.get("@context") or {}
    for prefix in ("dcat", "dct"):
        if not isinstance(context, dict) or prefix not in context:
            problems.append(_("@context に接頭辞 {prefix} がありません").format(prefix=prefix))
    if doc.get("@type") != "dcat:Catalog":
        problems.append(_("@type が dcat:Catalog ではありません"))
    for prop in REQUIRED_DCAT["dcat:Catalog"]:
        if prop == "dcat:dataset" and isinstance(doc.get(prop), list):
            continue  # an empty catalogue is still a catalogue
        if not _has(doc, prop):
            problems.append(_("カタログ: 必須項目 {prop} がありません").format(prop=prop))
    seen: set[str] = set()
    for i, ds in enumerate(doc.get("dcat:dataset") or (), 1):
        where = _("データセット {i} ({id})").format(i=i, id=ds.get("dct:identifier") or "")
        if ds.get("@type") != "dcat:Dataset":
            problems.append(_("{where}: @type が dcat:Dataset ではありません").format(where=where))
        for prop in REQUIRED_DCAT["dcat:Dataset"]:
            if not _has(ds, prop):
                problems.append(_("{where}: 必須項目 {prop} がありません").format(where=where, prop=prop))
        ident = ds.get("dct:identifier")
        if ident in seen:
            problems.append(_("{where}: dct:identifier が重複しています").format(where=where))
        seen.add(ident)
        for j, dist in enumerate(ds.get("dcat:distribution") or (), 1):
            for prop in REQUIRED_DCAT["dcat:Distribution"]:
                if not _has(dist, prop):
                    problems.append(_("{where}: 配布 {j} に必須項目 {prop} がありません").format(
                        where=where, j=j, prop=prop))
    return problems



#: Export format -> (the document's builder, its validator).
EXPORT_FORMATS = {"ckan": (ckan_packages, check_ckan), "dcat": (dcat_catalog, check_dcat)}


def export(fmt: str, datasets: Datasets, sections: Sections, departments: Mapping[str, str], *, publisher: str,
           base_url: str | None = None, include: Iterable[str] = INCLUDE) -> tuple[Any, list[str]]:
    """The ``fmt`` ('ckan': a list of packages, 'dcat': a catalogue) document and its problems; a
    caller writes the document only when there are none."""
    build, check = EXPORT_FORMATS[fmt]
    doc = build(datasets, sections, departments, publisher=publisher, base_url=base_url, include=include)
    return doc, check(doc)
