"""Sign-in with the clinic's OpenID Connect provider: authorization code flow with PKCE, a state
against forged callbacks and a nonce against replayed ID tokens, all kept in the session for the
one round trip."""

from typing import Annotated, cast

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import RedirectResponse

from console.adapters import oidc
from console.config import ConsoleSettings
from console.domain import csrf, pkce
from console.domain.sign_in import user_from_form
from console.entrypoints.web import start_session

router = APIRouter()
Code = Annotated[str, Query(min_length=1, max_length=2048)]


def _client(request: Request, settings: ConsoleSettings) -> oidc.Client:
    redirect_uri = str(request.url_for("finish_oidc_sign_in"))
    return oidc.Client(settings.oidc_client_id or "", settings.oidc_client_secret or "", redirect_uri)


def _configured(request: Request) -> ConsoleSettings:
    settings = cast(ConsoleSettings, request.app.state.settings)
    if not settings.oidc_sign_in:
        raise HTTPException(404, "Sign-in with an identity provider is not configured here.")
    return settings


@router.get("/oidc/sign-in")
async def start_oidc_sign_in(request: Request) -> RedirectResponse:
    settings = _configured(request)
    provider = await _provider(request, settings)
    state, nonce, verifier = pkce.new_secret(), pkce.new_secret(), pkce.new_secret()
    request.session["oidc"] = {"state": state, "nonce": nonce, "verifier": verifier}
    url = oidc.authorization_url(
        provider, _client(request, settings), state, nonce, pkce.s256_challenge(verifier)
    )
    return RedirectResponse(url, status_code=303)


@router.get("/oidc/callback")
async def finish_oidc_sign_in(request: Request, code: Code, state: Code) -> RedirectResponse:
    settings = _configured(request)
    pending = request.session.pop("oidc", None)
    if not pending or not csrf.tokens_match(pending["state"], state):
        raise HTTPException(400, "This sign-in link has expired or was not started here. Sign in again.")
    provider = await _provider(request, settings)
    client = _client(request, settings)
    http = request.app.state.http
    try:
        tokens = await oidc.exchange_code(http, provider, client, code, pending["verifier"])
        claims = await oidc.verified_claims(http, provider, client, tokens["id_token"], pending["nonce"])
    except oidc.SignInFailed as failure:
        raise HTTPException(502, f"Sign-in failed: {failure}.") from failure
    role, clinic = (
        str(claims.get(settings.oidc_role_claim, "")),
        str(claims.get(settings.oidc_clinic_claim, "")),
    )
    user, _ = user_from_form(str(claims["sub"]), role, clinic)
    if user is None:
        raise HTTPException(
            403, "Your account has no CareCoord role or clinic; ask your clinic's administrator."
        )
    start_session(request, user, tokens["access_token"])
    return RedirectResponse("/", status_code=303)


async def _provider(request: Request, settings: ConsoleSettings) -> oidc.Provider:
    try:
        return await oidc.discover(request.app.state.http, settings.oidc_issuer or "")
    except oidc.SignInFailed as failure:
        raise HTTPException(502, f"Sign-in failed: {failure}.") from failure
