"""Who a person signs in as: a subject, a role and a clinic, checked before a token is minted."""

import re
from dataclasses import dataclass

from carecoord.auth import Role

IDENTIFIER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
STAFF_ROLES = tuple(role for role in Role if role is not Role.INTEGRATOR)
ROLE_LABELS = {
    Role.PHYSICIAN: "Referring physician",
    Role.CHIROPRACTOR: "Chiropractor",
    Role.PHYSICAL_THERAPIST: "Physical therapist",
    Role.MASSAGE_THERAPIST: "Medical massage therapist",
    Role.SCHEDULER: "Front desk (scheduling)",
    Role.ADMIN: "Clinic admin (front desk intake)",
}


@dataclass(frozen=True)
class User:
    subject: str
    role: Role
    clinic_id: str

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, str(self.role))


def user_from_form(subject: str, role: str, clinic_id: str) -> tuple[User | None, dict[str, str]]:
    """The user, or the message for each field that is wrong."""
    errors = {}
    if not IDENTIFIER.fullmatch(subject.strip()):
        errors["subject"] = "letters, digits, '.', '_' or '-', at most 64 characters"
    if role not in {str(item) for item in STAFF_ROLES}:
        errors["role"] = "choose one of the listed roles"
    if not IDENTIFIER.fullmatch(clinic_id.strip()):
        errors["clinic_id"] = "letters, digits, '.', '_' or '-', at most 64 characters"
    if errors:
        return None, errors
    return User(subject.strip(), Role(role), clinic_id.strip()), {}
