"""
A real python-socketio server for end-to-end tests, with nothing but the standard library
around it.

python-socketio's `threading` mode serves WebSocket through the `simple-websocket` package,
and its other modes through eventlet, gevent or an ASGI server; none of them is installed here.
Engine.IO asks its async driver for one small object (`_async["websocket"]`: an app wrapper with
`send`, `wait` and `close`), so this module supplies that object — an RFC 6455 server side over
the raw socket of a `wsgiref` request — and runs `socketio.Server` + `socketio.WSGIApp` in a
threaded `wsgiref` server. Everything above the WebSocket frames (Engine.IO handshake and pings,
Socket.IO namespaces, auth, events, acks) is python-socketio's own code.
"""

from __future__ import annotations

import base64
import hashlib
import socket
import struct
import threading
from socketserver import ThreadingMixIn
from typing import Any, Callable, Optional
from wsgiref.simple_server import ServerHandler, WSGIRequestHandler, WSGIServer, make_server

import socketio

_WEBSOCKET_GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
_OP_CONTINUATION, _OP_TEXT, _OP_BINARY, _OP_CLOSE, _OP_PING, _OP_PONG = 0x0, 0x1, 0x2, 0x8, 0x9, 0xA


class StdlibWebSocket:
    """The websocket wrapper Engine.IO's threading driver expects (see
    engineio/async_drivers/threading.py, WebSocketWSGI)."""

    def __init__(self, app: Callable[["StdlibWebSocket"], Any]) -> None:
        self.app = app
        self._send_lock = threading.Lock()
        self._closed = False

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        self._sock: socket.socket = environ["rh.socket"]
        self._rfile = environ["rh.rfile"]
        key = environ["HTTP_SEC_WEBSOCKET_KEY"].encode("ascii")
        accept = base64.b64encode(hashlib.sha1(key + _WEBSOCKET_GUID).digest())
        self._sock.sendall(
            b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            b"Sec-WebSocket-Accept: " + accept + b"\r\n\r\n"
        )
        environ["rh.upgraded"] = True
        return self.app(self)

    def send(self, message: Any) -> None:
        opcode = _OP_TEXT if isinstance(message, str) else _OP_BINARY
        self._send_frame(opcode, message.encode("utf-8") if isinstance(message, str) else bytes(message))

    def wait(self) -> Optional[Any]:
        """The next message, or None once the client closed the connection."""
        pieces: list[bytes] = []
        message_opcode = None
        while True:
            try:
                fin, opcode, payload = self._read_frame()
            except (OSError, ValueError):
                return None
            if opcode == _OP_CLOSE:
                self.close()
                return None
            if opcode == _OP_PING:
                self._send_frame(_OP_PONG, payload)
                continue
            if opcode == _OP_PONG:
                continue
            if opcode != _OP_CONTINUATION:
                message_opcode = opcode
            pieces.append(payload)
            if fin:
                data = b"".join(pieces)
                return data.decode("utf-8") if message_opcode == _OP_TEXT else data

    def close(self) -> None:
        if self._closed:
            return
        try:
            self._send_frame(_OP_CLOSE, struct.pack("!H", 1000))
        except OSError:
            pass
        self._closed = True
        try:
            self._sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def _send_frame(self, opcode: int, payload: bytes) -> None:
        if self._closed:
            raise IOError("websocket closed")
        header = bytes([0x80 | opcode])
        length = len(payload)
        if length < 126:
            header += bytes([length])
        elif length < 1 << 16:
            header += bytes([126]) + struct.pack("!H", length)
        else:
            header += bytes([127]) + struct.pack("!Q", length)
        with self._send_lock:
            self._sock.sendall(header + payload)

    def _read_exactly(self, count: int) -> bytes:
        data = self._rfile.read(count)
        if data is None or len(data) < count:
            raise OSError("connection closed")
        return data

    def _read_frame(self) -> tuple[bool, int, bytes]:
        first, second = self._read_exactly(2)
        length = second & 0x7F
        if length == 126:
            (length,) = struct.unpack("!H", self._read_exactly(2))
        elif length == 127:
            (length,) = struct.unpack("!Q", self._read_exactly(8))
        mask = self._read_exactly(4) if second & 0x80 else None
        payload = self._read_exactly(length)
        if mask is not None:
            payload = bytes(byte ^ mask[index % 4] for index, byte in enumerate(payload))
        return bool(first & 0x80), first & 0x0F, payload


class _UpgradeAwareHandler(ServerHandler):
    """After a WebSocket upgrade the socket belongs to the WebSocket: write no HTTP response."""

    def finish_response(self) -> None:
        if self.environ.get("rh.upgraded"):
            if hasattr(self.result, "close"):
                self.result.close()
            return
        super().finish_response()

    def close(self) -> None:
        if self.environ.get("rh.upgraded"):
            self.result = None
            return
        super().close()


class _RequestHandler(WSGIRequestHandler):
    def get_environ(self) -> dict[str, Any]:
        environ = super().get_environ()
        environ["rh.socket"] = self.connection
        environ["rh.rfile"] = self.rfile
        return environ

    def handle(self) -> None:
        self.raw_requestline = self.rfile.readline(65537)
        if not self.parse_request():
            return
        handler = _UpgradeAwareHandler(self.rfile, self.wfile, self.get_stderr(), self.get_environ(), multithread=True)
        handler.request_handler = self
        handler.run(self.server.get_app())

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class SocketIoTestServer:
    """`socketio.Server` on 127.0.0.1 at a free port, served until `close()`."""

    def __init__(self) -> None:
        self.sio = socketio.Server(async_mode="threading", logger=False, engineio_logger=False)
        self.sio.eio._async = dict(self.sio.eio._async, websocket=StdlibWebSocket)
        self._httpd = make_server("127.0.0.1", 0, socketio.WSGIApp(self.sio),
                                  server_class=_ThreadingWSGIServer, handler_class=_RequestHandler)
        self.url = f"http://127.0.0.1:{self._httpd.server_port}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="socketio-test-server", daemon=True)

    def start(self) -> "SocketIoTestServer":
        self._thread.start()
        return self

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(5)
