"""The Qt side of the shared mode: the connection dialog and the refresh signal."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import make_url

from db.connection import PasswordStore, load_profiles
from db.ledger import Ledger
from tests.test_shared_connection import MemoryKeyring


def _fill(dialog, url: str, password: str = "") -> None:
    u = make_url(url)
    dialog.host.setText(u.host)
    dialog.port.setValue(u.port)
    dialog.database.setText(u.database)
    dialog.user.setText(u.username)
    dialog.password.setText(password)


def test_dialog_remembers_the_password_in_the_keyring_only(qtbot):
    from ui.connection_dialog import ConnectionDialog

    backend = MemoryKeyring()
    dialog = ConnectionDialog(store=PasswordStore(backend))
    qtbot.addWidget(dialog)
    assert dialog.remember.isEnabled()
    dialog.accept()  # nothing filled in: refused with a message
    assert dialog.result() != dialog.DialogCode.Accepted and dialog.status.text()
    _fill(dialog, "postgresql+psycopg://tanaka@db.example.lg.jp:5433/assetdesk", "pa:ss@/")
    dialog.remember.setChecked(True)
    dialog.accept()
    assert [p.user for p in load_profiles()] == ["tanaka"]
    assert list(backend.items.values()) == ["pa:ss@/"]
    assert make_url(dialog.url()).password == "pa:ss@/"

    again = ConnectionDialog(store=PasswordStore(backend))  # the saved profile comes back filled in
    qtbot.addWidget(again)
    assert again.host.text() == "db.example.lg.jp" and again.port.value() == 5433
    assert again.password.text() == "pa:ss@/" and again.remember.isChecked()


def test_without_a_keyring_the_box_is_disabled(qtbot):
    from keyring.backends import fail

    from ui.connection_dialog import ConnectionDialog

    dialog = ConnectionDialog(store=PasswordStore(fail.Keyring()))
    qtbot.addWidget(dialog)
    assert not dialog.remember.isEnabled() and dialog.remember.toolTip()


@pytest.mark.postgres
def test_dialog_tests_the_connection(qtbot, pg_server):
    from ui.connection_dialog import ConnectionDialog

    url = pg_server.create()
    try:
        dialog = ConnectionDialog(store=PasswordStore(MemoryKeyring()))
        qtbot.addWidget(dialog)
        _fill(dialog, url)
        check = dialog.test()
        assert check.ok and check.level == "admin" and dialog.status.text() == check.message
    finally:
        pg_server.drop(url)


def test_refresher_signals_others_operations_not_its_own(qtbot, ledger):
    from ui.change_refresh import ChangeRefresher

    refresher = ChangeRefresher(ledger.url, interval_ms=100)
    other = Ledger(ledger.url)
    try:
        assert refresher.listening == (not ledger.is_sqlite)
        with ledger.operation("edit") as mine:
            mine.create("department", {"code": "D01", "name": "自分"})
        refresher.mark_own(mine.batch_id)
        with qtbot.waitSignal(refresher.changed, timeout=5000) as signal:
            with other.operation("edit") as theirs:
                dept = theirs.create("department", {"code": "D02", "name": "他人"})
        event = signal.args[0]
        assert [b.id for b in event.batches] == [theirs.batch_id]
        assert event.touches("department", dept)
    finally:
        refresher.stop()
        other.dispose()


@pytest.mark.postgres
def test_opening_asks_again_when_the_login_is_refused(qtbot, pg_server, monkeypatch):
    import uuid

    from ui import connection_dialog as D

    url = pg_server.create()
    asked, warned = [], []
    monkeypatch.setattr(D.ConnectionDialog, "ask", classmethod(
        lambda cls, parent=None, profile=None, message="": asked.append((profile, message)) or url))
    monkeypatch.setattr(D.QMessageBox, "warning", lambda parent, title, text: warned.append(text))
    stranger = make_url(url).set(username=f"nobody_{uuid.uuid4().hex[:6]}").render_as_string(hide_password=False)
    try:
        ledger, _backup = D.open_ledger_interactively(stranger)
        ledger.dispose()
        assert len(asked) == 1 and asked[0][0].user.startswith("nobody_") and "ログイン" in asked[0][1]
        assert warned == []
    finally:
        pg_server.drop(url)


def test_opening_a_local_file_needs_no_dialog(tmp_path):
    from ui.connection_dialog import open_ledger_interactively

    ledger, backup = open_ledger_interactively(str(tmp_path / "local.sqlite"))
    assert ledger.is_sqlite and backup is None
    ledger.dispose()
