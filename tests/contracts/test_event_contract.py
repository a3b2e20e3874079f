"""The committed event contract is what the models and the services' dispatchers generate, its
examples and the producer's real headers satisfy its schemas, and no model change breaks a
consumer of the baseline without a new type version."""

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest
from carecoord.contract.compatibility import breaking_changes
from carecoord.contract.documents import documents, read_documents, schema_documents
from carecoord.contract.headers import cloudevents_headers
from carecoord.contract.services import installed_services
from carecoord.envelope import CloudEvent
from carecoord.events import ReferralReceived
from carecoord.events.schemas import json_schemas

DOCS = Path(__file__).resolve().parents[2] / "docs" / "events"
REGENERATE = "regenerate with `make events`"
ACCEPT = (
    "a change that breaks consumers needs a new type version (.v2) beside the old one; "
    "if it is intended, record it with `make events-baseline`"
)


@pytest.fixture(scope="module")
def asyncapi() -> dict[str, Any]:
    document: dict[str, Any] = json.loads((DOCS / "asyncapi.json").read_text())
    return document


def test_committed_event_contract_matches_the_models_and_services() -> None:
    committed = read_documents(DOCS)
    generated = documents(installed_services())
    drifted = sorted(
        name for name in committed.keys() | generated.keys() if committed.get(name) != generated.get(name)
    )
    assert not drifted, f"docs/events drifted from the models in {drifted}; {REGENERATE}"


def test_no_event_type_breaks_the_consumers_of_its_baseline() -> None:
    baseline = {
        name.removesuffix(".json"): json.loads(text)
        for name, text in read_documents(DOCS / "baseline").items()
    }
    changes = breaking_changes(baseline, json_schemas())
    assert not changes, "\n".join([*map(str, changes), ACCEPT])


def test_the_baseline_records_every_published_schema() -> None:
    assert read_documents(DOCS / "baseline") == schema_documents(), (
        "an event schema changed compatibly or a type was added; record it with `make events-baseline`"
    )


def test_every_message_example_satisfies_its_headers_and_payload_schemas(asyncapi: dict[str, Any]) -> None:
    components = asyncapi["components"]
    for channel in asyncapi["channels"].values():
        for message in channel["messages"].values():
            message = _resolved(message, asyncapi)
            for example in message["examples"]:
                _assert_valid(message["headers"], example["headers"], components)
                _assert_valid(message["payload"], example["payload"], components)


def test_every_channel_declares_its_kafka_topic_and_every_message_its_key(asyncapi: dict[str, Any]) -> None:
    for channel in asyncapi["channels"].values():
        assert channel["bindings"]["kafka"]["topic"] == channel["address"]
        for message in channel["messages"].values():
            assert _resolved(message, asyncapi)["bindings"]["kafka"]["key"]["type"] == "string"


def test_the_headers_the_producer_writes_satisfy_the_contract() -> None:
    event = CloudEvent(
        type=ReferralReceived.type,
        source="/carecoord/referrals",
        subject="referrals/referral-1",
        data={},
        time=datetime.now(UTC),
        traceparent="00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
    )
    _, headers = event.to_kafka()
    _assert_valid(cloudevents_headers(ReferralReceived.type), {k: v.decode() for k, v in headers}, {})


def test_every_event_type_names_the_service_that_sends_it(asyncapi: dict[str, Any]) -> None:
    sent = {
        ref["$ref"]
        for op in asyncapi["operations"].values()
        if op["action"] == "send"
        for ref in op["messages"]
    }
    for channel_id, channel in asyncapi["channels"].items():
        for message_id in channel["messages"] if not channel_id.endswith("_dlq") else []:
            assert f"#/channels/{channel_id}/messages/{message_id}" in sent, f"nobody sends {message_id}"


def _resolved(maybe_ref: dict[str, Any], document: dict[str, Any]) -> dict[str, Any]:
    if "$ref" not in maybe_ref:
        return maybe_ref
    node: Any = document
    for part in maybe_ref["$ref"].removeprefix("#/").split("/"):
        node = node[part]
    return _resolved(node, document)


def _assert_valid(schema: dict[str, Any], instance: Any, components: dict[str, Any]) -> None:
    validator = jsonschema_rs.validator_for({**schema, "components": components}, validate_formats=True)
    errors = [f"{list(error.instance_path)}: {error.message}" for error in validator.iter_errors(instance)]
    assert not errors, errors
