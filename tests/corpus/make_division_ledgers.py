"""Division ledgers as prefectures keep them in Excel, for the day-one import tests (issue 13).

    python -m tests.corpus.make_division_ledgers OUTDIR [--resave]

writes four layouts (every one holds the same 29 systems of 5 departments and 12 sections, so a
test knows what each must give):

- ``a_merged_header.xlsx``: title and 作成 rows, a two-row header whose upper cells are merged
  (経費（千円） over 構築費 / 運用費(年額)), a 部局名 column, a 小計 row after each department, ※
  notes at the bottom; abbreviated zones (LGWAN系), ○/×, wareki months (H25.1, R2.4).
- ``b_group_rows.xlsx``: departments as group rows (【経営管理部】), costs in 円, a 合計 row.
- ``c_two_sheets.xlsx``: a system list with numbers, a server list naming them, and a 集計 sheet
  that is no table of records; other header words.
- ``d_flat.csv``: layout a flattened to one header row, Shift_JIS, as a CSV export gives it.

``--resave`` passes the .xlsx files through LibreOffice (``soffice --headless --convert-to xlsx``)
so that they are what a real spreadsheet program writes; the committed copies in
``tests/corpus/division/`` are those.
"""

from __future__ import annotations

import argparse
import csv
import shutil
import subprocess
import tempfile
from pathlib import Path

#: (department, section, written section name, system, zone as written, personal info, in service,
#: initial cost 千円, yearly cost 千円)
DEPARTMENTS = ("経営管理部", "保健福祉部", "県土整備部", "教育委員会事務局", "警察本部")
SECTIONS = {
    "経営管理部": ("人事課", "財政課", "税務課"),
    "保健福祉部": ("健康増進課", "障害福祉課", "県北健康福祉センター"),
    "県土整備部": ("道路保全課", "鹿沼土木事務所"),
    "教育委員会事務局": ("教育総務課", "学校教育課"),
    "警察本部": ("警務課", "交通規制課"),
}
ZONES = ("LGWAN系", "LGWAN系", "マイナンバー系", "インターネット系", "LGWAN接続系", "閉域")
SYSTEM_WORDS = ("給与", "予算編成", "税務", "健診", "給付", "相談記録", "道路台帳", "占用許可", "学籍", "教職員",
                "免許", "交通規制", "文書管理", "庶務事務", "電子申請", "施設予約", "統計", "GIS")


def systems() -> list[dict]:
    out: list[dict] = []
    n = 0
    for dept in DEPARTMENTS:
        for s, section in enumerate(SECTIONS[dept]):
            for k in range(3 if s == 0 else 2):
                n += 1
                word = SYSTEM_WORDS[(n * 5 + k) % len(SYSTEM_WORDS)]
                written = section
                if section == "人事課" and k == 1:
                    written = "人事　課"  # a full-width space typed in one row
                if section == "鹿沼土木事務所" and k == 1:
                    written = "鹿沼土木"  # the short name some rows use
                year = 2010 + (n % 12)
                era = f"H{year - 1988}.{1 + n % 12}" if year < 2019 else f"R{year - 2018}.{1 + n % 12}"
                out.append({
                    "no": n, "department": dept, "section": section, "section_written": written,
                    "name": f"{section.removesuffix('課')}{word}システム{n:02d}",
                    "zone": ZONES[n % len(ZONES)], "personal": "○" if n % 3 else "×",
                    "in_service": era, "in_service_iso": f"{year}-{1 + n % 12:02d}-01",
                    "initial": 1_000 + 137 * n, "yearly": 200 + 11 * n,
                    "vendor": ("富士通Japan", "NEC", "日立システムズ", "地元システム開発")[n % 4],
                })
    return out


ZONE_KEYS = {"LGWAN系": "lgwan", "LGWAN接続系": "lgwan", "マイナンバー系": "mynumber", "インターネット系": "internet",
             "閉域": "closed"}


def _title(ws, title: str) -> None:
    ws.append([title])
    ws.append(["作成: 令和6年4月1日 経営管理部 情報システム課"])
    ws.append([])


