"""Reading files into rows of ledger values: survey workbooks, exports and other spreadsheets.

Each sheet is recognised (AssetDesk's own workbooks say what each sheet holds; any other sheet
is matched by its headers, see ``importers.mapping``), and every cell of a mapped column is read
by ``assetdesk.values.read_value``, which understands how people write (full-width digits,
units, wareki dates, ○/×, stray spaces). A cell that cannot be read becomes a ``Problem`` with
its file, sheet, row, column, value and reason; the rest of the row is still read so that one
pass reports every problem.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from assetdesk.fields import Field, Kind
from assetdesk.i18n import _
from assetdesk.values import ValueProblem, read_value
from importers.mapping import SHEET_TYPES, SheetMapping, fields_of, guess_sheet, match_columns
from importers.sheets import parse_key
from importers.survey_template import TEMPLATE_KIND, check_mark
from importers.workbook import FileRefused, Sheet, TableFile, iter_data_rows, read_table_file


@dataclass
class Problem:
    """Something wrong in a file; errors block applying, warnings are shown."""

    file: str
    sheet: str = ""
    row: int | None = None
    column: str = ""  # letter and header, e.g. "F(ネットワーク区分)"
    value: Any = None
    reason: str = ""
    severity: str = "error"
    section: str | None = None

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def as_json(self) -> dict[str, Any]:
        value = self.value
        if value is not None and not isinstance(value, str | int | float | bool):
            value = str(value)
        return {"file": self.file, "sheet": self.sheet, "row": self.row, "column": self.column,
                "value": value, "reason": self.reason, "severity": self.severity, "section": self.section}


@dataclass
class RowRecord:
    """One data row: the values of its mapped fields, where they came from."""

    file: str
    sheet: str
    row: int
    record_type: str
    values: dict[str, Any]
    columns: dict[str, str]  # field -> "F(ネットワーク区分)" (one dict shared by a sheet's rows)
    cells: list[Any]  # the row as read
    key: tuple[str, int, str] | None = None
    section: str | None = None  # the answering section (survey workbooks)
    bad_fields: set[str] = field(default_factory=set)  # fields whose cell could not be read
    index: dict[str, int] = field(default_factory=dict)  # field -> column (shared)
    #: The department's name, from a 部局 column or a group row above (someone's own ledger).
    department: str | None = None

    def raw(self, field_name: str) -> Any:
        """The cell as it was in the file, for messages."""
        i = self.index.get(field_name)
        return self.cells[i] if i is not None and i < len(self.cells) else None


@dataclass
class ParsedSheet:
    name: str
    mapping: SheetMapping | None
    rows: list[RowRecord] = field(default_factory=list)


@dataclass
class ParsedFile:
    path: Path
    kind: str  # 'survey', 'export', 'sheet' (someone else's list) or 'refused'
    sha256: str = ""
    fiscal_year: int | None = None
    section: str | None = None
    sheets: list[ParsedSheet] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    encoding: str = ""

    @property
    def name(self) -> str:
        return self.path.name

    def rows(self, record_type: str | None = None) -> list[RowRecord]:
        return [r for s in self.sheets for r in s.rows if record_type is None or r.record_type == record_type]

    def sheet_types(self) -> set[str]:
        return {s.mapping.record_type for s in self.sheets if s.mapping}


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def parse_file(path: str | Path, *, pinned: Mapping[str, Mapping[str, str | None]] | None = None,
               saved: Mapping[str, Mapping[str, str | None]] | None = None) -> ParsedFile:
    """Read one file into rows and problems; a file that cannot be read is one problem."""
    path = Path(path)
    try:
        table = read_table_file(path)
    except FileRefused as e:
        return ParsedFile(path, "refused", problems=[Problem(path.name, reason=e.reason)])
    out = ParsedFile(path, "sheet", sha256=file_sha256(path), encoding=table.encoding)
    mark = table.mark
    refusal = check_mark(mark)
    if refusal:
        out.kind = "refused"
        out.problems.append(Problem(path.name, reason=refusal))
        return out
    if mark.get("kind") == TEMPLATE_KIND:
        out.kind = "survey"
        out.section = mark.get("section") or None
        fy = mark.get("fiscal_year", "")
        out.fiscal_year = int(fy) if fy.isdigit() else None
    elif mark:
        out.kind = "export"
    for name in table.skipped_sheets:
        out.problems.append(Problem(path.name, name, reason=_("非表示のシートは取り込みません。"), severity="warning"))
    for sheet in table.sheets:
        out.sheets.append(_parse_sheet(out, table, sheet, mark, pinned or {}, saved or {}))
    if out.kind == "sheet" and not any(s.mapping for s in out.sheets):
        # Someone else's workbook with nothing of the ledger in it (a menu, a schedule): refused
        # as a whole, so that a script sees exit 1 rather than an import that did nothing.
        out.problems.append(Problem(path.name, reason=_(
            "台帳の表として認識できるシートがありません(シート: {sheets})。見出しの行を確認するか、--map で列を指定してください。")
            .format(sheets="、".join(s.name for s in out.sheets) or "-")))
    return out


def _pins_for(pinned: Mapping[str, Mapping[str, str | None]], record_type: str) -> dict[str, str | None]:
    fields_ = fields_of(record_type)
    merged = {h: f for h, f in pinned.get("", {}).items() if f is None or f in fields_}
    merged.update(pinned.get(record_type, {}))
    return merged


def _parse_sheet(out: ParsedFile, table: TableFile, sheet: Sheet, mark: dict[str, str],
                 pinned: Mapping[str, Mapping[str, str | None]], saved: Mapping[str, Mapping[str, str | None]]) -> ParsedSheet:
    marked_type = mark.get(f"sheet:{sheet.name}")
    mapping: SheetMapping | None
    if marked_type:
        headers = sheet.rows[0] if sheet.rows else []
        mapping = SheetMapping(marked_type, sheet.first_row,
                               match_columns(headers, marked_type, pinned=_pins_for(pinned, marked_type)))
    else:
        candidates = [guess_sheet(sheet.rows, sheet.name, sheet.first_row, record_type=rt,
                                  pinned=_pins_for(pinned, rt), saved=saved)
                      for rt in SHEET_TYPES]
        found = [m for m in candidates if m is not None]
        mapping = max(found, key=_mapping_score) if found else None
    parsed = ParsedSheet(sheet.name, mapping)
    if mapping is None:
        if sheet.rows and out.kind != "survey":
            out.problems.append(Problem(out.name, sheet.name, reason=_(
                "台帳の表として認識できないシートです(取り込みません)。見出しを確認するか --map で列を指定してください。"),
                severity="warning"))
        return parsed
    for col in mapping.unknown:
        out.problems.append(Problem(out.name, sheet.name, mapping.header_row, f"{col.letter}({col.header})", col.header,
                                    _("対応する項目がない列です(取り込みません)。--map で項目を指定できます。"),
                                    severity="warning", section=out.section))
    fields_ = fields_of(mapping.record_type)
    for col in mapping.columns:
        if col.how == "close":
            # Never guessed silently: the user sees which field a look-alike header went to.
            out.problems.append(Problem(out.name, sheet.name, mapping.header_row, f"{col.letter}({col.header})",
                                        col.header, _("見出しが近いため「{field}」として読みました。違う場合は --map で指定してください。")
                                        .format(field=fields_[col.field].display_label), severity="warning"))
    by_column = {c.column: c for c in mapping.columns}
    for col in mapping.held:
        name, rival = col.held or ("", -1)
        other = by_column.get(rival)
        out.problems.append(Problem(out.name, sheet.name, mapping.header_row, f"{col.letter}({col.header})", col.header, _(
            "対応付けを保留しました(「{field}」は {column} 列から読みます)。この列を使う場合は --map で指定してください。").format(
            field=fields_[name].display_label if name in fields_ else name,
            column=f"{other.letter}({other.header})" if other else "-"), severity="warning", section=out.section))
    cols = [(f, c.column, f"{c.letter}({c.header})") for c in mapping.columns if c.field
            for f in (fields_[c.field],)]
    key_col = mapping.key_column
    where = {f.name: label for f, _c, label in cols}
    index = {f.name: col for f, col, _l in cols}
    own = out.kind == "sheet"  # someone's own ledger: titles, subtotals, notes, group rows
    layout = _Layout(out, sheet, mapping, cols) if own else None
    # A column in 円 (or 百万円) is read in its unit (120万, 1,234,567円 and 1234567 alike), then
    # made 千円, with a note on the column.
    money = {col: unit for _name, col, unit in layout.money} if layout is not None else {}
    plan = [(_in_unit(f, money[col]) if col in money else f, f.name, col, label, {}) for f, col, label in cols]
    for col, unit in money.items():
        match = by_column[col]
        note = (_("円で書かれた金額を千円に換算して取り込みます(1,000で割り、四捨五入)。") if unit == "円" else
                _("百万円で書かれた金額を千円に換算して取り込みます(1,000倍し、四捨五入)。"))
        out.problems.append(Problem(out.name, sheet.name, mapping.header_row, f"{match.letter}({match.header})",
                                    match.header, note, severity="warning", section=out.section))
    for number, cells in iter_data_rows(sheet, mapping.header_row):
        department = None
        if layout is not None:
            keep, department = layout.take(number, cells)
            if not keep:
                continue
        values: dict[str, Any] = {}
        bad: set[str] = set()
        width = len(cells)
        for f, name, col, label, cache in plan:
            cell = cells[col] if col < width else None
            if cell is None:
                values[name] = None
                continue
            # read_value, remembered per column: lists repeat the same few values (zones,
            # statuses, sizes). Inlined: this loop runs for every cell of 100,000-row lists.
            value = cache.get((cell.__class__, cell), _MISS)
            if value is _MISS:
                value = _read_uncached(cell, f, cache)
            if isinstance(value, ValueProblem):
                bad.add(name)
                values[name] = None
                out.problems.append(Problem(out.name, sheet.name, number, label, cell, value.reason, section=out.section))
            else:
                values[name] = value
        if not bad and all(v is None for v in values.values()):
            continue  # a row with nothing but a key or formatting
        if layout is not None:
            layout.convert_money(values, cells)
        key = parse_key(cells[key_col]) if key_col is not None and key_col < width else None
        if key is not None and key[0] != mapping.record_type:
            key = None
        parsed.rows.append(RowRecord(out.name, sheet.name, number, mapping.record_type, values, where, cells, key,
                                     out.section, bad, index, department))
    return parsed


#: The field holding a record's name: a row without it is no record.
NAME_FIELDS = {"system": "name", "server": "hostname", "department": "name", "section": "name", "host": "name",
               "dataset": "name"}


class _Layout:
    """The rows of someone's own ledger sheet: which are records, and each one's department.

    Subtotals, notes and rows without a name are skipped with a located warning; a group row
    (【経営管理部】) gives the department of the rows below it; a 部局 column gives its row's. Money
    columns in 円 or 百万円 (said by their header, or by a "(単位：円)" line above the table) are
    converted to the ledger's 千円.
    """

    def __init__(self, out: ParsedFile, sheet: Sheet, mapping: SheetMapping, cols: list[tuple[Field, int, str]]):
        from importers.layout import header_unit, sheet_unit

        self.out, self.sheet = out, sheet.name
        columns = {f.name: col for f, col, _label in cols}
        name_field = NAME_FIELDS.get(mapping.record_type)
        self.name_column = columns.get(name_field) if name_field else None
        self.mapped = sorted(columns.values())
        self.department_column = mapping.context_columns.get("department")
        self.group: str | None = None
        # "(単位：円)" above the table is the unit of money columns whose header names none.
        above = sheet_unit(sheet.rows[:max(mapping.header_row - sheet.first_row, 0)])
        #: Money fields whose column is not in 千円: (field, column, unit), read in that unit and
        #: converted (see ``_in_unit``).
        self.money = [(f.name, col, unit) for f, col, label in cols if f.unit == "千円"
                      for unit in (header_unit(label) or above,) if unit in ("円", "百万円")]
        self.in_notes = False

    def take(self, number: int, cells: list[Any]) -> tuple[bool, str | None]:
        """(is a record, its department's name)."""
        from importers.layout import RowKind, classify, names_a_department

        kind = classify(cells, self.name_column, self.mapped)
        filled = [v for v in cells if v is not None]
        text = " ".join(str(v).strip() for v in filled)
        if kind.kind == "note":
            self.in_notes = True
        elif self.in_notes and kind.kind != "subtotal" and len(filled) <= 2 and not names_a_department(text):
            # the next line of a note ("2 稼働開始は和暦") is neither a department nor a record
            kind = RowKind("note", text)
        else:
            self.in_notes = False
        if kind.kind == "record" and len(filled) == 1 and isinstance(filled[0], str) and names_a_department(filled[0]):
            # 経営管理部 alone in the name's column: a department over its systems, not a system
            kind = RowKind("group", filled[0].strip())
        if kind.kind == "group":
            self.group = kind.text
            self.out.problems.append(Problem(self.out.name, self.sheet, number, "", kind.text, _(
                "部局「{name}」の見出し行として読み飛ばしました(下の行をこの部局の記録として読みます)。").format(name=kind.text),
                severity="warning"))
            return False, None
        if kind.kind != "record":
            reason = {"subtotal": _("小計・合計の行として読み飛ばしました。"),
                      "note": _("注記の行として読み飛ばしました。"),
                      "blank_name": _("名称が空欄の行を読み飛ばしました(記録として取り込みません)。")}[kind.kind]
            self.out.problems.append(Problem(self.out.name, self.sheet, number, "", kind.text or None, reason,
                                             severity="warning"))
            return False, None
        department = self.group
        col = self.department_column
        if col is not None and col < len(cells) and isinstance(cells[col], str) and cells[col].strip():
            department = cells[col].strip()
        return True, department

    def convert_money(self, values: dict[str, Any], cells: list[Any]) -> None:
        for name, _col, unit in self.money:
            if isinstance(values.get(name), int | float):
                shift = -3 if unit == "円" else 3
                values[name] = int(Decimal(repr(values[name])).scaleb(shift).quantize(Decimal(1), ROUND_HALF_UP))


def _in_unit(f: Field, unit: str) -> Field:
    """``f`` (a 千円 field) as read from a column in ``unit``: a number in that unit, not yet rounded."""
    return dataclasses.replace(f, kind=Kind.FLOAT, unit=unit, maximum=None)


def _mapping_score(m: SheetMapping) -> tuple[int, int]:
    return (sum(1 for c in m.columns if c.field), -m.header_row)


_CACHE_LIMIT = 4096
_MISS = object()


def _read_uncached(cell: Any, f: Field, cache: dict[tuple[type, Any], Any]) -> Any:
    """read_value, or the ValueProblem it raised, remembered while the cache has room."""
    try:
        value: Any = read_value(cell, f)
    except ValueProblem as p:
        value = p
    if len(cache) < _CACHE_LIMIT:
        cache[(cell.__class__, cell)] = value
    return value


def parse_files(paths: Sequence[str | Path], **kw: Any) -> list[ParsedFile]:
    """Every file, folders expanded to the .xlsx/.xlsm/.csv files in them (name order)."""
    out: list[ParsedFile] = []
    for p in expand_paths(paths):
        out.append(parse_file(p, **kw))
    return out


def expand_paths(paths: Sequence[str | Path]) -> list[Path]:
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(q for q in p.iterdir() if q.suffix.lower() in (".xlsx", ".xlsm", ".csv")
                              and not q.name.startswith(("~$", "."))))
        else:
            out.append(p)
    return out
