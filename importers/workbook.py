"""Opening a spreadsheet someone sent: checks first, then rows of cell values.

Reading is done by python-calamine (Rust): on a 100,000-row server list it is ~30x faster than
openpyxl and pandas (bench/bench_import.py). Calamine trusts the file, so everything that can
hurt is checked before it is handed over, by looking at the zip and streaming each sheet's XML
once (memory stays flat whatever the size):

* not a workbook at all: empty file, old .xls, an encrypted (password) workbook, a CSV or
  anything else renamed to .xlsx;
* zip bombs: parts whose declared size or compression ratio is absurd, or which inflate
  beyond what they declare;
* XML entity bombs: any DTD or entity declaration is refused (defusedxml for the workbook
  part, a prolog scan for the sheets, which never carry a DTD legitimately);
* formulas never calculated (written by a program, never opened in Excel): their cells have
  no value, and reading them as empty would silently lose answers;
* too many rows: counted in the stream, refused before anything is loaded. A sheet's
  <dimension> is never trusted (calamine reads the cells themselves).

Problems raise ``FileRefused`` with a message for the user; nothing is half-read.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from assetdesk.i18n import _

#: A sheet with more data rows than this is refused (split it): the import keeps every row of
#: a sheet in memory for validation, so this bounds memory.
MAX_ROWS = 200_000
#: Largest uncompressed part, and all parts together.
MAX_PART_BYTES = 1 << 30
MAX_TOTAL_BYTES = 2 << 30
#: Cells of one sheet (each costs calamine ~30 bytes plus a Python object).
MAX_CELLS = 10_000_000
#: Sheet XML compresses 5-50x; a zip bomb ~1000x (deflate's limit). Checked on parts > 1 MiB.
MAX_RATIO = 500
#: The very hidden sheet in which AssetDesk marks its own workbooks (kind, version, round...).
MARK_SHEET = "_assetdesk"
#: Sheets named like this are AssetDesk's helpers (code lists, marks), never data.
HELPER_PREFIX = "_"

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
_CHUNK = 1 << 20
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_ROW = re.compile(rb"<(?:\w+:)?row[\s>]")
# A formula element followed by an empty value element (<v/>, as openpyxl writes) or by the
# end of its cell. (<v></v> is not counted: Excel writes it for a formula whose result is "".)
_UNCALCULATED = re.compile(
    rb"<(?:\w+:)?f\b[^>]*?(?:/>|>[^<]*</(?:\w+:)?f>)\s*(?:<(?:\w+:)?v\s*/>|</(?:\w+:)?c>)")
_TAIL = 512  # bytes carried between chunks so that no pattern is cut in two


class FileRefused(Exception):
    """The file cannot be imported; ``str()`` is the reason for the user."""

    def __init__(self, path: str | Path, reason: str):
        self.path, self.reason = Path(path), reason
        super().__init__(reason)


@dataclass
class Sheet:
    """One sheet: its name and rows of cell values (row 1 of the sheet is ``rows[0]``)."""

    name: str
    rows: list[list[object]]
    #: 1-based number of the sheet row that ``rows[0]`` is (calamine skips leading blanks).
    first_row: int = 1


@dataclass
class TableFile:
    path: Path
    kind: str  # 'xlsx' or 'csv'
    sheets: list[Sheet]
    #: What AssetDesk wrote in MARK_SHEET (empty for other people's workbooks).
    mark: dict[str, str] = field(default_factory=dict)
    encoding: str = ""
    #: Sheets not read (hidden ones), for the report.
    skipped_sheets: list[str] = field(default_factory=list)


def read_table_file(path: str | Path, *, max_rows: int = MAX_ROWS) -> TableFile:
    """Check and read a .xlsx/.xlsm or .csv file; ``FileRefused`` says why one cannot be read."""
    path = Path(path)
    if not path.is_file():
        raise FileRefused(path, _("ファイルが見つかりません。"))
    size = path.stat().st_size
    if size == 0:
        raise FileRefused(path, _("空のファイルです。"))
    with path.open("rb") as f:
        head = f.read(8)
    suffix = path.suffix.lower()
    if head.startswith(OLE_MAGIC):
        raise FileRefused(path, _ole_reason(path))
    if head.startswith(ZIP_MAGIC):
        return _read_xlsx(path, max_rows)
    if suffix in (".xlsx", ".xlsm", ".xls"):
        raise FileRefused(path, _("Excel ブックではありません(拡張子は {suffix} ですが中身はテキストなど別の形式です)。"
                                  "CSV なら拡張子を .csv にしてください。").format(suffix=suffix))
    if suffix in (".csv", ".txt", ".tsv"):
        return _read_csv(path, max_rows)
    raise FileRefused(path, _("対応していない形式です(.xlsx または .csv を指定してください)。"))


def _ole_reason(path: Path) -> str:
    # Both the old .xls and an encrypted .xlsx are OLE compound files; the latter holds an
    # "EncryptionInfo" stream whose name is stored in UTF-16 in the directory.
    with path.open("rb") as f:
        data = f.read(4 << 20)
    if "EncryptionInfo".encode("utf-16-le") in data or "EncryptedPackage".encode("utf-16-le") in data:
        return _("パスワードで保護(暗号化)されたブックは読めません。パスワードを解除して保存し直してください。")
    return _("古い Excel 形式(.xls)には対応していません。Excel で「.xlsx」形式で保存し直してください。")


# --- xlsx ----------------------------------------------------------------------------------------


def _read_xlsx(path: Path, max_rows: int) -> TableFile:
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as e:
        raise FileRefused(path, _("壊れたファイルです(zip として読めません: {error})。").format(error=e)) from None
    with zf:
        names = set(zf.namelist())
        if "xl/workbook.xml" not in names:
            raise FileRefused(path, _("Excel ブック(.xlsx)ではありません。"))
        _check_sizes(path, zf)
        _check_workbook_xml(path, zf)
        parts = _sheet_parts(path, zf)
        for info in zf.infolist():
            if info.filename.endswith((".xml", ".rels")):
                _scan_part(path, zf, info, parts.get(info.filename), max_rows)
    return _load_with_calamine(path)


def _check_sizes(path: Path, zf: zipfile.ZipFile) -> None:
    total = 0
    for info in zf.infolist():
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > MAX_PART_BYTES or total > MAX_TOTAL_BYTES or (
                info.file_size > (1 << 20) and ratio > MAX_RATIO):
            raise FileRefused(path, _("展開すると異常に大きくなるファイルです(zip 爆弾の疑い)。読み込みを中止しました。"))


def _check_workbook_xml(path: Path, zf: zipfile.ZipFile) -> None:
    import defusedxml.ElementTree as DET
    from defusedxml import DefusedXmlException

    for name in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml"):
        if name not in zf.namelist():
            continue
        try:
            DET.fromstring(zf.read(name))
        except DefusedXmlException:
            raise FileRefused(path, _("危険な XML(実体宣言)を含むファイルです。読み込みを中止しました。")) from None
        except Exception as e:  # malformed XML
            raise FileRefused(path, _("壊れたファイルです({part}: {error})。").format(part=name, error=e)) from None


def _sheet_parts(path: Path, zf: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part name -> sheet name (for messages)."""
    import defusedxml.ElementTree as DET

    ns_main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    ns_rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    try:
        wb = DET.fromstring(zf.read("xl/workbook.xml"))
        rels = DET.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    except Exception:
        return {}
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    out: dict[str, str] = {}
    for sheet in wb.iter(f"{ns_main}sheet"):
        target = targets.get(sheet.get(f"{ns_rel}id"), "")
        part = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
        out[part] = sheet.get("name", "")
    return out


