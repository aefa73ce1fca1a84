"""The plan's inputs: which servers (kinds), the host model, sizing and the planning rules."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from assetdesk.choices import SERVER_KIND
from assetdesk.i18n import N_, _
from assetdesk.planner import HostSpec, PlanParameters

SIZING = (("utilization", N_("使用率から算定")), ("allocated", N_("割当量のまま")))


def _double(lo: float, hi: float, value: float, step: float = 1.0, decimals: int = 1, suffix: str = "") -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(lo, hi)
    box.setDecimals(decimals)
    box.setSingleStep(step)
    box.setValue(value)
    if suffix:
        box.setSuffix(f" {suffix}")
    box.setGroupSeparatorShown(True)
    return box


def _int(lo: int, hi: int, value: int, suffix: str = "") -> QSpinBox:
    box = QSpinBox()
    box.setRange(lo, hi)
    box.setValue(value)
    if suffix:
        box.setSuffix(f" {suffix}")
    box.setGroupSeparatorShown(True)
    return box


class ParameterForm(QWidget):
    """Editable HostSpec, PlanParameters and server kinds; ``changed`` on any edit."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        spec, params = HostSpec(), PlanParameters()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)

        scope = QGroupBox(_("対象とするサーバ"), self)
        grid = QGridLayout(scope)
        self.kinds: dict[str, QCheckBox] = {}
        for i, choice in enumerate(SERVER_KIND.choices):
            box = QCheckBox(_(choice.label), scope)
            box.setChecked(choice.value == "physical")
            box.setObjectName(f"kind_{choice.value}")
            self.kinds[choice.value] = box
            grid.addWidget(box, i // 2, i % 2)
        outer.addWidget(scope)

        host = QGroupBox(_("ホストの仕様"), self)
        form = QFormLayout(host)
        self.cores = _int(1, 1024, spec.cores, _("コア"))
        self.memory_gb = _double(1, 65_536, spec.memory_gb, 64, 0, "GB")
        self.storage_gb = _double(0, 100_000_000, spec.storage_gb, 1000, 0, "GB")
        self.storage_per_host = QCheckBox(_("ホストごとのストレージ(HCI)"))
        self.storage_per_host.setChecked(spec.storage_per_host)
        self.power_w = _double(0, 100_000, spec.power_w, 50, 0, "W")
        self.rack_u = _double(0, 48, spec.rack_u, 1, 0, "U")
        self.annual_maintenance = _double(0, 10_000_000, spec.annual_maintenance, 100, 0, _("千円/年"))
        form.addRow(_("コア数"), self.cores)
        form.addRow(_("メモリ"), self.memory_gb)
        form.addRow(_("ストレージ(区分ごと)"), self.storage_gb)
        form.addRow("", self.storage_per_host)
        form.addRow(_("消費電力(1台)"), self.power_w)
        form.addRow(_("ラック(1台)"), self.rack_u)
        form.addRow(_("年間保守費(1台)"), self.annual_maintenance)
        outer.addWidget(host)

        rules = QGroupBox(_("算定と規則"), self)
        form = QFormLayout(rules)
        self.sizing = QComboBox()
        for value, label in SIZING:
            self.sizing.addItem(_(label), value)
        self.overcommit = _double(0.1, 32, spec.overcommit, 0.5, 1, _("vCPU/コア"))
        self.cpu_ceiling = _double(1, 100, spec.cpu_ceiling_pct, 5, 0, "%")
        self.memory_ceiling = _double(1, 100, spec.memory_ceiling_pct, 5, 0, "%")
        self.headroom = _double(0, 500, params.headroom_pct, 5, 0, "%")
        self.storage_growth = _double(0, 500, params.storage_growth_pct, 5, 0, "%")
        self.spares = _int(0, 20, params.spares, _("台"))
        self.wave_capacity = _int(1, 10_000, params.wave_capacity, _("台"))
        self.first_wave = QDateEdit()
        self.first_wave.setCalendarPopup(True)
        self.first_wave.setDisplayFormat("yyyy-MM-dd")
        self.first_wave.setDate(QDate.currentDate())
        self.use_first_wave = QCheckBox(_("指定する"))
        self.first_wave.setEnabled(False)
        self.use_first_wave.toggled.connect(self.first_wave.setEnabled)
        first = QHBoxLayout()
        first.addWidget(self.use_first_wave)
        first.addWidget(self.first_wave, 1)
        self.wave_interval = _int(1, 3650, params.wave_interval_days, _("日"))
        self.time_limit = _double(0.5, 3600, params.time_limit_s, 5, 1, _("秒"))
        form.addRow(_("所要量の算定"), self.sizing)
        form.addRow(_("CPUオーバーコミット"), self.overcommit)
        form.addRow(_("CPU負荷の上限"), self.cpu_ceiling)
        form.addRow(_("メモリ負荷の上限"), self.memory_ceiling)
        form.addRow(_("使用率への余裕"), self.headroom)
        form.addRow(_("ストレージの伸び"), self.storage_growth)
        form.addRow(_("予備ホスト(区分ごと)"), self.spares)
        form.addRow(_("1回に移すサーバ"), self.wave_capacity)
        form.addRow(_("第1回の予定日"), first)
        form.addRow(_("回の間隔"), self.wave_interval)
        form.addRow(_("計算時間の上限"), self.time_limit)
        outer.addWidget(rules)
        outer.addStretch(1)

        for w in self.findChildren(QDoubleSpinBox) + self.findChildren(QSpinBox):
            w.valueChanged.connect(self.changed)
        for w in self.findChildren(QCheckBox):
            w.toggled.connect(self.changed)
        self.sizing.currentIndexChanged.connect(self.changed)
        self.first_wave.dateChanged.connect(self.changed)

    # --- values -----------------------------------------------------------------------------------

    def selected_kinds(self) -> tuple[str, ...]:
        return tuple(v for v, box in self.kinds.items() if box.isChecked())

    def spec(self) -> HostSpec:
        return HostSpec(cores=self.cores.value(), memory_gb=self.memory_gb.value(), storage_gb=self.storage_gb.value(),
                        overcommit=self.overcommit.value(), cpu_ceiling_pct=self.cpu_ceiling.value(),
                        memory_ceiling_pct=self.memory_ceiling.value(), power_w=self.power_w.value(),
                        rack_u=self.rack_u.value(), annual_maintenance=self.annual_maintenance.value(),
                        storage_per_host=self.storage_per_host.isChecked())

    def params(self) -> PlanParameters:
        first = self.first_wave.date().toPython() if self.use_first_wave.isChecked() else None
        return PlanParameters(sizing=self.sizing.currentData(), headroom_pct=self.headroom.value(),
                              storage_growth_pct=self.storage_growth.value(), spares=self.spares.value(),
                              wave_capacity=self.wave_capacity.value(), first_wave_date=first,
                              wave_interval_days=self.wave_interval.value(), time_limit_s=self.time_limit.value())

    def set_values(self, spec: HostSpec, params: PlanParameters) -> None:
        """Show a scenario's inputs (the kinds are not stored with it and stay as they are)."""
        self.blockSignals(True)
        try:
            self.cores.setValue(spec.cores)
            self.memory_gb.setValue(spec.memory_gb)
            self.storage_gb.setValue(spec.storage_gb)
            self.storage_per_host.setChecked(spec.storage_per_host)
            self.power_w.setValue(spec.power_w)
            self.rack_u.setValue(spec.rack_u)
            self.annual_maintenance.setValue(spec.annual_maintenance)
            self.overcommit.setValue(spec.overcommit)
            self.cpu_ceiling.setValue(spec.cpu_ceiling_pct)
            self.memory_ceiling.setValue(spec.memory_ceiling_pct)
            self.sizing.setCurrentIndex(max(self.sizing.findData(params.sizing), 0))
            self.headroom.setValue(params.headroom_pct)
            self.storage_growth.setValue(params.storage_growth_pct)
            self.spares.setValue(params.spares)
            self.wave_capacity.setValue(params.wave_capacity)
            self.use_first_wave.setChecked(params.first_wave_date is not None)
            if isinstance(params.first_wave_date, dt.date):
                self.first_wave.setDate(QDate(params.first_wave_date))
            self.wave_interval.setValue(params.wave_interval_days)
            self.time_limit.setValue(params.time_limit_s)
        finally:
            self.blockSignals(False)
