"""Bounded waits for things other threads do: a test fails with a message instead of hanging."""

from __future__ import annotations

import time
from typing import Callable, TypeVar

T = TypeVar("T")

#: Long enough for a slow CI host to start a child interpreter or a socket round trip.
DEFAULT_WAIT_S = 10.0
POLL_INTERVAL_S = 0.01


def wait_until(condition: Callable[[], T], timeout_s: float = DEFAULT_WAIT_S, what: str = "condition") -> T:
    deadline = time.monotonic() + timeout_s
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise AssertionError(f"timed out after {timeout_s} s waiting for {what}")
        time.sleep(POLL_INTERVAL_S)
