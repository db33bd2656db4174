"""
Sends one kind of telemetry (`agent:metrics` or `agent:traces`) from its bounded buffer, one
batch at a time, paced by acks:

1. nothing is sent while a batch waits for its ack, so an unreachable or slow coordinator
   never has more than one batch of each kind in flight, and the backlog stays in the bounded
   buffer (where the oldest items are dropped and counted);
2. an accepted batch is forgotten and the next one goes out at once;
3. a batch unanswered for `ack_timeout_s`, or answered with a retryable error, is sent again;
   after `max_send_attempts` it is dropped, and counted in the next batch's `dropped`;
4. a batch refused for good (INVALID_MESSAGE) is dropped and counted at once.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any, Callable, Optional

from .acks import AckVerdict, ack_verdict
from .buffer import BoundedBuffer
from .message_invalid_error import MessageInvalidError
from .messages import MessageSchemas

_log = logging.getLogger(__name__)

Emit = Callable[[str, Any, Optional[Callable[..., None]]], None]


class _Batch:
    def __init__(self, payload: dict[str, Any], size: int) -> None:
        self.payload = payload
        self.size = size
        self.attempts = 0
        #: clock() of the last send; None: send as soon as possible.
        self.sent_at: Optional[float] = None


class AckedBatchPump:
    def __init__(
        self,
        event: str,
        items_key: str,
        buffer: BoundedBuffer[dict[str, Any]],
        *,
        batch_max_items: int,
        schemas: MessageSchemas,
        ack_timeout_s: float,
        max_send_attempts: int,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.event = event
        self.items_key = items_key
        self.buffer = buffer
        self.batch_max_items = batch_max_items
        self.ack_timeout_s = ack_timeout_s
        self.max_send_attempts = max_send_attempts
        self._schemas = schemas
        self._clock = clock
        self._lock = threading.Lock()
        self._in_flight: Optional[_Batch] = None

    @property
    def in_flight(self) -> bool:
        with self._lock:
            return self._in_flight is not None

    def pump(self, emit: Emit) -> bool:
        """Sends a batch if one may go now; True when it did."""
        with self._lock:
            batch = self._next_batch()
            if batch is None:
                return False
            batch.attempts += 1
            batch.sent_at = self._clock()
        emit(self.event, batch.payload, lambda *args: self._on_ack(batch, args))
        return True

    def connection_lost(self) -> None:
        """The batch in flight lost its chance of an ack: it goes first on the next connection."""
        with self._lock:
            if self._in_flight is not None:
                self._in_flight.sent_at = None

    def _next_batch(self) -> Optional[_Batch]:
        batch = self._in_flight
        if batch is not None:
            if batch.sent_at is None:
                return batch
            if self._clock() - batch.sent_at < self.ack_timeout_s:
                return None  # its ack may still come (or a retryable refusal waits out the timeout)
            if batch.attempts < self.max_send_attempts:
                return batch
            _log.warning("telemetry batch given up", extra={"event": self.event, "items": batch.size, "attempts": batch.attempts})
            self.buffer.add_dropped(batch.size)
            self._in_flight = None
        items = self.buffer.take_batch(self.batch_max_items)
        dropped = self.buffer.take_dropped()
        if not items and not dropped:
            return None
        payload = {self.items_key: items, "dropped": dropped}
        try:
            self._schemas.check_event(self.event, payload)
        except MessageInvalidError as error:
            # Items are checked when they are recorded, so this is a bug: say so and move on
            # rather than block every later batch behind this one.
            _log.error("telemetry batch invalid; dropped", extra={"event": self.event, "issues": str(error)})
            self.buffer.add_dropped(len(items))
            return None
        self._in_flight = _Batch(payload, len(items))
        return self._in_flight

    def _on_ack(self, batch: _Batch, args: tuple[Any, ...]) -> None:
        verdict, reason = ack_verdict(self._schemas, args)
        with self._lock:
            if self._in_flight is not batch:
                return
            if verdict is AckVerdict.ACCEPTED:
                self._in_flight = None
            elif verdict is AckVerdict.REJECTED:
                _log.error("telemetry batch refused; dropped", extra={"event": self.event, "reason": reason})
                self.buffer.add_dropped(batch.size)
                self._in_flight = None
            else:
                _log.warning("telemetry batch not accepted; will resend", extra={"event": self.event, "reason": reason})
