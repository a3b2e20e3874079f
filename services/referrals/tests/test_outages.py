"""Outages: the service says which dependency is down, and a write is either accepted whole
(through the outbox) or refused with 503, never half-done."""

import asyncio
import json
from pathlib import Path

import httpx
from aiokafka import AIOKafkaConsumer
from carecoord.auth import Role
from carecoord.events import Topic
from carecoord_local.kafka import KafkaBroker
from carecoord_local.ports import free_port
from carecoord_local.postgres import PostgresServer
from carecoord_local.testing import MintToken, NewDatabase, eventually, running_app, service_environment
from referrals.bootstrap import build_app
from referrals.config import ReferralsSettings

from .test_referrals_api import REFERRAL, bearer


async def test_a_database_outage_makes_the_service_unready_and_writes_fail_with_503(
    tmp_path: Path, kafka_bootstrap: str, dev_keys: tuple[Path, Path], mint_token: MintToken
) -> None:
    server = PostgresServer(tmp_path / "pg", free_port(), fast=True)
    server.start()
    try:
        settings = ReferralsSettings(**service_environment(server.url("postgres"), kafka_bootstrap, dev_keys))  # type: ignore[arg-type]
        physician = bearer(mint_token(Role.PHYSICIAN, "clinic-a"))
        async with running_app(build_app(settings)) as client:
            assert (await client.post("/referrals", json=REFERRAL, headers=physician)).status_code == 201
            server.stop()
            ready = await client.get("/readyz")
            assert ready.status_code == 503
            assert ready.json()["checks"] == {"database": False, "broker": True}
            refused = await client.post("/referrals", json=REFERRAL, headers=physician)
            assert refused.status_code == 503
            assert "nothing was written" in refused.json()["detail"]
            server.start()
            assert (await client.get("/readyz")).status_code == 200
            assert (await client.post("/referrals", json=REFERRAL, headers=physician)).status_code == 201
    finally:
        server.stop()


async def test_with_the_broker_down_the_service_is_unready_but_writes_succeed_through_the_outbox(
    tmp_path: Path, new_database: NewDatabase, dev_keys: tuple[Path, Path], mint_token: MintToken
) -> None:
    broker = KafkaBroker(tmp_path / "kafka", free_port(), free_port())
    broker.start()
    try:
        settings = ReferralsSettings(
            **service_environment(await new_database(), broker.bootstrap_servers, dev_keys)
        )  # type: ignore[arg-type]
        physician = bearer(mint_token(Role.PHYSICIAN, "clinic-a"))
        async with running_app(build_app(settings)) as client:
            broker.stop()
            ready = await client.get("/readyz")
            assert ready.status_code == 503
            assert ready.json()["checks"] == {"database": True, "broker": False}
            accepted = await client.post("/referrals", json=REFERRAL, headers=physician)
            assert accepted.status_code == 201
            broker.start()
            await eventually(lambda: _readiness_is_ok(client), within=60)
            published = await _referral_ids_on_topic(broker.bootstrap_servers)
            assert accepted.json()["id"] in published
    finally:
        broker.stop()


async def _readiness_is_ok(client: httpx.AsyncClient) -> bool:
    return (await client.get("/readyz")).status_code == 200


async def _referral_ids_on_topic(bootstrap: str) -> set[str]:
    consumer = AIOKafkaConsumer(Topic.REFERRALS, bootstrap_servers=bootstrap, auto_offset_reset="earliest")
    await consumer.start()
    ids: set[str] = set()
    try:
        async with asyncio.timeout(60):
            while not ids:
                for messages in (await consumer.getmany(timeout_ms=500)).values():
                    ids.update(json.loads(message.value)["referral_id"] for message in messages)
    finally:
        await consumer.stop()
    return ids
