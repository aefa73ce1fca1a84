"""Roles on a real PostgreSQL: the database itself refuses what a user's level does not allow.

Each test gets its own database; the login roles are made per test (roles are cluster-wide)
and connect without a password (the test cluster trusts 127.0.0.1).
"""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from db import migrate, roles
from db.ledger import Ledger
from db.undo import undo_batch

pytestmark = pytest.mark.postgres


def _setup(url: str) -> None:
    engine = create_engine(url)
    roles.setup_roles(engine)  # migrates as assetdesk_admin; a copy keeps owners and grants
    engine.dispose()


@pytest.fixture
def shared(pg_server):
    """A database set up with the AssetDesk roles, and a factory of login roles on it."""
    url = pg_server.create(template=pg_server.template("shared_roles", _setup))
    su = create_engine(url)
    made: list[str] = []

    def login(level: str | None) -> str:
        name = f"t_{level or 'none'}_{uuid.uuid4().hex[:8]}"
        with pg_server.admin.connect() as c:
            c.execute(text(f'CREATE ROLE "{name}" LOGIN'))
        made.append(name)
        if level:
            roles.grant(su, name, level)
        return make_url(url).set(username=name).render_as_string(hide_password=False)

    yield url, su, login
    su.dispose()
    pg_server.drop(url)
    with pg_server.admin.connect() as c:
        for name in made:
            c.execute(text(f'DROP ROLE IF EXISTS "{name}"'))


def _department(op, code: str) -> int:
    return op.create("department", {"code": code, "name": f"部局{code}"})


def test_viewer_reads_but_the_database_refuses_its_writes(shared):
    url, _su, login = shared
    with Ledger(url).operation("edit") as op:
        dept = _department(op, "D01")
    viewer = Ledger(login(roles.VIEWER))
    try:
        assert roles.current_role(viewer.engine).level == roles.VIEWER
        with viewer.read() as conn:
            assert conn.execute(text("SELECT name FROM department")).scalar() == "部局D01"
        with pytest.raises(DBAPIError) as refused, viewer.operation("edit") as op:
            op.update("department", dept, {"name": "変更"}, expected_version=1)
        assert refused.value.orig.sqlstate == "42501"
        problem = roles.permission_problem(refused.value)
        assert problem is not None and "権限" in str(problem)
        with pytest.raises(DBAPIError), viewer.engine.begin() as conn:  # not even behind the app's back
            conn.execute(text("UPDATE department SET name = 'x'"))
    finally:
        viewer.dispose()
    with Ledger(url).read() as conn:
        assert conn.execute(text("SELECT name, version FROM department")).one() == ("部局D01", 1)


def test_editor_edits_and_undoes_but_cannot_rewrite_history_or_schema(shared):
    _url, _su, login = shared
    editor = Ledger(login(roles.EDITOR))
    try:
        assert roles.current_role(editor.engine).level == roles.EDITOR
        with editor.operation("edit") as op:
            dept = _department(op, "D02")
        with editor.operation("edit") as op:
            op.update("department", dept, {"name": "総務部"}, expected_version=1)
            batch = op.batch_id
        undo_batch(editor, batch)  # undo marks the batch: the one history column editors may set
        with editor.read() as conn:
            assert conn.execute(text("SELECT name FROM department")).scalar() == "部局D02"
            assert conn.execute(text("SELECT context->>'db_user' FROM change_batch WHERE id = :b"),
                                {"b": batch}).scalar() == make_url(editor.url).username
        for sql in ("DELETE FROM change", "UPDATE change SET after = NULL",
                    "UPDATE change_batch SET \"user\" = 'someone else'", "DELETE FROM change_batch",
                    "ALTER TABLE department ADD COLUMN x int", "DELETE FROM alembic_version",
                    "CREATE TABLE mine (id int)"):
            with pytest.raises(DBAPIError) as refused, editor.engine.begin() as conn:
                conn.execute(text(sql))
            assert refused.value.orig.sqlstate == "42501", sql
    finally:
        editor.dispose()


def test_whoami_grant_revoke_and_members(shared):
    _url, su, login = shared
    who = login(None)
    name = make_url(who).username
    engine = create_engine(who)
    try:
        assert roles.current_role(engine).level is None
        roles.grant(su, name, roles.ADMIN)
        assert roles.current_role(engine).level == roles.ADMIN
        roles.grant(su, name, roles.VIEWER)  # one level at a time: the admin grant goes
        assert roles.current_role(engine).level == roles.VIEWER
        assert (name, roles.VIEWER) in roles.members(su)
        roles.revoke(su, name)
        assert roles.current_role(engine).level is None
        assert name not in dict(roles.members(su))
        assert roles.current_role(su).level == roles.ADMIN  # the superuser
    finally:
        engine.dispose()
    with pytest.raises(roles.PermissionProblem):
        roles.grant(su, "x; DROP TABLE system", roles.VIEWER)
    with pytest.raises(roles.PermissionProblem):
        roles.grant(su, f"nobody_{uuid.uuid4().hex[:6]}", roles.VIEWER)  # no --create


