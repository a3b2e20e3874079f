"""A referral keeps the identifier the referring system gave it (FHIR ServiceRequest.identifier), unique
per clinic, so a referral sent again is recognised as the same one.

Revision ID: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("referrals", sa.Column("placer_system", sa.Text))
    op.add_column("referrals", sa.Column("placer_value", sa.Text))
    op.create_index(
        "referrals_clinic_placer",
        "referrals",
        ["clinic_id", "placer_system", "placer_value"],
        unique=True,
        postgresql_where=sa.text("placer_value IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index("referrals_clinic_placer", "referrals")
    op.drop_column("referrals", "placer_value")
    op.drop_column("referrals", "placer_system")
