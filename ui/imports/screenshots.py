"""Screenshots of the survey page and its dialogs over a copy of a ledger (run under Xvfb).

    xvfb-run -s "-screen 0 1920x1080x24" python -m ui.imports.screenshots --db demo.sqlite --out screenshots

Works on a copy: makes the workbooks of three sections, answers them as a person would (one
answer with an error), and shows the page, the preview, the column mapping and the undo list.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from pathlib import Path


def _wait(app, seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def _answer(path: Path, code: str, header: str, value: object) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws = wb["システム"]
    cols = {c.value: c.column for c in ws[1] if c.value}
    row = next(r[0].row for r in ws.iter_rows(min_row=2) if r[1].value == code)
    ws.cell(row, cols[header], value)
    wb.save(path)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True, help="a SQLite ledger (copied, never changed)")
    parser.add_argument("--out", default="screenshots")
    parser.add_argument("--lang", default="ja")
    args = parser.parse_args()
    os.environ.setdefault("ASSETDESK_HOME", tempfile.mkdtemp(prefix="assetdesk-shots-"))
    work = Path(tempfile.mkdtemp(prefix="assetdesk-survey-"))
    db = work / "ledger.sqlite"
    shutil.copy(args.db, db)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    suffix = "" if args.lang == "ja" else f"-{args.lang}"

    from assetdesk.i18n import set_language
    from db.ledger import Ledger, load_values
    from importers.survey_template import section_data
    from ui.app import application, install_qt_translations
    from ui.imports.page import SurveyPage

    app = application()
    install_qt_translations(app, set_language(args.lang))
    ledger = Ledger.open(str(db))
    page = SurveyPage(ledger)
    page.resize(1366, 768)
    page.show()

    def shot(widget, name: str) -> None:
        _wait(app, 0.5)
        widget.grab().save(str(out / f"imports-{name}{suffix}.png"))

    def until_idle() -> None:
        _wait(app, 0.2)
        while page.busy():
            _wait(app, 0.05)

    data = [s for s in section_data(ledger) if len(s.systems) >= 2][:3]
    page.make_survey(work / "out", 2026, [s.code for s in data])
    until_idle()
    paths = {p.name.split("_")[2]: p for p in (work / "out").glob("*.xlsx")}
    a, b, c = data
    _answer(paths[a.code], a.systems[0][1]["system_code"], "利用者数", "４３２１人")
    _answer(paths[a.code], a.systems[1][1]["system_code"], "備考", "令和8年度に更新予定")
    _answer(paths[b.code], b.systems[0][1]["system_code"], "ネットワーク区分", "宇宙系")
    _answer(paths[c.code], c.systems[0][1]["system_code"], "稼働開始日", "令和2年4月1日")
    page.import_files([paths[a.code], paths[b.code], paths[c.code]])
    until_idle()
    dialog = page.preview_dialog
    assert dialog is not None
    dialog.tree.expandAll()
    shot(dialog, "preview")
    dialog.set_section([s.section for s in dialog.preview.sections].index(b.code), False)
    shot(dialog, "preview-section-left-out")
    dialog.accept()
    until_idle()
    shot(page, "page")
    history = page.open_history()
    if history.rows:
        history.select_batch(history.rows[0]["id"])
    shot(history, "history")
    history.reject()

    with ledger.read() as conn:
        servers = sorted(load_values(conn, "server").values(), key=lambda v: v["server_code"])[:5]
    csv = work / "他課のサーバ一覧.csv"
    csv.write_text("\n".join(["No,サーバ名,搭載メモリ量,OS,好きな色"] + [
        f"{i},{s['hostname']},{int(s['memory_gb'] or 0) + 8},{s['os'] or ''},青" for i, s in enumerate(servers, 1)]),
        encoding="cp932")
    mapping = page.open_mapping(csv)
    if mapping is not None:
        mapping.save_check.setChecked(False)
        shot(mapping, "mapping")
        mapping.reject()
    page.close()
    ledger.dispose()


if __name__ == "__main__":
    main()
