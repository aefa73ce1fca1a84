"""Export: the ledger (or a view of it) as .xlsx that imports back unchanged."""

from __future__ import annotations

import zipfile

import pytest
from openpyxl import load_workbook

from db.ledger import Ledger, load_values
from importers.apply import apply_import
from importers.diff import build_preview
from importers.export import export_ledger, export_records
from importers.survey_import import parse_files
from tests.factories import small_ledger
from ui.cli import main


@pytest.fixture
def small(tmp_path):
    ledger = Ledger.open(f"sqlite:///{tmp_path / 'ledger.sqlite'}")
    small_ledger(ledger)
    yield ledger
    ledger.dispose()


def _preview(ledger, paths):
    files = parse_files(paths)
    with ledger.read() as conn:
        return build_preview(conn, files)


def test_export_imports_back_unchanged(small, tmp_path):
    with small.operation("command", "awkward text") as op:
        sid = op.id_of("system", "SYS-0001")
        op.update("system", sid, {"notes": "=SUM(A1:A9)\n2行目", "purpose": "+81 の番号", "contact": "@担当"}, None)
    out = export_ledger(small, tmp_path / "ledger.xlsx")
    preview = _preview(small, [out])
    assert preview.errors == [] and preview.changes == []
    # 2 departments, 2 sections, 1 host, 3 systems, 3 servers, 2 dependencies
    assert preview.unchanged == 2 + 2 + 1 + 3 + 3 + 2
    titles = load_workbook(out).sheetnames
    sheet = zipfile.ZipFile(out).read(f"xl/worksheets/sheet{titles.index('システム') + 1}.xml")
    assert b"<f>" not in sheet  # formula-like text is stored as text
    ws = load_workbook(out)["システム"]
    assert ws.cell(2, [c.value for c in ws[1]].index("備考") + 1).data_type == "s"


def test_export_round_trip_into_another_ledger(small, tmp_path):
    out = export_ledger(small, tmp_path / "ledger.xlsx")
    other = Ledger.open(f"sqlite:///{tmp_path / 'other.sqlite'}")
    with other.operation("command", "organisation") as op:
        with small.read() as conn:
            for rt in ("department", "section", "host"):
                op.create_many(rt, [{k: v for k, v in r.items() if k != "version"} for r in load_values(conn, rt).values()])
    result = apply_import(other, _preview(other, [out]))
    assert result.created == 8
    strip = lambda rows: sorted(({k: v for k, v in r.items() if k != "version"} for r in rows.values()), key=str)  # noqa: E731
    with small.read() as a, other.read() as b:
        for rt in ("system", "server", "dependency"):
            assert strip(load_values(a, rt)) == strip(load_values(b, rt))
    assert _preview(other, [out]).changes == []
    other.dispose()


def test_export_of_a_view_and_the_command(small, tmp_path):
    with small.read() as conn:
        servers = sorted(load_values(conn, "server").items())[:2]
    out = export_records(tmp_path / "view.xlsx", {"server": servers}, fields={"server": ["server_code", "hostname", "memory_gb"]})
    ws = load_workbook(out)["サーバ"]
    assert [c.value for c in ws[1]] == ["_key", "サーバ管理番号", "ホスト名", "メモリ(GB)"]
    assert _preview(small, [out]).changes == []
    db = str(small.url).removeprefix("sqlite:///")
    assert main(["--db", db, "export", str(tmp_path / "s.xlsx"), "--what", "servers"]) == 0
    assert load_workbook(tmp_path / "s.xlsx").sheetnames[0] == "サーバ"
