"""
The agent's local task queue: `task:assign` puts a NodeTask here (and is acknowledged at once),
`concurrency` worker threads run them with the PythonRunner, and each finished attempt becomes
a NodeResult for the pending-results store.

- A task already queued, running or recently finished (same runId, nodeId, attempt) is not run
  again: the coordinator redelivers a task whose ack it lost.
- A task still queued after its `deadlineAt` is not started (the run moved on without it).
- `cancel` kills the attempt's process tree; its result is CANCELLED.
- On stop, running and queued tasks are handed back as AGENT_LOST (retryable), so the
  coordinator retries them elsewhere at once instead of waiting for missed heartbeats.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections import OrderedDict
from datetime import datetime, timezone
from typing import Any, Callable, Optional

from .defaults import FINISHED_TASKS_REMEMBERED, LOG_LINE_MAX_UTF16_UNITS
from .runner import NodeError, PythonRunner, RunOutcome
from .secret_mask import mask_text, mask_value, ordered_for_masking
from .text_limits import truncate_utf16
from .timestamps import iso_now
from .tracing import Tracer, task_context

TaskKey = tuple[str, str, int]

_log = logging.getLogger(__name__)


def task_key(message: dict[str, Any]) -> TaskKey:
    return (message["runId"], message["nodeId"], int(message["attempt"]))


class TaskExecutor:
    def __init__(
        self,
        runner: PythonRunner,
        *,
        concurrency: int,
        on_result: Callable[[dict[str, Any]], None],
        on_log: Callable[[dict[str, Any]], None],
        tracer: Tracer,
        now: Callable[[], str] = iso_now,
    ) -> None:
        self._runner = runner
        self._concurrency = concurrency
        self._on_result = on_result
        self._on_log = on_log
        self._tracer = tracer
        self._now = now
        self._queue: "queue.Queue[Optional[dict[str, Any]]]" = queue.Queue()
        self._lock = threading.Lock()
        self._queued: set[TaskKey] = set()
        self._running: dict[TaskKey, threading.Event] = {}
        self._finished: "OrderedDict[TaskKey, None]" = OrderedDict()
        self._threads: list[threading.Thread] = []
        self._stopping = threading.Event()

    @property
    def running_tasks(self) -> int:
        with self._lock:
            return len(self._running)

    def held(self) -> list[TaskKey]:
        """The attempts accepted here and not finished yet (queued or running)."""
        with self._lock:
            return [*self._queued, *self._running.keys()]

    def start(self) -> None:
        for index in range(self._concurrency):
            thread = threading.Thread(target=self._work, name=f"runtime-hub-task-{index}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def submit(self, task: dict[str, Any]) -> bool:
        """Queues `task`; False when this attempt is already queued, running or done."""
        key = task_key(task)
        with self._lock:
            if key in self._queued or key in self._running or key in self._finished:
                return False
            self._queued.add(key)
        self._queue.put(task)
        return True

    def cancel(self, run_id: str, node_id: str, attempt: int) -> bool:
        """Kills the attempt if it runs; one still queued is skipped when its turn comes."""
        key = (run_id, node_id, attempt)
        with self._lock:
            if key in self._running:
                self._running[key].set()
                return True
            if key in self._queued:
                self._queued.discard(key)
                self._remember_finished(key)
                return True
        return False

    def stop(self, timeout_s: float) -> None:
        """Hands running and queued tasks back (AGENT_LOST) and ends the worker threads."""
        self._stopping.set()
        with self._lock:
            for cancel in self._running.values():
                cancel.set()
        for _ in self._threads:
            self._queue.put(None)
        for thread in self._threads:
            thread.join(timeout_s)

    # ── worker threads ────────────────────────────────────────────────────────────────────

    def _work(self) -> None:
        while True:
            task = self._queue.get()
            if task is None:
                return
            key = task_key(task)
            with self._lock:
                if key not in self._queued:
                    continue  # cancelled while queued
                self._queued.discard(key)
                cancel = threading.Event()
                self._running[key] = cancel
            try:
                self._run(task, cancel)
            except Exception:  # noqa: BLE001 - one task's failure must not end the worker thread
                _log.exception("task handling failed", extra={"runId": key[0], "nodeId": key[1], "attempt": key[2]})
                self._on_result(self._result(task, self._now(), RunOutcome(error=NodeError(
                    "INTERNAL", "the agent failed while handling this task", retryable=True))))
            finally:
                with self._lock:
                    self._running.pop(key, None)
                    self._remember_finished(key)

    def _run(self, task: dict[str, Any], cancel: threading.Event) -> None:
        started_at = self._now()
        if self._stopping.is_set():
            self._on_result(self._result(task, started_at, _handed_back()))
            return
        if _deadline_passed(task.get("deadlineAt")):
            self._log(task, "system", f"not started: its deadline {task['deadlineAt']} has passed")
            return
        code = task["config"].get("code")
        if not isinstance(code, str):
            outcome = RunOutcome(error=NodeError("CONFIG_INVALID", "config.code: expected the python code as a string", retryable=False))
        else:
            with task_context(task["runId"], task["nodeId"]), self._tracer.span("python node", __name__):
                outcome = self._runner.run(
                    code,
                    inputs=task["inputs"],
                    nodes=task["upstream"],
                    timeout_ms=task["timeoutMs"],
                    on_line=lambda stream, line: self._log(task, stream, line),
                    cancel=cancel,
                    filename=f"<node {task['nodeId']}>",
                )
            if outcome.error is not None and outcome.error.code == "CANCELLED" and self._stopping.is_set():
                outcome = _handed_back()
        self._on_result(self._result(task, started_at, outcome))

    def _result(self, task: dict[str, Any], started_at: str, outcome: RunOutcome) -> dict[str, Any]:
        result: dict[str, Any] = {
            "status": "succeeded" if outcome.ok else "failed",
            "runId": task["runId"],
            "nodeId": task["nodeId"],
            "agentId": task["agentId"],
            "attempt": task["attempt"],
            "startedAt": started_at,
            "finishedAt": self._now(),
        }
        # The task's secrets read *** in what it returns (ids are left alone).
        if outcome.error is None:
            result["output"] = mask_value(outcome.output, _masks(task))
        else:
            result["error"] = mask_value({**outcome.error.to_json(), "nodeId": task["nodeId"]}, _masks(task))
        return result

    def _log(self, task: dict[str, Any], stream: str, line: str) -> None:
        self._on_log({
            "runId": task["runId"],
            "nodeId": task["nodeId"],
            "attempt": task["attempt"],
            "stream": stream,
            # masked before it is cut to length, so no cut leaves half a secret
            "line": truncate_utf16(mask_text(line, _masks(task)), LOG_LINE_MAX_UTF16_UNITS),
            "at": self._now(),
        })

    def _remember_finished(self, key: TaskKey) -> None:
        self._finished[key] = None
        while len(self._finished) > FINISHED_TASKS_REMEMBERED:
            self._finished.popitem(last=False)


def _masks(task: dict[str, Any]) -> list[str]:
    """The secret values the coordinator delivered with the task, longest first."""
    return ordered_for_masking(task.get("masks") or [])


def _handed_back() -> RunOutcome:
    return RunOutcome(error=NodeError("AGENT_LOST", "the agent stopped before the node finished; handed back", retryable=True))


def _deadline_passed(deadline_at: Optional[str]) -> bool:
    if not deadline_at:
        return False
    # fromisoformat() reads a trailing "Z" only from Python 3.11 on.
    deadline = datetime.fromisoformat(deadline_at.replace("Z", "+00:00"))
    return datetime.now(timezone.utc) >= deadline
