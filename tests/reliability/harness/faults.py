"""Measurements a fault scenario takes around its injection: where a consumer's effects stand
against its committed offsets, and the counters a service exposes."""

import asyncio
import re

import httpx
from aiokafka.errors import KafkaError
from carecoord.kafka import PARTITIONS

from .system import CONSUMES, System
from .wire import committed, read_all


async def effects_ahead_of_offsets(system: System, service: str) -> int:
    """Events whose effects ``service`` committed (their ids are in its inbox) at offsets its
    consumer group has not committed: exactly what a crash between the two leaves behind, and
    what the broker will deliver again."""
    topics = {str(topic) for topic in CONSUMES[service]}
    messages = [m for m in await read_all(system.infra.bootstrap, topics) if m.event_id]
    offsets = await _all_committed(system, service, len(topics) * PARTITIONS)
    rows = await system.query(
        service, "SELECT event_id FROM inbox WHERE event_id = ANY($1::text[])", [m.event_id for m in messages]
    )
    handled = {row["event_id"] for row in rows}
    behind: dict[str, bool] = {}
    for message in messages:
        if message.event_id in handled:
            ahead = message.offset >= offsets.get((message.topic, message.partition), 0)
            behind[message.event_id] = behind.get(message.event_id, True) and ahead
    return sum(behind.values())


async def _all_committed(system: System, service: str, expected: int) -> dict[tuple[str, int], int]:
    """The group's committed offsets once its coordinator answers for every partition (just after
    a broker restart it answers with nothing until it has loaded them)."""
    for _ in range(100):
        try:
            found = await committed(system.infra.bootstrap, system.groups[service])
        except KafkaError:
            found = {}
        if len(found) >= expected and all(offset >= 0 for offset in found.values()):
            return {(p.topic, p.partition): offset for p, offset in found.items()}
        await asyncio.sleep(0.3)
    raise AssertionError(f"{service}'s committed offsets not readable: {found}")


async def counter(system: System, service: str, name: str, replica: int = 0) -> float:
    """The sum of a Prometheus counter's samples matching ``name`` (labels included)."""
    async with httpx.AsyncClient(timeout=10) as http:
        text = (await http.get(f"{system.url(service, replica)}/metrics")).text
    pattern = re.compile(rf"^{re.escape(name)}(?:\{{[^}}]*\}})? ([0-9.e+]+)$", re.M)
    return sum(float(value) for value in pattern.findall(text))


async def restart_broker(system: System) -> None:
    await asyncio.to_thread(system.infra.broker.start)


async def outbox_backlog(system: System) -> dict[str, int]:
    """Rows committed but not yet published, per service."""
    backlog = {}
    for service in system.databases:
        rows = await system.query(service, "SELECT count(*) AS n FROM outbox")
        backlog[service] = int(rows[0]["n"])
    return backlog
