"""Other people's work reaches a view: a second connection hears of each committed operation."""

from __future__ import annotations

import pytest

from db.changes import ChangeWatcher
from db.ledger import Ledger


def _first_event(watcher: ChangeWatcher, tries: int = 20):
    for _ in range(tries):
        event = watcher.poll(timeout=0.5, force=not watcher.listening)
        if event is not None:
            return event
    return None


def test_a_second_connection_hears_of_a_committed_operation(ledger):
    with ledger.operation("edit") as op:
        op.create("department", {"code": "D00", "name": "既存"})  # before watching: not news
    heard = []
    other = Ledger(ledger.url)
    with ChangeWatcher(ledger.url, callback=heard.append) as watcher:
        assert watcher.listening == (not ledger.is_sqlite)
        assert watcher.poll(force=True) is None
        with other.operation("edit", context={"why": "test"}) as op:
            dept = op.create("department", {"code": "D01", "name": "総務部"})
            # Not committed yet: nothing to hear, nothing to read.
            assert watcher.poll(timeout=0.3, force=ledger.is_sqlite) is None
        event = _first_event(watcher)
        assert event is not None and heard == [event]
        assert [b.id for b in event.batches] == [op.batch_id]
        assert event.touches("department", dept)
        assert event.added_or_removed == {"department": {dept}}
        assert event.batches[0].source == "edit"
        # Heard once only, and a rolled-back operation is never heard of.
        with pytest.raises(RuntimeError), other.operation("edit") as op2:
            op2.create("department", {"code": "D02", "name": "消える"})
            raise RuntimeError("abandon")
        assert watcher.poll(timeout=0.3, force=True) is None
        with other.operation("import") as op3:
            op3.update("department", dept, {"name": "総務局"}, expected_version=1)
        with other.operation("import") as op4:
            op4.create("department", {"code": "D03", "name": "企画部"})
        events = [e for e in (_first_event(watcher), watcher.poll(timeout=0.3, force=True)) if e]
        assert sorted(b.id for e in events for b in e.batches) == [op3.batch_id, op4.batch_id]
        assert dept not in set().union(*(e.added_or_removed.get("department", set()) for e in events))
    other.dispose()


@pytest.mark.postgres
def test_the_watcher_thread_calls_back_with_the_database_user(pg_server):
    import threading

    url = pg_server.create()
    ledger = Ledger.open(url)
    got = threading.Event()
    events = []

    def on_change(event):
        events.append(event)
        got.set()

    watcher = ChangeWatcher(url, callback=on_change)
    try:
        watcher.start_thread(interval=0.5)
        with ledger.operation("edit") as op:
            op.create("host", {"name": "H01", "network_zone": "lgwan"})
        assert got.wait(10)
        assert events[0].users == {"postgres"}
        assert watcher.fileno() is not None
    finally:
        watcher.close()
        ledger.dispose()
        pg_server.drop(url)


@pytest.mark.postgres
def test_a_dropped_listen_connection_is_made_again_and_nothing_is_missed(pg_server):
    from sqlalchemy import text

    url = pg_server.create()
    ledger = Ledger.open(url)
    watcher = ChangeWatcher(url)
    try:
        pid = watcher._listener.info.backend_pid
        with pg_server.admin.connect() as c:  # as a server restart or a network cut would
            c.execute(text("SELECT pg_terminate_backend(:p)"), {"p": pid})
        with ledger.operation("edit") as op:
            op.create("department", {"code": "D01", "name": "総務部"})
        event = _first_event(watcher)
        assert event is not None and [b.id for b in event.batches] == [op.batch_id]
        assert watcher.listening and watcher._listener.info.backend_pid != pid
        with ledger.operation("edit") as op2:
            op2.create("department", {"code": "D02", "name": "企画部"})
        event = _first_event(watcher)  # heard through the new connection
        assert event is not None and [b.id for b in event.batches] == [op2.batch_id]
    finally:
        watcher.close()
        ledger.dispose()
        pg_server.drop(url)
