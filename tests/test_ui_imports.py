"""The survey page driven as a user would: make the workbooks of two sections, answer them with
openpyxl as a person would, take them back through the preview (leaving one change out),
apply, see the round and the history, undo the import; errors block; a CSV's columns are
mapped in the dialog, with its unknown column reported and the mapping saved."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from sqlalchemy import select

from db import models as M
from db.ledger import load_values
from db.survey import round_status
from importers.mapping import saved_mappings
from importers.survey_template import section_data

pytest.importorskip("pytestqt")

FY = 2026


@pytest.fixture(autouse=True)
def no_unexpected_dialogs(monkeypatch):
    """A message box nobody expected fails the test instead of waiting for a click forever."""

    def refuse(*args, **kwargs):
        raise AssertionError(f"unexpected message box: {args[1:3]}")

    for name in ("question", "warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, name, refuse)


def open_page(qtbot, ledger):
    from ui.imports.page import SurveyPage

    page = SurveyPage(ledger)
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    return page


def wait_task(qtbot, page, kind: str):
    with qtbot.waitSignal(page.task_done, timeout=60_000, check_params_cb=lambda k, _r: k == kind) as blocker:
        pass
    return blocker.args[1]


def click(qtbot, button) -> None:
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def make_workbooks(qtbot, page, folder: Path, sections: list[str]) -> dict[str, Path]:
    dialog = page.open_make_survey()
    dialog.fy.setValue(FY)
    dialog.folder.setText(str(folder))
    dialog.set_sections(sections)
    assert dialog.chosen_sections() == sections
    with qtbot.waitSignal(page.task_done, timeout=60_000):
        click(qtbot, dialog.ok_button)
    return {p.name.split("_")[2]: p for p in folder.glob("*.xlsx")}


def columns(ws) -> dict[str, int]:
    return {c.value: c.column for c in ws[1] if c.value}


def row_of(ws, code: str) -> int:
    for row in ws.iter_rows(min_row=2):
        if row[1].value == code:
            return row[0].row
    raise AssertionError(code)


def answer(path: Path, code: str, header: str, value) -> None:
    """Type an answer into the システム sheet, as a person would in Excel."""
    wb = load_workbook(path)
    ws = wb["システム"]
    ws.cell(row_of(ws, code), columns(ws)[header], value)
    wb.save(path)


def systems(ledger) -> dict[str, dict]:
    with ledger.read() as conn:
        return {v["system_code"]: v for v in load_values(conn, "system").values()}


def statuses(ledger) -> dict[str, str]:
    with ledger.read() as conn:
        return {s.section: s.status for s in round_status(conn, FY).sections}


def import_folder(qtbot, page, folder: Path):
    with qtbot.waitSignal(page.task_done, timeout=60_000):
        page.import_files([folder])
    dialog = page.preview_dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def change_item(dialog, code: str):
    """The tree row of the change of record ``code`` (section -> record)."""
    for si, s in enumerate(dialog.preview.sections):
        for ci, c in enumerate(s.changes):
            if c.code == code:
                return dialog._change_items[si][ci], c
    raise AssertionError(code)


@pytest.fixture
def two_sections(sqlite_demo_ledger):
    data = [s for s in section_data(sqlite_demo_ledger) if len(s.systems) >= 2][:2]
    return sqlite_demo_ledger, [s.code for s in data], {s.code: [v["system_code"] for _i, v in s.systems] for s in data}


def test_survey_round_trip_with_one_change_left_out_then_undone(qtbot, tmp_path, two_sections, monkeypatch):
    ledger, (a, b), codes = two_sections
    page = open_page(qtbot, ledger)
    assert page.status is None
    paths = make_workbooks(qtbot, page, tmp_path / "out", [a, b])
    assert sorted(paths) == [a, b]
    assert page.round_combo.currentData() == FY
    assert statuses(ledger)[a] == statuses(ledger)[b] == "sent"
    assert {a, b} <= set(page.chase_list())  # sent, not answered yet

    sys_a, sys_a2, sys_b = codes[a][0], codes[a][1], codes[b][0]
    before = systems(ledger)
    answer(paths[a], sys_a, "利用者数", "４３２１人")
    answer(paths[a], sys_a2, "備考", "サーバ更新予定")
    answer(paths[b], sys_b, "利用者数", 777)

    dialog = import_folder(qtbot, page, tmp_path / "out")
    assert statuses(ledger)[a] == statuses(ledger)[b] == "returned"  # received, not yet applied
    assert dialog.preview.errors == []
    item_a, change_a = change_item(dialog, sys_a)
    assert {f.field: (f.old, f.new) for f in change_a.fields}["users"] == (before[sys_a]["users"], 4321)
    assert sys_a in item_a.text(0) and before[sys_a]["name"] in item_a.text(0)
    item_a.setExpanded(True)  # field rows old -> new appear when the record is opened
    users_row = next(item_a.child(i) for i in range(item_a.childCount()) if item_a.child(i).text(2) == "4321")
    assert users_row.text(1) == ("" if before[sys_a]["users"] is None else str(before[sys_a]["users"]))

    # The user leaves section B's only change out: B drops out of the import.
    item_b, change_b = change_item(dialog, sys_b)
    item_b.setCheckState(0, Qt.CheckState.Unchecked)
    assert not change_b.accepted and dialog.preview.section(b).excluded
    assert {c.code for c in dialog.accepted_changes()} == {sys_a, sys_a2}
    assert "2" in dialog.counts.text()
    click(qtbot, dialog.apply_button)
    result = wait_task(qtbot, page, "apply")

    assert result.applied and result.updated == 2 and result.backup is not None and result.backup.exists()
    after = systems(ledger)
    assert after[sys_a]["users"] == 4321 and after[sys_a2]["notes"] == "サーバ更新予定"
    assert after[sys_b]["users"] == before[sys_b]["users"]  # left out
    with ledger.read() as conn:
        batch = conn.execute(select(M.ChangeBatch.__table__).where(
            M.ChangeBatch.__table__.c.id == result.batch_id)).mappings().one()
        changed = conn.execute(select(M.Change.__table__.c.record_code).where(
            M.Change.__table__.c.batch_id == result.batch_id)).scalars().all()
    assert batch["source"] == "import" and batch["context"]["survey_round"] == FY
    assert sorted(changed) == sorted([sys_a, sys_a2])
    assert statuses(ledger)[a] == "applied" and statuses(ledger)[b] == "returned"
    row_a = next(r for r in range(page.table.rowCount()) if page.table.item(r, 0).text() == a)
    assert page.table.item(row_a, 7).text() == str(result.batch_id)
    assert a not in page.chase_list()

    # Undo the import as a whole from the page.
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    history = page.open_history(result.batch_id)
    assert history.rows[0]["id"] == result.batch_id and history.undo_button.isEnabled()
    with qtbot.waitSignal(page.ledger_changed):
        click(qtbot, history.undo_button)
    restored = systems(ledger)
    assert restored[sys_a]["users"] == before[sys_a]["users"] and restored[sys_a2]["notes"] == before[sys_a2]["notes"]
    assert not history.undo_button.isEnabled()  # the import is marked undone
    assert page.table.item(row_a, 3).text() == "反映を取消済"
    assert a in page.chase_list()


def test_errors_block_applying_until_their_section_is_left_out(qtbot, tmp_path, two_sections):
    ledger, (a, b), codes = two_sections
    page = open_page(qtbot, ledger)
    paths = make_workbooks(qtbot, page, tmp_path / "out", [a, b])
    answer(paths[a], codes[a][0], "ネットワーク区分", "宇宙系")
    answer(paths[b], codes[b][0], "利用者数", 55)
    dialog = import_folder(qtbot, page, tmp_path / "out")
    assert statuses(ledger)[a] == "errors"
    bad = [p for p in dialog.preview.errors]
    assert len(bad) == 1 and bad[0].value == "宇宙系" and bad[0].sheet == "システム" and bad[0].row
    model = dialog.problems
    row = next(r for r in range(model.rowCount()) if model.rows[r][0] is bad[0])
    texts = [model.index(row, c).data() for c in range(model.columnCount())]
    assert texts[0] == "エラー" and texts[2] == paths[a].name and texts[6] == "宇宙系" and "ネットワーク区分" in texts[5]
    assert model.blocking(row)
    assert not dialog.apply_button.isEnabled() and dialog.block_label.text()

    section_item = dialog._section_items[[s.section for s in dialog.preview.sections].index(a)]
    section_item.setCheckState(0, Qt.CheckState.Unchecked)
    assert dialog.preview.section(a).excluded and not model.blocking(row)
    assert dialog.apply_button.isEnabled()
    click(qtbot, dialog.apply_button)
    result = wait_task(qtbot, page, "apply")
    assert result.applied and systems(ledger)[codes[b][0]]["users"] == 55
    assert statuses(ledger)[b] == "applied"


def test_a_left_out_section_with_errors_stays_to_chase(qtbot, tmp_path, two_sections):
    ledger, (a, b), codes = two_sections
    page = open_page(qtbot, ledger)
    paths = make_workbooks(qtbot, page, tmp_path / "out", [a, b])
    answer(paths[a], codes[a][0], "ネットワーク区分", "宇宙系")
    answer(paths[b], codes[b][0], "利用者数", 55)
    dialog = import_folder(qtbot, page, tmp_path / "out")
    dialog.set_section([s.section for s in dialog.preview.sections].index(a), False)
    click(qtbot, dialog.apply_button)
    wait_task(qtbot, page, "apply")
    assert statuses(ledger)[a] == "errors" and a in page.chase_list()


def test_mapping_dialog_reports_unknown_column_and_saves_the_mapping(qtbot, tmp_path, sqlite_demo_ledger):
    ledger = sqlite_demo_ledger
    with ledger.read() as conn:
        servers = sorted(load_values(conn, "server").values(), key=lambda v: v["server_code"])[:3]
    csv = tmp_path / "他課のサーバ一覧.csv"
    lines = ["サーバ名,主記憶(GB),好きな色"] + [f"{s['hostname']},{int(s['memory_gb'] or 0) + 8},青" for s in servers]
    csv.write_text("\n".join(lines) + "\n", encoding="cp932")

    page = open_page(qtbot, ledger)
    page.files_dropped([csv])  # someone else's list, dropped on the page: the mapping comes first
    dialog = page.mapping_dialog
    assert dialog is not None and dialog.isVisible() and dialog.record_type == "server"
    headers = [m.header for m in dialog.matches]
    assert headers == ["サーバ名", "主記憶(GB)", "好きな色"]
    assert dialog.choice(0) == "hostname"
    assert dialog.unknown_headers() == ["主記憶(GB)", "好きな色"]
    unknown_row = headers.index("好きな色")
    assert dialog.table.item(unknown_row, 1).background().color().name() == "#fff1c2"  # highlighted
    assert "好きな色" in dialog.unknown_label.text()

    dialog.set_choice("主記憶(GB)", "memory_gb")  # the user corrects the mapping
    assert dialog.unknown_headers() == ["好きな色"]
    assert dialog.pins()["server"] == {"サーバ名": "hostname", "主記憶(GB)": "memory_gb"}
    # The sheet is read as servers and nothing else; the unknown column is not pinned (reported).
    assert dialog.pins()["system"] == dialog.pins()["dependency"] == dict.fromkeys(headers)
    with qtbot.waitSignal(page.task_done, timeout=60_000):
        click(qtbot, dialog.ok_button)
    with ledger.read() as conn:
        assert saved_mappings(conn)["server"]["主記憶(GB)"] == "memory_gb"

    preview = page.preview_dialog.preview
    changed = {c.code: {f.field: f.new for f in c.fields} for c in preview.changes}
    assert changed == {s["server_code"]: {"memory_gb": (s["memory_gb"] or 0) + 8} for s in servers}
    unknown = [p for p in preview.all_problems if p.value == "好きな色"]
    assert unknown and not unknown[0].is_error and unknown[0].column.startswith("C")  # reported, not dropped

    page.preview_dialog.reject()
    again = page.open_mapping(csv)
    assert again.matches[1].how == "saved" and again.choice(1) == "memory_gb"
    again.reject()


def test_export_from_the_page(qtbot, tmp_path, sqlite_demo_ledger):
    page = open_page(qtbot, sqlite_demo_ledger)
    out = tmp_path / "台帳.xlsx"
    with qtbot.waitSignal(page.task_done, timeout=60_000):
        page.export_ledger(out, "systems")
    wb = load_workbook(out, read_only=True)
    assert "システム" in wb.sheetnames
    assert str(out) in page.message.text()


def test_dropped_spreadsheets_reach_the_callback(qtbot, tmp_path):
    from ui.imports.drop import install_drop_target

    widget = QWidget()
    qtbot.addWidget(widget)
    got: list[list[Path]] = []
    install_drop_target(widget, got.append)
    xlsx, txt = tmp_path / "a.xlsx", tmp_path / "note.txt"
    xlsx.write_bytes(b"x")
    txt.write_text("x")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(xlsx)), QUrl.fromLocalFile(str(txt))])
    enter = QDragEnterEvent(widget.rect().center(), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(widget.rect().center()), Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, drop)
    assert got == [[xlsx]]

    only_text = QMimeData()
    only_text.setUrls([QUrl.fromLocalFile(str(txt))])
    refused = QDragEnterEvent(widget.rect().center(), Qt.DropAction.CopyAction, only_text,
                              Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    refused.ignore()
    QApplication.sendEvent(widget, refused)
    assert not refused.isAccepted()


def test_gone_records_are_proposed_unticked_and_taken_only_when_accepted(qtbot, tmp_path, two_sections):
    ledger, (a, _b), codes = two_sections
    page = open_page(qtbot, ledger)
    paths = make_workbooks(qtbot, page, tmp_path / "out", [a])
    gone = codes[a][-1]
    wb = load_workbook(paths[a])
    ws = wb["システム"]
    ws.delete_rows(row_of(ws, gone))  # the section deleted the row instead of marking it retired
    wb.save(paths[a])
    dialog = import_folder(qtbot, page, paths[a])
    item, change = change_item(dialog, gone)
    assert change.action == "gone" and not change.accepted
    assert item.checkState(0) == Qt.CheckState.Unchecked and "廃止を提案" in item.text(0)
    click(qtbot, dialog.accept_gone_button)
    assert change.accepted and item.checkState(0) == Qt.CheckState.Checked
    click(qtbot, dialog.apply_button)
    result = wait_task(qtbot, page, "apply")
    assert result.applied and systems(ledger)[gone]["status"] == "retired"


def test_reading_can_be_cancelled_and_reports_progress_per_file(tmp_path, two_sections):
    from importers.survey_template import make_survey
    from ui.imports.loading import Cancelled, load_preview

    ledger, (a, b), _codes = two_sections
    make_survey(ledger, tmp_path / "out", FY, sections=[a, b])
    seen: list[str] = []
    preview = load_preview(ledger, [tmp_path / "out"], progress=lambda f, m: seen.append(m))
    assert {s.section for s in preview.sections} == {a, b}
    assert sum("調査票_" in m for m in seen) == 2  # one step per workbook
    asked = []
    with pytest.raises(Cancelled):
        load_preview(ledger, [tmp_path / "out"], cancel=lambda: asked.append(1) or len(asked) > 1)
    assert len(asked) == 2  # stopped before the second workbook
