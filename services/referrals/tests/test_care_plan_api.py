"""The shared care plan over HTTP: ETag on every read, If-Match on every change, and two
providers editing at once never lose an update."""

import asyncio
from typing import Any

from carecoord.auth import Role
from carecoord.events import Topic

from .service import Service, events_on

NEW_GOALS = {
    "goals": [
        {"metric": "pain_nrs", "baseline": 7, "target": 2, "comparator": "at_most", "due_on": "2030-01-01"},
    ]
}
NEW_TEAM = {
    "care_team": [
        {"provider_id": "mt-ana", "discipline": "medical_massage"},
        {"provider_id": "coord-2", "coordinator": True},
    ]
}


async def _plan(service: Service) -> tuple[str, dict[str, Any]]:
    referral = await service.refer()
    accepted = await service.accept(referral["id"])
    return accepted["care_plan_id"], referral


async def test_a_concurrent_pair_of_edits_yields_one_200_and_one_412_and_no_lost_field(
    service: Service,
) -> None:
    plan_id, _ = await _plan(service)
    therapist = service.as_(Role.MASSAGE_THERAPIST, "mt-ana")
    read = await service.client.get(f"/care-plans/{plan_id}", headers=therapist)
    assert read.headers["ETag"] == '"1"'

    def patch(body: dict[str, Any]) -> Any:
        headers = {**therapist, "If-Match": read.headers["ETag"]}
        return service.client.patch(f"/care-plans/{plan_id}", json=body, headers=headers)

    first, second = await asyncio.gather(patch(NEW_GOALS), patch(NEW_TEAM))
    assert sorted([first.status_code, second.status_code]) == [200, 412]
    winner, loser_body = (first, NEW_TEAM) if first.status_code == 200 else (second, NEW_GOALS)
    loser = second if winner is first else first
    assert winner.headers["ETag"] == '"2"'
    assert loser.json()["current_version"] == 2

    reread = await service.client.get(f"/care-plans/{plan_id}", headers=therapist)
    retried = await service.client.patch(
        f"/care-plans/{plan_id}", json=loser_body, headers={**therapist, "If-Match": reread.headers["ETag"]}
    )
    assert retried.status_code == 200, retried.text
    final = retried.json()
    assert final["version"] == 3
    assert final["goals"][0]["target"] == 2, "the goal edit survived"
    assert {m["provider_id"] for m in final["care_team"]} == {"mt-ana", "coord-2"}, "the team edit survived"


async def test_a_change_without_if_match_is_428_and_with_a_stale_one_412(service: Service) -> None:
    plan_id, _ = await _plan(service)
    admin = service.as_(Role.ADMIN, "admin-1")
    url = f"/care-plans/{plan_id}"
    assert (await service.client.patch(url, json=NEW_GOALS, headers=admin)).status_code == 428
    assert (
        await service.client.patch(url, json=NEW_GOALS, headers={**admin, "If-Match": "*"})
    ).status_code == 428
    assert (
        await service.client.patch(url, json=NEW_GOALS, headers={**admin, "If-Match": '"7"'})
    ).status_code == 412
    assert (
        await service.client.patch(url, json=NEW_GOALS, headers={**admin, "If-Match": '"1"'})
    ).status_code == 200


async def test_history_says_who_changed_what_and_team_changes_are_announced(
    service: Service, kafka_bootstrap: str
) -> None:
    plan_id, referral = await _plan(service)
    therapist = service.as_(Role.MASSAGE_THERAPIST, "mt-ana")
    changed = await service.client.patch(
        f"/care-plans/{plan_id}", json=NEW_TEAM, headers={**therapist, "If-Match": '"1"'}
    )
    assert changed.status_code == 200
    history = (await service.client.get(f"/care-plans/{plan_id}/history", headers=therapist)).json()
    assert [(entry["version"], entry["changed_by"]) for entry in history["items"]] == [
        (1, "admin-1"),
        (2, "mt-ana"),
    ]
    first = (await service.client.get(f"/care-plans/{plan_id}/history?limit=1", headers=therapist)).json()
    params = {"limit": 1, "cursor": first["next_cursor"]}
    second = (
        await service.client.get(f"/care-plans/{plan_id}/history", params=params, headers=therapist)
    ).json()
    assert [e["version"] for e in first["items"] + second["items"]] == [1, 2] and second[
        "next_cursor"
    ] is None
    team_change = [(c["path"], c["before"], c["after"]) for c in history["items"][1]["changes"]]
    assert team_change == [
        ("care_team.[coord-1]", {"provider_id": "coord-1", "discipline": None, "coordinator": True}, None),
        ("care_team.[coord-2]", None, {"provider_id": "coord-2", "discipline": None, "coordinator": True}),
    ]
    await service.all_published()
    events = [e for _, e in await events_on(kafka_bootstrap, Topic.REFERRALS, referral["patient_id"])]
    team_changes = [e.data for e in events if e.type == "carecoord.careteam.changed.v1"]
    assert [(c["version"], c["added"], c["removed"]) for c in team_changes] == [(2, ["coord-2"], ["coord-1"])]
    updates = [e.data for e in events if e.type == "carecoord.careplan.updated.v1"]
    assert [u["version"] for u in updates] == [2]
    assert updates[0]["disciplines"][0]["provider_id"] == "mt-ana"
    assert updates[0]["authorization"]["visits_authorized"] == {"medical_massage": 12}


