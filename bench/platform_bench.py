"""Throughput of carecoord's consumer runner and outbox relay against raw aiokafka, in one run.

A real Apache Kafka broker (KRaft, one node) and a real PostgreSQL with fsync on are started here on
free ports in a temp dir. After a warm-up, each pair runs ``--repeats`` times, interleaved, and the
median is reported. Run: ``uv run python bench/platform_bench.py [--events N]``.
"""

import argparse
import asyncio
import contextlib
import gc
import inspect
import os
import platform
import resource
import signal
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import psutil
import sqlalchemy as sa
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from carecoord.consumer import BatchHandler, ConsumerRunner, Record
from carecoord.db import make_engine
from carecoord.envelope import CloudEvent
from carecoord.events import Event
from carecoord.kafka import make_producer
from carecoord.migrations import upgrade_to_head
from carecoord.outbox import OutboxRelay, Transactions, UnitOfWork
from carecoord_local.kafka import KafkaBroker
from carecoord_local.ports import free_port
from carecoord_local.postgres import PostgresServer
from sqlalchemy.ext.asyncio import AsyncEngine

MIGRATIONS = Path(__file__).parent / "migrations"
PARTITIONS = 6
BATCH = 1000  # the consumer runner's default batch size; the raw consume loop uses it too
RELAY_BATCH = inspect.signature(OutboxRelay).parameters["batch_size"].default
SOURCE = "/bench"
RELAY_TOPIC, PRODUCE_TOPIC = "bench.relay", "bench.produce"
TECHNIQUES = ["myofascial release", "trigger point", "passive-resistive stretching", "deep tissue"]

effects = sa.Table(
    "effects",
    sa.MetaData(),
    sa.Column("event_id", sa.Text, primary_key=True),
    sa.Column("patient_id", sa.Text, nullable=False),
    sa.Column("type", sa.Text, nullable=False),
)


class VisitCompleted(Event):
    type = "carecoord.bench.visit.completed.v1"
    topic = RELAY_TOPIC

    appointment_id: str
    provider_id: str
    discipline: str
    visit_number: int
    pain_before: int
    pain_after: int
    techniques: list[str]
    billable_units: int


def visit(i: int) -> VisitCompleted:
    """About 300 bytes of JSON, keyed by one of 400 patients."""
    return VisitCompleted(
        clinic_id="clinic-0007",
        patient_id=f"patient-{i % 400:05d}",
        appointment_id=str(uuid.UUID(int=i)),
        provider_id=f"provider-{i % 17:03d}",
        discipline="medical_massage",
        visit_number=i % 12 + 1,
        pain_before=6,
        pain_after=3,
        techniques=TECHNIQUES[i % 2 : i % 2 + 2],
        billable_units=3,
    )


def cloud_event(i: int) -> CloudEvent:
    event = visit(i)
    return CloudEvent(
        type=event.type, source=SOURCE, subject=event.appointment_id, data=event.model_dump(mode="json")
    )


@dataclass
class Rig:
    bootstrap: str
    engine: AsyncEngine
    producer: AIOKafkaProducer


# --- pairs 1 and 2: consuming -------------------------------------------------------------------


async def raw_consume(rig: Rig, topic: str, count: int, write_effects: bool) -> float:
    """getmany, optionally one transaction inserting the whole batch, then commit the offsets."""
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=rig.bootstrap,
        group_id=f"raw-{uuid.uuid4().hex}",
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        max_poll_records=BATCH,
    )
    await consumer.start()
    seen, started = 0, 0.0
    try:
        while seen < count:
            batches = await consumer.getmany(timeout_ms=200, max_records=BATCH)
            if not batches:
                continue
            started = started or time.perf_counter()
            if write_effects:
                async with rig.engine.begin() as connection:
                    rows = [raw_effect(message) for messages in batches.values() for message in messages]
                    await connection.execute(effects.insert(), rows)
            await consumer.commit({tp: messages[-1].offset + 1 for tp, messages in batches.items()})
            seen += sum(len(messages) for messages in batches.values())
    finally:
        await consumer.stop()
    elapsed = time.perf_counter() - started
    await expect_rows(rig.engine, "effects", count if write_effects else 0)
    return elapsed


def raw_effect(message: Record) -> dict[str, str]:
    headers = dict(message.headers)
    assert message.key is not None
    return {
        "event_id": headers["ce_id"].decode(),
        "patient_id": message.key.decode(),
        "type": headers["ce_type"].decode(),
    }


async def ignore(uow: UnitOfWork, events: Sequence[CloudEvent]) -> None:
    return None


async def record_effects(uow: UnitOfWork, events: Sequence[CloudEvent]) -> None:
    rows = [{"event_id": e.id, "patient_id": e.data["patient_id"], "type": e.type} for e in events]
    await uow.connection.execute(effects.insert(), rows)


