"""
Runs a python node's code in a child process (`sys.executable -c <node_bootstrap.py>`):

1. the child reads {code, inputs, nodes} as JSON on stdin; the code sees `inputs` and `nodes`
   as dicts and assigns `result`;
2. the outcome comes back in a result file named on the command line, never on stdout, so
   what the code prints cannot corrupt it; stdout and stderr are streamed line by line;
3. past `timeout_ms`, or on cancel, the child's process tree is killed.

| what happened                    | error code       | retryable |
| -------------------------------- | ---------------- | --------- |
| ran past its timeout             | TIMEOUT          | yes       |
| cancelled                        | CANCELLED        | no        |
| the code raised                  | NODE_FAILED      | no        |
| `result` is not JSON             | NODE_FAILED      | no        |
| `result` over the output limit   | OUTPUT_TOO_LARGE | no        |
| sys.exit(n != 0), or died        | EXIT_CODE        | no        |
| the runner itself failed         | INTERNAL         | yes       |

(Retryable per libs/protocol run-error.schema.ts, RETRYABLE_BY_DEFAULT.)
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Callable, Optional

from .defaults import (
    ERROR_MESSAGE_MAX_UTF16_UNITS,
    RUNNER_KILL_WAIT_S,
    RUNNER_LINE_READ_MAX_BYTES,
    RUNNER_OUTPUT_MAX_BYTES,
    RUNNER_POLL_INTERVAL_S,
    RUNNER_STREAM_DRAIN_TIMEOUT_S,
    RUNNER_TRACEBACK_TAIL_LINES,
)
from .process_tree import kill_process_tree, own_group_popen_kwargs
from .text_limits import truncate_utf16

BOOTSTRAP_SOURCE = (Path(__file__).resolve().parent / "node_bootstrap.py").read_text(encoding="utf-8")

#: The result file wraps the result in `{"status": "ok", "result": ...}`: a file larger than the
#: limit plus this wrapper cannot hold an acceptable result and is not read at all.
_ENVELOPE_BYTES = len('{"status": "ok", "result": }')

#: Lines of stderr kept to explain a process that died without a result.
_STDERR_TAIL_LINES = 20

#: (stream, line) for each line the child prints; stream is stdout, stderr or system.
LineSink = Callable[[str, str], None]


@dataclass(frozen=True)
class NodeError:
    code: str
    message: str
    retryable: bool
    details: Optional[dict[str, Any]] = None

    def to_json(self) -> dict[str, Any]:
        error: dict[str, Any] = {
            "code": self.code,
            "message": truncate_utf16(self.message, ERROR_MESSAGE_MAX_UTF16_UNITS),
            "retryable": self.retryable,
        }
        if self.details:
            error["details"] = self.details
        return error


@dataclass(frozen=True)
class RunOutcome:
    output: Any = None
    error: Optional[NodeError] = None

    @property
    def ok(self) -> bool:
        return self.error is None


class PythonRunner:
    def __init__(
        self,
        *,
        python: str = sys.executable,
        output_max_bytes: int = RUNNER_OUTPUT_MAX_BYTES,
        traceback_tail_lines: int = RUNNER_TRACEBACK_TAIL_LINES,
        poll_interval_s: float = RUNNER_POLL_INTERVAL_S,
        kill_wait_s: float = RUNNER_KILL_WAIT_S,
        drain_timeout_s: float = RUNNER_STREAM_DRAIN_TIMEOUT_S,
    ) -> None:
        self.python = python
        self.output_max_bytes = output_max_bytes
        self.traceback_tail_lines = traceback_tail_lines
        self.poll_interval_s = poll_interval_s
        self.kill_wait_s = kill_wait_s
        self.drain_timeout_s = drain_timeout_s

    def run(
        self,
        code: str,
        *,
        inputs: dict[str, Any],
        nodes: dict[str, Any],
        timeout_ms: int,
        on_line: LineSink,
        cancel: Optional[threading.Event] = None,
        filename: str = "<node>",
    ) -> RunOutcome:
        workdir = tempfile.mkdtemp(prefix="runtime-hub-node-")
        result_path = os.path.join(workdir, "result.json")
        stderr_tail: deque[str] = deque(maxlen=_STDERR_TAIL_LINES)
        process: Optional[subprocess.Popen] = None
        try:
            payload = json.dumps(
                {"code": code, "inputs": inputs, "nodes": nodes, "filename": filename, "outputMaxBytes": self.output_max_bytes}
            ).encode("utf-8")
            env = dict(os.environ, PYTHONUNBUFFERED="1", PYTHONIOENCODING="utf-8")
            process = subprocess.Popen(
                [self.python, "-u", "-c", BOOTSTRAP_SOURCE, result_path],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=env,
                **own_group_popen_kwargs(),
            )

            def on_stderr(stream: str, line: str) -> None:
                stderr_tail.append(line)
                on_line(stream, line)

            threads = [
                _start(_feed, process.stdin, payload),
                _start(_read_lines, process.stdout, "stdout", on_line),
                _start(_read_lines, process.stderr, "stderr", on_stderr),
            ]
            stopped_by = self._wait(process, time.monotonic() + timeout_ms / 1000.0, cancel)
            if stopped_by is not None:
                kill_process_tree(process, self.kill_wait_s)
                reason = f"timed out after {timeout_ms} ms" if stopped_by == "timeout" else "cancelled"
                on_line("system", f"{reason}: killed the process tree")
            for thread in threads:
                thread.join(self.drain_timeout_s)
            if stopped_by == "timeout":
                return RunOutcome(error=NodeError(
                    "TIMEOUT", f"the node ran longer than its timeout ({timeout_ms} ms); its process tree was killed",
                    retryable=True, details={"timeoutMs": timeout_ms}))
            if stopped_by == "cancel":
                return RunOutcome(error=NodeError("CANCELLED", "the node was cancelled; its process tree was killed", retryable=False))
            return self._outcome(result_path, process.returncode, list(stderr_tail))
        except OSError as error:
            return RunOutcome(error=NodeError("INTERNAL", f"could not run the python node: {error}", retryable=True))
        finally:
            if process is not None and process.poll() is None:
                kill_process_tree(process, self.kill_wait_s)
            shutil.rmtree(workdir, ignore_errors=True)

    def _wait(self, process: subprocess.Popen, deadline: float, cancel: Optional[threading.Event]) -> Optional[str]:
        """None when the process ended by itself, else "timeout" or "cancel"."""
        while True:
            try:
                process.wait(timeout=max(0.0, min(self.poll_interval_s, deadline - time.monotonic())))
                return None
            except subprocess.TimeoutExpired:
                pass
            if cancel is not None and cancel.is_set():
                return "cancel"
            if time.monotonic() >= deadline:
                return "timeout"

    def _outcome(self, result_path: str, exit_code: int, stderr_tail: list[str]) -> RunOutcome:
        try:
            size_bytes = os.path.getsize(result_path)
        except OSError:
            if exit_code == 0:
                return RunOutcome(error=NodeError("INTERNAL", "the node's process ended without reporting a result", retryable=True))
            return RunOutcome(error=NodeError(
                "EXIT_CODE", f"the node's process exited with code {exit_code} before reporting a result",
                retryable=False, details={"exitCode": exit_code, "stderrTail": stderr_tail}))
        if size_bytes > self.output_max_bytes + _ENVELOPE_BYTES:
            return RunOutcome(error=_too_large(size_bytes - _ENVELOPE_BYTES, self.output_max_bytes))
        try:
            with open(result_path, "r", encoding="utf-8") as file:
                envelope = json.load(file)
        except (OSError, ValueError) as error:
            return RunOutcome(error=NodeError("INTERNAL", f"the node's result file could not be read: {error}", retryable=True))
        status = envelope.get("status")
        if status == "ok":
            return RunOutcome(output=envelope.get("result"))
        if status == "exception":
            tail = envelope.get("traceback", [])[-self.traceback_tail_lines :]
            return RunOutcome(error=NodeError(
                "NODE_FAILED", "\n".join(tail), retryable=False,
                details={"exceptionType": envelope.get("type"), "exitCode": exit_code}))
        if status == "exit":
            return RunOutcome(error=NodeError(
                "EXIT_CODE", f"the node's code called sys.exit({envelope.get('exitCode')!r})",
                retryable=False, details={"exitCode": envelope.get("exitCode")}))
        if status == "not_json":
            return RunOutcome(error=NodeError(
                "NODE_FAILED", f"{envelope.get('path')} is not JSON-serializable: {envelope.get('message')}",
                retryable=False, details={"path": envelope.get("path")}))
        if status == "too_large":
            return RunOutcome(error=_too_large(envelope.get("sizeBytes", size_bytes), self.output_max_bytes))
        return RunOutcome(error=NodeError("INTERNAL", f"the node's result file has an unknown status {status!r}", retryable=True))


def _too_large(size_bytes: int, limit_bytes: int) -> NodeError:
    return NodeError(
        "OUTPUT_TOO_LARGE",
        f"result is {size_bytes:,} bytes as JSON; the limit is {limit_bytes:,} bytes",
        retryable=False,
        details={"sizeBytes": size_bytes, "limitBytes": limit_bytes},
    )


def _start(target: Callable[..., None], *args: Any) -> threading.Thread:
    thread = threading.Thread(target=target, args=args, name="runtime-hub-node-io", daemon=True)
    thread.start()
    return thread


def _feed(stdin: IO[bytes], payload: bytes) -> None:
    # A thread of its own: a payload larger than the pipe buffer blocks until the child reads
    # it, and the timeout must keep running meanwhile.
    try:
        stdin.write(payload)
        stdin.close()
    except OSError:
        # The child died before reading its input; its exit code tells the story.
        pass


def _read_lines(stream: IO[bytes], name: str, on_line: LineSink) -> None:
    with stream:
        for raw in iter(lambda: stream.readline(RUNNER_LINE_READ_MAX_BYTES), b""):
            on_line(name, raw.decode("utf-8", errors="replace").rstrip("\r\n"))