def _scan_part(path: Path, zf: zipfile.ZipFile, info: zipfile.ZipInfo, sheet: str | None, max_rows: int) -> None:
    """Stream one XML part: no DTD; for a sheet, count rows and uncalculated formulas."""
    seen = rows = cells = uncalculated = 0
    tail = b""
    try:
        with zf.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                if seen == 0 and _DTD.search(chunk[:4096]):
                    raise FileRefused(path, _("危険な XML(実体宣言)を含むファイルです。読み込みを中止しました。"))
                seen += len(chunk)
                if seen > max(info.file_size, 1) or seen > MAX_PART_BYTES:
                    raise FileRefused(path, _("展開すると異常に大きくなるファイルです(zip 爆弾の疑い)。読み込みを中止しました。"))
                if sheet is None:
                    continue
                buf = tail + chunk
                cut = len(tail)
                # bytes.count and `in` are memchr-fast; the regexes run only where needed.
                rows += _count_rows(buf) - _count_rows(tail)
                cells += buf.count(b"<c ") - tail.count(b"<c ")
                if b"<f" in buf or b":f" in buf:
                    uncalculated += sum(1 for m in _UNCALCULATED.finditer(buf) if m.end() > cut)
                if rows > max_rows + 1 or cells > MAX_CELLS:  # + the header row
                    raise FileRefused(path, _("シート「{sheet}」の行数が多すぎます({limit:,} 行まで)。ファイルを分けてください。").format(
                        sheet=sheet, limit=max_rows))
                tail = buf[-_TAIL:]
    except (zipfile.BadZipFile, OSError, EOFError) as e:
        raise FileRefused(path, _("壊れたファイルです({part}: {error})。").format(part=info.filename, error=e)) from None
    except Exception as e:  # zlib.error and friends
        if isinstance(e, FileRefused):
            raise
        raise FileRefused(path, _("壊れたファイルです({part}: {error})。").format(part=info.filename, error=e)) from None
    if uncalculated:
        raise FileRefused(path, _("シート「{sheet}」に計算されていない数式が {count} 個あります。"
                                  "Excel で開いて保存し直してから取り込んでください。").format(sheet=sheet, count=uncalculated))


