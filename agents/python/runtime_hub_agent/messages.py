"""
The `/agents` messages and the JSON Schema each one must pass (libs/protocol/src/events.ts,
agent.schema.ts, task.schema.ts, ack.schema.ts). Outbound messages are checked before they are
sent, inbound ones before anything uses them.

The schema files travel with the package (runtime_hub_agent/schemas, copied from
libs/protocol/json-schema by scripts/sync_schemas.py); RH_SCHEMA_DIR or `schema_dir` points
the agent at another copy.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any, Optional

from .message_invalid_error import MessageInvalidError
from .schema_validator import Issue, SchemaValidator

BUNDLED_SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"

# ── event names (libs/protocol/src/events.ts) ─────────────────────────────────────────────

EVENT_REGISTER = "agent:register"
EVENT_HEARTBEAT = "agent:heartbeat"
EVENT_LOG = "agent:log"
EVENT_METRICS = "agent:metrics"
EVENT_TRACES = "agent:traces"
EVENT_PROGRESS = "task:progress"
EVENT_RESULT = "task:result"
EVENT_ASSIGN = "task:assign"
EVENT_CANCEL = "task:cancel"
EVENT_ERROR = "agent:error"

# ── schema file names (libs/protocol/src/json-schema-exports.ts) ──────────────────────────

SCHEMA_AUTH = "agent-auth"
SCHEMA_REGISTER_ACK = "register-ack"
SCHEMA_ACK = "ack"
#: Not a message: the host's local policy file, which every agent on a host reads (local_policy.py).
SCHEMA_LOCAL_POLICY = "local-policy"

#: What each event's payload must pass, in both directions.
EVENT_SCHEMAS: dict[str, str] = {
    EVENT_REGISTER: "agent-registration",
    EVENT_HEARTBEAT: "agent-heartbeat",
    EVENT_LOG: "agent-log",
    EVENT_METRICS: "metric-batch",
    EVENT_TRACES: "trace-batch",
    EVENT_PROGRESS: "task-progress",
    EVENT_RESULT: "node-result",
    EVENT_ASSIGN: "node-task",
    EVENT_CANCEL: "task-cancel",
    EVENT_ERROR: "agent-error",
}

#: Every schema file the agent uses (and scripts/sync_schemas.py copies).
SCHEMA_NAMES: tuple[str, ...] = tuple(sorted({SCHEMA_AUTH, SCHEMA_REGISTER_ACK, SCHEMA_ACK, SCHEMA_LOCAL_POLICY, *EVENT_SCHEMAS.values()}))


def idempotency_key(run_id: str, node_id: str, fan_out_agent_id: Optional[str] = None) -> str:
    """`runId:nodeId`, the same for every attempt, and `runId:nodeId:agentId` for a cell of a
    fan-out, as libs/protocol task.schema.ts defines it (and checks on parse)."""
    return f"{run_id}:{node_id}" if fan_out_agent_id is None else f"{run_id}:{node_id}:{fan_out_agent_id}"


class MessageSchemas:
    """The agent's schemas, loaded once; `check` raises MessageInvalidError, `issues` lists."""

    def __init__(self, schemas: dict[str, Any]) -> None:
        missing = [name for name in SCHEMA_NAMES if name not in schemas]
        if missing:
            raise FileNotFoundError(f"missing JSON Schemas: {', '.join(missing)}")
        self._validators = {name: SchemaValidator(schema) for name, schema in schemas.items()}
        # One validator caches compiled patterns; a lock keeps that cache consistent between
        # the session thread and the Socket.IO threads that deliver inbound events.
        self._lock = threading.Lock()

    @classmethod
    def load(cls, directory: Optional[Path] = None) -> "MessageSchemas":
        directory = directory or BUNDLED_SCHEMA_DIR
        schemas = {}
        for name in SCHEMA_NAMES:
            path = directory / f"{name}.json"
            with path.open("r", encoding="utf-8") as file:
                schemas[name] = json.load(file)
        return cls(schemas)

    def issues(self, schema_name: str, payload: Any) -> list[Issue]:
        with self._lock:
            return self._validators[schema_name].validate(payload)

    def check(self, schema_name: str, payload: Any) -> Any:
        """`payload` when it is valid; else MessageInvalidError naming each problem."""
        issues = self.issues(schema_name, payload)
        if issues:
            raise MessageInvalidError(schema_name, issues)
        return payload

    def check_event(self, event: str, payload: Any) -> Any:
        return self.check(EVENT_SCHEMAS[event], payload)


def invalid_message_ack(event: str, error: MessageInvalidError) -> dict[str, Any]:
    """The `{ok: false}` ack for an inbound payload that failed its schema (ack.schema.ts)."""
    issues = [{"path": list(issue.path), "message": issue.message} for issue in error.issues]
    return {"ok": False, "error": {"code": "INVALID_MESSAGE", "message": f"{event}: {error}", "issues": issues}}


def refusal_ack(code: str, message: str) -> dict[str, Any]:
    return {"ok": False, "error": {"code": code, "message": message}}


ACK_OK: dict[str, Any] = {"ok": True}
