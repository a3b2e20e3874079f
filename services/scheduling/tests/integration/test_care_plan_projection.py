"""The care plan projection, fed through the real broker."""

from carecoord.events import AuthorizationSnapshot, CarePlanUpdated, CareTeamMember, Discipline

from .harness import WINDOW_END, WINDOW_START, Clinic


async def test_the_projection_follows_updates_and_ignores_an_older_version(clinic: Clinic) -> None:
    created = clinic.plan()
    await clinic.projected(created)
    updated = CarePlanUpdated(
        **{
            **created.model_dump(),
            "version": 3,
            "care_team": [CareTeamMember(provider_id="lmt-9", discipline=Discipline.MEDICAL_MASSAGE)],
            "authorization": AuthorizationSnapshot(
                valid_from=WINDOW_START,
                valid_to=WINDOW_END,
                visits_authorized={Discipline.MEDICAL_MASSAGE: 4},
            ),
        }
    )
    late = CarePlanUpdated(**{**created.model_dump(), "version": 2, "care_team": []})
    await clinic.publish(updated, late, updated)  # a late older version and a redelivery
    await clinic.wait_for_version(created.care_plan_id, 3)
    # Same patient, same partition: once this marker is projected, the late v2 was consumed too.
    await clinic.projected(clinic.plan(created.patient_id))
    plan = await clinic.wait_for_version(created.care_plan_id, 3)
    assert plan["care_team"] == ["lmt-9"]
    assert plan["authorization"]["visits_authorized"] == {"medical_massage": 4}
