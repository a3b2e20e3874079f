"""Scheduling latency on a real PostgreSQL (fsync on): a provider's free slots over six weeks with
2,000 appointments in the database, and one booking with every conflict check (care plan, patient
lock, working hours, provider / patient / room overlap, authorization budget) plus its outbox row.

Both go through the service layer on a real connection, without HTTP and token verification.
Run: ``uv run python services/scheduling/bench/scheduling_bench.py [--searches N] [--bookings N]``.
"""

import argparse
import asyncio
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as time_of_day
from pathlib import Path
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from carecoord.db import make_engine
from carecoord.events import (
    AuthorizationSnapshot,
    CarePlanCreated,
    CareTeamMember,
    Discipline,
    DisciplinePlan,
)
from carecoord.migrations import upgrade_to_head
from carecoord.outbox import Transactions
from carecoord_local.ports import free_port
from carecoord_local.postgres import PostgresServer
from scheduling.adapters.care_plans import save_snapshot
from scheduling.adapters.providers import ProviderRepository
from scheduling.adapters.tables import appointments
from scheduling.domain.commands import BookAppointment
from scheduling.domain.providers import Provider, WeeklyPeriod
from scheduling.domain.refusals import BookingRefused
from scheduling.service_layer.availability import SlotQuery, find_slots
from scheduling.service_layer.booking import book_appointment
from sqlalchemy.ext.asyncio import AsyncEngine

MIGRATIONS = Path(__file__).resolve().parents[1] / "migrations"
ZONE = ZoneInfo("America/New_York")
CLINIC, PROVIDERS, PATIENTS, APPOINTMENTS = "clinic-bench", 20, 400, 2_000
START = date.today() + timedelta(days=14 - date.today().weekday())  # a Monday, two weeks out
DAYS = 42
HOURS = [9, 10, 11, 13, 14, 15, 16]  # the hour starts around the 12:00 break


def provider(index: int) -> Provider:
    return Provider(
        id=f"pt-{index:02d}",
        clinic_id=CLINIC,
        discipline=Discipline.PHYSICAL_THERAPY,
        time_zone="America/New_York",
        working_hours=tuple(WeeklyPeriod(d, time_of_day(9), time_of_day(17)) for d in range(5)),
        breaks=tuple(WeeklyPeriod(d, time_of_day(12), time_of_day(13)) for d in range(5)),
        conditions=frozenset({"low back pain"} if index % 3 == 0 else set()),
    )


def plan(patient: int) -> CarePlanCreated:
    team = [
        CareTeamMember(provider_id=f"pt-{i:02d}", discipline=Discipline.PHYSICAL_THERAPY)
        for i in range(PROVIDERS)
    ]
    window = DisciplinePlan(
        discipline=Discipline.PHYSICAL_THERAPY,
        visits_per_week=2,
        weeks=6,
        window_start=START,
        window_end=START + timedelta(days=DAYS),
        techniques=[],
        precautions=[],
        spot_work_allowed=True,
        provider_id=None,
    )
    return CarePlanCreated(
        clinic_id=CLINIC,
        patient_id=f"patient-{patient:03d}",
        care_plan_id=f"plan-{patient:03d}",
        referral_id=f"referral-{patient:03d}",
        referring_physician_id="dr-bench",
        version=1,
        conditions=["low back pain"],
        goals=[],
        disciplines=[window],
        care_team=team,
        authorization=AuthorizationSnapshot(
            valid_from=START,
            valid_to=START + timedelta(days=DAYS),
            visits_authorized={Discipline.PHYSICAL_THERAPY: 500},
        ),
    )


def weekdays() -> list[date]:
    return [START + timedelta(days=d) for d in range(DAYS) if (START + timedelta(days=d)).weekday() < 5]


