from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from carecoord_local.testing import MintToken, NewDatabase, running_app, service_environment
from scheduling.bootstrap import build_app
from scheduling.config import SchedulingSettings

from .harness import Clinic


@pytest.fixture
async def clinic(
    new_database: NewDatabase, kafka_bootstrap: str, dev_keys: tuple[Path, Path], mint_token: MintToken
) -> AsyncIterator[Clinic]:
    settings = SchedulingSettings(**service_environment(await new_database(), kafka_bootstrap, dev_keys))  # type: ignore[arg-type]
    async with running_app(build_app(settings)) as client:
        yield Clinic(client, mint_token, kafka_bootstrap)
