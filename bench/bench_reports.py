"""Ledger report (情報システム台帳) to PDF: pages per second, against QTextDocument as the anchor.

The candidate is the report renderer (``ui.reports``: measured layout, header repeated on every
page, page N / M, text-map fix). The anchor renders the same tables as plain HTML through
QTextDocument.print_() to a QPdfWriter: Qt's own paginated rich text, with no repeated headers
and no page furniture. Both run on the demo prefecture at scale 1 and scale 10.

    python -m bench.bench_reports [--scales 1 10] [--repeat 3]
"""

from __future__ import annotations

import argparse
import html
import os
import tempfile
from pathlib import Path

from bench.harness import measure, ratio, table


def _ledger(scale: int, folder: Path):
    from db.demo_load import load_demo
    from db.ledger import Ledger

    ledger = Ledger.open(f"sqlite:///{folder / f'demo{scale}.sqlite'}")
    load_demo(ledger, scale=scale)
    return ledger


def _html(doc) -> str:
    from assetdesk.reports import format as fmt
    from assetdesk.reports.model import ColumnKind, Heading, Table

    parts = [f"<h1>{html.escape(doc.title)}</h1>"]
    for b in doc.blocks:
        if isinstance(b, Heading):
            parts.append(f"<h2>{html.escape(b.text)}</h2>")
        elif isinstance(b, Table):
            parts.append(f"<h3>{html.escape(b.title)}</h3><table border='1' cellspacing='0' cellpadding='2' width='100%'>")
            parts.append("<tr>" + "".join(f"<th>{html.escape(c.label)}</th>" for c in b.columns) + "</tr>")
            for row in (*b.rows, *((b.total,) if b.total else ())):
                cells = []
                for v, c in zip(row, b.columns, strict=True):
                    align = " align='right'" if c.kind == ColumnKind.NUMBER else ""
                    cells.append(f"<td{align}>{html.escape(fmt.cell(v, c))}</td>")
                parts.append("<tr>" + "".join(cells) + "</tr>")
            parts.append("</table>")
    return "".join(parts)


def _anchor(doc, out: Path) -> int:
    from PySide6.QtCore import QMarginsF
    from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPdfWriter, QTextDocument

    from ui.reports.fonts import report_font_family

    writer = QPdfWriter(str(out))
    writer.setResolution(600)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Landscape,
                                     QMarginsF(15, 14, 15, 14), QPageLayout.Unit.Millimeter))
    text = QTextDocument()
    font = QFont(report_font_family())
    font.setPointSizeF(8.0)
    text.setDefaultFont(font)
    text.setHtml(_html(doc))
    text.print_(writer)
    del writer  # closes the file
    from pypdf import PdfReader

    return len(PdfReader(str(out)).pages)


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    parser = argparse.ArgumentParser()
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from assetdesk.reports.ledger import ledger_report
    from db.report_data import ledger_inputs
    from ui.reports.fonts import ensure_gui_application
    from ui.reports.pdf import write_pdf

    ensure_gui_application()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for scale in args.scales:
            ledger = _ledger(scale, folder)
            with ledger.read() as conn:
                inputs = ledger_inputs(conn)
            doc = ledger_report(inputs)
            pages = {}

            def candidate(doc=doc, scale=scale, pages=pages) -> None:
                pages["ours"] = write_pdf(doc, folder / f"ours{scale}.pdf")

            def anchor(doc=doc, scale=scale, pages=pages) -> None:
                pages["anchor"] = _anchor(doc, folder / f"anchor{scale}.pdf")

            gather = measure("gather", lambda ledger=ledger: _gather(ledger), repeat=1)
            ours = measure("ours", candidate, repeat=args.repeat)
            base = measure("anchor", anchor, repeat=args.repeat)
            rows.append([scale, len(inputs.systems), gather.best, pages["ours"], ours.best,
                         pages["ours"] / ours.best, pages["anchor"], base.best, pages["anchor"] / base.best,
                         ratio(ours.best, base.best)])
            ledger.dispose()
    table("ledger report to PDF (best of runs; s = seconds)",
          ["scale", "systems", "gather s", "pages", "render s", "pages/s", "anchor pages", "anchor s",
           "anchor pages/s", "time vs anchor"], rows)


def _gather(ledger) -> None:
    from assetdesk.reports.ledger import ledger_report
    from db.report_data import ledger_inputs

    with ledger.read() as conn:
        ledger_report(ledger_inputs(conn))


if __name__ == "__main__":
    main()