def layout_a(path: Path) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "台帳"
    _title(ws, "令和6年度 情報システム台帳")
    ws.append(["No", "部局名", "所管所属", "システム名", "ネットワーク区分", "経費（千円）", None, "個人情報", "稼働開始",
               "保守業者"])
    ws.append([None, None, None, None, None, "構築費", "運用費(年額)", None, None, None])
    for col in ("A", "B", "C", "D", "E", "H", "I", "J"):
        ws.merge_cells(f"{col}4:{col}5")
    ws.merge_cells("F4:G4")
    rows = systems()
    for dept in DEPARTMENTS:
        mine = [r for r in rows if r["department"] == dept]
        for r in mine:
            ws.append([r["no"], dept, r["section_written"], r["name"], r["zone"], r["initial"], r["yearly"],
                       r["personal"], r["in_service"], r["vendor"]])
        ws.append([None, f"{dept} 小計", None, None, None, sum(r["initial"] for r in mine),
                   sum(r["yearly"] for r in mine), None, None, None])
    ws.append([None, "合計", None, None, None, sum(r["initial"] for r in rows), sum(r["yearly"] for r in rows)])
    ws.append([])
    ws.append(["※ 経費は千円単位(税込)。稼働開始は和暦の年月。"])
    ws.append(["※ 個人情報の欄: ○ あり、× なし"])
    wb.save(path)
    return path


def layout_b(path: Path) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "システム一覧"
    _title(ws, "情報システム一覧表")
    ws.append(["所属名", "システム名称", "NW区分", "個人情報の有無", "稼働年月", "構築費(円)", "年間運用費(円)"])
    rows = systems()
    for dept in DEPARTMENTS:
        ws.append([f"【{dept}】"])
        for r in (r for r in rows if r["department"] == dept):
            ws.append([r["section_written"], r["name"], r["zone"], r["personal"], r["in_service"],
                       r["initial"] * 1000, r["yearly"] * 1000])
    ws.append(["合計", None, None, None, None, sum(r["initial"] for r in rows) * 1000,
               sum(r["yearly"] for r in rows) * 1000])
    ws.append(["注) 金額は円単位"])
    wb.save(path)
    return path


def layout_c(path: Path) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "システム一覧"
    ws.append(["システム番号", "部局", "課名", "情報システム名", "接続系", "個人情報", "運用開始", "導入経費(千円)",
               "運用経費(千円)"])
    rows = systems()
    for r in rows:
        ws.append([f"SYS-{r['no']:04d}", r["department"], r["section_written"], r["name"], r["zone"], r["personal"],
                   r["in_service"], r["initial"], r["yearly"]])
    ws = wb.create_sheet("サーバ一覧")
    ws.append(["サーバ名", "システム番号", "物理/仮想", "接続系", "CPU", "メモリ", "ディスク容量"])
    for r in rows[:12]:
        ws.append([f"srv-{r['no']:02d}", f"SYS-{r['no']:04d}", "物理", r["zone"], 4 + r["no"] % 4 * 4,
                   f"{8 * (1 + r['no'] % 3)}GB", "500GB"])
    ws = wb.create_sheet("集計")
    ws.append(["部局", "システム数", "経費計"])
    for dept in DEPARTMENTS:
        mine = [r for r in rows if r["department"] == dept]
        ws.append([dept, len(mine), sum(r["yearly"] for r in mine)])
    wb.save(path)
    return path


def layout_d(path: Path) -> Path:
    rows = systems()
    with path.open("w", encoding="cp932", newline="") as f:
        w = csv.writer(f)
        w.writerow(["令和6年度 情報システム台帳"])
        w.writerow([])
        w.writerow(["No", "部局名", "所管所属", "システム名", "ネットワーク区分", "構築費(千円)", "運用費(年額)(千円)",
                    "個人情報", "稼働開始"])
        for dept in DEPARTMENTS:
            mine = [r for r in rows if r["department"] == dept]
            for r in mine:
                w.writerow([r["no"], dept, r["section_written"], r["name"], r["zone"], r["initial"], r["yearly"],
                            r["personal"], r["in_service"]])
            w.writerow(["", f"{dept} 小計", "", "", "", sum(r["initial"] for r in mine), sum(r["yearly"] for r in mine)])
        w.writerow(["※ 経費は千円単位"])
    return path


def resave(paths: list[Path]) -> None:
    """Open and save each workbook with LibreOffice, as a person's spreadsheet program would."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("LibreOffice (soffice) is needed for --resave")
    with tempfile.TemporaryDirectory() as d:
        for p in paths:
            subprocess.run([soffice, f"-env:UserInstallation=file://{d}/profile", "--headless", "--convert-to",
                            "xlsx:Calc MS Excel 2007 XML", "--outdir", f"{d}/out", str(p)], check=True,
                           capture_output=True, timeout=300)
            shutil.move(f"{d}/out/{p.name}", p)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--resave", action="store_true")
    args = parser.parse_args()
    args.outdir.mkdir(parents=True, exist_ok=True)
    books = [layout_a(args.outdir / "a_merged_header.xlsx"), layout_b(args.outdir / "b_group_rows.xlsx"),
             layout_c(args.outdir / "c_two_sheets.xlsx")]
    layout_d(args.outdir / "d_flat.csv")
    if args.resave:
        resave(books)


if __name__ == "__main__":
    main()
