"""Platform tables (outbox, inbox, audit log), patients and referrals.

Revision ID: 0001
"""

import sqlalchemy as sa
from alembic import op
from carecoord.db import create_platform_tables
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_platform_tables(op)
    op.create_table(
        "patients",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("clinic_id", sa.Text(), nullable=False),
        sa.Column("mrn", sa.Text(), nullable=False),
        sa.Column("given_name", sa.Text(), nullable=False),
        sa.Column("family_name", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("clinic_id", "mrn", name="patients_clinic_mrn"),
    )
    op.create_table(
        "referrals",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("clinic_id", sa.Text(), nullable=False),
        sa.Column("patient_id", sa.Text(), nullable=False),
        sa.Column("referring_physician_id", sa.Text(), nullable=False),
        sa.Column("referring_physician_npi", sa.Text(), nullable=False),
        sa.Column("diagnosis_codes", postgresql.ARRAY(sa.Text()), nullable=False),
        sa.Column("conditions", postgresql.ARRAY(sa.Text()), nullable=False),
        sa.Column("requested", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["patient_id"],
            ["patients.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("referrals_clinic_patient", "referrals", ["clinic_id", "patient_id"], unique=False)
