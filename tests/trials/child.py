"""A child process that performs one write path and reports its progress through a pipe.

Run as ``python -m tests.trials.child PATH URL [ARG] --fd N``. It prepares what the write
needs (reads the workbook, builds the preview), writes ``ready`` to the pipe, then one ``s``
per SQL statement any engine sends while the write runs, and ``done`` when the write returned.
The parent (``killer.kill_during``) kills it with SIGKILL at a statement of its choosing, so
kills land at every stage: the backup taken first, the inserts, the history, the commit.

PATH is one of ``import`` (ARG: workbook), ``adopt`` (ARG: scenario id), ``restore`` (ARG:
backup file), ``demo`` (an empty ledger filled with the demo prefecture).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine, event

PATHS = ("import", "adopt", "restore", "demo")


class Progress:
    def __init__(self, fd: int):
        self.fd = fd
        self.on = False

    def send(self, word: str) -> None:
        os.write(self.fd, (word + "\n").encode())

    def statement(self, *_args) -> None:
        if self.on:
            self.send("s")


def prepare(path: str, url: str, arg: str | None) -> Callable[[], object]:
    """Everything before the write; returns the write itself."""
    from db.ledger import Ledger

    ledger = Ledger(url)  # already at the head revision: no upgrade, no backup here
    if path == "import":
        from importers.apply import apply_import
        from tests.trials.workbooks import preview_for

        preview = preview_for(ledger, [Path(arg or "")])
        return lambda: apply_import(ledger, preview)
    if path == "adopt":
        from db.planning import adopt

        return lambda: adopt(ledger, int(arg or "0"))
    if path == "restore":
        from db.backup import restore

        return lambda: restore(ledger.engine, Path(arg or ""))
    if path == "demo":
        from db.demo_load import load_demo

        return lambda: load_demo(ledger)
    raise SystemExit(f"unknown path {path}")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser()
    p.add_argument("path", choices=PATHS)
    p.add_argument("url")
    p.add_argument("arg", nargs="?")
    p.add_argument("--fd", type=int, required=True)
    a = p.parse_args(argv)
    progress = Progress(a.fd)
    write = prepare(a.path, a.url, a.arg)
    event.listen(Engine, "before_cursor_execute", progress.statement)  # every engine, even restore's own
    progress.send("ready")
    progress.on = True
    write()
    progress.on = False
    progress.send("done")
    return 0


if __name__ == "__main__":
    sys.exit(main())
