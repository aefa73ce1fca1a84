"""Which column of someone else's spreadsheet feeds which field: the importer's guess, corrected
by the user, saved for the next file with the same headers.

The guess is ``importers.mapping`` (labels, synonyms, close matches, saved mappings). What the
user settles is handed to the importer as *pins* (record type -> header -> field), the same
thing ``--map`` gives on the command line. A column left "unknown" is not pinned, so the
import still reports it; only a column the user sets to "do not import" is ignored on purpose.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from assetdesk.fields import RECORD_FIELDS, RECORD_LABELS
from assetdesk.i18n import N_, _
from db.ledger import Ledger
from importers.mapping import (
    SHEET_TYPES,
    ColumnMatch,
    column_letter,
    guess_sheet,
    match_columns,
    save_mapping,
    saved_mappings,
)
from importers.workbook import FileRefused, Sheet, iter_data_rows, read_table_file

UNKNOWN = "?"  # combo data of a column left unknown (reported by the import)
IGNORE = ""  # combo data of a column the user chose not to import
UNKNOWN_BRUSH = QBrush(QColor("#fff1c2"))
TYPE_LABELS = RECORD_LABELS
HOW_LABELS = {"label": N_("項目名"), "synonym": N_("別名"), "close": N_("近い見出し"), "saved": N_("保存済み"),
              "pinned": N_("指定"), "key": N_("照合キー"), "ignored": N_("取り込まない"), "unknown": N_("対応なし"), "user": N_("手動"),
              "held": N_("保留(他の列と重複)"), "context": N_("部局(行の情報)")}
SAMPLES = 3


def best_guess(sheet: Sheet, saved: dict[str, dict[str, str | None]]) -> tuple[str, int] | None:
    """(record type, header row) of the best match of a sheet, as the importer would choose it."""
    found = [m for rt in SHEET_TYPES
             if (m := guess_sheet(sheet.rows, sheet.name, sheet.first_row, record_type=rt, saved=saved)) is not None]
    if not found:
        return None
    best = max(found, key=lambda m: (sum(1 for c in m.columns if c.field), -m.header_row))
    return best.record_type, best.header_row


class MappingDialog(QDialog):
    """Header -> field for one sheet of one file; ``pins()`` is what ``load_preview`` takes."""

    COLUMNS = (N_("列"), N_("見出し"), N_("値の例"), N_("取り込む項目"), N_("判定"))

    def __init__(self, ledger: Ledger, path: str | Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("mapping_dialog")
        self.setWindowTitle(_("列の対応付け"))
        self.ledger = ledger
        self.path = Path(path)
        self.table_file = read_table_file(self.path)  # FileRefused goes to the caller
        with ledger.read() as conn:
            self.saved = saved_mappings(conn)
        self.matches: list[ColumnMatch] = []
        self._loading = False

        self.sheet_combo = QComboBox(self)
        self.sheet_combo.setObjectName("mapping_sheet")
        for s in self.table_file.sheets:
            self.sheet_combo.addItem(s.name)
        self.type_combo = QComboBox(self)
        self.type_combo.setObjectName("mapping_record_type")
        for rt in SHEET_TYPES:
            self.type_combo.addItem(_(TYPE_LABELS[rt]), rt)
        self.header_row = QSpinBox(self)
        self.header_row.setObjectName("mapping_header_row")
        self.header_row.setRange(1, 10_000)
        self.table = QTableWidget(0, len(self.COLUMNS), self)
        self.table.setObjectName("mapping_table")
        self.table.setHorizontalHeaderLabels([_(c) for c in self.COLUMNS])
        self.table.verticalHeader().setVisible(False)
        h = self.table.horizontalHeader()
        h.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        h.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        h.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        h.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        h.resizeSection(1, 200)
        h.resizeSection(3, 240)
        self.unknown_label = QLabel(self)
        self.unknown_label.setObjectName("unknown_columns")
        self.unknown_label.setWordWrap(True)
        self.problem_label = QLabel(self)
        self.problem_label.setStyleSheet("color: #a12a1f; font-weight: bold;")
        self.problem_label.setWordWrap(True)
        self.save_check = QCheckBox(_("この対応付けを保存して次回も使う"), self)
        self.save_check.setObjectName("save_mapping")
        self.save_check.setChecked(True)
        self.save_name = QLineEdit(self.path.stem, self)
        self.save_name.setObjectName("mapping_name")
        self.save_check.toggled.connect(self.save_name.setEnabled)
        self.buttons = QDialogButtonBox(self)
        self.ok_button = self.buttons.addButton(_("取込内容を確認"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow(_("ファイル"), QLabel(self.path.name, self))
        form.addRow(_("シート"), self.sheet_combo)
        form.addRow(_("記録の種類"), self.type_combo)
        form.addRow(_("見出しの行"), self.header_row)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.unknown_label)
        layout.addWidget(self.problem_label)
        save_row = QFormLayout()
        save_row.addRow(self.save_check, self.save_name)
        layout.addLayout(save_row)
        layout.addWidget(self.buttons)
        self.resize(900, 620)

        self.sheet_combo.currentIndexChanged.connect(self._sheet_changed)
        self.type_combo.currentIndexChanged.connect(lambda _i: self._rematch(guess_row=True))
        self.header_row.valueChanged.connect(lambda _v: self._rematch(guess_row=False))
        self._sheet_changed(0)

    # --- what the user sees ---------------------------------------------------------------------

    @property
    def sheet(self) -> Sheet:
        return self.table_file.sheets[max(self.sheet_combo.currentIndex(), 0)]

    @property
    def record_type(self) -> str:
        return str(self.type_combo.currentData())

    def _sheet_changed(self, _index: int) -> None:
        guess = best_guess(self.sheet, self.saved) if self.table_file.sheets else None
        self._loading = True
        if guess is not None:
            self.type_combo.setCurrentIndex(SHEET_TYPES.index(guess[0]))
            self.header_row.setValue(guess[1])
        else:
            first = next((self.sheet.first_row + i for i, r in enumerate(self.sheet.rows) if any(v is not None for v in r)),
                         self.sheet.first_row)
            self.header_row.setValue(first)
        self._loading = False
        self._rematch(guess_row=False)

    def _rematch(self, guess_row: bool) -> None:
        if self._loading or not self.table_file.sheets:
            return
        sheet, rt = self.sheet, self.record_type
        if guess_row:
            m = guess_sheet(sheet.rows, sheet.name, sheet.first_row, record_type=rt, saved=self.saved)
            if m is not None:
                self._loading = True
                self.header_row.setValue(m.header_row)
                self._loading = False
        index = self.header_row.value() - sheet.first_row
        headers = sheet.rows[index] if 0 <= index < len(sheet.rows) else []
        self.matches = match_columns(headers, rt, saved=self.saved.get(rt))
        samples = self._samples(sheet, self.header_row.value())
        fields = RECORD_FIELDS[rt]
        self.table.setRowCount(len(self.matches))
        for r, m in enumerate(self.matches):
            cells = [column_letter(m.column), m.header, "、".join(samples.get(m.column, [])), None,
                     _(HOW_LABELS.get(m.how, m.how))]
            for c, text in enumerate(cells):
                if c == 3:
                    continue
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                item.setToolTip(text)
                self.table.setItem(r, c, item)
            combo = QComboBox(self.table)
            if m.how == "key":
                combo.addItem(_("(照合用の隠し列)"), UNKNOWN)
                combo.setEnabled(False)
            else:
                combo.addItem(_("— 対応なし(取込時に報告)—"), UNKNOWN)
                combo.addItem(_("— 取り込まない —"), IGNORE)
                for f in fields:
                    combo.addItem(f.display_label, f.name)
                combo.setCurrentIndex(combo.findData(m.field if m.field else IGNORE if m.how == "ignored" else UNKNOWN))
            combo.currentIndexChanged.connect(lambda _i, row=r: self._user_changed(row))
            self.table.setCellWidget(r, 3, combo)
            self._paint(r)
        self._check()

    def _samples(self, sheet: Sheet, header_row: int) -> dict[int, list[str]]:
        out: dict[int, list[str]] = {}
        for _n, cells in iter_data_rows(sheet, header_row):
            for i, v in enumerate(cells):
                if v is not None and len(out.setdefault(i, [])) < SAMPLES:
                    out[i].append(str(v)[:30])
            if all(len(out.get(m.column, [])) >= SAMPLES for m in self.matches):
                break
        return out

    def combo(self, row: int) -> QComboBox:
        w = self.table.cellWidget(row, 3)
        assert isinstance(w, QComboBox)
        return w

    def choice(self, row: int) -> str:
        """The field chosen for a row of the table, UNKNOWN or IGNORE."""
        return str(self.combo(row).currentData())

    def set_choice(self, header: str, field: str | None) -> None:
        """Map a column by its header (``None``: do not import it), as the user would pick."""
        for r, m in enumerate(self.matches):
            if m.header == header:
                combo = self.combo(r)
                combo.setCurrentIndex(combo.findData(IGNORE if field is None else field))
                return
        raise KeyError(header)

    def _user_changed(self, row: int) -> None:
        self.table.item(row, 4).setText(_(HOW_LABELS["user"]))
        self._paint(row)
        self._check()

    def _paint(self, row: int) -> None:
        unknown = self.matches[row].how != "key" and self.choice(row) == UNKNOWN
        for c in (0, 1, 2, 4):
            item = self.table.item(row, c)
            if item is not None:
                item.setBackground(UNKNOWN_BRUSH if unknown else QBrush())

    def unknown_headers(self) -> list[str]:
        return [m.header for r, m in enumerate(self.matches) if m.how != "key" and self.choice(r) == UNKNOWN]

    def duplicate_fields(self) -> list[str]:
        seen: dict[str, int] = {}
        for r, m in enumerate(self.matches):
            f = self.choice(r)
            if m.how != "key" and f not in (UNKNOWN, IGNORE):
                seen[f] = seen.get(f, 0) + 1
        labels = {f.name: f.display_label for f in RECORD_FIELDS[self.record_type]}
        return [labels.get(f, f) for f, n in seen.items() if n > 1]

    def _check(self) -> None:
        unknown = self.unknown_headers()
        self.unknown_label.setText(
            _("対応する項目がない列 {n} 件: {headers}(取り込まず、取込内容の確認で報告します)").format(
                n=len(unknown), headers="、".join(unknown)) if unknown else _("すべての列に項目が対応しています。"))
        dup = self.duplicate_fields()
        required = {f.name for f in RECORD_FIELDS[self.record_type] if f.required}
        chosen = {self.choice(r) for r in range(len(self.matches))}
        problems = []
        if dup:
            problems.append(_("同じ項目に複数の列が対応しています: {fields}").format(fields="、".join(dup)))
        if not (chosen - {UNKNOWN, IGNORE}):
            problems.append(_("取り込む列がありません。"))
        missing = [f.display_label for f in RECORD_FIELDS[self.record_type] if f.name in required - chosen]
        self.problem_label.setText("\n".join(problems))
        self.problem_label.setToolTip(_("必須項目のうち対応する列がないもの: {fields}").format(fields="、".join(missing)))
        self.ok_button.setEnabled(not problems)

    # --- the result -----------------------------------------------------------------------------

    def mapping(self) -> dict[str, str | None]:
        """header -> field of the chosen record type (None: do not import), unknown ones left out."""
        out: dict[str, str | None] = {}
        for r, m in enumerate(self.matches):
            f = self.choice(r)
            if m.how == "key" or f == UNKNOWN:
                continue
            out[m.header] = f or None
        return out

    def pins(self) -> dict[str, dict[str, str | None]]:
        """What the importer takes (record type -> header -> field).

        The sheet's headers are pinned to "not imported" for the other record types, so that
        the importer reads the sheet as the type the user chose and no other. Pins hold for every
        sheet of the file, so a header that another sheet also uses is left alone (ignoring it
        there would drop that sheet's column without a word).
        """
        elsewhere = {str(v).strip() for other in self.table_file.sheets if other is not self.sheet
                     for row in other.rows[:20] for v in row if v is not None}
        headers = [m.header for m in self.matches if m.how != "key" and m.header not in elsewhere]
        out: dict[str, dict[str, str | None]] = {rt: dict.fromkeys(headers) for rt in SHEET_TYPES
                                                 if rt != self.record_type}
        out[self.record_type] = self.mapping()
        return out

    def save(self) -> str | None:
        """Save the mapping under its name (name:record type), as the command line does."""
        name = self.save_name.text().strip() or self.path.stem
        key = f"{name}:{self.record_type}"
        with self.ledger.engine.begin() as conn:
            save_mapping(conn, key, self.record_type, self.mapping())
        return key

    def accept(self) -> None:
        if not self.ok_button.isEnabled():
            return
        if self.save_check.isChecked():
            try:
                self.save()
            except Exception as e:  # a read-only role in shared mode: still import, say why not saved
                QMessageBox.warning(self, self.windowTitle(), _("対応付けを保存できませんでした: {error}").format(error=e))
        super().accept()


def open_mapping(ledger: Ledger, path: str | Path, parent: QWidget | None = None) -> MappingDialog | None:
    """The dialog for ``path``, or None (after saying why) when the file cannot be read."""
    try:
        return MappingDialog(ledger, path, parent)
    except FileRefused as e:
        QMessageBox.warning(parent, _("列の対応付け"), _("{file} を読めません: {reason}").format(
            file=Path(path).name, reason=e.reason))
        return None

