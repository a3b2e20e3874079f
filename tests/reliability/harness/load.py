"""A steady, bounded workload: one new flow every ``interval`` seconds, at most ``concurrency``
in flight, until ``flows`` have started; faults are injected while it runs."""

import asyncio
from dataclasses import dataclass, field

import httpx

from .flows import Clinic, FlowRecord, add_provider, new_flow, run_flow, run_id
from .http import Calls, Indeterminate


@dataclass
class Workload:
    clinic: Clinic
    flows: int = 30
    interval: float = 0.5
    concurrency: int = 8
    records: list[FlowRecord] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._http = httpx.AsyncClient(timeout=httpx.Timeout(30.0, connect=5.0))
        self.calls = Calls(self._http, self.clinic.system.live_url)
        self._run = run_id()
        self._task: asyncio.Task[None] | None = None
        self.started = asyncio.Event()

    async def prepare(self) -> None:
        """The flows' therapists, created before the clock starts."""
        self.records = [new_flow(number, self._run) for number in range(self.flows)]
        await asyncio.gather(*(add_provider(self.calls, self.clinic, flow) for flow in self.records))

    def start(self) -> None:
        self._task = asyncio.create_task(self._drive())

    async def finish(self) -> None:
        assert self._task is not None
        await self._task
        await self._http.aclose()

    async def _drive(self) -> None:
        slots = asyncio.Semaphore(self.concurrency)
        running: list[asyncio.Task[None]] = []
        for flow in self.records:
            await slots.acquire()
            running.append(asyncio.create_task(self._one(flow, slots)))
            if len(running) == min(3, len(self.records)):
                self.started.set()
            await asyncio.sleep(self.interval)
        await asyncio.gather(*running)

    async def _one(self, flow: FlowRecord, slots: asyncio.Semaphore) -> None:
        try:
            await run_flow(self.calls, self.clinic, flow)
        except Indeterminate:
            pass  # flow.broke_at names the step; the reconciliation only requires what was acked
        finally:
            slots.release()

    def summary(self) -> str:
        done = sum(flow.signed for flow in self.records)
        broken = [f"{flow.number}@{flow.broke_at}" for flow in self.records if flow.broke_at]
        counts = ", ".join(f"{key} {value}" for key, value in sorted(self.calls.counts.items()))
        return f"flows {len(self.records)} (complete {done}, broken {broken or 'none'}); requests: {counts}"
