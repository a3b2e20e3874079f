"""The four OpenAPI documents of ``docs/api``, from the services' own applications.

Each service registers its ``build_app`` under the ``carecoord.apis`` entry point group (its
``pyproject.toml``); the shared library never imports a service. Building an application starts
nothing (no database, broker or key fetch happens before its lifespan), but its settings must
validate, so a token verifier is named for the while: a JWKS address that is never fetched.
"""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.metadata import entry_points
from pathlib import Path

from carecoord.contract.documents import dump

API_DOCS = Path("docs/api")
ENTRY_POINT_GROUP = "carecoord.apis"
UNFETCHED_JWKS = {"JWT_JWKS_URL": "https://issuer.invalid/.well-known/jwks.json"}


def api_documents() -> dict[str, str]:
    files = {}
    with _verifier_named():
        for entry in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda entry: entry.name):
            files[f"{entry.name}.openapi.json"] = dump(entry.load()().openapi())
    return files


@contextmanager
def _verifier_named() -> Iterator[None]:
    if os.environ.get("JWT_DEV_PUBLIC_KEY_PATH") or os.environ.get("JWT_JWKS_URL"):
        yield
        return
    os.environ.update(UNFETCHED_JWKS)
    try:
        yield
    finally:
        for name in UNFETCHED_JWKS:
            os.environ.pop(name, None)
