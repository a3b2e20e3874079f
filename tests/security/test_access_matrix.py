"""The generated access matrix: every endpoint of the four OpenAPI documents, as every role,
against the caller's own patient, another patient of the same clinic and a patient of another
clinic, gives the outcome docs/security/permissions.md documents, and leaves the audit rows it
promises (actor, role, clinic, patient, resource, action, outcome, trace id)."""

import itertools
from typing import Any

import httpx
import pytest
from carecoord.auth import Role
from carecoord_local.testing import MintToken

from .conftest import System, traceparent
from .matrix import Row, read_matrix
from .recipes import RECIPES, Call, Target
from .world import CONTEXTS, SUBJECT_OF_ROLE, World

MATRIX = read_matrix()
PLATFORM_PATHS = {"/healthz", "/readyz"}
DECISION_OF_OUTCOME = {"ok": "allowed", "none": "allowed", "403": "forbidden", "404": "not_found"}
_sequence = itertools.count()


async def test_every_endpoint_has_a_row_in_the_matrix_and_a_recipe(
    system: System, http: httpx.AsyncClient
) -> None:
    served = set()
    for service, url in system.urls.items():
        document = (await http.get(f"{url}/openapi.json")).json()
        for path, operations in document["paths"].items():
            if path not in PLATFORM_PATHS:
                served |= {f"{service} {method.upper()} {path}" for method in operations}
    documented = {row.endpoint for row in MATRIX}
    assert served - documented == set(), "endpoints without a row in docs/security/permissions.md"
    assert documented - served == set(), "rows of docs/security/permissions.md that no service serves"
    assert documented - RECIPES.keys() == set(), "rows without a recipe in tests/security/recipes.py"


@pytest.mark.parametrize("row", MATRIX, ids=[row.endpoint for row in MATRIX])
async def test_the_endpoint_answers_every_role_as_documented(
    row: Row, system: System, world: World, http: httpx.AsyncClient, mint_token: MintToken
) -> None:
    make_call = RECIPES[row.endpoint]
    problems: list[str] = []
    for role, outcomes in row.outcomes.items():
        scopes = "system/*.read" if role is Role.INTEGRATOR else ""
        token = mint_token(role, world.clinics["A"], subject=SUBJECT_OF_ROLE[role], scopes=scopes)
        for context, expected in zip(CONTEXTS, outcomes, strict=True):
            call = make_call(Target(world, role, context, next(_sequence)))
            trace_id, trace_header = traceparent()
            headers = {"Authorization": f"Bearer {token}", **trace_header, **call.headers}
            status, body = await _send(http, f"{system.urls[row.service]}{call.path}", call, headers)
            where = f"{role} / {context}: expected {expected}, got {status}"
            if not _answers(expected, status, body, call):
                problems.append(f"{where} {str(body)[:200]}")
                continue
            rows = await system.audit_rows(row.service, trace_id)
            problems += [
                f"{where}: {problem}" for problem in _audit_problems(row, role, expected, call, world, rows)
            ]
    assert problems == [], "\n".join(problems)


async def _send(http: httpx.AsyncClient, url: str, call: Call, headers: dict[str, str]) -> tuple[int, Any]:
    if call.stream:  # a server-sent event stream: the status says it all, then hang up
        async with http.stream("GET", url, headers=headers) as response:
            return response.status_code, None
    response = await http.request(call.method, url, params=call.params, json=call.json, headers=headers)
    try:
        return response.status_code, response.json()
    except ValueError:
        return response.status_code, response.text


def _answers(expected: str, status: int, body: Any, call: Call) -> bool:
    if expected == "ok":
        return status < 500 and status not in (401, 403, 404)
    if expected == "none":
        assert call.shows_nothing is not None, "a 'none' outcome needs the recipe's shows_nothing"
        return 200 <= status < 300 and call.shows_nothing(body)
    return status == int(expected)


def _audit_problems(
    row: Row, role: Role, expected: str, call: Call, world: World, rows: list[Any]
) -> list[str]:
    decision = DECISION_OF_OUTCOME[expected]
    if not rows:
        needed = row.audit == "every call" or decision != "allowed"
        return ["no audit row for this call"] if needed else []
    problems = []
    for audit in rows:
        who = (audit["actor"], audit["role"], audit["clinic_id"])
        if who != (SUBJECT_OF_ROLE[role], str(role), world.clinics["A"]):
            problems.append(f"audit row names {who}")
        if not audit["resource"] or not audit["action"]:
            problems.append(f"audit row {audit['id']} lacks resource or action")
        if call.patient_id is not None and audit["patient_id"] not in (None, call.patient_id):
            problems.append(
                f"audit row names patient {audit['patient_id']}, the call is about {call.patient_id}"
            )
    outcomes = {audit["outcome"] for audit in rows}
    if decision not in outcomes or (decision == "allowed" and outcomes != {"allowed"}):
        problems.append(f"audit outcomes {sorted(outcomes)}, expected {decision}")
    if call.patient_id and expected != "404" and decision in outcomes:
        if not any(audit["patient_id"] == call.patient_id for audit in rows if audit["outcome"] == decision):
            if decision == "allowed":
                problems.append("the allowed access is audited without its patient")
    return problems
