"""The console's own rules, with every service unreachable (a closed port): sessions, CSRF,
security headers, production refusals, and an outage that keeps what the user typed."""

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from carecoord.dev_keys import ensure_dev_keypair
from carecoord_local.ports import free_port
from console.bootstrap import build_app
from console.config import ConsoleSettings
from fastapi.testclient import TestClient
from pydantic import ValidationError

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def settings(tmp_path: Path, **overrides: object) -> ConsoleSettings:
    nowhere = f"http://127.0.0.1:{free_port()}"
    private_key, _ = ensure_dev_keypair(tmp_path / "keys")
    values: dict[str, object] = {
        "jwt_dev_private_key_path": private_key,
        **{f"{name}_url": nowhere for name in ("referrals", "scheduling", "notes", "notifications")},
        **overrides,
    }
    return ConsoleSettings(**values)  # type: ignore[arg-type]


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    with TestClient(build_app(settings(tmp_path)), follow_redirects=False) as client:
        yield client


def csrf_of(client: TestClient, path: str = "/sign-in") -> str:
    match = CSRF.search(client.get(path).text)
    assert match is not None
    return match.group(1)


def sign_in(client: TestClient) -> None:
    form = {"csrf_token": csrf_of(client), "subject": "front-desk", "role": "admin", "clinic_id": "clinic-1"}
    assert client.post("/sign-in", data=form).status_code == 303


def test_signed_out_pages_lead_to_sign_in(client: TestClient) -> None:
    for path in ("/", "/referrals", "/care-plans/p-1", "/notifications"):
        response = client.get(path)
        assert (response.status_code, response.headers["location"]) == (303, "/sign-in")


def test_the_session_cookie_is_http_only_and_same_site_lax(client: TestClient) -> None:
    form = {"csrf_token": csrf_of(client), "subject": "dr-osei", "role": "physician", "clinic_id": "clinic-1"}
    cookie = client.post("/sign-in", data=form).headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "secure" not in cookie


def test_outside_development_the_session_cookie_is_secure(tmp_path: Path) -> None:
    with TestClient(
        build_app(settings(tmp_path, environment="test")), base_url="https://testserver"
    ) as client:
        form = {"csrf_token": csrf_of(client), "subject": "dr-osei", "role": "physician", "clinic_id": "c-1"}
        cookie = client.post("/sign-in", data=form, follow_redirects=False).headers["set-cookie"].lower()
    assert "; secure" in cookie


def test_a_form_without_the_sessions_csrf_token_is_refused(client: TestClient) -> None:
    sign_in(client)
    for token in (None, "forged"):
        data = {"reason_code": "x", **({"csrf_token": token} if token else {})}
        response = client.post("/referrals/r-1/decline", data=data)
        assert response.status_code == 403
        assert "did not come from this console" in response.text


def test_every_page_carries_a_strict_content_security_policy(client: TestClient) -> None:
    response = client.get("/sign-in")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response.headers["cache-control"] == "no-store"
    assert "<script>" not in response.text and " on" + "click=" not in response.text


def test_a_bad_sign_in_is_shown_next_to_its_fields(client: TestClient) -> None:
    form = {"csrf_token": csrf_of(client), "subject": "no spaces", "role": "admin", "clinic_id": "clinic-1"}
    response = client.post("/sign-in", data=form)
    assert response.status_code == 422
    assert 'id="subject-error"' in response.text and 'value="no spaces"' in response.text


def test_an_outage_shows_a_banner_and_keeps_what_was_typed(client: TestClient) -> None:
    sign_in(client)
    form = {
        "csrf_token": csrf_of(client, "/nowhere"),
        "goals.0.metric": "pain_nrs",
        "goals.0.baseline": "8",
        "care_team.0.discipline": "medical_massage",
        "care_team.0.provider_id": "lmt-kim",
    }
    response = client.post("/referrals/r-1/accept", data=form)
    assert response.status_code == 503
    assert "the referrals service is not answering" in response.text
    assert 'value="8"' in response.text and 'value="lmt-kim"' in response.text


def test_a_page_whose_service_is_down_says_so(client: TestClient) -> None:
    sign_in(client)
    response = client.get("/referrals")
    assert response.status_code == 503
    assert 'role="alert"' in response.text and "referrals service is not answering" in response.text


def test_sign_out_ends_the_session(client: TestClient) -> None:
    sign_in(client)
    assert client.post("/sign-out", data={"csrf_token": csrf_of(client, "/nowhere")}).status_code == 303
    assert client.get("/referrals").headers["location"] == "/sign-in"


def test_production_refuses_the_development_key_and_a_weak_session_secret(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="development key"):
        settings(tmp_path, environment="production", session_secret="x" * 40)
    with pytest.raises(ValidationError, match="SESSION_SECRET"):
        ConsoleSettings(environment="production")  # type: ignore[arg-type]


def test_production_signs_in_with_the_identity_provider_only(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="OIDC_ISSUER"):
        settings(tmp_path, environment="production", session_secret="s" * 40, jwt_dev_private_key_path=None)
    production = settings(
        tmp_path,
        environment="production",
        session_secret="s" * 40,
        jwt_dev_private_key_path=None,
        oidc_issuer="https://idp.clinic.test",
        oidc_client_id="console",
        oidc_client_secret="secret",
    )
    with TestClient(build_app(production), follow_redirects=False) as client:
        assert client.get("/sign-in").headers["location"] == "/oidc/sign-in"
        assert client.post("/sign-in", data={}).status_code == 403
