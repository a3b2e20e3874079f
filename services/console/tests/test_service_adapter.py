"""The services' errors are RFC 9457 problems; the console keeps their message for the page, and
a 422's invalid fields for the form (the problem's ``errors``, by location)."""

import httpx
import pytest
from console.adapters.services import ServiceRefused, UserServices

PROBLEM = "application/problem+json"


async def _refusal(status: int, body: dict[str, object]) -> ServiceRefused:
    transport = httpx.MockTransport(
        lambda request: httpx.Response(status, json=body, headers={"content-type": PROBLEM})
    )
    async with httpx.AsyncClient(transport=transport) as http:
        services = UserServices(http, {"referrals": "http://referrals"}, "token")
        with pytest.raises(ServiceRefused) as refused:
            await services.call("POST", "referrals", "/referrals/r-1/decline", json={})
    return refused.value


async def test_a_problems_detail_is_the_message_shown() -> None:
    refused = await _refusal(
        409,
        {
            "type": "urn:carecoord:problem:illegal-transition",
            "title": "Conflict",
            "status": 409,
            "detail": "referral is accepted; cannot decline",
            "instance": "/referrals/r-1/decline",
            "current_status": "accepted",
        },
    )
    assert (refused.status, refused.detail) == (409, "referral is accepted; cannot decline")


async def test_a_validation_problems_fields_reach_the_form() -> None:
    refused = await _refusal(
        422,
        {
            "type": "urn:carecoord:problem:invalid-request",
            "title": "Unprocessable Content",
            "status": 422,
            "detail": "the request is not valid: one field is wrong",
            "instance": "/referrals/r-1/decline",
            "errors": [
                {
                    "loc": ["body", "reason_code"],
                    "pointer": "/body/reason_code",
                    "detail": "Field required",
                    "type": "missing",
                }
            ],
        },
    )
    assert refused.detail == [{"loc": ["body", "reason_code"], "msg": "Field required"}]
