"""One patient's care flow through the four services' public APIs, with an integrator subscribed
to some of its events: the reliability workload's flow, run once."""

from dataclasses import dataclass

import httpx
from carecoord_local.testing import MintToken

from ..reliability.harness.flows import (
    Clinic,
    FlowRecord,
    add_provider,
    new_flow,
    run_flow,
    run_id,
    subscribe,
)
from ..reliability.harness.http import Calls
from .conftest import System


@dataclass
class Minting:
    """What the flow helpers need of a system: tokens for the clinic's users."""

    mint: MintToken


async def run_care_flow(
    system: System, mint_token: MintToken, clinic_id: str, webhook_url: str, event_types: tuple[str, ...]
) -> FlowRecord:
    clinic = Clinic(Minting(mint_token), clinic_id)  # type: ignore[arg-type]
    flow = new_flow(1, run_id())
    async with httpx.AsyncClient(timeout=10) as http:
        calls = Calls(http, lambda service: system.urls[service], step_deadline=30)
        await subscribe(calls, clinic, webhook_url, event_types)
        await add_provider(calls, clinic, flow)
        await run_flow(calls, clinic, flow)
    return flow
