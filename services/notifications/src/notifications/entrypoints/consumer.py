"""Every event from the other services: the care team projection first (it decides who may read
what and who hears about a patient), then the integrators' fan-out, the routing to physicians,
care teams and patients, and the reminder schedule, all in the consumer's one transaction."""

from datetime import timedelta

from carecoord.care_teams import project_care_teams
from carecoord.contract.services import ServiceEvents
from carecoord.dispatch import Dispatcher
from carecoord.events import (
    AppointmentBooked,
    AppointmentCancelled,
    AppointmentCompleted,
    AppointmentNoShow,
    AppointmentRescheduled,
    CarePlanCreated,
    CarePlanUpdated,
    Topic,
)

from notifications.service_layer.fan_out import fan_out
from notifications.service_layer.reminders import ReminderScheduling
from notifications.service_layer.routing import project_care_plan_routing, route_event

TOPICS = [Topic.REFERRALS, Topic.SCHEDULING, Topic.NOTES]


def build_dispatcher(reminder_lead: timedelta, check_in_delay: timedelta) -> Dispatcher:
    reminders = ReminderScheduling(reminder_lead, check_in_delay)
    return (
        project_care_teams(Dispatcher())
        .on(CarePlanCreated, project_care_plan_routing)
        .on(CarePlanUpdated, project_care_plan_routing)
        .on(AppointmentBooked, reminders.on_booked)
        .on(AppointmentRescheduled, reminders.on_rescheduled)
        .on(AppointmentCancelled, reminders.on_called_off)
        .on(AppointmentNoShow, reminders.on_called_off)
        .on(AppointmentCompleted, reminders.on_completed)
        .on_every_event(fan_out)
        .on_every_event(route_event)
    )


def service_events() -> ServiceEvents:
    dispatcher = build_dispatcher(timedelta(hours=24), timedelta(minutes=15))  # durations change no route
    return ServiceEvents("notifications", [Topic.NOTIFICATIONS, Topic.AUDIT], TOPICS, dispatcher)
