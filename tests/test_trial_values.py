"""Issue 10 (value reader, the importer's side): nasty cells anywhere in a workbook never make the
import raise or hang; each unreadable cell is one error located at its file, sheet, row and column.

``tests/test_values.py`` already fuzzes ``read_value`` itself (only ``ValueProblem``, round
trips); this adds what only a whole import shows: where the error is reported, and that the
rest of the row and the file are still read. A SIGALRM watchdog turns a hang into a failure.
"""

from __future__ import annotations

import shutil
import signal
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from db.ledger import Ledger
from importers.export import export_ledger
from importers.survey_import import parse_files
from tests.factories import small_ledger
from tests.test_values import RAW_VALUES
from tests.trials import budget

WATCHDOG_S = 60  # far beyond any parse of this workbook (about a second): only a hang trips it


@contextmanager
def watchdog(seconds: int):
    def _hang(*_):
        raise TimeoutError(f"no answer within {seconds} s: the reader hangs")

    old = signal.signal(signal.SIGALRM, _hang)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


@pytest.fixture(scope="module")
def exported(sqlite_templates, tmp_path_factory) -> Path:
    from tests.conftest import _migrated

    folder = tmp_path_factory.mktemp("values-trial")
    shutil.copy(sqlite_templates("empty", _migrated), folder / "l.sqlite")
    ledger = Ledger(str(folder / "l.sqlite"))
    small_ledger(ledger)
    out = export_ledger(ledger, folder / "export.xlsx")
    ledger.dispose()
    return out


CELLS = st.lists(st.tuples(st.sampled_from(["システム", "サーバ", "連携"]), st.integers(2, 4), st.integers(2, 33),
                           RAW_VALUES.filter(lambda v: not isinstance(v, str) or "\x00" not in v)),
                 min_size=1, max_size=8)


def test_nasty_cells_give_located_errors_only(request, exported):
    from openpyxl import load_workbook

    @settings(max_examples=budget.count(request.config, 8, 300), deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
    @given(CELLS)
    def trial(cells):
        wb = load_workbook(exported)
        written = set()
        for sheet, row, col, value in cells:
            ws = wb[sheet]
            if col > ws.max_column or row > ws.max_row:
                continue
            try:
                ws.cell(row, col).value = value
            except Exception:  # a value openpyxl itself cannot store (illegal characters, ...)
                continue
            written.add((sheet, row))
        with tempfile.TemporaryDirectory() as d:
            path = Path(d) / "nasty.xlsx"
            try:
                wb.save(path)
            except (ValueError, TypeError, OverflowError):
                return
            with watchdog(WATCHDOG_S):
                files = parse_files([path])
        problems = [p for f in files for p in f.problems if p.is_error]
        for p in problems:
            assert p.file == "nasty.xlsx" and p.sheet and p.row and p.column and p.reason, p
            assert (p.sheet, p.row) in written, p  # only the cells the trial spoiled
        # every row is still read, spoiled or not
        rows = {(r.sheet, r.row) for f in files for s in f.sheets for r in s.rows}
        assert {(s, r) for s, r in written} <= rows | {(p.sheet, p.row) for p in problems}

    trial()
