"""The demo prefecture through the survey and the export: what goes out comes back unchanged."""

from __future__ import annotations

from importers.apply import apply_import, preview_import
from importers.export import export_ledger
from importers.survey_template import make_survey, section_data


def test_demo_survey_comes_back_unchanged(sqlite_demo_ledger, tmp_path):
    ledger = sqlite_demo_ledger
    busy = [s.code for s in section_data(ledger) if s.servers and s.dependencies][:6]
    paths = make_survey(ledger, tmp_path / "survey", 2026, sections=busy)
    preview = preview_import(ledger, paths)
    assert preview.errors == [] and preview.changes == []
    assert preview.unchanged == sum(len(f.rows()) for f in preview.files) > 0
    assert apply_import(ledger, preview).applied is False


def test_demo_export_comes_back_unchanged(sqlite_demo_ledger, tmp_path):
    ledger = sqlite_demo_ledger
    preview = preview_import(ledger, [export_ledger(ledger, tmp_path / "all.xlsx")])
    assert preview.errors == [] and preview.changes == []
    assert preview.unchanged > 1000
