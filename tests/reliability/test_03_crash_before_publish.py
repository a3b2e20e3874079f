"""Scenario 3: a service is SIGKILLed after its transactions committed and before its outbox relay
published them, then restarted. The relay of the new process finds the rows and publishes them.

The window is held open by freezing the broker: writes are still acknowledged (they only need
the database) while the relay cannot publish. Besides the workload's writes, the test makes its
own (audited reads, each an audit event in the outbox), so enough acknowledged writes wait in the
outbox however slowly a loaded machine runs the workload; the service is killed, then the broker
thawed; what it had half-received from the dead relay may
arrive as well as the restarted relay's copy (a duplicate delivery, never a duplicate effect)."""

import asyncio

import httpx
import pytest
from carecoord.auth import Role
from carecoord_local.testing import eventually

from .conftest import LaunchSystem
from .harness.faults import counter, outbox_backlog
from .harness.journal import say
from .harness.receiver import WebhookReceiver
from .harness.scenario import Scenario

pytestmark = pytest.mark.reliability
VICTIM = "referrals"


async def test_service_killed_between_commit_and_publish_loses_no_event(
    launch: LaunchSystem, receiver: WebhookReceiver, clinic_id: str
) -> None:
    scenario = await Scenario.begin(launch, receiver, clinic_id, flows=40, interval=0.3)
    system, broker = scenario.system, scenario.system.infra.broker
    await asyncio.sleep(2)
    broker.pause()
    try:
        await _audited_reads(scenario, 20)

        async def committed_not_published() -> int:
            waiting = (await outbox_backlog(system))[VICTIM]
            return waiting if waiting >= 20 else 0

        await eventually(committed_not_published, within=30, every=0.2)
        system.processes[VICTIM][0].kill()
    finally:
        broker.resume()
    stranded = (await outbox_backlog(system))[VICTIM]
    say(f"injected: {VICTIM} SIGKILLed with {stranded} committed events not yet published")
    await system.restart(VICTIM)
    await scenario.reconcile()
    published = await counter(system, VICTIM, "carecoord_outbox_published_total")
    left = (await outbox_backlog(system))[VICTIM]
    say(
        f"published by the restarted relay: {published:.0f} (stranded {stranded}); left in the outbox: {left}"
    )
    assert published >= stranded


async def _audited_reads(scenario: Scenario, count: int) -> None:
    """Reads of the audit trail: each is audited, so each commits an audit event to the outbox."""
    headers = {"Authorization": f"Bearer {scenario.clinic.token(Role.ADMIN, 'admin-1')}"}
    async with httpx.AsyncClient(timeout=30) as http:
        for _ in range(count):
            response = await http.get(f"{scenario.system.url(VICTIM)}/audit?limit=1", headers=headers)
            assert response.status_code == 200, response.text
