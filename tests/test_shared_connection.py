"""Connection profiles and passwords: the password lives in the keyring or nowhere, never on disk."""

from __future__ import annotations

import uuid

import keyring
import keyring.backend
import pytest
from keyring.backends import fail

from db import connection as C


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A keyring that forgets everything at exit (keyring's own extension point)."""

    priority = 1

    def __init__(self):
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.items.get((service, username))

    def set_password(self, service, username, password):
        self.items[(service, username)] = password

    def delete_password(self, service, username):
        self.items.pop((service, username), None)


class PlaintextKeyring(MemoryKeyring):
    """Stands for keyrings.alt's file backend: it would keep the password in a readable file."""


@pytest.fixture
def memory_keyring():
    before = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(before)


PROFILE = C.ConnectionProfile(host="db.example.lg.jp", database="assetdesk", user="tanaka", port=5433, name="本庁")


def test_profiles_are_saved_without_the_password(memory_keyring):
    store = C.PasswordStore()
    assert store.available
    assert store.set(PROFILE, "s3cret:パス@/")
    C.save_profile(PROFILE)
    assert C.load_profiles() == [PROFILE]
    assert "s3cret" not in C.profiles_path().read_text(encoding="utf-8")
    assert store.get(PROFILE) == "s3cret:パス@/"
    url = PROFILE.url(store.get(PROFILE))
    assert C.ConnectionProfile.from_url(url, name="本庁") == PROFILE
    assert "s3cret" not in PROFILE.display_url and "s3cret" not in C.hide_password(url)
    # --db with user but no password: the keyring supplies it, in memory.
    assert C.with_stored_password(PROFILE.display_url) == url
    C.delete_profile(PROFILE)
    assert C.load_profiles() == [] and store.get(PROFILE) is None


@pytest.mark.parametrize("backend", [fail.Keyring(), PlaintextKeyring()], ids=["no-backend", "plaintext"])
def test_without_a_safe_keyring_nothing_is_stored_and_the_user_is_asked(backend):
    store = C.PasswordStore(backend)
    assert not store.available
    assert store.set(PROFILE, "s3cret") is False
    assert store.get(PROFILE) is None
    assert getattr(backend, "items", {}) == {}
    assert C.with_stored_password(PROFILE.display_url, store) == PROFILE.display_url


@pytest.mark.postgres
def test_check_connection_says_who_and_what_state(pg_server):
    url = pg_server.create()
    try:
        check = C.check_connection(url)
        assert check.ok and check.level == "admin" and check.schema == "missing"
        assert "PostgreSQL" in check.server_version
        nobody = C.ConnectionProfile.from_url(url).__class__(
            host="127.0.0.1", port=C.make_url(url).port, database=C.make_url(url).database,
            user=f"nobody_{uuid.uuid4().hex[:6]}")
        refused = C.check_connection(nobody.url())
        assert not refused.ok and "ログイン" in refused.message
        closed = C.check_connection(C.ConnectionProfile("127.0.0.1", "x", "y", port=1).url(), timeout=2)
        assert not closed.ok and "接続できませんでした" in closed.message
    finally:
        pg_server.drop(url)
