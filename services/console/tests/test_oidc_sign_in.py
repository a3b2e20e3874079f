"""Production sign-in against a real OpenID Connect provider started by the test
(oidc-provider-mock): authorization code flow with PKCE, state and nonce."""

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import oidc_provider_mock
import pytest
from carecoord_local.ports import free_port
from console.bootstrap import build_app
from console.config import ConsoleSettings
from console.domain.pkce import s256_challenge
from fastapi.testclient import TestClient

CONSOLE = "https://console.clinic.test"


@pytest.fixture
def identity_provider() -> Iterator[str]:
    with oidc_provider_mock.run_server_in_thread() as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture
def console(identity_provider: str, tmp_path: Path) -> Iterator[TestClient]:
    nowhere = f"http://127.0.0.1:{free_port()}"
    settings = ConsoleSettings(
        environment="production",  # type: ignore[arg-type]
        session_secret="s" * 48,
        oidc_issuer=identity_provider,
        oidc_client_id="carecoord-console",
        oidc_client_secret="console-secret",
        referrals_url=nowhere,
        scheduling_url=nowhere,
        notes_url=nowhere,
        notifications_url=nowhere,
    )
    with TestClient(build_app(settings), base_url=CONSOLE, follow_redirects=False) as client:
        yield client


def authorize_at_provider(console: TestClient, subject: str) -> str:
    """Starts sign-in at the console, signs in at the provider's form; returns the callback path."""
    assert console.get("/sign-in").headers["location"] == "/oidc/sign-in"
    authorization = console.get("/oidc/sign-in").headers["location"]
    query = parse_qs(urlsplit(authorization).query)
    assert query["code_challenge_method"] == ["S256"] and query["redirect_uri"] == [
        f"{CONSOLE}/oidc/callback"
    ]
    answered = httpx.post(authorization, data={"sub": subject})
    assert answered.status_code == 302, answered.text
    callback = urlsplit(answered.headers["location"])
    return f"{callback.path}?{callback.query}"


def test_a_person_signs_in_with_the_clinics_identity_provider(
    identity_provider: str, console: TestClient
) -> None:
    claims = {"role": "physical_therapist", "clinic": "clinic-1", "name": "Alex Morgan"}
    assert httpx.put(f"{identity_provider}/users/pt-alex", json=claims).status_code == 204

    signed_in = console.get(authorize_at_provider(console, "pt-alex"))
    assert (signed_in.status_code, signed_in.headers["location"]) == (303, "/")
    cookie = signed_in.headers["set-cookie"].lower()
    assert "; secure" in cookie and "httponly" in cookie and "samesite=lax" in cookie

    page = console.get("/notifications")  # the services are down here: the page says so, signed in
    assert page.status_code == 503
    assert "pt-alex · Physical therapist · clinic-1" in page.text


def test_a_callback_that_this_console_did_not_start_is_refused(
    identity_provider: str, console: TestClient
) -> None:
    assert (
        httpx.put(f"{identity_provider}/users/pt-alex", json={"role": "admin", "clinic": "c-1"}).status_code
        == 204
    )
    callback = authorize_at_provider(console, "pt-alex")
    forged = callback.replace("state=", "state=forged")
    assert console.get(forged).status_code == 400
    assert console.get("/notifications").headers["location"] == "/sign-in"


def test_an_account_without_a_role_and_clinic_is_refused(identity_provider: str, console: TestClient) -> None:
    response = console.get(authorize_at_provider(console, "someone@example.com"))
    assert response.status_code == 403
    assert "no CareCoord role or clinic" in response.text


def test_the_pkce_challenge_is_rfc_7636s_s256() -> None:
    verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"  # the RFC's own example
    assert s256_challenge(verifier) == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
