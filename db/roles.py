"""Who may do what on a shared (PostgreSQL) ledger, enforced by the database itself.

Three group roles, each holding the one before it:

- ``assetdesk_viewer``: read every table (and so print every report);
- ``assetdesk_editor``: also write the records; the history is append-only for editors
  (``change`` rows may only be inserted; of ``change_batch`` only ``undone_by_id`` may change, for
  undo), so an editor can neither rewrite nor erase who did what;
- ``assetdesk_admin``: owns the schema's tables, so it upgrades the schema, backs up, restores
  and grants the roles.

Staff log in with their own login role, made a member of one group role. The tables are owned
by ``assetdesk_admin`` (not by whoever ran a migration) and the migrations run under
``SET ROLE assetdesk_admin``, so that tables added by a later schema revision are owned by the
group too and pick up the grants through default privileges.

On SQLite there are no roles: the file's own permissions decide, and the user counts as admin.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.exc import DBAPIError

from assetdesk.i18n import N_, _
from db import changes as _changes  # noqa: F401  (a shared ledger's writers send NOTIFY on commit)
from db import models as M
from db.engine import is_sqlite

if TYPE_CHECKING:
    from db.ledger import Ledger

VIEWER, EDITOR, ADMIN = "viewer", "editor", "admin"
#: Application level (as users and the CLI name it) -> PostgreSQL group role.
GROUP_ROLES: dict[str, str] = {
    VIEWER: "assetdesk_viewer",
    EDITOR: "assetdesk_editor",
    ADMIN: "assetdesk_admin",
}
LEVEL_LABELS = {VIEWER: N_("閲覧者"), EDITOR: N_("編集者"), ADMIN: N_("管理者")}
#: Order of power: a level can do everything the ones before it can.
LEVELS = (VIEWER, EDITOR, ADMIN)

#: Tables whose rows editors may add but never change or remove (the history).
APPEND_ONLY = ("change", "change_batch")
#: The one column of the history an editor may set: the link from an operation to its undo.
UNDO_COLUMN = "undone_by_id"
#: Alembic's bookkeeping: only the admin (who migrates) writes it.
SCHEMA_TABLES = ("alembic_version",)
SCHEMA = "public"


class PermissionProblem(Exception):
    """The signed-in database user may not do this; ``str()`` is a message for the user."""


class LoginRefused(PermissionProblem):
    """The server refused the sign-in itself (unknown user, wrong or missing password)."""


@dataclass(frozen=True)
class RoleInfo:
    """What the current database user is, as far as AssetDesk is concerned."""

    login: str
    level: str | None  # VIEWER, EDITOR, ADMIN or None (no AssetDesk role at all)
    superuser: bool = False
    roles_installed: bool = True  # whether `roles setup` was run on this database

    @property
    def label(self) -> str:
        return _(LEVEL_LABELS[self.level]) if self.level else _("権限なし")

    def can(self, level: str) -> bool:
        return self.level is not None and LEVELS.index(self.level) >= LEVELS.index(level)

    def as_json(self) -> dict:
        return {"login": self.login, "level": self.level, "superuser": self.superuser,
                "roles_installed": self.roles_installed}


_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-@]{0,62}$")


def quote_ident(name: str) -> str:
    """A role name as a quoted identifier; names with odd characters are refused outright."""
    if not _IDENT.match(name):
        raise PermissionProblem(_("ロール名に使えない文字が含まれています: {name}").format(name=name))
    return '"' + name.replace('"', '""') + '"'


# --- who am I -----------------------------------------------------------------------------------


def current_role(conn_or_engine: Connection | Engine) -> RoleInfo:
    """The AssetDesk level of the connected user (the strongest group role it inherits)."""
    if isinstance(conn_or_engine, Engine):
        with conn_or_engine.connect() as conn:
            return current_role(conn)
    conn = conn_or_engine
    if conn.dialect.name == "sqlite":
        return RoleInfo(login="", level=ADMIN, roles_installed=False)
    login, superuser = conn.execute(text(
        "SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user")).one()
    installed = set(conn.execute(text("SELECT rolname FROM pg_roles WHERE rolname = ANY(:names)"),
                                 {"names": list(GROUP_ROLES.values())}).scalars())
    level = ADMIN if superuser else None
    if level is None:
        for name in reversed(LEVELS):
            group = GROUP_ROLES[name]
            # USAGE: the privileges are inherited (a NOINHERIT member would have to SET ROLE).
            if group in installed and conn.execute(
                    text("SELECT pg_has_role(current_user, :g, 'USAGE')"), {"g": group}).scalar():
                level = name
                break
    # Group roles are cluster-wide; a database is set up once its schema is given to the admin group.
    set_up = len(installed) == len(GROUP_ROLES) and bool(conn.execute(
        text("SELECT has_schema_privilege(:g, :s, 'CREATE')"), {"g": GROUP_ROLES[ADMIN], "s": SCHEMA}).scalar())
    return RoleInfo(login=login, level=level, superuser=bool(superuser), roles_installed=set_up)


# --- setting the roles up -----------------------------------------------------------------------


def setup_roles(engine: Engine) -> list[str]:
    """Create the group roles (when missing), hand the tables to ``assetdesk_admin`` and grant.

    Idempotent. Run by a superuser or a role with CREATEROLE that owns the tables (the owner of
    the database on a fresh server). Returns the SQL it ran, for the administrator's log.
    """
    if is_sqlite(engine):
        raise PermissionProblem(_("SQLite の台帳にはロールがありません(ファイルのアクセス権で管理してください)。"))
    done: list[str] = []
    with engine.connect() as conn, conn.begin():
        _translated(lambda: _create_groups(conn, done))
        database = conn.execute(text("SELECT current_database()")).scalar()
        admin = quote_ident(GROUP_ROLES[ADMIN])
        # Handing tables over and SET ROLE (the migrations below) need membership, unless superuser.
        me = conn.execute(text("SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user")).one()
        if not me.rolsuper and not conn.execute(text("SELECT pg_has_role(current_user, :g, 'MEMBER')"),
                                                 {"g": GROUP_ROLES[ADMIN]}).scalar():
            _run(conn, f"GRANT {admin} TO {quote_ident(me.current_user)}", done)
        for kind, relkinds in (("TABLE", "('r','p','v')"), ("SEQUENCE", "('S')")):
            names = conn.execute(text(
                "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                f"WHERE n.nspname = :s AND c.relkind IN {relkinds} "
                "AND pg_get_userbyid(c.relowner) <> :admin"),
                {"s": SCHEMA, "admin": GROUP_ROLES[ADMIN]}).scalars().all()
            for name in names:
                if kind == "SEQUENCE" and _owned_by_column(conn, name):
                    continue  # follows its table's owner
                _run(conn, f'ALTER {kind} {SCHEMA}."{name}" OWNER TO {admin}', done)
        _run(conn, f'GRANT CONNECT ON DATABASE "{database}" TO {quote_ident(GROUP_ROLES[VIEWER])}', done)
        _run(conn, f"GRANT USAGE, CREATE ON SCHEMA {SCHEMA} TO {admin}", done)
    from db import migrate

    # The schema is created or upgraded, and the grants given, as the owner group itself.
    with admin_engine(engine) as owner:
        backup = migrate.ensure_current(owner)
        if backup is not None:
            done.append(f"-- backup before the schema upgrade: {backup}")
        with owner.connect() as conn, conn.begin():
            apply_grants(conn, done)
    return done


def _create_groups(conn: Connection, done: list[str]) -> None:
    existing = set(conn.execute(text("SELECT rolname FROM pg_roles")).scalars())
    for level in LEVELS:
        name = GROUP_ROLES[level]
        if name not in existing:
            _run(conn, f"CREATE ROLE {quote_ident(name)} NOLOGIN", done)
    # Each level holds the one before it, so a privilege is granted once, at its lowest level.
    for lower, higher in ((VIEWER, EDITOR), (EDITOR, ADMIN)):
        if not conn.execute(text("SELECT pg_has_role(:h, :l, 'MEMBER')"),
                            {"h": GROUP_ROLES[higher], "l": GROUP_ROLES[lower]}).scalar():
            _run(conn, f"GRANT {quote_ident(GROUP_ROLES[lower])} TO {quote_ident(GROUP_ROLES[higher])}", done)


def _owned_by_column(conn: Connection, sequence: str) -> bool:
    return conn.execute(text(
        "SELECT EXISTS (SELECT 1 FROM pg_depend d JOIN pg_class c ON c.oid = d.objid "
        "WHERE c.relname = :n AND d.deptype IN ('a', 'i'))"), {"n": sequence}).scalar()


def apply_grants(conn: Connection, done: list[str] | None = None) -> None:
    """Grant each group what it may do on every table and sequence there is, and on the future ones.

    Runs as ``assetdesk_admin`` (the owner). Called by ``setup_roles`` and after each upgrade.
    """
    done = [] if done is None else done
    viewer, editor, admin = (quote_ident(GROUP_ROLES[x]) for x in LEVELS)
    tables = conn.execute(text(
        "SELECT tablename FROM pg_tables WHERE schemaname = :s ORDER BY tablename"), {"s": SCHEMA}).scalars().all()
    _run(conn, f"GRANT USAGE ON SCHEMA {SCHEMA} TO {viewer}", done)
    for name in tables:
        t = f'{SCHEMA}."{name}"'
        _run(conn, f"REVOKE ALL ON {t} FROM {viewer}, {editor}", done)
        _run(conn, f"GRANT SELECT ON {t} TO {viewer}", done)
        if name in SCHEMA_TABLES:
            continue
        if name in APPEND_ONLY:
            _run(conn, f"GRANT INSERT ON {t} TO {editor}", done)
            if name == M.ChangeBatch.__tablename__:
                _run(conn, f"GRANT UPDATE ({UNDO_COLUMN}) ON {t} TO {editor}", done)
        else:
            _run(conn, f"GRANT INSERT, UPDATE, DELETE ON {t} TO {editor}", done)
    _run(conn, f"GRANT SELECT ON ALL SEQUENCES IN SCHEMA {SCHEMA} TO {viewer}", done)
    _run(conn, f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {SCHEMA} TO {editor}", done)
    # Tables a later schema revision creates (as assetdesk_admin) get the same as ordinary records.
    default = f"ALTER DEFAULT PRIVILEGES FOR ROLE {admin} IN SCHEMA {SCHEMA}"
    _run(conn, f"{default} GRANT SELECT ON TABLES TO {viewer}", done)
    _run(conn, f"{default} GRANT INSERT, UPDATE, DELETE ON TABLES TO {editor}", done)
    _run(conn, f"{default} GRANT SELECT ON SEQUENCES TO {viewer}", done)
    _run(conn, f"{default} GRANT USAGE ON SEQUENCES TO {editor}", done)


def _run(conn: Connection, sql: str, done: list[str]) -> None:
    conn.exec_driver_sql(sql)
    done.append(sql)


def admin_engine(engine: Engine) -> _DisposingEngine:
    """An engine on the same database whose sessions run as ``assetdesk_admin`` (``SET ROLE``).

    Objects it creates are owned by the group, not by the person; for migrations and grants.
    Use it as a context manager (it is disposed at the end).
    """
    url = engine.url
    return _DisposingEngine(create_engine(url, connect_args={"options": f"-c role={GROUP_ROLES[ADMIN]}"},
                                          pool_pre_ping=True))


class _DisposingEngine:
    def __init__(self, engine: Engine):
        self.engine = engine

    def __enter__(self) -> Engine:
        return self.engine

    def __exit__(self, *exc) -> None:
        self.engine.dispose()


# --- granting staff their level -----------------------------------------------------------------


def grant(engine: Engine, login: str, level: str, *, create: bool = False, password: str | None = None) -> list[str]:
    """Make ``login`` a member of exactly one AssetDesk group (the one for ``level``).

    With ``create`` the login role is created first (``password`` set when given, sent to the
    server only, never logged: the returned SQL shows it as ``'***'``).
    """
    if level not in GROUP_ROLES:
        raise PermissionProblem(_("権限は viewer / editor / admin のいずれかです: {level}").format(level=level))
    done: list[str] = []
    who = quote_ident(login)
    with engine.connect() as conn, conn.begin():
        def work() -> None:
            exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": login}).first()
            if not exists:
                if not create:
                    raise PermissionProblem(_("ログインロール {login} がサーバにありません(--create で作成できます)。").format(login=login))
                conn.exec_driver_sql(f"CREATE ROLE {who} LOGIN" + (" PASSWORD %(pw)s" if password else ""),
                                     {"pw": password} if password else None)
                done.append(f"CREATE ROLE {who} LOGIN" + (" PASSWORD '***'" if password else ""))
            elif password:
                conn.exec_driver_sql(f"ALTER ROLE {who} PASSWORD %(pw)s", {"pw": password})
                done.append(f"ALTER ROLE {who} PASSWORD '***'")
            _revoke_groups(conn, login, done)
            _run(conn, f"GRANT {quote_ident(GROUP_ROLES[level])} TO {who}", done)
        _translated(work)
    return done


def revoke(engine: Engine, login: str) -> list[str]:
    """Take every AssetDesk group away from ``login`` (the login role itself stays)."""
    done: list[str] = []
    with engine.connect() as conn, conn.begin():
        _translated(lambda: _revoke_groups(conn, login, done))
    return done


def _revoke_groups(conn: Connection, login: str, done: list[str]) -> None:
    for group in GROUP_ROLES.values():
        if conn.execute(text(
                "SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
                "JOIN pg_roles u ON u.oid = m.member WHERE g.rolname = :g AND u.rolname = :u"),
                {"g": group, "u": login}).first():
            _run(conn, f"REVOKE {quote_ident(group)} FROM {quote_ident(login)}", done)


def members(engine: Engine) -> list[tuple[str, str]]:
    """(login, level) for every role that is a direct member of an AssetDesk group."""
    by_group = {g: lvl for lvl, g in GROUP_ROLES.items()}
    with engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT u.rolname, g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
            "JOIN pg_roles u ON u.oid = m.member WHERE g.rolname = ANY(:groups) AND u.rolname <> ALL(:groups) "
            "ORDER BY u.rolname"), {"groups": list(GROUP_ROLES.values())}).all()
    return [(login, by_group[group]) for login, group in rows]


# --- opening a shared ledger --------------------------------------------------------------------


def open_shared(url: str | None) -> tuple[Ledger, Path | None]:
    """Open the ledger at ``url``; create or upgrade its schema when the user may, else say why.

    Raises ``PermissionProblem`` (with a message for the user) when the schema is missing or
    old and the user is not an administrator, or when the user has no AssetDesk role at all.
    Returns ``(ledger, backup_path_or_None)``.
    """
    from db import migrate
    from db.ledger import Ledger

    ledger = Ledger(url)
    try:
        if ledger.is_sqlite:
            return ledger, migrate.ensure_current(ledger.engine)
        role = _translated(lambda: current_role(ledger.engine))
        if role.roles_installed and role.level is None:
            raise PermissionProblem(_("データベース利用者 {login} には AssetDesk の権限がありません。管理者に閲覧者・編集者・管理者のいずれかの付与を依頼してください。").format(login=role.login))
        current = _translated(lambda: migrate.current_revision(ledger.engine))
        if current == migrate.head_revision():
            return ledger, None
        migrate.check_known(current)
        if not role.can(ADMIN) and not (not role.roles_installed and _owns_schema(ledger.engine)):
            if current is None:
                msg = _("このデータベースにはまだ台帳がありません。作成には管理者権限が必要です(現在の権限: {level})。管理者に「assetdesk roles setup」の実行を依頼してください。")
            else:
                msg = _("台帳のスキーマが古いため更新が必要ですが、更新には管理者権限が必要です(現在の権限: {level})。管理者にこのバージョンで一度開いてもらってください。")
            raise PermissionProblem(msg.format(level=role.label))
        backup = _translated(lambda: _upgrade(ledger.engine, role))
        return ledger, backup
    except BaseException:
        ledger.dispose()
        raise


def _owns_schema(engine: Engine) -> bool:
    # Before `roles setup` the owner of the database may create the schema as itself.
    with engine.connect() as conn:
        return bool(conn.execute(text("SELECT has_schema_privilege(current_user, :s, 'CREATE')"),
                                 {"s": SCHEMA}).scalar())


def _upgrade(engine: Engine, role: RoleInfo) -> Path | None:
    from db import migrate

    if not role.roles_installed:
        return migrate.ensure_current(engine)
    with admin_engine(engine) as owner:
        backup = migrate.ensure_current(owner)
        with owner.connect() as conn, conn.begin():
            apply_grants(conn)
    return backup


# --- turning database refusals into messages -----------------------------------------------------


def permission_problem(error: BaseException) -> PermissionProblem | None:
    """A user message for a refusal by the database (privileges, login), else None."""
    orig = getattr(error, "orig", error)
    state = getattr(orig, "sqlstate", None)
    if state == "42501":  # insufficient_privilege
        return PermissionProblem(_("データベースが操作を拒否しました: この利用者にはその権限がありません。({detail})").format(
            detail=str(orig).splitlines()[0]))
    # At sign-in psycopg has no SQLSTATE; the server's words are all there is (English servers).
    words = str(orig).lower()
    login_refused = ("password authentication failed" in words or "no password supplied" in words
                     or "pg_hba.conf" in words or ('role "' in words and "does not exist" in words))
    if state in ("28000", "28P01") or (state is None and login_refused):  # invalid authorization / password
        return LoginRefused(_("データベースへのログインが拒否されました(利用者名またはパスワードを確認してください)。"))
    return None


def _translated(work):
    try:
        return work()
    except DBAPIError as e:
        problem = permission_problem(e)
        if problem is not None:
            raise problem from e
        raise
