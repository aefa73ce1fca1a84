"""Ledgers as divisions keep them in Excel, read so that only records reach the importer.

Such a sheet has a title and a "作成" line above the table, a header of two rows whose upper cells
are merged over several columns (経費（千円） over 構築費 and 運用費(年額)), departments given as a
column or as a group row (【経営管理部】) above their systems, 小計 rows after each department and
※ notes at the bottom. calamine gives merged cells' value in their first cell only, so a merged
header is recognised by its shape: the second row names columns under blanks of the first, and
leaves empty the columns whose header spans both rows.

Everything here works on plain cell values; ``survey_import`` decides what to do with each row.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from assetdesk.text import clean

#: Rows that add up the rows above: 小計, 合計, 総計, 計, or "経営管理部 計" / "経営管理部小計".
_SUBTOTAL = re.compile(r"^(?:.{0,40}?[\s・:：])?(?:小計|合計|総計|計)$|^.{1,40}?(?:小計|合計|総計)$")
#: Notes below (or inside) the table.
_NOTE = re.compile(r"^(?:※|＊|\*|注[\s:：)）.．0-9０-９]|\(注|（注|注記|備考[:：]|出典[:：])")
#: A group row's marks around a department's name.
_GROUP = re.compile(r"^[【\[［〔〈<＜■□◆◇●▼▽]\s*(.+?)\s*[】\]］〕〉>＞]?$")
#: A unit in brackets at the end of a header: 経費（千円）, 金額(円).
_UNIT = re.compile(r"[（(]\s*(千円|円|百万円)\s*[)）]")


def header_cells(row: Sequence[object]) -> list[str | None]:
    """A row as header text: short text; numbers kept as text; dates and long text are data."""
    return [v.strip() or None if isinstance(v, str) and len(v) <= 40 else str(v) if isinstance(v, int | float)
            and not isinstance(v, bool) else None for v in row]


#: The first words of a line above the table saying who made it, when, in what unit.
_TITLE = re.compile(r"^[\s【\[(（]*(?:作成|更新|最終更新|作成日|更新日|基準日|現在|出典|単位)[\s:：】\])）]")
_DATE_TEXT = re.compile(r"(?:明治|大正|昭和|平成|令和|\d{4})\s*(?:\d{1,2}|元)\s*年\s*\d{1,2}\s*月")


def is_title_row(row: Sequence[object]) -> bool:
    """A line above the table that is never its header: one cell (the title), a date, or a few
    cells saying "作成: 令和6年4月1日 情報システム課" (a header row has more cells, and no dates)."""
    filled = [v for v in row if v is not None and (not isinstance(v, str) or v.strip())]
    if len(filled) <= 1 or any(isinstance(v, dt.date) for v in filled):  # a title; a date
        return True
    texts = [clean(v) for v in filled if isinstance(v, str)]
    return len(filled) <= 3 and any(_TITLE.match(t) or _DATE_TEXT.search(t) for t in texts)


def two_row_header(upper: Sequence[object], lower: Sequence[object]) -> list[str | None] | None:
    """The headers of a two-row header ("upper lower" per column), or None if ``lower`` is data.

    ``lower`` continues the header when it holds only short text, names at least one column
    under a blank of ``upper`` (the merged cell's continuation), and leaves empty at least half
    of the columns ``upper`` names (those merged down over both rows).
    """
    up, low = header_cells(upper), list(lower)
    width = max(len(up), len(low))
    up += [None] * (width - len(up))
    low += [None] * (width - len(low))
    if any(v is not None and not (isinstance(v, str) and 0 < len(v.strip()) <= 30) for v in low):
        return None
    texts = [v.strip() if isinstance(v, str) and v.strip() else None for v in low]
    named = [j for j, v in enumerate(up) if v is not None]
    under_blank = [j for j, v in enumerate(texts) if v is not None and up[j] is None]
    if not under_blank or not named or sum(texts[j] is None for j in named) * 2 < len(named):
        return None
    out: list[str | None] = []
    group: str | None = None  # the upper header spanning this column
    for j in range(width):
        if up[j] is not None:
            group = up[j]
        if texts[j] is None:
            out.append(up[j])
            continue
        # The lower header names the field; the upper adds its unit (経費（千円）) and, under a
        # lower header that says nothing alone (金額), its name.
        name = texts[j]
        if group is not None:
            if name in _GENERIC:
                name = _UNIT.sub("", group).strip() + name
            unit = _UNIT.search(group)
            if unit and unit[1] not in name:
                name += f"({unit[1]})"
        out.append(name)
    return out


#: Lower headers that mean nothing without the upper one (金額 under 構築費 is 構築費).
_GENERIC = {"金額", "額", "年額", "費用", "内容", "名称", "区分", "有無", "日付", "年月日"}


@dataclass(frozen=True)
class RowKind:
    """What a sheet row is: a record, or something to skip (with why) or to remember (a group)."""

    kind: str  # 'record', 'subtotal', 'note', 'group', 'blank_name'
    text: str = ""  # the cell that decided it (the department's name for 'group')


RECORD = RowKind("record")


def classify(cells: Sequence[object], name_column: int | None, mapped: Sequence[int]) -> RowKind:
    """Whether a data row of someone's ledger is a record, a subtotal, a note or a group row.

    ``name_column`` holds the record's name (its blank means no record); ``mapped`` are the
    columns that feed fields.
    """
    filled = [(j, v) for j, v in enumerate(cells) if v is not None and (not isinstance(v, str) or v.strip())]
    if not filled:
        return RECORD
    # A subtotal's word stands in one of the first cells or the name's, short: never in the
    # middle of a description ("…を集計し合計").
    leading = {j for j, _v in filled[:3]} | ({name_column} if name_column is not None else set())
    for j, v in filled:
        t = clean(v) if isinstance(v, str) else ""
        if j in leading and t and len(t) <= 20 and (_SUBTOTAL.match(t) or _SUBTOTAL.match(t.replace(" ", ""))):
            return RowKind("subtotal", t)
    first_j, first = filled[0]
    if isinstance(first, str) and _NOTE.match(clean(first)) and len(filled) <= 2:
        return RowKind("note", clean(first))
    if len(filled) == 1 and isinstance(first, str):
        text = clean(first)
        marked = _GROUP.match(text)
        if marked or name_column is None or first_j < name_column:
            return RowKind("group", (marked[1] if marked else text).strip())
    if name_column is not None:
        name = cells[name_column] if name_column < len(cells) else None
        if name is None or (isinstance(name, str) and not name.strip()):
            if any(j in mapped for j, _v in filled):
                return RowKind("blank_name")
    return RECORD


_DEPARTMENT_END = re.compile(r"(?:部|局|本部|庁|委員会|事務局)$")


def names_a_department(text: str) -> bool:
    """Text that reads as a group row's department: marked (【経営管理部】, ■...) or ending like one."""
    t = clean(text)
    m = _GROUP.match(t)
    return bool(m) or bool(_DEPARTMENT_END.search(t))


#: A unit said above a table: "(単位：円)", "単位 千円", or "(千円)" alone in a cell.
_SHEET_UNIT = re.compile(r"単位\s*[:：]?\s*[(（]?\s*(百万円|千円|円)|^[(（]\s*(百万円|千円|円)\s*[)）]$")


def sheet_unit(rows: Sequence[Sequence[object]]) -> str | None:
    """The money unit the lines above a table state for it, if they state one."""
    for row in rows:
        for v in row:
            m = _SHEET_UNIT.search(clean(v)) if isinstance(v, str) else None
            if m:
                return m[1] or m[2]
    return None


def header_unit(header: str) -> str | None:
    """'千円', '円' or '百万円' when a money column's header says its unit."""
    m = _UNIT.search(header)
    if m:
        return m[1]
    for unit in ("百万円", "千円", "円"):
        if header.endswith(unit):
            return unit
    return None
