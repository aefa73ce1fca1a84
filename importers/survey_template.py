"""The yearly survey: one workbook per section, prefilled with what the ledger knows.

Each workbook has an instructions sheet, then システム / サーバ / 連携 / データ with the section's current
records (headers are the data dictionary's labels; a hidden key per row ties answers back to
records), drop-down lists for every code list, input hints, frozen and protected header rows
and print setup. A very hidden sheet marks the workbook as AssetDesk's survey with its
template version, fiscal year and section, so that the importer knows what it reads and
recognises a template of an older version.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from assetdesk.i18n import _
from db import survey as S
from db.ledger import Ledger, load_values
from importers.sheets import SHEET_TITLES, put, sheet_fields, write_lists_sheet, write_record_sheet
from importers.workbook import MARK_SHEET

#: Bump when the layout changes in a way an older importer could not read; the importer
#: refuses templates whose major version it does not know.
TEMPLATE_VERSION = "1.1"  # 1.1: the データ sheet (保有データ)
TEMPLATE_KIND = "assetdesk-survey"
EXPORT_KIND = "assetdesk-export"
SUPPORTED_MAJOR = ("1",)


@dataclass(frozen=True)
class SectionData:
    code: str
    name: str
    department: str
    systems: list[tuple[int, dict[str, Any]]]
    servers: list[tuple[int, dict[str, Any]]]
    dependencies: list[tuple[int, dict[str, Any]]]
    #: The data the section holds (保有データ), inside its systems or not.
    datasets: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    #: Abolished by a reorganisation: no workbook unless asked for by code.
    retired: bool = False


def section_data(ledger: Ledger) -> list[SectionData]:
    """Every section with its systems, the servers of those systems, the dependencies whose
    using side (連携元) is one of its systems, and the datasets it holds."""
    with ledger.read() as conn:
        return section_data_of(conn)


def section_data_of(conn: Connection) -> list[SectionData]:
    """``section_data`` within the caller's transaction."""
    sections = load_values(conn, "section")
    departments = {v["code"]: v["name"] for v in load_values(conn, "department").values()}
    systems = load_values(conn, "system")
    servers = load_values(conn, "server")
    deps = load_values(conn, "dependency")
    datasets = load_values(conn, "dataset")
    by_section: dict[str, list[tuple[int, dict]]] = {}
    section_of_system: dict[str, str] = {}
    for sid, v in sorted(systems.items(), key=lambda kv: kv[1]["system_code"]):
        by_section.setdefault(v["section"], []).append((sid, v))
        section_of_system[v["system_code"]] = v["section"]
    servers_of: dict[str, list[tuple[int, dict]]] = {}
    for sid, v in sorted(servers.items(), key=lambda kv: kv[1]["server_code"]):
        for sec in dict.fromkeys(section_of_system.get(c) for c in v.get("systems") or ()):
            if sec:
                servers_of.setdefault(sec, []).append((sid, v))
    deps_of: dict[str, list[tuple[int, dict]]] = {}
    for did, v in sorted(deps.items(), key=lambda kv: (kv[1]["from_system"], kv[1]["to_system"], kv[1]["kind"])):
        sec = section_of_system.get(v["from_system"])
        if sec:
            deps_of.setdefault(sec, []).append((did, v))
    data_of: dict[str, list[tuple[int, dict]]] = {}
    for did, v in sorted(datasets.items(), key=lambda kv: kv[1]["code"]):
        data_of.setdefault(v["section"], []).append((did, v))
    out = []
    for v in sorted(sections.values(), key=lambda v: v["code"]):
        out.append(SectionData(v["code"], v["name"], departments.get(v["department"], ""),
                               by_section.get(v["code"], []), servers_of.get(v["code"], []),
                               deps_of.get(v["code"], []), data_of.get(v["code"], []),
                               v.get("retired_on") is not None))
    return out


def file_name(fiscal_year: int, section: SectionData) -> str:
    safe = re.sub(r'[\\/:*?"<>|\s]+', "_", section.name)
    return f"調査票_{fiscal_year}年度_{section.code}_{safe}.xlsx"


