"""Platform tables (outbox, inbox, audit log), the care team projection, subscriptions and the
delivery log.

Revision ID: 0001
"""

from alembic import op
from carecoord.care_teams import create_care_team_projection
from carecoord.db import create_platform_tables
from notifications.adapters.tables import metadata

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_platform_tables(op)
    create_care_team_projection(op)
    metadata.create_all(op.get_bind())
