"""保有データ in the ledger: written with its using sections, changed, undone, never orphaned."""

from __future__ import annotations

import pytest

from db.ledger import LedgerError, load_values
from db.undo import undo_batch
from tests.factories import blank, small_ledger


def dataset(code: str, **kw) -> dict:
    return blank("dataset", code=code, name=kw.pop("name", f"{code} 一覧"), section=kw.pop("section", "S001"), **kw)


def test_dataset_keeps_its_using_sections_and_system(ledger):
    small_ledger(ledger)
    with ledger.operation("command", "test") as op:
        did = op.create("dataset", dataset("DAT-0001", system="SYS-0001", used_by=("S002",), form="csv",
                                           personal_info=False, confidentiality="1", category="aed"))
    with ledger.read() as conn:
        v = load_values(conn, "dataset", [did])[did]
    assert v["used_by"] == ("S002",)
    assert v["system"] == "SYS-0001" and v["section"] == "S001" and v["category"] == "aed"


def test_changing_and_undoing_the_using_sections(ledger):
    small_ledger(ledger)
    with ledger.operation("command", "create") as op:
        did = op.create("dataset", dataset("DAT-0001", used_by=("S002",)))
    with ledger.operation("edit", "change") as op:
        # another order of the same codes plus one more: stored sorted, history shows both
        op.update("dataset", did, {"used_by": ("S002", "S001")}, 1)
        batch = op.batch_id
    with ledger.read() as conn:
        assert load_values(conn, "dataset", [did])[did]["used_by"] == ("S001", "S002")
    undo_batch(ledger, batch)
    with ledger.read() as conn:
        v = load_values(conn, "dataset", [did])[did]
    assert v["used_by"] == ("S002",)


def test_undo_of_a_delete_brings_the_links_back(ledger):
    small_ledger(ledger)
    with ledger.operation("command", "create") as op:
        did = op.create("dataset", dataset("DAT-0001", used_by=("S001", "S002"), system="SYS-0002"))
    with ledger.operation("edit", "delete") as op:
        op.delete("dataset", did, 1)
        batch = op.batch_id
    undo_batch(ledger, batch)
    with ledger.read() as conn:
        v = load_values(conn, "dataset", [did])[did]
    assert v["used_by"] == ("S001", "S002") and v["system"] == "SYS-0002"


def test_a_section_a_dataset_uses_cannot_be_deleted(ledger):
    small_ledger(ledger)
    with ledger.operation("command", "create") as op:
        op.create("dataset", dataset("DAT-0001", section="S001", used_by=("S002",)))
    with ledger.read() as conn:
        s2 = next(i for i, v in load_values(conn, "section").items() if v["code"] == "S002")
    with pytest.raises(LedgerError, match="DAT-0001"), ledger.operation("edit", "delete") as op:
        op.delete("section", s2, None)


def test_unknown_using_section_is_refused(ledger):
    small_ledger(ledger)
    with pytest.raises(LedgerError, match="S999"), ledger.operation("command", "create") as op:
        op.create("dataset", dataset("DAT-0001", used_by=("S999",)))
