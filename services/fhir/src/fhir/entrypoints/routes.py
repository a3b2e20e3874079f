"""The FHIR REST API: capabilities, read, search and the referral transaction. Thin: check the
request, hand it to the service layer with the caller's own token, answer FHIR JSON."""

import json
from typing import Annotated, Any

import httpx
from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response

from fhir.adapters.services import CallerServices
from fhir.domain.capability import CONTROL, SEARCH, capability_statement
from fhir.domain.documents import PDF, binary
from fhir.domain.outcome import FhirError
from fhir.domain.search import page_of, searchset
from fhir.domain.terms import is_fhir_id
from fhir.entrypoints.errors import fhir_response
from fhir.service_layer.letters import progress_letter_pdf
from fhir.service_layer.reads import read_resource
from fhir.service_layer.referral_in import receive_referral_bundle
from fhir.service_layer.searches import search_resources

router = APIRouter()


def base_url(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def caller_services(request: Request) -> CallerServices:
    authorization = request.headers.get("Authorization", "")
    if not authorization.lower().startswith("bearer "):
        raise FhirError.one(401, "login", "a bearer token is required")
    http: httpx.AsyncClient = request.app.state.http
    return CallerServices(http, request.app.state.service_urls, authorization)


Services = Annotated[CallerServices, Depends(caller_services)]


def resource_type(kind: str) -> str:
    if kind not in SEARCH:
        raise FhirError.one(404, "not-supported", f"{kind} is not a resource type this server supports")
    return kind


@router.get("/metadata")
async def read_capabilities(request: Request) -> JSONResponse:
    return fhir_response(capability_statement(base_url(request), request.app.version))


@router.post("/")
async def transaction(request: Request, services: Services) -> JSONResponse:
    body = await request.body()
    if len(body) > request.app.state.settings.max_body_bytes:
        raise FhirError.one(413, "too-costly", "the Bundle is larger than this server accepts")
    try:
        bundle: Any = json.loads(body)
    except ValueError:
        raise FhirError.one(400, "structure", "the body is not JSON") from None
    if not isinstance(bundle, dict):
        raise FhirError.one(400, "structure", "the body is not a FHIR resource")
    return fhir_response(await receive_referral_bundle(services, bundle))


@router.get("/Binary/{fhir_id}")
async def read_binary(fhir_id: str, request: Request, services: Services) -> Response:
    """The progress letter's PDF; as a Binary resource when the caller asks for FHIR JSON."""
    if not is_fhir_id(fhir_id):
        raise FhirError.one(404, "not-found", f"Binary/{fhir_id} is not known")
    pdf = await progress_letter_pdf(services, fhir_id)
    if "fhir+json" in request.headers.get("Accept", ""):
        return fhir_response(binary(fhir_id, pdf))
    return Response(
        pdf, media_type=PDF, headers={"Content-Disposition": f'inline; filename="progress-{fhir_id}.pdf"'}
    )


@router.get("/{kind}/{fhir_id}")
async def read(kind: str, fhir_id: str, services: Services) -> JSONResponse:
    return fhir_response(await read_resource(services, resource_type(kind), fhir_id))


@router.get("/{kind}")
async def search(kind: str, request: Request, services: Services) -> JSONResponse:
    kind = resource_type(kind)
    params = list(request.query_params.multi_items())
    for name, _ in params:
        if name not in SEARCH[kind] and name not in CONTROL:
            raise FhirError.one(400, "not-supported", f"{kind} has no search parameter {name}", name)
    page = page_of(dict(params))
    found, more = await search_resources(services, kind, params, page)
    return fhir_response(searchset(f"{base_url(request)}/{kind}", params, page, found, more))
