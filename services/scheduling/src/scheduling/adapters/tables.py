"""The scheduling service's tables. The appointment overlap rules are also exclusion constraints,
so two transactions can never both commit a clash, whatever the application checked before."""

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, TSTZRANGE, ExcludeConstraint

metadata = sa.MetaData()

# Statuses that hold a provider's, a patient's and a room's time (see domain.appointments.OCCUPYING).
OCCUPYING_SQL = "status IN ('booked', 'checked_in', 'completed')"

providers = sa.Table(
    "providers",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("clinic_id", sa.Text, nullable=False),
    sa.Column("display_name", sa.Text, nullable=False),
    sa.Column("discipline", sa.Text, nullable=False),
    sa.Column("time_zone", sa.Text, nullable=False),
    sa.Column("conditions", ARRAY(sa.Text), nullable=False),
    sa.Column("working_hours", JSONB, nullable=False),
    sa.Column("breaks", JSONB, nullable=False),
    sa.Index("providers_clinic_discipline", "clinic_id", "discipline"),
)

provider_time_off = sa.Table(
    "provider_time_off",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("provider_id", sa.Text, sa.ForeignKey("providers.id"), nullable=False),
    sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
    sa.Index("provider_time_off_provider", "provider_id", "starts_at"),
)

rooms = sa.Table(
    "rooms",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("clinic_id", sa.Text, nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("kind", sa.Text, nullable=False),
    sa.UniqueConstraint("clinic_id", "name", name="rooms_clinic_name"),
)

care_plans = sa.Table(
    "care_plans",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("clinic_id", sa.Text, nullable=False),
    sa.Column("patient_id", sa.Text, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("conditions", ARRAY(sa.Text), nullable=False),
    sa.Column("disciplines", JSONB, nullable=False),
    sa.Column("care_team", ARRAY(sa.Text), nullable=False),
    sa.Column("authorization", JSONB),
    sa.Index("care_plans_patient", "patient_id"),
)

appointments = sa.Table(
    "appointments",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("clinic_id", sa.Text, nullable=False),
    sa.Column("patient_id", sa.Text, nullable=False),
    sa.Column("care_plan_id", sa.Text, nullable=False),
    sa.Column("provider_id", sa.Text, sa.ForeignKey("providers.id"), nullable=False),
    sa.Column("discipline", sa.Text, nullable=False),
    sa.Column("room_id", sa.Text, sa.ForeignKey("rooms.id")),
    sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("during", TSTZRANGE, sa.Computed("tstzrange(starts_at, ends_at, '[)')", persisted=True)),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("series_id", sa.Text),
    sa.Column("host_appointment_id", sa.Text, sa.ForeignKey("appointments.id")),
    sa.Column("cancel_reason", sa.Text),
    sa.Column("late_cancel", sa.Boolean),
    sa.Column("self_pay", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.CheckConstraint("ends_at > starts_at", name="appointments_ends_after_start"),
    ExcludeConstraint(
        (sa.column("provider_id"), "="),
        (sa.column("during"), "&&"),
        name="appointments_provider_no_overlap",
        using="gist",
        where=sa.text(OCCUPYING_SQL),
    ),
    ExcludeConstraint(
        (sa.column("patient_id"), "="),
        (sa.column("during"), "&&"),
        name="appointments_patient_no_overlap",
        using="gist",
        # Spot work sits inside its host visit, so it never double-books the patient.
        where=sa.text(f"{OCCUPYING_SQL} AND host_appointment_id IS NULL"),
    ),
    ExcludeConstraint(
        (sa.column("room_id"), "="),
        (sa.column("during"), "&&"),
        name="appointments_room_no_overlap",
        using="gist",
        where=sa.text(f"{OCCUPYING_SQL} AND room_id IS NOT NULL"),
    ),
    sa.Index("appointments_patient_start", "patient_id", "starts_at"),
    sa.Index("appointments_plan_discipline", "care_plan_id", "discipline"),
    sa.Index("appointments_host", "host_appointment_id"),
)
