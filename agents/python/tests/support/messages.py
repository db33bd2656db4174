"""Well-formed protocol messages for tests (libs/protocol task.schema.ts and agent.schema.ts)."""

from __future__ import annotations

from typing import Any


def node_task(code: str = "result = inputs['n'] * 2", **changes: Any) -> dict[str, Any]:
    task = {
        "runId": "run-1",
        "nodeId": "double",
        "nodeType": "python",
        "agentId": "agent-1",
        "attempt": 1,
        "idempotencyKey": "run-1:double",
        "config": {"code": code},
        "timeoutMs": 20_000,
        "inputs": {"n": 21},
        "upstream": {"start": {"status": "succeeded", "output": {"ok": True}}},
    }
    task.update(changes)
    if {"runId", "nodeId"} & changes.keys() and "idempotencyKey" not in changes:
        task["idempotencyKey"] = f"{task['runId']}:{task['nodeId']}"
    return task
