"""retirement dates of departments, sections and hosts; yearly cost without its breakdown

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05 11:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ("department", "section", "host"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("retired_on", sa.Date(), nullable=True))
    with op.batch_alter_table("system", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cost_other", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("system", schema=None) as batch_op:
        batch_op.drop_column("cost_other")
    for table in ("host", "section", "department"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("retired_on")
