"""The ``assetdesk`` command: no command opens the GUI; commands reach every job headless.

Exit codes (shared/spec/cli.md): 0 success, 1 input refused (reasons printed), 2 wrong usage.
``--json`` prints exactly one JSON document on stdout; messages go to stderr.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from sqlalchemy.exc import DBAPIError, OperationalError

from assetdesk.i18n import _, set_language
from db.ledger import LedgerError

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2


class Refused(Exception):
    """The input was refused; the message says why (exit code 1)."""


def _command_modules():
    """Every module of ``ui.commands``; each adds its own subcommands."""
    import importlib
    import pkgutil

    import ui.commands as package

    modules = [importlib.import_module(f"ui.commands.{m.name}") for m in pkgutil.iter_modules(package.__path__)]
    # Each module may say where its commands belong in --help (ORDER); the rest follow by name.
    return sorted(modules, key=lambda m: (getattr(m, "ORDER", 50), m.__name__))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="assetdesk",
        description=_("情報システム資産台帳 AssetDesk。コマンドを省略すると画面が開きます。"),
    )
    parser.add_argument("--db", metavar="URL|PATH",
                        help=_("台帳のデータベース (SQLAlchemy URL または SQLite ファイル)。既定: $ASSETDESK_DB またはユーザーデータフォルダ"))
    parser.add_argument("--lang", choices=("ja", "en"), help=_("表示言語 (既定: ja)"))
    parser.add_argument("--version", action="version", version="%(prog)s " + _version())
    sub = parser.add_subparsers(dest="command", metavar=_("コマンド"))
    for module in _command_modules():
        module.add_commands(sub)
    return parser


def _version() -> str:
    from assetdesk import __version__

    return __version__


def version_text() -> str:
    return f"AssetDesk {_version()}"


def _pre_language(argv: Sequence[str]) -> None:
    """Set the language before the parser is built, so that --help is translated too."""
    lang = None
    for i, a in enumerate(argv):
        if a == "--lang" and i + 1 < len(argv):
            lang = argv[i + 1]
        elif a.startswith("--lang="):
            lang = a.split("=", 1)[1]
    set_language(lang)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    _pre_language(argv)
    parser = build_parser()
    args = parser.parse_args(argv)  # exits with 2 on wrong usage
    from ui.logs import LOG, start_logging

    start_logging(argv)
    if not args.command:
        from ui.app import run_gui

        return run_gui(args.db, args.lang)
    try:
        return int(args.run(args) or EXIT_OK)
    except Refused as e:
        LOG.info("refused: %s", e)
        print(_("エラー: {message}").format(message=e), file=sys.stderr)
        return EXIT_REFUSED
    except KeyboardInterrupt:
        print(_("中断しました。"), file=sys.stderr)
        return 130
    except LedgerError as e:  # refusals not caught by a command (storage, stale writes)
        print(_("エラー: {message}").format(message=e), file=sys.stderr)
        return EXIT_REFUSED
    except DBAPIError as e:
        from db.ledger import storage_problem
        from db.roles import permission_problem

        problem = permission_problem(e) or storage_problem(e)
        if problem is None and isinstance(e, OperationalError):  # server down, no such database
            problem = _("データベースに接続できませんでした: {error}").format(error=str(e.orig).strip().splitlines()[0])
        if problem is None:
            raise
        print(_("エラー: {message}").format(message=problem), file=sys.stderr)
        return EXIT_REFUSED
    except BrokenPipeError:  # output piped into `head` and the like
        sys.stderr.close()
        return EXIT_OK
    except OSError as e:  # a file that cannot be read or written
        print(_("エラー: {message}").format(message=e), file=sys.stderr)
        return EXIT_REFUSED


def open_ledger(args):
    """The ledger named by --db, created or upgraded (after a backup) on first use.

    On a shared server the database decides: a user without the right to create or upgrade
    the schema is told so (exit 1), and the password may come from the OS keyring.
    """
    from db.connection import with_stored_password
    from db.engine import resolve_url
    from db.roles import PermissionProblem, open_shared

    try:
        ledger, backup = open_shared(with_stored_password(resolve_url(args.db)))
    except PermissionProblem as e:
        raise Refused(str(e)) from e
    if backup is not None:
        print(_("スキーマを更新しました(更新前のバックアップ: {path})").format(path=backup), file=sys.stderr)
    return ledger


def add_json_flag(parser) -> None:
    """``--json``: print one JSON document on stdout and nothing else there."""
    parser.add_argument("--json", action="store_true", help=_("JSON で出力する"))


def progress_line(fraction: float, message: str) -> None:
    """A progress callback for long commands: one updating line on a terminal, nothing otherwise."""
    if sys.stderr.isatty():
        print(f"\r{fraction:4.0%} {message}\033[K", end="", file=sys.stderr, flush=True)


def end_progress() -> None:
    if sys.stderr.isatty():
        print(file=sys.stderr)


def print_json(data) -> None:
    import json

    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")



if __name__ == "__main__":
    # Under `python -m ui.cli` this file runs as __main__; the commands raise ui.cli's Refused,
    # so run main() from ui.cli itself.
    from ui.cli import main as _main

    sys.exit(_main())
