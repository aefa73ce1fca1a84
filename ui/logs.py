"""The log file support asks for: start-up, the ledger opened, refusals and every uncaught error,
in the user's data folder (``logs/assetdesk.log``, rotated at 1 MB, five kept)."""

from __future__ import annotations

import logging
import logging.handlers
import platform
import sys
from pathlib import Path

LOG = logging.getLogger("assetdesk")
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def log_file() -> Path:
    from db.engine import data_dir

    return data_dir() / "logs" / "assetdesk.log"


def start_logging(argv: list[str]) -> Path | None:
    """Log to the file (once per process) and record what started; None if it cannot be written."""
    path = log_file()
    if any(isinstance(h, logging.handlers.RotatingFileHandler) for h in LOG.handlers):
        return path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    except OSError:
        return None  # a read-only data folder must not stop the application
    handler.setFormatter(logging.Formatter(_FORMAT))
    LOG.addHandler(handler)
    LOG.setLevel(logging.INFO)
    LOG.propagate = False
    from ui.cli import version_text

    LOG.info("start %s (Python %s, %s) args=%s", version_text(), platform.python_version(), platform.platform(),
             " ".join(_without_secrets(argv)))
    previous = sys.excepthook

    def log_uncaught(kind, value, tb):
        LOG.critical("uncaught error", exc_info=(kind, value, tb))
        previous(kind, value, tb)

    sys.excepthook = log_uncaught
    return path


def _without_secrets(argv: list[str]) -> list[str]:
    """Arguments as logged: a database URL's password never reaches the file."""
    from sqlalchemy.engine import make_url

    out = []
    for a in argv:
        if "://" in a:
            try:
                a = make_url(a).render_as_string(hide_password=True)
            except Exception:
                a = "<url>"
        out.append(a)
    return out
