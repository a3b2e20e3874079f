"""The committed OpenAPI documents are what the services generate, they are valid OpenAPI 3.1
(checked by openapi-spec-validator), and they tell an integrator the truth: bearer security on
every operation that needs a token, every error as a problem, readable unique operation ids,
tags without repeats, and notifications' webhooks with their payloads and signature headers."""

import json
import re
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest
from carecoord.contract.api import api_documents
from carecoord.contract.documents import read_documents
from carecoord.events import Topic
from carecoord.events.schemas import published_events
from openapi_spec_validator import validate

DOCS = Path(__file__).resolve().parents[2] / "docs" / "api"
SERVICES = ["notes", "notifications", "referrals", "scheduling"]
PLATFORM = {"/healthz", "/readyz"}


def _document(service: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads((DOCS / f"{service}.openapi.json").read_text())
    return document


def _operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(path, method, op) for path, ops in document["paths"].items() for method, op in ops.items()]


def test_committed_api_documents_match_the_services() -> None:
    committed = read_documents(DOCS)
    generated = api_documents()
    assert sorted(generated) == [f"{service}.openapi.json" for service in SERVICES]
    drifted = sorted(
        name for name in committed.keys() | generated.keys() if committed.get(name) != generated.get(name)
    )
    assert not drifted, f"docs/api drifted from the services in {drifted}; regenerate with `make api`"


@pytest.mark.parametrize("service", SERVICES)
def test_the_document_is_valid_openapi(service: str) -> None:
    validate(_document(service))


@pytest.mark.parametrize("service", SERVICES)
def test_every_operation_but_the_platforms_needs_a_bearer_token(service: str) -> None:
    document = _document(service)
    assert document["components"]["securitySchemes"]["bearer"] == {
        **document["components"]["securitySchemes"]["bearer"],
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
    }
    for path, method, operation in _operations(document):
        expected = [] if path in PLATFORM else [{"bearer": []}]
        assert operation.get("security", []) == expected, f"{method} {path}"
        if path not in PLATFORM:
            assert {"401", "403"} <= operation["responses"].keys(), f"{method} {path}"


@pytest.mark.parametrize("service", SERVICES)
def test_every_error_is_a_documented_problem(service: str) -> None:
    document = _document(service)
    for path, method, operation in _operations(document):
        errors = {status: r for status, r in operation["responses"].items() if status[0] in "45"}
        assert {"500", "503"} <= errors.keys(), f"{method} {path}"
        for status, response in errors.items():
            if path == "/readyz":
                continue
            schema = response["content"]["application/problem+json"]["schema"]["$ref"]
            wanted = "ValidationProblem" if status == "422" else "Problem"
            assert schema == f"#/components/schemas/{wanted}", f"{method} {path} {status}"


@pytest.mark.parametrize("service", SERVICES)
def test_operation_ids_read_well_and_tags_do_not_repeat(service: str) -> None:
    operations = _operations(_document(service))
    ids = [operation["operationId"] for _, _, operation in operations]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z]+(?:[A-Z][a-z]+)*", i) for i in ids), ids
    for path, method, operation in operations:
        assert len(operation["tags"]) == len(set(operation["tags"])) == 1, f"{method} {path}"


def test_notifications_documents_each_webhook_with_its_payload_and_signature() -> None:
    document = _document("notifications")
    subscribable = sorted(name for name, model in published_events().items() if model.topic != Topic.AUDIT)
    assert sorted(document["webhooks"]) == subscribable
    for event_type, operations in document["webhooks"].items():
        operation = operations["post"]
        headers = {p["name"] for p in operation["parameters"] if p["in"] == "header"}
        assert headers == {"webhook-id", "webhook-timestamp", "webhook-signature"}, event_type
        payload = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"].split("/")[-1]
        properties = document["components"]["schemas"][payload]["properties"]
        assert properties["type"]["const"] == event_type
    create = document["components"]["schemas"]["SubscriptionCreate"]["properties"]["event_types"]
    assert create["items"]["enum"] == subscribable


@pytest.mark.parametrize("service", SERVICES)
def test_every_example_of_a_write_body_satisfies_its_schema(service: str) -> None:
    document = _document(service)
    examples = {
        name: schema["examples"]
        for name, schema in document["components"]["schemas"].items()
        if "examples" in schema and schema.get("type") == "object"
    }
    assert examples, f"{service} documents no example of a write body"
    for name, values in examples.items():
        validator = jsonschema_rs.validator_for(
            {"$ref": f"#/components/schemas/{name}", "components": document["components"]}
        )
        for example in values:
            assert validator.is_valid(example), f"{name}: {list(validator.iter_errors(example))[:3]}"
