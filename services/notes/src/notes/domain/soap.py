"""The content of a session note in SOAP form, validated on the way in.

Every field is coded or bounded so that a wrong value is refused with the field's path: pain on
the 0-10 NRS, range of motion within physiological limits, techniques from the vocabulary."""

from enum import StrEnum
from typing import Annotated

from carecoord.events.vocabulary import Precaution, Technique
from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from notes.domain.outcome_measures import (
    ITEMS,
    MAX_ITEM_SCORE,
    InvalidQuestionnaire,
    OutcomeScore,
    neck_disability_index,
    oswestry,
)
from notes.domain.range_of_motion import Joint, range_problem
from notes.domain.vocabulary import (
    MANIPULATION,
    ExtraspinalRegion,
    Pressure,
    Severity,
    SpinalRegion,
    TimedCpt,
    TissueQuality,
    Tolerance,
)

ShortText = Annotated[str, Field(min_length=1, max_length=200)]
LongText = Annotated[str, Field(min_length=1, max_length=4000)]
BodyRegion = Annotated[str, Field(min_length=1, max_length=60, pattern=r"^[a-z][a-z0-9_]*$")]
Code = Annotated[str, Field(min_length=1, max_length=60, pattern=r"^[a-z][a-z0-9_]*$")]
Pain = Annotated[int, Field(ge=0, le=10, description="Numeric rating scale 0-10")]
Item = Annotated[int, Field(ge=0, le=MAX_ITEM_SCORE)]


class Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Side(StrEnum):
    LEFT = "left"
    RIGHT = "right"


class PainRating(Part):
    body_region: BodyRegion
    before: Pain
    after: Pain | None = None


class Trend(StrEnum):
    BETTER = "better"
    SAME = "same"
    WORSE = "worse"


class ResponseSinceLastVisit(Part):
    overall: Trend | None = None
    soreness: Severity = Severity.NONE
    soreness_hours: Annotated[int, Field(ge=0, le=336)] | None = None


class Subjective(Part):
    pain: Annotated[list[PainRating], Field(max_length=20)] = []
    symptoms: Annotated[list[ShortText], Field(max_length=30)] = []
    patient_goals: Annotated[list[ShortText], Field(max_length=10)] = []
    response_since_last_visit: ResponseSinceLastVisit | None = None


class RangeOfMotion(Part):
    joint: Joint
    motion: Code
    side: Side | None = None
    degrees: float

    @field_validator("degrees")
    @classmethod
    def _physiological(cls, degrees: float, info: ValidationInfo) -> float:
        joint, motion = info.data.get("joint"), info.data.get("motion")
        if joint is not None and motion is not None:
            problem = range_problem(joint, motion, degrees)
            if problem:
                raise ValueError(problem)
        return degrees


class Palpation(Part):
    body_region: BodyRegion
    tenderness_grade: Annotated[int, Field(ge=0, le=4, description="0 none .. 4 withdraws to touch")]
    spasm: bool = False
    finding: ShortText | None = None


class TriggerPoint(Part):
    muscle: Code
    side: Side | None = None
    active: bool = True
    refers_pain: bool = False


class TissueFinding(Part):
    body_region: BodyRegion
    quality: TissueQuality


class OutcomeMeasures(Part):
    """Item scores as the patient answered them; None for an unanswered item."""

    oswestry_items: Annotated[list[Item | None], Field(min_length=ITEMS, max_length=ITEMS)] | None = None
    neck_disability_items: Annotated[list[Item | None], Field(min_length=ITEMS, max_length=ITEMS)] | None = (
        None
    )

    @field_validator("oswestry_items", "neck_disability_items")
    @classmethod
    def _scorable(cls, items: list[int | None] | None) -> list[int | None] | None:
        if items is not None:
            try:
                oswestry(items)
            except InvalidQuestionnaire as error:
                raise ValueError(str(error)) from error
        return items

    def oswestry_score(self) -> OutcomeScore | None:
        return oswestry(self.oswestry_items) if self.oswestry_items else None

    def neck_disability_score(self) -> OutcomeScore | None:
        return neck_disability_index(self.neck_disability_items) if self.neck_disability_items else None


class Objective(Part):
    range_of_motion: Annotated[list[RangeOfMotion], Field(max_length=60)] = []
    palpation: Annotated[list[Palpation], Field(max_length=30)] = []
    trigger_points: Annotated[list[TriggerPoint], Field(max_length=30)] = []
    tissue: Annotated[list[TissueFinding], Field(max_length=30)] = []
    outcome_measures: OutcomeMeasures | None = None


class TechniqueApplied(Part):
    technique: Technique
    minutes: Annotated[int, Field(ge=0, le=240)]
    cpt_code: TimedCpt | None = Field(None, description="Overrides the technique's usual timed code")
    regions: Annotated[list[SpinalRegion | ExtraspinalRegion], Field(max_length=10)] = Field(
        [],
        validate_default=True,
        description="Regions manipulated; only for spinal or extraspinal manipulation",
    )
    body_areas: Annotated[list[BodyRegion], Field(max_length=20)] = []

    @field_validator("cpt_code")
    @classmethod
    def _timed_only(cls, code: TimedCpt | None, info: ValidationInfo) -> TimedCpt | None:
        if code is not None and info.data.get("technique") in MANIPULATION:
            raise ValueError("manipulation is coded by regions, not by a timed code")
        return code

    @field_validator("regions")
    @classmethod
    def _regions_fit(
        cls, regions: list[SpinalRegion | ExtraspinalRegion], info: ValidationInfo
    ) -> list[SpinalRegion | ExtraspinalRegion]:
        technique = info.data.get("technique")
        if technique is Technique.SPINAL_MANIPULATION:
            if not regions or not all(isinstance(region, SpinalRegion) for region in regions):
                raise ValueError("spinal manipulation needs one or more spinal regions")
        elif technique is Technique.EXTRASPINAL_MANIPULATION:
            if not regions or not all(isinstance(region, ExtraspinalRegion) for region in regions):
                raise ValueError("extraspinal manipulation needs one or more extraspinal regions")
        elif regions:
            raise ValueError("regions are recorded only for manipulation")
        return sorted(set(regions))


class Treatment(Part):
    techniques: Annotated[list[TechniqueApplied], Field(max_length=20)] = []
    pressure: Pressure | None = None
    tolerance: Tolerance | None = None
    areas_treated: Annotated[list[BodyRegion], Field(max_length=20)] = []


class Assessment(Part):
    summary: LongText | None = None
    response_to_treatment: Trend | None = None


class Plan(Part):
    next_visit_focus: LongText | None = None
    home_care: Annotated[list[ShortText], Field(max_length=20)] = []
    follow_up: LongText | None = None
    new_precautions: Annotated[list[Precaution], Field(max_length=10)] = []


class SoapContent(Part):
    subjective: Subjective = Subjective()
    objective: Objective = Objective()
    treatment: Treatment = Treatment()
    assessment: Assessment = Assessment()
    plan: Plan = Plan()