async def test_who_may_read_and_edit_the_plan(service: Service) -> None:
    plan_id, _ = await _plan(service)
    url = f"/care-plans/{plan_id}"
    physician = service.as_(Role.PHYSICIAN, "dr-kim")
    assert (await service.client.get(url, headers=physician)).status_code == 200
    refused = await service.client.patch(url, json=NEW_GOALS, headers={**physician, "If-Match": '"1"'})
    assert refused.status_code == 403, "the referring physician reads the plan; the clinic edits it"
    stranger = service.as_(Role.PHYSICAL_THERAPIST, "pt-not-on-team")
    assert (await service.client.get(url, headers=stranger)).status_code == 403
    other_clinic = {"Authorization": f"Bearer {service.mint_token(Role.ADMIN, 'clinic-b')}"}
    assert (await service.client.get(url, headers=other_clinic)).status_code == 404


async def test_plan_edits_that_break_a_rule_are_422_naming_the_field(service: Service) -> None:
    plan_id, _ = await _plan(service)
    headers = {**service.as_(Role.ADMIN, "admin-1"), "If-Match": '"1"'}
    url = f"/care-plans/{plan_id}"
    no_target = {
        "goals": [{"metric": "pain_nrs", "baseline": 7, "comparator": "at_most", "due_on": "2030-01-01"}]
    }
    cases = [
        (no_target, ["body", "goals", 0, "target"]),
        ({"care_team": [{"provider_id": "pt-1", "discipline": "physical_therapy"}]}, ["body", "care_team"]),
        ({"goals": [{**NEW_GOALS["goals"][0], "goal_id": "nope"}]}, ["body", "goals", 0, "goal_id"]),
        ({"version": 9}, ["body", "version"]),
        ({}, ["body"]),
    ]
    for body, loc in cases:
        response = await service.client.patch(url, json=body, headers=headers)
        assert response.status_code == 422, (body, response.text)
        assert loc in [error["loc"] for error in response.json()["errors"]], (body, response.json())


async def test_the_referring_physician_certifies_the_plan_and_a_goal_change_makes_it_due_again(
    service: Service,
) -> None:
    plan_id, _ = await _plan(service)
    physician = service.as_(Role.PHYSICIAN, "dr-kim")
    admin = service.as_(Role.ADMIN, "admin-1")
    plan = (await service.client.get(f"/care-plans/{plan_id}", headers=admin)).json()
    assert plan["certification"]["state"] == "uncertified"
    url = f"/care-plans/{plan['id']}/certification"

    assert (await service.client.post(url, headers=physician)).status_code == 428
    assert (await service.client.post(url, headers={**admin, "If-Match": '"1"'})).status_code == 403
    certified = await service.client.post(url, headers={**physician, "If-Match": '"1"'})
    assert certified.status_code == 200, certified.text
    status = certified.json()["certification"]
    assert (status["state"], status["certified_version"], status["certified_by"]) == (
        "certified",
        1,
        "dr-kim",
    )

    edited = await service.client.patch(
        f"/care-plans/{plan['id']}", json=NEW_GOALS, headers={**admin, "If-Match": '"1"'}
    )
    assert edited.status_code == 200, edited.text
    assert edited.json()["certification"]["state"] == "recertification_due"
    stale = await service.client.post(url, headers={**physician, "If-Match": '"1"'})
    assert stale.status_code == 412, "the physician certifies only the version they read"
