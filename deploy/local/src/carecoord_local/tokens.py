"""`carecoord-token`: mint a development bearer token the services started by `make run` accept.

Prints the token only, so `TOKEN=$(uv run carecoord-token --role physician --clinic clinic-1)` works.
The key pair lives in `<repo>/var/dev-keys` (or `$CARECOORD_VAR_DIR/dev-keys`) and is created if missing.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from carecoord.auth import Role
from carecoord.dev_keys import ensure_dev_keypair, mint_dev_token

from carecoord_local.kafka import REPO_ROOT


def var_dir(env: Mapping[str, str] = os.environ) -> Path:
    """Where `make run` keeps its state: $CARECOORD_VAR_DIR, else <repo>/var."""
    configured = env.get("CARECOORD_VAR_DIR")
    return Path(configured).resolve() if configured else REPO_ROOT / "var"


def dev_keys_dir() -> Path:
    return var_dir() / "dev-keys"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="carecoord-token",
        description="Mint a development JWT for the services `make run` starts (development only).",
    )
    parser.add_argument("--role", required=True, choices=[role.value for role in Role])
    parser.add_argument("--clinic", required=True, help="clinic id the token is scoped to, e.g. clinic-1")
    parser.add_argument("--subject", help="user id (the `sub` claim); default <role>-dev")
    parser.add_argument("--scopes", default="", help='space-separated scopes (the `scope` claim), e.g. "a b"')
    parser.add_argument("--ttl-hours", type=float, default=12.0, help="lifetime in hours (default 12)")
    return parser


def main(argv: Sequence[str] | None = None) -> None:
    args = _parser().parse_args(argv)
    if args.ttl_hours <= 0:
        _parser().error("--ttl-hours must be positive")
    private_key, _ = ensure_dev_keypair(dev_keys_dir())
    token = mint_dev_token(
        private_key,
        subject=args.subject or f"{args.role}-dev",
        role=Role(args.role),
        clinic_id=args.clinic,
        scopes=args.scopes,
        ttl_seconds=int(args.ttl_hours * 3600),
    )
    sys.stdout.write(token + "\n")


if __name__ == "__main__":
    main()
