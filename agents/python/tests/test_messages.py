import importlib.util
import json
from pathlib import Path

import pytest

from runtime_hub_agent.config import resolve_config
from runtime_hub_agent.message_invalid_error import MessageInvalidError
from runtime_hub_agent.messages import SCHEMA_NAMES, MessageSchemas
from runtime_hub_agent.metrics import CpuShare, MetricsSampler, metric_sample
from runtime_hub_agent.buffer import BoundedBuffer
from runtime_hub_agent.registration import build_registration
from runtime_hub_agent.runner import NodeError
from runtime_hub_agent.schema_validator import SchemaValidator
from runtime_hub_agent.timestamps import iso_now
from support.messages import node_task

PACKAGE_ROOT = Path(__file__).resolve().parent.parent
PROTOCOL_SCHEMA_DIR = PACKAGE_ROOT.parent.parent / "libs" / "protocol" / "json-schema"


@pytest.fixture(scope="module")
def schemas():
    return MessageSchemas.load()


def load_sync_script():
    spec = importlib.util.spec_from_file_location("sync_schemas", PACKAGE_ROOT / "scripts" / "sync_schemas.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_bundled_schemas_are_the_ones_libs_protocol_generates():
    # Fails after a protocol change until `python3 agents/python/scripts/sync_schemas.py` runs.
    assert sorted(path.stem for path in PROTOCOL_SCHEMA_DIR.glob("*.json")) != []
    assert load_sync_script().stale_schemas() == []


def test_every_generated_schema_uses_only_keywords_the_validator_enforces():
    names = sorted(PROTOCOL_SCHEMA_DIR.glob("*.json"))
    assert {path.stem for path in names} >= set(SCHEMA_NAMES)
    for path in names:
        SchemaValidator(json.loads(path.read_text()))


def test_the_registration_the_agent_sends_is_valid(schemas):
    config = resolve_config(url="http://c:4000", name="etl-01", labels="etl,linux", env={})
    registration = build_registration(config)
    schemas.check("agent-registration", registration)
    assert (registration["kind"], registration["capabilities"], registration["labels"]) == ("python", ["python"], ["etl", "linux"])


def test_heartbeats_are_valid(schemas):
    schemas.check("agent-heartbeat", {"at": iso_now(), "runningTasks": 2, "load": CpuShare().sample()})


def test_sampled_and_custom_metrics_form_a_valid_batch(schemas):
    samples = MetricsSampler(BoundedBuffer(100), 15.0).sample()
    samples.append(metric_sample("queue_depth", 12, {"queue": "orders"}))
    schemas.check("metric-batch", {"samples": samples, "dropped": 0})
    names = {sample["name"] for sample in samples}
    assert names >= {"process_cpu_percent", "process_rss_bytes", "process_threads", "python_gc_objects",
                     "host_cpu_percent", "host_memory_used_percent", "queue_depth"}


def test_a_node_task_is_valid_and_a_broken_one_names_its_problems(schemas):
    schemas.check("node-task", node_task())
    broken = node_task(nodeId="9-not-an-id")
    del broken["timeoutMs"]

    with pytest.raises(MessageInvalidError) as raised:
        schemas.check("node-task", broken)

    assert {issue.path for issue in raised.value.issues} == {("nodeId",), ("timeoutMs",)}


def test_results_the_agent_builds_are_valid(schemas):
    base = {"runId": "run-1", "nodeId": "double", "agentId": "agent-1", "attempt": 1, "startedAt": iso_now(), "finishedAt": iso_now()}
    schemas.check("node-result", {**base, "status": "succeeded", "output": {"any": ["json"]}})
    error = NodeError("TIMEOUT", "x" * 20_000, retryable=True, details={"timeoutMs": 5}).to_json()
    schemas.check("node-result", {**base, "status": "failed", "error": error})
    assert len(error["message"]) == 8192


def test_a_failed_result_without_an_error_is_refused(schemas):
    base = {"runId": "run-1", "nodeId": "double", "agentId": "agent-1", "attempt": 1, "startedAt": iso_now(), "finishedAt": iso_now()}
    issues = schemas.issues("node-result", {**base, "status": "failed"})
    assert [str(issue) for issue in issues] == ["error: required"]


def test_acks_both_ways_are_valid(schemas):
    schemas.check("ack", {"ok": True})
    schemas.check("ack", {"ok": False, "error": {"code": "INVALID_MESSAGE", "message": "m", "issues": [{"path": ["a", 0], "message": "x"}]}})
    schemas.check("register-ack", {"ok": True, "agentId": "agent-1", "heartbeatIntervalMs": 5000})
    assert schemas.issues("register-ack", {"ok": True, "agentId": "agent 1", "heartbeatIntervalMs": 5000}) != []
