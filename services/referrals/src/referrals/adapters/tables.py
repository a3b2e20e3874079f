import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

metadata = sa.MetaData()

patients = sa.Table(
    "patients",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("clinic_id", sa.Text, nullable=False),
    sa.Column("mrn", sa.Text, nullable=False),
    sa.Column("given_name", sa.Text, nullable=False),
    sa.Column("family_name", sa.Text, nullable=False),
    sa.UniqueConstraint("clinic_id", "mrn", name="patients_clinic_mrn"),
)

referrals = sa.Table(
    "referrals",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("clinic_id", sa.Text, nullable=False),
    sa.Column("patient_id", sa.Text, sa.ForeignKey("patients.id"), nullable=False),
    sa.Column("referring_physician_id", sa.Text, nullable=False),
    sa.Column("referring_physician_npi", sa.Text, nullable=False),
    sa.Column("referring_physician_name", sa.Text, nullable=False),
    sa.Column("diagnosis_codes", ARRAY(sa.Text), nullable=False),
    sa.Column("conditions", ARRAY(sa.Text), nullable=False),
    sa.Column("other_conditions", sa.Text),
    sa.Column("body_regions", ARRAY(sa.Text), nullable=False),
    sa.Column("precautions", ARRAY(sa.Text), nullable=False),
    sa.Column("urgency", sa.Text, nullable=False),
    sa.Column("requested", JSONB, nullable=False),
    sa.Column("insurance", JSONB),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("care_plan_id", sa.Text),
    sa.Column("placer_system", sa.Text),
    sa.Column("placer_value", sa.Text),
    sa.Index("referrals_clinic_patient", "clinic_id", "patient_id"),
    sa.Index(
        "referrals_clinic_placer",
        "clinic_id",
        "placer_system",
        "placer_value",
        unique=True,
        postgresql_where=sa.text("placer_value IS NOT NULL"),
    ),
    sa.Index("referrals_clinic_received", "clinic_id", "received_at"),
)

referral_transitions = sa.Table(
    "referral_transitions",
    metadata,
    sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
    sa.Column("referral_id", sa.Text, sa.ForeignKey("referrals.id"), nullable=False),
    sa.Column("from_status", sa.Text),
    sa.Column("to_status", sa.Text, nullable=False),
    sa.Column("actor", sa.Text, nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("reason_code", sa.Text),
    sa.Index("referral_transitions_referral", "referral_id"),
)

care_plans = sa.Table(
    "care_plans",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("clinic_id", sa.Text, nullable=False),
    sa.Column("patient_id", sa.Text, sa.ForeignKey("patients.id"), nullable=False),
    sa.Column("referral_id", sa.Text, sa.ForeignKey("referrals.id"), nullable=False, unique=True),
    sa.Column("referring_physician_id", sa.Text, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("content", JSONB, nullable=False),
    # Copied out of ``content`` so the expiry job and the care-team check can use an index.
    sa.Column("member_ids", ARRAY(sa.Text), nullable=False),
    sa.Column("authorization_valid_to", sa.Date),
    sa.Index("care_plans_patient", "patient_id"),
    sa.Index("care_plans_authorization_valid_to", "authorization_valid_to"),
)

care_plan_changes = sa.Table(
    "care_plan_changes",
    metadata,
    sa.Column("care_plan_id", sa.Text, sa.ForeignKey("care_plans.id"), primary_key=True),
    sa.Column("version", sa.Integer, primary_key=True),
    sa.Column("changed_by", sa.Text, nullable=False),
    sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("changes", JSONB, nullable=False),
)

authorization_visits = sa.Table(
    "authorization_visits",
    metadata,
    sa.Column("appointment_id", sa.Text, primary_key=True),
    sa.Column("care_plan_id", sa.Text, nullable=False),
    sa.Column("discipline", sa.Text, nullable=False),
    sa.Column("state", sa.Text, nullable=False),
    sa.Index("authorization_visits_plan", "care_plan_id", "discipline"),
)

authorization_alerts = sa.Table(
    "authorization_alerts",
    metadata,
    sa.Column("care_plan_id", sa.Text, primary_key=True),
    sa.Column("alert", sa.Text, primary_key=True),
    sa.Column("raised_at", sa.DateTime(timezone=True), nullable=False),
)

# Measured progress per goal, beside the plan (its version moves only when a person edits it).
goal_progress = sa.Table(
    "goal_progress",
    metadata,
    sa.Column("care_plan_id", sa.Text, sa.ForeignKey("care_plans.id"), primary_key=True),
    sa.Column("goal_id", sa.Text, primary_key=True),
    sa.Column("value", sa.Float, nullable=False),
    sa.Column("measured_status", sa.Text, nullable=False),
    sa.Column("measured_on", sa.Date, nullable=False),
)

# Every certification of a plan of care by its referring physician, append-only.
plan_certifications = sa.Table(
    "plan_certifications",
    metadata,
    sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
    sa.Column("care_plan_id", sa.Text, sa.ForeignKey("care_plans.id"), nullable=False),
    sa.Column("plan_version", sa.Integer, nullable=False),
    sa.Column("certified_by", sa.Text, nullable=False),
    sa.Column("certified_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("terms", JSONB, nullable=False),
    sa.Index("plan_certifications_plan", "care_plan_id"),
)
