"""Reading returned files off the GUI thread, file by file, with progress and cancel.

``importers.apply.preview_import`` does the same in one call but has no progress or cancel
hooks; parsing 100 workbooks takes long enough that the user must see it move and be able to
stop. This composes the importer's public steps (saved mappings, ``parse_file`` per file,
``build_preview``) and changes nothing in them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from assetdesk.i18n import _
from db.ledger import Ledger, load_values
from importers.diff import ImportPreview, build_preview
from importers.mapping import saved_mappings
from importers.survey_import import expand_paths, parse_file


class Cancelled(Exception):
    """The user stopped the reading; nothing was written."""


def load_preview(ledger: Ledger, paths: Sequence[str | Path], *,
                 pinned: Mapping[str, Mapping[str, str | None]] | None = None,
                 progress: Callable[[float, str], None] | None = None,
                 cancel: Callable[[], bool] | None = None) -> ImportPreview:
    """What ``preview_import`` returns, reporting ``progress(fraction, message)`` per file."""
    progress = progress or (lambda f, m: None)
    cancel = cancel or (lambda: False)
    files = expand_paths(paths)
    with ledger.read() as conn:
        saved = saved_mappings(conn)
    parsed = []
    for i, path in enumerate(files):
        if cancel():
            raise Cancelled()
        progress(i / max(len(files), 1) * 0.9, _("読込中 {n}/{total}: {name}").format(
            n=i + 1, total=len(files), name=path.name))
        parsed.append(parse_file(path, pinned=pinned, saved=saved))
    if cancel():
        raise Cancelled()
    progress(0.92, _("台帳と照合しています…"))
    with ledger.read() as conn:
        return build_preview(conn, parsed)


def record_names(ledger: Ledger) -> dict[tuple[str, str], str]:
    """(record type, code) -> the name people know a record by: a system's name, a host name."""
    with ledger.read() as conn:
        systems = load_values(conn, "system").values()
        servers = load_values(conn, "server").values()
    return ({("system", v["system_code"]): v["name"] for v in systems}
            | {("server", v["server_code"]): v["hostname"] for v in servers})
