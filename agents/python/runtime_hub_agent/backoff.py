"""
Exponential backoff with full jitter for reconnecting to the coordinator, also when the very
first connection fails (an agent may start before its coordinator). The n-th consecutive
failure (from 1) waits

    ceiling = min(max_delay_s, base_delay_s * 2 ** (n - 1))
    delay   = ceiling * random()            # random() in [0, 1): anywhere in [0, ceiling)

"Full jitter" (Marc Brooker, "Exponential Backoff And Jitter", AWS Architecture Blog): hosts
that lost the coordinator together spread their returns over the whole window instead of
arriving in waves at the same instants.

A session that stayed up at least `stable_after_s` resets the count, so a healthy agent that
loses its coordinator retries quickly, while one that is accepted and dropped again and again
keeps backing off. Clock, sleep and random source are injectable for tests; production passes
a sleep that returns early when the agent stops.
"""

from __future__ import annotations

import random as _random
import time
from typing import Callable, Optional

from .defaults import RECONNECT_BASE_DELAY_S, RECONNECT_MAX_DELAY_S, RECONNECT_STABLE_AFTER_S

#: 2 ** 62 times any sensible base already exceeds every cap; larger exponents would only risk
#: float overflow.
_MAX_EXPONENT = 62

RandomSource = Callable[[], float]
Sleep = Callable[[float], object]
Clock = Callable[[], float]


class Backoff:
    def __init__(
        self,
        base_delay_s: float = RECONNECT_BASE_DELAY_S,
        max_delay_s: float = RECONNECT_MAX_DELAY_S,
        stable_after_s: float = RECONNECT_STABLE_AFTER_S,
        *,
        random: RandomSource = _random.random,
        sleep: Sleep = time.sleep,
        clock: Clock = time.monotonic,
    ) -> None:
        if base_delay_s <= 0 or max_delay_s < base_delay_s:
            raise ValueError(f"need 0 < base_delay_s <= max_delay_s, got base {base_delay_s}, max {max_delay_s}")
        self.base_delay_s = base_delay_s
        self.max_delay_s = max_delay_s
        self.stable_after_s = stable_after_s
        self._random = random
        self._sleep = sleep
        self._clock = clock
        self._failures = 0
        self._connected_at: Optional[float] = None

    @property
    def failures(self) -> int:
        """Consecutive failures so far (0 after a reset)."""
        return self._failures

    def ceiling_s(self, failures: int) -> float:
        """The upper bound of the delay after the `failures`-th consecutive failure."""
        exponent = min(max(0, failures - 1), _MAX_EXPONENT)
        return min(self.max_delay_s, self.base_delay_s * 2.0**exponent)

    def next_delay_s(self) -> float:
        """Counts one more failure and draws its delay."""
        self._failures += 1
        # Clamped so a misbehaving random source cannot push a delay outside [0, ceiling].
        sample = min(max(self._random(), 0.0), 1.0)
        return self.ceiling_s(self._failures) * sample

    def wait(self, at_least_s: float = 0.0) -> float:
        """Counts one more failure, sleeps its delay (at least `at_least_s`, when the coordinator
        asked for a wait) and returns the delay."""
        delay_s = max(self.next_delay_s(), at_least_s)
        self._sleep(delay_s)
        return delay_s

    def mark_connected(self) -> None:
        """A session began (the agent registered)."""
        self._connected_at = self._clock()

    def mark_disconnected(self) -> None:
        """The session ended; if it lasted long enough, the next failure starts from the base."""
        if self._connected_at is not None and self._clock() - self._connected_at >= self.stable_after_s:
            self._failures = 0
        self._connected_at = None

    def reset(self) -> None:
        self._failures = 0
        self._connected_at = None
