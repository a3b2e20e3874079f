"""Whole-system benchmarks (issue 8, and issue 6's end-to-end latency), measured in one run.

All four services run as processes, as `make run` starts them, on a real Kafka broker and a real
PostgreSQL with fsync on, started here on free ports in a temp dir. The physician's EHR is a
webhook receiver in its own process. Figures:

1. sustained throughput of the full flow (referral -> accept (care plan) -> plan edit -> series
   booked -> visit completed -> note written and signed -> physician's progress webhook), closed
   loop at a few concurrencies, and the CPU seconds each process spent per flow;
2. latency at 50% of that maximum (open loop): accept response -> `referral.accepted` webhook
   (issue 6's figure), and signature response -> `progress.recorded` webhook;
3. API write throughput: POST /referrals vs a bare FastAPI endpoint doing one insert through the
   same driver (SQLAlchemy + asyncpg), same client, same database server, interleaved;
4. resident memory of each service idle and after 100,000 more events, sampled on the way, and
   across a 10-minute soak of full flows at 50% of the maximum (`--soak-seconds`);
5. recovery: a consumer SIGKILLed under a backlog, restarted, time until its lag is zero.

Run: ``uv run python bench/system_bench.py [--events 100000] [--seconds 15]``.
"""

import argparse
import asyncio
import contextlib
import json
import multiprocessing
import os
import platform
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import psutil
import uvicorn
from carecoord.auth import Role
from carecoord.dev_keys import ensure_dev_keypair, mint_dev_token
from carecoord_local.kafka import KafkaBroker
from carecoord_local.ports import free_port
from carecoord_local.postgres import PostgresServer
from carecoord_local.services import DEFAULT_PORTS, ServiceProcess
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

SERVICES = tuple(DEFAULT_PORTS)
CLINIC = "clinic-bench"
DISCIPLINE = "medical_massage"
WEBHOOK_TYPES = ["carecoord.referral.accepted.v1", "carecoord.progress.recorded.v1"]
SLOTS_PER_PROVIDER = 6 * 22  # six first-visit days x 22 hourly slots: flows never contend for a slot


# ---------------------------------------------------------------- the EHR's receiver (own process)


def _serve_receiver(port: int) -> None:
    """Answers 204 at once and remembers when each webhook arrived (wall clock)."""
    hits: list[dict[str, Any]] = []

    async def hook(request: Request) -> Response:
        arrived = time.time()
        body = json.loads(await request.body())
        hits.append(
            {"id": request.headers.get("webhook-id"), "at": arrived, "type": body["type"], **body["data"]}
        )
        return Response(status_code=204)

    async def read(request: Request) -> JSONResponse:
        start = int(request.query_params.get("after", 0))
        return JSONResponse({"count": len(hits), "hits": hits[start:]})

    app = Starlette(routes=[Route("/hook", hook, methods=["POST"]), Route("/hits", read)])
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


@dataclass
class Receiver:
    port: int
    process: BaseProcess

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    async def hits(self, after: int = 0) -> list[dict[str, Any]]:
        async with httpx.AsyncClient(timeout=30) as http:
            found: list[dict[str, Any]] = (
                await http.get(f"http://127.0.0.1:{self.port}/hits", params={"after": after})
            ).json()["hits"]
        return found

    async def count(self) -> int:
        async with httpx.AsyncClient(timeout=30) as http:
            counted: int = (
                await http.get(f"http://127.0.0.1:{self.port}/hits", params={"after": 10**9})
            ).json()["count"]
        return counted


@contextlib.contextmanager
def receiver_process(serve: Callable[[int], None] = _serve_receiver) -> Iterator[Receiver]:
    port = free_port()
    process = multiprocessing.get_context("spawn").Process(target=serve, args=(port,), daemon=True)
    process.start()
    deadline = time.monotonic() + 30
    while True:
        try:
            httpx.get(f"http://127.0.0.1:{port}/hits", timeout=1)
            break
        except httpx.HTTPError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)
    try:
        yield Receiver(port, process)
    finally:
        process.terminate()
        process.join(10)


# ---------------------------------------------------------------- the rig


