"""Visit series: a proposal from the plan's frequency, then the accepted proposal booked all or nothing."""

import uuid
from dataclasses import replace
from datetime import datetime, timedelta

from carecoord.events import SeriesPlanned
from carecoord.outbox import UnitOfWork
from sqlalchemy.ext.asyncio import AsyncConnection

from scheduling.adapters.appointments import AppointmentRepository
from scheduling.adapters.care_plans import load_care_plan
from scheduling.adapters.providers import ProviderRepository
from scheduling.domain.appointments import Appointment
from scheduling.domain.availability import free_slots
from scheduling.domain.booking_rules import booking_refusals
from scheduling.domain.commands import BookSeries, ProposeSeries
from scheduling.domain.intervals import Interval
from scheduling.domain.refusals import BookingRefused, Refusal, Rule
from scheduling.domain.series import SeriesConstraints, SeriesProposal, propose_series
from scheduling.service_layer.availability import search_range
from scheduling.service_layer.booking_context import context_for, insert_appointment, locked_plan
from scheduling.service_layer.errors import NotFound
from scheduling.service_layer.events import booked_event


async def propose(connection: AsyncConnection, command: ProposeSeries, now: datetime) -> SeriesProposal:
    plan = await load_care_plan(connection, command.clinic_id, command.care_plan_id)
    if plan is None:
        raise NotFound(f"care-plans/{command.care_plan_id}")
    planned = plan.disciplines.get(command.discipline)
    if planned is None:
        raise BookingRefused(
            [Refusal(Rule.DISCIPLINE_NOT_IN_CARE_PLAN, f"the plan has no {command.discipline}")]
        )
    around = search_range(planned.window_start, planned.window_end)
    provider = await ProviderRepository(connection).get(command.clinic_id, command.provider_id, around)
    if provider is None:
        raise NotFound(f"providers/{command.provider_id}")
    repository = AppointmentRepository(connection)
    busy = (await repository.busy_by_provider([provider.id], around)).get(provider.id, [])
    patient_busy = [a.interval for a in await repository.occupying(around, patient_id=plan.patient_id)]
    available = plan.visits_authorized(command.discipline)
    if available is not None:
        available -= await repository.visits_counted(plan, command.discipline)
    candidates = free_slots(
        provider,
        planned.window_start,
        planned.window_end,
        timedelta(minutes=command.minutes),
        busy,
        not_before=now,
    )
    constraints = SeriesConstraints(
        zone=provider.zone,
        patient_busy=patient_busy,
        visits_available=available,
        authorization=plan.authorization,
        preferred_time=command.preferred_time,
    )
    return propose_series(planned, candidates, constraints)


async def book_series(uow: UnitOfWork, command: BookSeries, now: datetime) -> tuple[str, list[Appointment]]:
    """Every visit is checked against the ones before it; one refusal books none of them."""
    plan = await locked_plan(uow.connection, command.clinic_id, command.care_plan_id)
    series_id = str(uuid.uuid4())
    visits = [
        Appointment(
            clinic_id=plan.clinic_id,
            patient_id=plan.patient_id,
            care_plan_id=plan.id,
            provider_id=command.provider_id,
            discipline=command.discipline,
            interval=Interval.of(visit.starts_at, visit.minutes),
            room_id=command.room_id,
            series_id=series_id,
        )
        for visit in command.visits
    ]
    first, last = min(v.interval.start for v in visits), max(v.interval.end for v in visits)
    context = await context_for(uow.connection, plan, replace(visits[0], interval=Interval(first, last)), now)
    for index, visit in enumerate(visits):
        refusals = booking_refusals(visit, context)
        if refusals:
            raise BookingRefused(refusals, visit_index=index)
        context.accept(visit)
    planned = plan.disciplines[command.discipline]  # the rules above refused a discipline not in the plan
    for visit in visits:
        await insert_appointment(uow.connection, visit)
        await uow.publish(booked_event(visit), subject=f"appointments/{visit.id}")
    planned_event = SeriesPlanned(
        clinic_id=plan.clinic_id,
        patient_id=plan.patient_id,
        series_id=series_id,
        care_plan_id=plan.id,
        discipline=command.discipline,
        provider_id=command.provider_id,
        appointment_ids=[v.id for v in visits],
        unplaced_visits=max(0, planned.visits_per_week * planned.weeks - len(visits)),
    )
    await uow.publish(planned_event, subject=f"series/{series_id}")
    return series_id, visits
