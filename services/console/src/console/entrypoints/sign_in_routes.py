"""Development sign-in (refused in production), sign-out, and the start page of each role."""

from typing import cast

from carecoord.auth import Role
from carecoord.dev_keys import mint_dev_token
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from console.config import ConsoleSettings
from console.domain.sign_in import ROLE_LABELS, user_from_form
from console.entrypoints.web import CheckedForm, form_values, render, session_user, start_session

router = APIRouter()
START_PAGES = {Role.ADMIN: "/referrals", Role.PHYSICIAN: "/referrals", Role.SCHEDULER: "/schedule"}


def _settings(request: Request) -> ConsoleSettings:
    return cast(ConsoleSettings, request.app.state.settings)


def _development_only(request: Request) -> ConsoleSettings:
    settings = _settings(request)
    if not settings.development_sign_in:
        raise HTTPException(
            404, "Development sign-in is turned off here; sign in with your clinic's account."
        )
    return settings


@router.get("/")
async def start_page(request: Request) -> RedirectResponse:
    user = session_user(request)
    if user is None:
        return RedirectResponse("/sign-in", status_code=303)
    return RedirectResponse(START_PAGES.get(user.role, "/notifications"), status_code=303)


@router.get("/sign-in")
async def show_sign_in(request: Request) -> Response:
    if _settings(request).oidc_sign_in and not _settings(request).development_sign_in:
        return RedirectResponse("/oidc/sign-in", status_code=303)
    _development_only(request)
    return render(request, "sign_in.html", {"roles": ROLE_LABELS, "values": {"clinic_id": "clinic-1"}})


@router.post("/sign-in")
async def sign_in(request: Request, form: CheckedForm) -> Response:
    settings = _development_only(request)
    values = form_values(form)
    user, errors = user_from_form(*(str(values.get(name, "")) for name in ("subject", "role", "clinic_id")))
    if user is None:
        context = {"roles": ROLE_LABELS, "values": values, "errors": errors}
        return render(request, "sign_in.html", context, status_code=422)
    assert settings.jwt_dev_private_key_path is not None
    token = mint_dev_token(
        settings.jwt_dev_private_key_path,
        subject=user.subject,
        role=user.role,
        clinic_id=user.clinic_id,
        ttl_seconds=settings.session_max_age_seconds,
    )
    start_session(request, user, token)
    return RedirectResponse("/", status_code=303)


@router.post("/sign-out")
async def sign_out(request: Request, form: CheckedForm) -> RedirectResponse:
    request.session.clear()
    return RedirectResponse("/sign-in", status_code=303)
