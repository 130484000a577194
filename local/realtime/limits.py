"""A tenant's limits, as supabase/realtime counts them.

lib/realtime/rate_counter/rate_counter.ex: a counter adds up events for one tick (5 s for
every tenant limit, lib/realtime/tenants.ex), keeps the last 12 ticks, and at each tick sets
avg = sum / ticks kept / tick seconds. A limit triggers at the tick when avg >= limit and
clears at the first tick when it is below again, so a burst is noticed up to a tick late and
then holds for a while. Ticks are applied lazily here (when the counter is next read), with the
same arithmetic as the ticker's."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

MAX_BUCKET_LEN = 12  # tenants.ex: max_bucket_len for joins, events, db events, presence


class RateCounter:
    def __init__(self, limit: Callable[[], float], tick: Callable[[], float]) -> None:
        self._limit, self._tick = limit, tick
        self._count = 0
        self._bucket: deque[int] = deque(maxlen=MAX_BUCKET_LEN)
        self._next_tick = time.monotonic() + tick()
        self._avg = 0.0
        self._triggered = False

    def add(self, count: int = 1) -> None:
        self._advance()
        self._count += count

    def reset(self) -> None:
        """Forget every tick (a test leaves the tenant as it found it)."""
        self._count, self._avg, self._triggered = 0, 0.0, False
        self._bucket.clear()
        self._next_tick = time.monotonic() + self._tick()

    def is_triggered(self) -> bool:
        self._advance()
        return self._triggered

    def average(self) -> float:
        self._advance()
        return self._avg

    def _advance(self) -> None:
        now = time.monotonic()
        ticks = 0
        while now >= self._next_tick:
            self._on_tick()
            self._next_tick += self._tick()
            ticks += 1
            if ticks > MAX_BUCKET_LEN:  # every kept bucket is empty by now: skip ahead
                self._next_tick = now + self._tick()

    def _on_tick(self) -> None:
        self._bucket.appendleft(self._count)
        self._count = 0
        self._avg = sum(self._bucket) / len(self._bucket) / self._tick()
        # maybe_trigger_limit: triggers at avg >= limit, clears once avg < limit.
        self._triggered = self._avg >= self._limit()


class WindowCounter:
    """A channel's own presence calls (presence_handler.ex limit_client_presence_event): at most
    `max_calls` in a window that starts with the first call after the previous one ended."""

    def __init__(self, max_calls: Callable[[], int], window: Callable[[], float]) -> None:
        self._max_calls, self._window = max_calls, window
        self._counter = 0
        self._reset_at: float | None = None

    def allow(self) -> bool:
        now = time.monotonic()
        if self._reset_at is None or now > self._reset_at:
            self._counter, self._reset_at = 1, now + self._window()
            return True
        if self._counter >= self._max_calls():
            return False
        self._counter += 1
        return True
