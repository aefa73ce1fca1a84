"""docs/data-dictionary.md is the fields in code, rendered: it names every field of every record."""

from __future__ import annotations

from pathlib import Path

from assetdesk.dictionary import SECTIONS, render
from assetdesk.fields import RECORD_FIELDS

DOC = Path(__file__).resolve().parent.parent / "docs" / "data-dictionary.md"


def test_the_committed_dictionary_is_current():
    assert DOC.read_text(encoding="utf-8") == render(), "run python tools/data_dictionary.py"


def test_every_record_type_and_field_is_in_it():
    text = render()
    assert {rt for rt, _about in SECTIONS} == set(RECORD_FIELDS)
    for rt, fields in RECORD_FIELDS.items():
        for f in fields:
            assert f"| `{f.name}` | {f.label} |" in text, (rt, f.name)
    assert "推奨データセット" in text and "AED設置箇所一覧 (`aed`)" in text
