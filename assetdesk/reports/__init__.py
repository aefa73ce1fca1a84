"""Printed reports as plain documents: what a report says, not how it is painted.

Each builder takes plain inputs (dataclasses filled by ``db.report_data`` or by a caller) and
returns a ``model.Document``: title, fiscal year, blocks (headings, paragraphs, key-value
blocks, tables with typed columns, charts as data, a sign-off block). ``ui.reports`` paints a
document with Qt; tests read the document directly. No database, no Qt here.
"""
