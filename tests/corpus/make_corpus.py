"""Small bad files for the importer's refusal tests, made on the fly (no binaries in git).

``python -m tests.corpus.make_corpus OUTDIR`` writes them to a folder; tests call ``make_all``.
Each file is a few kilobytes; the bombs declare or expand to huge sizes without being huge.
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path


def _good(path: Path, rows: list[list[object]] | None = None) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "サーバ"
    ws.append(["サーバ管理番号", "ホスト名", "種別", "ネットワーク区分", "移行状況"])
    for r in rows or [["SRV-90001", "corpus-01", "物理", "LGWAN系", "未移行"]]:
        ws.append(r)
    wb.save(path)
    return path


def _rewrite(src: Path, dst: Path, part: str, change) -> Path:
    with zipfile.ZipFile(src) as zi, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zo:
        for info in zi.infolist():
            data = zi.read(info.filename)
            if info.filename == part:
                data = change(data)
            zo.writestr(info.filename, data)
    return dst


def make_all(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out: dict[str, Path] = {}
    good = _good(folder / "good.xlsx")
    out["good"] = good
    out["empty"] = folder / "empty.xlsx"
    out["empty"].write_bytes(b"")
    # An old .xls and an encrypted .xlsx are both OLE compound files; the latter names an
    # EncryptionInfo stream in its directory (UTF-16).
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    out["xls"] = folder / "old.xls"
    out["xls"].write_bytes(ole + "Workbook".encode("utf-16-le") + b"\x00" * 1024)
    out["encrypted"] = folder / "encrypted.xlsx"
    out["encrypted"].write_bytes(ole + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 64
                                 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 1024)
    out["csv_as_xlsx"] = folder / "renamed.xlsx"
    out["csv_as_xlsx"].write_text("サーバ管理番号,ホスト名\nSRV-1,a\n", encoding="utf-8")
    # Zip bomb: one part of 50 MB of zeros compresses to ~50 KB (ratio ~1000).
    out["zip_bomb"] = folder / "bomb.xlsx"
    with zipfile.ZipFile(good) as zi, zipfile.ZipFile(out["zip_bomb"], "w", zipfile.ZIP_DEFLATED) as zo:
        for info in zi.infolist():
            zo.writestr(info.filename, zi.read(info.filename))
        with zo.open("xl/media/padding.bin", "w", force_zip64=True) as big:
            block = b"\x00" * (1 << 20)
            for _ in range(50):
                big.write(block)
    # XML entity bomb (billion laughs) in the workbook part.
    lol = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
           b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
           b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>')
    out["entity_bomb"] = _rewrite(good, folder / "entities.xlsx", "xl/workbook.xml",
                                  lambda d: lol + d.split(b"?>", 1)[1] if d.startswith(b"<?xml") else lol + d)
    out["entity_sheet"] = _rewrite(good, folder / "entities_sheet.xlsx", "xl/worksheets/sheet1.xml",
                                   lambda d: lol + d.split(b"?>", 1)[1] if d.startswith(b"<?xml") else lol + d)
    # A sheet whose <dimension> claims one cell while it holds three rows (and one claiming
    # the whole sheet): the cells are what counts.
    three = [["SRV-90001", "corpus-01", "物理", "LGWAN系", "未移行"],
             ["SRV-90002", "corpus-02", "物理", "LGWAN系", "未移行"],
             ["SRV-90003", "corpus-03", "物理", "LGWAN系", "未移行"]]
    base = _good(folder / "three.xlsx", three)
    import re

    out["dimension_small"] = _rewrite(base, folder / "dimension_small.xlsx", "xl/worksheets/sheet1.xml",
                                      lambda d: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1"', d))
    out["dimension_huge"] = _rewrite(base, folder / "dimension_huge.xlsx", "xl/worksheets/sheet1.xml",
                                     lambda d: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', d))
    # Formulas written by a program and never calculated: no cached values.
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "サーバ"
    ws.append(["サーバ管理番号", "ホスト名", "CPUコア数"])
    ws.append(["SRV-90001", "corpus-01", "=2*4"])
    wb.save(folder / "formulas.xlsx")
    out["formulas"] = folder / "formulas.xlsx"
    out["not_a_zip_zip"] = folder / "truncated.xlsx"
    out["not_a_zip_zip"].write_bytes(good.read_bytes()[:200])
    return out


def many_rows(path: Path, rows: int) -> Path:
    """A server list of ``rows`` rows, written in streaming mode."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("サーバ")
    ws.append(["サーバ管理番号", "ホスト名"])
    for i in range(rows):
        ws.append([f"SRV-{i:07d}", f"h{i}"])
    wb.save(path)
    return path


if __name__ == "__main__":
    for name, p in make_all(Path(sys.argv[1])).items():
        print(name, p)


def million_rows(path: Path, rows: int = 1_000_000) -> Path:
    """A real xlsx of ``rows`` rows, its sheet XML streamed straight into the zip (seconds, not
    the minutes openpyxl would take); the <dimension> claims a single cell."""
    src = _good(path.with_name("million_base.xlsx"))
    with zipfile.ZipFile(src) as zi, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zo:
        for info in zi.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                zo.writestr(info.filename, zi.read(info.filename))
        with zo.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as out:
            out.write(b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                      b'spreadsheetml/2006/main"><dimension ref="A1"/><sheetData>')
            batch = []
            for r in range(1, rows + 1):
                batch.append(b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>SRV-%07d</t></is></c>'
                             b'<c r="B%d"><v>%d</v></c></row>' % (r, r, r, r, r))
                if len(batch) == 10_000:
                    out.write(b"".join(batch))
                    batch = []
            out.write(b"".join(batch) + b"</sheetData></worksheet>")
    return path
