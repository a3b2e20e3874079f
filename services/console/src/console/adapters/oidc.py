"""The clinic's OpenID Connect provider: discovery, the authorization request (code flow with
PKCE), the code exchange, and the ID token's verification against the provider's published keys."""

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import httpx
import jwt


class SignInFailed(Exception):
    """The provider's answer cannot be trusted or used; the message says why, without secrets."""


@dataclass(frozen=True)
class Provider:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str


@dataclass(frozen=True)
class Client:
    client_id: str
    client_secret: str
    redirect_uri: str


async def discover(http: httpx.AsyncClient, issuer: str) -> Provider:
    try:
        response = await http.get(f"{issuer.rstrip('/')}/.well-known/openid-configuration")
        response.raise_for_status()
        document = response.json()
    except (httpx.HTTPError, ValueError) as error:
        raise SignInFailed("the identity provider is not answering") from error
    if document.get("issuer") != issuer.rstrip("/"):
        raise SignInFailed("the identity provider names another issuer than configured")
    return Provider(
        issuer, document["authorization_endpoint"], document["token_endpoint"], document["jwks_uri"]
    )


def authorization_url(provider: Provider, client: Client, state: str, nonce: str, challenge: str) -> str:
    query = {
        "response_type": "code",
        "client_id": client.client_id,
        "redirect_uri": client.redirect_uri,
        "scope": "openid profile email",
        "state": state,
        "nonce": nonce,
        "code_challenge": challenge,
        "code_challenge_method": "S256",
    }
    return f"{provider.authorization_endpoint}?{urlencode(query)}"


async def exchange_code(
    http: httpx.AsyncClient, provider: Provider, client: Client, code: str, verifier: str
) -> dict[str, Any]:
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": client.redirect_uri,
        "code_verifier": verifier,
    }
    try:
        response = await http.post(
            provider.token_endpoint, data=form, auth=(client.client_id, client.client_secret)
        )
    except httpx.HTTPError as error:
        raise SignInFailed("the identity provider is not answering") from error
    if response.status_code != 200:
        raise SignInFailed("the identity provider refused the sign-in code")
    tokens: dict[str, Any] = response.json()
    if "id_token" not in tokens or "access_token" not in tokens:
        raise SignInFailed("the identity provider returned no ID token or access token")
    return tokens


async def verified_claims(
    http: httpx.AsyncClient, provider: Provider, client: Client, id_token: str, nonce: str
) -> dict[str, Any]:
    try:
        keys = jwt.PyJWKSet.from_dict((await http.get(provider.jwks_uri)).json())
        kid = jwt.get_unverified_header(id_token).get("kid")
    except (httpx.HTTPError, ValueError, jwt.PyJWTError) as error:
        raise SignInFailed("the identity provider's keys could not be read") from error
    # A provider with one key may leave the token's key id out.
    candidates = [key for key in keys.keys if kid is None or key.key_id == kid]
    for key in candidates:
        try:
            claims: dict[str, Any] = jwt.decode(
                id_token,
                key.key,
                algorithms=["RS256", "ES256", "PS256"],
                audience=client.client_id,
                issuer=provider.issuer,
                options={"require": ["exp", "iat", "sub"]},
            )
        except jwt.PyJWTError:
            continue
        if claims.get("nonce") != nonce:
            raise SignInFailed("the ID token was not issued for this sign-in")
        return claims
    raise SignInFailed("the ID token could not be verified")
