"""Platform tables (outbox, inbox, audit log), patients and referrals.

Revision ID: 0001
"""

from alembic import op
from carecoord.db import create_platform_tables
from referrals.adapters.tables import metadata

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_platform_tables(op)
    metadata.create_all(op.get_bind())
