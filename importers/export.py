"""The ledger, or any view of it, as an .xlsx workbook that imports back unchanged.

Same layout as the survey (``importers.sheets``): labels as headers, a hidden key per row,
values written so that ``read_value`` reads them back as they are, formula-like text kept as
text. A very hidden mark says it is an export, so that importing it is recognised as such.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from db.ledger import Ledger, load_values
from db.records import record_code
from importers.sheets import SHEET_TITLES, sheet_fields, write_lists_sheet, write_record_sheet
from importers.survey_template import EXPORT_KIND, TEMPLATE_VERSION, write_mark

#: What ``export --what`` writes; ``all`` carries every table an import needs to recreate the ledger
#: in an empty database (the organisation and the platform's hosts first).
WHAT = {"systems": ("system",), "servers": ("server",), "dependencies": ("dependency",),
        "organisation": ("department", "section"), "hosts": ("host",), "datasets": ("dataset",),
        "all": ("department", "section", "host", "system", "server", "dependency", "dataset")}


def export_ledger(ledger: Ledger, out: str | Path, what: str = "all") -> Path:
    """Write the records of ``WHAT[what]`` to ``out``, one sheet per kind."""
    types = WHAT[what]
    with ledger.read() as conn:
        data = {rt: load_values(conn, rt) for rt in types}
    return export_records(out, {rt: sorted(data[rt].items(), key=lambda kv: record_code(rt, kv[1])) for rt in types})


def export_records(out: str | Path, records: Mapping[str, Iterable[tuple[int | None, Mapping[str, Any]]]],
                   fields: Mapping[str, Sequence[str]] | None = None) -> Path:
    """Write records (record type -> (id, values) in display order) as one sheet per type.

    ``fields`` limits a sheet to some fields (a view's columns), in that order.
    """
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    lists = write_lists_sheet(wb)
    for rt, rows in records.items():
        all_fields = sheet_fields(rt, survey=False)
        chosen = all_fields if not fields or rt not in fields else tuple(
            f for name in fields[rt] for f in all_fields if f.name == name)
        write_record_sheet(wb, rt, rows, fields=chosen, lists=lists)
    wb.move_sheet(wb["_lists"], offset=len(wb.sheetnames))
    write_mark(wb, {"kind": EXPORT_KIND, "template_version": TEMPLATE_VERSION,
                    "made_on": dt.date.today().isoformat(),
                    **{f"sheet:{SHEET_TITLES[rt]}": rt for rt in records}})
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)
    return out
