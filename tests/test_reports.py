"""Printed reports: documents built from the ledger, painted to PDF, read back with pypdf.

The PDF text is compared after NFKC (Qt's text map may name a CJK radical for an ideograph that
shares its glyph, e.g. ⽬ for 目) and without white space (pypdf breaks wrapped cells into lines).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from assetdesk.reports import format as fmt
from assetdesk.reports.ledger import LedgerInputs, Organisation, ledger_report, system_sheets
from assetdesk.reports.model import Column, ColumnKind, Document, Table
from tests.factories import small_ledger
from ui.cli import main

TODAY = dt.date(2026, 11, 26)


def squash(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def pages_text(path: Path, first: int | None = None) -> list[str]:
    """The text of each page (of the ``first`` pages only: pypdf takes ~0.2 s a page here)."""
    pages = PdfReader(str(path)).pages
    return [squash(p.extract_text()) for p in list(pages)[:first]]


def page_count(path: Path) -> int:
    return len(PdfReader(str(path)).pages)


def run(db: str, *argv: str) -> int:
    return main(["--db", db, *argv])


@pytest.fixture
def qapp():
    """The reports' own offscreen application (a QApplication, as the command makes it)."""
    from ui.reports.fonts import ensure_gui_application

    return ensure_gui_application()


@pytest.fixture
def ledger(sqlite_ledger):
    """Reports read the ledger through the same queries on every backend: SQLite is enough here."""
    return sqlite_ledger


@pytest.fixture
def small(ledger):
    small_ledger(ledger)
    return ledger.url


# --- the document model, without Qt ---------------------------------------------------------------


def test_numbers_have_thousands_separators_and_dates_one_form():
    assert fmt.number(1234567) == "1,234,567"
    assert fmt.number(1234.5, 1) == "1,234.5"
    assert fmt.number(None) == ""
    assert fmt.cell(dt.date(2026, 4, 1), Column("d", ColumnKind.DATE)) == "2026/04/01"
    assert fmt.cell(98.76, Column("b", ColumnKind.BAR, decimals=1, unit="%")) == "98.8%"


def _inputs(n: int) -> LedgerInputs:
    org = Organisation({"D01": "経営管理部"}, {"S001": "情報システム課"}, {"S001": "D01"})
    systems = [{"system_code": f"SYS-{i:04d}", "name": f"業務システム{i}" + "長い名称" * (i % 5),
                "section": "S001", "network_zone": "lgwan", "status": "active", "users": 1000 + i,
                "cost_hw_maintenance": 1500 * i, "cost_operation": 250} for i in range(n)]
    return LedgerInputs(org, systems, today=TODAY, scope="全庁")


def test_ledger_document_totals_match_the_records():
    doc = ledger_report(_inputs(30))
    summary = next(t for t in doc.tables() if t.title == "部局別の集計")
    assert summary.total[2] == 30
    assert summary.total[5] == sum(1500 * i + 250 for i in range(30))
    section = next(t for t in doc.tables() if t.title.startswith("情報システム課"))
    assert [r[0] for r in section.rows] == [f"SYS-{i:04d}" for i in range(30)]


# --- PDFs from the command ---------------------------------------------------------------------------


def test_every_kind_renders_with_japanese_headings(small, tmp_path):
    cases = {
        "ledger": (["--department", "D01"], ["情報システム台帳", "経営管理部", "財務会計システム", "部局別の集計"]),
        "system-sheet": (["--system", "SYS-0001"], ["情報システム個票", "SYS-0001財務会計システム", "基本情報",
                                                   "lg-zaimu-ap01", "統合認証基盤", "変更履歴の概要"]),
        "survey-status": ([], ["調査回答状況", "調査はまだ実施されていません", "健康増進課", "未送付"]),
        "impact": (["--code", "SYS-0003"], ["影響範囲報告書", "SYS-0003統合認証基盤", "SYS-0001財務会計システム",
                                             "SYS-0003統合認証基盤→SYS-0001財務会計システム"]),
        "consolidation": (["--time-limit", "2"], ["サーバ集約計画書", "評価指標", "ホスト別の配置", "移行の日程",
                                                   "計画の点検", "集約の効果", "対象外", "決裁", "課長"]),
    }
    for kind, (options, expected) in cases.items():
        out = tmp_path / f"{kind}.pdf"
        assert run(small, "report", kind, str(out), *options) == 0, kind
        text = pages_text(out)
        joined = "".join(text)
        for words in expected:
            assert squash(words) in joined, (kind, words)
        # Every page but a cover carries the header and the footer's "N / M ページ".
        for n, page in enumerate(text, start=1):
            if "印刷日" in page:
                assert f"{n}/{len(text)}ページ" in page, (kind, n)
        assert 1 <= len(text) < 20, kind


def test_font_is_embedded(small, tmp_path):
    out = tmp_path / "ledger.pdf"
    assert run(small, "report", "ledger", str(out)) == 0
    fonts = []
    for page in PdfReader(str(out)).pages:
        for f in page["/Resources"]["/Font"].values():
            f = f.get_object()
            for d in f.get("/DescendantFonts", []):
                desc = d.get_object()["/FontDescriptor"].get_object()
                fonts.append((str(f["/BaseFont"]), "/FontFile2" in desc))
    assert fonts and all(embedded for _name, embedded in fonts)
    assert any("IPAexGothic" in name for name, _e in fonts)


