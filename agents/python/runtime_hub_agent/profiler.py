"""
An opt-in sampling profiler: `sys.setprofile` (this thread) and `threading.setprofile`
(threads started afterwards) report every Python call and return; the profiler keeps only

1. calls of functions whose module is one of `module_prefixes` or below one (`shop` watches
   `shop` and `shop.cart`, not `shopping`) — one dict lookup and a string compare per call,
   the cheap filter that runs first;
2. of those, one call in `sample_every_calls` (a shared counter: deterministic and fair across
   threads, no random numbers on the hot path).

A sampled call becomes a span when it returns (also by an exception). Its depth is the number
of watched calls open beneath it in its thread, sampled or not. Generators and coroutines
report one span per resumption, because Python reports each resumption as a call.

The profile function is never called for itself, so recording a span costs no profiling.
"""

from __future__ import annotations

import itertools
import sys
import threading
import time
from types import FrameType
from typing import Any, Callable, Iterable, Optional

from .timestamps import iso_now
from .tracing import Tracer, make_span


class _ThreadState(threading.local):
    def __init__(self) -> None:
        self.depth = 0
        #: id(frame) of each sampled call still running -> (started, depth, at)
        self.open: dict[int, tuple[float, int, str]] = {}


class Profiler:
    def __init__(
        self,
        tracer: Tracer,
        *,
        sample_every_calls: int,
        module_prefixes: Iterable[str],
        clock: Callable[[], float] = time.perf_counter,
        now: Callable[[], str] = iso_now,
    ) -> None:
        if sample_every_calls < 1:
            raise ValueError(f"sample_every_calls must be >= 1, got {sample_every_calls}")
        prefixes = tuple(prefix.strip() for prefix in module_prefixes if prefix.strip())
        if not prefixes:
            raise ValueError("the profiler needs at least one module prefix to watch")
        self._tracer = tracer
        self._every = sample_every_calls
        self._prefixes = prefixes
        self._dotted = tuple(prefix + "." for prefix in prefixes)
        self._clock = clock
        self._now = now
        self._counter = itertools.count(1)
        self._state = _ThreadState()
        self._active = False
        self._module_cache: dict[str, bool] = {}

    @property
    def active(self) -> bool:
        return self._active

    def start(self) -> None:
        self._active = True
        threading.setprofile(self._profile)
        sys.setprofile(self._profile)

    def stop(self) -> None:
        """Stops profiling here and in new threads; running threads stop at their next call."""
        self._active = False
        sys.setprofile(None)
        threading.setprofile(None)  # type: ignore[arg-type]

    def watches(self, module: str) -> bool:
        watched = self._module_cache.get(module)
        if watched is None:
            watched = module in self._prefixes or module.startswith(self._dotted)
            self._module_cache[module] = watched
        return watched

    def _profile(self, frame: FrameType, event: str, _arg: Any) -> None:
        if not self._active:
            # A thread that was running when the profiler stopped still calls here; sys.setprofile
            # only affects the calling thread, so each such thread detaches itself.
            sys.setprofile(None)
            return
        if event != "call" and event != "return":
            return
        if not self.watches(frame.f_globals.get("__name__") or ""):
            return
        state = self._state
        if event == "call":
            if next(self._counter) % self._every == 0:
                state.open[id(frame)] = (self._clock(), state.depth, self._now())
            state.depth += 1
            return
        state.depth = max(0, state.depth - 1)
        opened: Optional[tuple[float, int, str]] = state.open.pop(id(frame), None)
        if opened is None:
            return
        started, depth, at = opened
        code = frame.f_code
        name = getattr(code, "co_qualname", code.co_name)
        self._tracer.record(make_span(name, frame.f_globals.get("__name__") or "?", (self._clock() - started) * 1000.0, depth, at))
