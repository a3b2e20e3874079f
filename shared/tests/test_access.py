"""The one access rule every service uses, as a table: the clinic first (404), then the role
(403), then the care team unless the role works clinic-wide (403)."""

import pytest
from carecoord.access import CARE_TEAM, CareTeam, Decision, Rule, decide
from carecoord.auth import PROVIDER_ROLES, Principal, Role

TEAM = CareTeam(
    "clinic-a", "p-1", referring_physician_ids=frozenset({"dr-1"}), member_ids=frozenset({"lmt-1"})
)
BOOK = Rule(
    PROVIDER_ROLES | {Role.ADMIN, Role.SCHEDULER}, clinic_wide=frozenset({Role.ADMIN, Role.SCHEDULER})
)
NOTES_READ = Rule(CARE_TEAM.roles - {Role.SCHEDULER}, scope="system/notes.read")


def who(role: Role, subject: str, clinic: str = "clinic-a", scopes: str = "") -> Principal:
    return Principal(subject, role, clinic, frozenset(scopes.split()))


@pytest.mark.parametrize(
    ("principal", "team", "rule", "decision"),
    [
        (who(Role.PHYSICIAN, "dr-1"), TEAM, CARE_TEAM, Decision.ALLOWED),
        (who(Role.MASSAGE_THERAPIST, "lmt-1"), TEAM, CARE_TEAM, Decision.ALLOWED),
        (who(Role.MASSAGE_THERAPIST, "lmt-2"), TEAM, CARE_TEAM, Decision.FORBIDDEN),
        (who(Role.ADMIN, "admin-1"), TEAM, CARE_TEAM, Decision.ALLOWED),
        (who(Role.ADMIN, "admin-1", clinic="clinic-b"), TEAM, CARE_TEAM, Decision.NOT_FOUND),
        (who(Role.ADMIN, "admin-1"), None, CARE_TEAM, Decision.NOT_FOUND),
        # the clinic is decided before the role: another clinic learns nothing, whatever the role
        (who(Role.PHYSICIAN, "dr-1", clinic="clinic-b"), TEAM, BOOK, Decision.NOT_FOUND),
        (who(Role.PHYSICIAN, "dr-1"), TEAM, BOOK, Decision.FORBIDDEN),
        (who(Role.SCHEDULER, "desk-1"), TEAM, BOOK, Decision.ALLOWED),
        (who(Role.SCHEDULER, "desk-1"), TEAM, CARE_TEAM, Decision.FORBIDDEN),
        (who(Role.SCHEDULER, "lmt-1"), TEAM, NOTES_READ, Decision.FORBIDDEN),
        (who(Role.INTEGRATOR, "int-1"), TEAM, NOTES_READ, Decision.FORBIDDEN),
        (who(Role.INTEGRATOR, "int-1", scopes="system/referrals.read"), TEAM, NOTES_READ, Decision.FORBIDDEN),
        (who(Role.INTEGRATOR, "int-1", scopes="system/notes.read"), TEAM, NOTES_READ, Decision.ALLOWED),
        (who(Role.INTEGRATOR, "int-1", scopes="system/*.read"), TEAM, NOTES_READ, Decision.ALLOWED),
        (who(Role.INTEGRATOR, "int-1", scopes="system/*.read"), TEAM, BOOK, Decision.FORBIDDEN),
        (who(Role.ADMIN, "admin-1", scopes="system/*.read"), TEAM, NOTES_READ, Decision.ALLOWED),
        (who(Role.MASSAGE_THERAPIST, "lmt-2", scopes="system/*.read"), TEAM, NOTES_READ, Decision.FORBIDDEN),
    ],
)
def test_decide(principal: Principal, team: CareTeam | None, rule: Rule, decision: Decision) -> None:
    assert decide(principal, team, rule) is decision
