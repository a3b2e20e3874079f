from pathlib import Path

import pytest
from carecoord.settings import ServiceSettings
from pydantic import ValidationError


def test_production_refuses_the_development_key() -> None:
    with pytest.raises(ValidationError, match="development key"):
        ServiceSettings(
            environment="production", jwt_dev_public_key_path=Path("k.pem"), jwt_jwks_url="https://idp/jwks"
        )


def test_production_needs_an_https_jwks() -> None:
    with pytest.raises(ValidationError, match="JWKS"):
        ServiceSettings(environment="production", jwt_jwks_url="http://idp/jwks")


def test_production_with_an_issuer_jwks_is_accepted() -> None:
    settings = ServiceSettings(environment="production", jwt_jwks_url="https://idp.example/jwks")
    assert settings.jwt_dev_public_key_path is None


def test_some_way_to_verify_tokens_is_required() -> None:
    with pytest.raises(ValidationError, match="verify tokens"):
        ServiceSettings()
