"""Many users on one shared ledger: N client processes edit, import and read for S seconds.

    python bench/bench_shared_load.py [--clients 10] [--seconds 60] [--pg URL] [--anchor-seconds 10]

Against a scratch database on the PostgreSQL server at ``--pg`` (default $ASSETDESK_TEST_PG_URL,
a superuser URL; the database and an editor login role are made here and dropped at the end).
Clients sign in as that *editor* role, so the load runs under the grants of db/roles.py.

Each client, at random:
- edits one host with the version it read (10% on purpose with an older version: these must
  all be refused), after a short "think time" in which another client may get in first;
- imports a small survey: 5 new hosts (create_many) and 2 existing hosts updated with the
  versions read before, all in one operation (refused whole when one of them is stale);
- reads 20 hosts, and polls its ChangeWatcher (LISTEN/NOTIFY) for others' operations.

Every write carries a value unique to it. At the end the acknowledged writes (those whose
operation returned) are checked against the database: each batch is in change_batch with its
change rows; each record's acknowledged versions run 2, 3, … without a gap and its final row
holds the values of its last acknowledged write (zero lost updates); no refused operation left
a batch. The anchor is the same load with one client.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from bench.harness import ratio, table

HOSTS = 100
ZONES = ("mynumber", "lgwan", "internet", "closed")
EDIT, IMPORT = 0.50, 0.15  # the rest reads
DELIBERATE = 0.10  # of edits: sent with an older version on purpose


# --- a client process ---------------------------------------------------------------------------


def client(n: int, url: str, seconds: float, host_ids: list[int], out: str) -> None:
    from db.changes import ChangeWatcher
    from db.ledger import Ledger, StaleWrite, load_values

    rng = random.Random(1000 + n)
    ledger = Ledger(url)
    heard = Counter()
    watcher = ChangeWatcher(ledger.engine, callback=lambda e: heard.update(batches=len(e.batches), events=1))
    stats: Counter = Counter()
    acks: list[dict] = []
    latency: dict[str, list[float]] = {"edit": [], "import": [], "read": []}
    seq = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        seq += 1
        unique = float(n * 1_000_000 + seq)  # the value only this write ever writes
        pick = rng.random()
        start = time.perf_counter()
        try:
            if pick < EDIT:
                hid = rng.choice(host_ids)
                with ledger.read() as conn:
                    seen = load_values(conn, "host", [hid])[hid]
                deliberate = seen["version"] > 1 and rng.random() < DELIBERATE
                expected = seen["version"] - 1 if deliberate else seen["version"]
                changes = {"storage_gb": unique, "cpu_cores": rng.randint(1, 64)}
                time.sleep(rng.uniform(0, 0.004))  # the user's think time
                try:
                    with ledger.operation("edit", context={"bench_client": n}) as op:
                        version = op.update("host", hid, changes, expected_version=expected)
                        batch = op.batch_id
                except StaleWrite:
                    stats["refused_deliberate" if deliberate else "refused_edit"] += 1
                    continue
                stats["accepted_deliberate" if deliberate else "edits"] += 1
                acks.append({"kind": "update", "batch": batch, "id": hid, "version": version, "values": changes})
                latency["edit"].append(time.perf_counter() - start)
            elif pick < EDIT + IMPORT:
                targets = sorted(rng.sample(host_ids, 2))  # one lock order for all: no deadlocks
                with ledger.read() as conn:
                    seen = load_values(conn, "host", targets)
                new = [{"name": f"IMP-{n:02d}-{seq:06d}-{i}", "network_zone": rng.choice(ZONES),
                        "cpu_cores": 4, "memory_gb": 16.0, "storage_gb": unique + i / 10} for i in range(5)]
                time.sleep(rng.uniform(0, 0.004))
                try:
                    with ledger.operation("import", context={"bench_client": n, "file": f"survey-{seq}.xlsx"}) as op:
                        ids = op.create_many("host", new)
                        versions = {h: op.update("host", h, {"storage_gb": unique + 0.5 + k},
                                                 expected_version=seen[h]["version"])
                                    for k, h in enumerate(targets)}
                        batch = op.batch_id
                except StaleWrite:
                    stats["refused_import"] += 1
                    continue
                stats["imports"] += 1
                acks.extend({"kind": "create", "batch": batch, "id": i, "values": v} for i, v in zip(ids, new, strict=True))
                acks.extend({"kind": "update", "batch": batch, "id": h, "version": versions[h],
                             "values": {"storage_gb": unique + 0.5 + k}} for k, h in enumerate(targets))
                latency["import"].append(time.perf_counter() - start)
            else:
                with ledger.read() as conn:
                    load_values(conn, "host", rng.sample(host_ids, 20))
                watcher.poll(timeout=0)
                stats["reads"] += 1
                latency["read"].append(time.perf_counter() - start)
        except DBAPIError as e:  # a deadlock or a serialization failure would land here: counted, shown
            stats["db_errors"] += 1
            stats[f"db_error:{getattr(e.orig, 'sqlstate', '?')}"] += 1
    watcher.poll(timeout=0.5, force=True)
    watcher.close()
    ledger.dispose()
    Path(out).write_text(json.dumps({"stats": stats, "acks": acks, "latency": latency, "heard": heard}))


# --- the run ------------------------------------------------------------------------------------


def seed(url: str) -> list[int]:
    from db.ledger import Ledger

    ledger = Ledger(url)
    with ledger.operation("import", detail="bench seed") as op:
        ids = op.create_many("host", [{"name": f"H{i:03d}", "network_zone": ZONES[i % 4], "cpu_cores": 8,
                                       "memory_gb": 64.0, "storage_gb": 500.0} for i in range(HOSTS)])
    ledger.dispose()
    return ids


def run(admin_url: str, clients: int, seconds: float) -> dict:
    from db.roles import EDITOR, grant, setup_roles

    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    name = f"bench_shared_{uuid.uuid4().hex[:8]}"
    login = f"bench_editor_{uuid.uuid4().hex[:8]}"
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    db_url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    try:
        su = create_engine(db_url)
        setup_roles(su)  # creates the schema as assetdesk_admin and grants
        grant(su, login, EDITOR, create=True)
        su.dispose()
        host_ids = seed(db_url)
        as_editor = make_url(db_url).set(username=login).render_as_string(hide_password=False)
        with tempfile.TemporaryDirectory() as tmp:
            ctx = mp.get_context("spawn")
            outs = [os.path.join(tmp, f"client{i}.json") for i in range(clients)]
            procs = [ctx.Process(target=client, args=(i, as_editor, seconds, host_ids, outs[i])) for i in range(clients)]
            start = time.perf_counter()
            for p in procs:
                p.start()
            for p in procs:
                p.join()
            elapsed = time.perf_counter() - start
            failed = [i for i, p in enumerate(procs) if p.exitcode != 0]
            results = [json.loads(Path(o).read_text()) for o in outs if Path(o).exists()]
        verdict = verify(db_url, results, host_ids)
        return {"clients": clients, "seconds": seconds, "elapsed": elapsed, "failed_clients": failed,
                "results": results, "verdict": verdict}
    finally:
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            c.execute(text(f'DROP ROLE IF EXISTS "{login}"'))
        admin.dispose()


def verify(url: str, results: list[dict], host_ids: list[int]) -> dict:
    """Every acknowledged change is in the database and its history; nothing refused left a trace."""
    from db import models as M

    batch_t, change_t, host_t = M.ChangeBatch.__table__, M.Change.__table__, M.Host.__table__
    acks = [a for r in results for a in r["acks"]]
    batches = {a["batch"] for a in acks}
    problems: list[str] = []
    engine = create_engine(url)
    with engine.connect() as conn:
        present = set(conn.execute(select(batch_t.c.id).where(batch_t.c.id.in_(batches))).scalars()) if batches else set()
        problems += [f"batch {b} acknowledged but missing" for b in sorted(batches - present)][:10]
        total_batches = conn.execute(select(func.count()).select_from(batch_t)).scalar()
        if total_batches != len(batches) + 1:  # + the seed
            problems.append(f"{total_batches} batches in the database, {len(batches) + 1} acknowledged")
        logged = {(r.batch_id, r.record_id): (r.action, r.after) for r in conn.execute(
            select(change_t.c.batch_id, change_t.c.record_id, change_t.c.action, change_t.c.after)
            .where(change_t.c.record_type == "host"))}
        rows = {r.id: r for r in conn.execute(select(host_t))}
    engine.dispose()
    last: dict[int, dict] = {}
    versions: dict[int, list[int]] = {}
    for a in acks:
        entry = logged.get((a["batch"], a["id"]))
        if entry is None or entry[0] != a["kind"]:
            problems.append(f"{a['kind']} of host {a['id']} in batch {a['batch']} not in the history")
            continue
        after = entry[1] or {}
        if any(after.get(k) != v for k, v in a["values"].items()):
            problems.append(f"history of batch {a['batch']} holds other values for host {a['id']}")
        if a["kind"] == "create":
            row = rows.get(a["id"])
            if row is None or row.name != a["values"]["name"]:
                problems.append(f"created host {a['values']['name']} missing")
        else:
            versions.setdefault(a["id"], []).append(a["version"])
            if a["version"] > last.get(a["id"], {}).get("version", 0):
                last[a["id"]] = a
    for hid in host_ids:
        row = rows[hid]
        seen = sorted(versions.get(hid, []))
        if seen != list(range(2, row.version + 1)):
            problems.append(f"host {hid}: acknowledged versions {seen[:5]}… do not run 2..{row.version}")
        if hid in last and any(getattr(row, k) != v for k, v in last[hid]["values"].items()):
            problems.append(f"host {hid}: final values are not those of its last acknowledged write")
    updates_logged = sum(1 for (b, rid), (action, _a) in logged.items() if action == "update")
    if updates_logged != sum(1 for a in acks if a["kind"] == "update"):
        problems.append(f"{updates_logged} updates in the history, {sum(1 for a in acks if a['kind'] == 'update')} acknowledged")
    return {"ok": not problems, "problems": problems[:20], "acknowledged_batches": len(batches),
            "acknowledged_changes": len(acks), "records_checked": len(host_ids)}


def summarize(label: str, res: dict) -> list[object]:
    stats: Counter = Counter()
    heard = 0
    lat: dict[str, list[float]] = {"edit": [], "import": [], "read": []}
    for r in res["results"]:
        stats.update(r["stats"])
        heard += r["heard"].get("batches", 0)
        for k, v in r["latency"].items():
            lat[k].extend(v)
    ops = stats["edits"] + stats["imports"] + stats["reads"]
    refused = stats["refused_edit"] + stats["refused_import"] + stats["refused_deliberate"]
    p95 = lambda xs: statistics.quantiles(xs, n=20)[18] * 1000 if len(xs) >= 20 else float("nan")  # noqa: E731
    # Over the clients' own window (process start-up and the import of the app are not load).
    res["ops"], res["ops_per_s"], res["stats"], res["heard"] = ops, (ops + refused) / res["seconds"], stats, heard
    return [label, res["clients"], ops + refused, res["ops_per_s"], stats["edits"], stats["imports"], stats["reads"],
            stats["refused_edit"] + stats["refused_import"], f"{stats['refused_deliberate']}/{stats['refused_deliberate'] + stats['accepted_deliberate']}",
            stats["db_errors"], heard, p95(lat["edit"]), "ok" if res["verdict"]["ok"] and not res["failed_clients"] else "FAILED"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--anchor-seconds", type=float, default=10, help="the one-client anchor run (0: skip)")
    parser.add_argument("--pg", default=os.environ.get("ASSETDESK_TEST_PG_URL"), help="superuser URL of the server")
    args = parser.parse_args()
    if not args.pg:
        print("No PostgreSQL: pass --pg URL or set ASSETDESK_TEST_PG_URL (.ci/pg.sh start).", file=sys.stderr)
        return 2
    header = ["run", "clients", "operations", "ops/s", "edits", "imports", "reads", "conflicts refused",
              "deliberately stale refused", "db errors", "batches heard (LISTEN)", "edit p95 ms", "zero lost updates"]
    rows = []
    anchor = None
    if args.anchor_seconds > 0:
        anchor = run(args.pg, 1, args.anchor_seconds)
        rows.append(summarize("anchor: 1 client", anchor))
    load = run(args.pg, args.clients, args.seconds)
    rows.append(summarize(f"{args.clients} clients", load))
    table(f"Shared ledger under load ({args.seconds:.0f} s, PostgreSQL)", header, rows)
    if anchor is not None:
        print(f"throughput {args.clients} clients vs 1: {ratio(load['ops_per_s'], anchor['ops_per_s'])}")
    for res in (anchor, load):
        if res is None:
            continue
        v = res["verdict"]
        print(f"verification ({res['clients']} clients): {'OK' if v['ok'] else 'FAILED'} — "
              f"{v['acknowledged_batches']} acknowledged operations, {v['acknowledged_changes']} acknowledged "
              f"changes, {v['records_checked']} contended records checked"
              + ("" if v["ok"] else "\n  " + "\n  ".join(v["problems"])))
        if res["failed_clients"]:
            print(f"  client processes that failed: {res['failed_clients']}")
    ok = all(r is None or (r["verdict"]["ok"] and not r["failed_clients"]) for r in (anchor, load))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
