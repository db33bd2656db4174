"""
Metric samples `{name, value, at, labels?}` for `agent:metrics`: the agent's process and its
host, sampled every interval, plus whatever the application records with `agent.metric(...)`.

| name                      | what                                                   | labels      |
| ------------------------- | ------------------------------------------------------ | ----------- |
| process_cpu_percent       | CPU used by this process since the last sample (100 = one core) |    |
| process_rss_bytes         | resident memory of this process                        |             |
| process_threads           | threads of this process                                |             |
| python_gc_objects         | objects tracked in a GC generation (gc.get_count)      | generation  |
| python_gc_collections     | collections of a GC generation so far (gc.get_stats)   | generation  |
| host_cpu_percent          | CPU used on the host since the last sample (0..100)    |             |
| host_memory_used_percent  | memory in use on the host (0..100)                     |             |
"""

from __future__ import annotations

import gc
import math
import threading
from typing import Any, Callable, Mapping, Optional

import psutil

from .buffer import BoundedBuffer
from .defaults import SHORT_NAME_MAX_UTF16_UNITS
from .text_limits import utf16_units
from .timestamps import iso_now

Sample = dict[str, Any]


def metric_sample(name: str, value: float, labels: Optional[Mapping[str, str]] = None, at: Optional[str] = None) -> Sample:
    """A sample the coordinator accepts, or ValueError naming what is wrong (the caller's bug)."""
    if not isinstance(name, str) or not 1 <= utf16_units(name) <= SHORT_NAME_MAX_UTF16_UNITS:
        raise ValueError(f"metric name must be a string of 1 to {SHORT_NAME_MAX_UTF16_UNITS} characters, got {name!r}")
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError(f"metric {name!r}: value must be a finite number, got {value!r}")
    sample: Sample = {"name": name, "value": value, "at": at or iso_now()}
    if labels:
        bad = [key for key, label in labels.items() if not isinstance(key, str) or not isinstance(label, str)]
        if bad:
            raise ValueError(f"metric {name!r}: labels must map strings to strings (not: {', '.join(map(repr, bad))})")
        sample["labels"] = dict(labels)
    return sample


class CpuShare:
    """
    Share of the host's CPU in use between two calls, 0..1. Computed from psutil.cpu_times()
    rather than psutil.cpu_percent(), whose one module-wide baseline would be reset by every
    other caller (the heartbeat and the sampler each keep their own).
    """

    def __init__(self) -> None:
        self._last = psutil.cpu_times()

    def sample(self) -> float:
        current = psutil.cpu_times()
        busy = _busy(current) - _busy(self._last)
        total = sum(current) - sum(self._last)
        self._last = current
        if total <= 0:
            return 0.0
        return min(1.0, max(0.0, busy / total))


def _busy(times: Any) -> float:
    # Time waiting for I/O is idle time for this purpose, as in psutil.cpu_percent().
    return sum(times) - times.idle - getattr(times, "iowait", 0.0)


class MetricsSampler:
    """Samples the figures in the table above into a bounded buffer, every `interval_s`."""

    def __init__(
        self,
        buffer: BoundedBuffer[Sample],
        interval_s: float,
        *,
        process: Optional[psutil.Process] = None,
        now: Callable[[], str] = iso_now,
    ) -> None:
        self.buffer = buffer
        self.interval_s = interval_s
        self._process = process or psutil.Process()
        self._now = now
        self._host_cpu = CpuShare()
        # The first cpu_percent() of a Process is always 0.0: it sets the baseline.
        self._process.cpu_percent(None)
        self._thread: Optional[threading.Thread] = None
        self._stop = threading.Event()

    def sample(self) -> list[Sample]:
        at = self._now()
        with self._process.oneshot():
            samples = [
                metric_sample("process_cpu_percent", self._process.cpu_percent(None), at=at),
                metric_sample("process_rss_bytes", self._process.memory_info().rss, at=at),
                metric_sample("process_threads", self._process.num_threads(), at=at),
            ]
        for generation, count in enumerate(gc.get_count()):
            samples.append(metric_sample("python_gc_objects", count, {"generation": str(generation)}, at))
        for generation, stats in enumerate(gc.get_stats()):
            samples.append(metric_sample("python_gc_collections", stats.get("collections", 0), {"generation": str(generation)}, at))
        samples.append(metric_sample("host_cpu_percent", self._host_cpu.sample() * 100.0, at=at))
        samples.append(metric_sample("host_memory_used_percent", psutil.virtual_memory().percent, at=at))
        return samples

    def sample_into_buffer(self) -> None:
        self.buffer.push_many(self.sample())

    def start(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="runtime-hub-metrics", daemon=True)
        self._thread.start()

    def stop(self, timeout_s: float) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout_s)

    def _run(self) -> None:
        while not self._stop.wait(self.interval_s):
            try:
                self.sample_into_buffer()
            except psutil.Error:
                # A host figure that cannot be read this time (a restricted container) should not
                # end sampling; the next interval tries again.
                continue
