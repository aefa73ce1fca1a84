"""Commands for the shared (PostgreSQL) ledger: roles and a connection test.

    assetdesk --db postgresql+psycopg://admin@server/assetdesk roles setup
    assetdesk --db ... roles grant tanaka editor [--create] [--password]
    assetdesk --db ... roles revoke tanaka
    assetdesk --db ... roles list [--json]
    assetdesk --db ... roles whoami [--json]
    assetdesk --db ... connect-test [--json]

A password is never an argument (it would stay in the shell history): ``--db`` without one
takes it from the OS keyring (see db/connection.py), libpq's PGPASSWORD or ~/.pgpass.
"""

from __future__ import annotations

import sys

from assetdesk.i18n import _
from ui.cli import EXIT_OK, EXIT_REFUSED, Refused, add_json_flag, print_json

ORDER = 90  # place of these commands in --help


LEVEL_CHOICES = ("viewer", "editor", "admin")


def add_commands(sub) -> None:
    p = sub.add_parser("roles", help=_("共有台帳 (PostgreSQL) の権限: 閲覧者・編集者・管理者"))
    rs = p.add_subparsers(dest="roles_command", metavar=_("操作"), required=True)

    q = rs.add_parser("setup", help=_("権限グループを作成し、台帳の表に権限を設定する(スキーマも作成・更新)"))
    add_json_flag(q)
    q.set_defaults(run=run_setup)

    q = rs.add_parser("grant", help=_("ログインロールに権限を付与する(それまでの権限は外す)"))
    q.add_argument("login", help=_("データベースのログインロール名"))
    q.add_argument("level", choices=LEVEL_CHOICES, help=_("viewer=閲覧・印刷 / editor=編集・取込 / admin=スキーマ・バックアップ・復元・権限"))
    q.add_argument("--create", action="store_true", help=_("ログインロールがなければ作成する"))
    q.add_argument("--password", action="store_true", help=_("パスワードを設定する(端末で入力)"))
    q.set_defaults(run=run_grant)

    q = rs.add_parser("revoke", help=_("ログインロールから AssetDesk の権限を外す"))
    q.add_argument("login", help=_("データベースのログインロール名"))
    q.set_defaults(run=run_revoke)

    q = rs.add_parser("list", help=_("権限を持つログインロールの一覧"))
    add_json_flag(q)
    q.set_defaults(run=run_list)

    q = rs.add_parser("whoami", help=_("接続している利用者とその権限"))
    add_json_flag(q)
    q.set_defaults(run=run_whoami)

    p = sub.add_parser("connect-test", help=_("台帳のデータベースに接続できるか、権限とスキーマの状態を確かめる"))
    add_json_flag(p)
    p.set_defaults(run=run_connect_test)


def _url(args) -> str:
    from db.connection import with_stored_password
    from db.engine import resolve_url

    return with_stored_password(resolve_url(args.db))


def _engine(args):
    from db.engine import is_sqlite, make_engine

    url = _url(args)
    if is_sqlite(url):
        raise Refused(_("権限は共有台帳 (PostgreSQL) にのみあります。--db に postgresql+psycopg://… を指定してください。"))
    return make_engine(url)


def _guarded(work):
    """Run ``work``; a refusal by the database or a PermissionProblem becomes exit code 1."""
    from sqlalchemy.exc import DBAPIError

    from db.roles import PermissionProblem, permission_problem

    try:
        return work()
    except PermissionProblem as e:
        raise Refused(str(e)) from e
    except DBAPIError as e:
        problem = permission_problem(e)
        if problem is None:
            raise Refused(_("データベースの操作に失敗しました: {detail}").format(
                detail=str(getattr(e, "orig", e)).strip().splitlines()[0])) from e
        raise Refused(str(problem)) from e


def _log(statements: list[str]) -> None:
    for sql in statements:
        print(sql, file=sys.stderr)


def run_setup(args) -> int:
    from db.roles import setup_roles

    engine = _engine(args)
    try:
        done = _guarded(lambda: setup_roles(engine))
    finally:
        engine.dispose()
    if args.json:
        print_json({"statements": done})
    else:
        _log(done)
        print(_("権限を設定しました({n} 件の SQL)。").format(n=len(done)), file=sys.stderr)
    return EXIT_OK


def run_grant(args) -> int:
    from db.roles import grant

    password = _ask_password(args.login) if args.password else None
    engine = _engine(args)
    try:
        done = _guarded(lambda: grant(engine, args.login, args.level, create=args.create, password=password))
    finally:
        engine.dispose()
    _log(done)
    print(_("{login} に権限「{level}」を付与しました。").format(login=args.login, level=_level_label(args.level)), file=sys.stderr)
    return EXIT_OK


def _ask_password(login: str) -> str:
    import getpass

    if not sys.stdin.isatty():
        raise Refused(_("パスワードは端末で入力してください(コマンドラインや標準入力からは受け付けません)。"))
    first = getpass.getpass(_("{login} のパスワード: ").format(login=login))
    if not first or first != getpass.getpass(_("もう一度: ")):
        raise Refused(_("パスワードが空か、2 回の入力が一致しません。"))
    return first


def run_revoke(args) -> int:
    from db.roles import revoke

    engine = _engine(args)
    try:
        done = _guarded(lambda: revoke(engine, args.login))
    finally:
        engine.dispose()
    _log(done)
    if not done:
        print(_("{login} には AssetDesk の権限がありませんでした。").format(login=args.login), file=sys.stderr)
    return EXIT_OK


def run_list(args) -> int:
    from db.roles import members

    engine = _engine(args)
    try:
        rows = _guarded(lambda: members(engine))
    finally:
        engine.dispose()
    if args.json:
        print_json([{"login": login, "level": level} for login, level in rows])
        return EXIT_OK
    for login, level in rows:
        print(f"{login}\t{_level_label(level)}")
    return EXIT_OK


def run_whoami(args) -> int:
    from db.engine import make_engine
    from db.roles import current_role

    engine = make_engine(_url(args))  # SQLite too: there the user counts as admin
    try:
        role = _guarded(lambda: current_role(engine))
    finally:
        engine.dispose()
    if args.json:
        print_json(role.as_json())
        return EXIT_OK
    print(_("利用者: {login} / 権限: {level}").format(login=role.login or "-", level=role.label))
    if not role.roles_installed and engine.dialect.name == "postgresql":
        print(_("このデータベースには AssetDesk の権限がまだ設定されていません(assetdesk roles setup)。"), file=sys.stderr)
    return EXIT_OK


def _level_label(level: str | None) -> str:
    from db.roles import LEVEL_LABELS

    return _(LEVEL_LABELS[level]) if level else _("権限なし")


def run_connect_test(args) -> int:
    from db.connection import check_connection

    check = check_connection(_url(args))
    if args.json:
        print_json(check.as_json())
    else:
        print(check.message, file=sys.stderr)
    return EXIT_OK if check.ok else EXIT_REFUSED
