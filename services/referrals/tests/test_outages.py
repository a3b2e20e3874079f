"""With the database down the service says so: not ready, and writes fail with 503, whole."""

from pathlib import Path

from carecoord.auth import Role
from carecoord_local.ports import free_port
from carecoord_local.postgres import PostgresServer
from carecoord_local.testing import MintToken, running_app, service_environment
from referrals.bootstrap import build_app
from referrals.config import ReferralsSettings

from .test_referrals_api import REFERRAL, bearer


async def test_a_database_outage_makes_the_service_unready_and_writes_fail_with_503(
    tmp_path: Path, kafka_bootstrap: str, dev_keys: tuple[Path, Path], mint_token: MintToken
) -> None:
    server = PostgresServer(tmp_path / "pg", free_port(), fast=True)
    server.start()
    try:
        settings = ReferralsSettings(**service_environment(server.url("postgres"), kafka_bootstrap, dev_keys))  # type: ignore[arg-type]
        physician = bearer(mint_token(Role.PHYSICIAN, "clinic-a"))
        async with running_app(build_app(settings)) as client:
            assert (await client.post("/referrals", json=REFERRAL, headers=physician)).status_code == 201
            server.stop()
            ready = await client.get("/readyz")
            assert ready.status_code == 503
            assert ready.json()["checks"] == {"database": False, "broker": True}
            refused = await client.post("/referrals", json=REFERRAL, headers=physician)
            assert refused.status_code == 503
            assert "nothing was written" in refused.json()["detail"]
            server.start()
            assert (await client.get("/readyz")).status_code == 200
            assert (await client.post("/referrals", json=REFERRAL, headers=physician)).status_code == 201
    finally:
        server.stop()
