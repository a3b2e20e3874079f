"""What each precaution on the care plan forbids in a session, so a note that breaks one is
caught at signing, not found by the physician later.

Only what a note records can be checked: techniques and pressure. Precautions about places or
positions (a surgical site, avoiding prone positioning) and monitoring ones (blood pressure, fall
risk) are shown to the therapist but cannot be checked from the note."""

from dataclasses import dataclass

from carecoord.events.vocabulary import Precaution, Technique

from notes.domain.soap import SoapContent
from notes.domain.vocabulary import Pressure

_MANIPULATION = frozenset({Technique.SPINAL_MANIPULATION, Technique.EXTRASPINAL_MANIPULATION})
_DEEP_WORK = frozenset({Technique.DEEP_TISSUE})


@dataclass(frozen=True)
class Forbidden:
    techniques: frozenset[Technique] = frozenset()
    pressures: frozenset[Pressure] = frozenset()


FORBIDDEN: dict[Precaution, Forbidden] = {
    Precaution.NO_DEEP_PRESSURE: Forbidden(_DEEP_WORK, frozenset({Pressure.DEEP})),
    Precaution.NO_SPINAL_MANIPULATION: Forbidden(frozenset({Technique.SPINAL_MANIPULATION})),
    # High-velocity thrusts and deep pressure risk fractures in fragile bone.
    Precaution.OSTEOPOROSIS: Forbidden(_MANIPULATION | _DEEP_WORK, frozenset({Pressure.DEEP})),
    Precaution.PREGNANCY: Forbidden(_DEEP_WORK, frozenset({Pressure.DEEP})),
    # Oncology massage keeps to light pressure during treatment.
    Precaution.ACTIVE_CANCER_TREATMENT: Forbidden(_DEEP_WORK, frozenset({Pressure.FIRM, Pressure.DEEP})),
}


@dataclass(frozen=True)
class PrecautionConflict:
    precaution: Precaution
    recorded: str

    def __str__(self) -> str:
        return f"{self.recorded} is recorded under the precaution {self.precaution}"


def conflicts(content: SoapContent, precautions: frozenset[str]) -> list[PrecautionConflict]:
    """Every technique or pressure in the note that a precaution of the plan forbids."""
    found = []
    techniques = {applied.technique for applied in content.treatment.techniques}
    for precaution in sorted(Precaution(p) for p in precautions if p in FORBIDDEN):
        forbidden = FORBIDDEN[precaution]
        found += [PrecautionConflict(precaution, str(t)) for t in sorted(techniques & forbidden.techniques)]
        pressure = content.treatment.pressure
        if pressure in forbidden.pressures:
            found.append(PrecautionConflict(precaution, f"{pressure} pressure"))
    return found
