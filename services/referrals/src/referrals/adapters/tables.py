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
    sa.Column("diagnosis_codes", ARRAY(sa.Text), nullable=False),
    sa.Column("conditions", ARRAY(sa.Text), nullable=False),
    sa.Column("requested", JSONB, nullable=False),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
    sa.Index("referrals_clinic_patient", "clinic_id", "patient_id"),
)
