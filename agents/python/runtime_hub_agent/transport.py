"""
The one seam between the agent and Socket.IO. A session talks to a `Transport`; production
uses `SocketIoTransport` (python-socketio's client), tests a fake with the same five methods.

A transport is used for one connection: the agent makes a new one for every attempt, so no
state of a dead connection (callbacks, namespaces) leaks into the next.
"""

from __future__ import annotations

import logging
import threading
from typing import Any, Callable, Optional, Protocol

from .connect_error import ConnectError
from .defaults import AGENTS_NAMESPACE, MAX_RETRY_AFTER_S

#: Handles one server event; the return value is sent as the ack when the server asked for one.
EventHandler = Callable[[Any], Any]
AckCallback = Callable[..., None]

_log = logging.getLogger(__name__)


class Transport(Protocol):
    @property
    def connected(self) -> bool: ...

    def on(self, event: str, handler: EventHandler) -> None:
        """Registers a handler for a server event (before `connect`)."""

    def on_disconnect(self, handler: Callable[[], None]) -> None:
        """Called once when an established connection ends, whoever ended it."""

    def connect(self, url: str, auth: dict[str, Any], timeout_s: float) -> None:
        """Connects to the `/agents` namespace; raises ConnectError."""

    def emit(self, event: str, payload: Any, callback: Optional[AckCallback] = None) -> None:
        """Sends an event; `callback` receives the ack's arguments. Raises ConnectionError
        when the connection is gone."""

    def disconnect(self) -> None: ...


class SocketIoTransport:
    """python-socketio's client on the `/agents` namespace, WebSocket transport only: no HTTP
    long-polling (which would need `requests`), and no sticky sessions needed behind a load
    balancer. Socket.IO's own reconnection is off: the agent's backoff decides."""

    def __init__(self, namespace: str = AGENTS_NAMESPACE) -> None:
        import socketio  # imported here so the rest of the agent (and its tests) do without it

        self._socketio = socketio
        self._namespace = namespace
        self._client = socketio.Client(reconnection=False, logger=False, engineio_logger=False)
        self._refusal: Optional[str] = None
        self._refusal_code: Optional[str] = None
        self._retry_after_s = 0.0
        #: Set when the namespace connected or was refused, whichever comes first.
        self._settled = threading.Event()
        self._disconnect_handler: Optional[Callable[[], None]] = None
        self._client.on("connect", self._settled.set, namespace=namespace)
        self._client.on("connect_error", self._on_connect_error, namespace=namespace)
        self._client.on("disconnect", self._on_disconnect, namespace=namespace)

    @property
    def connected(self) -> bool:
        return bool(self._client.connected) and self._namespace in self._client.namespaces

    def on(self, event: str, handler: EventHandler) -> None:
        self._client.on(event, handler, namespace=self._namespace)

    def on_disconnect(self, handler: Callable[[], None]) -> None:
        self._disconnect_handler = handler

    def connect(self, url: str, auth: dict[str, Any], timeout_s: float) -> None:
        try:
            # wait=False and our own wait below: python-socketio's wait=True notices a refused
            # namespace only when its whole wait_timeout has passed.
            self._client.connect(url, auth=auth, transports=["websocket"], namespaces=[self._namespace], wait=False)
        except self._socketio.exceptions.ConnectionError as error:
            raise ConnectError(f"cannot connect to {url}: {error}", refused=False) from error
        if not self._settled.wait(timeout_s):
            self.disconnect()
            raise ConnectError(f"cannot connect to {url}: no answer from {self._namespace} within {timeout_s} s", refused=False)
        if self._refusal is not None:
            self.disconnect()
            raise ConnectError(f"refused by the coordinator: {self._refusal}", refused=True, code=self._refusal_code, retry_after_s=self._retry_after_s)

    def emit(self, event: str, payload: Any, callback: Optional[AckCallback] = None) -> None:
        try:
            self._client.emit(event, payload, namespace=self._namespace, callback=callback)
        except self._socketio.exceptions.SocketIOError as error:
            raise ConnectionError(f"cannot send {event}: {error}") from error

    def disconnect(self) -> None:
        try:
            self._client.disconnect()
        except Exception as error:  # noqa: BLE001 - closing a broken connection may fail; it is closed either way
            _log.debug("disconnect failed", extra={"error": str(error)})

    def _on_connect_error(self, data: Any = None) -> None:
        # The namespace middleware refused the handshake: `data` is {message, data: {code}} from the server.
        self._refusal = data.get("message", str(data)) if isinstance(data, dict) else str(data)
        details = data.get("data") if isinstance(data, dict) else None
        code = details.get("code") if isinstance(details, dict) else None
        self._refusal_code = code if isinstance(code, str) else None
        retry_after_ms = details.get("retryAfterMs") if isinstance(details, dict) else None
        valid = isinstance(retry_after_ms, (int, float)) and not isinstance(retry_after_ms, bool) and retry_after_ms > 0
        self._retry_after_s = min(float(retry_after_ms) / 1000.0, MAX_RETRY_AFTER_S) if valid else 0.0
        self._settled.set()

    def _on_disconnect(self) -> None:
        handler = self._disconnect_handler
        if handler is not None:
            handler()
