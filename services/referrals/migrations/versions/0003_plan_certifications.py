"""The referring physician's certifications of each plan of care.

Revision ID: 0003
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "plan_certifications",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("care_plan_id", sa.Text(), nullable=False),
        sa.Column("plan_version", sa.Integer(), nullable=False),
        sa.Column("certified_by", sa.Text(), nullable=False),
        sa.Column("certified_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("terms", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.ForeignKeyConstraint(["care_plan_id"], ["care_plans.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("plan_certifications_plan", "plan_certifications", ["care_plan_id"])


def downgrade() -> None:
    op.drop_table("plan_certifications")
