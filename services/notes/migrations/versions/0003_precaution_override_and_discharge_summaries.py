"""A signed note keeps the reason its author gave for signing past a precaution of the plan; a
discharge summary may follow an end-of-series report at the same visit count; spot work is marked
so it does not count as a visit of the series.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("notes", sa.Column("precaution_override", sa.Text(), nullable=True))
    op.add_column(
        "appointments", sa.Column("spot_work", sa.Boolean(), nullable=False, server_default=sa.false())
    )
    op.drop_constraint("progress_reports_once_per_visit_count", "progress_reports", type_="unique")
    op.create_unique_constraint(
        "progress_reports_once_per_milestone",
        "progress_reports",
        ["care_plan_id", "milestone", "visits_completed"],
    )


def downgrade() -> None:
    op.drop_constraint("progress_reports_once_per_milestone", "progress_reports", type_="unique")
    op.create_unique_constraint(
        "progress_reports_once_per_visit_count", "progress_reports", ["care_plan_id", "visits_completed"]
    )
    op.drop_column("appointments", "spot_work")
    op.drop_column("notes", "precaution_override")
