"""Similar systems: known answers on a hand-made ledger, blocking against all pairs, proposals."""

from __future__ import annotations

import itertools

import pytest

from assetdesk.similar import (
    DEFAULT_SETTINGS,
    SimilarityIndex,
    SystemProfile,
    estimate_saving,
    find_similar_groups,
    profile_from_values,
    similar_to,
)
from assetdesk.similar.finder import absorber_rank, candidates
from assetdesk.similar.profile import owner_stem, strip_owner
from assetdesk.similar.vectors import Weighting, cosine, ngrams
from tests.factories import blank, system

SECTIONS = {  # code: (name, department code)
    "S001": ("林業振興課", "D01"), "S002": ("工業振興課", "D02"), "S003": ("文化振興課", "D03"),
    "S004": ("スポーツ振興課", "D03"), "S005": ("健康増進課", "D04"),
}
DEPARTMENTS = {"D01": "環境森林部", "D02": "産業労働観光部", "D03": "県民生活部", "D04": "保健福祉部"}
SUBSIDY = "補助事業の申請受付、交付決定、実績報告の審査と補助金の支払を管理する。"
BOOKING = "県立施設の利用予約と利用料の収納を管理する。"


def _costs(total: int | None) -> dict:
    return {} if total is None else {"cost_operation": total, "cost_sw_maintenance": 0}


def hand_made_systems() -> list[dict]:
    """Two groups with known answers, and systems that must stay out of any group."""
    return [
        system("SYS-0001", "S001", name="林業振興関係補助金管理システム", purpose=SUBSIDY, business_category="permits",
               users=20, **_costs(500)),
        system("SYS-0002", "S002", name="工業振興関係補助金管理システム", purpose=SUBSIDY, business_category="finance",
               users=40, hosting="platform", **_costs(800)),
        system("SYS-0003", "S003", name="文化振興関係補助金管理システム", purpose=SUBSIDY, business_category="other",
               users=15),  # costs never surveyed
        system("SYS-0004", "S004", name="体育施設予約システム", purpose=BOOKING, business_category="facilities",
               product="施設予約パッケージ ReserveLG", users=300, **_costs(1000)),
        system("SYS-0005", "S003", name="文化施設予約システム", purpose=BOOKING, business_category="facilities",
               product="施設予約パッケージ ReserveLG", users=200, **_costs(600)),
        system("SYS-0006", "S005", name="健康管理システム", purpose="県民の健診結果を管理する。", business_category="medical",
               **_costs(3000)),
        system("SYS-0007", "S005", name="財務会計システム", purpose="予算の執行と決算を管理する。", business_category="finance",
               **_costs(9000)),
        system("SYS-0008", "S001", name="林業振興業務台帳システム", purpose="林業振興課の業務の台帳。", business_category="permits",
               **_costs(100)),
        system("SYS-0009", "S004", name="スポーツ振興関係補助金管理システム", purpose=SUBSIDY, status="retired",
               **_costs(700)),
    ]


def hand_made_profiles() -> list[SystemProfile]:
    out = []
    for v in hand_made_systems():
        name, dept = SECTIONS[v["section"]]
        out.append(profile_from_values(v, name, DEPARTMENTS[dept]))
    return out


def test_owner_is_taken_out_of_the_name():
    assert owner_stem("林業振興課") == "林業振興"
    assert owner_stem("県北健康福祉センター-02") == "県北健康福祉"
    assert strip_owner("林業振興関係補助金管理システム", "林業振興課") == "関係補助金管理システム"
    assert strip_owner("林業振興課システム", "林業振興課") == "林業振興課システム"[len("林業振興"):]
    assert strip_owner("財務会計システム", "会計課", "会計局") == "財務会計システム"  # stem 会計 not a prefix word
    # nothing would be left: the name stays
    assert strip_owner("林業振興", "林業振興課") == "林業振興"


def test_ngram_weighting_discounts_what_every_name_has():
    docs = [ngrams(n) for n in ("施設予約システム", "補助金管理システム", "財務会計システム")]
    w = Weighting(docs)
    assert w.idf("しす") == pytest.approx(0.0)
    assert w.idf("施設") > w.idf("しす")
    a, b = w.vector(ngrams("体育施設予約システム")), w.vector(ngrams("文化施設予約システム"))
    c = w.vector(ngrams("補助金管理システム"))
    assert cosine(a, b) > 0.3
    assert cosine(a, c) == pytest.approx(0.0)  # they share only システム, which weighs nothing
    assert ngrams("ｼｽﾃﾑ") == ngrams("システム")  # half-width katakana folds


