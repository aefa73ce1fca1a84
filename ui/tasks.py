"""Work that may take longer than a blink runs off the GUI thread, with progress and cancel.

Lower layers take plain callbacks ``progress(fraction, message)`` and ``cancel() -> bool``;
``Task`` runs such a function on Qt's thread pool and reports back through signals, which Qt
delivers on the GUI thread.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import Any, ClassVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class TaskSignals(QObject):
    progress = Signal(float, str)
    finished = Signal(object)
    failed = Signal(object, str)


class Task(QRunnable):
    """Runs ``fn(progress, cancel)`` on the thread pool; connect to ``signals`` before ``start``."""

    def __init__(self, fn: Callable[[Callable[[float, str], None], Callable[[], bool]], Any]):
        super().__init__()
        self.fn = fn
        self.signals = TaskSignals()
        self._cancelled = threading.Event()
        self.setAutoDelete(False)  # Python keeps it (and its signals) alive until it reports

    def cancel(self) -> None:
        self._cancelled.set()

    def is_cancelled(self) -> bool:
        return self._cancelled.is_set()

    def run(self) -> None:
        try:
            result = self.fn(lambda f, m: self.signals.progress.emit(float(f), str(m)), self.is_cancelled)
        except Exception as e:  # reported to the GUI thread, which shows it
            self.signals.failed.emit(e, traceback.format_exc())
        else:
            self.signals.finished.emit(result)

    #: Tasks on the pool; a task (and its signals) must outlive its run and its last report.
    _running: ClassVar[set[Task]] = set()

    def start(self) -> Task:
        Task._running.add(self)
        self.signals.finished.connect(self._release)
        self.signals.failed.connect(self._release)
        QThreadPool.globalInstance().start(self)
        return self

    def _release(self, *_args) -> None:
        Task._running.discard(self)
