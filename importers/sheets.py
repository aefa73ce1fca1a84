"""Writing ledger records as a sheet that AssetDesk reads back (survey templates and exports).

One layout for both: row 1 holds the data dictionary's labels, column A a hidden key
(``system:12:SYS-0012``) that ties a row to its record even when someone edits the code, then
one column per field, values written by ``assetdesk.values.write_value`` so that reading them
gives the same values back. Text that Excel would take for a formula (=, +, -, @) is stored as
text with a quote prefix, never as a formula. Workbook text is Japanese whatever the UI language: the survey goes to
Japanese offices, and the labels are what the importer matches.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from assetdesk import choices as C
from assetdesk.fields import RECORD_FIELDS, Field, Kind
from assetdesk.values import write_value
from db.records import record_code
from importers.mapping import KEY_HEADER, column_letter

#: Sheet titles per record type (Japanese, as the survey is Japanese; read back by headers).
SHEET_TITLES = {"department": "部局", "section": "所属", "system": "システム", "server": "サーバ", "dependency": "連携",
                "host": "ホスト", "dataset": "データ"}
#: Fields the survey does not ask (kept by AssetDesk or the planner).
NOT_SURVEYED = {"system": ("consolidated_into",), "server": ("host", "planned_wave"), "dependency": (),
                "department": (), "section": (), "host": (), "dataset": ()}
LISTS_SHEET = "_lists"
#: Rows below the data that stay unlocked and validated, for new records.
SPARE_ROWS = 300
FORMULA_STARTS = ("=", "+", "-", "@")

HEADER_FILL = "DDEBF7"
REQUIRED_FILL = "FCE4D6"
READONLY_FILL = "EDEDED"


def sheet_fields(record_type: str, *, survey: bool) -> tuple[Field, ...]:
    skip = NOT_SURVEYED[record_type] if survey else ()
    return tuple(f for f in RECORD_FIELDS[record_type] if f.name not in skip)


def row_key(record_type: str, record_id: int, values: Mapping[str, Any]) -> str:
    return f"{record_type}:{record_id}:{record_code(record_type, dict(values))}"


def parse_key(text: object) -> tuple[str, int, str] | None:
    """(record type, id, code) of a key cell, or None when it is not one."""
    if not isinstance(text, str):
        return None
    rt, _sep, rest = text.partition(":")
    rid, _sep, code = rest.partition(":")
    if rt not in SHEET_TITLES or not rid.isdigit():
        return None
    return rt, int(rid), code


def put(cell, value: object) -> None:
    """Set a cell; text that would start a formula stays text."""
    cell.value = value
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
        cell.quotePrefix = True


def write_lists_sheet(wb) -> dict[str, str]:
    """A hidden sheet with one column of labels per code list; ChoiceSet name -> range."""
    ws = wb.create_sheet(LISTS_SHEET)
    ws.sheet_state = "hidden"
    ranges: dict[str, str] = {}
    sets = [C.YES_NO, *{f.choices.name: f.choices for fs in RECORD_FIELDS.values() for f in fs
                        if f.choices is not None}.values()]
    for col, cs in enumerate(sets):
        letter = column_letter(col)
        ws.cell(1, col + 1, cs.name)
        labels = ["有", "無"] if cs is C.YES_NO else [c.label for c in cs]
        for i, label in enumerate(labels):
            ws.cell(i + 2, col + 1, label)
        ranges[cs.name] = f"{LISTS_SHEET}!${letter}$2:${letter}${len(labels) + 1}"
    return ranges


def write_record_sheet(wb, record_type: str, rows: Iterable[tuple[int | None, Mapping[str, Any]]], *,
                       fields: Sequence[Field], lists: Mapping[str, str] | None = None,
                       protect: bool = False, title: str | None = None) -> Any:
    """A sheet of records: headers, hidden keys, values; drop-downs and hints when ``lists``."""
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    ws = wb.create_sheet(title or SHEET_TITLES[record_type])
    header_font = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="center")
    put(ws.cell(1, 1), KEY_HEADER)
    ws.column_dimensions["A"].hidden = True
    for j, f in enumerate(fields, start=2):
        c = ws.cell(1, j, f.label)
        c.font, c.alignment = header_font, wrap
        fill = REQUIRED_FILL if f.required else HEADER_FILL
        c.fill = PatternFill("solid", start_color=fill, end_color=fill)
        width = 14 if f.kind in (Kind.TEXT, Kind.CODES) else 11
        ws.column_dimensions[column_letter(j - 1)].width = max(width, min(30, 2 * len(f.label)))
    unlocked = Protection(locked=False)
    n = 1
    for record_id, values in rows:
        n += 1
        if record_id is not None:
            put(ws.cell(n, 1), row_key(record_type, record_id, values))
        for j, f in enumerate(fields, start=2):
            value = write_value(values.get(f.name), f)
            cell = ws.cell(n, j)
            put(cell, value)
            if f.kind is Kind.DATE and value is not None:
                cell.number_format = "yyyy/mm/dd"
            if f.kind is Kind.CODES or f.name in ("purpose", "notes", "description"):
                cell.alignment = wrap
            if protect:
                cell.protection = unlocked
    ws.row_dimensions[1].height = 36
    ws.freeze_panes = "D2" if record_type in ("system", "server", "dataset") else "B2"
    last = n + SPARE_ROWS if protect else max(n, 2)
    if lists is not None:
        _validations(ws, fields, lists, last, DataValidation)
    if protect:
        # Empty cells take their column's style: unlocked columns leave the rows below the
        # data open for new records without writing thousands of styled empty cells.
        for j in range(2, len(fields) + 2):
            ws.column_dimensions[column_letter(j - 1)].protection = unlocked
        p = ws.protection
        p.sheet = True
        # Allowed: widening columns, filtering and sorting (OOXML: False = not protected).
        p.formatColumns = p.formatRows = p.autoFilter = p.sort = False
    ws.auto_filter.ref = f"B1:{column_letter(len(fields))}{max(n, 2)}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    ws.oddFooter.center.text = "&P / &N"
    return ws


def _validations(ws, fields: Sequence[Field], lists: Mapping[str, str], last: int, DataValidation) -> None:
    for j, f in enumerate(fields, start=2):
        letter = column_letter(j - 1)
        hint = _hint(f)
        if f.kind is Kind.CHOICE and f.choices is not None:
            dv = DataValidation(type="list", formula1=f"={lists[f.choices.name]}", allow_blank=True)
        elif f.kind is Kind.BOOL:
            dv = DataValidation(type="list", formula1=f"={lists[C.YES_NO.name]}", allow_blank=True)
        else:
            dv = DataValidation(allow_blank=True)
        # A warning, not a stop: people paste other spellings, which the importer reads.
        dv.errorStyle = "warning"
        dv.showErrorMessage = dv.type == "list"
        dv.error = "一覧にない値です。一覧から選んでください。"
        dv.promptTitle = f.label[:32]
        dv.prompt = hint[:255]
        dv.showInputMessage = bool(hint)
        dv.add(f"{letter}2:{letter}{last}")
        ws.add_data_validation(dv)


def _hint(f: Field) -> str:
    parts: list[str] = []
    if f.required:
        parts.append("必須")
    if f.hint:
        parts.append(f.hint)
    if f.kind is Kind.DATE:
        parts.append("日付(例: 2024/4/1、令和6年4月1日)")
    elif f.kind is Kind.FY:
        parts.append("年度(例: 2027、令和9年度)")
    elif f.kind in (Kind.INT, Kind.FLOAT) and f.unit:
        parts.append(f"単位: {f.unit}")
    elif f.kind is Kind.BOOL:
        parts.append("有 または 無")
    elif f.kind is Kind.CHOICE:
        parts.append("一覧から選択")
    return "。".join(parts)
