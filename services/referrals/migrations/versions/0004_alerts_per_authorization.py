"""Authorization alerts are raised once per authorization: the alerts already raised get the
window of the authorization they were raised for, so they are not raised again.

Revision ID: 0004
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        UPDATE authorization_alerts AS alert
        SET alert = alert.alert || ':' || (plan.content->'authorization'->>'valid_from')
                                || ':' || (plan.content->'authorization'->>'valid_to')
        FROM care_plans AS plan
        WHERE plan.id = alert.care_plan_id
          AND plan.content->'authorization' IS NOT NULL
          AND (alert.alert = 'expiring' OR alert.alert ~ '^threshold:[a-z_]+$')
        """
    )


def downgrade() -> None:
    op.execute("UPDATE authorization_alerts SET alert = regexp_replace(alert, ':[0-9-]+:[0-9-]+$', '')")
