"""How each kind of ledger record maps between its values (as users see them) and its table.

A record's *values* are a dict of the field names of ``assetdesk.fields`` with references
written as codes (``section: "S001"``, ``systems: ("SYS-0001",)``). Tables hold integer foreign
keys. Everything that writes (edits, imports, the demo, plans) and the history goes through
values, so that a history entry reads like the ledger, not like the database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from sqlalchemy import Table

from assetdesk import fields as F
from db import models as M


@dataclass(frozen=True)
class Reference:
    """A field whose value is the code of another record, stored as that record's id."""

    field: str
    column: str  # the foreign-key column in this table
    target: str  # record type it points at


@dataclass(frozen=True)
class Link:
    """A field holding several codes of other records (``server.systems``, ``dataset.used_by``),
    stored as the rows of a link table beside the record's own row."""

    field: str
    table: Table
    owner_column: str  # the link table's column naming this record
    target_column: str  # the link table's column naming the other record
    target: str  # record type the codes name


@dataclass(frozen=True)
class RecordType:
    name: str
    table: Table
    code_field: str  # the stable key users know
    fields: tuple[F.Field, ...]
    references: tuple[Reference, ...] = ()
    #: Many-to-many fields, handled beside the row itself.
    links: tuple[Link, ...] = ()

    @cached_property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    @cached_property
    def key_columns(self) -> tuple[str, ...]:
        """Columns that identify a row among its kind (its code, or a dependency's ends and kind)."""
        return (self.code_field,) if self.code_field else ("from_system_id", "to_system_id", "kind")

    @cached_property
    def column_fields(self) -> tuple[str, ...]:
        """Fields stored as plain columns of the table (not references, not links)."""
        other = {r.field for r in self.references} | {x.field for x in self.links}
        return tuple(n for n in self.field_names if n not in other)

    def reference(self, field: str) -> Reference | None:
        return next((r for r in self.references if r.field == field), None)

    def link(self, field: str) -> Link | None:
        return next((x for x in self.links if x.field == field), None)


def _table(model) -> Table:
    return model.__table__


RECORD_TYPES: dict[str, RecordType] = {
    rt.name: rt
    for rt in (
        RecordType("department", _table(M.Department), "code", F.DEPARTMENT_FIELDS),
        RecordType("section", _table(M.Section), "code", F.SECTION_FIELDS,
                   (Reference("department", "department_id", "department"),)),
        RecordType("system", _table(M.System), "system_code", F.SYSTEM_FIELDS,
                   (Reference("section", "section_id", "section"),
                    Reference("consolidated_into", "consolidated_into_id", "system"))),
        RecordType("host", _table(M.Host), "name", F.HOST_FIELDS),
        RecordType("server", _table(M.Server), "server_code", F.SERVER_FIELDS,
                   (Reference("host", "host_id", "host"),),
                   (Link("systems", _table(M.SystemServer), "server_id", "system_id", "system"),)),
        RecordType("dependency", _table(M.Dependency), "", F.DEPENDENCY_FIELDS,
                   (Reference("from_system", "from_system_id", "system"),
                    Reference("to_system", "to_system_id", "system"))),
        RecordType("dataset", _table(M.Dataset), "code", F.DATASET_FIELDS,
                   (Reference("section", "section_id", "section"), Reference("system", "system_id", "system")),
                   (Link("used_by", _table(M.DatasetSection), "dataset_id", "section_id", "section"),)),
    )
}

#: Record types in an order where every reference points backwards (for loading and deleting).
LOAD_ORDER = ("department", "section", "system", "host", "server", "dependency", "dataset")


def record_code(record_type: str, values: dict[str, Any]) -> str:
    """The key a user knows the record by; a dependency is known by its two ends and kind."""
    rt = RECORD_TYPES[record_type]
    if rt.code_field:
        return str(values.get(rt.code_field) or "")
    return f"{values.get('from_system')}→{values.get('to_system')}:{values.get('kind')}"


def to_json(values: dict[str, Any]) -> dict[str, Any]:
    """Values as JSON for the history: dates as ISO text, tuples as lists."""
    out: dict[str, Any] = {}
    for k, v in values.items():
        if isinstance(v, dt.date):
            out[k] = v.isoformat()
        elif isinstance(v, tuple):
            out[k] = list(v)
        else:
            out[k] = v
    return out


def from_json(record_type: str, data: dict[str, Any]) -> dict[str, Any]:
    """The inverse of ``to_json`` for one record type."""
    rt = RECORD_TYPES[record_type]
    kinds = {f.name: f.kind for f in rt.fields}
    out: dict[str, Any] = {}
    for k, v in data.items():
        kind = kinds.get(k)
        if v is not None and kind == F.Kind.DATE:
            out[k] = dt.date.fromisoformat(v)
        elif v is not None and kind == F.Kind.CODES:
            out[k] = tuple(v)
        else:
            out[k] = v
    return out
