"""Move servers to another host or wave by dialog (the keyboard's way to what drag and drop does)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QSpinBox, QWidget

from assetdesk.choices import NETWORK_ZONE
from assetdesk.i18n import _
from assetdesk.planner import Plan, new_host_name

KEEP = "__keep__"


class MoveDialog(QDialog):
    def __init__(self, plan: Plan, codes: list[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("サーバの移動"))
        by_code = {a.server: a for a in plan.assignments}
        names = [by_code[c].hostname for c in codes if c in by_code]
        form = QFormLayout(self)
        form.addRow(_("サーバ"), QLabel("、".join(names[:5]) + ("…" if len(names) > 5 else "")))
        self.host = QComboBox(self)
        self.host.addItem(_("(変えない)"), KEEP)
        for h in plan.hosts:
            self.host.addItem(f"{h.name}  {NETWORK_ZONE.label_of(h.zone)}  CPU {h.cpu_pct:.0f}% / "
                              f"{_('メモリ')} {h.memory_pct:.0f}%", h.name)
        for z in plan.zones:
            name = new_host_name(plan, z.zone)
            self.host.addItem(_("新しいホスト {name} ({zone})").format(name=name, zone=NETWORK_ZONE.label_of(z.zone)),
                              name)
        form.addRow(_("移行先ホスト"), self.host)
        self.wave = QSpinBox(self)
        self.wave.setRange(0, max((w.number for w in plan.waves), default=0) + 1)
        self.wave.setSpecialValueText(_("(変えない)"))
        self.wave.setValue(0)
        form.addRow(_("移行の回"), self.wave)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def target(self) -> tuple[str | None, int | None]:
        host = self.host.currentData()
        return (None if host == KEEP else host), (self.wave.value() or None)
