"""Undo of a whole operation restores the state before it, or refuses when later edits are in the way."""

from __future__ import annotations

import pytest

from db.ledger import load_values, record_id
from db.records import RECORD_TYPES
from db.undo import UndoRefused, undo_batch
from tests.factories import server, small_ledger, system


def ledger_values(ledger) -> dict[str, dict[str, dict]]:
    """Every record as values (version left out: an undo is a write like any other)."""
    out = {}
    with ledger.read() as conn:
        for name, rt in RECORD_TYPES.items():
            from db.records import record_code

            out[name] = {record_code(name, v): {k: v[k] for k in rt.field_names}
                         for v in load_values(conn, name).values()}
    return out


def test_undo_restores_exact_state_after_unrelated_later_edits(ledger):
    small_ledger(ledger)
    before = ledger_values(ledger)
    with ledger.operation("import", "survey.xlsx") as op:
        op.create("system", system("SYS-0100", name="新システム"))
        op.create("server", server("SRV-00100", "lg-new-01", ("SYS-0100",)))
        op.update("system", op.id_of("system", "SYS-0002"), {"users": 55}, expected_version=1)
        op.delete("server", op.id_of("server", "SRV-00002"), expected_version=1)
        batch = op.batch_id
    with ledger.operation("edit") as op:  # an unrelated later edit
        op.update("system", op.id_of("system", "SYS-0003"), {"users": 9}, expected_version=1)
    undo_batch(ledger, batch)
    after = ledger_values(ledger)
    assert after["system"].pop("SYS-0003")["users"] == 9  # the later edit stays
    before["system"].pop("SYS-0003")
    assert after == before


def test_undo_refused_when_a_later_edit_touched_the_same_record(ledger):
    small_ledger(ledger)
    with ledger.operation("import", "a.xlsx") as op:
        op.update("system", op.id_of("system", "SYS-0001"), {"users": 1}, expected_version=1)
        batch = op.batch_id
    with ledger.operation("edit") as op:
        op.update("system", op.id_of("system", "SYS-0001"), {"users": 2}, expected_version=2)
    before = ledger_values(ledger)
    with pytest.raises(UndoRefused) as err:
        undo_batch(ledger, batch)
    assert err.value.conflicts == ["SYS-0001"]
    assert ledger_values(ledger) == before


def test_undo_twice_is_refused(ledger):
    small_ledger(ledger)
    with ledger.operation("import", "a.xlsx") as op:
        op.create("system", system("SYS-0200"))
        batch = op.batch_id
    undo_batch(ledger, batch)
    with ledger.read() as conn:
        assert record_id(conn, "system", "SYS-0200") is None
    with pytest.raises(UndoRefused):
        undo_batch(ledger, batch)
