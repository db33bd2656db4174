"""
A scripted coordinator behind fake transports, for testing the agent's client logic without a
network: connect outcomes are queued, every emitted event is recorded, and acks come from
per-event policies (or are held back until the test releases them).
"""

from __future__ import annotations

import threading
from typing import Any, Callable, Optional

from runtime_hub_agent.connect_error import ConnectError

#: A policy returning this sends no ack at all (the callback is kept in `held`).
NO_ACK = object()

AckPolicy = Callable[[Any], Any]


def register_ok(agent_id: str = "agent-1", heartbeat_interval_ms: int = 100) -> AckPolicy:
    def policy(_registration: Any) -> Any:
        return {"ok": True, "agentId": agent_id, "heartbeatIntervalMs": heartbeat_interval_ms}

    return policy


class FakeTransport:
    def __init__(self, coordinator: "FakeCoordinator") -> None:
        self._coordinator = coordinator
        self.handlers: dict[str, Callable[[Any], Any]] = {}
        self._on_disconnect: Optional[Callable[[], None]] = None
        self._connected = False

    @property
    def connected(self) -> bool:
        return self._connected

    def on(self, event: str, handler: Callable[[Any], Any]) -> None:
        self.handlers[event] = handler

    def on_disconnect(self, handler: Callable[[], None]) -> None:
        self._on_disconnect = handler

    def connect(self, url: str, auth: dict[str, Any], timeout_s: float) -> None:
        self._coordinator._handshake(self, url, auth)
        self._connected = True

    def emit(self, event: str, payload: Any, callback: Optional[Callable[..., None]] = None) -> None:
        if not self._connected:
            raise ConnectionError("not connected")
        ack = self._coordinator._receive(event, payload)
        if callback is None:
            return
        if ack is NO_ACK:
            self._coordinator._hold(event, payload, callback)
        else:
            callback(ack)

    def disconnect(self) -> None:
        if self._connected:
            self._connected = False
            if self._on_disconnect is not None:
                self._on_disconnect()


class FakeCoordinator:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        #: Outcomes of the next connect attempts, in order: None accepts, a ConnectError fails.
        self.connect_outcomes: list[Optional[ConnectError]] = []
        self.handshakes: list[dict[str, Any]] = []
        self.received: list[tuple[str, Any]] = []
        self.policies: dict[str, AckPolicy] = {
            "agent:register": register_ok(),
            "agent:metrics": lambda batch: {"ok": True},
            "agent:traces": lambda batch: {"ok": True},
            "task:result": lambda result: {"ok": True},
        }
        #: (event, payload, callback) of messages whose ack is held back.
        self.held: list[tuple[str, Any, Callable[..., None]]] = []
        self.current: Optional[FakeTransport] = None

    def transport(self) -> FakeTransport:
        """The agent's transport factory."""
        return FakeTransport(self)

    def events(self, name: str) -> list[Any]:
        with self._lock:
            return [payload for event, payload in self.received if event == name]

    def send_to_agent(self, event: str, payload: Any) -> Any:
        """Delivers a server event to the connected agent; returns the agent's ack."""
        transport = self.current
        assert transport is not None and transport.connected, "no agent connected"
        return transport.handlers[event](payload)

    def drop_connection(self) -> None:
        transport = self.current
        if transport is not None:
            transport.disconnect()

    def release_held(self, event: str, ack: Any) -> int:
        """Answers every held message of `event` with `ack`; returns how many."""
        with self._lock:
            released = [entry for entry in self.held if entry[0] == event]
            self.held = [entry for entry in self.held if entry[0] != event]
        for _, _, callback in released:
            callback(ack)
        return len(released)

    def _handshake(self, transport: FakeTransport, url: str, auth: dict[str, Any]) -> None:
        with self._lock:
            self.handshakes.append(auth)
            outcome = self.connect_outcomes.pop(0) if self.connect_outcomes else None
        if outcome is not None:
            raise outcome
        self.current = transport

    def _receive(self, event: str, payload: Any) -> Any:
        with self._lock:
            self.received.append((event, payload))
            policy = self.policies.get(event)
        return policy(payload) if policy is not None else NO_ACK

    def _hold(self, event: str, payload: Any, callback: Callable[..., None]) -> None:
        with self._lock:
            self.held.append((event, payload, callback))
