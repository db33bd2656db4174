"""
A bounded, thread-safe FIFO buffer for telemetry waiting to be sent (metric samples, trace
spans, log lines). It never holds more than `max_items`: when it is full, pushing drops the
oldest item and counts it, so a coordinator that is away for hours costs a fixed amount of
memory, and the batch sent afterwards says how much was lost (`dropped`).
"""

from __future__ import annotations

import threading
from collections import deque
from typing import Generic, Iterable, TypeVar

T = TypeVar("T")


class BoundedBuffer(Generic[T]):
    def __init__(self, max_items: int) -> None:
        if not isinstance(max_items, int) or isinstance(max_items, bool) or max_items < 1:
            raise ValueError(f"max_items must be an integer >= 1, got {max_items!r}")
        self._max_items = max_items
        # deque(maxlen=...) discards from the left (the oldest) when an append overflows it.
        self._items: deque[T] = deque(maxlen=max_items)
        self._lock = threading.Lock()
        self._dropped_since_take = 0
        self._dropped_total = 0

    @property
    def max_items(self) -> int:
        return self._max_items

    @property
    def dropped_total(self) -> int:
        """Items dropped since the buffer was made."""
        with self._lock:
            return self._dropped_total

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)

    def push(self, item: T) -> bool:
        """Adds `item`; False when that pushed the oldest item out."""
        with self._lock:
            full = len(self._items) == self._max_items
            if full:
                self._count_dropped(1)
            self._items.append(item)
            return not full

    def push_many(self, items: Iterable[T]) -> int:
        """Adds every item in order; returns how many older items were pushed out."""
        dropped = 0
        for item in items:
            if not self.push(item):
                dropped += 1
        return dropped

    def take_batch(self, max_count: int) -> list[T]:
        """Removes and returns up to `max_count` of the oldest items, oldest first."""
        if max_count < 1:
            return []
        with self._lock:
            count = min(max_count, len(self._items))
            return [self._items.popleft() for _ in range(count)]

    def take_dropped(self) -> int:
        """Items dropped since the last call (the `dropped` field of the next batch)."""
        with self._lock:
            dropped = self._dropped_since_take
            self._dropped_since_take = 0
            return dropped

    def add_dropped(self, count: int) -> None:
        """Counts items lost after they left the buffer (a batch given up on) with the rest."""
        if count > 0:
            with self._lock:
                self._count_dropped(count)

    def _count_dropped(self, count: int) -> None:
        self._dropped_since_take += count
        self._dropped_total += count
