"""`assetdesk roles …` and `connect-test` against a real PostgreSQL."""

from __future__ import annotations

import json
import uuid

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from ui.cli import main

pytestmark = pytest.mark.postgres


def test_setup_grant_whoami_revoke(pg_server, capsys):
    url = pg_server.create()
    login = f"t_cli_{uuid.uuid4().hex[:8]}"
    as_login = make_url(url).set(username=login).render_as_string(hide_password=False)
    try:
        assert main(["--db", url, "roles", "setup", "--json"]) == 0
        statements = json.loads(capsys.readouterr().out)["statements"]
        assert any("ALTER DEFAULT PRIVILEGES" in s for s in statements)
        assert main(["--db", url, "roles", "grant", login, "editor"]) == 1  # no such login yet
        assert "--create" in capsys.readouterr().err
        assert main(["--db", url, "roles", "grant", login, "editor", "--create"]) == 0
        capsys.readouterr()
        assert main(["--db", as_login, "roles", "whoami", "--json"]) == 0
        assert json.loads(capsys.readouterr().out) == {
            "login": login, "level": "editor", "superuser": False, "roles_installed": True}
        assert main(["--db", url, "roles", "list", "--json"]) == 0
        assert {"login": login, "level": "editor"} in json.loads(capsys.readouterr().out)
        assert main(["--db", as_login, "roles", "grant", login, "admin"]) == 1  # an editor may not
        assert "エラー" in capsys.readouterr().err
        assert main(["--db", as_login, "connect-test", "--json"]) == 0
        assert json.loads(capsys.readouterr().out)["schema"] == "current"
        assert main(["--db", url, "roles", "revoke", login]) == 0
        assert main(["--db", as_login, "connect-test"]) == 1
        assert "権限がありません" in capsys.readouterr().err
    finally:
        pg_server.drop(url)
        with pg_server.admin.connect() as c:
            c.execute(text(f'DROP ROLE IF EXISTS "{login}"'))


def test_roles_on_sqlite_are_refused(tmp_path, capsys):
    assert main(["--db", str(tmp_path / "x.sqlite"), "roles", "setup"]) == 1
    assert "PostgreSQL" in capsys.readouterr().err
