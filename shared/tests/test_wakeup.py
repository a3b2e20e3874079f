"""A background loop stops when cancelled, even when woken at the same moment (the race that
``asyncio.wait_for`` loses on Python 3.11 and that hung a service's shutdown)."""

import asyncio

import pytest
from carecoord.wakeup import Wakeup


async def _loop(wakeup: Wakeup, rounds: list[int]) -> None:
    while True:
        rounds.append(1)
        await wakeup.wait(0.2)


@pytest.mark.parametrize("steps_between", range(6))
async def test_a_loop_woken_as_it_is_cancelled_stops(steps_between: int) -> None:
    wakeup = Wakeup()
    task = asyncio.create_task(_loop(wakeup, []))
    await asyncio.sleep(0.01)
    wakeup.set()
    for _ in range(steps_between):
        await asyncio.sleep(0)
    task.cancel()
    done, _ = await asyncio.wait({task}, timeout=1)
    assert done, "the cancellation was swallowed and the loop ran on"
    assert task.cancelled()


async def test_waking_ends_the_wait_early_and_the_next_wait_waits_afresh() -> None:
    wakeup = Wakeup()
    rounds: list[int] = []
    task = asyncio.create_task(_loop(wakeup, rounds))
    await asyncio.sleep(0.01)
    wakeup.set()
    await asyncio.sleep(0.01)
    assert len(rounds) == 2  # woken once: one more round, then waiting again
    await asyncio.sleep(0.25)
    assert len(rounds) == 3  # the timeout ends a wait too
    task.cancel()
