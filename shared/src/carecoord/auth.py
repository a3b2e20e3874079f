"""Who is calling: bearer JWTs verified against the OIDC issuer's JWKS, or a local dev key.

Only asymmetric algorithms are accepted, so a token can neither choose ``none`` nor be signed with
a public key posing as an HMAC secret.
"""

import asyncio
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import jwt

ALGORITHMS = ["RS256", "ES256"]


class Role(StrEnum):
    PHYSICIAN = "physician"
    CHIROPRACTOR = "chiropractor"
    PHYSICAL_THERAPIST = "physical_therapist"
    MASSAGE_THERAPIST = "massage_therapist"
    SCHEDULER = "scheduler"
    ADMIN = "admin"
    INTEGRATOR = "integrator"


PROVIDER_ROLES = frozenset({Role.CHIROPRACTOR, Role.PHYSICAL_THERAPIST, Role.MASSAGE_THERAPIST})


@dataclass(frozen=True)
class Principal:
    subject: str
    role: Role
    clinic_id: str
    scopes: frozenset[str] = field(default_factory=frozenset)


class AuthenticationError(Exception):
    """The token is missing, malformed, expired, or not signed by a trusted key."""


class TokenVerifier:
    def __init__(self, issuer: str, audience: str, *, jwks_url: str | None, public_key_path: Path | None):
        if (jwks_url is None) == (public_key_path is None):
            raise ValueError("exactly one of jwks_url and public_key_path must be set")
        self._issuer = issuer
        self._audience = audience
        self._jwks = jwt.PyJWKClient(jwks_url, cache_keys=True, lifespan=300) if jwks_url else None
        self._public_key = public_key_path.read_text() if public_key_path else None

    async def verify(self, token: str) -> Principal:
        try:
            key = await self._signing_key(token)
            claims = jwt.decode(
                token,
                key,
                algorithms=ALGORITHMS,
                audience=self._audience,
                issuer=self._issuer,
                options={"require": ["exp", "iat", "sub", "iss", "aud"]},
            )
        except jwt.PyJWTError as error:
            raise AuthenticationError(str(error)) from error
        return _principal_from(claims)

    async def _signing_key(self, token: str) -> Any:
        if self._jwks is None:
            return self._public_key
        # PyJWKClient caches keys and refetches the JWKS when a token names an unknown kid.
        return (await asyncio.to_thread(self._jwks.get_signing_key_from_jwt, token)).key


def _principal_from(claims: dict[str, Any]) -> Principal:
    try:
        role = Role(claims["role"])
        clinic_id = claims["clinic"]
    except (KeyError, ValueError) as error:
        raise AuthenticationError("token needs a known 'role' and a 'clinic' claim") from error
    if not isinstance(clinic_id, str) or not clinic_id:
        raise AuthenticationError("'clinic' claim must be a non-empty string")
    scopes = claims.get("scope", "")
    return Principal(
        subject=str(claims["sub"]),
        role=role,
        clinic_id=clinic_id,
        scopes=frozenset(scopes.split()) if isinstance(scopes, str) else frozenset(),
    )