def test_hand_made_ledger_gives_the_known_groups():
    groups = find_similar_groups(hand_made_profiles())
    assert [g.codes for g in groups] == [("SYS-0004", "SYS-0005"), ("SYS-0002", "SYS-0001", "SYS-0003")]
    booking, subsidy = groups
    # booking: 300 users absorb 200; saving = 600 × (1 − 0.3)
    assert booking.saving.saving == 420 and booking.saving.at_stake == 600
    # subsidy: the platform-hosted one absorbs; SYS-0003's cost is unknown and listed
    assert subsidy.saving.saving == 350 and subsidy.saving.unknown_cost == ("SYS-0003",)
    kinds = {r.kind for r in booking.absorbed[0].reasons}
    assert {"name", "purpose", "category", "product", "users"} <= kinds
    name_reason = next(r for r in subsidy.absorbed[0].reasons if r.kind == "name")
    assert "関係補助金管理システム" in name_reason.text()
    for g in groups:
        assert all(m.score >= DEFAULT_SETTINGS.threshold for m in g.absorbed)


def test_retired_same_section_and_unrelated_systems_stay_out():
    codes = {c for g in find_similar_groups(hand_made_profiles()) for c in g.codes}
    assert not codes & {"SYS-0006", "SYS-0007", "SYS-0008", "SYS-0009"}


def test_other_zone_lowers_the_score_and_says_so():
    profiles = hand_made_profiles()
    moved = [p if p.code != "SYS-0005" else SystemProfile(**{**p.__dict__, "network_zone": "internet"})
             for p in profiles]
    idx_same, idx_moved = SimilarityIndex(candidates(profiles)), SimilarityIndex(candidates(moved))
    pos = {p.code: i for i, p in enumerate(idx_same.profiles)}
    same = idx_same.score(pos["SYS-0004"], pos["SYS-0005"]).score
    s, reasons = idx_moved.explain(pos["SYS-0004"], pos["SYS-0005"])
    assert s.score == pytest.approx(same * DEFAULT_SETTINGS.other_zone_factor)
    assert any(r.kind == "zone" and r.is_caveat for r in reasons)


def test_saving_rule():
    ps = [SystemProfile("A", "a", "S1", annual_cost=1000), SystemProfile("B", "b", "S2", annual_cost=None),
          SystemProfile("C", "c", "S3", annual_cost=200)]
    e = estimate_saving(ps, kept_share=0.25)
    assert (e.saving, e.at_stake, e.unknown_cost) == (900, 1200, ("B",))
    with pytest.raises(ValueError):
        estimate_saving(ps, kept_share=1.5)


def test_absorber_prefers_shared_hosting_then_users():
    a = SystemProfile("A", "a", "S1", users=1000, hosting="dedicated")
    b = SystemProfile("B", "b", "S2", users=10, hosting="cloud")
    c = SystemProfile("C", "c", "S3", users=500, hosting="dedicated")
    assert sorted([a, b, c], key=absorber_rank) == [b, a, c]


def test_proposal_under_review_finds_the_existing_systems():
    profiles = hand_made_profiles()
    query = SystemProfile("", "美術館施設予約システム", "S005", purpose=BOOKING, business_category="facilities",
                          section_name="健康増進課")
    hits = similar_to(query, profiles)
    assert [m.code for m in hits] == ["SYS-0004", "SYS-0005"] or [m.code for m in hits] == ["SYS-0005", "SYS-0004"]
    assert all(m.reasons for m in hits)


@pytest.fixture(scope="module")
def demo_profiles():
    from assetdesk.demo import generate

    d = generate(1)
    sections = {s["code"]: s for s in d.sections}
    departments = {x["code"]: x["name"] for x in d.departments}
    return [profile_from_values(v, sections[v["section"]]["name"], departments[sections[v["section"]]["department"]])
            for v in d.systems]


def test_blocking_finds_what_all_pairs_finds_with_far_fewer_comparisons(demo_profiles):
    index = SimilarityIndex(candidates(demo_profiles))
    n = len(index.profiles)
    compared = set(index.candidate_pairs())
    assert len(compared) < n * (n - 1) / 2 / 5
    similar = set()
    for i, j in itertools.combinations(range(n), 2):
        if index.profiles[i].section != index.profiles[j].section and index.score(i, j).score >= DEFAULT_SETTINGS.threshold:
            similar.add((i, j))
    assert similar, "the demo holds similar systems across sections"
    missed = similar - compared
    assert len(missed) <= 0.02 * len(similar), [(index.profiles[i].name, index.profiles[j].name) for i, j in missed]


