"""Spreadsheets in and out of the ledger (issue 4). Never imports Qt: the GUI shows plain data.

Reading (``read_table_file`` in ``workbook``, ``read_csv`` in ``csv_reader``) checks a file before
calamine reads it; ``survey_import.parse_files`` turns files into rows of values and problems;
``diff.build_preview`` compares them with the ledger (``ImportPreview`` -> ``SectionPreview`` ->
``RecordChange`` / ``FieldChange`` / ``Problem``, each change with an ``accepted`` flag);
``apply.apply_import`` writes the accepted changes all or nothing as one history batch, after a
backup. ``apply.preview_import(ledger, paths, pinned=...)`` is parse + preview in one call.

Writing: ``survey_template.make_survey`` (one workbook per section, opens the survey round),
``export.export_ledger`` / ``export.export_records`` (the ledger or a view). Both use the layout
of ``sheets``, which ``survey_import`` reads back unchanged.

Columns of other people's lists: ``mapping.match_columns`` / ``guess_sheet`` (suggestions),
``mapping.save_mapping`` / ``saved_mappings`` (the column_mapping table), ``parse_pins`` (--map).
"""
