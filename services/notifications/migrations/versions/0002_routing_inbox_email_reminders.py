"""Subscription filters, pause and secret rotation; contact points, the care plan routing data,
the in-app inbox, queued email and scheduled reminders.

Revision ID: 0002
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TEXT_ARRAY = postgresql.ARRAY(sa.Text())


def _now() -> sa.TextClause:
    return sa.text("now()")


def upgrade() -> None:
    op.add_column("subscriptions", sa.Column("disciplines", TEXT_ARRAY, nullable=True))
    op.add_column("subscriptions", sa.Column("previous_secret", sa.Text(), nullable=True))
    op.add_column(
        "subscriptions", sa.Column("previous_secret_expires_at", sa.DateTime(timezone=True), nullable=True)
    )
    op.add_column("subscriptions", sa.Column("disabled_reason", sa.Text(), nullable=True))
    op.add_column("subscriptions", sa.Column("failing_since", sa.DateTime(timezone=True), nullable=True))
    op.alter_column("deliveries", "patient_id", existing_type=sa.Text(), nullable=True)
    op.create_index("deliveries_by_subscription", "deliveries", ["subscription_id", "created_at"])
    op.create_table(
        "contact_points",
        sa.Column("clinic_id", sa.Text(), nullable=False),
        sa.Column("subject_id", sa.Text(), nullable=False),
        sa.Column("email", sa.Text(), nullable=True),
        sa.Column("display_name", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=_now(), nullable=False),
        sa.PrimaryKeyConstraint("clinic_id", "subject_id"),
    )
    op.create_table(
        "care_plan_routing",
        sa.Column("care_plan_id", sa.Text(), nullable=False),
        sa.Column("clinic_id", sa.Text(), nullable=False),
        sa.Column("patient_id", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("deep_pressure_disciplines", TEXT_ARRAY, nullable=False),
        sa.PrimaryKeyConstraint("care_plan_id"),
    )
    _create_inbox_items()
    _create_email_messages()
    _create_scheduled_notices()


def _create_inbox_items() -> None:
    op.create_table(
        "inbox_items",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("clinic_id", sa.Text(), nullable=False),
        sa.Column("recipient_id", sa.Text(), nullable=False),
        sa.Column("patient_id", sa.Text(), nullable=True),
        sa.Column("source_key", sa.Text(), nullable=False),
        sa.Column("category", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("link", sa.Text(), nullable=True),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=_now(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("source_key", "recipient_id", name="inbox_items_once_per_source_and_recipient"),
    )
    op.create_index("inbox_items_by_recipient", "inbox_items", ["clinic_id", "recipient_id", "id"])


def _create_email_messages() -> None:
    op.create_table(
        "email_messages",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("clinic_id", sa.Text(), nullable=False),
        sa.Column("recipient_id", sa.Text(), nullable=False),
        sa.Column("patient_id", sa.Text(), nullable=False),
        sa.Column("source_key", sa.Text(), nullable=False),
        sa.Column("to_address", sa.Text(), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("text_body", sa.Text(), nullable=False),
        sa.Column("html_body", sa.Text(), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=_now(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint(
            "source_key", "recipient_id", name="email_messages_once_per_source_and_recipient"
        ),
    )
    op.create_index(
        "email_messages_due",
        "email_messages",
        ["next_attempt_at"],
        postgresql_where=sa.text("status = 'pending'"),
    )


def _create_scheduled_notices() -> None:
    op.create_table(
        "scheduled_notices",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("clinic_id", sa.Text(), nullable=False),
        sa.Column("patient_id", sa.Text(), nullable=False),
        sa.Column("appointment_id", sa.Text(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("details", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("fired_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=_now(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("appointment_id", "kind", name="scheduled_notices_one_per_appointment_and_kind"),
    )
    op.create_index(
        "scheduled_notices_due",
        "scheduled_notices",
        ["due_at"],
        postgresql_where=sa.text("status = 'scheduled'"),
    )
