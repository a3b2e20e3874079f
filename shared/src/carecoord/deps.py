"""FastAPI dependencies every route uses: the authenticated principal and the service runtime."""

from typing import Annotated

from fastapi import Depends, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from carecoord.auth import AuthenticationError, Principal
from carecoord.runtime import ServiceRuntime

BEARER = HTTPBearer(
    auto_error=False,
    scheme_name="bearer",
    bearerFormat="JWT",
    description=(
        "An RS256 or ES256 JWT from the clinic's OpenID Connect issuer, with the claims `role` "
        "(physician, chiropractor, physical_therapist, massage_therapist, scheduler, admin, "
        "integrator) and `clinic`. An integrator reads clinical data only with a `scope` claim "
        "naming `system/referrals.read`, `system/appointments.read`, `system/notes.read` or "
        "`system/*.read`; each webhook event type needs the read scope of the service that "
        "publishes it."
    ),
)


async def authenticate(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(BEARER)]
) -> Principal:
    if credentials is None or not credentials.credentials:
        raise AuthenticationError("missing bearer token")
    runtime: ServiceRuntime = request.app.state.runtime
    principal = await runtime.verifier.verify(credentials.credentials)
    # Kept for the error handlers, which audit a refusal with the caller's identity.
    request.state.principal = principal
    return principal


CurrentPrincipal = Annotated[Principal, Depends(authenticate)]


def runtime_of(request: Request) -> ServiceRuntime:
    runtime: ServiceRuntime = request.app.state.runtime
    return runtime


Runtime = Annotated[ServiceRuntime, Depends(runtime_of)]

MAX_PAGE_SIZE = 100
PageLimit = Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description=f"Page size, at most {MAX_PAGE_SIZE}")]
"""Every list endpoint's page size: the same cap in every service (API4, resource limits)."""
