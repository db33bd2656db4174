"""
One connection's life, after the transport connected:

1. `agent:register`, and wait for its ack (REGISTER_ACK_TIMEOUT_S): `{ok: true}` gives the
   agent id, maybe a new credential, and the heartbeat interval; `{ok: false}` raises
   RegistrationRefusedError;
2. then, until the connection ends or the agent stops, on every wake-up: a heartbeat when one
   is due, waiting log lines, one metrics and one traces batch when their acks allow, and the
   task results that are due;
3. meanwhile, on Socket.IO's threads: `task:assign` is checked and queued (and acknowledged at
   once), `task:cancel` kills its attempt, `agent:error` is logged.

Every message is checked against its JSON Schema: inbound before anything uses it, outbound
before it is sent.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from typing import Any, Callable, Optional

from .acks import AckVerdict, ack_verdict
from .buffer import BoundedBuffer
from .connect_error import ConnectError
from .defaults import LOG_LINES_PER_TICK, REGISTER_ACK_TIMEOUT_S, SESSION_TICK_S
from .message_invalid_error import MessageInvalidError
from .messages import (
    ACK_OK,
    EVENT_ASSIGN,
    EVENT_CANCEL,
    EVENT_ERROR,
    EVENT_HEARTBEAT,
    EVENT_LOG,
    EVENT_REGISTER,
    EVENT_RESULT,
    SCHEMA_REGISTER_ACK,
    MessageSchemas,
    idempotency_key,
    invalid_message_ack,
)
from .metrics import CpuShare
from .pending_results import PendingResults, ResultKey, result_key
from .registration_refused_error import RegistrationRefusedError
from .schema_validator import Issue
from .tasks import TaskExecutor
from .telemetry import AckedBatchPump
from .timestamps import iso_now
from .transport import Transport

_log = logging.getLogger(__name__)


@dataclass
class SessionParts:
    """What every session of one agent shares (built once by the Agent)."""

    schemas: MessageSchemas
    registration: dict[str, Any]
    executor: TaskExecutor
    pending_results: PendingResults
    logs: BoundedBuffer[dict[str, Any]]
    metrics: AckedBatchPump
    traces: AckedBatchPump
    #: Set by whatever queues something the session should send now (a finished task).
    wake: threading.Event
    #: Capabilities the host's local policy denies: a task needing one fails with POLICY_DENIED.
    denied_capabilities: tuple[str, ...] = ()
    register_ack_timeout_s: float = REGISTER_ACK_TIMEOUT_S
    tick_s: float = SESSION_TICK_S
    clock: Callable[[], float] = time.monotonic


class Session:
    def __init__(self, transport: Transport, parts: SessionParts) -> None:
        self._transport = transport
        self._parts = parts
        self._closed = threading.Event()
        self.agent_id: Optional[str] = None
        #: The coordinator said (agent:error REVOKED) that this agent's credential is revoked.
        self.credential_revoked = False
        transport.on(EVENT_ASSIGN, self._on_assign)
        transport.on(EVENT_CANCEL, self._on_cancel)
        transport.on(EVENT_ERROR, self._on_agent_error)
        transport.on_disconnect(self._on_disconnect)

    def run(self, stop: threading.Event, on_registered: Callable[[dict[str, Any]], None]) -> None:
        """Registers, then serves the connection until it ends or `stop` is set."""
        ack = self._register()
        self.agent_id = ack["agentId"]
        on_registered(ack)
        interval_s = ack["heartbeatIntervalMs"] / 1000.0
        cpu = CpuShare()
        parts = self._parts
        heartbeat_due = parts.clock()
        try:
            while not stop.is_set() and not self._closed.is_set():
                now = parts.clock()
                if now >= heartbeat_due:
                    self._send(EVENT_HEARTBEAT, {"at": iso_now(), "runningTasks": parts.executor.running_tasks, "load": cpu.sample()})
                    heartbeat_due = now + interval_s
                self._send_logs()
                parts.metrics.pump(self._transport.emit)
                parts.traces.pump(self._transport.emit)
                self._send_results()
                parts.wake.wait(parts.tick_s)
                parts.wake.clear()
        except ConnectionError as error:
            _log.warning("connection lost while sending", extra={"error": str(error)})
        finally:
            parts.metrics.connection_lost()
            parts.traces.connection_lost()
            parts.pending_results.connection_lost()

    # ── outbound ──────────────────────────────────────────────────────────────────────────

    def _register(self) -> dict[str, Any]:
        answered = threading.Event()
        answer: list[Any] = []

        def on_ack(*args: Any) -> None:
            answer.extend(args)
            answered.set()

        self._send(EVENT_REGISTER, self._registration(), on_ack)
        if not answered.wait(self._parts.register_ack_timeout_s):
            raise ConnectError(f"{EVENT_REGISTER} not acknowledged within {self._parts.register_ack_timeout_s} s", refused=False)
        ack = answer[0] if answer else None
        issues = self._parts.schemas.issues(SCHEMA_REGISTER_ACK, ack)
        if issues:
            raise ConnectError(f"unexpected answer to {EVENT_REGISTER}: {ack!r}", refused=False)
        if not ack["ok"]:
            raise RegistrationRefusedError(ack["error"]["code"], ack["error"]["message"])
        return ack

    def _registration(self) -> dict[str, Any]:
        """The registration, with the attempts this agent still holds (accepted and not
        finished, or finished with a result not acknowledged): the coordinator fails any other
        attempt it believes this agent runs, as lost with an earlier process."""
        held = {*self._parts.executor.held(), *self._parts.pending_results.keys()}
        if not held:
            return self._parts.registration
        tasks = [{"runId": run_id, "nodeId": node_id, "attempt": attempt} for run_id, node_id, attempt in sorted(held)]
        return {**self._parts.registration, "tasks": tasks}

    def _send(self, event: str, payload: Any, callback: Optional[Callable[..., None]] = None) -> bool:
        try:
            self._parts.schemas.check_event(event, payload)
        except MessageInvalidError as error:
            _log.error("outbound message invalid; not sent", extra={"event": event, "issues": str(error)})
            return False
        self._transport.emit(event, payload, callback)
        return True

    def _send_logs(self) -> None:
        logs = self._parts.logs
        lines = logs.take_batch(LOG_LINES_PER_TICK)
        for index, line in enumerate(lines):
            try:
                self._send(EVENT_LOG, line)
            except ConnectionError:
                logs.add_dropped(len(lines) - index)
                raise
        dropped = logs.take_dropped()
        if dropped:
            _log.warning("task log lines dropped (buffer full)", extra={"dropped": dropped})

    def _send_results(self) -> None:
        pending = self._parts.pending_results
        for result in pending.take_due():
            key = result_key(result)
            if not self._send(EVENT_RESULT, result, lambda *args, key=key: self._on_result_ack(key, args)):
                # Our own bug; resending the same bytes cannot help, and the node must not hang.
                pending.acknowledge(key)
                if result.get("error", {}).get("message") != _INTERNAL_FAILURE_MESSAGE:
                    pending.add(_internal_failure(result))

    def _on_result_ack(self, key: ResultKey, args: tuple[Any, ...]) -> None:
        verdict, reason = ack_verdict(self._parts.schemas, args)
        if verdict is AckVerdict.RETRY:
            _log.warning("task result not acknowledged; will resend", extra={"task": list(key), "reason": reason})
            return
        if verdict is AckVerdict.REJECTED:
            _log.error("task result refused by the coordinator; dropped", extra={"task": list(key), "reason": reason})
        self._parts.pending_results.acknowledge(key)

    # ── inbound (Socket.IO threads) ───────────────────────────────────────────────────────

    def _on_assign(self, payload: Any = None) -> dict[str, Any]:
        try:
            task = self._parts.schemas.check_event(EVENT_ASSIGN, payload)
            self._check_task(task)
        except MessageInvalidError as error:
            _log.error("task:assign refused", extra={"issues": str(error)})
            return invalid_message_ack(EVENT_ASSIGN, error)
        if "python" in self._parts.denied_capabilities:
            # The coordinator should not have sent it (the capability was not declared); refuse
            # without running, as a result the run can record, not as a protocol error.
            _log.warning("task refused by the local policy", extra={"runId": task["runId"], "nodeId": task["nodeId"], "attempt": task["attempt"]})
            self._parts.pending_results.add(_policy_denied(task))
            self._parts.wake.set()
            return ACK_OK
        queued = self._parts.executor.submit(task)
        _log.info("task accepted" if queued else "task already known; not run again",
                  extra={"runId": task["runId"], "nodeId": task["nodeId"], "attempt": task["attempt"]})
        return ACK_OK

    def _check_task(self, task: dict[str, Any]) -> None:
        """What the JSON Schema cannot say (libs/protocol task.schema.ts superRefine) and what
        this agent can run."""
        issues = []
        single = idempotency_key(task["runId"], task["nodeId"])
        fan_out = idempotency_key(task["runId"], task["nodeId"], task["agentId"])
        if task["idempotencyKey"] not in (single, fan_out):
            issues.append(Issue(("idempotencyKey",),
                                f'expected "{single}" (runId:nodeId) or, for a fan-out cell, "{fan_out}" (runId:nodeId:agentId)'))
        if task["nodeType"] != "python":
            issues.append(Issue(("nodeType",), f'this agent runs only "python" nodes, got "{task["nodeType"]}"'))
        if self.agent_id is not None and task["agentId"] != self.agent_id:
            issues.append(Issue(("agentId",), f'this agent is "{self.agent_id}"'))
        if issues:
            raise MessageInvalidError("node-task", issues)

    def _on_cancel(self, payload: Any = None) -> None:
        try:
            cancel = self._parts.schemas.check_event(EVENT_CANCEL, payload)
        except MessageInvalidError as error:
            _log.warning("ignored a malformed task:cancel", extra={"issues": str(error)})
            return
        found = self._parts.executor.cancel(cancel["runId"], cancel["nodeId"], cancel["attempt"])
        _log.info("task cancelled" if found else "task:cancel for a task not here",
                  extra={"runId": cancel["runId"], "nodeId": cancel["nodeId"], "attempt": cancel["attempt"]})

    def _on_agent_error(self, payload: Any = None) -> None:
        try:
            error = self._parts.schemas.check_event(EVENT_ERROR, payload)
        except MessageInvalidError:
            _log.warning("the coordinator sent a malformed agent:error", extra={"payload": repr(payload)})
            return
        _log.error("the coordinator refused this agent or a message", extra={"code": error["code"], "reason": error["message"]})
        if error["code"] == "REVOKED":
            self.credential_revoked = True

    def _on_disconnect(self) -> None:
        self._closed.set()
        self._parts.wake.set()


_INTERNAL_FAILURE_MESSAGE = "the agent produced a result the protocol does not accept"


def _internal_failure(result: dict[str, Any]) -> dict[str, Any]:
    failed = {key: result[key] for key in ("runId", "nodeId", "agentId", "attempt", "startedAt", "finishedAt")}
    failed["status"] = "failed"
    failed["error"] = {"code": "INTERNAL", "message": _INTERNAL_FAILURE_MESSAGE, "retryable": True}
    return failed


def _policy_denied(task: dict[str, Any]) -> dict[str, Any]:
    at = iso_now()
    return {
        "status": "failed",
        "runId": task["runId"],
        "nodeId": task["nodeId"],
        "agentId": task["agentId"],
        "attempt": task["attempt"],
        "startedAt": at,
        "finishedAt": at,
        "error": {
            "code": "POLICY_DENIED",
            "message": f"this host's local policy denies python, which node {task['nodeId']} (python) needs",
            "retryable": False,
            "details": {"denied": ["python"]},
        },
    }
