"""The 帳票 menu: every printed report of the command line, previewed, printed or saved as PDF.

The document is built off the GUI thread (the consolidation report plans first); the preview
then paints its pages on demand.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from assetdesk.i18n import N_, _

#: kind, menu label, what the report is about ('', 'department', 'system', 'record', 'years')
REPORTS = (
    ("consolidation", N_("サーバ集約計画書"), ""),
    ("ledger", N_("情報システム台帳(全体)"), ""),
    ("ledger", N_("情報システム台帳(部局を選択)…"), "department"),
    ("system-sheet", N_("個票(表示中のシステム)"), "system"),
    ("survey-status", N_("資産調査の回答状況"), ""),
    ("impact", N_("影響範囲(表示中の記録)"), "record"),
    ("indicators", N_("評価指標"), ""),
    ("years", N_("年度比較…"), "years"),
    ("terminals", N_("専用端末・個別回線の移行提案"), ""),
    ("opendata", N_("オープンデータの推進状況"), ""),
)


def add_report_menu(window) -> None:
    menu = window.menuBar().addMenu(_("帳票(&R)"))
    menu.setObjectName("report_menu")
    for kind, label, about in REPORTS:
        action = menu.addAction(_(label))
        action.setObjectName(f"report_{kind}_{about or 'all'}")
        action.triggered.connect(lambda _checked=False, k=kind, a=about: open_report(window, k, a))
    menu.addSeparator()
    save = menu.addAction(_("直前の帳票を PDF に保存…"))
    save.setObjectName("report_save_pdf")
    save.triggered.connect(lambda: save_last_pdf(window))


def _options(window, about: str) -> dict | None:
    """The report's subject from the current page, or asked; None when there is none."""
    from sqlalchemy import select

    from db import models as M
    from db.ledger import load_values
    from db.records import record_code

    if about == "department":
        with window.ledger.read() as conn:
            t = M.Department.__table__
            rows = conn.execute(select(t.c.code, t.c.name).order_by(t.c.code)).all()
        names = [f"{code} {name}" for code, name in rows]
        picked, ok = QInputDialog.getItem(window, _("情報システム台帳"), _("部局"), names, 0, False)
        return {"department": picked.split(" ", 1)[0]} if ok else None
    if about == "years":
        from ui.portfolio.years_tab import ask_years

        years = ask_years(window)
        return None if years is None else {"fy_from": years[0], "fy_to": years[1]}
    if about in ("system", "record"):
        page = window.current_page()
        wanted = ("system",) if about == "system" else ("system", "server", "host")
        if page is None or page.detail.record_type not in wanted or page.detail.record_id is None:
            QMessageBox.information(window, _("帳票"), _("一覧で対象の記録(システム・サーバ・ホスト)を選んでから実行してください。")
                                    if about == "record" else _("システムの一覧で対象のシステムを選んでから実行してください。"))
            return None
        rid = page.detail.record_id
        with window.ledger.read() as conn:
            code = record_code(page.detail.record_type, load_values(conn, page.detail.record_type, [rid])[rid])
        return {"systems": [code]} if about == "system" else {"code": code}
    return {}


def open_report(window, kind: str, about: str = "") -> None:
    """Build report ``kind`` in the background, then show it in the print preview."""
    options = _options(window, about)
    if options is None:
        return

    def work(progress, cancel):
        from db.report_data import build_report

        progress(0.1, _("帳票を作成しています"))
        with window.ledger.read() as conn:
            return build_report(kind, conn, **options)

    def done(doc) -> None:
        from ui.reports.preview import preview

        window.last_report = doc
        preview(doc, window)

    window.run_task(work, done)


def save_last_pdf(window) -> None:
    doc = getattr(window, "last_report", None)
    if doc is None:
        QMessageBox.information(window, _("帳票"), _("先に帳票メニューから帳票を開いてください。"))
        return
    path, _filter = QFileDialog.getSaveFileName(window, _("PDF に保存"), "", "PDF (*.pdf)")
    if not path:
        return
    from ui.reports.pdf import write_pdf

    pages = write_pdf(doc, path)
    window.status_label.setText(_("{path} に保存しました({pages} ページ)").format(path=path, pages=pages))
