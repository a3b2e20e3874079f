"""Referral routes: validate, build a command, hand it to the service layer, map the outcome."""

from dataclasses import asdict
from datetime import date
from typing import Annotated

from carecoord.access import AccessDenied, Decision, record_access
from carecoord.http import CurrentPrincipal, PageLimit, Runtime
from fastapi import APIRouter, Query, status

from referrals.adapters.repository import ReferralRepository
from referrals.adapters.search import ReferralQuery, search_referrals
from referrals.domain.commands import PatientDetails, ReceiveReferral
from referrals.domain.lifecycle import ReferralStatus
from referrals.domain.model import Insurance, Referral, RequestedDiscipline
from referrals.entrypoints.errors import invalid
from referrals.entrypoints.guard import READERS, REFERRERS, access, authorize, reads_clinic_wide
from referrals.entrypoints.schemas import (
    InsuranceIn,
    InsurancePublic,
    PatientPublic,
    ReferralCreate,
    ReferralDetail,
    ReferralPage,
    ReferralPublic,
    ReferralSummary,
    RequestedDisciplinePublic,
    TransitionPublic,
    WarningPublic,
)
from referrals.service_layer.handlers import receive_referral

router = APIRouter(tags=["referrals"])


@router.post("/referrals", status_code=status.HTTP_201_CREATED)
async def create_referral(
    body: ReferralCreate, principal: CurrentPrincipal, runtime: Runtime
) -> ReferralPublic:
    await access(runtime).require_role(principal, REFERRERS, action="create", resource="referrals")
    errors = body.errors_against_authorization()
    if errors:
        raise invalid(*((error["loc"], error["msg"]) for error in errors))
    command = ReceiveReferral(
        clinic_id=principal.clinic_id,
        patient=PatientDetails(**body.patient.model_dump()),
        referring_physician_id=principal.subject,
        referring_physician_npi=body.referring_physician.npi,
        referring_physician_name=body.referring_physician.name,
        diagnosis_codes=body.diagnosis_codes,
        conditions=body.conditions,
        other_conditions=body.other_conditions,
        body_regions=tuple(region.code for region in body.body_regions),
        requested=[RequestedDiscipline(**item.model_dump()) for item in body.requested_disciplines],
        precautions=tuple(body.precautions),
        urgency=body.urgency,
        insurance=_insurance(body.insurance),
    )
    async with runtime.transactions.begin() as uow:
        referral = await receive_referral(uow, command)
        await record_access(
            uow.connection,
            principal,
            action="create",
            resource=f"referrals/{referral.id}",
            patient_id=referral.patient_id,
            decision=Decision.ALLOWED,
        )
    return referral_public(referral)


@router.get("/referrals")
async def list_referrals(
    principal: CurrentPrincipal,
    runtime: Runtime,
    patient_id: str | None = None,
    status: ReferralStatus | None = None,
    physician_id: str | None = None,
    received_from: date | None = None,
    received_to: date | None = None,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    limit: PageLimit = 50,
) -> ReferralPage:
    """Referrals the caller may see (all of the clinic's for an admin or a scoped integrator;
    otherwise the patients they referred or treat), newest first. Each patient on the page is
    audited as searched; a search that shows nobody is audited once, with the patient asked for."""
    await access(runtime).require_role(principal, READERS.roles, action="search", resource="referrals")
    query = ReferralQuery(
        clinic_id=principal.clinic_id,
        visible_to=None if reads_clinic_wide(principal) else principal.subject,
        patient_id=patient_id,
        status=status,
        physician_id=physician_id,
        received_from=received_from,
        received_to=received_to,
        offset=offset,
        limit=min(limit, runtime.settings.max_page_size),
    )
    async with runtime.engine.begin() as connection:
        found, more = await search_referrals(connection, query)
        shown: list[str | None] = [*sorted({referral.patient_id for referral in found})]
        for patient in shown or [patient_id]:
            await record_access(
                connection,
                principal,
                action="search",
                resource="referrals",
                patient_id=patient,
                decision=Decision.ALLOWED,
            )
    items = [
        ReferralSummary(**{name: getattr(r, name) for name in ReferralSummary.model_fields}) for r in found
    ]
    return ReferralPage(items=items, next_offset=offset + len(found) if more else None)


@router.get("/referrals/{referral_id}")
async def read_referral(referral_id: str, principal: CurrentPrincipal, runtime: Runtime) -> ReferralDetail:
    referral = await load_referral(runtime, principal.clinic_id, referral_id, "read")
    await authorize(
        runtime, principal, referral.patient_id, action="read", resource=f"referrals/{referral_id}"
    )
    async with runtime.engine.connect() as connection:
        patient = await ReferralRepository(connection).patient(referral.patient_id)
    return ReferralDetail(**referral_public(referral).model_dump(), patient=PatientPublic(**asdict(patient)))


async def load_referral(runtime: Runtime, clinic_id: str, referral_id: str, action: str) -> Referral:
    """The referral in the caller's clinic; any other is not found (and the attempt audited)."""
    async with runtime.engine.connect() as connection:
        referral = await ReferralRepository(connection).get(clinic_id, referral_id)
    if referral is None:
        raise AccessDenied(Decision.NOT_FOUND, f"referrals/{referral_id}", action=action)
    return referral


def _insurance(body: InsuranceIn | None) -> Insurance | None:
    if body is None:
        return None
    return Insurance(
        payer=body.payer,
        member_id=body.member_id,
        authorization_number=body.authorization_number,
        valid_from=body.valid_from,
        valid_to=body.valid_to,
        visits_authorized=dict(body.visits_authorized),
        payer_counts_missed=body.payer_counts_missed,
        billing_rule=body.billing_rule,
    )


def referral_public(referral: Referral) -> ReferralPublic:
    return ReferralPublic(
        id=referral.id,
        patient_id=referral.patient_id,
        referring_physician_id=referral.referring_physician_id,
        referring_physician_name=referral.referring_physician_name,
        referring_physician_npi=referral.referring_physician_npi,
        diagnosis_codes=referral.diagnosis_codes,
        conditions=[str(condition) for condition in referral.conditions],
        other_conditions=referral.other_conditions,
        body_regions=referral.body_regions,
        requested_disciplines=[RequestedDisciplinePublic(**asdict(item)) for item in referral.requested],
        precautions=[str(precaution) for precaution in referral.precautions],
        urgency=str(referral.urgency),
        insurance=InsurancePublic(**asdict(referral.insurance)) if referral.insurance else None,
        status=referral.status,
        received_at=referral.received_at,
        care_plan_id=referral.care_plan_id,
        history=[TransitionPublic(**asdict(step)) for step in referral.history],
        warnings=[WarningPublic(**asdict(warning)) for warning in referral.warnings()],
    )
