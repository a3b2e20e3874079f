"""Coded terms a referral and a care plan may use. An unknown term is refused (422), so every
service and every report reads the same words (techniques and precautions, shared by every
service, are in ``carecoord.events.vocabulary``)."""

from enum import StrEnum


class Condition(StrEnum):
    """The conditions the seed guide lists for medical massage."""

    CARPAL_TUNNEL = "carpal tunnel syndrome"
    REPETITIVE_STRESS_INJURY = "repetitive stress injury"
    MIGRAINE = "migraine"
    HEADACHES = "headaches"
    STRAIN = "strain"
    SPRAIN = "sprain"
    WHIPLASH = "whiplash"
    TMJ_DISORDER = "tmj disorder"
    LOW_BACK_PAIN = "low back pain"
    RADIATING_PAIN = "radiating pain"
    FROZEN_SHOULDER = "frozen shoulder"
    TENDONITIS = "tendonitis"
    CANCER_RELATED_FATIGUE = "cancer-related fatigue"
    KNEE_OSTEOARTHRITIS = "knee osteoarthritis"
    POST_OPERATIVE_PAIN = "post-operative pain"
    POST_OPERATIVE_SCARRING = "post-operative scarring"
    ALCOHOL_WITHDRAWAL = "alcohol withdrawal"
    SLUGGISH_IMMUNE_SYSTEM = "sluggish immune system"
    HIGH_BLOOD_PRESSURE = "high blood pressure"
    FIBROMYALGIA = "fibromyalgia"


class Region(StrEnum):
    HEAD = "head"
    TMJ = "tmj"
    CERVICAL = "cervical"
    THORACIC = "thoracic"
    LUMBAR = "lumbar"
    SACRAL = "sacral"
    SHOULDER = "shoulder"
    ELBOW = "elbow"
    WRIST = "wrist"
    HAND = "hand"
    HIP = "hip"
    KNEE = "knee"
    ANKLE = "ankle"
    FOOT = "foot"


class Laterality(StrEnum):
    LEFT = "left"
    RIGHT = "right"
    BILATERAL = "bilateral"


# The spine and head are midline; a limb or a jaw joint needs a side, or the plan is ambiguous.
MIDLINE_REGIONS = frozenset({Region.HEAD, Region.CERVICAL, Region.THORACIC, Region.LUMBAR, Region.SACRAL})


def body_region_code(region: Region, laterality: Laterality | None) -> str:
    """``lumbar``, ``left_shoulder``, ``bilateral_knee``: the code events and goals carry."""
    if region in MIDLINE_REGIONS:
        if laterality is not None:
            raise ValueError(f"{region} is midline and takes no laterality")
        return str(region)
    if laterality is None:
        raise ValueError(f"{region} needs a laterality: left, right or bilateral")
    return f"{laterality}_{region}"


class Urgency(StrEnum):
    """FHIR request priority."""

    ROUTINE = "routine"
    URGENT = "urgent"
    ASAP = "asap"
    STAT = "stat"
