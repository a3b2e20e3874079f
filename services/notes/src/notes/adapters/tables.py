"""The notes service's own tables, and its projections of scheduling's and referrals' data."""

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

metadata = sa.MetaData()

# Projection of scheduling's appointments: which visits exist, whose they are, whether they happened.
appointments = sa.Table(
    "appointments",
    metadata,
    sa.Column("appointment_id", sa.Text, primary_key=True),
    sa.Column("clinic_id", sa.Text, nullable=False),
    sa.Column("patient_id", sa.Text, nullable=False),
    sa.Column("provider_id", sa.Text, nullable=False),
    sa.Column("discipline", sa.Text, nullable=False),
    sa.Column("care_plan_id", sa.Text),
    sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("status", sa.Text, nullable=False),
    # Spot work nested in another provider's session: documented, not a visit of the series.
    sa.Column("spot_work", sa.Boolean, nullable=False, server_default=sa.false()),
)

# Projection of referrals' care plans: goals, precautions, planned and authorised visits.
care_plans = sa.Table(
    "care_plans",
    metadata,
    sa.Column("care_plan_id", sa.Text, primary_key=True),
    sa.Column("clinic_id", sa.Text, nullable=False),
    sa.Column("patient_id", sa.Text, nullable=False),
    sa.Column("referring_physician_id", sa.Text, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("snapshot", JSONB, nullable=False),
)

notes = sa.Table(
    "notes",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("clinic_id", sa.Text, nullable=False),
    sa.Column("patient_id", sa.Text, nullable=False),
    sa.Column("appointment_id", sa.Text, nullable=False, unique=True),
    sa.Column("care_plan_id", sa.Text),
    sa.Column("author_id", sa.Text, nullable=False),
    sa.Column("discipline", sa.Text, nullable=False),
    sa.Column("visit_starts_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("visit_ends_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("content", JSONB, nullable=False),
    sa.Column("note_type", sa.Text, nullable=False, server_default="daily_note"),
    sa.Column("co_signer_id", sa.Text),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("signed_at", sa.DateTime(timezone=True)),
    sa.Column("signed_by", sa.Text),
    sa.Column("precaution_override", sa.Text),
    sa.Column("overdue_reported_at", sa.DateTime(timezone=True)),
    sa.Index("notes_clinic_patient", "clinic_id", "patient_id"),
    sa.Index("notes_status_due", "status", "due_at"),
)

addenda = sa.Table(
    "addenda",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("note_id", sa.Text, sa.ForeignKey("notes.id"), nullable=False),
    sa.Column("author_id", sa.Text, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Index("addenda_note", "note_id"),
)

# What each signed note contributed to the shared, cross-discipline progress timeline.
progress_entries = sa.Table(
    "progress_entries",
    metadata,
    sa.Column("note_id", sa.Text, sa.ForeignKey("notes.id"), primary_key=True),
    sa.Column("clinic_id", sa.Text, nullable=False),
    sa.Column("patient_id", sa.Text, nullable=False),
    sa.Column("care_plan_id", sa.Text),
    sa.Column("discipline", sa.Text, nullable=False),
    sa.Column("author_id", sa.Text, nullable=False),
    sa.Column("visit_starts_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("pain", JSONB, nullable=False),
    sa.Column("measurements", JSONB, nullable=False),
    sa.Column("goals", JSONB, nullable=False),
    sa.Column("billable_units", sa.Integer, nullable=False),
    sa.Index("progress_entries_patient_visit", "patient_id", "visit_starts_at"),
    sa.Index("progress_entries_care_plan", "care_plan_id"),
)

progress_reports = sa.Table(
    "progress_reports",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("clinic_id", sa.Text, nullable=False),
    sa.Column("patient_id", sa.Text, nullable=False),
    sa.Column("care_plan_id", sa.Text, nullable=False),
    sa.Column("milestone", sa.Text, nullable=False),
    sa.Column("visits_completed", sa.Integer, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("body", JSONB, nullable=False),
    sa.UniqueConstraint(
        "care_plan_id", "milestone", "visits_completed", name="progress_reports_once_per_milestone"
    ),
    sa.Index("progress_reports_patient", "patient_id"),
)

care_team_alerts = sa.Table(
    "care_team_alerts",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("clinic_id", sa.Text, nullable=False),
    sa.Column("patient_id", sa.Text, nullable=False),
    sa.Column("care_plan_id", sa.Text),
    sa.Column("note_id", sa.Text, sa.ForeignKey("notes.id"), nullable=False),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("discipline", sa.Text, nullable=False),
    sa.Column("body_region", sa.Text),
    sa.Column("precaution", sa.Text),
    sa.Column("raised_by", sa.Text, nullable=False),
    sa.Column("raised_at", sa.DateTime(timezone=True), nullable=False),
    sa.Index("care_team_alerts_patient", "patient_id"),
)
