"""Platform tables (outbox, inbox, audit log) and the effects table the benchmark's handlers write.

Revision ID: 0001
"""

import sqlalchemy as sa
from alembic import op
from carecoord.db import create_platform_tables

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_platform_tables(op)
    op.create_table(
        "effects",
        sa.Column("event_id", sa.Text, primary_key=True),
        sa.Column("patient_id", sa.Text, nullable=False),
        sa.Column("type", sa.Text, nullable=False),
    )
