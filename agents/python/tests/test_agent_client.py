"""
The agent's client logic against a scripted coordinator (support/fake_coordinator.py):
connecting, enrolling, reconnecting, tasks, results and telemetry pacing.
"""

import base64
import os
import stat

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from runtime_hub_agent import Agent
from runtime_hub_agent.backoff import Backoff
from runtime_hub_agent.buffer import BoundedBuffer
from runtime_hub_agent.connect_error import ConnectError
from runtime_hub_agent.agent_key import AgentKey, agent_auth_message
from runtime_hub_agent.credentials import CredentialStore
from runtime_hub_agent.tracing import Tracer
from support.fake_coordinator import NO_ACK, FakeCoordinator, register_ok
from support.messages import node_task
from support.waiting import wait_until

#: Long enough that the sampler stays out of tests that count metric batches.
METRICS_INTERVAL_QUIET_S = 3600.0


@pytest.fixture
def coordinator():
    return FakeCoordinator()


@pytest.fixture
def make_agent(tmp_path, coordinator):
    agents = []

    def make(enroll_token="enroll-1", slept=None, tracer=None, **options):
        sleeps = slept if slept is not None else []
        backoff = Backoff(0.5, 30.0, random=lambda: 0.5, sleep=lambda seconds: sleeps.append(seconds))
        agent = Agent(
            url="http://coordinator.test:4000",
            enroll_token=enroll_token,
            name="py-1",
            data_dir=tmp_path,
            labels=["etl"],
            metrics_interval_s=METRICS_INTERVAL_QUIET_S,
            transport_factory=coordinator.transport,
            backoff=backoff,
            tracer=tracer or Tracer(BoundedBuffer(100)),
            env={},
            **options,
        )
        agents.append(agent)
        return agent

    yield make
    for agent in agents:
        agent.stop(timeout_s=2)


def result_for(coordinator, node_id):
    return [result for result in coordinator.events("task:result") if result["nodeId"] == node_id]


def test_first_connect_failures_back_off_then_it_enrolls_and_stores_its_credential(make_agent, coordinator, tmp_path):
    coordinator.connect_outcomes = [ConnectError("down", refused=False), ConnectError("down", refused=False)]
    slept = []
    agent = make_agent(slept=slept)

    agent.start()

    assert agent.wait_registered(10)
    assert slept == [0.25, 0.5]  # half of ceilings 0.5 and 1 (random() = 0.5)
    assert [(auth["type"], auth["enrollToken"]) for auth in coordinator.handshakes] == [("enroll", "enroll-1")] * 3
    # a new key per enrollment attempt; the one acknowledged is the one stored
    enrolled_key = coordinator.handshakes[-1]["publicKey"]
    (registration,) = coordinator.events("agent:register")
    assert (registration["name"], registration["kind"], registration["labels"]) == ("py-1", "python", ["etl"])
    assert agent.agent_id == "agent-1"
    stored = CredentialStore.for_agent(tmp_path, "py-1")
    assert (stored.load().agent_id, stored.load().public_key) == ("agent-1", enrolled_key)
    assert stored.load().key().public_key == enrolled_key
    if os.name == "posix":
        assert stat.S_IMODE(os.stat(stored.path).st_mode) == 0o600


def test_after_a_dropped_connection_it_reconnects_with_its_credential(make_agent, coordinator):
    agent = make_agent()
    agent.start()
    assert agent.wait_registered(10)

    coordinator.drop_connection()

    wait_until(lambda: len(coordinator.events("agent:register")) == 2, what="a second registration")
    signed = coordinator.handshakes[-1]
    assert (signed["type"], signed["agentId"]) == ("signature", "agent-1")
    assert "enrollToken" not in signed and "privateKey" not in signed
    public_key = Ed25519PublicKey.from_public_bytes(base64.urlsafe_b64decode(coordinator.handshakes[0]["publicKey"] + "="))
    public_key.verify(base64.urlsafe_b64decode(signed["signature"] + "=="),
                      agent_auth_message("agent-1", signed["timestampMs"], signed["nonce"]).encode())
    assert agent.wait_registered(10)


def test_a_refused_credential_makes_the_next_attempt_enroll(make_agent, coordinator, tmp_path):
    old_key = AgentKey.generate()
    CredentialStore.for_agent(tmp_path, "py-1").save("agent-old", old_key, "http://coordinator.test:4000")
    coordinator.connect_outcomes = [ConnectError("unknown agent", refused=True, code="AUTH_FAILED")]
    agent = make_agent()

    agent.start()

    assert agent.wait_registered(10)
    assert [auth["type"] for auth in coordinator.handshakes] == ["signature", "enroll"]
    assert CredentialStore.for_agent(tmp_path, "py-1").load().public_key == coordinator.handshakes[1]["publicKey"] != old_key.public_key


