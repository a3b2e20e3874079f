"""Platform tables (outbox, inbox, audit log) and the care team projection.

Revision ID: 0001
"""

from alembic import op
from carecoord.care_teams import create_care_team_projection
from carecoord.db import create_platform_tables

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_platform_tables(op)
    create_care_team_projection(op)