def test_demo_groups_are_stars_around_their_absorber(demo_profiles):
    groups = find_similar_groups(demo_profiles)
    seen: set[str] = set()
    for g in groups:
        assert not seen & set(g.codes), "a system is in one group only"
        seen |= set(g.codes)
        assert all(m.profile.section != g.absorber.profile.section for m in g.absorbed)
        assert all(m.score >= DEFAULT_SETTINGS.threshold for m in g.absorbed)
    assert [g.saving.saving for g in groups] == sorted((g.saving.saving for g in groups), reverse=True)
    names = " ".join(m.profile.name for g in groups for m in (g.absorber, *g.absorbed))
    for work in ("施設予約", "補助金管理"):  # the demo's deliberately repeated systems
        assert names.count(work) >= 3


# --- on the ledger -----------------------------------------------------------------------


def load_hand_made(ledger) -> None:
    with ledger.operation("command", "test fixture") as op:
        op.create_many("department", [blank("department", code=c, name=n) for c, n in DEPARTMENTS.items()])
        op.create_many("section", [blank("section", code=c, name=n, department=d) for c, (n, d) in SECTIONS.items()])
        op.create_many("system", hand_made_systems())


def test_similar_report_on_the_ledger(ledger):
    from db.portfolio import similar_report

    load_hand_made(ledger)
    with ledger.read() as conn:
        report = similar_report(conn)
    assert [g["systems"] for g in report["groups"]] == [["SYS-0004", "SYS-0005"], ["SYS-0002", "SYS-0001", "SYS-0003"]]
    assert report["total_saving"] == 770
    assert report["groups"][0]["absorbed"][0]["reasons"][0]["text"]


def test_done_proposal_marks_absorbed_systems_consolidated_with_history(ledger):
    from db.ledger import LedgerError
    from db.portfolio import create_proposal, open_proposal_of, proposals, set_proposal_status, similar_report
    from db.queries import history

    load_hand_made(ledger)
    pid = create_proposal(ledger, "SYS-0002", ["SYS-0001", "SYS-0003"], target_fy=2027)
    with ledger.read() as conn:
        (p,) = proposals(conn)
        assert (p["absorber"], p["absorbed"], p["status"], p["estimated_saving"]) == (
            "SYS-0002", ["SYS-0001", "SYS-0003"], "proposed", 350)
        assert open_proposal_of(conn)["SYS-0003"] == pid
        assert similar_report(conn)["groups"][1]["proposals"] == [pid]
    with pytest.raises(LedgerError):  # already in an open proposal
        create_proposal(ledger, "SYS-0004", ["SYS-0001"])
    with pytest.raises(LedgerError):  # stale version
        set_proposal_status(ledger, pid, "agreed", expected_version=7)
    v = set_proposal_status(ledger, pid, "agreed", expected_version=1)
    set_proposal_status(ledger, pid, "done", expected_version=v)
    with ledger.read() as conn:
        from db.ledger import load_values

        systems = {x["system_code"]: x for x in load_values(conn, "system").values()}
        assert systems["SYS-0001"]["status"] == "consolidated"
        assert systems["SYS-0001"]["consolidated_into"] == "SYS-0002"
        assert systems["SYS-0003"]["consolidated_into"] == "SYS-0002"
        assert systems["SYS-0002"]["status"] == "active"
        h = history(conn, "SYS-0001")
        assert h[0]["action"] == "update" and h[0]["after"]["status"] == "consolidated"
        assert proposals(conn)[0]["done_batch_id"] == h[0]["batch_id"]
        # consolidated systems leave the proposals
        assert [g["systems"] for g in similar_report(conn)["groups"]] == [["SYS-0004", "SYS-0005"]]
    with pytest.raises(LedgerError):  # done is final
        set_proposal_status(ledger, pid, "proposed", None)


def test_a_dropped_proposal_cannot_come_back_over_a_newer_one(ledger):
    from db.ledger import LedgerError
    from db.portfolio import create_proposal, set_proposal_status

    load_hand_made(ledger)
    first = create_proposal(ledger, "SYS-0004", ["SYS-0005"])
    set_proposal_status(ledger, first, "dropped", 1)
    create_proposal(ledger, "SYS-0005", ["SYS-0004"])
    with pytest.raises(LedgerError) as refused:
        set_proposal_status(ledger, first, "proposed", 2)
    assert "#2" in str(refused.value)
