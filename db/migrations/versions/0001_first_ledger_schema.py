"""first ledger schema: organisation, systems, servers, hosts, dependencies, history

Revision ID: 0001
Revises:
Create Date: 2026-11-26 14:08:13.401328
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "change_batch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("user", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column("machine", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
        sa.Column("detail", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("context", sa.JSON(), nullable=True),
        sa.Column("undone_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["undone_by_id"],
            ["change_batch.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("change_batch", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_change_batch_at"), ["at"], unique=False)

    op.create_table(
        "department",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    op.create_table(
        "host",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("network_zone", sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
        sa.Column("cpu_cores", sa.Integer(), nullable=True),
        sa.Column("memory_gb", sa.Float(), nullable=True),
        sa.Column("storage_gb", sa.Float(), nullable=True),
        sa.Column("in_service", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("record_type", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("record_code", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column("action", sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["change_batch.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("change", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_change_batch_id"), ["batch_id"], unique=False)
        batch_op.create_index("ix_change_record", ["record_type", "record_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_change_record_code"), ["record_code"], unique=False)

    op.create_table(
        "section",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["department.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    with op.batch_alter_table("section", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_section_department_id"), ["department_id"], unique=False)

    op.create_table(
        "server",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("server_code", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("hostname", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(length=24), nullable=True),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
        sa.Column("location", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("network_zone", sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
        sa.Column("cpu_cores", sa.Integer(), nullable=True),
        sa.Column("cpu_peak_pct", sa.Float(), nullable=True),
        sa.Column("cpu_avg_pct", sa.Float(), nullable=True),
        sa.Column("memory_gb", sa.Float(), nullable=True),
        sa.Column("memory_peak_pct", sa.Float(), nullable=True),
        sa.Column("storage_gb", sa.Float(), nullable=True),
        sa.Column("storage_used_gb", sa.Float(), nullable=True),
        sa.Column("os", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("os_eol", sa.Date(), nullable=True),
        sa.Column("model", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("purchased", sa.Date(), nullable=True),
        sa.Column("lease_end", sa.Date(), nullable=True),
        sa.Column("maintenance_end", sa.Date(), nullable=True),
        sa.Column("power_w", sa.Integer(), nullable=True),
        sa.Column("rack_u", sa.Integer(), nullable=True),
        sa.Column("annual_maintenance", sa.Integer(), nullable=True),
        sa.Column("ha_group", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("migration_status", sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
        sa.Column("exclusion_reason", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("migrated_on", sa.Date(), nullable=True),
        sa.Column("host_id", sa.Integer(), nullable=True),
        sa.Column("planned_wave", sa.Integer(), nullable=True),
        sa.Column("search_key", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(
            ["host_id"],
            ["host.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("hostname"),
        sa.UniqueConstraint("server_code"),
    )
    with op.batch_alter_table("server", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_server_host_id"), ["host_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_server_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_server_migration_status"), ["migration_status"], unique=False)
        batch_op.create_index(batch_op.f("ix_server_network_zone"), ["network_zone"], unique=False)
        batch_op.create_index(batch_op.f("ix_server_os_eol"), ["os_eol"], unique=False)

    op.create_table(
        "system",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("system_code", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("section_id", sa.Integer(), nullable=False),
        sa.Column("purpose", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("business_category", sqlmodel.sql.sqltypes.AutoString(length=24), nullable=True),
        sa.Column("users", sa.Integer(), nullable=True),
        sa.Column("network_zone", sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
        sa.Column("personal_info", sa.Boolean(), nullable=True),
        sa.Column("my_number", sa.Boolean(), nullable=True),
        sa.Column("criticality", sqlmodel.sql.sqltypes.AutoString(length=24), nullable=True),
        sa.Column("rto_hours", sa.Float(), nullable=True),
        sa.Column("rpo_hours", sa.Float(), nullable=True),
        sa.Column("hosting", sqlmodel.sql.sqltypes.AutoString(length=24), nullable=True),
        sa.Column("vendor", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
        sa.Column("product", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
        sa.Column("in_service", sa.Date(), nullable=True),
        sa.Column("next_renewal_fy", sa.Integer(), nullable=True),
        sa.Column("contract_end", sa.Date(), nullable=True),
        sa.Column("initial_cost", sa.Integer(), nullable=True),
        sa.Column("cost_hw_maintenance", sa.Integer(), nullable=True),
        sa.Column("cost_sw_maintenance", sa.Integer(), nullable=True),
        sa.Column("cost_operation", sa.Integer(), nullable=True),
        sa.Column("cost_lease", sa.Integer(), nullable=True),
        sa.Column("cost_cloud", sa.Integer(), nullable=True),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
        sa.Column("consolidated_into_id", sa.Integer(), nullable=True),
        sa.Column("self_check", sa.Date(), nullable=True),
        sa.Column("internal_audit", sa.Date(), nullable=True),
        sa.Column("external_audit", sa.Date(), nullable=True),
        sa.Column("vuln_scan", sa.Date(), nullable=True),
        sa.Column("contact", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
        sa.Column("notes", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("search_key", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(
            ["consolidated_into_id"],
            ["system.id"],
        ),
        sa.ForeignKeyConstraint(
            ["section_id"],
            ["section.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("system_code"),
    )
    with op.batch_alter_table("system", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_system_business_category"), ["business_category"], unique=False)
        batch_op.create_index(batch_op.f("ix_system_criticality"), ["criticality"], unique=False)
        batch_op.create_index(batch_op.f("ix_system_name"), ["name"], unique=False)
        batch_op.create_index(batch_op.f("ix_system_network_zone"), ["network_zone"], unique=False)
        batch_op.create_index(batch_op.f("ix_system_next_renewal_fy"), ["next_renewal_fy"], unique=False)
        batch_op.create_index(batch_op.f("ix_system_section_id"), ["section_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_system_status"), ["status"], unique=False)

    op.create_table(
        "dependency",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("from_system_id", sa.Integer(), nullable=False),
        sa.Column("to_system_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
        sa.Column("method", sqlmodel.sql.sqltypes.AutoString(length=24), nullable=True),
        sa.Column("frequency", sqlmodel.sql.sqltypes.AutoString(length=24), nullable=True),
        sa.Column("zone_exception", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("notes", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.ForeignKeyConstraint(
            ["from_system_id"],
            ["system.id"],
        ),
        sa.ForeignKeyConstraint(
            ["to_system_id"],
            ["system.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("from_system_id", "to_system_id", "kind"),
    )
    with op.batch_alter_table("dependency", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dependency_from_system_id"), ["from_system_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_dependency_to_system_id"), ["to_system_id"], unique=False)

    op.create_table(
        "system_server",
        sa.Column("system_id", sa.Integer(), nullable=False),
        sa.Column("server_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["server_id"],
            ["server.id"],
        ),
        sa.ForeignKeyConstraint(
            ["system_id"],
            ["system.id"],
        ),
        sa.PrimaryKeyConstraint("system_id", "server_id"),
    )
    with op.batch_alter_table("system_server", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_system_server_server_id"), ["server_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("system_server", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_system_server_server_id"))

    op.drop_table("system_server")
    with op.batch_alter_table("dependency", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dependency_to_system_id"))
        batch_op.drop_index(batch_op.f("ix_dependency_from_system_id"))

    op.drop_table("dependency")
    with op.batch_alter_table("system", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_system_status"))
        batch_op.drop_index(batch_op.f("ix_system_section_id"))
        batch_op.drop_index(batch_op.f("ix_system_next_renewal_fy"))
        batch_op.drop_index(batch_op.f("ix_system_network_zone"))
        batch_op.drop_index(batch_op.f("ix_system_name"))
        batch_op.drop_index(batch_op.f("ix_system_criticality"))
        batch_op.drop_index(batch_op.f("ix_system_business_category"))

    op.drop_table("system")
    with op.batch_alter_table("server", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_server_os_eol"))
        batch_op.drop_index(batch_op.f("ix_server_network_zone"))
        batch_op.drop_index(batch_op.f("ix_server_migration_status"))
        batch_op.drop_index(batch_op.f("ix_server_kind"))
        batch_op.drop_index(batch_op.f("ix_server_host_id"))

    op.drop_table("server")
    with op.batch_alter_table("section", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_section_department_id"))

    op.drop_table("section")
    with op.batch_alter_table("change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_change_record_code"))
        batch_op.drop_index("ix_change_record")
        batch_op.drop_index(batch_op.f("ix_change_batch_id"))

    op.drop_table("change")
    op.drop_table("host")
    op.drop_table("department")
    with op.batch_alter_table("change_batch", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_change_batch_at"))

    op.drop_table("change_batch")