async def seed(engine: AsyncEngine) -> tuple[list[tuple[int, datetime]], set[tuple[int, datetime]]]:
    """2,000 appointments spread over 20 providers and 400 patients; returns the free (provider,
    start) pairs that remain and the (patient, start) pairs already booked."""
    async with engine.begin() as connection:
        for index in range(PROVIDERS):
            await ProviderRepository(connection).add(provider(index), f"PT {index}")
        for patient in range(PATIENTS):
            await save_snapshot(connection, plan(patient))
    slots = [
        (p, datetime.combine(day, time_of_day(h), ZONE))
        for day in weekdays()
        for h in HOURS
        for p in range(PROVIDERS)
    ]
    # Every other slot is taken; (7n + p) % 400 never gives one patient two providers in one hour.
    taken, free = slots[::2][:APPOINTMENTS], slots[1::2]
    rows, patient_hours = [], set()
    for number, (p, start) in enumerate(taken):
        patient = (number * 7 + p) % PATIENTS
        patient_hours.add((patient, start))
        rows.append(
            {
                "id": f"seed-{number}",
                "clinic_id": CLINIC,
                "patient_id": f"patient-{patient:03d}",
                "care_plan_id": f"plan-{patient:03d}",
                "provider_id": f"pt-{p:02d}",
                "discipline": "physical_therapy",
                "starts_at": start,
                "ends_at": start + timedelta(hours=1),
                "status": "booked",
            }
        )
    async with engine.begin() as connection:
        await connection.execute(appointments.insert(), rows)
        await connection.execute(sa.text("ANALYZE"))
    return free, patient_hours


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


async def measure_search(engine: AsyncEngine, count: int) -> list[float]:
    now = datetime.now(UTC)
    samples: list[float] = []
    async with engine.connect() as connection:
        for n in range(count):
            query = SlotQuery(
                CLINIC, START, START + timedelta(days=DAYS - 1), 60, provider_id=f"pt-{n % PROVIDERS:02d}"
            )
            started = time.perf_counter()
            slots = await find_slots(connection, query, now, limit=2_000)
            samples.append(time.perf_counter() - started)
            assert slots, "every provider has free time"
    return samples


async def measure_booking(
    engine: AsyncEngine,
    free: list[tuple[int, datetime]],
    patient_hours: set[tuple[int, datetime]],
    count: int,
) -> list[float]:
    transactions = Transactions(engine, "/bench", after_commit=[])
    now = datetime.now(UTC)
    samples: list[float] = []
    used_patient_hours = set(patient_hours)
    patient = 0
    for p, start in free:
        if len(samples) == count:
            break
        patient = (patient + 1) % PATIENTS
        if (patient, start) in used_patient_hours:
            continue
        used_patient_hours.add((patient, start))
        command = BookAppointment(
            CLINIC, f"plan-{patient:03d}", f"pt-{p:02d}", Discipline.PHYSICAL_THERAPY, start, 60
        )
        started = time.perf_counter()
        try:
            async with transactions.begin() as uow:
                await book_appointment(uow, command, now)
        except BookingRefused as refusal:
            raise SystemExit(f"a free slot was refused: {refusal}") from refusal
        samples.append(time.perf_counter() - started)
    return samples


async def bench(database_url: str, args: argparse.Namespace) -> None:
    await upgrade_to_head(database_url, MIGRATIONS)
    engine = make_engine(database_url)
    try:
        free, patient_hours = await seed(engine)
        async with engine.connect() as connection:
            total = await connection.scalar(sa.select(sa.func.count()).select_from(appointments))
        await measure_search(engine, 20)  # warm-up
        search = await measure_search(engine, args.searches)
        booking = await measure_booking(engine, free, patient_hours, args.bookings)
    finally:
        await engine.dispose()
    print(
        f"scheduling bench: {total} appointments, {PROVIDERS} providers, {PATIENTS} patients, 6-week window"
    )
    print(f"{'operation':<44}{'n':>6}{'p50 ms':>10}{'p99 ms':>10}{'target p50':>12}")
    for name, samples, target in (
        ("slot search, one provider, 6 weeks, 60 min", search, 10),
        ("booking with all checks + outbox, committed", booking, 15),
    ):
        p50, p99 = percentiles(samples)
        print(f"{name:<44}{len(samples):>6}{p50 * 1000:>10.2f}{p99 * 1000:>10.2f}{target:>10} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--searches", type=int, default=300)
    parser.add_argument("--bookings", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="carecoord-scheduling-bench-") as tmp:
        with PostgresServer(Path(tmp) / "pg", free_port(), fast=False) as postgres:
            postgres.create_database("bench")
            asyncio.run(bench(postgres.url("bench"), args))


if __name__ == "__main__":
    main()