def test_only_an_admin_creates_or_upgrades_the_schema_and_others_are_told_why(shared, pg_server):
    _url, _su, login = shared
    editor_url, admin_url, none_url = login(roles.EDITOR), login(roles.ADMIN), login(None)
    # A second database of the same server, left at an older schema revision by its owner group.
    old = pg_server.create()
    try:
        with create_engine(old).connect() as c:
            c.execute(text(f"GRANT USAGE, CREATE ON SCHEMA public TO {roles.GROUP_ROLES[roles.ADMIN]}"))
            c.commit()
        with roles.admin_engine(create_engine(old)) as owner:
            migrate.upgrade(owner, "0002")
            with owner.begin() as conn:
                roles.apply_grants(conn)
        for_db = lambda u: make_url(u).set(database=make_url(old).database).render_as_string(hide_password=False)  # noqa: E731

        with pytest.raises(roles.PermissionProblem) as refused:
            roles.open_shared(for_db(editor_url))
        assert "管理者" in str(refused.value) and "編集者" in str(refused.value)

        ledger, _backup = roles.open_shared(for_db(admin_url))  # upgrades, as assetdesk_admin
        ledger.dispose()
        assert migrate.current_revision(create_engine(old)) == migrate.head_revision()
        with create_engine(old).connect() as c:
            owner_of = c.execute(text("SELECT tableowner FROM pg_tables WHERE tablename = 'consolidation_proposal'")).scalar()
            assert owner_of == roles.GROUP_ROLES[roles.ADMIN]
        # The table the upgrade added is granted like the others (default privileges).
        editor, _ = roles.open_shared(for_db(editor_url))
        try:
            with editor.engine.connect() as c:
                assert c.execute(text("SELECT has_table_privilege('consolidation_proposal', 'INSERT')")).scalar()
                assert not c.execute(text("SELECT has_table_privilege('change', 'DELETE')")).scalar()
        finally:
            editor.dispose()
        with pytest.raises(roles.PermissionProblem) as refused:
            roles.open_shared(for_db(none_url))
        assert "権限がありません" in str(refused.value)
    finally:
        pg_server.drop(old)


def test_restore_replaces_the_shared_ledger_for_an_admin_only(shared, tmp_path):
    from db.backup import backup, restore

    url, _su, login = shared
    local = Ledger.open(str(tmp_path / "local.sqlite"))
    with local.operation("edit") as op:
        _department(op, "L01")
    file = backup(local.engine, tmp_path / "local-backup.sqlite")
    local.dispose()
    with Ledger(url).operation("edit") as op:
        _department(op, "S01")

    editor = Ledger(login(roles.EDITOR))
    try:
        with pytest.raises(DBAPIError) as refused:
            restore(editor.engine, file)
        assert refused.value.orig.sqlstate == "42501"  # the history is not an editor's to replace
    finally:
        editor.dispose()
    admin = Ledger(login(roles.ADMIN))  # a login role, not a superuser
    try:
        assert not roles.current_role(admin.engine).superuser
        restore(admin.engine, file)
        with admin.read() as conn:
            assert conn.execute(text("SELECT code FROM department")).scalars().all() == ["L01"]
        with admin.operation("edit") as op:  # the sequences were reset by their owner: ids go on
            _department(op, "S02")
    finally:
        admin.dispose()


def test_the_database_owner_with_createrole_sets_up_without_a_superuser(pg_server):
    owner = f"t_owner_{uuid.uuid4().hex[:8]}"
    with pg_server.admin.connect() as c:
        c.execute(text(f'CREATE ROLE "{owner}" LOGIN CREATEROLE'))
    url = pg_server.create()
    name = make_url(url).database
    with pg_server.admin.connect() as c:
        c.execute(text(f'ALTER DATABASE "{name}" OWNER TO "{owner}"'))
    as_owner = make_url(url).set(username=owner).render_as_string(hide_password=False)
    engine = create_engine(as_owner)
    try:
        roles.setup_roles(engine)
        info = roles.current_role(engine)
        assert info.level == roles.ADMIN and not info.superuser
        assert migrate.current_revision(engine) == migrate.head_revision()
        with engine.connect() as c:
            owners = set(c.execute(text("SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'")).scalars())
        assert owners == {roles.GROUP_ROLES[roles.ADMIN]}
        assert roles.setup_roles(engine)  # again: nothing breaks
    finally:
        engine.dispose()
        pg_server.drop(url)
        with pg_server.admin.connect() as c:
            c.execute(text(f'DROP ROLE IF EXISTS "{owner}"'))
