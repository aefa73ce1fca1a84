"""Open data: candidate eligibility and ranking, coverage of the recommended list, the CKAN and DCAT
documents against their required fields, and the printed report."""

from __future__ import annotations

import copy
import datetime as dt
import json

import pytest

from assetdesk import opendata as O
from assetdesk.choices import RECOMMENDED_DATASET
from assetdesk.reports.model import Chart, Table
from assetdesk.reports.opendata import opendata_report

SECTIONS = {"S001": {"name": "危機管理課", "department": "D01"},
            "S002": {"name": "文化財課", "department": "D02"},
            "S003": {"name": "健康増進課", "department": "D03"},
            "S004": {"name": "観光交流課", "department": "D04"}}
DEPARTMENTS = {"D01": "危機管理部", "D02": "教育委員会事務局", "D03": "保健福祉部", "D04": "産業労働観光部"}


def ds(code, section="S001", form="csv", personal=False, my_number=False, conf="1", status="unreviewed",
       category=None, used_by=(), licence=None, url=None, **more):
    return {"code": code, "name": f"データ{code}", "section": section, "system": None, "description": None,
            "form": form, "records": None, "update_frequency": None, "personal_info": personal,
            "my_number": my_number, "confidentiality": conf, "open_status": status, "closed_reason": None,
            "licence": licence, "category": category, "imi_vocabulary": None, "mj_characters": None,
            "used_by": tuple(used_by), "url": url, "notes": None, **more}


def keyed(*rows):
    return {i: r for i, r in enumerate(rows, 1)}


def codes(cands):
    return [c.code for c in cands]


# --- candidates --------------------------------------------------------------------------------

@pytest.mark.parametrize("row, why", [
    (ds("A", status="published"), "published"),
    (ds("A", status="closed"), "closed"),
    (ds("A", personal=True), "personal_info"),
    (ds("A", personal=None), "personal_info_unknown"),
    (ds("A", my_number=True), "my_number"),
    (ds("A", conf="2"), "confidentiality"),
    (ds("A", conf="3"), "confidentiality"),
    (ds("A", conf=None), "confidentiality_unknown"),
])
def test_each_rule_keeps_a_dataset_out_of_the_candidates(row, why):
    assert O.exclusion(row) == why
    assert O.candidates(keyed(row)) == []
    assert O.exclusion_counts(keyed(row))[why] == 1


def test_eligible_datasets_are_candidates_whatever_their_review_state():
    rows = keyed(ds("A", status="unreviewed"), ds("B", status="candidate"), ds("C", status=None),
                 ds("D", my_number=None))
    assert codes(O.candidates(rows)) == ["A", "B", "C", "D"]


def test_ranking_counts_category_other_users_and_form_then_code():
    rows = keyed(
        ds("D-PAPER", form="paper"),                                          # 0
        ds("C-PDF", form="pdf"),                                              # 1
        ds("B-EXCEL", form="excel", used_by=("S001", "S002")),               # 2 + 1 (own section ignored)
        ds("A-CSV", form="csv"),                                              # 3
        ds("Z-AED", form="csv", category="aed"),                              # 3 + 3
        ds("Y-SHARED", form="gis", used_by=("S002", "S003", "S004", "S005")),  # 3 + 3 (capped)
    )
    got = O.candidates(rows)
    assert [(c.code, c.score) for c in got] == [
        ("Y-SHARED", 6), ("Z-AED", 6), ("A-CSV", 3), ("B-EXCEL", 3), ("C-PDF", 1), ("D-PAPER", 0)]
    assert got[2].used_by == 0 and got[3].used_by == 1 and got[0].used_by == 4
    # The order is the same whatever the input order.
    assert codes(O.candidates(dict(reversed(list(rows.items()))))) == codes(got)


def test_each_part_of_the_score_has_its_reason():
    [c] = O.candidates(keyed(ds("A", form="excel", category="aed", used_by=("S002", "S003"))))
    assert c.score == 3 + 2 + 2
    assert len(c.reasons) == 3
    assert "AED設置箇所一覧" in c.reasons[0] and "+3" in c.reasons[0]
    assert "2" in c.reasons[1] and "+2" in c.reasons[1]
    assert "Excel" in c.reasons[2] and "+2" in c.reasons[2]
    [c] = O.candidates(keyed(ds("B", form=None)))
    assert c.score == 0 and c.reasons == ("データ形式が未回答 (+0)",)


