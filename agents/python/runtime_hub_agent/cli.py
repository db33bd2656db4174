"""
`python3 -m runtime_hub_agent --url URL --enroll-token T [options]`: runs the agent until
SIGINT or SIGTERM. Exit codes: 0 stopped on request; 1 the agent gave up (revoked, unusable
credential file); 2 invalid options.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from typing import Optional, Sequence

from .agent import Agent
from .config import ENV_DATA_DIR, ENV_ENROLL_TOKEN, ENV_METRICS_BUFFER, ENV_POLICY_FILE, ENV_URL, resolve_config
from .config_error import ConfigError
from .defaults import (
    DEFAULT_CONCURRENCY_TASKS,
    DEFAULT_COORDINATOR_URL,
    DEFAULT_DATA_DIR,
    DEFAULT_METRICS_INTERVAL_S,
    DEFAULT_POLICY_FILE_NAME,
    DEFAULT_PROFILE_SAMPLE_EVERY_CALLS,
    METRICS_BUFFER_MAX_SAMPLES,
)
from .logging_json import configure_json_logging
from .version import AGENT_VERSION

EXIT_STOPPED = 0
EXIT_FATAL = 1
EXIT_INVALID_OPTIONS = 2

_log = logging.getLogger("runtime_hub_agent.cli")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python3 -m runtime_hub_agent",
        description="Runtime Hub Python agent: runs python workflow nodes and streams metrics and traces.",
    )
    parser.add_argument("--url", help=f"coordinator URL, or its replicas separated by commas, tried in turn (env {ENV_URL}; default {DEFAULT_COORDINATOR_URL})")
    parser.add_argument("--enroll-token", help=f"enrollment token, needed until the agent has a credential (env {ENV_ENROLL_TOKEN})")
    parser.add_argument("--labels", help="comma-separated labels workflows target this agent by")
    parser.add_argument("--name", help="agent name (default: the host name)")
    parser.add_argument("--data-dir", help=f"where the credential and pending results are kept (env {ENV_DATA_DIR}; default {DEFAULT_DATA_DIR})")
    parser.add_argument("--concurrency", type=int, help=f"python tasks run at once (default {DEFAULT_CONCURRENCY_TASKS})")
    parser.add_argument("--metrics-interval", type=float, metavar="S", help=f"seconds between metric samples (default {DEFAULT_METRICS_INTERVAL_S:g})")
    parser.add_argument("--metrics-buffer", type=int, metavar="N",
                        help=f"metric samples kept while the coordinator is away; the oldest are dropped and counted beyond (env {ENV_METRICS_BUFFER}; default {METRICS_BUFFER_MAX_SAMPLES})")
    parser.add_argument("--profile", action="store_true", help="record function timings with the sampling profiler")
    parser.add_argument("--profile-sample-rate", type=float, metavar="R",
                        help=f"record one call in R (or a fraction: 0.01 = one in 100; default one in {DEFAULT_PROFILE_SAMPLE_EVERY_CALLS})")
    parser.add_argument("--profile-modules", help="comma-separated module prefixes the profiler watches (required with --profile)")
    parser.add_argument("--policy", metavar="FILE",
                        help=f"the host's local policy, e.g. {{\"deny\": [\"python\"]}} (env {ENV_POLICY_FILE}; default {DEFAULT_POLICY_FILE_NAME} in the data dir)")
    parser.add_argument("--log-level", default="info", choices=["debug", "info", "warning", "error"], help="default info")
    parser.add_argument("--version", action="version", version=AGENT_VERSION)
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    configure_json_logging(getattr(logging, args.log_level.upper()))
    try:
        config = resolve_config(
            url=args.url,
            enroll_token=args.enroll_token,
            name=args.name,
            labels=args.labels,
            data_dir=args.data_dir,
            concurrency=args.concurrency,
            metrics_interval_s=args.metrics_interval,
            metrics_buffer_max_samples=args.metrics_buffer,
            profile=args.profile,
            profile_sample_rate=args.profile_sample_rate,
            profile_modules=args.profile_modules,
            policy_file=args.policy,
        )
        agent = Agent(config=config)
    except ConfigError as error:
        print(f"runtime_hub_agent: {error}", file=sys.stderr)
        return EXIT_INVALID_OPTIONS

    stop_requested = threading.Event()

    def request_stop(signum: int, _frame: object) -> None:
        _log.info("stopping", extra={"signal": signal.Signals(signum).name})
        stop_requested.set()

    signal.signal(signal.SIGINT, request_stop)
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, request_stop)

    _log.info("starting", extra={"url": config.url, "agentName": config.name, "labels": list(config.labels), "version": AGENT_VERSION})
    agent.start()
    # Short waits, so the main thread stays free to run the signal handler.
    while not stop_requested.is_set() and not agent.wait_stopped(0.5):
        pass
    agent.stop()
    if agent.fatal_error is not None:
        print(f"runtime_hub_agent: {agent.fatal_error}", file=sys.stderr)
        return EXIT_FATAL
    return EXIT_STOPPED
