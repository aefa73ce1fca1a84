"""Realistic import workbooks: the ledger exported after a round of survey-like edits.

``edited_export`` copies a SQLite ledger, edits the copy as a survey round would (changed
user counts, memory, notes, locations; new systems with their servers), and exports the copy
with AssetDesk's own exporter. Importing that workbook into the original ledger is an import
of about ``changed + 2 * new`` rows; the copy's state is what a successful import should give.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

from db.ledger import Ledger, load_values
from importers.export import export_ledger
from tests.factories import blank

NOTES = ("更新予定", "保守契約見直し", "クラウド移行を検討", "利用者増", "ＯＳ更新済み", "=SUM(A1)", " 前後に空白 ")


def edited_export(ledger_file: Path, out: Path, *, changed: int, new: int, seed: int) -> Path:
    """Export (to ``out``) a copy of the SQLite ledger ``ledger_file`` after random edits."""
    rng = random.Random(seed)
    work = out.with_suffix(".edited.sqlite")
    shutil.copy(ledger_file, work)
    ledger = Ledger.open(str(work))
    try:
        with ledger.read() as conn:
            systems = load_values(conn, "system")
            servers = load_values(conn, "server")
            sections = sorted(v["code"] for v in load_values(conn, "section").values())
        with ledger.operation("edit", "trial edits") as op:
            for sid in rng.sample(sorted(systems), min(changed // 2, len(systems))):
                op.update("system", sid, {"users": rng.randint(1, 20000), "notes": rng.choice(NOTES)}, None)
            # servers in the zone of their systems (the importer rightly questions the others)
            zone_of = {v["system_code"]: v["network_zone"] for v in systems.values()}
            plain = sorted(i for i, v in servers.items()
                           if v["systems"] and all(zone_of.get(c) == v["network_zone"] for c in v["systems"]))
            for sid in rng.sample(plain, min(changed - changed // 2, len(plain))):
                op.update("server", sid, {"memory_gb": float(rng.choice((8, 16, 24, 32, 64, 96))),
                                          "location": rng.choice(("本庁舎3F", "分庁舎B1", "ＤＣ"))}, None)
            for i in range(new):
                code = f"SYS-9{i:03d}"
                op.create("system", blank("system", system_code=code, name=f"試行システム{i}",
                                          section=rng.choice(sections), network_zone="lgwan", status="active",
                                          users=rng.randint(1, 500)))
                op.create("server", blank("server", server_code=f"SRV-9{i:04d}", hostname=f"trial-{seed}-{i}",
                                          systems=(code,), network_zone="lgwan", kind="physical",
                                          migration_status="pending", cpu_cores=4, memory_gb=16.0))
        return export_ledger(ledger, out)
    finally:
        ledger.dispose()
        for suffix in ("", "-wal", "-shm"):
            Path(str(work) + suffix).unlink(missing_ok=True)


def preview_for(ledger: Ledger, files: list[Path]):
    """The import preview of ``files`` against ``ledger``, every change accepted (as the CLI does)."""
    from importers.diff import build_preview
    from importers.survey_import import parse_files

    parsed = parse_files(files)
    with ledger.read() as conn:
        preview = build_preview(conn, parsed)
    preview.accept_all()
    # A section whose answer has an error is left out, as a user would in the preview (the demo
    # prefecture holds a few servers whose zone differs from their system's, which the importer
    # rightly flags even when the row is unchanged).
    for s in preview.sections:
        if s.errors:
            s.accept(False)
    return preview
