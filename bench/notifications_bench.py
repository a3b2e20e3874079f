"""Webhook fan-out of the notifications service (issue 6), against a raw httpx loop, in one run.

The notifications service runs as a process (as `make run` starts it) on a real Kafka broker and
a real PostgreSQL with fsync on. Ten integrator subscriptions listen to `referral.received`; a fast
local receiver in its own process counts what arrives. Each round publishes ``--events`` events to
the topic and times them until every webhook (events x 10) has been received: consumed, fanned
out into the delivery log, sent, signed, recorded, announced. The raw loop posts the same
payloads, signed the same way, to the same receiver with httpx at the same concurrency as the
service's sender (``WEBHOOK_MAX_IN_FLIGHT``), and nothing else. Rounds are interleaved; medians
are reported. The end-to-end latency (accept -> webhook) is in bench/system_bench.py.

Run: ``uv run python bench/notifications_bench.py [--events 1000] [--rounds 3]``.
"""

import argparse
import asyncio
import base64
import hashlib
import hmac
import json
import os
import platform
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from carecoord.auth import Role
from carecoord.envelope import CloudEvent
from carecoord.events import Discipline, ReferralReceived
from carecoord.kafka import make_producer
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from system_bench import CLINIC, Receiver, Rig, cpu_seconds, receiver_process, rig

SUBSCRIPTIONS = 10
IN_FLIGHT = 100  # the service's WEBHOOK_MAX_IN_FLIGHT default; the raw loop gets the same
EVENT_TYPE = ReferralReceived.type


def _serve_counter(port: int) -> None:
    """The fastest honest receiver: read the body, count it, answer 204."""
    count = 0

    async def hook(request: Request) -> Response:
        nonlocal count
        await request.body()
        count += 1
        return Response(status_code=204)

    async def read(request: Request) -> JSONResponse:
        return JSONResponse({"count": count, "hits": []})

    app = Starlette(routes=[Route("/hook", hook, methods=["POST"]), Route("/hits", read)])
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


def referral_received(i: int) -> ReferralReceived:
    return ReferralReceived(
        clinic_id=CLINIC,
        patient_id=f"fanout-patient-{i % 1000}",
        referral_id=f"fanout-referral-{uuid.uuid4().hex}",
        referring_physician_id="dr-osei",
        referring_physician_npi="1234567893",
        diagnosis_codes=["M54.50"],
        conditions=["low back pain"],
        requested_disciplines=[Discipline.MEDICAL_MASSAGE],
        received_on=date.today(),
    )


async def until_received(receiver: Receiver, total: int) -> None:
    while True:
        if await receiver.count() >= total:
            return
        await asyncio.sleep(0.05)


async def service_round(the_rig: Rig, receiver: Receiver, events: int) -> tuple[float, float]:
    """Seconds from the first publish until all ``events x 10`` webhooks arrived, and the CPU
    seconds the service process spent meanwhile."""
    target = await receiver.count() + events * SUBSCRIPTIONS
    producer = make_producer(the_rig.broker.bootstrap_servers)
    await producer.start()
    pid = the_rig.pid("notifications")
    cpu_before, started = cpu_seconds(pid), time.monotonic()
    try:
        sends = []
        for i in range(events):
            event = referral_received(i)
            value, headers = CloudEvent(
                type=event.type, source="/bench", subject="bench", data=event.model_dump(mode="json")
            ).to_kafka()
            sends.append(
                await producer.send(str(event.topic), value, key=event.patient_id.encode(), headers=headers)
            )
        await asyncio.gather(*sends)
    finally:
        await producer.stop()
    await until_received(receiver, target)
    return time.monotonic() - started, cpu_seconds(pid) - cpu_before


