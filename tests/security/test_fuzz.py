"""schemathesis against the four OpenAPI documents of the real services, with valid tokens: no
answer is a 5xx, and none breaks the schema its own document promises.

Bounded so the whole run stays within a few minutes: a few examples per operation. The SSE inbox
stream never ends, so it is left out (the access matrix calls it). The calls come as an admin of
the clinic, except the note writes, which only a treating provider reaches past the role check.
"""

from typing import Any

import pytest
import schemathesis
from carecoord.auth import Role
from carecoord_local.testing import MintToken
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from .conftest import System

CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]
EXAMPLES = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
NOTE_WRITES = ("/appointments/{appointment_id}/note", "/notes/{note_id}", "/notes/{note_id}/signature")


@pytest.fixture(scope="module")
def tokens(mint_token: MintToken, run_id: str) -> dict[Role, str]:
    clinic = f"clinic-fuzz-{run_id}"
    return {
        Role.ADMIN: mint_token(Role.ADMIN, clinic, subject="admin-fuzz"),
        Role.MASSAGE_THERAPIST: mint_token(Role.MASSAGE_THERAPIST, clinic, subject="lmt-fuzz"),
    }


@pytest.mark.parametrize("service", ["referrals", "scheduling", "notes", "notifications"])
def test_the_api_holds_to_its_own_document(service: str, system: System, tokens: dict[Role, str]) -> None:
    """Every operation of the document, each with a few generated requests; all failures are
    collected so one run shows them all."""
    schema = schemathesis.openapi.from_url(f"{system.urls[service]}/openapi.json").exclude(
        path="/inbox/stream"
    )
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @EXAMPLES
        def exercise(case: Any) -> None:
            _call(case, tokens)

        try:
            exercise()
        except (Exception, BaseExceptionGroup) as error:  # keep going through the other operations
            failures.append(f"{operation.label}: {str(error)[:1500]}")
    assert failures == [], "\n\n".join(failures)


def _call(case: Any, tokens: dict[Role, str]) -> None:
    writes_a_note = case.method != "GET" and any(case.path.startswith(p) for p in NOTE_WRITES)
    role = Role.MASSAGE_THERAPIST if writes_a_note else Role.ADMIN
    case.call_and_validate(headers={"Authorization": f"Bearer {tokens[role]}"}, checks=CHECKS, timeout=30)
