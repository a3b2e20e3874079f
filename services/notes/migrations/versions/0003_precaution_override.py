"""A signed note keeps the reason its author gave for signing past a precaution of the plan.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("notes", sa.Column("precaution_override", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("notes", "precaution_override")
