"""dedicated terminals and network lines of systems

Revision ID: 0006
Revises: 0003
Create Date: 2026-12-05 12:40:00
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0006"
down_revision = "0004"
branch_labels = None
depends_on = None

COLUMNS = (
    ("dedicated_terminals", sa.Integer()),
    ("terminal_requirement", sqlmodel.sql.sqltypes.AutoString(length=24)),
    ("terminal_cost", sa.Integer()),
    ("terminals_moved_on", sa.Date()),
    ("dedicated_lines", sa.Integer()),
    ("line_cost", sa.Integer()),
    ("lines_moved_on", sa.Date()),
)


def upgrade() -> None:
    with op.batch_alter_table("system", schema=None) as batch_op:
        for name, type_ in COLUMNS:
            batch_op.add_column(sa.Column(name, type_, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("system", schema=None) as batch_op:
        for name, _type in reversed(COLUMNS):
            batch_op.drop_column(name)