def _signature(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = hmac.new(key, f"{message_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()
    return "v1," + base64.b64encode(signed).decode()


async def raw_round(receiver: Receiver, events: int) -> tuple[float, float]:
    """The same payloads, signed the same way, posted by a bare httpx loop."""
    secret = "whsec_" + base64.b64encode(os.urandom(32)).decode()
    target = await receiver.count() + events * SUBSCRIPTIONS
    slots = asyncio.Semaphore(IN_FLIGHT)
    cpu_before, started = cpu_seconds(os.getpid()), time.monotonic()

    async def post(http: httpx.AsyncClient, message_id: str, body: bytes) -> None:
        async with slots:
            timestamp = int(time.time())
            headers = {
                "content-type": "application/json",
                "webhook-id": message_id,
                "webhook-timestamp": str(timestamp),
                "webhook-signature": _signature(secret, message_id, timestamp, body),
            }
            response = await http.post(receiver.url, content=body, headers=headers)
            response.raise_for_status()

    limits = httpx.Limits(max_connections=IN_FLIGHT, max_keepalive_connections=IN_FLIGHT)
    async with httpx.AsyncClient(timeout=30, limits=limits) as http:
        posts = []
        for i in range(events):
            event = referral_received(i)
            envelope = CloudEvent(
                type=event.type, source="/bench", subject="bench", data=event.model_dump(mode="json")
            )
            payload = {
                "type": envelope.type,
                "timestamp": envelope.time.isoformat(),
                "data": {**envelope.data, "event_id": envelope.id, "subject": envelope.subject},
            }
            body = json.dumps(payload).encode()
            posts += [post(http, envelope.id, body) for _ in range(SUBSCRIPTIONS)]
        await asyncio.gather(*posts)
    await until_received(receiver, target)
    return time.monotonic() - started, cpu_seconds(os.getpid()) - cpu_before


async def subscribe(the_rig: Rig, url: str) -> None:
    token = the_rig.token(Role.INTEGRATOR, "ehr-1")
    async with httpx.AsyncClient(timeout=30) as http:
        for _ in range(SUBSCRIPTIONS):
            response = await http.post(
                f"{the_rig.url('notifications')}/subscriptions",
                json={"url": url, "event_types": [EVENT_TYPE]},
                headers={"Authorization": f"Bearer {token}"},
            )
            assert response.status_code == 201, response.text


async def bench(the_rig: Rig, receiver: Receiver, args: argparse.Namespace) -> dict[str, Any]:
    the_rig.start(("notifications",))
    await subscribe(the_rig, receiver.url)
    await service_round(the_rig, receiver, max(args.events // 10, 10))  # warm-up
    await raw_round(receiver, max(args.events // 10, 10))
    service, raw = [], []
    for _ in range(args.rounds):
        service.append(await service_round(the_rig, receiver, args.events))
        raw.append(await raw_round(receiver, args.events))
        print(
            f"  round: service {args.events / service[-1][0]:.0f} events/s, raw {args.events / raw[-1][0]:.0f} events/s",
            flush=True,
        )
    return {"service": service, "raw": raw}


def report(found: dict[str, Any], args: argparse.Namespace, seconds: float) -> None:
    service_s = statistics.median(s for s, _ in found["service"])
    raw_s = statistics.median(s for s, _ in found["raw"])
    service_cpu = statistics.median(c for _, c in found["service"])
    raw_cpu = statistics.median(c for _, c in found["raw"])
    webhooks = args.events * SUBSCRIPTIONS
    print(
        f"\nNotifications fan-out: {platform.platform()}, {os.cpu_count()} cores, Python {sys.version.split()[0]}, "
        f"PostgreSQL with fsync on; {args.rounds} interleaved rounds of {args.events:,} events x {SUBSCRIPTIONS} "
        f"subscriptions; run took {seconds:.0f} s; load average at the end "
        f"{', '.join(f'{v:.1f}' for v in os.getloadavg())}; medians"
    )
    print(f"   {'':<44}{'events/s':>9}{'webhooks/s':>12}{'CPU ms/webhook':>16}")
    print(
        f"   {'notifications service (Kafka -> webhook)':<44}{args.events / service_s:>9.0f}{webhooks / service_s:>12.0f}"
        f"{service_cpu / webhooks * 1000:>16.2f}"
    )
    print(
        f"   {'raw httpx loop, same payloads and signing':<44}{args.events / raw_s:>9.0f}{webhooks / raw_s:>12.0f}"
        f"{raw_cpu / webhooks * 1000:>16.2f}"
    )
    ratio = raw_s / service_s
    print(f"   ratio {ratio:.2f}x   target >= 0.5x: {'met' if ratio >= 0.5 else 'NOT met'}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--events", type=int, default=1000, help="events per round (x10 webhooks)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    started = time.monotonic()
    with (
        tempfile.TemporaryDirectory(prefix="carecoord-fanout-bench-") as tmp,
        rig(Path(tmp)) as the_rig,
        receiver_process(_serve_counter) as receiver,
    ):
        found = asyncio.run(bench(the_rig, receiver, args))
    report(found, args, time.monotonic() - started)


if __name__ == "__main__":
    main()