# --- coverage ----------------------------------------------------------------------------------

def test_coverage_has_every_recommended_category_in_the_lists_order():
    rows = O.coverage(keyed(ds("A", category="aed", status="published"),
                            ds("B", category="aed"),
                            ds("C", category="shelters"),
                            ds("D", category="tourist_facilities", personal=True),
                            ds("E")))
    assert [r.category for r in rows] == list(RECOMMENDED_DATASET.values)
    by = {r.category: r for r in rows}
    assert by["aed"].status == "published" and by["aed"].published == ("A",) and by["aed"].held == ("A", "B")
    assert by["shelters"].status == "held" and by["shelters"].candidates == ("C",)
    assert by["tourist_facilities"].status == "held" and by["tourist_facilities"].candidates == ()
    assert by["wifi"].status == "lacking" and by["wifi"].held == ()
    s = O.coverage_summary(rows)
    n = len(RECOMMENDED_DATASET.values)
    assert s == {"categories": n, "published": 1, "held": 2, "lacking": n - 3,
                 "published_percent": round(100 / n, 1)}


def test_summary_is_one_json_document():
    rows = keyed(ds("A", category="aed", status="published", url="https://example.jp/a"),
                 ds("B", category="shelters", used_by=("S002",)), ds("C", personal=True))
    s = O.summary(rows, SECTIONS, DEPARTMENTS)
    assert json.loads(json.dumps(s, ensure_ascii=False)) == s
    assert s["datasets"] == 3 and s["published"] == 1
    assert [c["code"] for c in s["candidates"]] == ["B"]
    assert s["candidates"][0]["section_name"] == "危機管理課"
    assert s["excluded"]["personal_info"] == 1 and s["excluded"]["published"] == 1
    assert s["coverage"]["summary"]["published"] == 1
    assert [p["code"] for p in s["published_datasets"]] == ["A"]
    assert s["published_datasets"][0]["department_name"] == "危機管理部"


# --- CKAN --------------------------------------------------------------------------------------

def inventory():
    return keyed(
        ds("DAT-0001", category="aed", status="published", licence="cc_by_4", url="https://odp.example.jp/aed"),
        ds("DAT-0002", section="S002", form="gis", category="cultural_properties", licence="gjs_2",
           used_by=("S004",), imi_vocabulary="住所、施設"),
        ds("データ-3", section="S003", form="excel", category="school_districts"),  # a Japanese code
        ds("DAT-0004", personal=True),                                              # not exported
    )


def packages(**kw):
    return O.ckan_packages(inventory(), SECTIONS, DEPARTMENTS, publisher="とちぎ県",
                           base_url=kw.pop("base_url", "https://odp.example.jp"), **kw)


def test_ckan_packages_carry_the_required_fields_public_and_private():
    pk = packages()
    assert O.check_ckan(pk) == []
    assert [p["extras"][0]["value"] for p in pk] == ["DAT-0001", "DAT-0002", "データ-3"]
    for p in pk:
        for f in O.REQUIRED_CKAN["package"]:
            assert f in p
        for r in p["resources"]:
            assert all(r[f] for f in O.REQUIRED_CKAN["resource"])
    assert [p["private"] for p in pk] == [False, True, True]
    assert pk[0]["license_id"] == "CC-BY-4.0" and pk[1]["license_id"] == "CC-BY-4.0"
    assert pk[2]["license_id"] == "notspecified"
    assert pk[0]["owner_org"] == "d01" and pk[1]["owner_org"] == "d02"
    assert pk[0]["resources"][0]["url"] == "https://odp.example.jp/aed"
    assert pk[1]["resources"][0]["url"] == f"https://odp.example.jp/dataset/{pk[1]['name']}"
    assert [r["format"] for p in pk for r in p["resources"]] == ["CSV", "GeoJSON", "XLSX"]
    assert {"key": "推奨データセット", "value": "文化財一覧"} in pk[1]["extras"]
    assert {"住所", "施設", "文化財一覧"} <= {t["name"] for t in pk[1]["tags"]}
    assert packages(include=("published",)) == pk[:1]
    assert [p["name"] for p in packages(include=("candidate",))] == [p["name"] for p in pk[1:]]


