"""What each provider bills for a patient on one date of service: all of that provider's signed
notes of the day together, under the rule of the payer on the patient's care plan."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from carecoord.events.vocabulary import BillingRule
from sqlalchemy.ext.asyncio import AsyncConnection

from notes.adapters.notes_repository import NoteRepository
from notes.adapters.projections import load_care_plan
from notes.domain.billing import BillingSummary
from notes.domain.note import SessionNote, bill


@dataclass(frozen=True)
class ClaimDay:
    provider_id: str
    date_of_service: date
    rule: BillingRule
    note_ids: list[str]
    billing: BillingSummary


async def claim_days(
    connection: AsyncConnection, clinic_id: str, patient_id: str, day: date
) -> list[ClaimDay]:
    by_provider: dict[str, list[SessionNote]] = defaultdict(list)
    for note in await NoteRepository(connection).signed_on(clinic_id, patient_id, day):
        by_provider[note.author_id].append(note)
    days = []
    for provider_id, notes in sorted(by_provider.items()):
        plan = await load_care_plan(connection, notes[0].visit.care_plan_id)
        rule = plan.billing_rule if plan else BillingRule.CMS_EIGHT_MINUTE
        billing = bill([note.content for note in notes], rule)
        days.append(ClaimDay(provider_id, day, rule, [note.id for note in notes], billing))
    return days
