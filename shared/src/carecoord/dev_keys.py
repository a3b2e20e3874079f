"""A local RS256 key pair and token minting for development and tests only.

Settings refuse a development key outside development, so these tokens never open production.
"""

import time
import uuid
from pathlib import Path

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from carecoord.auth import Role

PRIVATE_KEY_FILE = "jwt-private.pem"
PUBLIC_KEY_FILE = "jwt-public.pem"


def ensure_dev_keypair(directory: Path) -> tuple[Path, Path]:
    """Create the key pair once; later runs reuse it so minted tokens stay valid across restarts."""
    private_path, public_path = directory / PRIVATE_KEY_FILE, directory / PUBLIC_KEY_FILE
    if not private_path.exists():
        directory.mkdir(parents=True, exist_ok=True)
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        private_path.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        private_path.chmod(0o600)
        public_path.write_bytes(
            key.public_key().public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
            )
        )
    return private_path, public_path


def mint_dev_token(
    private_key_path: Path,
    *,
    subject: str,
    role: Role,
    clinic_id: str,
    scopes: str = "",
    issuer: str = "carecoord-dev",
    audience: str = "carecoord",
    ttl_seconds: int = 12 * 3600,
) -> str:
    now = int(time.time())
    claims = {
        "sub": subject,
        "role": str(role),
        "clinic": clinic_id,
        "scope": scopes,
        "iss": issuer,
        "aud": audience,
        "iat": now,
        "nbf": now,
        "exp": now + ttl_seconds,
        "jti": str(uuid.uuid4()),
    }
    return jwt.encode(claims, private_key_path.read_text(), algorithm="RS256")
