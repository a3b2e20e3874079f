from carecoord.settings import ServiceSettings
from pydantic import Field


class NotesSettings(ServiceSettings):
    port: int = 8003

    note_signing_window_hours: float = Field(
        48.0, gt=0, description="A draft is overdue this long after the visit"
    )
    overdue_check_seconds: float = Field(60.0, gt=0)
    open_draft_at_check_in: bool = True
    progress_report_every_visits: int = Field(
        6, ge=0, description="A report every N signed visits of a care plan; 0 turns it off"
    )
