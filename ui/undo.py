"""Undo and redo of the user's edits, each one a ledger operation of its own.

An edit remembers the values before and after and the record's version after it was applied;
undoing writes the "before" values back expecting that version, so an undo never overwrites
what someone else changed meanwhile (the ledger refuses with ``StaleWrite``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assetdesk.i18n import _
from db.ledger import Ledger
from db.records import record_code


@dataclass
class Edit:
    """One undoable change of one record: ``action`` is 'update', 'create' or 'delete'."""

    action: str
    record_type: str
    record_id: int
    before: dict[str, Any] = field(default_factory=dict)
    after: dict[str, Any] = field(default_factory=dict)
    version: int = 1

    def describe(self) -> str:
        code = record_code(self.record_type, self.after or self.before)
        return {"update": _("{code} の編集"), "create": _("{code} の作成"),
                "delete": _("{code} の削除")}[self.action].format(code=code)


class EditHistory:
    """The undo and redo stacks of one window."""

    def __init__(self, ledger: Ledger):
        self.ledger = ledger
        self._done: list[Edit] = []
        self._undone: list[Edit] = []

    def record(self, edit: Edit) -> None:
        self._done.append(edit)
        self._undone.clear()

    def can_undo(self) -> bool:
        return bool(self._done)

    def can_redo(self) -> bool:
        return bool(self._undone)

    def next_undo(self) -> Edit | None:
        return self._done[-1] if self._done else None

    def next_redo(self) -> Edit | None:
        return self._undone[-1] if self._undone else None

    def undo(self) -> Edit | None:
        """Reverse the last edit; raises ``LedgerError`` (and keeps the stacks) if refused."""
        if not self._done:
            return None
        edit = self._done[-1]
        self._apply(edit, reverse=True)
        self._undone.append(self._done.pop())
        return edit

    def redo(self) -> Edit | None:
        if not self._undone:
            return None
        edit = self._undone[-1]
        self._apply(edit, reverse=False)
        self._done.append(self._undone.pop())
        return edit

    def _apply(self, edit: Edit, reverse: bool) -> None:
        source = "undo" if reverse else "edit"
        detail = (_("取消: {what}") if reverse else _("やり直し: {what}")).format(what=edit.describe())
        with self.ledger.operation(source, detail) as op:
            if edit.action == "update":
                values = edit.before if reverse else edit.after
                edit.version = op.update(edit.record_type, edit.record_id, values, edit.version)
            elif (edit.action == "create") == reverse:  # remove the record again
                op.delete(edit.record_type, edit.record_id, edit.version)
            else:  # bring the record (back) into being; it gets a new id
                values = edit.after if edit.action == "create" else edit.before
                edit.record_id = op.create(edit.record_type, values)
                edit.version = 1
