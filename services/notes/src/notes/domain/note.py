"""The session note: a draft its author edits, then signs; once signed it never changes."""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from carecoord.events.vocabulary import BillingRule, Discipline, Technique

from notes.domain.billing import BillingSummary, extraspinal_cmt_code, spinal_cmt_code, units_under
from notes.domain.errors import InvalidNote, NoteIsSigned, NoteNotSigned, NotPermitted, PrecautionsBroken
from notes.domain.note_types import NoteType, missing_for
from notes.domain.precautions import PrecautionConflict
from notes.domain.soap import SoapContent
from notes.domain.vocabulary import DEFAULT_CPT


class NoteStatus(StrEnum):
    DRAFT = "draft"
    SIGNED = "signed"


@dataclass(frozen=True)
class Visit:
    """The appointment a note documents, as scheduling announced it."""

    appointment_id: str
    clinic_id: str
    patient_id: str
    provider_id: str
    discipline: Discipline
    care_plan_id: str | None
    starts_at: datetime
    ends_at: datetime

    @property
    def minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)


@dataclass(frozen=True)
class Addendum:
    author_id: str
    text: str
    created_at: datetime
    id: str = field(default_factory=lambda: str(uuid.uuid4()))


@dataclass
class SessionNote:
    visit: Visit
    author_id: str
    due_at: datetime
    content: SoapContent = field(default_factory=SoapContent)
    note_type: NoteType = NoteType.DAILY_NOTE
    co_signer_id: str | None = None
    status: NoteStatus = NoteStatus.DRAFT
    signed_at: datetime | None = None
    signed_by: str | None = None
    precaution_override: str | None = None
    version: int = 1
    id: str = field(default_factory=lambda: str(uuid.uuid4()))

    @classmethod
    def open_for(cls, visit: Visit, signing_window: timedelta) -> "SessionNote":
        return cls(visit=visit, author_id=visit.provider_id, due_at=visit.ends_at + signing_window)

    def revise(
        self, by: str, content: SoapContent, co_signer_id: str | None, note_type: NoteType | None = None
    ) -> None:
        """``note_type``: None keeps the draft's type."""
        if self.status is NoteStatus.SIGNED:
            raise NoteIsSigned(self.id)
        if by != self.author_id:
            raise NotPermitted("only the author edits a draft")
        problems = minutes_problems(content, self.visit.minutes)
        if problems:
            raise InvalidNote(problems)
        self.content = content
        self.co_signer_id = co_signer_id
        self.note_type = note_type or self.note_type
        self.version += 1

    def sign(
        self, by: str, at: datetime, conflicts: list[PrecautionConflict], override_reason: str | None = None
    ) -> None:
        """``conflicts``: what the note records against the plan's precautions; signing past them
        takes a reason, kept on the note. A note is signed only with what its type requires."""
        if self.status is NoteStatus.SIGNED:
            raise NoteIsSigned(self.id)
        if by not in {self.author_id, self.co_signer_id}:
            raise NotPermitted("only the author or the co-signer signs")
        missing = missing_for(self.note_type, self.content)
        if missing:
            raise InvalidNote(missing)
        if conflicts and not override_reason:
            raise PrecautionsBroken([str(conflict) for conflict in conflicts])
        self.precaution_override = override_reason if conflicts else None
        self.status = NoteStatus.SIGNED
        self.signed_at = at
        self.signed_by = by
        self.version += 1

    def addendum(self, by: str, text: str, at: datetime) -> Addendum:
        if self.status is not NoteStatus.SIGNED:
            raise NoteNotSigned(self.id)
        if by not in {self.author_id, self.co_signer_id}:
            raise NotPermitted("only the author or the co-signer adds an addendum")
        return Addendum(author_id=by, text=text, created_at=at)

    def billing(self) -> BillingSummary:
        """This note alone, under the CMS rule; a claim day is ``bill`` over the day's notes."""
        return bill([self.content])


def minutes_problems(content: SoapContent, visit_minutes: int) -> list[tuple[tuple[str | int, ...], str]]:
    """Techniques cannot take longer than the visit; names the first entry that overflows it."""
    used = 0
    for index, applied in enumerate(content.treatment.techniques):
        used += applied.minutes
        if used > visit_minutes:
            path = ("treatment", "techniques", index, "minutes")
            return [
                (path, f"techniques add up to {used} minutes, longer than the {visit_minutes}-minute visit")
            ]
    return []


def bill(contents: Iterable[SoapContent], rule: BillingRule = BillingRule.CMS_EIGHT_MINUTE) -> BillingSummary:
    """What one provider bills for one patient on one date of service: every note of that day
    together (two notes on one day are billed as one claim day), under the payer's rule."""
    minutes: dict[str, int] = {}
    spinal: list[str] = []
    extraspinal: list[str] = []
    for applied in (applied for content in contents for applied in content.treatment.techniques):
        if applied.technique is Technique.SPINAL_MANIPULATION:
            spinal.extend(applied.regions)
        elif applied.technique is Technique.EXTRASPINAL_MANIPULATION:
            extraspinal.extend(applied.regions)
        else:
            code = applied.cpt_code or DEFAULT_CPT[applied.technique]
            if code is not None:
                minutes[code] = minutes.get(code, 0) + applied.minutes
    untimed = [code for code in (spinal_cmt_code(spinal), extraspinal_cmt_code(extraspinal)) if code]
    return BillingSummary(
        timed_minutes=minutes, timed_units=units_under(rule, minutes), untimed_codes=untimed
    )
