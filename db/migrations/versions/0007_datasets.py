"""the data inventory (保有データ): datasets and the sections that use them

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05 14:30:00
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "dataset",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("section_id", sa.Integer(), nullable=False),
        sa.Column("system_id", sa.Integer(), nullable=True),
        sa.Column("description", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("form", sqlmodel.sql.sqltypes.AutoString(length=24), nullable=True),
        sa.Column("records", sa.Integer(), nullable=True),
        sa.Column("update_frequency", sqlmodel.sql.sqltypes.AutoString(length=24), nullable=True),
        sa.Column("personal_info", sa.Boolean(), nullable=True),
        sa.Column("my_number", sa.Boolean(), nullable=True),
        sa.Column("confidentiality", sqlmodel.sql.sqltypes.AutoString(length=24), nullable=True),
        sa.Column("open_status", sqlmodel.sql.sqltypes.AutoString(length=24), nullable=True),
        sa.Column("closed_reason", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("licence", sqlmodel.sql.sqltypes.AutoString(length=24), nullable=True),
        sa.Column("category", sqlmodel.sql.sqltypes.AutoString(length=24), nullable=True),
        sa.Column("imi_vocabulary", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("mj_characters", sa.Boolean(), nullable=True),
        sa.Column("url", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("notes", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("search_key", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(["section_id"], ["section.id"]),
        sa.ForeignKeyConstraint(["system_id"], ["system.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    with op.batch_alter_table("dataset", schema=None) as batch_op:
        for column in ("name", "section_id", "system_id", "form", "confidentiality", "open_status", "category"):
            batch_op.create_index(batch_op.f(f"ix_dataset_{column}"), [column], unique=False)
    op.create_table(
        "dataset_section",
        sa.Column("dataset_id", sa.Integer(), nullable=False),
        sa.Column("section_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["dataset_id"], ["dataset.id"]),
        sa.ForeignKeyConstraint(["section_id"], ["section.id"]),
        sa.PrimaryKeyConstraint("dataset_id", "section_id"),
    )
    with op.batch_alter_table("dataset_section", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dataset_section_section_id"), ["section_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("dataset_section", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dataset_section_section_id"))
    op.drop_table("dataset_section")
    with op.batch_alter_table("dataset", schema=None) as batch_op:
        for column in ("category", "open_status", "confidentiality", "form", "system_id", "section_id", "name"):
            batch_op.drop_index(batch_op.f(f"ix_dataset_{column}"))
    op.drop_table("dataset")
