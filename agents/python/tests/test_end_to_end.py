"""
The agent against a real python-socketio server (support/socketio_server.py) over a real
WebSocket: enrollment, registration, heartbeats, a python task with its logs and result,
metrics and traces, and a result resent after the server dropped the connection.
"""

import threading

import pytest
import socketio

from runtime_hub_agent import Agent
from runtime_hub_agent.buffer import BoundedBuffer
from runtime_hub_agent.messages import MessageSchemas
from runtime_hub_agent.tracing import Tracer
from support.messages import node_task
from support.socketio_server import SocketIoTestServer
from support.waiting import wait_until

NAMESPACE = "/agents"
ENROLL_TOKEN = "enroll-e2e"
AGENT_ID = "agent-e2e"
HEARTBEAT_INTERVAL_MS = 100
METRICS_INTERVAL_S = 0.2


class Coordinator:
    """The `/agents` side of the coordinator, as far as this test needs it. Every payload is
    checked against the protocol's schemas, as the real gateway parses them with zod."""

    def __init__(self, server: SocketIoTestServer) -> None:
        self.schemas = MessageSchemas.load()
        self.lock = threading.Lock()
        self.handshakes: list = []
        self.received: list = []
        self.invalid: list = []
        self.sid = None
        self.results_to_leave_unacknowledged = 1
        sio = server.sio
        self.sio = sio
        sio.on("connect", self.on_connect, namespace=NAMESPACE)
        for event in ("agent:register", "agent:heartbeat", "agent:log", "agent:metrics", "agent:traces", "task:result"):
            sio.on(event, self.handler(event), namespace=NAMESPACE)

    def on_connect(self, sid, environ, auth):
        with self.lock:
            self.handshakes.append(auth)
        known = (auth.get("type") == "enroll" and auth.get("enrollToken") == ENROLL_TOKEN) or (
            auth.get("type") == "signature" and auth.get("agentId") == AGENT_ID)
        if not known:
            raise socketio.exceptions.ConnectionRefusedError("unauthorized")
        self.sid = sid

    def handler(self, event):
        def handle(sid, payload):
            issues = self.schemas.issues(self.schemas_name(event), payload)
            with self.lock:
                self.received.append((event, payload))
                if issues:
                    self.invalid.append((event, issues))
            if event == "agent:register":
                return {"ok": True, "agentId": AGENT_ID, "heartbeatIntervalMs": HEARTBEAT_INTERVAL_MS}
            if event == "task:result" and self.results_to_leave_unacknowledged > 0:
                # The coordinator goes away before it acknowledges the result.
                self.results_to_leave_unacknowledged -= 1
                self.sio.start_background_task(self.sio.disconnect, sid, namespace=NAMESPACE)
                return None
            if event in ("agent:metrics", "agent:traces", "task:result"):
                return {"ok": True}
            return None

        return handle

    @staticmethod
    def schemas_name(event):
        from runtime_hub_agent.messages import EVENT_SCHEMAS

        return EVENT_SCHEMAS[event]

    def events(self, name):
        with self.lock:
            return [payload for event, payload in self.received if event == name]

    def assign(self, task):
        acks = []
        done = threading.Event()
        self.sio.emit("task:assign", task, to=self.sid, namespace=NAMESPACE,
                      callback=lambda *args: (acks.extend(args), done.set()))
        assert done.wait(10), "task:assign was not acknowledged"
        return acks


@pytest.fixture
def server():
    server = SocketIoTestServer()
    yield server
    server.close()


def test_the_agent_enrolls_runs_a_task_and_delivers_its_result_across_a_reconnect(server, tmp_path):
    coordinator = Coordinator(server)
    server.start()
    agent = Agent(url=server.url, enroll_token=ENROLL_TOKEN, name="e2e", labels="etl,linux", data_dir=tmp_path,
                  metrics_interval_s=METRICS_INTERVAL_S, tracer=Tracer(BoundedBuffer(1000)), env={})
    agent.start()
    try:
        assert agent.wait_registered(15), "the agent did not register"
        (registration,) = coordinator.events("agent:register")
        assert (registration["kind"], registration["labels"], registration["capabilities"]) == ("python", ["etl", "linux"], ["python"])

        acks = coordinator.assign(node_task("print('hello from the node')\nresult = {'double': inputs['n'] * 2}",
                                            agentId=AGENT_ID))
        assert acks == [{"ok": True}]

        # The first result is left unacknowledged and the connection dropped: the agent
        # reconnects, signing in with its key, and sends the result again.
        results = wait_until(lambda: coordinator.events("task:result")[1:] and coordinator.events("task:result"),
                             timeout_s=20, what="the result to be sent again after the reconnect")
        assert results[0] == results[1]
        assert (results[0]["status"], results[0]["output"]) == ("succeeded", {"double": 42})
        assert (coordinator.handshakes[0]["type"], coordinator.handshakes[0]["enrollToken"]) == ("enroll", ENROLL_TOKEN)
        assert (coordinator.handshakes[-1]["type"], coordinator.handshakes[-1]["agentId"]) == ("signature", AGENT_ID)
        wait_until(lambda: len(agent.pending_results) == 0, what="the acknowledged result to be forgotten")

        logs = coordinator.events("agent:log")
        assert {"stream": "stdout", "line": "hello from the node"}.items() <= logs[0].items()
        assert coordinator.events("agent:heartbeat")
        samples = wait_until(lambda: [s for batch in coordinator.events("agent:metrics") for s in batch["samples"]],
                             what="a metrics batch")
        assert "process_rss_bytes" in {sample["name"] for sample in samples}
        spans = wait_until(lambda: [s for batch in coordinator.events("agent:traces") for s in batch["spans"]],
                           what="a traces batch")
        task_span = next(span for span in spans if span["name"] == "python node")
        assert (task_span["runId"], task_span["nodeId"]) == ("run-1", "double")
        assert coordinator.invalid == []
    finally:
        agent.stop(timeout_s=2)


def test_the_agent_keeps_retrying_while_the_coordinator_refuses_it(server, tmp_path):
    coordinator = Coordinator(server)
    server.start()
    agent = Agent(url=server.url, enroll_token="not-the-token", name="e2e-refused", data_dir=tmp_path,
                  metrics_interval_s=METRICS_INTERVAL_S, env={})
    agent.start()
    try:
        wait_until(lambda: len(coordinator.handshakes) >= 2, timeout_s=15, what="a second connection attempt")
        assert not agent.registered
        assert agent.fatal_error is None
    finally:
        agent.stop(timeout_s=2)
