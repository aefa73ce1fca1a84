"""consolidation proposals and their members

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 14:30:00
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "consolidation_proposal",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("absorber_id", sa.Integer(), nullable=False),
        sa.Column("target_fy", sa.Integer(), nullable=True),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
        sa.Column("estimated_saving", sa.Integer(), nullable=True),
        sa.Column("notes", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column("done_batch_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["absorber_id"], ["system.id"]),
        sa.ForeignKeyConstraint(["done_batch_id"], ["change_batch.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("consolidation_proposal", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_consolidation_proposal_absorber_id"), ["absorber_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_consolidation_proposal_status"), ["status"], unique=False)
    op.create_table(
        "consolidation_member",
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("system_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["proposal_id"], ["consolidation_proposal.id"]),
        sa.ForeignKeyConstraint(["system_id"], ["system.id"]),
        sa.PrimaryKeyConstraint("proposal_id", "system_id"),
    )
    with op.batch_alter_table("consolidation_member", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_consolidation_member_system_id"), ["system_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("consolidation_member", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consolidation_member_system_id"))
    op.drop_table("consolidation_member")
    with op.batch_alter_table("consolidation_proposal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consolidation_proposal_status"))
        batch_op.drop_index(batch_op.f("ix_consolidation_proposal_absorber_id"))
    op.drop_table("consolidation_proposal")
