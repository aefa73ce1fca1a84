"""The GUI of the yearly survey and of spreadsheet imports (issue 4).

``SurveyPage(ledger)`` is the page the main window embeds; ``ImportPreviewDialog``,
``MappingDialog``, ``MakeSurveyDialog`` and ``ImportHistoryDialog`` are its dialogs;
``install_drop_target(widget, on_files)`` lets any widget take dropped .xlsx/.csv files.
"""
