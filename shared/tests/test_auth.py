"""Token verification refuses every classic JWT attack."""

import base64
import hashlib
import hmac
import json
import time
from pathlib import Path

import jwt
import pytest
from carecoord.auth import AuthenticationError, Role, TokenVerifier
from carecoord.dev_keys import ensure_dev_keypair, mint_dev_token
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return ensure_dev_keypair(tmp_path_factory.mktemp("keys"))


@pytest.fixture(scope="module")
def verifier(keys: tuple[Path, Path]) -> TokenVerifier:
    return TokenVerifier("carecoord-dev", "carecoord", jwks_url=None, public_key_path=keys[1])


def claims(**overrides: object) -> dict[str, object]:
    now = int(time.time())
    base: dict[str, object] = {
        "sub": "dr-1",
        "role": "physician",
        "clinic": "c1",
        "iss": "carecoord-dev",
        "aud": "carecoord",
        "iat": now,
        "nbf": now,
        "exp": now + 600,
    }
    base.update(overrides)
    return {key: value for key, value in base.items() if value is not None}


def sign(keys: tuple[Path, Path], **overrides: object) -> str:
    return jwt.encode(claims(**overrides), keys[0].read_text(), algorithm="RS256")


async def test_a_valid_token_yields_the_principal(verifier: TokenVerifier, keys: tuple[Path, Path]) -> None:
    token = mint_dev_token(
        keys[0], subject="lmt-7", role=Role.MASSAGE_THERAPIST, clinic_id="c9", scopes="a b"
    )
    principal = await verifier.verify(token)
    assert (principal.subject, principal.role, principal.clinic_id) == ("lmt-7", Role.MASSAGE_THERAPIST, "c9")
    assert principal.scopes == {"a", "b"}


def _unsigned(payload: dict[str, object]) -> str:
    def part(data: dict[str, object]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(payload)}."


def _tampered(token: str) -> str:
    header, payload, signature = token.split(".")
    data = json.loads(base64.urlsafe_b64decode(payload + "=="))
    data["role"] = "admin"
    forged = base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()
    return f"{header}.{forged}.{signature}"


def _signed_by_another_key() -> str:
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = other.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return jwt.encode(claims(), pem, algorithm="RS256")


def _hmac_with_the_public_key(keys: tuple[Path, Path]) -> str:
    header = base64.urlsafe_b64encode(b'{"alg":"HS256","typ":"JWT"}').rstrip(b"=").decode()
    body = base64.urlsafe_b64encode(json.dumps(claims()).encode()).rstrip(b"=").decode()
    mac = hmac.new(keys[1].read_bytes(), f"{header}.{body}".encode(), hashlib.sha256).digest()
    return f"{header}.{body}.{base64.urlsafe_b64encode(mac).rstrip(b'=').decode()}"


@pytest.mark.parametrize(
    "attack",
    [
        "alg none",
        "another key",
        "HS256 with the public key as secret",
        "expired",
        "not yet valid",
        "wrong audience",
        "wrong issuer",
        "tampered claims",
        "no expiry",
        "unknown role",
        "no clinic",
        "garbage",
    ],
)
async def test_forged_expired_or_misdirected_tokens_are_refused(
    verifier: TokenVerifier, keys: tuple[Path, Path], attack: str
) -> None:
    now = int(time.time())
    token = {
        "alg none": lambda: _unsigned(claims()),
        "another key": _signed_by_another_key,
        "HS256 with the public key as secret": lambda: _hmac_with_the_public_key(keys),
        "expired": lambda: sign(keys, exp=now - 60, iat=now - 700, nbf=now - 700),
        "not yet valid": lambda: sign(keys, nbf=now + 600),
        "wrong audience": lambda: sign(keys, aud="someone-else"),
        "wrong issuer": lambda: sign(keys, iss="https://evil.example"),
        "tampered claims": lambda: _tampered(sign(keys)),
        "no expiry": lambda: sign(keys, exp=None),
        "unknown role": lambda: sign(keys, role="superuser"),
        "no clinic": lambda: sign(keys, clinic=None),
        "garbage": lambda: "not.a.token",
    }[attack]()
    with pytest.raises(AuthenticationError):
        await verifier.verify(token)