@dataclass
class Rig:
    postgres: PostgresServer
    broker: KafkaBroker
    keys: tuple[Path, Path]
    logs: Path
    services: dict[str, ServiceProcess] = field(default_factory=dict)
    groups: dict[str, str] = field(default_factory=dict)
    _tokens: dict[tuple[Role, str], str] = field(default_factory=dict)

    def token(self, role: Role, subject: str) -> str:
        """Minted once per person (RS256 signing is not what is being measured)."""
        key = (role, subject)
        if key not in self._tokens:
            scopes = "system/*.read" if role is Role.INTEGRATOR else ""
            self._tokens[key] = mint_dev_token(
                self.keys[0], subject=subject, role=role, clinic_id=CLINIC, scopes=scopes
            )
        return self._tokens[key]

    def dsn(self, database: str) -> str:
        return self.postgres.url(database, driver="postgresql")

    def start(self, names: tuple[str, ...], **env: str) -> None:
        for name in names:
            self.postgres.create_database(f"bench_{name}")
            self.groups[name] = f"bench-{name}-{uuid.uuid4().hex[:6]}"
            service_env = {
                "ENVIRONMENT": "test",  # loopback webhook targets are a test setting
                "LOG_LEVEL": "WARNING",
                "DATABASE_URL": self.postgres.url(f"bench_{name}"),
                "KAFKA_BOOTSTRAP_SERVERS": self.broker.bootstrap_servers,
                "JWT_DEV_PUBLIC_KEY_PATH": str(self.keys[1]),
                "CONSUMER_GROUP": self.groups[name],
                "WEBHOOK_ALLOW_INSECURE_TARGETS": "true",
                **env,
            }
            self.services[name] = ServiceProcess(name, free_port(), service_env, self.logs / f"{name}.log")
            self.services[name].start()
        for name in names:
            self.services[name].wait_ready(120)

    def url(self, name: str) -> str:
        return self.services[name].url

    def pid(self, name: str) -> int:
        pid = self.services[name].pid
        assert pid is not None, f"{name} is not running"
        return pid

    def stop(self) -> None:
        for process in self.services.values():
            process.resume()
            process.stop()


@contextlib.contextmanager
def rig(root: Path) -> Iterator[Rig]:
    keys = ensure_dev_keypair(root / "keys")
    with (
        PostgresServer(root / "pg", free_port(), fast=False) as postgres,
        KafkaBroker(root / "kafka", free_port(), free_port()) as broker,
    ):
        built = Rig(postgres, broker, keys, root / "logs")
        try:
            yield built
        finally:
            built.stop()


# ---------------------------------------------------------------- CPU and memory of processes


def cpu_seconds(pid: int, with_children: bool = False) -> float:
    process = psutil.Process(pid)
    times = process.cpu_times()
    total = float(times.user + times.system)
    if with_children:  # PostgreSQL: live backends, and exited ones through the postmaster
        total += times.children_user + times.children_system
        for child in process.children(recursive=True):
            with contextlib.suppress(psutil.Error):
                child_times = child.cpu_times()
                total += child_times.user + child_times.system
    return total


def rss_mb(pid: int) -> float:
    return float(psutil.Process(pid).memory_info().rss / 2**20)


class CpuMeter:
    """CPU seconds each process of the system spends between start() and stop()."""

    def __init__(self, the_rig: Rig) -> None:
        self.pids = {name: (the_rig.pid(name), False) for name in the_rig.services}
        self.pids["kafka"] = (the_rig.broker.pid or 0, False)
        self.pids["postgres"] = (the_rig.postgres.pid or 0, True)
        self.pids["load generator"] = (os.getpid(), False)

    def _sample(self) -> dict[str, float]:
        return {name: cpu_seconds(pid, children) for name, (pid, children) in self.pids.items()}

    def start(self) -> None:
        self._before, self._started = self._sample(), time.monotonic()

    def stop(self) -> dict[str, float]:
        after = self._sample()
        self.elapsed = time.monotonic() - self._started
        return {name: after[name] - self._before[name] for name in after}


# ---------------------------------------------------------------- the full flow, as its users drive it


def _start_on() -> date:
    return datetime.now(UTC).date() + timedelta(days=1)


def referral_body(mrn: str) -> dict[str, Any]:
    start = _start_on()
    return {
        "patient": {"mrn": mrn, "given_name": "Dana", "family_name": "Reyes"},
        "referring_physician": {"name": "Dr. Ada Osei", "npi": "1234567893"},
        "diagnosis_codes": ["M54.50"],
        "conditions": ["low back pain"],
        "requested_disciplines": [{"discipline": DISCIPLINE, "visits_per_week": 2, "weeks": 6}],
        "insurance": {
            "payer": "Acme Health",
            "member_id": "M-1",
            "valid_from": str(start),
            "valid_to": str(start + timedelta(days=60)),
            "visits_authorized": {DISCIPLINE: 12},
        },
    }


def _goal(target: float) -> dict[str, Any]:
    due = _start_on() + timedelta(weeks=6)
    return {
        "metric": "pain_nrs",
        "baseline": 7,
        "target": target,
        "comparator": "at_most",
        "due_on": str(due),
    }


NOTE = {
    "content": {
        "subjective": {"pain": [{"body_region": "low_back", "before": 6, "after": 3}]},
        "treatment": {"techniques": [{"technique": "myofascial_release", "minutes": 30}]},
        "assessment": {"summary": "tolerated well"},
    }
}


class FlowFailed(Exception):
    pass


@dataclass
class Stamps:
    referral_id: str = ""
    accepted_at: float = 0.0
    note_id: str = ""
    signed_at: float = 0.0