def test_a_rate_limited_handshake_waits_as_told_and_signs_again_with_its_credential(make_agent, coordinator, tmp_path):
    CredentialStore.for_agent(tmp_path, "py-1").save("agent-1", AgentKey.generate(), "http://coordinator.test:4000")
    coordinator.connect_outcomes = [ConnectError("too many refused agent handshakes", refused=True, code="RATE_LIMITED", retry_after_s=7.5)]
    slept = []
    agent = make_agent(slept=slept)

    agent.start()

    assert agent.wait_registered(10)
    assert slept == [7.5]  # the wait asked for, above the backoff's own 0.25
    assert [auth["type"] for auth in coordinator.handshakes] == ["signature", "signature"]
    assert agent.fatal_error is None


@pytest.mark.parametrize("code", ["ENROLL_TOKEN_REFUSED", "AGENT_REVOKED"])
def test_a_refused_enroll_token_or_a_revoked_agent_stops_it_rather_than_retrying(make_agent, coordinator, code):
    coordinator.connect_outcomes = [ConnectError("enroll token refused: token t1 is used up (1 of 1 uses)", refused=True, code=code)]
    agent = make_agent()

    agent.start()

    assert agent.wait_stopped(10)
    assert "used up" in str(agent.fatal_error)
    assert len(coordinator.handshakes) == 1


def test_a_revoked_agent_without_an_enrollment_token_stops_with_a_clear_error(make_agent, coordinator, tmp_path):
    CredentialStore.for_agent(tmp_path, "py-1").save("agent-1", AgentKey.generate(), "http://coordinator.test:4000")
    coordinator.policies["agent:register"] = lambda registration: {"ok": False, "error": {"code": "REVOKED", "message": "revoked by admin"}}
    agent = make_agent()

    agent.start()

    assert agent.wait_stopped(10)
    assert "REVOKED" in str(agent.fatal_error) and "revoked" in str(agent.fatal_error)
    assert not agent.registered


def test_a_name_held_by_another_agent_stops_it_rather_than_retrying(make_agent, coordinator):
    message = 'the name "py-1" belongs to agent a-1 (offline); enroll under another name (--name), or an administrator frees it'
    coordinator.policies["agent:register"] = lambda registration: {"ok": False, "error": {"code": "CONFLICT", "message": message}}
    agent = make_agent()

    agent.start()

    assert agent.wait_stopped(10)
    assert "belongs to agent a-1" in str(agent.fatal_error)
    assert len(coordinator.events("agent:register")) == 1


def test_no_credential_and_no_token_is_fatal_at_once(make_agent, coordinator):
    agent = make_agent(enroll_token=None)
    agent.start()
    assert agent.wait_stopped(10)
    assert "no enrollment token" in str(agent.fatal_error)
    assert coordinator.handshakes == []


def test_a_task_is_acknowledged_at_once_run_and_its_result_and_logs_sent(make_agent, coordinator):
    agent = make_agent()
    agent.start()
    assert agent.wait_registered(10)

    ack = coordinator.send_to_agent("task:assign", node_task("print('doubling', inputs['n'])\nresult = inputs['n'] * 2"))

    assert ack == {"ok": True}
    (result,) = wait_until(lambda: result_for(coordinator, "double"), what="the task result")
    assert (result["status"], result["output"], result["attempt"], result["agentId"]) == ("succeeded", 42, 1, "agent-1")
    assert result["startedAt"] <= result["finishedAt"]
    wait_until(lambda: any(log["line"] == "doubling 21" and log["stream"] == "stdout" for log in coordinator.events("agent:log")),
               what="the printed line as agent:log")
    wait_until(lambda: len(agent.pending_results) == 0, what="the acknowledged result to be forgotten")


def test_a_fan_out_cell_keyed_by_its_agent_is_run(make_agent, coordinator):
    agent = make_agent()
    agent.start()
    assert agent.wait_registered(10)

    assert coordinator.send_to_agent("task:assign", node_task(idempotencyKey="run-1:double:agent-1")) == {"ok": True}

    (result,) = wait_until(lambda: result_for(coordinator, "double"), what="the task result")
    assert (result["status"], result["output"]) == ("succeeded", 42)


