"""Every table of the notifications service (the migrations test compares them with the DDL)."""

from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

metadata = sa.MetaData()


def _created_at() -> "sa.Column[Any]":
    return sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False)


subscriptions = sa.Table(
    "subscriptions",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("clinic_id", sa.Text, nullable=False),
    sa.Column("owner", sa.Text, nullable=False),
    sa.Column("url", sa.Text, nullable=False),
    sa.Column("event_types", ARRAY(sa.Text), nullable=False),
    sa.Column("patient_id", sa.Text),
    sa.Column("disciplines", ARRAY(sa.Text)),
    sa.Column("secret", sa.Text, nullable=False),
    # After a rotation the old secret keeps signing too until it expires (both signatures sent).
    sa.Column("previous_secret", sa.Text),
    sa.Column("previous_secret_expires_at", sa.DateTime(timezone=True)),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("disabled_reason", sa.Text),
    sa.Column("failing_since", sa.DateTime(timezone=True)),
    _created_at(),
    sa.Index("subscriptions_clinic_status", "clinic_id", "status"),
)

deliveries = sa.Table(
    "deliveries",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("subscription_id", sa.Text, sa.ForeignKey("subscriptions.id"), nullable=False),
    sa.Column("clinic_id", sa.Text, nullable=False),
    sa.Column("event_id", sa.Text, nullable=False),
    sa.Column("event_type", sa.Text, nullable=False),
    sa.Column("patient_id", sa.Text),
    sa.Column("payload", JSONB, nullable=False),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("last_status_code", sa.Integer),
    sa.Column("last_error", sa.Text),
    sa.Column("traceparent", sa.Text),  # of the delivered event: its outcome event continues the trace
    _created_at(),
    sa.UniqueConstraint("event_id", "subscription_id", name="deliveries_once_per_event_and_subscription"),
    sa.Index("deliveries_due", "next_attempt_at", postgresql_where=sa.text("status = 'pending'")),
    sa.Index("deliveries_by_subscription", "subscription_id", "created_at"),
)

delivery_attempts = sa.Table(
    "delivery_attempts",
    metadata,
    sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
    sa.Column("delivery_id", sa.Text, sa.ForeignKey("deliveries.id"), nullable=False, index=True),
    sa.Column("at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.Column("status_code", sa.Integer),
    sa.Column("latency_ms", sa.Float, nullable=False),
    sa.Column("error", sa.Text),
)

contact_points = sa.Table(
    "contact_points",
    metadata,
    sa.Column("clinic_id", sa.Text, primary_key=True),
    sa.Column("subject_id", sa.Text, primary_key=True),
    sa.Column("email", sa.Text),
    sa.Column("display_name", sa.Text),
    sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
)

care_plan_routing = sa.Table(
    "care_plan_routing",
    metadata,
    sa.Column("care_plan_id", sa.Text, primary_key=True),
    sa.Column("clinic_id", sa.Text, nullable=False),
    sa.Column("patient_id", sa.Text, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("deep_pressure_disciplines", ARRAY(sa.Text), nullable=False),
)

inbox_items = sa.Table(
    "inbox_items",
    metadata,
    # Increasing ids double as the SSE event id a reconnecting client resumes from.
    sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
    sa.Column("clinic_id", sa.Text, nullable=False),
    sa.Column("recipient_id", sa.Text, nullable=False),
    sa.Column("patient_id", sa.Text),  # None for notices about the service itself
    sa.Column("source_key", sa.Text, nullable=False),
    sa.Column("category", sa.Text, nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("link", sa.Text),
    sa.Column("read_at", sa.DateTime(timezone=True)),
    _created_at(),
    sa.UniqueConstraint("source_key", "recipient_id", name="inbox_items_once_per_source_and_recipient"),
    sa.Index("inbox_items_by_recipient", "clinic_id", "recipient_id", "id"),
)

email_messages = sa.Table(
    "email_messages",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("clinic_id", sa.Text, nullable=False),
    sa.Column("recipient_id", sa.Text, nullable=False),
    sa.Column("patient_id", sa.Text, nullable=False),
    sa.Column("source_key", sa.Text, nullable=False),
    sa.Column("to_address", sa.Text, nullable=False),
    sa.Column("subject", sa.Text, nullable=False),
    sa.Column("text_body", sa.Text, nullable=False),
    sa.Column("html_body", sa.Text, nullable=False),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("last_error", sa.Text),
    sa.Column("sent_at", sa.DateTime(timezone=True)),
    _created_at(),
    sa.UniqueConstraint("source_key", "recipient_id", name="email_messages_once_per_source_and_recipient"),
    sa.Index("email_messages_due", "next_attempt_at", postgresql_where=sa.text("status = 'pending'")),
)

scheduled_notices = sa.Table(
    "scheduled_notices",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("clinic_id", sa.Text, nullable=False),
    sa.Column("patient_id", sa.Text, nullable=False),
    sa.Column("appointment_id", sa.Text, nullable=False),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("details", JSONB, nullable=False),
    sa.Column("fired_at", sa.DateTime(timezone=True)),
    _created_at(),
    sa.UniqueConstraint("appointment_id", "kind", name="scheduled_notices_one_per_appointment_and_kind"),
    sa.Index("scheduled_notices_due", "due_at", postgresql_where=sa.text("status = 'scheduled'")),
)