def make_survey(ledger: Ledger, outdir: str | Path, fiscal_year: int, *,
                sections: Iterable[str] | None = None, today: dt.date | None = None) -> list[Path]:
    """Open the round of ``fiscal_year`` and write one workbook per section into ``outdir``."""
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    wanted = set(sections) if sections is not None else None
    data = [s for s in section_data(ledger) if (s.code in wanted if wanted is not None else not s.retired)]
    paths = [write_section_workbook(s, outdir / file_name(fiscal_year, s), fiscal_year, today=today) for s in data]
    with ledger.engine.begin() as conn:
        rid = S.open_round(conn, fiscal_year, TEMPLATE_VERSION, today)
        ids = S.section_ids(conn)
        for s in data:
            S.mark_sent(conn, rid, ids[s.code])
    return paths


def write_section_workbook(section: SectionData, path: Path, fiscal_year: int, *, today: dt.date | None = None) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    _instructions(wb.active, section, fiscal_year)
    lists = write_lists_sheet(wb)
    for rt, rows in (("system", section.systems), ("server", section.servers), ("dependency", section.dependencies),
                     ("dataset", section.datasets)):
        write_record_sheet(wb, rt, rows, fields=sheet_fields(rt, survey=True), lists=lists, protect=True)
    # The lists go last, out of the way, hidden.
    wb.move_sheet(wb["_lists"], offset=len(wb.sheetnames))
    write_mark(wb, {"kind": TEMPLATE_KIND, "template_version": TEMPLATE_VERSION, "fiscal_year": fiscal_year,
                    "section": section.code, "section_name": section.name,
                    "made_on": (today or dt.date.today()).isoformat(),
                    **{f"sheet:{title}": rt for rt, title in SHEET_TITLES.items()}})
    wb.properties.title = f"{fiscal_year}年度 情報システム調査 {section.name}"
    wb.properties.creator = "AssetDesk"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def write_mark(wb, values: dict[str, Any]) -> None:
    ws = wb.create_sheet(MARK_SHEET)
    ws.sheet_state = "veryHidden"
    for i, (k, v) in enumerate(values.items(), start=1):
        put(ws.cell(i, 1), k)
        put(ws.cell(i, 2), str(v))


def _instructions(ws, section: SectionData, fiscal_year: int) -> None:
    from openpyxl.styles import Alignment, Font

    ws.title = "記入要領"
    lines = [
        (f"{fiscal_year}年度 情報システム資産調査", True),
        (f"所属: {section.code} {section.name}({section.department})", False),
        ("", False),
        ("1. 「システム」「サーバ」「連携」「データ」の各シートに、現在の登録内容を記入済みです。変更のある欄だけ書き直してください。", False),
        ("2. 新しいシステム・サーバ・保有データは表の下の空いている行に追加してください(管理番号は空欄のままで構いません)。", False),
        ("   「データ」シートには、システム内のデータに限らず、Excel・紙などで所属が保有するデータ(台帳、一覧、統計等)を記入してください。"
         "他の所属も使うデータは「利用所属」に所属コードを記入します。", False),
        ("3. 廃止したシステム・サーバは行を削除せず、「状態」または「移行状況」を「廃止済」「廃止」にしてください。"
         "行を削除した場合も、取込時に確認のうえ廃止として扱います。", False),
        ("4. 見出しが橙色の欄は必須です。一覧から選ぶ欄は、セルを選ぶと▼が表示されます。", False),
        ("5. 日付は 2024/4/1、令和6年4月1日、R6.4.1 のいずれの書き方でも構いません。金額は千円単位です。", False),
        ("6. 見出し行・A列(非表示)・シート名は変更しないでください。回答の照合に使います。", False),
        ("7. 記入後、このファイルのまま(ファイル名を変えずに)情報システム課へ返送してください。", False),
        ("", False),
        (f"様式の版: {TEMPLATE_VERSION}", False),
    ]
    for i, (text, bold) in enumerate(lines, start=1):
        c = ws.cell(i, 1, text)
        c.alignment = Alignment(wrap_text=True, vertical="top")
        if bold:
            c.font = Font(bold=True, size=14)
    ws.column_dimensions["A"].width = 120
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.protection.sheet = True


def check_mark(mark: dict[str, str]) -> str | None:
    """Why a marked workbook cannot be read (an unknown template version), else None."""
    if mark.get("kind") not in (TEMPLATE_KIND, EXPORT_KIND):
        return None
    version = mark.get("template_version", "")
    if version.split(".")[0] not in SUPPORTED_MAJOR:
        return _("この調査票の様式(版 {version})は古いか新しすぎるため読めません。最新の調査票({current})に記入し直してください。").format(
            version=version or "?", current=TEMPLATE_VERSION)
    return None
