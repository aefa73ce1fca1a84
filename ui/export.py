"""Export of a list as shown (its columns, filter and order) to an .xlsx workbook.

Runs on a worker thread with ``progress(fraction, message)`` and ``cancel() -> bool``; rows are
fetched by id in chunks, so a 100,000-row view never sits in memory twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from assetdesk.i18n import _
from db import listing as L
from db.ledger import Ledger
from ui.formatting import export_value

CHUNK = 2000


class Cancelled(Exception):
    pass


def export_xlsx(ledger: Ledger, view_name: str, ids: Sequence[int], columns: Sequence[int], path: str | Path,
                conditions: Sequence[tuple[str, str]] = (),
                progress: Callable[[float, str], None] | None = None,
                cancel: Callable[[], bool] | None = None) -> int:
    """Write the rows ``ids`` (in that order) with ``columns`` (view column indexes); returns rows written."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    progress = progress or (lambda f, m: None)
    cancel = cancel or (lambda: False)
    view = L.VIEWS[view_name]
    cols = [view.columns[i] for i in columns]
    names = [c.name for c in cols]
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_(view.label)[:31])
    widths = [max(8, len(_(c.label)) * 2 + 2) for c in cols]
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = min(w, 40)
    ws.freeze_panes = "A2"
    from openpyxl.cell import WriteOnlyCell

    header = []
    for c in cols:
        cell = WriteOnlyCell(ws, value=_(c.label))
        cell.font = Font(bold=True)
        header.append(cell)
    ws.append(header)
    written = 0
    with ledger.read() as conn:
        for start in range(0, len(ids), CHUNK):
            if cancel():
                raise Cancelled()
            chunk = list(ids[start:start + CHUNK])
            rows = L.fetch_rows(conn, view_name, chunk, names)
            for rid in chunk:
                values = rows.get(rid)
                if values is None:
                    continue
                ws.append([_cell(v, c) for v, c in zip(values, cols, strict=True)])
                written += 1
            progress(min(1.0, (start + len(chunk)) / max(len(ids), 1)),
                     _("{n:,} / {total:,} 行").format(n=written, total=len(ids)))
    about = wb.create_sheet(_("条件"))
    about.append([_("出力日時"), dt.datetime.now().strftime("%Y-%m-%d %H:%M")])
    about.append([_("一覧"), _(view.label)])
    about.append([_("件数"), written])
    for label, value in conditions:
        about.append([label, value])
    wb.save(str(path))
    return written


def _cell(value: Any, col: L.Column) -> Any:
    return export_value(value, col.kind, col.choices)