@dataclass
class Clinic:
    """The clinic's people driving the flow over HTTP. Where a step waits for another service's
    projection (booking needs scheduling's copy of the plan, the note needs notes' draft) it polls
    that service's table every 10 ms rather than its API, whose refusals would each be audited."""

    rig: Rig
    http: httpx.AsyncClient
    scheduling_db: asyncpg.Pool
    notes_db: asyncpg.Pool
    providers: int = 60  # 7,920 distinct slots: enough for the soak's flows too
    run: str = field(default_factory=lambda: uuid.uuid4().hex[:6])

    def provider(self, number: int) -> str:
        return f"lmt-{self.run}-{number // SLOTS_PER_PROVIDER}"

    async def add_providers(self) -> None:
        admin = self.rig.token(Role.ADMIN, "admin-1")
        every_day = [{"weekday": day, "start": "00:00", "end": "23:59"} for day in range(7)]
        for index in range(self.providers):
            body = {
                "id": f"lmt-{self.run}-{index}",
                "display_name": "LMT",
                "discipline": DISCIPLINE,
                "time_zone": "UTC",
                "working_hours": every_day,
            }
            await self._call("POST", "scheduling", "/providers", 201, admin, body)

    async def _call(
        self,
        method: str,
        service: str,
        path: str,
        expect: int,
        token: str,
        body: Any = None,
        headers: dict[str, str] | None = None,
        allow: tuple[int, ...] = (),
    ) -> httpx.Response:
        response = await self.http.request(
            method,
            f"{self.rig.url(service)}{path}",
            json=body,
            headers={"Authorization": f"Bearer {token}", **(headers or {})},
        )
        if response.status_code != expect and response.status_code not in allow:
            raise FlowFailed(f"{method} {service}{path}: {response.status_code} {response.text[:200]}")
        return response

    async def _until(self, pool: asyncpg.Pool, sql: str, key: str) -> None:
        deadline = time.monotonic() + 60
        while not await pool.fetchval(sql, key):
            if time.monotonic() > deadline:
                raise FlowFailed(f"not projected within 60 s: {sql} {key}")
            await asyncio.sleep(0.01)

    async def flow(self, number: int) -> Stamps:
        stamps = Stamps()
        provider = self.provider(number)
        therapist = self.rig.token(Role.MASSAGE_THERAPIST, provider)
        created = await self._call(
            "POST",
            "referrals",
            "/referrals",
            201,
            self.rig.token(Role.PHYSICIAN, "dr-osei"),
            referral_body(f"MRN-{self.run}-{number}"),
        )
        stamps.referral_id = created.json()["id"]
        accept = {
            "start_on": str(_start_on()),
            "goals": [_goal(3)],
            "care_team": [{"provider_id": provider, "discipline": DISCIPLINE, "coordinator": True}],
        }
        accepted = await self._call(
            "POST",
            "referrals",
            f"/referrals/{stamps.referral_id}/accept",
            200,
            self.rig.token(Role.ADMIN, "admin-1"),
            accept,
        )
        stamps.accepted_at = time.time()
        plan = accepted.json()["care_plan_id"]
        await self._call(
            "PATCH",
            "referrals",
            f"/care-plans/{plan}",
            200,
            therapist,
            {"goals": [_goal(2)]},
            {"If-Match": '"1"'},
        )
        await self._until(self.scheduling_db, "SELECT 1 FROM care_plans WHERE id = $1", plan)
        slot = number % SLOTS_PER_PROVIDER
        first = datetime.combine(_start_on() + timedelta(days=1 + slot % 6), datetime.min.time(), UTC)
        first += timedelta(hours=1 + slot // 6)
        visits = [
            {"starts_at": (first + timedelta(days=7 * week)).isoformat(), "duration_minutes": 60}
            for week in (0, 1)
        ]
        series = await self._call(
            "POST",
            "scheduling",
            f"/care-plans/{plan}/series",
            201,
            self.rig.token(Role.SCHEDULER, "front-desk"),
            {"discipline": DISCIPLINE, "provider_id": provider, "visits": visits},
        )
        visit = series.json()["appointments"][0]["id"]
        await self._call("POST", "scheduling", f"/appointments/{visit}/complete", 200, therapist)
        await self._until(self.notes_db, "SELECT 1 FROM notes WHERE appointment_id = $1", visit)
        # The draft comes from scheduling's topic, the care team from referrals': until notes has
        # both, the visit's own therapist is refused (403); a client retries, so does this one.
        for _ in range(6000):
            draft = await self._call(
                "GET", "notes", f"/appointments/{visit}/note", 200, therapist, allow=(403,)
            )
            if draft.status_code == 200:
                break
            await asyncio.sleep(0.01)
        else:
            raise FlowFailed(f"the draft of {visit} stayed forbidden to its own therapist")
        stamps.note_id = draft.json()["id"]
        revised = await self._call(
            "PUT",
            "notes",
            f"/notes/{stamps.note_id}",
            200,
            therapist,
            NOTE,
            {"If-Match": draft.headers["ETag"]},
        )
        await self._call(
            "POST",
            "notes",
            f"/notes/{stamps.note_id}/signature",
            200,
            therapist,
            None,
            {"If-Match": revised.headers["ETag"]},
        )
        stamps.signed_at = time.time()
        return stamps


# ---------------------------------------------------------------- phases


@dataclass
class Throughput:
    concurrency: int
    flows_per_second: float
    cpu_per_flow: dict[str, float]
    failures: int


async def closed_loop(clinic: Clinic, numbers: Iterator[int], concurrency: int, seconds: float) -> Throughput:
    """``concurrency`` clinicians running flows back to back; counted after a warm-up."""
    done: list[Stamps] = []
    failures: list[str] = []
    stopping = asyncio.Event()

    async def clinician() -> None:
        while not stopping.is_set():
            try:
                done.append(await clinic.flow(next(numbers)))
            except FlowFailed as failure:
                failures.append(str(failure))

    clinicians = [asyncio.create_task(clinician()) for _ in range(concurrency)]
    await asyncio.sleep(3)
    meter = CpuMeter(clinic.rig)
    meter.start()
    before = len(done)
    await asyncio.sleep(seconds)
    completed = len(done) - before
    cpu = meter.stop()
    stopping.set()
    await asyncio.gather(*clinicians)
    if failures:
        print(f"  {len(failures)} flows failed at c={concurrency}, e.g. {failures[0]}")
    per_flow = {name: spent / max(completed, 1) for name, spent in cpu.items()}
    return Throughput(concurrency, completed / meter.elapsed, per_flow, len(failures))


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


@dataclass
class Latency:
    rate: float
    flows: int
    accepted_ms: list[float]
    progress_ms: list[float]


async def open_loop(
    clinic: Clinic, numbers: Iterator[int], receiver: Receiver, rate: float, seconds: float
) -> Latency:
    """Flows started at a steady ``rate``; each accept and signature is matched with its webhook."""
    already = await receiver.count()
    stamps: list[Stamps] = []
    running: list[asyncio.Task[None]] = []

    async def one(number: int) -> None:
        with contextlib.suppress(FlowFailed):
            stamps.append(await clinic.flow(number))

    started = time.monotonic()
    while time.monotonic() - started < seconds:
        running.append(asyncio.create_task(one(next(numbers))))
        await asyncio.sleep(1 / rate)
    await asyncio.gather(*running)
    by_type: dict[str, dict[str, float]] = {}
    for _ in range(300):
        hits = await receiver.hits(after=already)
        by_type = {
            t: {
                h.get("referral_id" if "accepted" in t else "note_id", ""): h["at"]
                for h in hits
                if h["type"] == t
            }
            for t in WEBHOOK_TYPES
        }
        if all(
            s.referral_id in by_type[WEBHOOK_TYPES[0]] and s.note_id in by_type[WEBHOOK_TYPES[1]]
            for s in stamps
        ):
            break
        await asyncio.sleep(0.1)
    accepted = [
        (by_type[WEBHOOK_TYPES[0]][s.referral_id] - s.accepted_at) * 1000
        for s in stamps
        if s.referral_id in by_type[WEBHOOK_TYPES[0]]
    ]
    progress = [
        (by_type[WEBHOOK_TYPES[1]][s.note_id] - s.signed_at) * 1000
        for s in stamps
        if s.note_id in by_type[WEBHOOK_TYPES[1]]
    ]
    return Latency(rate, len(stamps), accepted, progress)


@dataclass
class Soak:
    rate: float
    flows: int
    failures: int
    samples: list[tuple[float, dict[str, float]]]  # (minutes into the soak, RSS per service)

    def growth(self) -> dict[str, float]:
        """Per service: RSS at the end minus RSS half way, once warm; a leak shows as a rise."""
        middle = self.samples[len(self.samples) // 2][1]
        end = self.samples[-1][1]
        return {name: end[name] - middle[name] for name in end}


async def soak(
    clinic: Clinic, numbers: Iterator[int], rate: float, seconds: float, samples: int = 10
) -> Soak:
    """Full flows started at a steady ``rate`` for ``seconds``; each service's RSS sampled
    ``samples`` times on the way and once more after every consumer has caught up."""
    the_rig = clinic.rig
    done: list[Stamps] = []
    failures: list[str] = []
    running: set[asyncio.Task[None]] = set()

    def resident() -> dict[str, float]:
        return {name: rss_mb(the_rig.pid(name)) for name in the_rig.services}

    async def one(number: int) -> None:
        try:
            done.append(await clinic.flow(number))
        except FlowFailed as failure:
            failures.append(str(failure))

    rss = [(0.0, resident())]
    started = time.monotonic()
    every = seconds / samples
    while (elapsed := time.monotonic() - started) < seconds:
        task = asyncio.create_task(one(next(numbers)))
        running.add(task)
        task.add_done_callback(running.discard)
        if elapsed >= every * len(rss):
            rss.append((elapsed / 60, resident()))
            sizes = ", ".join(f"{name} {mb:.0f}" for name, mb in rss[-1][1].items())
            print(f"  soak {elapsed / 60:.1f} min: {len(done)} flows; RSS MB {sizes}", flush=True)
        await asyncio.sleep(1 / rate)
    await asyncio.gather(*running)
    await caught_up(the_rig)
    rss.append(((time.monotonic() - started) / 60, resident()))
    if failures:
        print(f"  {len(failures)} soak flows failed, e.g. {failures[0]}")
    return Soak(rate, len(done), len(failures), rss)


# ---------------------------------------------------------------- API writes vs a bare endpoint


def _serve_bare(port: int, database_url: str) -> None:
    """One FastAPI route that inserts the posted JSON as one row: the same framework, server,
    engine settings and driver as the services, with nothing else."""
    from contextlib import asynccontextmanager

    import sqlalchemy as sa
    from carecoord.db import make_engine
    from fastapi import FastAPI
    from sqlalchemy.dialects.postgresql import JSONB

    engine = make_engine(database_url)
    metadata = sa.MetaData()
    rows = sa.Table(
        "bare", metadata, sa.Column("id", sa.Text, primary_key=True), sa.Column("body", JSONB, nullable=False)
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> Any:
        async with engine.begin() as connection:
            await connection.run_sync(metadata.create_all)
        yield
        await engine.dispose()

    app = FastAPI(lifespan=lifespan)

    @app.post("/referrals", status_code=201)
    async def create(body: dict[str, Any]) -> dict[str, str]:
        row_id = str(uuid.uuid4())
        async with engine.begin() as connection:
            await connection.execute(rows.insert().values(id=row_id, body=body))
        return {"id": row_id}

    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


async def write_rate(
    http: httpx.AsyncClient, url: str, token: str, seconds: float, concurrency: int = 32
) -> float:
    """Created referrals per second, closed loop, after a one-second warm-up."""
    created: list[float] = []
    stopping = asyncio.Event()

    async def writer() -> None:
        while not stopping.is_set():
            body = referral_body(f"MRN-w-{uuid.uuid4().hex[:12]}")
            response = await http.post(url, json=body, headers={"Authorization": f"Bearer {token}"})
            if response.status_code != 201:
                raise FlowFailed(f"{url}: {response.status_code} {response.text[:200]}")
            created.append(time.monotonic())

    writers = [asyncio.create_task(writer()) for _ in range(concurrency)]
    await asyncio.sleep(1)
    start, before = time.monotonic(), len(created)
    await asyncio.sleep(seconds)
    rate = (len(created) - before) / (time.monotonic() - start)
    stopping.set()
    await asyncio.gather(*writers)
    return rate


async def compare_writes(the_rig: Rig, seconds: float, rounds: int = 3) -> tuple[float, float]:
    """Median of interleaved rounds. The other three services are paused (SIGSTOP) meanwhile, so
    the two endpoints get the same two cores; they catch up on the events afterwards."""
    limits = httpx.Limits(max_connections=64, max_keepalive_connections=64, keepalive_expiry=2)
    async with httpx.AsyncClient(timeout=60, limits=limits) as http:
        return await _compare_writes(the_rig, http, seconds, rounds)


async def _compare_writes(
    the_rig: Rig, http: httpx.AsyncClient, seconds: float, rounds: int
) -> tuple[float, float]:
    the_rig.postgres.create_database("bench_bare")
    port = free_port()
    bare = multiprocessing.get_context("spawn").Process(
        target=_serve_bare, args=(port, the_rig.postgres.url("bench_bare")), daemon=True
    )
    bare.start()
    token = the_rig.token(Role.PHYSICIAN, "dr-osei")
    for _ in range(100):
        with contextlib.suppress(httpx.HTTPError):
            if (await http.post(f"http://127.0.0.1:{port}/referrals", json={})).status_code == 201:
                break
        await asyncio.sleep(0.2)
    others = [the_rig.services[name] for name in ("scheduling", "notes", "notifications")]
    service_rates, bare_rates = [], []
    try:
        for process in others:
            process.pause()
        for _ in range(rounds):
            service_rates.append(
                await write_rate(http, f"{the_rig.url('referrals')}/referrals", token, seconds)
            )
            bare_rates.append(await write_rate(http, f"http://127.0.0.1:{port}/referrals", token, seconds))
    finally:
        for process in others:
            process.resume()
        bare.terminate()
        bare.join(10)
    return statistics.median(service_rates), statistics.median(bare_rates)


# ---------------------------------------------------------------- memory under 100,000 events, recovery

CONSUMES = {
    "referrals": ("carecoord.scheduling", "carecoord.notes"),
    "scheduling": ("carecoord.referrals",),
    "notes": ("carecoord.referrals", "carecoord.scheduling"),
    "notifications": ("carecoord.referrals", "carecoord.scheduling", "carecoord.notes"),
}


def synthetic_event(i: int) -> Any:
    """Two care plans, two bookings and one progress record in every five events, for 5,000
    patients of the bench clinic: what the three consuming topics carry in real use."""
    from carecoord.events import (
        AppointmentBooked,
        AuthorizationSnapshot,
        CarePlanCreated,
        CareTeamMember,
        DisciplinePlan,
        GoalSnapshot,
        ProgressRecorded,
    )
    from carecoord.events.vocabulary import Comparator, Discipline

    patient, start = f"bench-patient-{i % 5000}", _start_on()
    common = {"clinic_id": CLINIC, "patient_id": patient}
    kind = i % 5
    if kind < 2:
        return CarePlanCreated(
            **common,
            care_plan_id=f"bench-plan-{i}",
            referral_id=f"bench-ref-{i}",
            referring_physician_id="dr-osei",
            version=1,
            conditions=["low back pain"],
            goals=[
                GoalSnapshot(
                    goal_id="g1",
                    metric="pain_nrs",
                    body_region="low_back",
                    baseline=7,
                    target=3,
                    comparator=Comparator.AT_MOST,
                    due_on=start + timedelta(weeks=6),
                )
            ],
            disciplines=[
                DisciplinePlan(
                    discipline=Discipline.MEDICAL_MASSAGE,
                    visits_per_week=2,
                    weeks=6,
                    window_start=start,
                    window_end=start + timedelta(weeks=6),
                    techniques=[],
                    precautions=[],
                    spot_work_allowed=False,
                    provider_id="lmt-bench",
                )
            ],
            care_team=[CareTeamMember(provider_id="lmt-bench", discipline=Discipline.MEDICAL_MASSAGE)],
            authorization=AuthorizationSnapshot(
                valid_from=start,
                valid_to=start + timedelta(weeks=8),
                visits_authorized={Discipline.MEDICAL_MASSAGE: 12},
            ),
        )
    if kind < 4:
        starts = datetime.combine(start + timedelta(days=i % 40), datetime.min.time(), UTC) + timedelta(
            hours=9
        )
        return AppointmentBooked(
            **common,
            appointment_id=f"bench-appt-{i}",
            care_plan_id=f"bench-plan-{i - 2}",
            provider_id="lmt-bench",
            discipline=Discipline.MEDICAL_MASSAGE,
            starts_at=starts,
            ends_at=starts + timedelta(hours=1),
        )
    return ProgressRecorded(
        **common,
        note_id=f"bench-note-{i}",
        care_plan_id=f"bench-plan-{i - 4}",
        discipline=Discipline.MEDICAL_MASSAGE,
        visit_on=start,
        pain_before=6,
        pain_after=3,
        goals=[],
    )


def _topic_of(i: int) -> str:
    kind = i % 5
    return "carecoord.referrals" if kind < 2 else "carecoord.scheduling" if kind < 4 else "carecoord.notes"


async def publish_synthetic(bootstrap: str, first: int, count: int) -> None:
    from carecoord.envelope import CloudEvent
    from carecoord.kafka import make_producer

    producer = make_producer(bootstrap)
    await producer.start()
    try:
        for chunk in range(first, first + count, 2000):
            sends = []
            for i in range(chunk, min(chunk + 2000, first + count)):
                event = synthetic_event(i)
                value, headers = CloudEvent(
                    type=event.type, source="/bench", subject=f"bench/{i}", data=event.model_dump(mode="json")
                ).to_kafka()
                sends.append(
                    await producer.send(
                        str(event.topic), value=value, key=event.patient_id.encode(), headers=headers
                    )
                )
            await asyncio.gather(*sends)
    finally:
        await producer.stop()


async def lag(the_rig: Rig) -> dict[str, int]:
    """Messages each service's consumer group has not committed yet."""
    from aiokafka import AIOKafkaConsumer, TopicPartition
    from aiokafka.admin import AIOKafkaAdminClient
    from carecoord.kafka import PARTITIONS

    bootstrap = the_rig.broker.bootstrap_servers
    everything = [TopicPartition(t, p) for t in CONSUMES["notifications"] for p in range(PARTITIONS)]
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap)
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await consumer.start()
    await admin.start()
    try:
        ends = await consumer.end_offsets(everything)
        behind = {}
        for name in the_rig.services:
            offsets = await admin.list_consumer_group_offsets(the_rig.groups[name])
            committed = {partition: meta.offset for partition, meta in offsets.items()}
            behind[name] = sum(
                ends[p] - max(committed.get(p, 0), 0) for p in everything if p.topic in CONSUMES[name]
            )
        return behind
    finally:
        await admin.close()
        await consumer.stop()


async def caught_up(the_rig: Rig, only: str | None = None, every: float = 1.0) -> None:
    """Until every consumer group (or ``only`` that one) has committed everything."""
    while True:
        behind = await lag(the_rig)
        if not (behind[only] if only else any(behind.values())):
            return
        await asyncio.sleep(every)


@dataclass
class Memory:
    idle: dict[str, float]
    after_flows: dict[str, float]
    samples: list[tuple[int, dict[str, float]]]  # (events published so far, RSS per service)
    consumed: dict[str, int]
    seconds: float


async def memory_under_events(the_rig: Rig, idle: dict[str, float], events: int) -> Memory:
    """Publish ``events`` more (in steps of a fifth) and sample each service's RSS once its
    consumer has caught up with each step: growth shows as a rising column."""
    after_flows = {name: rss_mb(the_rig.pid(name)) for name in the_rig.services}
    consumed = {name: 0 for name in the_rig.services}
    samples = []
    started = time.monotonic()
    step = max(events // 5, 1)
    for first in range(0, events, step):
        count = min(step, events - first)
        await publish_synthetic(the_rig.broker.bootstrap_servers, first, count)
        for name in consumed:
            consumed[name] += sum(_topic_of(i) in CONSUMES[name] for i in range(first, first + count))
        await caught_up(the_rig)
        samples.append((first + count, {name: rss_mb(the_rig.pid(name)) for name in the_rig.services}))
    return Memory(idle, after_flows, samples, consumed, time.monotonic() - started)


@dataclass
class Recovery:
    backlog: int
    ready_seconds: float
    caught_up_seconds: float


async def recovery(the_rig: Rig, first: int, events: int, victim: str = "notifications") -> Recovery:
    """SIGKILL a consumer, let a backlog build, restart it: time to ready and to lag zero."""
    the_rig.services[victim].kill()
    await publish_synthetic(the_rig.broker.bootstrap_servers, first, events)
    backlog = (await lag(the_rig))[victim]
    started = time.monotonic()
    the_rig.services[victim].start()
    await asyncio.to_thread(the_rig.services[victim].wait_ready, 120)
    ready = time.monotonic() - started
    await caught_up(the_rig, victim, every=0.2)
    return Recovery(backlog, ready, time.monotonic() - started)


# ---------------------------------------------------------------- the run and its table


@dataclass
class Results:
    throughput: list[Throughput] = field(default_factory=list)
    latency: Latency | None = None
    soak: Soak | None = None
    writes: tuple[float, float] = (0.0, 0.0)
    memory: Memory | None = None
    recovery: Recovery | None = None
    webhooks: tuple[int, int] = (0, 0)


async def subscribe(the_rig: Rig, http: httpx.AsyncClient, url: str) -> None:
    response = await http.post(
        f"{the_rig.url('notifications')}/subscriptions",
        json={"url": url, "event_types": WEBHOOK_TYPES},
        headers={"Authorization": f"Bearer {the_rig.token(Role.INTEGRATOR, 'ehr-1')}"},
    )
    assert response.status_code == 201, response.text


async def run(the_rig: Rig, receiver: Receiver, args: argparse.Namespace) -> Results:
    results = Results()
    the_rig.start(SERVICES)
    await asyncio.sleep(5)
    idle = {name: rss_mb(the_rig.pid(name)) for name in SERVICES}
    # Idle connections are dropped after 2 s, before uvicorn closes them at 5 s: reusing one the
    # server is closing at that moment fails the request (httpx.ReadError).
    limits = httpx.Limits(max_connections=400, max_keepalive_connections=400, keepalive_expiry=2)
    async with (
        httpx.AsyncClient(timeout=60, limits=limits) as http,
        asyncpg.create_pool(the_rig.dsn("bench_scheduling"), min_size=1, max_size=10) as scheduling_db,
        asyncpg.create_pool(the_rig.dsn("bench_notes"), min_size=1, max_size=10) as notes_db,
    ):
        await subscribe(the_rig, http, receiver.url)
        clinic = Clinic(the_rig, http, scheduling_db, notes_db)
        await clinic.add_providers()
        numbers = iter(range(10**9))
        for concurrency in args.concurrency:
            results.throughput.append(await closed_loop(clinic, numbers, concurrency, args.seconds))
            print(
                f"  throughput at c={concurrency}: {results.throughput[-1].flows_per_second:.2f} flows/s",
                flush=True,
            )
        best = max(results.throughput, key=lambda t: t.flows_per_second)
        results.latency = await open_loop(
            clinic, numbers, receiver, best.flows_per_second / 2, args.latency_seconds
        )
        print(f"  latency measured over {results.latency.flows} flows", flush=True)
        if args.soak_seconds:
            results.soak = await soak(clinic, numbers, best.flows_per_second / 2, args.soak_seconds)
        results.writes = await compare_writes(the_rig, args.write_seconds)
        print(f"  writes: {results.writes[0]:.0f}/s vs bare {results.writes[1]:.0f}/s", flush=True)
    await caught_up(the_rig)
    results.memory = await memory_under_events(the_rig, idle, args.events)
    results.recovery = await recovery(the_rig, args.events, args.recovery_events)
    return results


def _ms(values: list[float]) -> str:
    if not values:
        return "none arrived"
    return " / ".join(f"{percentile(values, q):.0f}" for q in (50, 95, 99)) + f" ms (n={len(values)})"


def report(results: Results, args: argparse.Namespace, seconds: float) -> None:
    cores = os.cpu_count()
    print(
        f"\nCareCoord system benchmarks: {platform.platform()}, {cores} cores, Python {sys.version.split()[0]}, "
        f"PostgreSQL with fsync on, one Kafka broker; everything on this machine; run took {seconds:.0f} s; "
        f"load average at the end {', '.join(f'{v:.1f}' for v in os.getloadavg())} (other work on it counts)\n"
    )
    print("1. Full flow, closed loop (referral -> accept -> plan edit -> series -> complete -> note signed)")
    print(f"   {'clinicians':>10} {'flows/s':>8}  CPU seconds per flow by process")
    for t in results.throughput:
        cpu = ", ".join(f"{name} {spent * 1000:.0f} ms" for name, spent in t.cpu_per_flow.items())
        print(
            f"   {t.concurrency:>10} {t.flows_per_second:>8.2f}  {cpu}"
            + (f"  ({t.failures} failed)" if t.failures else "")
        )
    best = max(results.throughput, key=lambda t: t.flows_per_second)
    print(
        f"   sustained maximum: {best.flows_per_second:.2f} flows/s ({best.flows_per_second * 7:.0f} API writes/s)"
    )
    if results.latency is not None:
        lat = results.latency
        print(
            f"\n2. Latency at 50% of the maximum ({lat.rate:.2f} flows/s, open loop, {lat.flows} flows), p50 / p95 / p99"
        )
        print(
            f"   accept response -> referral.accepted webhook: {_ms(lat.accepted_ms)}   target p99 < 250 ms: "
            f"{'met' if lat.accepted_ms and percentile(lat.accepted_ms, 99) < 250 else 'NOT met'}"
        )
        print(f"   signature response -> progress.recorded webhook: {_ms(lat.progress_ms)}")
    service, bare = results.writes
    print("\n3. API write throughput (32 clients, other services paused, median of 3 interleaved rounds)")
    print(
        f"   POST /referrals (auth, validation, patient + referral + history + audit rows, 2 outbox rows): {service:.0f}/s"
    )
    print(f"   bare FastAPI endpoint, one insert, same driver and server: {bare:.0f}/s")
    print(
        f"   ratio {service / bare if bare else 0:.2f}x   target >= 0.5x: {'met' if bare and service / bare >= 0.5 else 'NOT met'}"
    )
    if results.memory is not None:
        mem = results.memory
        print(
            f"\n4. Resident memory (MB): idle, after the flows above, then after each fifth of {args.events:,} more events"
        )
        print(
            f"   {'service':<14}{'idle':>7}{'flows':>7}"
            + "".join(f"{n:>9,}" for n, _ in mem.samples)
            + "   consumed"
        )
        for name in mem.idle:
            row = "".join(f"{sample[name]:>9.0f}" for _, sample in mem.samples)
            print(
                f"   {name:<14}{mem.idle[name]:>7.0f}{mem.after_flows[name]:>7.0f}{row}   {mem.consumed[name]:,}"
            )
        worst = max(max(sample.values()) for _, sample in mem.samples)
        print(
            f"   largest: {worst:.0f} MB   target < 200 MB each: {'met' if worst < 200 else 'NOT met'}; "
            f"{args.events:,} events consumed in {mem.seconds:.0f} s"
        )
    if results.soak is not None:
        report_soak(results.soak)
    if results.recovery is not None:
        rec = results.recovery
        print(
            f"\n5. Recovery: notifications SIGKILLed, {rec.backlog:,} events queued for it, restarted: ready after "
            f"{rec.ready_seconds:.1f} s, lag zero after {rec.caught_up_seconds:.1f} s"
        )


def report_soak(soak: Soak) -> None:
    minutes = soak.samples[-1][0]
    print(
        f"\n4b. Soak: full flows at {soak.rate:.2f}/s for {minutes:.1f} min ({soak.flows:,} flows, "
        f"{soak.failures} failed); RSS (MB) at each minute mark, the last after every consumer caught up"
    )
    print(f"   {'service':<14}" + "".join(f"{at:>6.1f}" for at, _ in soak.samples) + "   growth, 2nd half")
    growth = soak.growth()
    for name in soak.samples[0][1]:
        row = "".join(f"{sample[name]:>6.0f}" for _, sample in soak.samples)
        print(f"   {name:<14}{row}   {growth[name]:+.0f} MB")
    worst = max(max(sample.values()) for _, sample in soak.samples)
    steady = max(growth.values()) < 10
    print(
        f"   largest: {worst:.0f} MB   target < 200 MB and no growth: "
        f"{'met' if worst < 200 and steady else 'NOT met'} (growth means > 10 MB over the second half)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--events", type=int, default=100_000, help="events for the memory figure")
    parser.add_argument("--seconds", type=float, default=15, help="measured seconds per concurrency")
    parser.add_argument("--concurrency", type=lambda v: [int(x) for x in v.split(",")], default=[4, 8, 16])
    parser.add_argument("--latency-seconds", type=float, default=30)
    parser.add_argument("--write-seconds", type=float, default=8)
    parser.add_argument("--recovery-events", type=int, default=10_000)
    parser.add_argument("--soak-seconds", type=float, default=600, help="0 skips the soak")
    args = parser.parse_args()
    started = time.monotonic()
    with (
        tempfile.TemporaryDirectory(prefix="carecoord-system-bench-") as tmp,
        rig(Path(tmp)) as the_rig,
        receiver_process() as receiver,
    ):
        results = asyncio.run(run(the_rig, receiver, args))
    report(results, args, time.monotonic() - started)


if __name__ == "__main__":
    main()
