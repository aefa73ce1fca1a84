"""Issue 10: export -> import of random ledgers (hypothesis) finds zero changes, in every field."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings

from db.ledger import Ledger, load_values
from importers.diff import TYPES
from importers.export import export_ledger
from tests.trials import budget
from tests.trials.fingerprint import state
from tests.trials.random_ledgers import fill, ledger_content
from tests.trials.workbooks import preview_for


def test_export_then_import_changes_nothing(request, sqlite_templates):
    from tests.conftest import _migrated

    empty = sqlite_templates("empty", _migrated)
    examples = budget.count(request.config, 8, 200)

    @settings(max_examples=examples, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(ledger_content())
    def round_trip(content):
        with tempfile.TemporaryDirectory() as d:
            path = Path(d) / "l.sqlite"
            shutil.copy(empty, path)
            ledger = Ledger(str(path))
            try:
                fill(ledger, content)
                with ledger.read() as conn:
                    held = {rt: load_values(conn, rt) for rt in TYPES}
                before = state(f"sqlite:///{path}")
                out = export_ledger(ledger, Path(d) / "export.xlsx")
                preview = preview_for(ledger, [out])
                assert [p.reason for p in preview.errors] == []
                changed = [(c.record_type, c.code, [(f.field, f.old, f.new) for f in c.fields])
                           for c in preview.changes]
                assert changed == []
                assert preview.unchanged == sum(len(v) for v in held.values())
                assert state(f"sqlite:///{path}") == before
            finally:
                ledger.dispose()

    round_trip()
