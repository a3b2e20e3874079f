"""Providers, time off, rooms, the care plan projection and appointments with exclusion constraints.

Revision ID: 0002
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

OCCUPYING = "status IN ('booked', 'checked_in', 'completed')"


def upgrade() -> None:
    # btree_gist lets one GiST exclusion constraint compare a text id (=) and a time range (&&).
    op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    op.create_table(
        "providers",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("clinic_id", sa.Text(), nullable=False),
        sa.Column("display_name", sa.Text(), nullable=False),
        sa.Column("discipline", sa.Text(), nullable=False),
        sa.Column("time_zone", sa.Text(), nullable=False),
        sa.Column("conditions", postgresql.ARRAY(sa.Text()), nullable=False),
        sa.Column("working_hours", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("breaks", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("providers_clinic_discipline", "providers", ["clinic_id", "discipline"])
    op.create_table(
        "provider_time_off",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("provider_id", sa.Text(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["provider_id"], ["providers.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("provider_time_off_provider", "provider_time_off", ["provider_id", "starts_at"])
    op.create_table(
        "rooms",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("clinic_id", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("clinic_id", "name", name="rooms_clinic_name"),
    )
    op.create_table(
        "care_plans",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("clinic_id", sa.Text(), nullable=False),
        sa.Column("patient_id", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("conditions", postgresql.ARRAY(sa.Text()), nullable=False),
        sa.Column("disciplines", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("care_team", postgresql.ARRAY(sa.Text()), nullable=False),
        sa.Column("authorization", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("care_plans_patient", "care_plans", ["patient_id"])
    _create_appointments()


def _create_appointments() -> None:
    op.create_table(
        "appointments",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("clinic_id", sa.Text(), nullable=False),
        sa.Column("patient_id", sa.Text(), nullable=False),
        sa.Column("care_plan_id", sa.Text(), nullable=False),
        sa.Column("provider_id", sa.Text(), nullable=False),
        sa.Column("discipline", sa.Text(), nullable=False),
        sa.Column("room_id", sa.Text(), nullable=True),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "during",
            postgresql.TSTZRANGE(),
            sa.Computed("tstzrange(starts_at, ends_at, '[)')", persisted=True),
            nullable=True,
        ),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("series_id", sa.Text(), nullable=True),
        sa.Column("host_appointment_id", sa.Text(), nullable=True),
        sa.Column("cancel_reason", sa.Text(), nullable=True),
        sa.Column("late_cancel", sa.Boolean(), nullable=True),
        sa.CheckConstraint("ends_at > starts_at", name="appointments_ends_after_start"),
        sa.ForeignKeyConstraint(["provider_id"], ["providers.id"]),
        sa.ForeignKeyConstraint(["room_id"], ["rooms.id"]),
        sa.ForeignKeyConstraint(["host_appointment_id"], ["appointments.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    for name, column, extra in (
        ("appointments_provider_no_overlap", "provider_id", ""),
        ("appointments_patient_no_overlap", "patient_id", " AND host_appointment_id IS NULL"),
        ("appointments_room_no_overlap", "room_id", " AND room_id IS NOT NULL"),
    ):
        op.execute(
            f"ALTER TABLE appointments ADD CONSTRAINT {name} "
            f"EXCLUDE USING gist ({column} WITH =, during WITH &&) WHERE ({OCCUPYING}{extra})"
        )
    op.create_index("appointments_patient_start", "appointments", ["patient_id", "starts_at"])
    op.create_index("appointments_plan_discipline", "appointments", ["care_plan_id", "discipline"])
    op.create_index("appointments_host", "appointments", ["host_appointment_id"])
