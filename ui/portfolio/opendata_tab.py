"""The オープンデータ tab: candidates ranked with their reasons, coverage of the recommended dataset
list, and the CKAN / DCAT export (``datasets candidates`` / ``datasets export``).

The inventory is read and ranked off the GUI thread; the lists are the domain's summary
(``assetdesk.opendata.summary``), the same document the command line prints.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from assetdesk.choices import DATASET_FORM, RECOMMENDED_DATASET
from assetdesk.i18n import _
from assetdesk.opendata import COVERAGE_MARKS
from ui.planner.widgets import fill_table
from ui.portfolio.common import MessageLine, read_only_table
from ui.tasks import Task


class OpenDataTab(QWidget):
    def __init__(self, ledger, message: MessageLine, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("opendata_tab")
        self.ledger, self.message = ledger, message
        self._task: Task | None = None
        self.summary: dict | None = None
        self.figures = QLabel(self)
        self.figures.setObjectName("opendata_figures")
        self.figures.setWordWrap(True)
        self.candidates, self.coverage, self.published = (read_only_table(self) for _i in range(3))
        self.candidates.setObjectName("opendata_candidates")
        self.coverage.setObjectName("opendata_coverage")
        self.lists = QTabWidget(self)
        for widget, label in ((self.candidates, _("公開候補")), (self.coverage, _("推奨データセットの整備状況")),
                              (self.published, _("公開済"))):
            self.lists.addTab(widget, label)
        self.export_buttons = {}
        bar = QHBoxLayout()
        bar.addWidget(self.figures, 1)
        for fmt, label in (("ckan", _("CKAN 形式で書き出す…")), ("dcat", _("DCAT 形式で書き出す…"))):
            button = QPushButton(label, self)
            button.setObjectName(f"opendata_export_{fmt}")
            button.clicked.connect(lambda _c=False, f=fmt: self.export(f))
            bar.addWidget(button)
            self.export_buttons[fmt] = button
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.lists, 1)

    @property
    def running(self) -> bool:
        return self._task is not None

    def refresh(self) -> None:
        if self.running:
            return
        ledger = self.ledger

        def work(progress, _cancel):
            from assetdesk.opendata import summary
            from db.dataset_data import load_inventory

            progress(0.1, _("保有データを読み込んでいます"))
            with ledger.read() as conn:
                inv = load_inventory(conn)
            return summary(inv.datasets, inv.sections, inv.departments)

        self._task = Task(work)
        self._task.signals.finished.connect(self._done)
        self._task.signals.failed.connect(self._failed)
        self.figures.setText(_("保有データを読み込んでいます…"))
        self._task.start()

    def _failed(self, error: Exception, _trace: str) -> None:
        self._task = None
        self.figures.setText("")
        self.message.error(_("オープンデータの集計ができませんでした: {error}").format(error=error))

    def _done(self, summary: dict) -> None:
        self._task = None
        self.show_summary(summary)

    def show_summary(self, doc: dict) -> None:
        self.summary = doc
        cov = doc["coverage"]["summary"]
        self.figures.setText(_(
            "保有データ {n:,} 件、公開済 {published:,} 件、公開候補 {candidates:,} 件。推奨データセット {total} 項目のうち"
            "公開 {cp}、保有・未公開 {ch}、未整備 {cl}。").format(
            n=doc["datasets"], published=doc["published"], candidates=len(doc["candidates"]), total=cov["categories"],
            cp=cov["published"], ch=cov["held"], cl=cov["lacking"]))
        fill_table(self.candidates, [_("順位"), _("得点"), _("データ管理番号"), _("データ名称"), _("保有所属"), _("データ形式"),
                                     _("推奨データセット"), _("理由")],
                   [(i, c["score"], c["code"], c["name"], c["section_name"] or c["section"],
                     DATASET_FORM.label_of(c["form"]), RECOMMENDED_DATASET.label_of(c["category"]),
                     " / ".join(c["reasons"])) for i, c in enumerate(doc["candidates"], start=1)])
        fill_table(self.coverage, [_("推奨データセット"), _("状況"), _("公開済データ"), _("保有データ"), _("うち公開候補")],
                   [(RECOMMENDED_DATASET.label_of(r["category"]), _(COVERAGE_MARKS[r["status"]]),
                     ", ".join(r["published"]), ", ".join(r["held"]), ", ".join(r["candidates"]))
                    for r in doc["coverage"]["rows"]])
        fill_table(self.published, [_("データ管理番号"), _("データ名称"), _("保有所属"), _("推奨データセット"), _("公開URL")],
                   [(d["code"], d["name"], d["section_name"], RECOMMENDED_DATASET.label_of(d["category"]), d["url"])
                    for d in doc["published_datasets"]])
        for table in (self.candidates, self.coverage, self.published):
            table.resizeColumnsToContents()

    def export(self, fmt: str, path: str | None = None) -> int | None:
        """Write the CKAN or DCAT document (asks where unless ``path``); the datasets written."""
        from db.dataset_data import ExportRefused, load_inventory, write_open_data

        if path is None:
            path, _filter = QFileDialog.getSaveFileName(self, _("書き出し先"), f"opendata-{fmt}.json", "JSON (*.json)")
            if not path:
                return None
        with self.ledger.read() as conn:  # a few hundred rows: read at once
            inv = load_inventory(conn)
        try:
            count, _url = write_open_data(inv, fmt, Path(path), publisher=_("県"))
        except (ExportRefused, OSError) as e:
            self.message.error(str(e))
            return None
        self.message.info(_("{n} 件のデータを {format} 形式で書き出しました: {out}").format(
            n=count, format=fmt.upper(), out=path))
        return count
