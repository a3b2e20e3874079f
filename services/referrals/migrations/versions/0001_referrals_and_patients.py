"""Platform tables (outbox, inbox, audit log), patients, referrals and their transitions, care
plans with their change history, and the authorization budget.

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

TEXT_ARRAY = postgresql.ARRAY(sa.Text())
JSONB = postgresql.JSONB(astext_type=sa.Text())


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
    _create_referrals()
    _create_care_plans()
    _create_authorization_budget()


def _create_referrals() -> None:
    op.create_table(
        "referrals",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("clinic_id", sa.Text(), nullable=False),
        sa.Column("patient_id", sa.Text(), nullable=False),
        sa.Column("referring_physician_id", sa.Text(), nullable=False),
        sa.Column("referring_physician_npi", sa.Text(), nullable=False),
        sa.Column("referring_physician_name", sa.Text(), nullable=False),
        sa.Column("diagnosis_codes", TEXT_ARRAY, nullable=False),
        sa.Column("conditions", TEXT_ARRAY, nullable=False),
        sa.Column("other_conditions", sa.Text(), nullable=True),
        sa.Column("body_regions", TEXT_ARRAY, nullable=False),
        sa.Column("precautions", TEXT_ARRAY, nullable=False),
        sa.Column("urgency", sa.Text(), nullable=False),
        sa.Column("requested", JSONB, nullable=False),
        sa.Column("insurance", JSONB, nullable=True),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("care_plan_id", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["patient_id"], ["patients.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("referrals_clinic_patient", "referrals", ["clinic_id", "patient_id"], unique=False)
    op.create_index("referrals_clinic_received", "referrals", ["clinic_id", "received_at"], unique=False)
    op.create_table(
        "referral_transitions",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("referral_id", sa.Text(), nullable=False),
        sa.Column("from_status", sa.Text(), nullable=True),
        sa.Column("to_status", sa.Text(), nullable=False),
        sa.Column("actor", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason_code", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["referral_id"], ["referrals.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("referral_transitions_referral", "referral_transitions", ["referral_id"], unique=False)


def _create_care_plans() -> None:
    op.create_table(
        "care_plans",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("clinic_id", sa.Text(), nullable=False),
        sa.Column("patient_id", sa.Text(), nullable=False),
        sa.Column("referral_id", sa.Text(), nullable=False),
        sa.Column("referring_physician_id", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("content", JSONB, nullable=False),
        sa.Column("member_ids", TEXT_ARRAY, nullable=False),
        sa.Column("authorization_valid_to", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["patient_id"], ["patients.id"]),
        sa.ForeignKeyConstraint(["referral_id"], ["referrals.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("referral_id"),
    )
    op.create_index("care_plans_patient", "care_plans", ["patient_id"], unique=False)
    op.create_index(
        "care_plans_authorization_valid_to", "care_plans", ["authorization_valid_to"], unique=False
    )
    op.create_table(
        "care_plan_changes",
        sa.Column("care_plan_id", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("changed_by", sa.Text(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changes", JSONB, nullable=False),
        sa.ForeignKeyConstraint(["care_plan_id"], ["care_plans.id"]),
        sa.PrimaryKeyConstraint("care_plan_id", "version"),
    )


def _create_authorization_budget() -> None:
    op.create_table(
        "authorization_visits",
        sa.Column("appointment_id", sa.Text(), nullable=False),
        sa.Column("care_plan_id", sa.Text(), nullable=False),
        sa.Column("discipline", sa.Text(), nullable=False),
        sa.Column("state", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("appointment_id"),
    )
    op.create_index(
        "authorization_visits_plan", "authorization_visits", ["care_plan_id", "discipline"], unique=False
    )
    op.create_table(
        "authorization_alerts",
        sa.Column("care_plan_id", sa.Text(), nullable=False),
        sa.Column("alert", sa.Text(), nullable=False),
        sa.Column("raised_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("care_plan_id", "alert"),
    )
