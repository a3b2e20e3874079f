"""Session notes, addenda, progress, reports, alerts, and the appointment and care plan projections.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_TS = sa.DateTime(timezone=True)

# Defence in depth behind the service's 409: a signed note cannot be changed or removed, even by
# a bug or a hand-written UPDATE. Corrections are rows in addenda.
_REFUSE_SIGNED_CHANGES = """
CREATE FUNCTION signed_notes_are_immutable() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'note % is signed and immutable: % refused', OLD.id, TG_OP;
END;
$$ LANGUAGE plpgsql
"""
_SIGNED_TRIGGER = """
CREATE TRIGGER signed_notes_are_immutable BEFORE UPDATE OR DELETE ON notes
    FOR EACH ROW WHEN (OLD.status = 'signed') EXECUTE FUNCTION signed_notes_are_immutable()
"""


def upgrade() -> None:
    op.create_table(
        "appointments",
        sa.Column("appointment_id", sa.Text(), nullable=False),
        sa.Column("clinic_id", sa.Text(), nullable=False),
        sa.Column("patient_id", sa.Text(), nullable=False),
        sa.Column("provider_id", sa.Text(), nullable=False),
        sa.Column("discipline", sa.Text(), nullable=False),
        sa.Column("care_plan_id", sa.Text(), nullable=True),
        sa.Column("starts_at", _TS, nullable=False),
        sa.Column("ends_at", _TS, nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("appointment_id"),
    )
    op.create_table(
        "care_plans",
        sa.Column("care_plan_id", sa.Text(), nullable=False),
        sa.Column("clinic_id", sa.Text(), nullable=False),
        sa.Column("patient_id", sa.Text(), nullable=False),
        sa.Column("referring_physician_id", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("snapshot", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.PrimaryKeyConstraint("care_plan_id"),
    )
    op.create_table(
        "notes",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("clinic_id", sa.Text(), nullable=False),
        sa.Column("patient_id", sa.Text(), nullable=False),
        sa.Column("appointment_id", sa.Text(), nullable=False),
        sa.Column("care_plan_id", sa.Text(), nullable=True),
        sa.Column("author_id", sa.Text(), nullable=False),
        sa.Column("discipline", sa.Text(), nullable=False),
        sa.Column("visit_starts_at", _TS, nullable=False),
        sa.Column("visit_ends_at", _TS, nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("content", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("co_signer_id", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("due_at", _TS, nullable=False),
        sa.Column("signed_at", _TS, nullable=True),
        sa.Column("signed_by", sa.Text(), nullable=True),
        sa.Column("overdue_reported_at", _TS, nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("appointment_id"),
    )
    op.create_index("notes_clinic_patient", "notes", ["clinic_id", "patient_id"], unique=False)
    op.create_index("notes_status_due", "notes", ["status", "due_at"], unique=False)
    op.execute(_REFUSE_SIGNED_CHANGES)
    op.execute(_SIGNED_TRIGGER)
    op.create_table(
        "addenda",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("note_id", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.ForeignKeyConstraint(["note_id"], ["notes.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("addenda_note", "addenda", ["note_id"], unique=False)
    op.create_table(
        "progress_entries",
        sa.Column("note_id", sa.Text(), nullable=False),
        sa.Column("clinic_id", sa.Text(), nullable=False),
        sa.Column("patient_id", sa.Text(), nullable=False),
        sa.Column("care_plan_id", sa.Text(), nullable=True),
        sa.Column("discipline", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Text(), nullable=False),
        sa.Column("visit_starts_at", _TS, nullable=False),
        sa.Column("pain", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("measurements", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("goals", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("billable_units", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["note_id"], ["notes.id"]),
        sa.PrimaryKeyConstraint("note_id"),
    )
    op.create_index(
        "progress_entries_patient_visit", "progress_entries", ["patient_id", "visit_starts_at"], unique=False
    )
    op.create_index("progress_entries_care_plan", "progress_entries", ["care_plan_id"], unique=False)
    op.create_table(
        "progress_reports",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("clinic_id", sa.Text(), nullable=False),
        sa.Column("patient_id", sa.Text(), nullable=False),
        sa.Column("care_plan_id", sa.Text(), nullable=False),
        sa.Column("milestone", sa.Text(), nullable=False),
        sa.Column("visits_completed", sa.Integer(), nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("body", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("care_plan_id", "visits_completed", name="progress_reports_once_per_visit_count"),
    )
    op.create_index("progress_reports_patient", "progress_reports", ["patient_id"], unique=False)
    op.create_table(
        "care_team_alerts",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("clinic_id", sa.Text(), nullable=False),
        sa.Column("patient_id", sa.Text(), nullable=False),
        sa.Column("care_plan_id", sa.Text(), nullable=True),
        sa.Column("note_id", sa.Text(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("discipline", sa.Text(), nullable=False),
        sa.Column("body_region", sa.Text(), nullable=True),
        sa.Column("precaution", sa.Text(), nullable=True),
        sa.Column("raised_by", sa.Text(), nullable=False),
        sa.Column("raised_at", _TS, nullable=False),
        sa.ForeignKeyConstraint(["note_id"], ["notes.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("care_team_alerts_patient", "care_team_alerts", ["patient_id"], unique=False)
