"""Proof Key for Code Exchange (RFC 7636, S256) and the one-time values of a sign-in round trip."""

import base64
import hashlib
import secrets


def new_secret() -> str:
    """A high-entropy value for a PKCE verifier, a state or a nonce (43 characters, base64url)."""
    return secrets.token_urlsafe(32)


def s256_challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")
