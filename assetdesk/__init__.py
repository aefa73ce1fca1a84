"""AssetDesk's domain: the ledger's value types, code lists, planning, graph and report content.

Nothing here knows the database or Qt; `db`, `importers` and `ui` build on it.
"""

__version__ = "0.1.0"
