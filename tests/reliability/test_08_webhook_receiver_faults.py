"""Scenario 8: the physician's EHR endpoint answers 500, then hangs past the sender's timeout,
then recovers; later it answers 410 Gone. Retries follow the schedule (never early), every attempt
of a delivery carries the same webhook-id and a signature that verifies, each event is accepted
once; 410 disables the subscription (with a dead letter, a NotificationFailed event and a notice
to its owner) and holds later deliveries until the owner resumes it, after which each arrives once."""

import asyncio
import itertools
import json
from collections import Counter, defaultdict
from datetime import UTC, datetime

import httpx
import pytest
from carecoord.auth import Role
from carecoord_local.testing import eventually

from .conftest import LaunchSystem
from .harness.journal import say
from .harness.load import Workload
from .harness.receiver import HANG, Hit, WebhookReceiver
from .harness.reconcile import Reconciliation
from .harness.scenario import Scenario
from .harness.wire import read_all

pytestmark = pytest.mark.reliability
SCHEDULE = [0.5, 1, 2, 3, 4, 5, 6, 8, 10]
JITTER_LOW = 0.8  # retry_delay() draws base * uniform(0.8, 1.2)


async def test_failing_hanging_then_gone_endpoint_gets_each_event_once(
    launch: LaunchSystem, receiver: WebhookReceiver, clinic_id: str
) -> None:
    receiver.answer, receiver.hang_seconds = (lambda _: 500), 3.0
    scenario = await Scenario.begin(
        launch,
        receiver,
        clinic_id,
        flows=24,
        interval=0.3,
        WEBHOOK_TIMEOUT_SECONDS="1",
        WEBHOOK_RETRY_SCHEDULE_SECONDS=json.dumps(SCHEDULE),
    )
    await asyncio.sleep(4)
    receiver.answer = lambda _: HANG
    await asyncio.sleep(4)
    receiver.answer = lambda _: 204
    say("injected: endpoint answered 500 for 4 s, then hung past the 1 s timeout for 4 s, then recovered")
    await scenario.reconcile()
    _check_retries(receiver.hits)
    await _check_retry_delays(scenario)

    receiver.answer = lambda _: 410
    during = await _one_more_flow(scenario)
    disabled = await eventually(lambda: _status(scenario, "disabled"), within=30)
    seen_disabled_at = datetime.now(UTC)
    await asyncio.sleep(2)
    gone = {hit.webhook_id for hit in receiver.hits if hit.answered == 410}
    sent_while_disabled = await _attempts_started_after(scenario, seen_disabled_at)
    say(
        f"injected: endpoint answered 410 to {len(gone)} deliveries; subscription {disabled}; "
        f"requests sent while disabled: {len(sent_while_disabled)}"
    )
    assert gone and not sent_while_disabled

    receiver.answer = lambda _: 204
    await _call(scenario, "POST", f"/subscriptions/{scenario.subscription.id}/resume")
    after = await _one_more_flow(scenario)
    # Events consumed while the subscription was disabled are held, not dropped: each has its
    # delivery, sent after the resume.
    dropped = await _without_delivery(scenario, await _subscribed_events_of(scenario, during))
    assert not dropped, f"{len(dropped)} events consumed while disabled have no delivery"
    findings = await Reconciliation(
        scenario.system,
        clinic_id,
        [*scenario.load.records, *during.records, *after.records],
        [scenario.subscription],
        receiver,
        gone,
    ).converged()
    assert not findings.lost and not findings.twice and not findings.wrong
    accepted = Counter(hit.webhook_id for hit in receiver.hits if 200 <= hit.answered < 300)
    assert set(accepted.values()) == {1}, "an event was accepted more than once"
    failed = [
        m
        for m in await read_all(scenario.system.infra.bootstrap)
        if m.type == "carecoord.notification.failed.v1" and m.data.get("event_id") in gone
    ]
    notices = (await _call(scenario, "GET", "/inbox")).json()["items"]
    say(
        f"after resume: {len(accepted)} events accepted once each; dead-lettered with NotificationFailed "
        f"for the 410s: {len(failed)}; events dropped while disabled: {len(dropped)}; "
        f"owner's inbox notice: {'webhook_disabled' in json.dumps(notices)}"
    )
    assert {m.data["event_id"] for m in failed} == gone
    assert "webhook_disabled" in json.dumps(notices)


