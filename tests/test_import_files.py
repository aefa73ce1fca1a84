"""Other people's files: bad files refused clearly, CSV encodings, header mapping, the command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from db import models as M
from db.ledger import Ledger, load_values
from importers.csv_reader import read_csv
from importers.mapping import match_columns, normalise_header, parse_pins, save_mapping, saved_mappings
from importers.workbook import FileRefused, read_table_file
from tests.corpus.make_corpus import make_all, many_rows
from tests.factories import small_ledger
from ui.cli import main


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict[str, Path]:
    return make_all(tmp_path_factory.mktemp("corpus"))


@pytest.fixture
def small(tmp_path):
    ledger = Ledger.open(f"sqlite:///{tmp_path / 'ledger.sqlite'}")
    small_ledger(ledger)
    yield ledger, str(tmp_path / "ledger.sqlite")
    ledger.dispose()


@pytest.mark.parametrize("case, words", [
    ("empty", "空"), ("xls", ".xls"), ("encrypted", "パスワード"), ("csv_as_xlsx", "CSV"),
    ("zip_bomb", "zip 爆弾"), ("entity_bomb", "実体宣言"), ("entity_sheet", "実体宣言"),
    ("formulas", "計算されていない数式"), ("not_a_zip_zip", "壊れた"),
])
def test_bad_files_are_refused_with_a_clear_message(corpus, case, words):
    with pytest.raises(FileRefused) as e:
        read_table_file(corpus[case])
    assert words in e.value.reason


def test_a_lying_dimension_does_not_hide_or_invent_rows(corpus):
    for case in ("dimension_small", "dimension_huge"):
        [sheet] = read_table_file(corpus[case]).sheets
        assert [r[0] for r in sheet.rows] == ["サーバ管理番号", "SRV-90001", "SRV-90002", "SRV-90003"]


def test_too_many_rows_are_counted_in_the_stream_and_refused(tmp_path):
    path = many_rows(tmp_path / "many.xlsx", 2_000)
    assert len(read_table_file(path).sheets[0].rows) == 2_001
    with pytest.raises(FileRefused, match="行数が多すぎます"):
        read_table_file(path, max_rows=1_000)


def test_bad_files_change_nothing_through_the_command(corpus, small):
    ledger, db = small
    with ledger.read() as conn:
        batches = conn.execute(select(func.count()).select_from(M.ChangeBatch.__table__)).scalar()
    for case in ("xls", "zip_bomb", "formulas", "csv_as_xlsx"):
        assert main(["--db", db, "import", str(corpus[case]), "--json"]) == 1
    with ledger.read() as conn:
        assert conn.execute(select(func.count()).select_from(M.ChangeBatch.__table__)).scalar() == batches


def test_shift_jis_and_utf8_csv(tmp_path):
    text = "ホスト名,メモリ,ネットワーク\n髙橋-srv①,１６ＧＢ,ＬＧＷＡＮ系\n"
    for encoding, expected in (("cp932", "cp932"), ("utf-8-sig", "utf-8-sig"), ("utf-8", "utf-8")):
        path = tmp_path / f"{encoding}.csv"
        path.write_bytes(text.encode(encoding))
        found, rows = read_csv(path)
        assert found == expected
        assert list(rows)[1] == ["髙橋-srv①", "１６ＧＢ", "ＬＧＷＡＮ系"]


def test_mapping_suggestions():
    headers = ["No.", "サーバー名", "ＣＰＵ", "メモリ容量（GB）", "OS", "設置場所 ※建物名", "ネットワーク区分",
               "CPU使用率(平均)", "CPU使用率(ピーク)", "購入日", "謎の列"]
    got = {c.header: c.field for c in match_columns(headers, "server")}
    assert got["サーバー名"] == "hostname"
    assert got["ＣＰＵ"] == "cpu_cores"
    assert got["メモリ容量（GB）"] == "memory_gb"
    assert got["設置場所 ※建物名"] == "location"
    assert got["CPU使用率(平均)"] == "cpu_avg_pct" and got["CPU使用率(ピーク)"] == "cpu_peak_pct"
    assert got["購入日"] == "purchased"
    assert got["謎の列"] is None and got["No."] is None
    close = {c.header: (c.field, c.how) for c in match_columns(["ホスト各"], "server")}
    assert close["ホスト各"] == ("hostname", "close")
    assert normalise_header("1. システム名称（必須）") == normalise_header("システム名称")


def test_pinned_and_saved_mappings(small):
    ledger, _db = small
    pins = parse_pins(["謎の列=server.memory_gb", "No.="])
    cols = {c.header: (c.field, c.how) for c in match_columns(["謎の列", "No."], "server", pinned=pins[""] | pins["server"])}
    assert cols == {"謎の列": ("memory_gb", "pinned"), "No.": (None, "ignored")}
    with pytest.raises(ValueError):
        parse_pins(["x=server.no_such_field"])
    with ledger.engine.begin() as conn:
        save_mapping(conn, "他課の一覧:server", "server", {"謎の列": "memory_gb"})
    with ledger.read() as conn:
        saved = saved_mappings(conn)
    cols = {c.header: (c.field, c.how) for c in match_columns(["謎の列"], "server", saved=saved["server"])}
    assert cols == {"謎の列": ("memory_gb", "saved")}


def test_other_divisions_csv_through_the_command(small, tmp_path, capsys):
    ledger, db = small
    path = tmp_path / "他課サーバ一覧.csv"
    path.write_bytes(("サーバー名,システム,種別,ネットワーク,メモリ,購入日,謎の列\n"
                      "lg-kenko-01,SYS-0002 SYS-0003,物理,LGWAN系,６４ＧＢ,H26.4.1,x\n"
                      "new-host-9,SYS-0001,仮想,LGWAN系,8GB,2020/1/1,y\n").encode("cp932"))
    assert main(["--db", db, "import", str(path), "--dry-run", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["applied"], report["created"], report["updated"]) == (False, 1, 1)
    assert any(w["value"] == "謎の列" for w in report["warnings"])
    assert report["files"][0]["encoding"] == "cp932"
    assert main(["--db", db, "import", str(path), "--map", "謎の列=notes", "--map", "謎の列=", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["applied"] and report["errors"] == [] and report["warnings"] == []
    with ledger.read() as conn:
        servers = {v["hostname"]: v for v in load_values(conn, "server").values()}
        saved = saved_mappings(conn)
    assert servers["lg-kenko-01"]["memory_gb"] == 64.0 and servers["new-host-9"]["kind"] == "other_vm"
    assert servers["new-host-9"]["server_code"] == "SRV-00004"
    assert saved["server"]["謎の列"] is None
    assert main(["--db", db, "import", str(path), "--json"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert (again["applied"], again["created"], again["updated"], again["unchanged"]) == (False, 0, 0, 2)


def test_import_json_lists_errors_with_place(small, tmp_path, capsys):
    _ledger, db = small
    path = tmp_path / "servers.csv"
    path.write_text("サーバ管理番号,ホスト名,種別,ネットワーク区分,移行状況,導入日\n"
                    "SRV-00001,lg-zaimu-ap01,物理,LGWAN系,未移行,いつか\n", encoding="utf-8")
    assert main(["--db", db, "import", str(path), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["applied"] is False
    [err] = report["errors"]
    assert (err["file"], err["row"], err["column"], err["value"]) == ("servers.csv", 2, "F(導入日)", "いつか")


def test_one_big_multi_sheet_workbook(small, tmp_path):
    from openpyxl import Workbook

    from importers.apply import preview_import

    ledger, _db = small
    wb = Workbook()
    ws = wb.active
    ws.title = "情報システム一覧"
    ws.append(["令和6年度 情報システム台帳(初版)"])
    ws.append([])
    ws.append(["No.", "システムID", "システム名", "所管課", "NW区分", "ステータス", "利用者"])
    ws.append([1, "SYS-0001", "財務会計システム", "S001", "LGWAN", "稼働中", "1,200名"])
    ws.append([2, None, "電子申請", "S002", "インターネット", "運用", 50])
    ws = wb.create_sheet("サーバ機器")
    ws.append(["ホスト名", "システム", "物理/仮想", "ネットワーク", "メモリ"])
    ws.append(["lg-zaimu-ap01", "SYS-0001", "物理", "LGWAN系", "16GB"])
    ws = wb.create_sheet("メモ")
    ws.append(["何か", "別の話"])
    wb.save(tmp_path / "first_ledger.xlsx")
    preview = preview_import(ledger, [tmp_path / "first_ledger.xlsx"])
    [parsed] = preview.files
    types = {s.name: (s.mapping.record_type, s.mapping.header_row) if s.mapping else None for s in parsed.sheets}
    assert types == {"情報システム一覧": ("system", 3), "サーバ機器": ("server", 1), "メモ": None}
    assert preview.errors == []
    changes = {(c.action, c.code): {f.field: f.new for f in c.field_changes()} for c in preview.changes}
    assert changes[("changed", "SYS-0001")] == {"users": 1200}
    assert changes[("new", "SYS-0004")]["name"] == "電子申請"
    warnings = {(p.sheet, p.value) for p in preview.all_problems if not p.is_error}
    assert ("情報システム一覧", "No.") in warnings and ("メモ", None) in warnings


@pytest.mark.slow
def test_a_million_rows_are_refused_in_the_stream_with_flat_memory(tmp_path):
    import resource

    from tests.corpus.make_corpus import million_rows

    path = million_rows(tmp_path / "million.xlsx")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(FileRefused, match="行数が多すぎます"):
        read_table_file(path)
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mb < 64  # the stream holds a chunk, never the sheet