def test_a_result_is_sent_again_until_acknowledged(make_agent, coordinator):
    coordinator.policies["task:result"] = lambda result: NO_ACK
    agent = make_agent(result_ack_timeout_s=0.2)
    agent.start()
    assert agent.wait_registered(10)

    coordinator.send_to_agent("task:assign", node_task())
    wait_until(lambda: len(result_for(coordinator, "double")) >= 3, what="the unacknowledged result to be resent")
    coordinator.policies["task:result"] = lambda result: {"ok": True}

    wait_until(lambda: len(agent.pending_results) == 0, what="the result to be acknowledged")
    sent = result_for(coordinator, "double")
    assert all(result == sent[0] for result in sent)


def test_an_unacknowledged_result_is_sent_again_after_a_reconnect(make_agent, coordinator):
    coordinator.policies["task:result"] = lambda result: NO_ACK
    agent = make_agent()  # the default ack timeout (10 s) is not what resends it here
    agent.start()
    assert agent.wait_registered(10)
    coordinator.send_to_agent("task:assign", node_task())
    wait_until(lambda: result_for(coordinator, "double"), what="the first send")

    coordinator.policies["task:result"] = lambda result: {"ok": True}
    coordinator.drop_connection()

    wait_until(lambda: len(result_for(coordinator, "double")) == 2, what="the resend on the new connection")
    wait_until(lambda: len(agent.pending_results) == 0, what="the result to be acknowledged")
    # It said it holds that attempt when it registered again, so the coordinator does not count it lost.
    task = node_task()
    registrations = coordinator.events("agent:register")
    assert "tasks" not in registrations[0]
    assert registrations[-1]["tasks"] == [{"runId": task["runId"], "nodeId": task["nodeId"], "attempt": task["attempt"]}]


def test_a_result_left_unacknowledged_is_delivered_by_the_next_start(make_agent, coordinator):
    coordinator.policies["task:result"] = lambda result: NO_ACK
    first = make_agent()
    first.start()
    assert first.wait_registered(10)
    coordinator.send_to_agent("task:assign", node_task())
    wait_until(lambda: result_for(coordinator, "double"), what="the first send")
    first.stop(timeout_s=0.2)

    coordinator.policies["task:result"] = lambda result: {"ok": True}
    second = make_agent()
    second.start()

    wait_until(lambda: len(result_for(coordinator, "double")) == 2, what="the result sent by the restarted agent")
    wait_until(lambda: len(second.pending_results) == 0, what="the result to be acknowledged")


def test_a_repeated_assignment_is_acknowledged_but_not_run_again(make_agent, coordinator):
    agent = make_agent(concurrency=1)  # one at a time: tasks finish in the order they came
    agent.start()
    assert agent.wait_registered(10)
    task = node_task("print('ran')\nresult = 1")

    assert coordinator.send_to_agent("task:assign", task) == {"ok": True}
    wait_until(lambda: result_for(coordinator, "double"), what="the result")
    assert coordinator.send_to_agent("task:assign", task) == {"ok": True}
    coordinator.send_to_agent("task:assign", node_task("result = 2", nodeId="later"))

    wait_until(lambda: result_for(coordinator, "later"), what="the task queued after the repeat")
    assert len(result_for(coordinator, "double")) == 1
    assert [log["line"] for log in coordinator.events("agent:log")].count("ran") == 1


@pytest.mark.parametrize(
    "changes, path",
    [
        ({"idempotencyKey": "run-1:double:1"}, ["idempotencyKey"]),
        ({"idempotencyKey": "run-1:double:agent-2"}, ["idempotencyKey"]),
        ({"nodeType": "shell"}, ["nodeType"]),
        ({"agentId": "agent-2"}, ["agentId"]),
        ({"timeoutMs": 0}, ["timeoutMs"]),
    ],
)
def test_an_invalid_assignment_is_refused_with_its_problems(make_agent, coordinator, changes, path):
    agent = make_agent()
    agent.start()
    assert agent.wait_registered(10)

    ack = coordinator.send_to_agent("task:assign", node_task(**changes))

    assert ack["ok"] is False
    assert ack["error"]["code"] == "INVALID_MESSAGE"
    assert [issue["path"] for issue in ack["error"]["issues"]] == [path]
    assert agent.pending_results.take_due() == []


def test_cancel_kills_the_running_task(make_agent, coordinator):
    agent = make_agent()
    agent.start()
    assert agent.wait_registered(10)
    coordinator.send_to_agent("task:assign", node_task("print('busy', flush=True)\nimport time\ntime.sleep(60)"))
    wait_until(lambda: any(log["line"] == "busy" for log in coordinator.events("agent:log")), what="the task to start")

    coordinator.send_to_agent("task:cancel", {"runId": "run-1", "nodeId": "double", "attempt": 1})

    (result,) = wait_until(lambda: result_for(coordinator, "double"), what="the cancelled result")
    assert (result["status"], result["error"]["code"], result["error"]["retryable"]) == ("failed", "CANCELLED", False)