def test_bad_requests_are_refused(small, tmp_path):
    assert run(small, "report", "impact", str(tmp_path / "i.pdf")) == 1
    assert run(small, "report", "impact", str(tmp_path / "i.pdf"), "--code", "NOPE") == 1
    assert run(small, "report", "ledger", str(tmp_path / "l.pdf"), "--department", "存在しない部") == 1
    assert run(small, "report", "system-sheet", str(tmp_path / "s.pdf"), "--system", "SYS-9999") == 1
    assert run(small, "report", "ledger", str(tmp_path / "l.txt")) == 1


# --- page breaks ----------------------------------------------------------------------------------------


def test_long_tables_break_across_pages_with_their_header_repeated(tmp_path, qapp):
    from ui.reports.pdf import write_pdf

    doc = ledger_report(_inputs(160))
    out = tmp_path / "long.pdf"
    pages = write_pdf(doc, out)
    text = pages_text(out)
    assert pages == len(text) >= 4
    continued = [t for t in text if "(続き)" in t]
    assert len(continued) >= 2
    for page in continued:
        assert "管理番号" in page and "システム名称" in page and "状態" in page
    joined = "".join(text)
    # No row is lost or cut: every code, name and figure is there.
    for i in range(160):
        assert f"SYS-{i:04d}" in joined
        assert squash(f"業務システム{i}" + "長い名称" * (i % 5)) in joined
        assert fmt.number(1500 * i + 250) in joined


def test_long_words_wrap_instead_of_being_cut(tmp_path, qapp):
    from ui.reports.pdf import write_pdf

    word = "X" * 300
    doc = Document("t", "FY", TODAY, "printed")
    doc.add(Table((Column("a"), Column("b"), Column("n", ColumnKind.NUMBER)), (("short", word, 1234567),)))
    out = tmp_path / "w.pdf"
    write_pdf(doc, out)
    joined = "".join(pages_text(out))
    assert word in joined and "1,234,567" in joined


def test_system_sheets_one_per_system(tmp_path, qapp):
    from ui.reports.pdf import write_pdf

    inputs = _inputs(5)
    out = tmp_path / "sheets.pdf"
    pages = write_pdf(system_sheets(inputs), out)
    text = pages_text(out)
    assert pages == len(text) == 5
    for i, page in enumerate(text):
        assert f"SYS-{i:04d}業務システム{i}" in page and "基本情報" in page


# --- the demo prefecture ----------------------------------------------------------------------------


@pytest.mark.slow
def test_demo_reports_hold_the_ledger_figures(sqlite_demo_ledger, tmp_path):
    from db.queries import in_scope_by_fy, stats
    from db.report_data import consolidation_inputs

    url = sqlite_demo_ledger.url
    with sqlite_demo_ledger.read() as conn:
        s = stats(conn)
        counts = in_scope_by_fy(conn)
        inputs = consolidation_inputs(conn, time_limit_s=2)
    out = tmp_path / "ledger.pdf"
    assert run(url, "report", "ledger", str(out)) == 0
    assert s["systems"] / 30 < page_count(out) < s["systems"] / 5
    joined = "".join(pages_text(out, first=2))  # the summary by department
    for code, dept in s["by_department"].items():
        assert squash(dept["name"]) in joined, code
    assert f"システム数{s['systems']:,}" in joined
    from assetdesk.reports.common import annual_cost
    from db.ledger import load_values

    with sqlite_demo_ledger.read() as conn:
        systems = list(load_values(conn, "system").values())
    total = sum(annual_cost(v) or 0 for v in systems)
    assert total > 0 and squash(f"年間運用経費 合計(千円){total:,}") in joined

    # The plan is computed once (a time-limited search), then printed.
    from assetdesk.reports.consolidation import consolidation_report
    from ui.reports.fonts import ensure_gui_application
    from ui.reports.pdf import write_pdf

    ensure_gui_application()
    out = tmp_path / "consolidation.pdf"
    write_pdf(consolidation_report(inputs), out)
    joined = "".join(pages_text(out, first=4))  # cover, indicator, plan by zone
    assert counts[2016] == 196 and counts[2017] == 93
    assert "平成28(2016)年度196196" in joined and "平成29(2017)年度9393" in joined
    plan = inputs.plan
    assert plan is not None
    assert f"合計{len(plan.assignments)}{plan.total_hosts}" in joined

    out = tmp_path / "indicators.pdf"
    assert run(url, "report", "indicators", str(out)) == 0
    joined = "".join(pages_text(out))
    assert squash("共同利用型基盤の構築によるサーバ集約") in joined and "196.0" in joined


def test_the_preview_paints_on_a_printer_through_the_same_renderer(tmp_path, qapp):
    from PySide6.QtPrintSupport import QPrinter

    from ui.reports.preview import make_printer
    from ui.reports.render import render

    doc = ledger_report(_inputs(40))
    printer = make_printer(doc)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    pages = render(doc, printer)
    assert pages == len(PdfReader(str(tmp_path / "printed.pdf")).pages) >= 2


