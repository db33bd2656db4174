"""
The Python agent as a library:

    agent = Agent(url="http://coordinator:4000", enroll_token="...", labels=["etl"])
    agent.start()                      # returns at once; connects in the background

    @agent.traced                      # or the module-level @runtime_hub_agent.traced
    def load_batch(): ...

    agent.metric("queue_depth", 12)
    ...
    agent.stop()

Threads: one for the connection (reconnect loop and session), one sampling metrics, one per
concurrent task (plus the readers of each task's child process), and Socket.IO's own.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Optional, Union

from .agent_fatal_error import AgentFatalError
from .backoff import Backoff
from .buffer import BoundedBuffer
from .config import AgentConfig, resolve_config
from .connection import Connection
from .credentials import CredentialStore, agent_file_stem
from .defaults import (
    DEFAULT_POLICY_FILE_NAME,
    LOGS_BUFFER_MAX_LINES,
    METRICS_BATCH_MAX_SAMPLES,
    RESULT_ACK_TIMEOUT_S,
    STOP_FLUSH_TIMEOUT_S,
    TELEMETRY_ACK_TIMEOUT_S,
    TELEMETRY_MAX_SEND_ATTEMPTS,
    TRACES_BATCH_MAX_SPANS,
)
from .messages import EVENT_METRICS, EVENT_TRACES, MessageSchemas
from .metrics import MetricsSampler, metric_sample
from .pending_results import PendingResults
from .profiler import Profiler
from .local_policy import load_local_policy
from .registration import build_registration
from .runner import PythonRunner
from .session import Session, SessionParts
from .tasks import TaskExecutor
from .telemetry import AckedBatchPump
from .tracing import Tracer, default_tracer
from .transport import SocketIoTransport, Transport

_log = logging.getLogger(__name__)


class Agent:
    def __init__(
        self,
        url: Optional[str] = None,
        enroll_token: Optional[str] = None,
        labels: Union[Iterable[str], str, None] = None,
        name: Optional[str] = None,
        data_dir: Union[str, Path, None] = None,
        *,
        config: Optional[AgentConfig] = None,
        tracer: Optional[Tracer] = None,
        runner: Optional[PythonRunner] = None,
        transport_factory: Optional[Callable[[], Transport]] = None,
        backoff: Optional[Backoff] = None,
        result_ack_timeout_s: float = RESULT_ACK_TIMEOUT_S,
        telemetry_ack_timeout_s: float = TELEMETRY_ACK_TIMEOUT_S,
        **options: Any,
    ) -> None:
        """Either the options (as `resolve_config` takes them: concurrency, metrics_interval_s,
        metrics_buffer_max_samples, profile, profile_sample_rate, profile_modules, schema_dir)
        or a resolved `config`.
        `tracer`, `runner`, `transport_factory`, `backoff` and the ack timeouts replace the
        defaults (tests, and hosts on slow links)."""
        self.config = config or resolve_config(
            url=url, enroll_token=enroll_token, labels=labels, name=name, data_dir=data_dir, **options
        )
        self._stop = threading.Event()
        self._registered = threading.Event()
        self._agent_id: Optional[str] = None
        self._wake = threading.Event()
        self._schemas = MessageSchemas.load(self.config.schema_dir)
        self.tracer = tracer or default_tracer()
        self.metrics_buffer: BoundedBuffer[dict[str, Any]] = BoundedBuffer(self.config.metrics_buffer_max_samples)
        self.logs_buffer: BoundedBuffer[dict[str, Any]] = BoundedBuffer(LOGS_BUFFER_MAX_LINES)
        named_policy = self.config.policy_file is not None
        self.policy = load_local_policy(self.config.policy_file or self.config.data_dir / DEFAULT_POLICY_FILE_NAME, named_policy)
        stem = agent_file_stem(self.config.name)
        self.credentials = CredentialStore(self.config.data_dir / f"{stem}.json")
        self.pending_results = PendingResults(self.config.data_dir / f"{stem}.results.json", ack_timeout_s=result_ack_timeout_s)
        self._telemetry_ack_timeout_s = telemetry_ack_timeout_s
        self._executor = TaskExecutor(
            runner or PythonRunner(),
            concurrency=self.config.concurrency,
            on_result=self._on_task_result,
            on_log=self.logs_buffer.push,
            tracer=self.tracer,
        )
        self._sampler = MetricsSampler(self.metrics_buffer, self.config.metrics_interval_s)
        self._profiler = (
            Profiler(self.tracer, sample_every_calls=self.config.profile_sample_every_calls, module_prefixes=self.config.profile_modules)
            if self.config.profile else None
        )
        self._parts = SessionParts(
            schemas=self._schemas,
            registration=build_registration(self.config, self.policy.deny),
            denied_capabilities=self.policy.deny,
            executor=self._executor,
            pending_results=self.pending_results,
            logs=self.logs_buffer,
            metrics=self._pump(EVENT_METRICS, "samples", self.metrics_buffer, METRICS_BATCH_MAX_SAMPLES),
            traces=self._pump(EVENT_TRACES, "spans", self.tracer.buffer, TRACES_BATCH_MAX_SPANS),
            wake=self._wake,
        )
        self._connection = Connection(
            url=self.config.url,
            enroll_token=self.config.enroll_token,
            credentials=self.credentials,
            schemas=self._schemas,
            transport_factory=transport_factory or SocketIoTransport,
            session_factory=lambda transport: Session(transport, self._parts),
            backoff=backoff or Backoff(sleep=self._stop.wait),
            stop=self._stop,
            on_registered=self._on_registered,
            on_disconnected=self._registered.clear,
        )
        self._thread: Optional[threading.Thread] = None

    # ── the public API ────────────────────────────────────────────────────────────────────

    @property
    def traced(self) -> Callable[..., Any]:
        """`@agent.traced` or `@agent.traced(name="...")`: times a function or coroutine."""
        return self.tracer.traced

    def metric(self, name: str, value: float, labels: Optional[Mapping[str, str]] = None) -> None:
        """Records one sample, sent with the next metrics batch. ValueError on a bad name,
        value or labels (so the mistake shows where it is made, not at the coordinator)."""
        self.metrics_buffer.push(metric_sample(name, value, labels))

    @property
    def agent_id(self) -> Optional[str]:
        return self._agent_id

    @property
    def registered(self) -> bool:
        return self._registered.is_set()

    @property
    def fatal_error(self) -> Optional[AgentFatalError]:
        """Why the agent gave up (revoked without an enrollment token, unusable credential file)."""
        return self._connection.fatal_error

    def wait_registered(self, timeout_s: Optional[float] = None) -> bool:
        return self._registered.wait(timeout_s)

    def wait_stopped(self, timeout_s: Optional[float] = None) -> bool:
        """Blocks until the agent stops (stop() or a fatal error)."""
        return self._stop.wait(timeout_s)

    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError("the agent is already started")
        loaded = self.pending_results.load()
        if loaded:
            _log.info("results of an earlier run to deliver", extra={"count": loaded})
        self._executor.start()
        self._sampler.start()
        if self._profiler is not None:
            self._profiler.start()
        self._thread = threading.Thread(target=self._connection.run, name="runtime-hub-connection", daemon=True)
        self._thread.start()

    def stop(self, timeout_s: float = STOP_FLUSH_TIMEOUT_S) -> None:
        """Hands running tasks back, waits up to `timeout_s` for their results to be
        acknowledged, and disconnects. Unacknowledged results stay in the pending file."""
        if self._profiler is not None:
            self._profiler.stop()
        self._executor.stop(timeout_s)
        if self._registered.is_set():
            self._wake.set()
            self.pending_results.wait_until_empty(timeout_s)
        self._stop.set()
        self._wake.set()
        self._connection.interrupt()
        self._sampler.stop(timeout_s)
        if self._thread is not None:
            self._thread.join(timeout_s)

    # ── internals ─────────────────────────────────────────────────────────────────────────

    def _pump(self, event: str, key: str, buffer: BoundedBuffer[dict[str, Any]], batch_max: int) -> AckedBatchPump:
        return AckedBatchPump(event, key, buffer, batch_max_items=batch_max, schemas=self._schemas,
                              ack_timeout_s=self._telemetry_ack_timeout_s, max_send_attempts=TELEMETRY_MAX_SEND_ATTEMPTS)

    def _on_task_result(self, result: dict[str, Any]) -> None:
        self.pending_results.add(result)
        self._wake.set()

    def _on_registered(self, agent_id: str) -> None:
        self._agent_id = agent_id
        self._registered.set()
