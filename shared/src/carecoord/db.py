"""The database engine and the tables every service has: outbox, inbox and audit log.

Each service owns one database. Its Alembic migrations create these tables through
``create_platform_tables`` so the outbox relay, the consumer runner and the audit hook find them.
"""

from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

platform_metadata = sa.MetaData()

outbox = sa.Table(
    "outbox",
    platform_metadata,
    sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
    sa.Column("event_id", UUID(as_uuid=False), nullable=False, unique=True),
    sa.Column("topic", sa.Text, nullable=False),
    sa.Column("key", sa.Text, nullable=False),
    sa.Column("type", sa.Text, nullable=False),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("subject", sa.Text, nullable=False),
    sa.Column("time", sa.DateTime(timezone=True), nullable=False),
    sa.Column("data", JSONB, nullable=False),
    sa.Column("traceparent", sa.Text),
)

inbox = sa.Table(
    "inbox",
    platform_metadata,
    sa.Column("event_id", sa.Text, primary_key=True),
    sa.Column("type", sa.Text, nullable=False),
    sa.Column("received_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
)

audit_log = sa.Table(
    "audit_log",
    platform_metadata,
    sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
    sa.Column("at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.Column("actor", sa.Text, nullable=False),
    sa.Column("role", sa.Text, nullable=False),
    sa.Column("clinic_id", sa.Text, nullable=False),
    sa.Column("patient_id", sa.Text),
    sa.Column("resource", sa.Text, nullable=False),
    sa.Column("action", sa.Text, nullable=False),
    sa.Column("outcome", sa.Text, nullable=False),
    sa.Column("trace_id", sa.Text),
    sa.Index("audit_log_clinic_at", "clinic_id", "at"),
    sa.Index("audit_log_clinic_patient", "clinic_id", "patient_id", "id"),
)

_REFUSE_AUDIT_CHANGES = """
CREATE FUNCTION audit_log_is_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP;
END;
$$ LANGUAGE plpgsql
"""
_AUDIT_TRIGGER = """
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only()
"""


def create_platform_tables(op: Any) -> None:
    """Version 1 of the platform tables, called from each service's first Alembic migration
    (``op`` is ``alembic.op``). A later change to them is a new function and a new migration."""
    op.create_table(
        "audit_log",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("actor", sa.Text(), nullable=False),
        sa.Column("role", sa.Text(), nullable=False),
        sa.Column("clinic_id", sa.Text(), nullable=False),
        sa.Column("patient_id", sa.Text(), nullable=True),
        sa.Column("resource", sa.Text(), nullable=False),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.Column("trace_id", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("audit_log_clinic_at", "audit_log", ["clinic_id", "at"], unique=False)
    op.create_index("audit_log_clinic_patient", "audit_log", ["clinic_id", "patient_id", "id"], unique=False)
    op.create_table(
        "inbox",
        sa.Column("event_id", sa.Text(), nullable=False),
        sa.Column("type", sa.Text(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("event_id"),
    )
    op.create_table(
        "outbox",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("event_id", sa.UUID(as_uuid=False), nullable=False),
        sa.Column("topic", sa.Text(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("type", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("data", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("traceparent", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("event_id"),
    )
    op.execute(_REFUSE_AUDIT_CHANGES)
    op.execute(_AUDIT_TRIGGER)


def sqlstate(error: sa.exc.DBAPIError) -> str:
    """The PostgreSQL SQLSTATE behind a driver error, or "" when there is none."""
    code = getattr(error.orig, "sqlstate", None) or getattr(error.orig, "pgcode", None)
    return str(code or "")


def make_engine(database_url: str, pool_size: int = 10) -> AsyncEngine:
    # Statement parameters (names, notes, webhook secrets) never reach an error message or a log.
    return create_async_engine(
        database_url, pool_size=pool_size, max_overflow=10, pool_pre_ping=True, hide_parameters=True
    )
