"""Loading the demo prefecture at scale N through the ledger's write path (with history),
against a plain SQLAlchemy Core bulk insert of the same rows without history (the anchor).

    python -m bench.bench_demo_load [--scale 100] [--pg URL]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert, text

from assetdesk.demo import generate
from bench.harness import ratio, table
from db import models as M
from db.demo_load import load_demo
from db.ledger import Ledger
from db.records import LOAD_ORDER, RECORD_TYPES


def core_insert(ledger: Ledger, demo) -> None:
    """The anchor: the same rows, ids resolved in Python, one executemany per table."""
    lists = {"department": demo.departments, "section": demo.sections, "system": demo.systems,
             "host": demo.hosts, "server": demo.servers, "dependency": demo.dependencies}
    ids: dict[str, dict[str, int]] = {}
    with ledger.engine.begin() as conn:
        if ledger.is_sqlite:  # 集約先 may point at a later system of the same table
            conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
        for name in LOAD_ORDER:
            rt = RECORD_TYPES[name]
            if rt.code_field:
                ids[name] = {v[rt.code_field]: n for n, v in enumerate(lists[name], start=1)}
            rows = []
            for n, v in enumerate(lists[name], start=1):
                row = {c: v.get(c) for c in rt.column_fields} | {"id": n}
                for ref in rt.references:
                    code = v.get(ref.field)
                    row[ref.column] = ids[ref.target][code] if code else None
                rows.append(row)
            conn.execute(insert(rt.table), rows)
        links = [{"system_id": ids["system"][c], "server_id": ids["server"][s["server_code"]]}
                 for s in demo.servers for c in s.get("systems") or ()]
        conn.execute(insert(M.SystemServer.__table__), links)


def fresh(url: str | None, folder: Path, name: str) -> Ledger:
    if url:
        ledger = Ledger(url)
        with ledger.engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        ledger.dispose()
        return Ledger.open(url)
    return Ledger.open(str(folder / f"{name}.sqlite"))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=int, default=100)
    ap.add_argument("--pg", help="PostgreSQL URL of a scratch database (its schema is dropped)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        t0 = time.perf_counter()
        demo = generate(scale=args.scale)
        gen_s = time.perf_counter() - t0
        rows = sum(len(x) for x in (demo.departments, demo.sections, demo.systems, demo.hosts,
                                    demo.servers, demo.dependencies))

        anchor = fresh(args.pg, folder, "anchor")
        t0 = time.perf_counter()
        core_insert(anchor, demo)
        core_s = time.perf_counter() - t0
        anchor.dispose()

        ours = fresh(args.pg, folder, "ours")
        t0 = time.perf_counter()
        load_demo(ours, scale=args.scale)
        ours_s = time.perf_counter() - t0  # generates again inside: reported apart below
        ours.dispose()

    backend = "postgresql" if args.pg else "sqlite"
    table(f"demo --scale {args.scale} load ({backend}, {rows:,} records)",
          ["what", "seconds", "records/s", "ratio to anchor"],
          [["generate only", gen_s, int(rows / gen_s), ""],
           ["anchor: Core bulk insert, no history", core_s, int(rows / core_s), "1.00x"],
           ["assetdesk demo (generate + write path + history)", ours_s, int(rows / ours_s), ratio(ours_s, core_s)],
           ["  of which write path + history", ours_s - gen_s, int(rows / (ours_s - gen_s)),
            ratio(ours_s - gen_s, core_s)]])


if __name__ == "__main__":
    main()
