"""What keeps the file routes (moskvich.publish.routes) cheap under load: a bound on fresh renders (a few at
a time, a short queue behind them), a per-client allowance of fresh renders, and a cache of the files
made, so that identical requests, even at once, cost one render.

Every part is in-process and per replica (see docs/deploy.md). Limits come from the environment:
MOSKVICH_RENDER_SLOTS (renders at a time, default 2: the machine's cores), MOSKVICH_RENDER_QUEUE
(waiting behind them, default 6), MOSKVICH_RENDER_LIMIT (fresh renders a client may ask for, as
`count/seconds`, default 30/60) and MOSKVICH_CHART_CACHE_MB (default 128).
"""

from __future__ import annotations

import asyncio
import math
import os
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass


class Busy(Exception):
    """A request beyond a limit; `retry_after` says in how many seconds to ask again."""

    def __init__(self, retry_after: int, reason: str) -> None:
        super().__init__(reason)
        self.retry_after = retry_after
        self.reason = reason


@dataclass(frozen=True)
class Config:
    slots: int = 2
    queue: int = 6
    burst: int = 30  # fresh renders a client may ask for at once...
    per: float = 60.0  # ...and again, one by one, over this many seconds
    cache_bytes: int = 128 * 2**20

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Config:
        env = dict(os.environ if env is None else env)
        default = cls()
        burst, per = default.burst, default.per
        if limit := env.get("MOSKVICH_RENDER_LIMIT"):
            count, _, seconds = limit.partition("/")
            burst, per = int(count), float(seconds or 60)
        return cls(
            int(env.get("MOSKVICH_RENDER_SLOTS", default.slots)),
            int(env.get("MOSKVICH_RENDER_QUEUE", default.queue)),
            burst,
            per,
            int(float(env.get("MOSKVICH_CHART_CACHE_MB", default.cache_bytes / 2**20)) * 2**20),
        )


class Allowance:
    """Fresh renders per client as a token bucket: `burst` at once, then one every `per / burst`
    seconds. Clients that have their full allowance again are forgotten."""

    def __init__(self, burst: int, per: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.burst, self.rate, self.clock = burst, burst / per, clock
        self._tokens: dict[str, tuple[float, float]] = {}  # client -> (tokens, at)

    def take(self, client: str) -> None:
        """One render for `client`, or Busy saying when the next one is allowed."""
        now = self.clock()
        tokens, at = self._tokens.get(client, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - at) * self.rate)
        if tokens < 1:
            wait = math.ceil((1 - tokens) / self.rate)
            raise Busy(wait, f"Too many new files asked for from your address; ask again in {wait} s.")
        self._tokens[client] = (tokens - 1, now)
        if len(self._tokens) > 10_000:  # forget the clients whose allowance is full again
            full = [c for c, (t, a) in self._tokens.items() if t + (now - a) * self.rate >= self.burst]
            for gone in full:
                del self._tokens[gone]


class Bound:
    """At most `slots` renders at a time and `queue` waiting; beyond that, Busy at once."""

    def __init__(self, slots: int, queue: int) -> None:
        self.slots, self.queue = slots, queue
        self.admitted = 0
        self._semaphore: asyncio.Semaphore | None = None
        self._seconds = 1.0  # a render's recent duration, for Retry-After

    async def run(self, work: Callable[[], Awaitable[bytes]]) -> bytes:
        if self.admitted >= self.slots + self.queue:
            wait = max(1, math.ceil(self._seconds * (self.admitted - self.slots + 1) / self.slots))
            raise Busy(wait, f"The server is busy making other files; ask again in {wait} s.")
        if self._semaphore is None:  # made in the server's event loop
            self._semaphore = asyncio.Semaphore(self.slots)
        self.admitted += 1
        try:
            async with self._semaphore:
                started = time.monotonic()
                result = await work()
                self._seconds = 0.8 * self._seconds + 0.2 * (time.monotonic() - started)
                return result
        finally:
            self.admitted -= 1


class FileCache:
    """The files made, by key, least recently used out first once they exceed `limit` bytes; a file
    being made is shared by every request for it (`get`)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._files: OrderedDict[Hashable, bytes] = OrderedDict()
        self._size = 0
        self._making: dict[Hashable, asyncio.Future[bytes]] = {}

    def cached(self, key: Hashable) -> bytes | None:
        data = self._files.get(key)
        if data is not None:
            self._files.move_to_end(key)
        return data

    async def get(self, key: Hashable, make: Callable[[], Awaitable[bytes]]) -> bytes:
        """The file of `key`: from the cache, from a render under way, or made now by `make`."""
        if (data := self.cached(key)) is not None:
            return data
        if (making := self._making.get(key)) is not None:
            return await asyncio.shield(making)
        future: asyncio.Future[bytes] = asyncio.get_running_loop().create_future()
        self._making[key] = future
        try:
            data = await make()
        except asyncio.CancelledError:
            future.cancel()
            raise
        except Exception as err:
            future.set_exception(err)
            future.exception()  # marked as retrieved: no one may be waiting for it
            raise
        finally:
            self._making.pop(key, None)
        future.set_result(data)
        self._put(key, data)
        return data

    def _put(self, key: Hashable, data: bytes) -> None:
        if len(data) > self.limit:
            return
        self._files[key] = data
        self._size += len(data)
        while self._size > self.limit:
            _, old = self._files.popitem(last=False)
            self._size -= len(old)