class CountingRunner(ConsumerRunner):
    """Notes when the first batch arrives and stops itself once ``count`` messages went through."""

    def __init__(self, rig: Rig, topic: str, count: int, handler: BatchHandler) -> None:
        super().__init__(
            bootstrap_servers=rig.bootstrap,
            group_id=f"runner-{uuid.uuid4().hex}",
            topics=[topic],
            transactions=Transactions(rig.engine, SOURCE, after_commit=[]),
            handler=handler,
            producer=rig.producer,
            batch_size=BATCH,
        )
        self.remaining = count
        self.first_batch_at = 0.0

    async def process_messages(self, messages: Sequence[Record]) -> None:
        self.first_batch_at = self.first_batch_at or time.perf_counter()
        await super().process_messages(messages)
        self.remaining -= len(messages)
        if self.remaining <= 0:
            self.stop()


async def runner_consume(rig: Rig, topic: str, count: int, handler: BatchHandler) -> float:
    runner = CountingRunner(rig, topic, count, handler)
    await runner.run()  # returns after the last offset commit and leaving the group
    elapsed = time.perf_counter() - runner.first_batch_at
    await expect_rows(rig.engine, "inbox", count)
    await expect_rows(rig.engine, "effects", count if handler is record_effects else 0)
    return elapsed


async def expect_rows(engine: AsyncEngine, table: str, expected: int) -> None:
    async with engine.connect() as connection:
        found = await connection.scalar(sa.text(f"SELECT count(*) FROM {table}"))
    assert found == expected, f"{table} holds {found} rows, expected {expected}"


# --- pair 3: producing --------------------------------------------------------------------------


async def fill_outbox(rig: Rig, visits: Sequence[VisitCompleted]) -> None:
    transactions = Transactions(rig.engine, SOURCE, after_commit=[])
    for start in range(0, len(visits), 5000):
        async with transactions.begin() as uow:
            for event in visits[start : start + 5000]:
                await uow.publish(event, subject=event.appointment_id)


async def relay_drain(rig: Rig, visits: Sequence[VisitCompleted]) -> float:
    await fill_outbox(rig, visits)
    await checkpoint(rig.engine)
    relay = OutboxRelay(rig.engine, rig.producer)  # its default batch size: the raw producer has none
    started, published = time.perf_counter(), 0
    while sent := await relay.publish_pending():
        published += sent
    elapsed = time.perf_counter() - started
    assert published == len(visits), f"relay published {published} of {len(visits)}"
    return elapsed


async def raw_produce(rig: Rig, events: Sequence[CloudEvent]) -> float:
    started = time.perf_counter()
    sends = []
    for event in events:
        value, headers = event.to_kafka()
        key = event.data["patient_id"].encode()
        sends.append(await rig.producer.send(PRODUCE_TOPIC, value=value, key=key, headers=headers))
    await asyncio.gather(*sends)
    return time.perf_counter() - started


# --- the run ------------------------------------------------------------------------------------


@dataclass
class Pair:
    name: str
    raw: Callable[[], Awaitable[float]]
    library: Callable[[], Awaitable[float]]
    target: float
    raw_rates: list[float] = field(default_factory=list)
    library_rates: list[float] = field(default_factory=list)

    def ratio(self) -> float:
        return statistics.median(self.library_rates) / statistics.median(self.raw_rates)


async def empty_tables(engine: AsyncEngine) -> None:
    """No rows, and no dead ones for autovacuum to clean up in the middle of a measurement."""
    async with engine.begin() as connection:
        await connection.execute(sa.text("TRUNCATE inbox, effects, outbox"))


async def checkpoint(engine: AsyncEngine) -> None:
    """Start a measurement with no dirty pages left to flush."""
    async with engine.connect() as connection:
        await connection.execute(sa.text("CHECKPOINT"))


def pairs(rig: Rig, topic: str, count: int) -> list[Pair]:
    visits = [visit(i) for i in range(count)]
    events = [cloud_event(i) for i in range(count)]
    gc.collect()
    gc.freeze()  # the fixtures are not under test: keep the collector from scanning them again and again

    def consume(write: bool) -> Callable[[], Awaitable[float]]:
        return lambda: raw_consume(rig, topic, count, write)

    def run(handler: BatchHandler) -> Callable[[], Awaitable[float]]:
        return lambda: runner_consume(rig, topic, count, handler)

    return [
        Pair("1 consume, no-op handler", consume(False), run(ignore), 0.7),
        Pair("2 consume, batch insert into PG", consume(True), run(record_effects), 0.8),
        Pair(
            "3 produce (outbox relay)",
            lambda: raw_produce(rig, events),
            lambda: relay_drain(rig, visits),
            0.7,
        ),
    ]


async def measure(rig: Rig, topic: str, count: int, repeats: int) -> list[Pair]:
    measured = pairs(rig, topic, count)
    for _ in range(repeats):
        for pair in measured:
            for side, rates in ((pair.raw, pair.raw_rates), (pair.library, pair.library_rates)):
                await empty_tables(rig.engine)
                await checkpoint(rig.engine)
                rates.append(count / await side())
    return measured


