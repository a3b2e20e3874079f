"""FastAPI dependencies every route uses: the authenticated principal and the service runtime."""

from typing import Annotated

from fastapi import Depends, Query, Request

from carecoord.auth import AuthenticationError, Principal
from carecoord.runtime import ServiceRuntime


async def authenticate(request: Request) -> Principal:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise AuthenticationError("missing bearer token")
    runtime: ServiceRuntime = request.app.state.runtime
    principal = await runtime.verifier.verify(token)
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
