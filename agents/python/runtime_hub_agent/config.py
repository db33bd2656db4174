"""
The agent's options, resolved and checked once, up front: explicit values (command line or
`Agent(...)` arguments) first, then the environment (RH_URL, RH_ENROLL_TOKEN, RH_DATA_DIR,
RH_SCHEMA_DIR, RH_METRICS_BUFFER_MAX_SAMPLES), then the defaults in defaults.py. Nothing else
reads the environment. Every problem is reported at once, in one ConfigError.
"""

from __future__ import annotations

import math
import os
import socket
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping, Optional, Union

from .config_error import ConfigError
from .defaults import (
    AGENT_CONCURRENCY_MAX_TASKS,
    AGENT_LABELS_MAX_COUNT,
    DEFAULT_CONCURRENCY_TASKS,
    DEFAULT_COORDINATOR_URL,
    DEFAULT_DATA_DIR,
    DEFAULT_METRICS_INTERVAL_S,
    DEFAULT_PROFILE_SAMPLE_EVERY_CALLS,
    METRICS_BUFFER_MAX_SAMPLES,
    SHORT_NAME_MAX_UTF16_UNITS,
)
from .text_limits import truncate_utf16, utf16_units

ENV_URL = "RH_URL"
ENV_ENROLL_TOKEN = "RH_ENROLL_TOKEN"
ENV_DATA_DIR = "RH_DATA_DIR"
ENV_SCHEMA_DIR = "RH_SCHEMA_DIR"
ENV_POLICY_FILE = "RH_POLICY_FILE"
ENV_METRICS_BUFFER = "RH_METRICS_BUFFER_MAX_SAMPLES"


@dataclass(frozen=True)
class AgentConfig:
    url: str
    enroll_token: Optional[str]
    name: str
    labels: tuple[str, ...]
    data_dir: Path
    concurrency: int
    metrics_interval_s: float
    metrics_buffer_max_samples: int
    profile: bool
    profile_sample_every_calls: int
    profile_modules: tuple[str, ...]
    schema_dir: Optional[Path]
    #: The host's local policy file when the operator named one (--policy, RH_POLICY_FILE);
    #: None: DEFAULT_POLICY_FILE_NAME in `data_dir`, if it exists.
    policy_file: Optional[Path] = None


