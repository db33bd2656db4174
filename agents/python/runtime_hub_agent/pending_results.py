"""
Task results the coordinator has not acknowledged yet. A result stays here until a
`task:result` ack says the coordinator has it (or refuses it for good), and is sent again after
each ack timeout and after each reconnect. Resending is safe: the coordinator records each
attempt once (a conditional update on the node run's attempt).

The set is kept in `<data_dir>/python-agent-<name>.results.json` (owner-only, written
atomically), so a result finished just before the agent stopped is delivered after it starts
again.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Optional

from .defaults import RESULT_ACK_TIMEOUT_S
from .file_writes import write_private_file_atomically

ResultKey = tuple[str, str, int]

_log = logging.getLogger(__name__)


def result_key(result: dict[str, Any]) -> ResultKey:
    return (result["runId"], result["nodeId"], int(result["attempt"]))


@dataclass
class _Entry:
    result: dict[str, Any]
    #: clock() of the last send, or None when the result is due now.
    sent_at: Optional[float] = None


class PendingResults:
    def __init__(
        self,
        path: Optional[Path],
        *,
        ack_timeout_s: float = RESULT_ACK_TIMEOUT_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.path = Path(path) if path is not None else None
        self.ack_timeout_s = ack_timeout_s
        self._clock = clock
        self._entries: dict[ResultKey, _Entry] = {}
        self._changed = threading.Condition()

    def load(self) -> int:
        """Reads the results left by an earlier run of the agent; returns how many."""
        if self.path is None or not self.path.exists():
            return 0
        try:
            stored = json.loads(self.path.read_text(encoding="utf-8"))
            results = [result for result in stored if isinstance(result, dict)]
            keys = [result_key(result) for result in results]
        except (OSError, ValueError, KeyError, TypeError) as error:
            # Set aside rather than deleted: an operator can still read what it held.
            aside = self.path.with_name(self.path.name + ".unreadable")
            os.replace(self.path, aside)
            _log.error("pending results file unreadable; set aside", extra={"file": str(aside), "error": str(error)})
            return 0
        with self._changed:
            for key, result in zip(keys, results):
                self._entries[key] = _Entry(result)
            self._changed.notify_all()
        return len(results)

    def keys(self) -> list[ResultKey]:
        """The attempts whose results the coordinator has not acknowledged yet."""
        with self._changed:
            return list(self._entries.keys())

    def __len__(self) -> int:
        with self._changed:
            return len(self._entries)

    def add(self, result: dict[str, Any]) -> None:
        with self._changed:
            self._entries[result_key(result)] = _Entry(result)
            self._save()
            self._changed.notify_all()

    def take_due(self) -> list[dict[str, Any]]:
        """Results to send now (never sent on this connection, or unacknowledged for longer than
        the ack timeout), marked as sent now."""
        now = self._clock()
        due = []
        with self._changed:
            for entry in self._entries.values():
                if entry.sent_at is None or now - entry.sent_at >= self.ack_timeout_s:
                    entry.sent_at = now
                    due.append(entry.result)
        return due

    def acknowledge(self, key: ResultKey) -> None:
        """The coordinator has it (or refused it for good): forget it."""
        with self._changed:
            if self._entries.pop(key, None) is not None:
                self._save()
                self._changed.notify_all()

    def connection_lost(self) -> None:
        """Acks of the lost connection will never come: everything is due on the next one."""
        with self._changed:
            for entry in self._entries.values():
                entry.sent_at = None

    def wait_until_empty(self, timeout_s: float) -> bool:
        with self._changed:
            return self._changed.wait_for(lambda: not self._entries, timeout_s)

    def _save(self) -> None:
        if self.path is None:
            return
        try:
            write_private_file_atomically(self.path, json.dumps([entry.result for entry in self._entries.values()]))
        except OSError as error:
            # Delivery goes on from memory; only a restart before the ack would lose the result.
            _log.error("pending results could not be saved", extra={"file": str(self.path), "error": str(error)})
