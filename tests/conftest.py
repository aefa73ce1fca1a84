"""Shared fixtures: a fresh ledger per test on SQLite and on a real PostgreSQL.

PostgreSQL tests need ``ASSETDESK_TEST_PG_URL`` (``.ci/pg.sh start`` sets it); without it they
are skipped, unless ``ASSETDESK_REQUIRE_PG=1`` (as in CI), where a missing server fails them.
Each PostgreSQL test gets its own database copied from a migrated template, so tests never
see each other's rows.
"""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PG_URL = os.environ.get("ASSETDESK_TEST_PG_URL")
REQUIRE_PG = os.environ.get("ASSETDESK_REQUIRE_PG") == "1"
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def pytest_addoption(parser):
    parser.addoption("--full-trials", action="store_true", help="run the crash/fault trials in full")


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path, monkeypatch):
    """Automatic backups and settings go to the test's own folder, never the user's."""
    home = tmp_path / "home"
    monkeypatch.setenv("ASSETDESK_HOME", str(home))
    monkeypatch.delenv("ASSETDESK_DB", raising=False)
    from assetdesk.i18n import set_language

    set_language("ja")
    yield


class PgServer:
    """Creates databases on the test server: templates once, copies per test."""

    def __init__(self, url: str):
        self.url = make_url(url)
        self.admin = create_engine(self.url, isolation_level="AUTOCOMMIT")
        self.templates: set[str] = set()

    def database_url(self, name: str) -> str:
        return self.url.set(database=name).render_as_string(hide_password=False)

    def create(self, template: str | None = None) -> str:
        name = f"t_{uuid.uuid4().hex[:12]}"
        with self.admin.connect() as c:
            c.execute(text(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")))
        return self.database_url(name)

    def drop(self, url: str) -> None:
        name = make_url(url).database
        with self.admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    def template(self, key: str, build) -> str:
        """A template database built once per session by ``build(url)``."""
        name = f"tpl_{key}"
        if name not in self.templates:
            with self.admin.connect() as c:
                c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                c.execute(text(f'CREATE DATABASE "{name}"'))
            build(self.database_url(name))
            self.templates.add(name)
        return name


@pytest.fixture(scope="session")
def pg_server():
    if not PG_URL:
        if REQUIRE_PG:
            pytest.fail("ASSETDESK_REQUIRE_PG=1 but ASSETDESK_TEST_PG_URL is not set")
        pytest.skip("no PostgreSQL server (set ASSETDESK_TEST_PG_URL, e.g. with .ci/pg.sh start)")
    server = PgServer(PG_URL)
    yield server
    server.admin.dispose()


def _migrated(url: str) -> None:
    from db.ledger import Ledger

    Ledger.open(url).dispose()


def _with_demo(url: str) -> None:
    from db.demo_load import load_demo
    from db.ledger import Ledger

    ledger = Ledger.open(url)
    load_demo(ledger)
    ledger.dispose()


@pytest.fixture(scope="session")
def sqlite_templates(tmp_path_factory):
    """Migrated (and demo-filled) SQLite files built once and copied per test."""
    folder = tmp_path_factory.mktemp("templates")
    built: dict[str, Path] = {}

    def get(key: str, build) -> Path:
        if key not in built:
            path = folder / f"{key}.sqlite"
            build(f"sqlite:///{path}")
            built[key] = path
        return built[key]

    return get


def _make_ledger(request, tmp_path, key: str, build):
    from db.ledger import Ledger

    backend = request.param
    if backend == "sqlite":
        src = request.getfixturevalue("sqlite_templates")(key, build)
        dest = tmp_path / "ledger.sqlite"
        shutil.copy(src, dest)
        ledger = Ledger.open(str(dest))
        yield ledger
        ledger.dispose()
    else:
        server: PgServer = request.getfixturevalue("pg_server")
        url = server.create(template=server.template(key, build))
        ledger = Ledger.open(url)
        yield ledger
        ledger.dispose()
        server.drop(url)


@pytest.fixture(params=BACKENDS)
def ledger(request, tmp_path):
    """An empty, migrated ledger on each backend."""
    yield from _make_ledger(request, tmp_path, "empty", _migrated)


@pytest.fixture(params=BACKENDS)
def demo_ledger(request, tmp_path):
    """A ledger holding the demo prefecture (scale 1) on each backend."""
    yield from _make_ledger(request, tmp_path, "demo", _with_demo)


@pytest.fixture
def sqlite_ledger(tmp_path, sqlite_templates):
    """An empty, migrated ledger on SQLite only (for tests that are not about the backend)."""
    from db.ledger import Ledger

    dest = tmp_path / "ledger.sqlite"
    shutil.copy(sqlite_templates("empty", _migrated), dest)
    ledger = Ledger.open(str(dest))
    yield ledger
    ledger.dispose()


@pytest.fixture
def sqlite_demo_ledger(tmp_path, sqlite_templates):
    """The demo prefecture on SQLite only (for tests that are not about the backend)."""
    from db.ledger import Ledger

    dest = tmp_path / "ledger.sqlite"
    shutil.copy(sqlite_templates("demo", _with_demo), dest)
    ledger = Ledger.open(str(dest))
    yield ledger
    ledger.dispose()
