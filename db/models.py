"""The ledger's tables (SQLModel), one class per record of the data dictionary.

Column names are the field names of ``assetdesk.fields``; a test keeps the two in step. Code
lists are stored as the short ASCII values of ``assetdesk.choices``. Every editable record has a
``version`` that each write increments and checks (optimistic concurrency: a stale write is
refused, never merged). References are integer foreign keys; the codes users see stay unique.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

CHOICE = 24  # longest stored code-list value, with room to grow


class Versioned(SQLModel):
    version: int = Field(default=1, nullable=False)


class Department(Versioned, table=True):
    __tablename__ = "department"
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=32, unique=True)
    name: str = Field(max_length=200)
    retired_on: dt.date | None = None


class Section(Versioned, table=True):
    __tablename__ = "section"
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=32, unique=True)
    name: str = Field(max_length=200)
    department_id: int = Field(foreign_key="department.id", index=True)
    retired_on: dt.date | None = None


class System(Versioned, table=True):
    __tablename__ = "system"
    id: int | None = Field(default=None, primary_key=True)
    system_code: str = Field(max_length=32, unique=True)
    name: str = Field(max_length=300, index=True)
    section_id: int = Field(foreign_key="section.id", index=True)
    purpose: str | None = None
    business_category: str | None = Field(default=None, max_length=CHOICE, index=True)
    users: int | None = None
    network_zone: str = Field(max_length=CHOICE, index=True)
    personal_info: bool | None = None
    my_number: bool | None = None
    criticality: str | None = Field(default=None, max_length=CHOICE, index=True)
    rto_hours: float | None = None
    rpo_hours: float | None = None
    hosting: str | None = Field(default=None, max_length=CHOICE)
    vendor: str | None = Field(default=None, max_length=300)
    product: str | None = Field(default=None, max_length=300)
    in_service: dt.date | None = None
    next_renewal_fy: int | None = Field(default=None, index=True)
    contract_end: dt.date | None = None
    initial_cost: int | None = None
    cost_hw_maintenance: int | None = None
    cost_sw_maintenance: int | None = None
    cost_operation: int | None = None
    cost_lease: int | None = None
    cost_cloud: int | None = None
    cost_other: int | None = None
    status: str = Field(max_length=CHOICE, index=True)
    consolidated_into_id: int | None = Field(default=None, foreign_key="system.id")
    self_check: dt.date | None = None
    internal_audit: dt.date | None = None
    external_audit: dt.date | None = None
    vuln_scan: dt.date | None = None
    contact: str | None = Field(default=None, max_length=300)
    dedicated_terminals: int | None = None
    terminal_requirement: str | None = Field(default=None, max_length=CHOICE)
    terminal_cost: int | None = None
    terminals_moved_on: dt.date | None = None
    dedicated_lines: int | None = None
    line_cost: int | None = None
    lines_moved_on: dt.date | None = None
    notes: str | None = None
    #: Folded (search-key) text of the searchable fields, kept by the write path.
    search_key: str = Field(default="", index=False)


class Host(Versioned, table=True):
    """A host of the shared virtualization platform (共同利用型基盤); it serves one zone."""

    __tablename__ = "host"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=64, unique=True)
    network_zone: str = Field(max_length=CHOICE)
    cpu_cores: int | None = None
    memory_gb: float | None = None
    storage_gb: float | None = None
    in_service: dt.date | None = None
    retired_on: dt.date | None = None


class Server(Versioned, table=True):
    __tablename__ = "server"
    id: int | None = Field(default=None, primary_key=True)
    server_code: str = Field(max_length=32, unique=True)
    hostname: str = Field(max_length=128, unique=True)
    role: str | None = Field(default=None, max_length=CHOICE)
    kind: str = Field(max_length=CHOICE, index=True)
    location: str | None = Field(default=None, max_length=200)
    network_zone: str = Field(max_length=CHOICE, index=True)
    cpu_cores: int | None = None
    cpu_peak_pct: float | None = None
    cpu_avg_pct: float | None = None
    memory_gb: float | None = None
    memory_peak_pct: float | None = None
    storage_gb: float | None = None
    storage_used_gb: float | None = None
    os: str | None = Field(default=None, max_length=200)
    os_eol: dt.date | None = Field(default=None, index=True)
    model: str | None = Field(default=None, max_length=200)
    purchased: dt.date | None = None
    lease_end: dt.date | None = None
    maintenance_end: dt.date | None = None
    power_w: int | None = None
    rack_u: int | None = None
    annual_maintenance: int | None = None
    ha_group: str | None = Field(default=None, max_length=64)
    migration_status: str = Field(max_length=CHOICE, index=True)
    exclusion_reason: str | None = None
    migrated_on: dt.date | None = None
    host_id: int | None = Field(default=None, foreign_key="host.id", index=True)
    planned_wave: int | None = None
    search_key: str = Field(default="")


class SystemServer(SQLModel, table=True):
    """Which servers run which systems (many to many)."""

    __tablename__ = "system_server"
    system_id: int = Field(foreign_key="system.id", primary_key=True)
    server_id: int = Field(foreign_key="server.id", primary_key=True, index=True)


class Dependency(Versioned, table=True):
    """``from_system`` uses ``to_system``: when the latter is down, the former is affected."""

    __tablename__ = "dependency"
    __table_args__ = (UniqueConstraint("from_system_id", "to_system_id", "kind"),)
    id: int | None = Field(default=None, primary_key=True)
    from_system_id: int = Field(foreign_key="system.id", index=True)
    to_system_id: int = Field(foreign_key="system.id", index=True)
    kind: str = Field(max_length=CHOICE)
    method: str | None = Field(default=None, max_length=CHOICE)
    frequency: str | None = Field(default=None, max_length=CHOICE)
    zone_exception: str | None = None
    notes: str | None = None


class Dataset(Versioned, table=True):
    """保有データ: a set of data a section holds, in one of its systems or outside any."""

    __tablename__ = "dataset"
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=32, unique=True)
    name: str = Field(max_length=300, index=True)
    section_id: int = Field(foreign_key="section.id", index=True)
    system_id: int | None = Field(default=None, foreign_key="system.id", index=True)
    description: str | None = None
    form: str | None = Field(default=None, max_length=CHOICE, index=True)
    records: int | None = None
    update_frequency: str | None = Field(default=None, max_length=CHOICE)
    personal_info: bool | None = None
    my_number: bool | None = None
    confidentiality: str | None = Field(default=None, max_length=CHOICE, index=True)
    open_status: str | None = Field(default=None, max_length=CHOICE, index=True)
    closed_reason: str | None = None
    licence: str | None = Field(default=None, max_length=CHOICE)
    category: str | None = Field(default=None, max_length=CHOICE, index=True)
    imi_vocabulary: str | None = None
    mj_characters: bool | None = None
    url: str | None = Field(default=None, max_length=500)
    notes: str | None = None
    search_key: str = Field(default="")


class DatasetSection(SQLModel, table=True):
    """Which other sections use a dataset (many to many; ``dataset.used_by``)."""

    __tablename__ = "dataset_section"
    dataset_id: int = Field(foreign_key="dataset.id", primary_key=True)
    section_id: int = Field(foreign_key="section.id", primary_key=True, index=True)


# --- operations and their history -------------------------------------------------------------


class ChangeBatch(SQLModel, table=True):
    """One operation (an edit, an import, a plan adoption, a command): the unit of undo."""

    __tablename__ = "change_batch"
    id: int | None = Field(default=None, primary_key=True)
    at: dt.datetime = Field(index=True)
    user: str = Field(max_length=128)
    machine: str = Field(default="", max_length=128)
    source: str = Field(max_length=CHOICE)
    detail: str = Field(default="")
    #: Files, survey round, plan id... whatever identifies where the change came from.
    context: dict | None = Field(default=None, sa_column=Column(JSON))
    undone_by_id: int | None = Field(default=None, foreign_key="change_batch.id")


class Change(SQLModel, table=True):
    """One record created, updated or deleted, with its values before and after."""

    __tablename__ = "change"
    __table_args__ = (Index("ix_change_record", "record_type", "record_id"),)
    id: int | None = Field(default=None, primary_key=True)
    batch_id: int = Field(foreign_key="change_batch.id", index=True)
    record_type: str = Field(max_length=32)
    record_id: int
    record_code: str = Field(default="", max_length=128, index=True)
    action: str = Field(max_length=CHOICE)
    before: dict | None = Field(default=None, sa_column=Column(JSON))
    after: dict | None = Field(default=None, sa_column=Column(JSON))


# --- records that later capabilities build on -------------------------------------------------


class SurveyRound(SQLModel, table=True):
    __tablename__ = "survey_round"
    id: int | None = Field(default=None, primary_key=True)
    fiscal_year: int = Field(unique=True)
    opened_on: dt.date
    closed_on: dt.date | None = None
    template_version: str = Field(default="", max_length=32)
    notes: str | None = None


class SurveyResponse(SQLModel, table=True):
    __tablename__ = "survey_response"
    __table_args__ = (UniqueConstraint("round_id", "section_id"),)
    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="survey_round.id", index=True)
    section_id: int = Field(foreign_key="section.id")
    status: str = Field(max_length=CHOICE)
    file_name: str | None = None
    file_sha256: str | None = Field(default=None, max_length=64)
    received_at: dt.datetime | None = None
    error_count: int = 0
    applied_batch_id: int | None = Field(default=None, foreign_key="change_batch.id")


class PlanScenario(SQLModel, table=True):
    __tablename__ = "plan_scenario"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    created_at: dt.datetime
    created_by: str = Field(max_length=128)
    parameters: dict = Field(sa_column=Column(JSON, nullable=False))
    result: dict | None = Field(default=None, sa_column=Column(JSON))
    adopted_at: dt.datetime | None = None
    adopted_batch_id: int | None = Field(default=None, foreign_key="change_batch.id")


class Consultation(Versioned, table=True):
    """An introduction review (行政情報システム導入協議) of a new system, renewal or major change."""

    __tablename__ = "consultation"
    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=300)
    section_id: int = Field(foreign_key="section.id")
    kind: str = Field(max_length=CHOICE)
    purpose: str | None = None
    planned_fy: int | None = None
    initial_cost: int | None = None
    annual_cost: int | None = None
    proposed_hosting: str | None = Field(default=None, max_length=CHOICE)
    proposed_zone: str | None = Field(default=None, max_length=CHOICE)
    checklist: dict | None = Field(default=None, sa_column=Column(JSON))
    status: str = Field(max_length=CHOICE)
    decision: str | None = None
    conditions: str | None = None
    cost_reduction: int | None = None
    system_id: int | None = Field(default=None, foreign_key="system.id")
    submitted_on: dt.date | None = None
    decided_on: dt.date | None = None


class Indicator(SQLModel, table=True):
    """An indicator of the ICT plan (評価指標); ``source`` 'ledger' ones are computed."""

    __tablename__ = "indicator"
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=64, unique=True)
    name: str = Field(max_length=300)
    unit: str = Field(default="", max_length=32)
    baseline_fy: int | None = None
    baseline: float | None = None
    target_fy: int | None = None
    target: float | None = None
    source: str = Field(default="manual", max_length=CHOICE)
    sort_order: int = 0


class IndicatorValue(SQLModel, table=True):
    __tablename__ = "indicator_value"
    __table_args__ = (UniqueConstraint("indicator_id", "fiscal_year"),)
    id: int | None = Field(default=None, primary_key=True)
    indicator_id: int = Field(foreign_key="indicator.id", index=True)
    fiscal_year: int
    value: float


class ColumnMapping(SQLModel, table=True):
    """A saved header -> field mapping for importing other spreadsheets."""

    __tablename__ = "column_mapping"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, unique=True)
    record_type: str = Field(max_length=32)
    mapping: dict = Field(sa_column=Column(JSON, nullable=False))


# Tables of the portfolio area (consolidation proposals) live in their own module.
from db.models_portfolio import ConsolidationMember, ConsolidationProposal  # noqa: E402, F401

metadata = SQLModel.metadata

#: Tables whose rows a backup copies, in an order that satisfies foreign keys.
TABLE_ORDER = (
    "department", "section", "system", "host", "server", "system_server", "dependency",
    "change_batch", "change", "survey_round", "survey_response", "plan_scenario",
    "consultation", "indicator", "indicator_value", "column_mapping",
    "consolidation_proposal", "consolidation_member",
    "dataset", "dataset_section",
)
