"""Each note has a type (initial evaluation, daily note, progress note, discharge summary) that
decides what it must contain before it is signed; notes written before types existed are daily notes.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("notes", sa.Column("note_type", sa.Text(), nullable=False, server_default="daily_note"))


def downgrade() -> None:
    op.drop_column("notes", "note_type")
