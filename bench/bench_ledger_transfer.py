"""A whole ledger into an empty database (issue 13): `export --what all` then `import`, against the
anchor `backup` then `restore` of the same ledger. Both must give the same records; the workbook
path is what a division uses to start from, or move between, spreadsheets.

    python -m bench.bench_ledger_transfer [--scale N]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from bench.harness import ratio, table


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, default=1)
    args = parser.parse_args()

    from db.backup import backup, restore
    from db.demo_load import load_demo
    from db.ledger import Ledger
    from importers.apply import apply_import, preview_import
    from importers.export import export_ledger

    with tempfile.TemporaryDirectory() as d:
        folder = Path(d)
        demo = Ledger.open(str(folder / "demo.sqlite"))
        load_demo(demo, scale=args.scale)

        start = time.perf_counter()
        out = export_ledger(demo, folder / "all.xlsx", "all")
        exported = time.perf_counter() - start
        target = Ledger.open(str(folder / "from_workbook.sqlite"))
        start = time.perf_counter()
        preview = preview_import(target, [out])
        preview.accept_all()
        result = apply_import(target, preview, backup=False)
        imported = time.perf_counter() - start
        assert result.applied and not preview.errors

        start = time.perf_counter()
        backup(demo.engine, folder / "copy.sqlite")
        backed_up = time.perf_counter() - start
        restored_into = Ledger.open(str(folder / "restored.sqlite"))
        start = time.perf_counter()
        restore(restored_into.engine, folder / "copy.sqlite")
        restored = time.perf_counter() - start

        records = result.created
        table(f"Whole ledger into an empty database (demo scale {args.scale}, {records:,} records)",
              ["path", "out (s)", "in (s)", "total (s)", "records/s in", "vs backup/restore"],
              [["export + import", exported, imported, exported + imported, round(records / imported),
                ratio(exported + imported, backed_up + restored)],
               ["backup + restore (anchor)", backed_up, restored, backed_up + restored,
                round(records / restored), "1.00x"]])
        for ledger in (demo, target, restored_into):
            ledger.dispose()


if __name__ == "__main__":
    main()