def test_ckan_names_follow_ckans_rules_even_from_japanese_and_clashing_codes():
    rows = keyed(ds("DAT.1"), ds("dat-1"), ds("DAT 1"), ds("保有データ"), ds("データ"), ds("X" * 120),
                 ds("X" * 120 + "y"), ds("ＤＡＴ－９"))
    pk = O.ckan_packages(rows, SECTIONS, DEPARTMENTS, publisher="県", base_url="https://odp.example.jp")
    name = {p["extras"][0]["value"]: p["name"] for p in pk}
    assert len(set(name.values())) == 8
    assert all(O.CKAN_NAME.match(n) for n in name.values())
    # Clashing codes are told apart in the order of the codes.
    assert [name["DAT 1"], name["DAT.1"], name["dat-1"]] == ["dat-1", "dat-1-2", "dat-1-3"]
    assert name["ＤＡＴ－９"] == "dat-9"  # full-width letters fold to ASCII
    assert name["保有データ"].startswith("dataset-") and name["保有データ"] != name["データ"]
    assert len(name["X" * 120]) == 100 and len(name["X" * 120 + "y"]) == 100
    assert O.check_ckan(pk) == []


def test_a_datasets_ckan_name_does_not_depend_on_what_else_is_exported():
    alone = O.ckan_packages(keyed(ds("データ")), SECTIONS, DEPARTMENTS, publisher="県", base_url="https://x.jp")
    among = O.ckan_packages(keyed(ds("A", category="aed"), ds("データ")), SECTIONS, DEPARTMENTS,
                            publisher="県", base_url="https://x.jp")
    assert alone[0]["name"] == among[1]["name"] == O.ckan_name("データ")


def test_ckan_tags_drop_characters_ckan_refuses():
    rows = keyed(ds("A", category="school_districts", imi_vocabulary="住所,施設・設備, x"))
    [p] = O.ckan_packages(rows, SECTIONS, DEPARTMENTS, publisher="県", base_url="https://odp.example.jp")
    tags = [t["name"] for t in p["tags"]]
    assert "小 中学校通学区域情報" in tags and "施設 設備" in tags and "x" not in tags
    assert all(O.CKAN_TAG.match(t) for t in tags)


@pytest.mark.parametrize("field", O.REQUIRED_CKAN["package"])
def test_check_ckan_refuses_a_package_missing_a_required_field(field):
    pk = packages()
    del pk[1][field]
    problems = O.check_ckan(pk)
    assert len(problems) == 1 and field in problems[0] and "2" in problems[0]


def test_check_ckan_refuses_bad_names_tags_and_resources():
    pk = packages()
    bad = copy.deepcopy(pk)
    bad[0]["name"] = "AED設置箇所"
    bad[2]["name"] = bad[1]["name"]
    bad[1]["tags"].append({"name": "a/b"})
    bad[1]["resources"][0]["format"] = ""
    bad[2]["private"] = "yes"
    problems = O.check_ckan({"packages": bad})
    assert len(problems) == 5
    assert O.check_ckan({"packages": pk}) == [] and O.check_ckan(pk[0]) == []
    assert O.check_ckan("packages") != []


def test_candidates_without_a_base_url_have_no_url_and_are_refused():
    pk = packages(base_url=None)
    assert pk[0]["resources"][0]["url"] == "https://odp.example.jp/aed"  # published: its own URL
    assert any("url" in p for p in O.check_ckan(pk))
    assert O.check_ckan(packages(base_url=None, include=("published",))) == []


# --- DCAT --------------------------------------------------------------------------------------

def catalog(**kw):
    return O.dcat_catalog(inventory(), SECTIONS, DEPARTMENTS, publisher="とちぎ県",
                          base_url=kw.pop("base_url", "https://odp.example.jp"), **kw)


