from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from carecoord_local.testing import MintToken, NewDatabase

from .service import Service, run_service


@pytest.fixture
async def service(
    new_database: NewDatabase, kafka_bootstrap: str, dev_keys: tuple[Path, Path], mint_token: MintToken
) -> AsyncIterator[Service]:
    async with run_service(await new_database(), kafka_bootstrap, dev_keys, mint_token) as running:
        yield running