def test_stop_hands_a_running_task_back_as_agent_lost(make_agent, coordinator):
    agent = make_agent()
    agent.start()
    assert agent.wait_registered(10)
    coordinator.send_to_agent("task:assign", node_task("print('busy', flush=True)\nimport time\ntime.sleep(60)"))
    wait_until(lambda: any(log["line"] == "busy" for log in coordinator.events("agent:log")), what="the task to start")

    agent.stop(timeout_s=5)

    (result,) = result_for(coordinator, "double")
    assert (result["error"]["code"], result["error"]["retryable"]) == ("AGENT_LOST", True)


def test_heartbeats_follow_the_interval_the_coordinator_gave(make_agent, coordinator):
    coordinator.policies["agent:register"] = register_ok(heartbeat_interval_ms=50)
    agent = make_agent()
    agent.start()
    assert agent.wait_registered(10)

    beats = wait_until(lambda: coordinator.events("agent:heartbeat")[:4] if len(coordinator.events("agent:heartbeat")) >= 4 else None,
                       what="four heartbeats")
    assert all(beat["runningTasks"] == 0 and 0 <= beat["load"] <= 1 for beat in beats)


def test_metrics_batches_wait_for_the_previous_ack(make_agent, coordinator):
    coordinator.policies["agent:metrics"] = lambda batch: NO_ACK
    agent = make_agent()
    for index in range(700):
        agent.metric("queue_depth", index, {"queue": "orders"})
    agent.start()
    assert agent.wait_registered(10)

    (first,) = wait_until(lambda: coordinator.events("agent:metrics"), what="the first metrics batch")
    assert [sample["value"] for sample in first["samples"]] == list(range(500))
    assert first["dropped"] == 0
    assert not agent.wait_stopped(0.5)  # several session ticks pass ...
    assert len(coordinator.events("agent:metrics")) == 1  # ... and no second batch without the ack

    coordinator.policies["agent:metrics"] = lambda batch: {"ok": True}
    assert coordinator.release_held("agent:metrics", {"ok": True}) == 1

    batches = wait_until(lambda: coordinator.events("agent:metrics")[1:], what="the second batch")
    assert [sample["value"] for sample in batches[0]["samples"]] == list(range(500, 700))


def test_an_unanswered_metrics_batch_is_sent_again_after_the_ack_timeout(make_agent, coordinator):
    coordinator.policies["agent:metrics"] = lambda batch: NO_ACK
    agent = make_agent(telemetry_ack_timeout_s=0.2)
    agent.metric("queue_depth", 1)
    agent.start()
    assert agent.wait_registered(10)

    batches = wait_until(lambda: coordinator.events("agent:metrics")[:2] if len(coordinator.events("agent:metrics")) >= 2 else None,
                         what="the batch to be sent again")
    assert batches[0] == batches[1]


def test_traces_report_what_the_full_buffer_dropped(make_agent, coordinator):
    tracer = Tracer(BoundedBuffer(3))
    agent = make_agent(tracer=tracer)

    @agent.traced
    def step():
        return None

    for _ in range(5):
        step()
    agent.start()
    assert agent.wait_registered(10)

    (batch,) = wait_until(lambda: coordinator.events("agent:traces"), what="a traces batch")
    assert (len(batch["spans"]), batch["dropped"]) == (3, 2)


def test_a_custom_metric_with_a_bad_name_or_value_is_refused_where_it_is_recorded(make_agent):
    agent = make_agent()
    with pytest.raises(ValueError, match="metric name"):
        agent.metric("", 1)
    with pytest.raises(ValueError, match="finite number"):
        agent.metric("x", float("inf"))
    with pytest.raises(ValueError, match="labels"):
        agent.metric("x", 1, {"a": 1})


def test_the_local_policy_removes_a_denied_capability_and_a_task_needing_it_fails_without_running(make_agent, coordinator, tmp_path):
    (tmp_path / "policy.json").write_text('{"deny": ["python"]}')
    agent = make_agent()
    agent.start()
    assert agent.wait_registered(10)
    (registration,) = coordinator.events("agent:register")
    assert registration["capabilities"] == []

    marker = tmp_path / "ran"
    ack = coordinator.send_to_agent("task:assign", node_task(f"open({str(marker)!r}, 'w')"))

    assert ack == {"ok": True}
    (result,) = wait_until(lambda: result_for(coordinator, "double"), what="the refusal as a result")
    assert result["status"] == "failed"
    assert (result["error"]["code"], result["error"]["retryable"]) == ("POLICY_DENIED", False)
    assert not marker.exists()
