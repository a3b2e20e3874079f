"""Versioned event models, their registry, and the topics they travel on.

One module per producing service; importing this package registers every type."""

from carecoord.events.audit import AuditRecorded
from carecoord.events.base import Event, event_model_for, registered_event_types
from carecoord.events.notes import (
    CareTeamAlert,
    GoalProgress,
    NoteAmended,
    NoteOverdue,
    NoteSigned,
    ProgressRecorded,
    ProgressReportReady,
)
from carecoord.events.notifications import (
    NotificationDelivered,
    NotificationFailed,
)
from carecoord.events.referrals import (
    AuthorizationExhausted,
    AuthorizationExpired,
    AuthorizationExpiring,
    AuthorizationSnapshot,
    AuthorizationThresholdReached,
    CarePlanCertified,
    CarePlanCreated,
    CarePlanSnapshot,
    CarePlanUpdated,
    CareTeamChanged,
    CareTeamMember,
    DisciplinePlan,
    GoalSnapshot,
    ReferralAccepted,
    ReferralActivated,
    ReferralClosed,
    ReferralDeclined,
    ReferralReceived,
)
from carecoord.events.scheduling import (
    AppointmentBooked,
    AppointmentCancelled,
    AppointmentCheckedIn,
    AppointmentCompleted,
    AppointmentNoShow,
    AppointmentRescheduled,
    SeriesPlanned,
)
from carecoord.events.topics import Topic, dead_letter_topic
from carecoord.events.vocabulary import Comparator, Discipline, GoalStatus

__all__ = [
    "AppointmentBooked",
    "AppointmentCancelled",
    "AppointmentCheckedIn",
    "AppointmentCompleted",
    "AppointmentNoShow",
    "AppointmentRescheduled",
    "AuditRecorded",
    "AuthorizationExhausted",
    "AuthorizationExpired",
    "AuthorizationExpiring",
    "AuthorizationSnapshot",
    "AuthorizationThresholdReached",
    "CarePlanCertified",
    "CarePlanCreated",
    "CarePlanSnapshot",
    "CarePlanUpdated",
    "CareTeamAlert",
    "CareTeamChanged",
    "CareTeamMember",
    "Comparator",
    "Discipline",
    "DisciplinePlan",
    "Event",
    "GoalProgress",
    "GoalSnapshot",
    "GoalStatus",
    "NoteAmended",
    "NoteOverdue",
    "NoteSigned",
    "NotificationDelivered",
    "NotificationFailed",
    "ProgressRecorded",
    "ProgressReportReady",
    "ReferralAccepted",
    "ReferralActivated",
    "ReferralClosed",
    "ReferralDeclined",
    "ReferralReceived",
    "SeriesPlanned",
    "Topic",
    "dead_letter_topic",
    "event_model_for",
    "registered_event_types",
]