async def test_events_arriving_while_disabled_by_410_are_delivered_after_resume(
    launch: LaunchSystem, receiver: WebhookReceiver, clinic_id: str
) -> None:
    receiver.answer = lambda _: 410
    scenario = await Scenario.begin(launch, receiver, clinic_id, flows=1, interval=0.1)
    await scenario.load.finish()
    await eventually(lambda: _status(scenario, "disabled"), within=30)
    during = await _one_more_flow(scenario)  # wholly after the subscription was disabled
    receiver.answer = lambda _: 204
    await _call(scenario, "POST", f"/subscriptions/{scenario.subscription.id}/resume")
    waiting = await _subscribed_events_of(scenario, during)
    first_flow = await _subscribed_events_of(scenario, scenario.load)  # its 410, and what raced it
    say(f"injected: 410, then a flow with {len(waiting)} subscribed events while disabled, then resume")
    findings = await Reconciliation(
        scenario.system,
        clinic_id,
        [*scenario.load.records, *during.records],
        [scenario.subscription],
        receiver,
        first_flow,
    ).converged(within=15)
    assert waiting and not findings.lost


async def _one_more_flow(scenario: Scenario) -> Workload:
    more = Workload(scenario.clinic, flows=1, interval=0.1)
    await more.prepare()
    more.start()
    await more.finish()
    return more


async def _without_delivery(scenario: Scenario, event_ids: set[str]) -> set[str]:
    rows = await scenario.system.query(
        "notifications", "SELECT event_id FROM deliveries WHERE event_id = ANY($1::text[])", list(event_ids)
    )
    return event_ids - {row["event_id"] for row in rows}


async def _subscribed_events_of(scenario: Scenario, load: Workload) -> set[str]:
    patients = {flow.patient_id for flow in load.records}
    return {
        m.event_id or ""
        for m in await read_all(scenario.system.infra.bootstrap)
        if m.type in scenario.subscription.event_types and m.data.get("patient_id") in patients
    }


def _check_retries(hits: list[Hit]) -> None:
    """Every attempt of one delivery has the same webhook-id and payload, and no delivery used
    more attempts than the schedule allows."""
    by_id: dict[str, list[Hit]] = defaultdict(list)
    for hit in hits:
        by_id[hit.webhook_id].append(hit)
        assert json.loads(hit.body)["data"]["event_id"] == hit.webhook_id
    for attempts in by_id.values():
        assert len({hit.body for hit in attempts}) == 1, "a retry changed the payload"
        assert len(attempts) <= len(SCHEDULE) + 1
    retried = sum(len(attempts) > 1 for attempts in by_id.values())
    say(
        f"retries: {retried} of {len(by_id)} deliveries retried, up to {max(map(len, by_id.values()))} attempts"
    )
    assert retried


async def _check_retry_delays(scenario: Scenario) -> None:
    """No retry before its scheduled delay, read from the sender's delivery log (when each request
    went out) rather than from when the receiver, in this busy test process, got round to it:
    a receiver that records an attempt late makes the next gap look short under load."""
    path = f"/subscriptions/{scenario.subscription.id}/deliveries"
    retried = [
        d for d in (await _call(scenario, "GET", f"{path}?limit=100")).json()["items"] if d["attempts"] > 1
    ]
    ratios = []
    for delivery in retried:
        log = (await _call(scenario, "GET", f"{path}/{delivery['id']}")).json()["attempt_log"]
        sent = [datetime.fromisoformat(attempt["at"]) for attempt in log]
        for number, (before, after) in enumerate(itertools.pairwise(sent)):
            ratios.append((after - before).total_seconds() / SCHEDULE[number])
    say(f"retry delays: {len(ratios)} gaps, shortest {min(ratios, default=0):.2f}x its scheduled delay")
    assert ratios and min(ratios) >= JITTER_LOW - 0.01  # microsecond timestamps, float division


async def _attempts_started_after(scenario: Scenario, moment: datetime) -> list[str]:
    """Requests the sender's log says went out after ``moment`` (its own clock, not the busy test
    process's: a request sent before the subscription was disabled may reach the receiver later)."""
    path = f"/subscriptions/{scenario.subscription.id}/deliveries"
    late = []
    for delivery in (await _call(scenario, "GET", f"{path}?limit=100")).json()["items"]:
        log = (await _call(scenario, "GET", f"{path}/{delivery['id']}")).json()["attempt_log"]
        late += [delivery["id"] for attempt in log if datetime.fromisoformat(attempt["at"]) > moment]
    return late


async def _status(scenario: Scenario, wanted: str) -> str | None:
    body = (await _call(scenario, "GET", f"/subscriptions/{scenario.subscription.id}")).json()
    return f"{body['status']} ({body['disabled_reason']})" if body["status"] == wanted else None


async def _call(scenario: Scenario, method: str, path: str) -> httpx.Response:
    token = scenario.clinic.token(Role.INTEGRATOR, "ehr-1")
    async with httpx.AsyncClient(timeout=10) as http:
        response = await http.request(
            method,
            f"{scenario.system.url('notifications')}{path}",
            headers={"Authorization": f"Bearer {token}"},
        )
    assert response.status_code < 300, response.text
    return response
