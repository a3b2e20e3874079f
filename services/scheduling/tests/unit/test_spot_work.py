from carecoord.events.vocabulary import Discipline
from scheduling.domain.appointments import Appointment, Status
from scheduling.domain.booking_rules import BookingContext, booking_refusals
from scheduling.domain.refusals import Rule

from .factories import MONDAY, NOW, at, care_plan, planned, provider, visit

MASSAGE = provider("lmt-1", Discipline.MEDICAL_MASSAGE)
HOST = visit(at(MONDAY, 10), 60)


def spot(start_minute: int = 20, minutes: int = 15, **overrides: object) -> Appointment:
    fields: dict[str, object] = {
        "provider_id": "lmt-1",
        "discipline": Discipline.MEDICAL_MASSAGE,
        "host_appointment_id": HOST.id,
        **overrides,
    }
    return visit(at(MONDAY, 10, start_minute), minutes, **fields)


def rules(candidate: Appointment, host: Appointment | None = HOST, **context: object) -> set[Rule]:
    fields: dict[str, object] = {"plan": care_plan(), "provider": MASSAGE, "now": NOW, "host": host}
    fields.update(context)
    return {r.rule for r in booking_refusals(candidate, BookingContext(**fields))}  # type: ignore[arg-type]


def test_spot_work_inside_its_host_does_not_double_book_the_patient() -> None:
    assert rules(spot(), patient_appointments=[HOST]) == set()


def test_spot_work_double_books_the_massage_therapist() -> None:
    other = visit(
        at(MONDAY, 10), 60, provider_id="lmt-1", discipline=Discipline.MEDICAL_MASSAGE, patient_id="p2"
    )
    assert rules(spot(), provider_appointments=[other]) == {Rule.PROVIDER_DOUBLE_BOOKED}


def test_two_spot_works_in_one_host_at_once_double_book_the_patient() -> None:
    first = spot()
    assert Rule.PATIENT_DOUBLE_BOOKED in rules(
        spot(25, provider_id="lmt-1"), patient_appointments=[HOST, first]
    )


def test_spot_work_must_nest_inside_the_host() -> None:
    assert rules(spot(50, 15)) == {Rule.SPOT_WORK_NOT_NESTED_IN_HOST}


def test_spot_work_lasts_at_most_thirty_minutes() -> None:
    assert Rule.SPOT_WORK_TOO_LONG in rules(spot(0, 45))


def test_spot_work_needs_a_pt_or_chiropractic_host_of_the_same_patient() -> None:
    massage_host = visit(at(MONDAY, 10), 60, provider_id="lmt-2", discipline=Discipline.MEDICAL_MASSAGE)
    assert Rule.SPOT_WORK_NEEDS_PT_OR_CHIRO_HOST in rules(
        spot(host_appointment_id=massage_host.id), massage_host
    )
    stranger = visit(at(MONDAY, 10), 60, patient_id="patient-9")
    assert Rule.SPOT_WORK_NEEDS_PT_OR_CHIRO_HOST in rules(spot(host_appointment_id=stranger.id), stranger)
    cancelled = HOST.with_status(Status.CANCELLED)
    assert Rule.SPOT_WORK_NEEDS_PT_OR_CHIRO_HOST in rules(spot(), cancelled)
    assert Rule.SPOT_WORK_NEEDS_PT_OR_CHIRO_HOST in rules(spot(), None)


def test_spot_work_is_only_medical_massage() -> None:
    chiro_spot = spot(provider_id="dc-1", discipline=Discipline.CHIROPRACTIC)
    assert Rule.SPOT_WORK_MUST_BE_MASSAGE in rules(
        chiro_spot, provider=provider("dc-1", Discipline.CHIROPRACTIC)
    )


def test_the_plan_can_forbid_spot_work() -> None:
    plan = care_plan()
    disciplines = {
        **plan.disciplines,
        Discipline.MEDICAL_MASSAGE: planned(Discipline.MEDICAL_MASSAGE, spot_work_allowed=False),
    }
    assert rules(spot(), plan=care_plan(disciplines=disciplines)) == {Rule.SPOT_WORK_NOT_ALLOWED_BY_PLAN}