def test_a_cell_taller_than_a_page_continues_on_the_next_pages(tmp_path, qapp):
    from assetdesk.reports.model import KeyValues
    from ui.reports.pdf import write_pdf

    notes = "".join(f"備考{i:04d}。" for i in range(1500))  # several pages of one cell
    doc = Document("t", "FY", TODAY, "printed")
    doc.add(KeyValues((("業務概要", "短い"), ("備考", notes)), columns=1))
    doc.add(Table((Column("コード"), Column("備考", weight=3.0), Column("n", ColumnKind.NUMBER)),
                  (("A-1", notes, 1234), ("A-2", "次の行", 5678)), title="長い表"))
    out = tmp_path / "tall.pdf"
    pages = write_pdf(doc, out)
    text = pages_text(out)
    assert pages >= 4
    joined = "".join(text)
    # Every line of the long cell is painted once, in order, and the rows after it too.
    assert joined.count("備考0000。") == 2 and joined.count("備考1499。") == 2
    for i in range(0, 1500, 7):
        assert f"備考{i:04d}。" in joined
    assert "次の行" in joined and "5,678" in joined
    # The table's header is repeated on the pages its long row continues on.
    assert sum("長い表(続き)" in t for t in text) >= 1


def _write(ledger, table, rows):
    from sqlalchemy import insert

    with ledger.engine.begin() as conn:
        return [conn.execute(insert(table).values(**r)).inserted_primary_key[0] for r in rows]


def test_survey_status_counts_returned_errors_applied_and_what_is_outstanding(small, ledger, tmp_path):
    from db import models as M
    from db.ledger import load_values
    from db.report_data import survey_inputs

    with ledger.read() as conn:
        sections = {s["code"]: sid for sid, s in load_values(conn, "section").items()}
    (rid,) = _write(ledger, M.SurveyRound.__table__, [{"fiscal_year": 2026, "opened_on": dt.date(2026, 6, 1)}])
    _write(ledger, M.SurveyResponse.__table__, [
        {"round_id": rid, "section_id": sections["S001"], "status": "errors", "error_count": 3,
         "file_name": "S001_情報システム課.xlsx", "received_at": dt.datetime(2026, 7, 1, 3, 0, tzinfo=dt.UTC)},
        {"round_id": rid, "section_id": sections["S002"], "status": "applied", "error_count": 0,
         "file_name": "S002_健康増進課.xlsx", "received_at": dt.datetime(2026, 7, 2, 3, 0, tzinfo=dt.UTC)},
    ])
    with ledger.read() as conn:
        inputs = survey_inputs(conn)
    from assetdesk.reports.survey import outstanding

    todo = outstanding(inputs.sections)
    assert [(s.section, "3" in what) for s, what in todo] == [("S001", True)]
    out = tmp_path / "survey.pdf"
    assert run(small, "report", "survey-status", str(out)) == 0
    joined = "".join(pages_text(out))
    assert squash("令和8(2026)年度") in joined
    assert "回収済2" in joined and "要修正1" in joined and "反映済1" in joined and "回収率100.0%" in joined
    assert "情報システム課" in joined and squash("回答に 3 件の誤りがあり、修正待ちです") in joined
    assert "2026/07/01" in joined


def test_an_adopted_scenario_is_printed_instead_of_a_new_plan(small, ledger, tmp_path):
    from assetdesk.codec import to_jsonable
    from assetdesk.planner.model import HostSpec, PlanParameters
    from assetdesk.planner.planner import plan
    from assetdesk.planner.synthetic import servers
    from db import models as M

    p = plan(servers(40, seed=5), HostSpec(), PlanParameters(time_limit_s=1))
    _write(ledger, M.PlanScenario.__table__, [{
        "name": "令和8年度案", "created_at": dt.datetime(2026, 10, 1, tzinfo=dt.UTC), "created_by": "tester",
        "parameters": {}, "result": to_jsonable(p), "adopted_at": dt.datetime(2026, 10, 5, 3, 0, tzinfo=dt.UTC)}])
    out = tmp_path / "c.pdf"
    assert run(small, "report", "consolidation", str(out)) == 0
    joined = "".join(pages_text(out))
    assert squash("採用された計画「令和8年度案」(2026/10/05 採用)") in joined
    assert f"合計{len(p.assignments)}{p.total_hosts}" in joined
    some = p.assignments[0]
    assert some.server in joined and some.host in joined


def test_english_headings_from_the_reports_catalogue(small, tmp_path, monkeypatch):
    from assetdesk import i18n

    out = tmp_path / "ledger.pdf"
    assert run(small, "--lang", "en", "report", "ledger", str(out)) == 0
    joined = "".join(pages_text(out))
    for words in ("Information System Ledger", "Totals by department", "Page 1 /"):
        assert squash(words) in joined
    i18n.set_language("ja")


def test_the_command_offers_every_report_kind():
    from db.report_data import REPORT_KINDS
    from ui.commands.report_commands import KINDS

    assert KINDS == REPORT_KINDS
