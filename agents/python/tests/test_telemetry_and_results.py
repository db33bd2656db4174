"""Ack pacing of telemetry batches and the pending-results store, with a hand-driven clock."""

import json

import pytest

from runtime_hub_agent.buffer import BoundedBuffer
from runtime_hub_agent.messages import MessageSchemas
from runtime_hub_agent.pending_results import PendingResults
from runtime_hub_agent.telemetry import AckedBatchPump
from runtime_hub_agent.timestamps import iso_now

ACK_TIMEOUT_S = 10.0
MAX_ATTEMPTS = 3


class Clock:
    def __init__(self) -> None:
        self.now_s = 0.0

    def __call__(self) -> float:
        return self.now_s


class Sent:
    """Records each emit; `ack(i, ...)` answers the i-th one."""

    def __init__(self) -> None:
        self.payloads: list = []
        self.callbacks: list = []

    def __call__(self, event, payload, callback) -> None:
        self.payloads.append(payload)
        self.callbacks.append(callback)

    def ack(self, index, *args) -> None:
        self.callbacks[index](*args)


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def pump(clock):
    buffer = BoundedBuffer(10)
    return AckedBatchPump("agent:metrics", "samples", buffer, batch_max_items=2, schemas=MessageSchemas.load(),
                          ack_timeout_s=ACK_TIMEOUT_S, max_send_attempts=MAX_ATTEMPTS, clock=clock)


def sample(value):
    return {"name": "m", "value": value, "at": iso_now()}


def test_one_batch_in_flight_until_its_ack(pump):
    pump.buffer.push_many(sample(value) for value in range(5))
    sent = Sent()

    assert pump.pump(sent) is True
    assert pump.pump(sent) is False
    sent.ack(0, {"ok": True})
    assert pump.pump(sent) is True

    assert [[s["value"] for s in payload["samples"]] for payload in sent.payloads] == [[0, 1], [2, 3]]


def test_an_unanswered_batch_is_resent_after_the_timeout_then_given_up_and_counted(pump, clock):
    pump.buffer.push_many(sample(value) for value in range(3))
    sent = Sent()

    for _ in range(MAX_ATTEMPTS):
        assert pump.pump(sent) is True
        clock.now_s += ACK_TIMEOUT_S - 0.1
        assert pump.pump(sent) is False
        clock.now_s += 0.1

    assert pump.pump(sent) is True  # given up: the next batch, carrying the loss
    assert sent.payloads[0] == sent.payloads[1] == sent.payloads[2]
    assert sent.payloads[3] == {"samples": [sent.payloads[3]["samples"][0]], "dropped": 2}


def test_a_refused_batch_is_dropped_and_counted_at_once(pump):
    pump.buffer.push_many(sample(value) for value in range(3))
    sent = Sent()
    pump.pump(sent)

    sent.ack(0, {"ok": False, "error": {"code": "INVALID_MESSAGE", "message": "bad"}})
    pump.pump(sent)

    assert sent.payloads[1]["dropped"] == 2


def test_a_retryable_refusal_waits_out_the_timeout(pump, clock):
    pump.buffer.push(sample(1))
    sent = Sent()
    pump.pump(sent)

    sent.ack(0, {"ok": False, "error": {"code": "INTERNAL", "message": "database busy"}})
    assert pump.pump(sent) is False
    clock.now_s += ACK_TIMEOUT_S
    assert pump.pump(sent) is True
    assert sent.payloads[1] == sent.payloads[0]


def test_after_a_lost_connection_the_batch_in_flight_goes_first(pump):
    pump.buffer.push_many(sample(value) for value in range(4))
    sent = Sent()
    pump.pump(sent)

    pump.connection_lost()
    pump.pump(sent)

    assert sent.payloads[1] == sent.payloads[0]
    sent.ack(0, {"ok": True})  # a late ack of the first send still counts
    assert pump.in_flight is False


def test_an_empty_buffer_sends_nothing(pump):
    assert pump.pump(Sent()) is False


def result(node_id):
    return {"status": "succeeded", "runId": "run-1", "nodeId": node_id, "agentId": "a", "attempt": 1,
            "startedAt": iso_now(), "finishedAt": iso_now(), "output": None}


def test_results_are_due_once_per_ack_timeout_until_acknowledged(tmp_path, clock):
    pending = PendingResults(tmp_path / "results.json", ack_timeout_s=ACK_TIMEOUT_S, clock=clock)
    pending.add(result("a"))

    assert [r["nodeId"] for r in pending.take_due()] == ["a"]
    assert pending.take_due() == []
    clock.now_s += ACK_TIMEOUT_S
    assert [r["nodeId"] for r in pending.take_due()] == ["a"]

    pending.acknowledge(("run-1", "a", 1))
    assert pending.take_due() == [] and len(pending) == 0
    assert json.loads((tmp_path / "results.json").read_text()) == []


def test_results_survive_a_restart(tmp_path):
    PendingResults(tmp_path / "results.json").add(result("a"))

    restarted = PendingResults(tmp_path / "results.json")

    assert restarted.load() == 1
    assert [r["nodeId"] for r in restarted.take_due()] == ["a"]


def test_an_unreadable_results_file_is_set_aside_not_lost(tmp_path):
    (tmp_path / "results.json").write_text("{broken")

    pending = PendingResults(tmp_path / "results.json")

    assert pending.load() == 0
    assert (tmp_path / "results.json.unreadable").read_text() == "{broken"
