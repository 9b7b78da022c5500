"""The bound on fresh renders, the per-client allowance and the file cache of the chart routes."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest

from moskvich.publish.limits import Allowance, Bound, Busy, Config, FileCache


def _run(coroutine):
    """asyncio.run in a thread of its own: a browser test before this one on the same worker leaves
    Playwright's event loop running in the main thread, where asyncio.run refuses to start."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_client_has_its_burst_then_one_render_per_interval():
    clock = Clock()
    allowance = Allowance(3, 6.0, clock)  # 3 at once, then one every 2 s
    for _ in range(3):
        allowance.take("a")
    with pytest.raises(Busy) as busy:
        allowance.take("a")
    assert busy.value.retry_after == 2 and "ask again in 2 s" in busy.value.reason
    allowance.take("b")  # another client has its own
    clock.now += 2
    allowance.take("a")
    with pytest.raises(Busy):
        allowance.take("a")


def test_the_bound_lets_slots_run_and_queue_wait_and_turns_the_rest_away():
    async def scenario() -> list[object]:
        bound = Bound(slots=1, queue=2)
        release = asyncio.Event()
        running = []

        async def work() -> bytes:
            running.append(1)
            await release.wait()
            return b"file"

        tasks = [asyncio.create_task(bound.run(work)) for _ in range(5)]
        await asyncio.sleep(0)
        await asyncio.sleep(0)
        assert len(running) == 1 and bound.admitted == 3  # one drawn, two waiting
        release.set()
        return await asyncio.gather(*tasks, return_exceptions=True)

    results = _run(scenario())
    assert results[:3] == [b"file"] * 3
    assert all(isinstance(r, Busy) and r.retry_after >= 1 for r in results[3:])


def test_identical_requests_at_once_cost_one_render_and_the_cache_keeps_to_its_size():
    async def scenario() -> tuple[list[bytes], int, FileCache]:
        cache = FileCache(limit=10)
        made = 0

        async def make() -> bytes:
            nonlocal made
            made += 1
            await asyncio.sleep(0.01)
            return b"12345"

        files = await asyncio.gather(*(cache.get("k", make) for _ in range(4)))
        await cache.get("k", make)
        await cache.get("other", make)
        await cache.get("third", make)  # 15 bytes: the least recently used goes
        return list(files), made, cache

    files, made, cache = _run(scenario())
    assert files == [b"12345"] * 4 and made == 3
    assert cache.cached("k") is None and cache.cached("third") == b"12345"


def test_a_failed_render_is_not_cached():
    async def scenario() -> FileCache:
        cache = FileCache(limit=100)

        async def fail() -> bytes:
            raise Busy(3, "busy")

        with pytest.raises(Busy):
            await cache.get("k", fail)
        return cache

    assert _run(scenario()).cached("k") is None


def test_limits_come_from_the_environment():
    config = Config.from_env({"MOSKVICH_RENDER_LIMIT": "5/10", "MOSKVICH_RENDER_SLOTS": "3"})
    assert (config.burst, config.per, config.slots, config.queue) == (5, 10.0, 3, Config().queue)
