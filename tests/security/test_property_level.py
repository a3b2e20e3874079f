"""Property-level access (OWASP API3), generated from the four OpenAPI documents: every write
model, nested ones included, refuses fields it does not declare, so no request sets a status,
version, signature, author or clinic by mass assignment; and read models hold back what a role
may not see."""

from typing import Any

import httpx
import pytest
from carecoord.auth import Role
from carecoord_local.testing import MintToken

from .conftest import System
from .world import World

# Fields the services own: a request naming one of them (where its model does not) is refused.
SERVER_OWNED = {
    "id": "x",
    "clinic_id": "another-clinic",
    "status": "signed",
    "version": 99,
    "signed_at": "2026-01-01T00:00:00Z",
    "signed_by": "someone",
    "author_id": "someone",
    "referring_physician_id": "someone",
    "created_at": "2026-01-01T00:00:00Z",
    "secret": "whsec_x",
    "owner": "someone",
    "care_plan_id": "x",
}


async def _documents(system: System) -> dict[str, dict[str, Any]]:
    async with httpx.AsyncClient(timeout=30) as http:
        return {name: (await http.get(f"{url}/openapi.json")).json() for name, url in system.urls.items()}


def _body_schema(operation: dict[str, Any]) -> dict[str, Any] | None:
    content = operation.get("requestBody", {}).get("content", {}).get("application/json")
    return content["schema"] if content else None


def _resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _open_objects(document: dict[str, Any], schema: dict[str, Any], seen: set[str], where: str) -> list[str]:
    """Object schemas reachable from ``schema`` that would take undeclared properties."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        if name in seen:
            return []
        seen.add(name)
        return _open_objects(document, _resolve(document, schema), seen, name)
    found = []
    if "properties" in schema and schema.get("additionalProperties") is not False:
        found.append(where)
    children = [*schema.get("properties", {}).values(), *schema.get("anyOf", []), *schema.get("allOf", [])]
    for key in ("items", "additionalProperties"):
        if isinstance(schema.get(key), dict):
            children.append(schema[key])
    for child in children:
        found += _open_objects(document, child, seen, where)
    return found


async def test_every_write_model_refuses_undeclared_fields(system: System) -> None:
    open_models = []
    for service, document in (await _documents(system)).items():
        for path, operations in document["paths"].items():
            for method, operation in operations.items():
                schema = _body_schema(operation)
                if schema is not None:
                    where = f"{service} {method.upper()} {path}"
                    open_models += [f"{where}: {m}" for m in _open_objects(document, schema, set(), where)]
    assert open_models == []


async def test_server_owned_fields_cannot_be_mass_assigned_anywhere(
    system: System, mint_token: MintToken
) -> None:
    """Each write endpoint, sent each server-owned field its model does not declare, answers 422
    naming that field: the refusal is the model's, before any route runs."""
    headers = {"Authorization": f"Bearer {mint_token(Role.ADMIN, 'clinic-mass', subject='admin-1')}"}
    accepted = []
    tried = 0
    async with httpx.AsyncClient(timeout=30) as http:
        for service, document in (await _documents(system)).items():
            for path, operations in document["paths"].items():
                for method, operation in operations.items():
                    schema = _body_schema(operation)
                    if schema is None:
                        continue
                    declared = _resolve(document, schema).get("properties", {})
                    url = system.urls[service] + path.replace("{", "").replace("}", "")
                    for field, value in SERVER_OWNED.items():
                        if field in declared:
                            continue
                        tried += 1
                        response = await http.request(method, url, json={field: value}, headers=headers)
                        errors = response.json().get("errors") if response.status_code == 422 else None
                        refused = isinstance(errors, list) and any(
                            e["loc"] == ["body", field] and e["type"] == "extra_forbidden" for e in errors
                        )
                        if not refused:
                            accepted.append(
                                f"{service} {method.upper()} {path} took {field}: {response.status_code}"
                            )
    assert tried > 100
    assert accepted == []


@pytest.mark.parametrize(
    ("role", "sees_conditions"),
    [(Role.SCHEDULER, False), (Role.ADMIN, True), (Role.MASSAGE_THERAPIST, True)],
)
async def test_a_scheduler_books_from_a_care_plan_view_without_the_patients_conditions(
    role: Role, sees_conditions: bool, system: System, world: World, mint_token: MintToken
) -> None:
    token = mint_token(role, world.clinics["A"], subject="lmt-own")
    async with httpx.AsyncClient(timeout=30) as http:
        response = await http.get(
            f"{system.urls['scheduling']}/care-plans/{world.care_plans['own']}",
            headers={"Authorization": f"Bearer {token}"},
        )
    assert response.status_code == 200
    plan = response.json()
    assert (plan["conditions"] == ["low back pain"]) is sees_conditions
    assert plan["disciplines"], "what booking needs is still there"
