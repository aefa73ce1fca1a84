"""Painting report documents (``assetdesk.reports.model``) with Qt: PDF files, printers, preview."""