def _count_rows(data: bytes) -> int:
    n = data.count(b"<row ") + data.count(b"<row>")
    if b":row" in data:  # a namespace prefix (<x:row>), as some generators write
        n += sum(1 for m in _ROW.finditer(data) if data[m.start() + 1:m.start() + 4] != b"row")
    return n


def _load_with_calamine(path: Path) -> TableFile:
    import python_calamine as pc

    try:
        wb = pc.CalamineWorkbook.from_path(str(path))
    except pc.PasswordError:
        raise FileRefused(path, _("パスワードで保護(暗号化)されたブックは読めません。パスワードを解除して保存し直してください。")) from None
    except Exception as e:
        raise FileRefused(path, _("Excel ブックとして読めません: {error}").format(error=e)) from None
    sheets: list[Sheet] = []
    skipped: list[str] = []
    mark: dict[str, str] = {}
    try:
        for meta in wb.sheets_metadata:
            if meta.typ != pc.SheetTypeEnum.WorkSheet:
                continue
            if meta.name == MARK_SHEET:
                mark = _read_mark(wb.get_sheet_by_name(meta.name))
                continue
            if meta.name.startswith(HELPER_PREFIX):
                continue
            if meta.visible != pc.SheetVisibleEnum.Visible:
                skipped.append(meta.name)
                continue
            sheets.append(_sheet(wb.get_sheet_by_name(meta.name)))
    except Exception as e:
        raise FileRefused(path, _("Excel ブックとして読めません: {error}").format(error=e)) from None
    finally:
        wb.close()
    return TableFile(path, "xlsx", sheets, mark, skipped_sheets=skipped)


def _sheet(cs) -> Sheet:
    start = cs.start or (0, 0)
    pad = [None] * start[1]
    rows = [pad + [None if v == "" else v for v in row] for row in cs.iter_rows()]
    return Sheet(cs.name, rows, first_row=start[0] + 1)


def _read_mark(cs) -> dict[str, str]:
    out: dict[str, str] = {}
    for row in cs.iter_rows():
        if len(row) >= 2 and row[0] not in ("", None):
            out[str(row[0])] = "" if row[1] is None else (
                str(int(row[1])) if isinstance(row[1], float) and row[1].is_integer() else str(row[1]))
    return out


# --- csv -----------------------------------------------------------------------------------------


def _read_csv(path: Path, max_rows: int) -> TableFile:
    from importers.csv_reader import CsvProblem, read_csv

    try:
        encoding, rows = read_csv(path)
        data: list[list[object]] = []
        for row in rows:
            if len(data) > max_rows:
                raise FileRefused(path, _("行数が多すぎます({limit:,} 行まで)。ファイルを分けてください。").format(limit=max_rows))
            data.append([c if c.strip() else None for c in row])
    except CsvProblem as e:
        raise FileRefused(path, str(e)) from None
    return TableFile(path, "csv", [Sheet(path.stem, data)], encoding=encoding)


def iter_data_rows(sheet: Sheet, header_row: int) -> Iterator[tuple[int, list[object]]]:
    """(sheet row number, cells) for the rows below ``header_row`` (a sheet row number)."""
    for i, row in enumerate(sheet.rows):
        number = sheet.first_row + i
        if number > header_row and any(v is not None for v in row):
            yield number, row