async def create_topics(bootstrap: str, names: Sequence[str]) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        await admin.create_topics([NewTopic(name, PARTITIONS, 1) for name in names])
    finally:
        await admin.close()


async def prefill(producer: AIOKafkaProducer, topic: str, count: int) -> None:
    sends = []
    for i in range(count):
        value, headers = cloud_event(i).to_kafka()
        key = f"patient-{i % 400:05d}".encode()
        sends.append(await producer.send(topic, value=value, key=key, headers=headers))
    await asyncio.gather(*sends)


class ForeignCpu:
    """CPU time that processes other than this one, the broker and PostgreSQL took meanwhile.

    On a shared 2-core machine anything else running skews the figures; the report says how much.
    """

    def __init__(self, postgres_pid: int) -> None:
        self._roots = [psutil.Process(), psutil.Process(postgres_pid)]
        self._start = self._foreign()

    def _foreign(self) -> float:
        machine = psutil.cpu_times()
        busy = machine.user + machine.nice + machine.system + machine.irq + machine.softirq
        ours = [proc for root in self._roots for proc in (root, *root.children(recursive=True))]
        return float(busy - sum(sum(proc.cpu_times()[:2]) for proc in ours))

    def share(self, seconds: float) -> float:
        return max(0.0, self._foreign() - self._start) / (seconds * (os.cpu_count() or 1))


@dataclass
class Result:
    pairs: list[Pair]
    foreign_cpu_share: float


async def bench(bootstrap: str, database_url: str, postgres_pid: int, args: argparse.Namespace) -> Result:
    await upgrade_to_head(database_url, MIGRATIONS)
    await create_topics(bootstrap, ["bench.warmup", "bench.consume", RELAY_TOPIC, PRODUCE_TOPIC])
    engine, producer = make_engine(database_url), make_producer(bootstrap)
    await producer.start()
    try:
        rig = Rig(bootstrap, engine, producer)
        await prefill(producer, "bench.warmup", args.warmup_events)
        await prefill(producer, "bench.consume", args.events)
        await measure(rig, "bench.warmup", args.warmup_events, repeats=1)  # JIT, caches, pools
        foreign, started = ForeignCpu(postgres_pid), time.perf_counter()
        measured = await measure(rig, "bench.consume", args.events, args.repeats)
        return Result(measured, foreign.share(time.perf_counter() - started))
    finally:
        await producer.stop()
        await engine.dispose()


def report(result: Result, args: argparse.Namespace, versions: str, seconds: float) -> None:
    print(f"\ncarecoord platform benchmark, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC")
    print(f"{versions}; PostgreSQL with fsync ON (every commit durable); {os.cpu_count()} cores")
    print(
        f"{args.events} CloudEvents (~300-byte JSON body) keyed by patient over {PARTITIONS} partitions; "
        f"consume batch {BATCH}, relay batch {RELAY_BATCH}; median of {args.repeats} interleaved runs "
        "after a warm-up\n"
    )
    print(f"{'pair':33} {'raw ev/s':>10} {'carecoord ev/s':>15} {'ratio':>6} {'target':>7}  reached")
    for pair in result.pairs:
        raw, library = statistics.median(pair.raw_rates), statistics.median(pair.library_rates)
        reached = "yes" if pair.ratio() >= pair.target else "NO"
        print(
            f"{pair.name:33} {raw:10,.0f} {library:15,.0f} {pair.ratio():6.2f} {pair.target:6.1f}x  {reached}"
        )
    for pair in result.pairs:
        runs = ", ".join(
            f"{raw:,.0f}/{lib:,.0f}" for raw, lib in zip(pair.raw_rates, pair.library_rates, strict=True)
        )
        print(f"  runs {pair.name[:1]} (raw/carecoord): {runs}")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak RSS of this process: {peak_mb:.0f} MB (includes the {args.events:,} pre-built events)")
    print(
        f"other processes used {result.foreign_cpu_share:.0%} of the CPU during the measurements"
        + ("" if result.foreign_cpu_share < 0.05 else "  <-- machine was busy, figures are skewed")
    )
    print(f"whole run: {seconds:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=40_000, help="events per measurement")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--warmup-events", type=int, default=20_000)
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # unwind, so the servers are stopped
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="carecoord-bench-") as tmp, contextlib.ExitStack() as stack:
        broker = stack.enter_context(KafkaBroker(Path(tmp) / "kafka", free_port(), free_port()))
        postgres = stack.enter_context(PostgresServer(Path(tmp) / "pg", free_port(), fast=False))
        postgres.create_database("bench")
        assert postgres.pid is not None
        result = asyncio.run(bench(broker.bootstrap_servers, postgres.url("bench"), postgres.pid, args))
        versions = f"Kafka {broker.version}, PostgreSQL {postgres.server_version}, Python {platform.python_version()}"
    report(result, args, versions, time.perf_counter() - started)


if __name__ == "__main__":
    main()
