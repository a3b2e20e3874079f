"""A visit series from the plan's frequency: each week of the allotted window gets its visits on
distinct, spread-out days, and what cannot be placed is reported with the rule that stopped it."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from scheduling.domain.care_plan import Authorization, PlannedDiscipline
from scheduling.domain.intervals import Interval
from scheduling.domain.refusals import Rule


@dataclass(frozen=True)
class Unplaced:
    week: int
    reason: Rule


@dataclass
class SeriesProposal:
    visits: list[Interval] = field(default_factory=list)
    unplaced: list[Unplaced] = field(default_factory=list)


@dataclass(frozen=True)
class SeriesConstraints:
    """What bounds a series beyond the provider's free slots."""

    zone: ZoneInfo
    patient_busy: list[Interval]
    visits_available: int | None
    authorization: Authorization | None
    preferred_time: time | None = None


def propose_series(
    plan: PlannedDiscipline, candidates: list[Interval], constraints: SeriesConstraints
) -> SeriesProposal:
    by_day: dict[date, list[Interval]] = {}
    for slot in sorted(candidates):
        if not any(slot.overlaps(busy) for busy in constraints.patient_busy):
            by_day.setdefault(slot.start.astimezone(constraints.zone).date(), []).append(slot)
    proposal = SeriesProposal()
    for week in range(plan.weeks):
        first = plan.window_start + timedelta(weeks=week)
        last = min(first + timedelta(days=6), plan.window_end)
        blocked = _week_blocked_by(first, last, plan, constraints.authorization)
        if blocked is not None:
            proposal.unplaced.extend(Unplaced(week, blocked) for _ in range(plan.visits_per_week))
            continue
        _place_week(proposal, week, _open_days(by_day, first, last, constraints), plan, constraints)
    return proposal


def _week_blocked_by(
    first: date, last: date, plan: PlannedDiscipline, authorization: Authorization | None
) -> Rule | None:
    if first > plan.window_end:
        return Rule.OUTSIDE_PLAN_WINDOW
    if authorization is not None and (last < authorization.valid_from or first > authorization.valid_to):
        return Rule.OUTSIDE_AUTHORIZATION_WINDOW
    return None


def _open_days(
    by_day: dict[date, list[Interval]], first: date, last: date, constraints: SeriesConstraints
) -> dict[date, list[Interval]]:
    authorization = constraints.authorization
    return {
        day: slots
        for day, slots in by_day.items()
        if first <= day <= last and (authorization is None or authorization.covers(day))
    }


def _place_week(
    proposal: SeriesProposal,
    week: int,
    days: dict[date, list[Interval]],
    plan: PlannedDiscipline,
    constraints: SeriesConstraints,
) -> None:
    chosen = _spread_days(sorted(days), plan.visits_per_week)
    for day in chosen:
        if constraints.visits_available is not None and len(proposal.visits) >= constraints.visits_available:
            proposal.unplaced.append(Unplaced(week, Rule.AUTHORIZED_VISITS_EXHAUSTED))
        else:
            proposal.visits.append(_pick_slot(days[day], constraints))
    missing = plan.visits_per_week - len(chosen)
    proposal.unplaced.extend(Unplaced(week, Rule.NO_FREE_SLOT_IN_WEEK) for _ in range(missing))


def _spread_days(days: list[date], wanted: int) -> list[date]:
    """Days at least ``7 // wanted`` apart where possible (2x/week: e.g. Monday and Thursday),
    then any remaining distinct day."""
    gap = max(1, 7 // wanted)
    chosen: list[date] = []
    for day in days:
        if len(chosen) < wanted and (not chosen or (day - chosen[-1]).days >= gap):
            chosen.append(day)
    for day in days:
        if len(chosen) < wanted and day not in chosen:
            chosen.append(day)
    return sorted(chosen)


def _pick_slot(slots: list[Interval], constraints: SeriesConstraints) -> Interval:
    preferred = constraints.preferred_time
    if preferred is None:
        return slots[0]

    zone = constraints.zone

    def distance(slot: Interval) -> float:
        target = datetime.combine(slot.start.astimezone(zone).date(), preferred, zone)
        return abs((slot.start - target).total_seconds())

    return min(slots, key=distance)
