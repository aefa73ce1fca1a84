"""Connections to a shared ledger: saved profiles, passwords in the OS keyring, a connection test.

A profile (host, port, database, user) is saved as JSON in the user's data folder; the password
never is. It goes to the OS keyring (Windows Credential Manager, macOS Keychain, Secret Service)
when one is there, and otherwise is asked for each time: a keyring backend that would write the
password to a plain file does not count as one. URLs holding a password are built in memory only.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url

from assetdesk.i18n import _
from db.engine import data_dir

DRIVER = "postgresql+psycopg"
DEFAULT_PORT = 5432
KEYRING_SERVICE = "AssetDesk"
PROFILES_FILE = "connections.json"


@dataclass(frozen=True)
class ConnectionProfile:
    """Where a shared ledger is and who signs in; everything but the password."""

    host: str
    database: str
    user: str
    port: int = DEFAULT_PORT
    name: str = ""  # what the user calls it ("本庁 共有台帳"); defaults to the address

    @property
    def label(self) -> str:
        return self.name or f"{self.user}@{self.host}:{self.port}/{self.database}"

    @property
    def keyring_key(self) -> str:
        """The keyring's "username" for this profile's password (one per server, database and user)."""
        return f"{self.user}@{self.host}:{self.port}/{self.database}"

    def url(self, password: str | None = None) -> str:
        """The SQLAlchemy URL; with a password only for immediate use (never save this string)."""
        return URL.create(DRIVER, username=self.user, password=password or None, host=self.host,
                          port=self.port, database=self.database).render_as_string(hide_password=False)

    @property
    def display_url(self) -> str:
        """The URL without any password, for --db, logs and titles."""
        return self.url(None)

    @classmethod
    def from_url(cls, url: str, name: str = "") -> ConnectionProfile:
        u = make_url(url)
        if u.get_backend_name() != "postgresql":
            raise ValueError(_("共有台帳の接続先は PostgreSQL の URL です: {url}").format(url=u.render_as_string()))
        return cls(host=u.host or "localhost", database=u.database or "", user=u.username or "",
                   port=u.port or DEFAULT_PORT, name=name)


# --- profiles on disk (no password, ever) -------------------------------------------------------


def profiles_path() -> Path:
    return data_dir() / PROFILES_FILE


def load_profiles() -> list[ConnectionProfile]:
    path = profiles_path()
    if not path.exists():
        return []
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []  # a damaged file loses the list, never the ledger
    known = set(ConnectionProfile.__dataclass_fields__)
    return [ConnectionProfile(**{k: v for k, v in item.items() if k in known}) for item in raw
            if isinstance(item, dict) and {"host", "database", "user"} <= item.keys()]


def save_profile(profile: ConnectionProfile) -> None:
    """Add or replace (same label) a profile; the newest comes first."""
    kept = [p for p in load_profiles() if p.keyring_key != profile.keyring_key and (not profile.name or p.name != profile.name)]
    _write([profile, *kept])


def delete_profile(profile: ConnectionProfile) -> None:
    _write([p for p in load_profiles() if p != profile])
    PasswordStore().forget(profile)


def _write(profiles: list[ConnectionProfile]) -> None:
    path = profiles_path()
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps([asdict(p) for p in profiles], ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(tmp, path)


# --- passwords --------------------------------------------------------------------------------


class PasswordStore:
    """The OS keyring, when there is a safe one; otherwise nothing is stored (asked each time)."""

    def __init__(self, backend=None):
        self._backend = backend

    @property
    def backend(self):
        if self._backend is not None:
            return self._backend
        try:
            import keyring
        except ImportError:
            return None
        return keyring.get_keyring()

    @property
    def available(self) -> bool:
        """Whether passwords can be kept: a keyring backend that is neither absent nor plain text."""
        backend = self.backend
        if backend is None:
            return False
        inner = getattr(backend, "backends", None)
        if inner is not None:  # keyring's chainer: usable when any backend behind it is
            return any(_safe_backend(b) for b in inner)
        return _safe_backend(backend)

    def get(self, profile: ConnectionProfile) -> str | None:
        if not self.available:
            return None
        try:
            return self.backend.get_password(KEYRING_SERVICE, profile.keyring_key)
        except Exception:  # a locked or broken keyring: ask the user instead
            return None

    def set(self, profile: ConnectionProfile, password: str) -> bool:
        """Keep the password; False when there is no safe place (then the caller asks next time)."""
        if not self.available:
            return False
        try:
            self.backend.set_password(KEYRING_SERVICE, profile.keyring_key, password)
        except Exception:
            return False
        return True

    def forget(self, profile: ConnectionProfile) -> None:
        if self.available:
            with contextlib.suppress(Exception):
                self.backend.delete_password(KEYRING_SERVICE, profile.keyring_key)


def _safe_backend(backend) -> bool:
    module = type(backend).__module__
    name = type(backend).__name__
    if module.startswith(("keyring.backends.fail", "keyring.backends.null", "keyring.backends.chainer")):
        return False
    # keyrings.alt's file backends keep passwords in a file anyone with the disk can read.
    if "plaintext" in name.lower() or module.startswith("keyrings.alt.file"):
        return False
    try:
        return float(backend.priority) > 0
    except Exception:
        return True


def with_stored_password(url: str, store: PasswordStore | None = None) -> str:
    """``url`` with the password from the keyring added when it names a user but no password.

    For ``--db postgresql+psycopg://user@host/db``: the password is looked up, never typed on
    the command line. Anything else is returned unchanged (libpq may still use PGPASSWORD or
    ~/.pgpass, or the server may not ask).
    """
    u = make_url(url)
    if u.get_backend_name() != "postgresql" or u.password or not u.username:
        return url
    password = (store or PasswordStore()).get(ConnectionProfile.from_url(url))
    return u.set(password=password).render_as_string(hide_password=False) if password else url


def hide_password(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


# --- "test connection" (named check_ so that pytest never collects it) --------------------------------------------------------------------------


@dataclass(frozen=True)
class ConnectionCheck:
    ok: bool
    message: str
    server_version: str = ""
    level: str | None = None  # the user's AssetDesk level (db.roles)
    schema: str = ""  # "current", "old", "missing"

    def as_json(self) -> dict:
        return asdict(self)


def check_connection(url: str, timeout: int = 5) -> ConnectionCheck:
    """Sign in, and say what this user may do there and whether the ledger is ready."""
    from db import migrate, roles

    u = make_url(url)
    args = {"connect_timeout": timeout} if u.get_backend_name() == "postgresql" else {}
    engine = create_engine(u, connect_args=args)
    try:
        with engine.connect() as conn:
            version = conn.execute(text("SELECT version()")).scalar() if conn.dialect.name == "postgresql" else "SQLite"
            role = roles.current_role(conn)
        try:
            current = migrate.current_revision(engine)
        except Exception:  # no right to read even the schema's version
            current = "?"
        schema = "current" if current == migrate.head_revision() else "missing" if current is None else "old"
        if role.level is None and role.roles_installed:
            msg = _("接続できましたが、この利用者には AssetDesk の権限がありません。")
            return ConnectionCheck(False, msg, str(version), None, schema)
        parts = [_("接続できました。権限: {level}").format(level=role.label)]
        if schema == "missing":
            parts.append(_("台帳はまだ作成されていません(管理者が開くと作成されます)。"))
        elif schema == "old":
            parts.append(_("台帳のスキーマは更新が必要です(管理者が開くと更新されます)。"))
        return ConnectionCheck(True, " ".join(parts), str(version), role.level, schema)
    except Exception as e:
        return ConnectionCheck(False, _connect_failure(e))
    finally:
        engine.dispose()


def _connect_failure(error: Exception) -> str:
    from db.roles import permission_problem

    problem = permission_problem(error)
    if problem is not None:
        return str(problem)
    first = str(getattr(error, "orig", error)).strip().splitlines()
    return _("接続できませんでした: {detail}").format(detail=first[0] if first else type(error).__name__)
