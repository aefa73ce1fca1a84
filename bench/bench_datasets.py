"""保有データ through the yearly survey (issue 15): datasets per second, survey workbook to ledger.

The demo prefecture's section workbooks are made, and each section's データ sheet is filled as
a busy year's 棚卸し would be: its current datasets kept, ``--new`` new rows typed below them.
Then every workbook is imported: parsed, validated, previewed against the ledger and applied (in
one transaction, with history). Anchors in the same run: pandas.read_excel only reading the same
データ sheets, and openpyxl (read-only) only reading them. Also the open-data work on the result:
candidates, coverage and the CKAN and DCAT documents.

    python -m bench.bench_datasets [--new 40] [--keep DIR]
"""

from __future__ import annotations

import argparse
import random
import shutil
import tempfile
import time
from pathlib import Path

from bench.harness import measure, ratio, table

FORMS = ("CSV", "Excel", "DB", "PDF", "紙", "GIS")
STATUS = ("未検討", "公開候補", "公開済", "公開不可")


def fill(paths: list[Path], new_rows: int, seed: int = 15) -> int:
    """Type ``new_rows`` new datasets under each workbook's データ sheet; the rows added."""
    from openpyxl import load_workbook

    rng = random.Random(seed)
    added = 0
    for p in paths:
        wb = load_workbook(p)
        ws = wb["データ"]
        cols = {c.value: c.column for c in ws[1] if c.value}
        first = ws.max_row + 1
        for i in range(new_rows):
            r = first + i
            status = rng.choice(STATUS)
            values = {"データ名称": f"{p.stem.split('_')[-1]}調査データ{i + 1:03d}", "データ形式": rng.choice(FORMS),
                      "件数": rng.randrange(10, 50000), "更新頻度": rng.choice(("年次", "月次", "随時", "不定期")),
                      "個人情報の有無": rng.choice(("有", "無", "無")), "機密性": rng.choice(("機密性1", "機密性2")),
                      "公開状況": status, "公開不可の理由": "個人情報を含むため" if status == "公開不可" else None,
                      "データの内容": "業務で作成する一覧表", "IMI共通語彙": rng.choice((None, "住所, 施設"))}
            for label, v in values.items():
                ws.cell(r, cols[label]).value = v
            added += 1
        wb.save(p)
    return added


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--new", type=int, default=40, help="new datasets typed into each section's sheet")
    ap.add_argument("--keep", type=Path, default=None, help="keep the files in this folder")
    args = ap.parse_args(argv)

    from db.dataset_data import load_inventory
    from db.demo_load import load_demo
    from db.ledger import Ledger
    from importers.apply import apply_import
    from importers.diff import build_preview
    from importers.survey_import import parse_files
    from importers.survey_template import make_survey

    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-datasets-"))
    folder.mkdir(parents=True, exist_ok=True)
    template = folder / "demo.sqlite"
    if template.exists():
        template.unlink()
    ledger = Ledger.open(f"sqlite:///{template}")
    load_demo(ledger)
    paths = make_survey(ledger, folder / "survey", 2018)
    ledger.dispose()
    added = fill(paths, args.new)
    work = folder / "work.sqlite"
    result: dict = {}

    def fresh() -> None:
        shutil.copyfile(template, work)
        for suffix in ("-wal", "-shm"):
            Path(f"{work}{suffix}").unlink(missing_ok=True)

    def ours() -> None:
        led = Ledger.open(f"sqlite:///{work}")
        t = time.perf_counter()
        files = parse_files(paths)
        with led.read() as conn:
            preview = build_preview(conn, files)
        result["preview_s"] = time.perf_counter() - t
        result["rows"] = sum(len(f.rows("dataset")) for f in files)
        result["errors"] = len(preview.errors)
        preview.accept_all()
        result["apply"] = apply_import(led, preview, backup=False)
        result["created"] = sum(c.action == "new" and c.record_type == "dataset" for c in preview.accepted)
        led.dispose()

    def pandas_anchor() -> None:
        import pandas as pd

        result["pandas_rows"] = sum(len(pd.read_excel(p, sheet_name="データ", engine="openpyxl")) for p in paths)

    def openpyxl_anchor() -> None:
        from openpyxl import load_workbook

        for p in paths:
            wb = load_workbook(p, read_only=True, data_only=True)
            for _row in wb["データ"].iter_rows(values_only=True):
                pass
            wb.close()

    t_ours = measure("AssetDesk: parse + validate + preview + apply (all sheets)", ours, repeat=3, setup=fresh)
    t_pd = measure("pandas.read_excel, データ sheets only (anchor)", pandas_anchor, repeat=3)
    t_op = measure("openpyxl read-only, データ sheets only (anchor)", openpyxl_anchor, repeat=3)
    rows = result["rows"]
    table(f"Survey import of 保有データ: {len(paths)} workbooks, {rows:,} dataset rows ({added:,} new), "
          f"{result['errors']} errors, {result['created']:,} created",
          ["what", "best s", "median s", "datasets/s", "vs pandas"],
          [[t_ours.name, t_ours.best, t_ours.median, f"{rows / t_ours.best:,.0f}", ratio(t_ours.best, t_pd.best)],
           [t_pd.name, t_pd.best, t_pd.median, f"{result['pandas_rows'] / t_pd.best:,.0f}", "1.00x"],
           [t_op.name, t_op.best, t_op.median, f"{rows / t_op.best:,.0f}", ratio(t_op.best, t_pd.best)]])
    print("Note: AssetDesk reads every sheet of each workbook (システム, サーバ, 連携 too) and writes the ledger; "
          "the anchors read the データ sheet only and write nothing.")

    from assetdesk import opendata

    led = Ledger.open(f"sqlite:///{work}")
    with led.read() as conn:
        inv = load_inventory(conn)
    led.dispose()
    n = len(inv.datasets)
    t_cand = measure("candidates + coverage (summary)", lambda: opendata.summary(inv.datasets, inv.sections,
                                                                                  inv.departments), repeat=3)
    t_ckan = measure("CKAN package documents", lambda: opendata.ckan_packages(
        inv.datasets, inv.sections, inv.departments, publisher="県"), repeat=3)
    t_dcat = measure("DCAT JSON-LD catalogue", lambda: opendata.dcat_catalog(
        inv.datasets, inv.sections, inv.departments, publisher="県"), repeat=3)
    table(f"Open-data work on {n:,} datasets", ["what", "best s", "median s", "datasets/s"],
          [[t.name, t.best, t.median, f"{n / t.best:,.0f}"] for t in (t_cand, t_ckan, t_dcat)])
    if args.keep is None:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
