"""Introduction reviews: the checklist rules, and the workflow from proposal to ledger record."""

from __future__ import annotations

import datetime as dt

import pytest

from assetdesk import review as RV
from tests.factories import small_ledger, system

TODAY = dt.date(2026, 11, 26)
ALL_CLEAR = {"existing_system": "no", "shared_platform": "yes", "cloud_service": "no", "network_zone": "lgwan",
             "personal_info": "yes", "my_number": "no", "business_continuity": "no", "cost_estimate": "yes",
             "security": "yes"}


def proposal(**kw):
    values = {"id": 1, "title": "体育施設予約システム", "section": "S001", "kind": "new", "purpose": "県立体育施設の利用予約",
              "planned_fy": 2027, "initial_cost": 12000, "annual_cost": 1800, "proposed_hosting": "platform",
              "proposed_zone": "lgwan", "status": "reviewing",
              "checklist": {k: {"answer": v, "note": None} for k, v in ALL_CLEAR.items()}}
    values.update(kw)
    return values


def with_answers(**answers):
    c = {k: {"answer": v, "note": None} for k, v in ALL_CLEAR.items()}
    c.update({k: {"answer": v, "note": None} for k, v in answers.items()})
    return c


def test_checklist_is_defined_once_with_unique_keys():
    keys = [i.key for i in RV.CHECKLIST]
    assert len(keys) == len(set(keys))
    assert {"existing_system", "shared_platform", "cloud_service", "network_zone", "personal_info",
            "business_continuity"} <= set(keys)
    assert all(i.display() for i in RV.CHECKLIST)


def test_a_clean_proposal_may_be_approved():
    assert RV.proposal_problems(proposal()) == []
    assert RV.decision_problems(proposal(), "approved", None, None) == []


@pytest.mark.parametrize(("changes", "key"), [
    ({"checklist": with_answers(existing_system="yes")}, "existing_system"),
    ({"proposed_hosting": "dedicated"}, "shared_platform"),
    ({"checklist": with_answers(network_zone="internet")}, "network_zone"),
    ({"checklist": with_answers(my_number="yes")}, "my_number"),
    ({"checklist": with_answers(security=None)}, "security"),
])
def test_blocking_findings_stop_an_approval(changes, key):
    values = proposal(**changes)
    assert any(f.key == key and f.blocking for f in RV.findings(values))
    assert RV.decision_problems(values, "approved", None, None)
    # a rejection is still possible, with a reason
    assert RV.decision_problems(values, "rejected", None, None)
    assert RV.decision_problems(values, "rejected", "既存システムで対応すること", None) == []


def test_warnings_do_not_block():
    values = proposal(proposed_hosting="dedicated", checklist=with_answers(shared_platform="no", cloud_service="yes"))
    found = RV.findings(values)
    assert [f.key for f in found] == ["cloud_service"] and not found[0].blocking
    assert RV.decision_problems(values, "approved", None, None) == []


def test_similar_systems_are_pointed_at_unless_the_first_item_says_so():
    (f,) = RV.findings(proposal(), similar=["SYS-0004"])
    assert f.key == "existing_system" and "SYS-0004" in f.message and not f.blocking


def test_conditions_and_transitions():
    assert RV.decision_problems(proposal(), "conditional", None, "") != []
    assert RV.decision_problems(proposal(), "conditional", None, "クラウド移行を次期更新で検討") == []
    assert RV.decision_problems(proposal(status="approved"), "rejected", "x", None) != []
    assert RV.proposal_problems(proposal(kind="renewal")) != []  # a renewal names its system
    assert RV.proposal_problems(proposal(annual_cost=-1)) != []
    assert RV.proposal_problems(proposal(checklist={"existing_system": {"answer": "maybe"}})) != []


def test_system_values_of_an_approval():
    new = RV.system_values(proposal(status="approved"), None, "SYS-0100", TODAY)
    assert (new["system_code"], new["name"], new["section"], new["network_zone"], new["hosting"]) == (
        "SYS-0100", "体育施設予約システム", "S001", "lgwan", "platform")
    assert new["cost_lease"] == 1800 and new["cost_operation"] == 0 and new["personal_info"] is True
    renewal = RV.system_values(proposal(kind="renewal", proposed_hosting="cloud"), {"notes": "旧"}, None, TODAY)
    assert renewal["status"] == "renewal" and renewal["next_renewal_fy"] == 2027
    assert renewal["cost_cloud"] == 1800 and renewal["notes"].startswith("旧\n")
    assert RV.next_system_code(["SYS-0001", "SYS-0522", "SYS-0600-02", "X"]) == "SYS-0523"
    assert RV.suggested_cost_reduction(1800, 3000) == 1200
    assert RV.suggested_cost_reduction(5000, 3000) == 0


def _submit(ledger, **kw):
    from db.portfolio import create_consultation

    values = {"title": "体育施設予約システム", "section": "S001", "kind": "new", "purpose": "県立体育施設の利用予約と利用料の収納を管理する。",
              "planned_fy": 2027, "initial_cost": 12000, "annual_cost": 1800, "proposed_hosting": "dedicated",
              "proposed_zone": "lgwan"}
    values.update(kw)
    return create_consultation(ledger, values, source="edit", today=TODAY)


