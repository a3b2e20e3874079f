"""The audit trail as an event stream for a SIEM: one event per row of a service's ``audit_log``.

Every service publishes on the one topic ``carecoord.audit`` through its outbox, in the same
transaction as the audit row, so the stream holds exactly the rows the databases hold. The key
is the clinic rather than the patient: a SIEM correlates by tenant and actor, and many rows
(role refusals, searches that found nothing) name no patient. No service consumes it.
"""

from datetime import datetime

from carecoord.events.base import Event
from carecoord.events.topics import Topic


class AuditRecorded(Event):
    type = "carecoord.audit.recorded.v1"
    topic = Topic.AUDIT
    key_field = "clinic_id"

    patient_id: str | None  # type: ignore[assignment]  # a refusal may name no patient
    audit_id: int
    at: datetime
    actor: str
    role: str
    resource: str
    action: str
    outcome: str
    trace_id: str | None
