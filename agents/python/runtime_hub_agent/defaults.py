"""
Every default of the Python agent, named with its unit and explained in one place. The ones an
operator may change have a command-line option (and some an environment variable) beside them,
see config.py; the others are properties of the protocol or of how the agent works.
"""

# ── where ─────────────────────────────────────────────────────────────────────────────────

#: --url / RH_URL: the coordinator a development agent talks to (the coordinator's default port).
DEFAULT_COORDINATOR_URL = "http://127.0.0.1:4000"

#: --data-dir / RH_DATA_DIR: the credential file and the pending-results file live here.
DEFAULT_DATA_DIR = "./.runtime-hub"

#: Socket.IO namespace of agents (libs/protocol/src/events.ts, AGENTS_NAMESPACE).
AGENTS_NAMESPACE = "/agents"

# ── connection ────────────────────────────────────────────────────────────────────────────

#: The ceiling of the first reconnect delay; each consecutive failure doubles it.
RECONNECT_BASE_DELAY_S = 0.5

#: No reconnect waits longer than this. Thirty seconds bounds how long a fleet stays away after
#: a coordinator restart; with full jitter, hundreds of hosts spread their returns over it.
RECONNECT_MAX_DELAY_S = 30.0

#: A session that stayed registered this long was healthy: the next failure starts the backoff
#: from the base again. A coordinator that accepts and then drops agents at once keeps the
#: delays growing instead of being hammered at the base delay.
RECONNECT_STABLE_AFTER_S = 30.0

#: The longest a rate-limited handshake (RATE_LIMITED) makes the agent wait before its next
#: attempt, whatever `retryAfterMs` the coordinator names: its rate-limit window is a minute by
#: default, and a misconfigured value must not park the agent for long.
MAX_RETRY_AFTER_S = 300.0

#: How long a Socket.IO connection attempt (transport and namespace) may take.
CONNECT_TIMEOUT_S = 10.0

#: How long the coordinator has to acknowledge `agent:register` before the agent reconnects.
REGISTER_ACK_TIMEOUT_S = 10.0

#: How long the coordinator has to acknowledge a metrics or traces batch. Unanswered, the same
#: batch is sent again (the coordinator may count a few samples twice; none are lost).
TELEMETRY_ACK_TIMEOUT_S = 10.0

#: A batch refused or unanswered this many times in a row is dropped (and counted as dropped),
#: so one batch the coordinator cannot take does not block all telemetry behind it.
TELEMETRY_MAX_SEND_ATTEMPTS = 5

#: How long the coordinator has to acknowledge `task:result` before the agent sends it again.
#: Resending is safe: the coordinator records each attempt once.
RESULT_ACK_TIMEOUT_S = 10.0

#: The session loop wakes at least this often to check ack timeouts and heartbeats; sends
#: themselves are woken at once by whatever queued them.
SESSION_TICK_S = 0.25

#: On stop, how long the agent waits for the coordinator to acknowledge the results of the
#: tasks it hands back before it disconnects (they stay in the pending-results file anyway).
STOP_FLUSH_TIMEOUT_S = 5.0

# ── buffers (each bounded; the oldest item goes when one is full, and is counted) ────────

#: --metrics-buffer / RH_METRICS_BUFFER_MAX_SAMPLES: metric samples kept while they cannot be sent
#: (at 15 s and ~10 samples per interval this is several hours of an unreachable coordinator).
METRICS_BUFFER_MAX_SAMPLES = 10_000

#: Trace spans kept while they cannot be sent.
TRACES_BUFFER_MAX_SPANS = 10_000

#: Log lines kept while they cannot be sent, so a long outage cannot exhaust memory.
LOGS_BUFFER_MAX_LINES = 10_000

#: Samples per `agent:metrics` batch; below the protocol's METRIC_BATCH_MAX_SAMPLES (1000).
METRICS_BATCH_MAX_SAMPLES = 500

#: Spans per `agent:traces` batch; below the protocol's TRACE_BATCH_MAX_SPANS (1000).
TRACES_BATCH_MAX_SPANS = 500

#: Log lines sent per session tick; the rest wait for the next tick (no ack paces logs).
LOG_LINES_PER_TICK = 500

# ── protocol limits (libs/protocol/src/protocol-limits.ts), counted in UTF-16 code units ──

#: LOG_LINE_MAX_LENGTH: longer lines are cut and marked.
LOG_LINE_MAX_UTF16_UNITS = 16_384

#: ERROR_MESSAGE_MAX_LENGTH: longer error messages are cut; details keep the rest.
ERROR_MESSAGE_MAX_UTF16_UNITS = 8_192

#: SHORT_NAME_MAX_LENGTH: metric, span and module names, labels, capabilities.
SHORT_NAME_MAX_UTF16_UNITS = 128

#: AGENT_TAG_MAX_COUNT: most labels an agent declares.
AGENT_LABELS_MAX_COUNT = 64

#: AGENT_MAX_CONCURRENCY: most tasks an agent may declare it runs at once.
AGENT_CONCURRENCY_MAX_TASKS = 256

#: Marks a log line or message cut at its limit (the same mark as the worker agent's).
TRUNCATION_MARK = " …[truncated]"

# ── metrics and tracing ───────────────────────────────────────────────────────────────────

#: --metrics-interval: seconds between two samples of the process and host figures.
DEFAULT_METRICS_INTERVAL_S = 15.0

#: --profile-sample-rate: the profiler records one call in this many (of the modules it watches).
DEFAULT_PROFILE_SAMPLE_EVERY_CALLS = 100

# ── tasks ─────────────────────────────────────────────────────────────────────────────────

#: --concurrency: python tasks run at once. Each is a child process, so a few keep a host busy
#: without one workflow monopolising it.
DEFAULT_CONCURRENCY_TASKS = 2

#: Finished task attempts remembered, so a repeated `task:assign` of one is acknowledged
#: without running it again (the coordinator redelivers after a lost ack).
FINISHED_TASKS_REMEMBERED = 1_000

# ── the python node runner ────────────────────────────────────────────────────────────────

#: The largest result (as UTF-8 JSON) a node may return: 1 MiB, the coordinator's default.
RUNNER_OUTPUT_MAX_BYTES = 1024 * 1024

#: Lines of a traceback kept in the error message of a failed node (the last ones: they name
#: the exception and the line that raised it).
RUNNER_TRACEBACK_TAIL_LINES = 10

#: How often the runner checks a running node for its timeout and for cancellation.
RUNNER_POLL_INTERVAL_S = 0.05

#: After killing a node's process tree, how long to wait for the process to be reaped.
RUNNER_KILL_WAIT_S = 5.0

#: After a node's process ended, how long to wait for the last of its output to be read.
RUNNER_STREAM_DRAIN_TIMEOUT_S = 2.0

#: Bytes read as one output line at most; a longer line arrives in pieces instead of being held
#: whole in memory.
RUNNER_LINE_READ_MAX_BYTES = 64 * 1024

#: The host's local policy file in the data directory, when --policy / RH_POLICY_FILE name none.
#: Absent: nothing is denied.
DEFAULT_POLICY_FILE_NAME = "policy.json"