def test_review_workflow_creates_the_system_with_history(ledger):
    from db.ledger import LedgerError, load_values
    from db.portfolio import (
        consultation,
        decide_consultation,
        set_checklist_answer,
        similar_for,
        update_consultation,
    )
    from db.queries import history

    small_ledger(ledger)
    with ledger.operation("command", "more systems") as op:
        op.create("system", system("SYS-0004", "S002", name="文化施設予約システム",
                                   purpose="県立文化施設の利用予約と利用料の収納を管理する。", cost_operation=900))
    cid = _submit(ledger)
    with ledger.read() as conn:
        c = consultation(conn, cid)
        assert (c["status"], c["section"], c["version"], c["submitted_on"]) == ("submitted", "S001", 1, TODAY)
        # the reviewer is pointed at the similar system of another section
        assert [m.code for m in similar_for(conn, c)] == ["SYS-0004"]

    with pytest.raises(LedgerError):  # nothing answered yet
        decide_consultation(ledger, cid, "approved", 1, today=TODAY)
    version = 1
    for key, answer in ALL_CLEAR.items():
        version = set_checklist_answer(ledger, cid, key, answer, None, version)
    with pytest.raises(LedgerError) as refused:  # the platform could serve it, a dedicated server was proposed
        decide_consultation(ledger, cid, "approved", version, today=TODAY)
    assert "共同利用型基盤" in str(refused.value)
    with pytest.raises(LedgerError):  # stale: someone else's version
        update_consultation(ledger, cid, {"proposed_hosting": "platform"}, version - 1)
    version = update_consultation(ledger, cid, {"proposed_hosting": "platform"}, version)

    d = decide_consultation(ledger, cid, "approved", version, decision="共同利用型基盤で導入", today=TODAY)
    assert d.created and d.system_code == "SYS-0005"
    with ledger.read() as conn:
        c = consultation(conn, cid)
        assert (c["status"], c["system"], c["decided_on"], c["decision"]) == ("approved", "SYS-0005", TODAY,
                                                                             "共同利用型基盤で導入")
        (created,) = [v for v in load_values(conn, "system").values() if v["system_code"] == "SYS-0005"]
        assert (created["name"], created["section"], created["hosting"], created["network_zone"]) == (
            "体育施設予約システム", "S001", "platform", "lgwan")
        assert created["cost_lease"] == 1800 and created["initial_cost"] == 12000
        (h,) = history(conn, "SYS-0005")
        assert h["action"] == "create" and h["batch_id"] == d.batch_id and h["source"] == "edit"
        assert h["context"]["consultation_id"] == cid
    with pytest.raises(LedgerError):  # an approved review is closed
        update_consultation(ledger, cid, {"title": "x"}, None)


def test_renewal_review_updates_the_system_and_suggests_the_reduction(ledger):
    from db.ledger import LedgerError, load_values
    from db.portfolio import consultation, decide_consultation, set_checklist_answer
    from db.queries import history

    small_ledger(ledger)
    with ledger.operation("command", "costs") as op:
        op.update("system", 1, {"cost_hw_maintenance": 2000, "cost_operation": 1500, "hosting": "dedicated"}, None)
    cid = _submit(ledger, title="財務会計システム更新", kind="renewal", system="SYS-0001", proposed_hosting="cloud",
                  annual_cost=2500, planned_fy=2028)
    version = 1
    for key, answer in ALL_CLEAR.items():
        version = set_checklist_answer(ledger, cid, key, answer, None, version)
    with pytest.raises(LedgerError):  # conditional approval needs its conditions
        decide_consultation(ledger, cid, "conditional", version, today=TODAY)
    d = decide_consultation(ledger, cid, "conditional", version, conditions="移行後に脆弱性診断を行う", today=TODAY)
    assert (d.created, d.system_code) == (False, "SYS-0001")
    with ledger.read() as conn:
        v = next(x for x in load_values(conn, "system").values() if x["system_code"] == "SYS-0001")
        assert (v["hosting"], v["status"], v["next_renewal_fy"], v["cost_cloud"], v["cost_hw_maintenance"]) == (
            "cloud", "renewal", 2028, 2500, 0)
        assert consultation(conn, cid)["cost_reduction"] == 1000  # 3,500 a year before, 2,500 after
        assert history(conn, "SYS-0001")[0]["batch_id"] == d.batch_id


def test_rejected_review_writes_nothing_to_the_ledger(ledger):
    from db.ledger import LedgerError
    from db.portfolio import consultation, decide_consultation
    from db.queries import stats

    small_ledger(ledger)
    cid = _submit(ledger)
    with pytest.raises(LedgerError):
        decide_consultation(ledger, cid, "rejected", 1, today=TODAY)  # a rejection gives its reason
    decide_consultation(ledger, cid, "rejected", 1, decision="既存の文化施設予約システムを利用すること", today=TODAY)
    with ledger.read() as conn:
        assert stats(conn)["systems"] == 3
        assert consultation(conn, cid)["status"] == "rejected"
