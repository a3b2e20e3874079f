"""Measured goal progress moves out of the versioned plan into its own table, and the change
history uses the API's field names (``disciplines``, ``care_team``).

Revision ID: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "goal_progress",
        sa.Column("care_plan_id", sa.Text(), nullable=False),
        sa.Column("goal_id", sa.Text(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("measured_status", sa.Text(), nullable=False),
        sa.Column("measured_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(["care_plan_id"], ["care_plans.id"]),
        sa.PrimaryKeyConstraint("care_plan_id", "goal_id"),
    )
    # Progress already stored on the plans is kept, then taken out of the plan documents.
    op.execute(
        """
        INSERT INTO goal_progress (care_plan_id, goal_id, value, measured_status, measured_on)
        SELECT plan.id, goal->>'goal_id', (goal->>'latest_value')::float,
               CASE goal->>'status' WHEN 'regressed' THEN 'worsening'
                    WHEN 'not_started' THEN 'no_change' ELSE goal->>'status' END,
               (goal->>'latest_on')::date
        FROM care_plans AS plan, jsonb_array_elements(plan.content->'goals') AS goal
        WHERE goal->>'latest_value' IS NOT NULL AND goal->>'latest_on' IS NOT NULL
        """
    )
    op.execute(
        """
        UPDATE care_plans SET content = jsonb_set(content, '{goals}', (
            SELECT coalesce(jsonb_agg(goal - 'status' - 'latest_value' - 'latest_on'), '[]'::jsonb)
            FROM jsonb_array_elements(content->'goals') AS goal))
        """
    )
    op.execute(
        """
        UPDATE care_plan_changes SET changes = (
            SELECT coalesce(jsonb_agg(jsonb_set(change, '{path}', to_jsonb(
                regexp_replace(regexp_replace(change->>'path', '^items', 'disciplines'), '^team', 'care_team')
            ))), '[]'::jsonb)
            FROM jsonb_array_elements(changes) AS change)
        """
    )


def downgrade() -> None:
    op.drop_table("goal_progress")