def test_dcat_catalog_has_the_mandatory_properties_of_each_class():
    c = catalog()
    assert O.check_dcat(c) == []
    assert json.loads(json.dumps(c, ensure_ascii=False)) == c
    assert {"dcat", "dct", "foaf", "vcard"} <= set(c["@context"])
    assert all(c[p] for p in O.REQUIRED_DCAT["dcat:Catalog"])
    assert [d["dct:identifier"] for d in c["dcat:dataset"]] == ["DAT-0001", "DAT-0002", "データ-3"]
    for d in c["dcat:dataset"]:
        assert d["@type"] == "dcat:Dataset" and all(d[p] for p in O.REQUIRED_DCAT["dcat:Dataset"])
        for dist in d["dcat:distribution"]:
            assert dist["@type"] == "dcat:Distribution" and dist["dcat:accessURL"]["@id"].startswith("https://")
    aed, cultural = c["dcat:dataset"][:2]
    assert aed["@id"] == "https://odp.example.jp/dataset/dat-0001"
    assert aed["dcat:landingPage"] == {"@id": "https://odp.example.jp/aed"}
    assert aed["dct:license"] == {"@id": "https://creativecommons.org/licenses/by/4.0/"}
    assert aed["dcat:theme"]["skos:prefLabel"] == "AED設置箇所一覧"
    assert "dct:description" not in aed["dcat:distribution"][0]           # published
    assert cultural["dcat:distribution"][0]["dct:description"]           # planned, and says so
    assert cultural["dcat:distribution"][0]["dcat:mediaType"]["@id"].endswith("application/geo+json")


def test_dcat_accrual_periodicity_uses_the_frequency_vocabulary():
    rows = keyed(ds("A", update_frequency="yearly"))
    [d] = O.dcat_catalog(rows, SECTIONS, DEPARTMENTS, publisher="県", base_url="https://x.jp")["dcat:dataset"]
    assert d["dct:accrualPeriodicity"]["@id"].endswith("/frequency/ANNUAL")


@pytest.mark.parametrize("cls, prop", [(cls, p) for cls, props in O.REQUIRED_DCAT.items() for p in props])
def test_check_dcat_refuses_a_missing_mandatory_property(cls, prop):
    c = catalog()
    node = {"dcat:Catalog": c, "dcat:Dataset": c["dcat:dataset"][1],
            "dcat:Distribution": c["dcat:dataset"][1]["dcat:distribution"][0]}[cls]
    del node[prop]
    problems = O.check_dcat(c)
    assert len(problems) == 1 and prop in problems[0]


def test_check_dcat_refuses_candidates_without_an_access_url_and_a_wrong_shape():
    assert len(O.check_dcat(catalog(base_url=None))) == 2  # the two candidates
    assert O.check_dcat(catalog(base_url=None, include=("published",))) == []
    c = catalog()
    c["@type"] = "dcat:Dataset"
    del c["@context"]["dct"]
    assert len(O.check_dcat(c)) == 2
    assert O.check_dcat([]) != []


# --- the report --------------------------------------------------------------------------------

def test_report_has_coverage_candidates_and_published_tables():
    s = O.summary(inventory(), SECTIONS, DEPARTMENTS)
    doc = opendata_report(s, dt.date(2026, 12, 5))
    tables = doc.tables()
    assert len(tables) == 3
    coverage, cands, published = tables
    assert len(coverage.rows) == len(RECOMMENDED_DATASET.values)
    assert [r[1] for r in cands.rows] == ["DAT-0002", "データ-3"]
    assert any("+3" in str(cell) for cell in cands.rows[0])
    assert [r[0] for r in published.rows] == ["DAT-0001"]
    assert any(isinstance(b, Chart) for b in doc.blocks)
    assert doc.headings()


def test_report_of_an_empty_inventory_says_so():
    doc = opendata_report(O.summary({}, {}, {}), dt.date(2026, 12, 5))
    coverage, cands, published = doc.tables()
    assert isinstance(cands, Table) and cands.rows == () and cands.empty_text
    assert published.rows == () and published.empty_text
    assert all(r[1] == "保有なし" for r in coverage.rows)


def test_export_builds_the_document_with_its_problems_and_refuses_unknown_includes():
    doc, problems = O.export("ckan", inventory(), SECTIONS, DEPARTMENTS, publisher="とちぎ県",
                             base_url="https://odp.example.jp")
    assert doc == packages() and problems == []
    doc, problems = O.export("dcat", inventory(), SECTIONS, DEPARTMENTS, publisher="とちぎ県")
    assert doc == catalog(base_url=None) and len(problems) == 2
    with pytest.raises(ValueError):
        packages(include=("closed",))