def resolve_config(
    *,
    url: Optional[str] = None,
    enroll_token: Optional[str] = None,
    name: Optional[str] = None,
    labels: Union[Iterable[str], str, None] = None,
    data_dir: Union[str, Path, None] = None,
    concurrency: Optional[int] = None,
    metrics_interval_s: Optional[float] = None,
    metrics_buffer_max_samples: Optional[int] = None,
    profile: bool = False,
    profile_sample_rate: Optional[float] = None,
    profile_modules: Union[Iterable[str], str, None] = None,
    schema_dir: Union[str, Path, None] = None,
    policy_file: Union[str, Path, None] = None,
    env: Optional[Mapping[str, str]] = None,
) -> AgentConfig:
    env = os.environ if env is None else env
    problems: list[str] = []

    # One coordinator URL, or its replicas separated by commas: the agent tries them in turn.
    resolved_urls = [part.strip().rstrip("/") for part in (url or env.get(ENV_URL) or DEFAULT_COORDINATOR_URL).split(",") if part.strip()]
    for candidate in resolved_urls or [""]:
        if not candidate.startswith(("http://", "https://")):
            problems.append(f"--url: expected an http:// or https:// URL of the coordinator (several: separated by commas), got {candidate!r}")
    resolved_url = ",".join(resolved_urls)

    resolved_name = name if name is not None else _default_name()
    if not 1 <= utf16_units(resolved_name) <= SHORT_NAME_MAX_UTF16_UNITS:
        problems.append(f"--name: expected 1 to {SHORT_NAME_MAX_UTF16_UNITS} characters, got {resolved_name!r}")

    resolved_labels = _unique(_split(labels))
    if len(resolved_labels) > AGENT_LABELS_MAX_COUNT:
        problems.append(f"--labels: at most {AGENT_LABELS_MAX_COUNT} labels, got {len(resolved_labels)}")
    problems.extend(
        f"--labels: label {label!r} is longer than {SHORT_NAME_MAX_UTF16_UNITS} characters"
        for label in resolved_labels if utf16_units(label) > SHORT_NAME_MAX_UTF16_UNITS
    )

    resolved_concurrency = DEFAULT_CONCURRENCY_TASKS if concurrency is None else concurrency
    if isinstance(resolved_concurrency, bool) or not isinstance(resolved_concurrency, int) \
            or not 1 <= resolved_concurrency <= AGENT_CONCURRENCY_MAX_TASKS:
        problems.append(f"--concurrency: expected an integer from 1 to {AGENT_CONCURRENCY_MAX_TASKS}, got {resolved_concurrency!r}")

    interval_s = DEFAULT_METRICS_INTERVAL_S if metrics_interval_s is None else metrics_interval_s
    if not _positive_number(interval_s):
        problems.append(f"--metrics-interval: expected a number of seconds above 0, got {interval_s!r}")

    raw_buffer = metrics_buffer_max_samples if metrics_buffer_max_samples is not None else env.get(ENV_METRICS_BUFFER)
    buffer_samples = METRICS_BUFFER_MAX_SAMPLES if raw_buffer in (None, "") else _whole_number(raw_buffer)
    if buffer_samples is None or buffer_samples < 1:
        problems.append(f"--metrics-buffer: expected a whole number of samples of 1 or more, got {raw_buffer!r}")

    every_calls = DEFAULT_PROFILE_SAMPLE_EVERY_CALLS
    if profile_sample_rate is not None:
        try:
            every_calls = sample_every_calls(profile_sample_rate)
        except ValueError as error:
            problems.append(f"--profile-sample-rate: {error}")
    modules = tuple(_unique(_split(profile_modules)))
    if profile and not modules:
        problems.append("--profile: name the modules to watch with --profile-modules (module prefixes, comma-separated)")

    token = enroll_token if enroll_token is not None else env.get(ENV_ENROLL_TOKEN)
    resolved_schema_dir = schema_dir or env.get(ENV_SCHEMA_DIR)
    resolved_policy_file = policy_file or env.get(ENV_POLICY_FILE)

    if problems:
        raise ConfigError(problems)
    return AgentConfig(
        url=resolved_url,
        enroll_token=token or None,
        name=resolved_name,
        labels=tuple(resolved_labels),
        data_dir=Path(data_dir or env.get(ENV_DATA_DIR) or DEFAULT_DATA_DIR),
        concurrency=resolved_concurrency,
        metrics_interval_s=float(interval_s),
        metrics_buffer_max_samples=buffer_samples or METRICS_BUFFER_MAX_SAMPLES,
        profile=profile,
        profile_sample_every_calls=every_calls,
        profile_modules=modules,
        schema_dir=Path(resolved_schema_dir) if resolved_schema_dir else None,
        policy_file=Path(resolved_policy_file) if resolved_policy_file else None,
    )


def sample_every_calls(rate: float) -> int:
    """
    --profile-sample-rate as "record one call in N". Either form reads naturally: a fraction
    in (0, 1) (0.01: one call in 100) or N itself, a whole number >= 1 (100). 1 means every
    call in both readings.
    """
    if isinstance(rate, bool) or not _positive_number(rate):
        raise ValueError(f"expected a fraction in (0, 1] or a whole number of calls >= 1, got {rate!r}")
    if rate < 1:
        return max(1, round(1 / rate))
    if not float(rate).is_integer():
        raise ValueError(f"a rate of 1 or more is a number of calls and must be whole, got {rate!r}")
    return int(rate)


def _default_name() -> str:
    return truncate_utf16(socket.gethostname() or "python-agent", SHORT_NAME_MAX_UTF16_UNITS, mark="")


def _split(values: Union[Iterable[str], str, None]) -> list[str]:
    if values is None:
        return []
    items = values.split(",") if isinstance(values, str) else list(values)
    return [item.strip() for item in items if item and item.strip()]


def _whole_number(value: object) -> Optional[int]:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _positive_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) and value > 0
