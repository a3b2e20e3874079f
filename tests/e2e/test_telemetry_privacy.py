"""A care flow's telemetry carries no patient data: no patient, referral, plan, visit or note id,
MRN or name in a span name the collector receives, a metric label, or a line the services log."""

import re
from pathlib import Path

import httpx
from carecoord.events import NotificationDelivered
from carecoord_local.testing import MintToken, eventually

from ..reliability.harness.flows import FlowRecord
from ..reliability.harness.wire import read_all
from .care_flow import run_care_flow
from .conftest import Collector, System, WebhookReceiver

LABELS = re.compile(r"^[a-zA-Z_:][a-zA-Z0-9_:]*\{(.*)\} ", re.MULTILINE)


def identifiers(flow: FlowRecord) -> set[str]:
    """What identifies this patient: the ids the API returned, the MRN and the name it was sent."""
    ids = {
        flow.mrn,
        flow.referral_id,
        flow.patient_id,
        flow.care_plan_id,
        flow.note_id,
        *flow.appointment_ids,
    }
    return {value for value in ids if value} | {"Reyes"}  # referral_body's family name


async def test_no_identifier_reaches_span_names_metric_labels_or_logs(
    system: System,
    collector: Collector,
    webhook_receiver: WebhookReceiver,
    mint_token: MintToken,
    kafka_bootstrap: str,
    clinic_id: str,
    tmp_path: Path,
) -> None:
    flow = await run_care_flow(
        system, mint_token, clinic_id, webhook_receiver.url, ("carecoord.progress.recorded.v1",)
    )
    assert flow.signed, flow.broke_at

    async def progress_delivered() -> bool:
        records = await read_all(kafka_bootstrap)
        return any(
            m.type == NotificationDelivered.type and m.data.get("clinic_id") == clinic_id for m in records
        )

    async def every_service_exported() -> bool:
        return {span.service for span in collector.spans} == set(system.urls)

    assert await eventually(progress_delivered, within=60, every=1)
    assert await eventually(every_service_exported, within=30)
    async with httpx.AsyncClient(timeout=10) as http:
        forged = {"Authorization": "Bearer not-a-token"}
        refused = await http.get(f"{system.urls['referrals']}/referrals/{flow.referral_id}", headers=forged)
        assert refused.status_code == 401, "a refused token is logged, by route"
        metrics = {name: (await http.get(f"{url}/metrics")).text for name, url in system.urls.items()}

    secrets = identifiers(flow)
    assert len(secrets) >= 7, secrets

    def leaked(text: str) -> list[str]:
        return sorted(secret for secret in secrets if secret in text)

    named = [(span.service, span.name) for span in collector.spans if leaked(span.name)]
    assert not named, f"span names with an identifier: {named}"
    assert any("{" in span.name for span in collector.spans), "server spans are named by route template"
    assert any(span.name.split()[0].lower() in {"select", "insert", "update"} for span in collector.spans), (
        "database statements have spans"
    )
    labelled = [
        (name, labels) for name, text in metrics.items() for labels in LABELS.findall(text) if leaked(labels)
    ]
    assert not labelled, f"metric labels with an identifier: {labelled}"
    logged = [
        (name, line)
        for name in system.urls
        for line in (tmp_path / f"{name}.log").read_text().splitlines()
        if leaked(line)
    ]
    assert not logged, f"log lines with an identifier: {logged[:5]}"
    access = (tmp_path / "referrals.log").read_text()
    assert '"http.route": "/referrals/{referral_id}/accept"' in access, "the access log is on, by route"
