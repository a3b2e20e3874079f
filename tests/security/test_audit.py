"""The audit trail: what a clinic admin reads through ``GET /audit`` (their clinic only, filtered,
paginated, itself audited), and the same rows as ``carecoord.audit.recorded.v1`` events on the
``carecoord.audit`` topic for a SIEM. That every endpoint's calls leave their rows is the access
matrix's part; that the table refuses UPDATE and DELETE is tests/test_migrations.py's."""

import uuid
from typing import Any

import httpx
import pytest
from carecoord.auth import Role
from carecoord.envelope import CloudEvent
from carecoord.events import Topic
from carecoord_local.testing import MintToken, eventually

from .conftest import System, read_topics, traceparent
from .world import referral_body


def bearer(mint: MintToken, role: Role, clinic: str, subject: str, scopes: str = "") -> dict[str, str]:
    return {"Authorization": f"Bearer {mint(role, clinic, subject=subject, scopes=scopes)}"}


@pytest.fixture
def clinic() -> str:
    return f"clinic-audit-{uuid.uuid4().hex[:8]}"


async def _refer(http: httpx.AsyncClient, system: System, mint: MintToken, clinic: str) -> dict[str, Any]:
    response = await http.post(
        f"{system.urls['referrals']}/referrals",
        json=referral_body(f"MRN-{uuid.uuid4().hex[:6]}"),
        headers=bearer(mint, Role.PHYSICIAN, clinic, "dr-audit"),
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


async def test_an_admin_reads_the_clinics_audit_trail_by_patient_actor_and_page(
    system: System, mint_token: MintToken, clinic: str
) -> None:
    referrals = system.urls["referrals"]
    async with httpx.AsyncClient(timeout=30) as http:
        referral = await _refer(http, system, mint_token, clinic)
        patient = referral["patient_id"]
        trace_id, trace = traceparent()
        outsider = {**bearer(mint_token, Role.PHYSICIAN, clinic, "dr-nosy"), **trace}
        assert (
            await http.get(f"{referrals}/referrals/{referral['id']}", headers=outsider)
        ).status_code == 403

        admin = bearer(mint_token, Role.ADMIN, clinic, "admin-audit")
        page = (await http.get(f"{referrals}/audit", params={"patient_id": patient}, headers=admin)).json()
        entries = {(e["actor"], e["action"], e["outcome"]) for e in page["items"]}
        assert {("dr-audit", "create", "allowed"), ("dr-nosy", "read", "forbidden")} <= entries
        denied = next(e for e in page["items"] if e["actor"] == "dr-nosy")
        assert (denied["role"], denied["resource"], denied["trace_id"]) == (
            "physician",
            f"referrals/{referral['id']}",
            trace_id,
        )

        by_actor = await http.get(f"{referrals}/audit", params={"actor": "dr-nosy"}, headers=admin)
        assert [e["actor"] for e in by_actor.json()["items"]] == ["dr-nosy"]

        first = (await http.get(f"{referrals}/audit", params={"limit": 1}, headers=admin)).json()
        second = await http.get(
            f"{referrals}/audit", params={"limit": 1, "cursor": first["next_cursor"]}, headers=admin
        )
        assert second.json()["items"][0]["id"] < first["items"][0]["id"], "newest first, one page on"
        later = await http.get(f"{referrals}/audit", params={"since": "2999-01-01T00:00:00Z"}, headers=admin)
        assert later.json()["items"] == []

        reads = await http.get(f"{referrals}/audit", params={"actor": "admin-audit"}, headers=admin)
        assert {e["resource"] for e in reads.json()["items"]} == {"audit"}, "reading the trail is audited"


async def test_only_an_admin_reads_the_trail_and_only_of_their_own_clinic(
    system: System, mint_token: MintToken, clinic: str
) -> None:
    async with httpx.AsyncClient(timeout=30) as http:
        referral = await _refer(http, system, mint_token, clinic)
        params = {"patient_id": referral["patient_id"]}
        for service, url in system.urls.items():
            for role in Role:
                if role is not Role.ADMIN:
                    response = await http.get(
                        f"{url}/audit", params=params, headers=bearer(mint_token, role, clinic, f"{role}-1")
                    )
                    assert response.status_code == 403, (service, role)
            elsewhere = bearer(mint_token, Role.ADMIN, f"{clinic}-elsewhere", "admin-elsewhere")
            response = await http.get(f"{url}/audit", params=params, headers=elsewhere)
            assert response.json()["items"] == [], f"{service} shows another clinic's trail"
        too_many = await http.get(
            f"{system.urls['referrals']}/audit",
            params={"limit": 101},
            headers=bearer(mint_token, Role.ADMIN, clinic, "admin-1"),
        )
        assert too_many.status_code == 422


async def test_every_audit_row_is_published_for_the_siem(
    system: System, kafka_bootstrap: str, mint_token: MintToken, clinic: str
) -> None:
    async with httpx.AsyncClient(timeout=30) as http:
        referral = await _refer(http, system, mint_token, clinic)
        outsider = bearer(mint_token, Role.SCHEDULER, clinic, "desk-1")
        await http.get(f"{system.urls['referrals']}/referrals/{referral['id']}", headers=outsider)
        admin = bearer(mint_token, Role.ADMIN, clinic, "admin-1")
        rows = (await http.get(f"{system.urls['referrals']}/audit", headers=admin)).json()["items"]

    async def published() -> list[CloudEvent] | None:
        events = await _audit_events(kafka_bootstrap, clinic)
        return events if {e.data["audit_id"] for e in events} >= {r["id"] for r in rows} else None

    events = await eventually(published, within=60)
    assert isinstance(events, list)
    by_id = {event.data["audit_id"]: event for event in events}
    for row in rows:
        event = by_id[row["id"]]
        assert event.type == "carecoord.audit.recorded.v1"
        assert event.source == "/carecoord/referrals"
        assert {k: event.data[k] for k in ("actor", "role", "resource", "action", "outcome", "trace_id")} == {
            k: row[k] for k in ("actor", "role", "resource", "action", "outcome", "trace_id")
        }
        assert (event.data["clinic_id"], event.data["patient_id"]) == (clinic, row["patient_id"])


async def test_an_integrator_reads_clinical_data_only_with_the_matching_scope(
    system: System, mint_token: MintToken, clinic: str
) -> None:
    async with httpx.AsyncClient(timeout=30) as http:
        referral = await _refer(http, system, mint_token, clinic)
        url = f"{system.urls['referrals']}/referrals/{referral['id']}"
        for scopes, status in (
            ("", 403),
            ("system/notes.read", 403),
            ("system/referrals.read", 200),
            ("system/*.read", 200),
        ):
            headers = bearer(mint_token, Role.INTEGRATOR, clinic, "integrator-1", scopes)
            assert (await http.get(url, headers=headers)).status_code == status, scopes
        elsewhere = bearer(mint_token, Role.INTEGRATOR, f"{clinic}-b", "integrator-2", "system/*.read")
        assert (await http.get(url, headers=elsewhere)).status_code == 404


async def _audit_events(bootstrap: str, clinic: str) -> list[CloudEvent]:
    """Every event on the audit topic so far keyed by this clinic."""
    return [
        CloudEvent.from_kafka(message.value, list(message.headers))
        for message in await read_topics(bootstrap, [Topic.AUDIT])
        if message.key == clinic.encode()
    ]
