"""Other users' operations as a Qt signal, so that views refresh while people work side by side.

Wraps ``db.changes.ChangeWatcher``: on PostgreSQL a QSocketNotifier wakes on the LISTEN
connection's socket (a change shows within a moment of its commit), and a QTimer looks anyway
every few seconds (the only way on SQLite; on PostgreSQL a safety net). Operations of this window
itself can be marked with ``mark_own`` so that they do not come back as someone else's.

How the main window hooks it in (the views keep their selection and unsaved edits):

    self.refresher = ChangeRefresher(ledger.engine, self)
    self.refresher.changed.connect(self.on_ledger_changed)
    ...
    with ledger.operation("edit") as op: ...; self.refresher.mark_own(op.batch_id)

    def on_ledger_changed(self, event):           # event: db.changes.ChangeEvent
        # A list of one record type: rows already shown are re-read in place
        #     view.model.refresh_rows(event.records.get(rtype, ()))
        # and when records came or went (event.added_or_removed) or a filter is on, the list is
        # queried again keeping the current record: view.requery(keep=view.current_id()).
        # An open editor whose record is touched (event.touches(rtype, id)) keeps the user's
        # typing and shows "changed by {users}"; saving it then meets StaleWrite -> StaleDialog.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QSocketNotifier, QTimer, Signal

from db.changes import ChangeEvent, ChangeWatcher

DEFAULT_INTERVAL_MS = 3000


class ChangeRefresher(QObject):
    """Emits ``changed(ChangeEvent)`` for operations committed by others (or by anyone with
    ``include_own``) since it started."""

    changed = Signal(object)

    def __init__(self, url_or_engine, parent: QObject | None = None, *, interval_ms: int = DEFAULT_INTERVAL_MS,
                 include_own: bool = False):
        super().__init__(parent)
        self.watcher = ChangeWatcher(url_or_engine)
        self.include_own = include_own
        self._own: set[int] = set()
        self._notifier: QSocketNotifier | None = None
        fd = self.watcher.fileno()
        if fd is not None:
            self._notifier = QSocketNotifier(fd, QSocketNotifier.Type.Read, self)
            self._notifier.activated.connect(lambda *_: self.check())
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(lambda: self.check(force=True))
        self._timer.start()

    @property
    def listening(self) -> bool:
        return self.watcher.listening

    def mark_own(self, batch_id: int) -> None:
        """An operation this window made itself (it has already refreshed for it)."""
        self._own.add(batch_id)

    def check(self, *, force: bool = False) -> ChangeEvent | None:
        """Look now (the notifier and the timer call this); emits and returns what is new."""
        try:
            event = self.watcher.poll(timeout=0, force=force)
        except Exception:  # the server is away for a moment: the timer tries again
            return None
        if event is None:
            return None
        if not self.include_own:
            others = [b for b in event.batches if b.id not in self._own]
            self._own -= {b.id for b in event.batches}
            if not others:
                return None
            if len(others) != len(event.batches):
                event = _only(event, others)
        self.changed.emit(event)
        return event

    def stop(self) -> None:
        self._timer.stop()
        if self._notifier is not None:
            self._notifier.setEnabled(False)
        self.watcher.close()


def _only(event: ChangeEvent, batches) -> ChangeEvent:
    # The records of the remaining batches are not known apart from the others' without a
    # query; keeping the union is safe (a view re-reads a record it did not need to, at worst).
    return ChangeEvent(list(batches), event.records, event.added_or_removed)
