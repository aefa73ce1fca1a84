"""Issue 10: undo of an import batch gives back the exact state before it, even after later
unrelated edits, and refuses clearly (changing nothing) when a later edit touched its records."""

from __future__ import annotations

import random

import pytest

from db.undo import UndoRefused, undo_batch
from importers.apply import apply_import
from tests.test_undo import ledger_values
from tests.trials import budget
from tests.trials.fingerprint import state
from tests.trials.workbooks import edited_export, preview_for


@pytest.fixture(scope="module")
def workbook(sqlite_templates, tmp_path_factory):
    from tests.conftest import _with_demo

    demo = sqlite_templates("demo", _with_demo)
    return edited_export(demo, tmp_path_factory.mktemp("undo-trial") / "round.xlsx", changed=40, new=5, seed=7)


def _import(ledger, workbook):
    result = apply_import(ledger, preview_for(ledger, [workbook]), backup=False)
    assert result.applied and result.created and result.updated
    return result.batch_id


def _touched(ledger, batch_id) -> dict[str, set[int]]:
    from sqlalchemy import select

    from db.models import Change

    t = Change.__table__
    with ledger.read() as conn:
        rows = conn.execute(select(t.c.record_type, t.c.record_id).where(t.c.batch_id == batch_id)).all()
    out: dict[str, set[int]] = {}
    for rt, rid in rows:
        out.setdefault(rt, set()).add(rid)
    return out


def _seeds(request) -> list[int]:
    return list(range(budget.count(request.config, 2, 20)))


def test_undo_of_an_import_after_unrelated_edits_restores_the_state_before(demo_ledger, workbook, request):
    ledger = demo_ledger
    before = ledger_values(ledger)
    for seed in _seeds(request):
        rng = random.Random(seed)
        batch = _import(ledger, workbook)
        touched = _touched(ledger, batch)
        later: dict[str, str] = {}
        with ledger.operation("edit", "unrelated later edits") as op:
            with ledger.read() as conn:
                from db.ledger import load_values

                systems = load_values(conn, "system")
            free = sorted(i for i in systems if i not in touched.get("system", set()))
            for sid in rng.sample(free, 5):
                note = f"後日の編集 {seed}-{sid}"
                op.update("system", sid, {"notes": note}, None)
                later[systems[sid]["system_code"]] = note
        undo_batch(ledger, batch)
        after = ledger_values(ledger)
        for code, note in later.items():
            assert after["system"][code]["notes"] == note  # the later edits stay
            after["system"][code]["notes"] = before["system"][code]["notes"]
        assert after == before, f"seed {seed}"
        # put the later edits back so that the next round starts from the same state
        with ledger.operation("edit", "reset") as op:
            for code in later:
                op.update("system", op.id_of("system", code), {"notes": before["system"][code]["notes"]}, None)


def test_undo_refused_when_a_later_edit_touched_an_imported_record(demo_ledger, workbook, request):
    ledger = demo_ledger
    batch = _import(ledger, workbook)
    touched = sorted(_touched(ledger, batch)["system"])
    for seed in _seeds(request):
        rng = random.Random(seed)
        sid = rng.choice(touched)
        with ledger.operation("edit", "later edit of an imported record") as op:
            code = op.values("system", sid)["system_code"]
            op.update("system", sid, {"notes": f"後の編集 {seed}"}, None)
        held = state(str(ledger.engine.url.render_as_string(hide_password=False)))
        with pytest.raises(UndoRefused) as refused:
            undo_batch(ledger, batch)
        assert code in refused.value.conflicts and code in str(refused.value)
        assert state(ledger.engine.url.render_as_string(hide_password=False)) == held  # nothing changed
