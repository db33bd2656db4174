"""
Function traces: timed sections of code sent to the coordinator as `agent:traces` spans
{name, module, durationMs, depth, at, runId?, nodeId?}.

- `@traced` (module level) and `@agent.traced` time a function, sync or `async def`. The
  nesting depth lives in a contextvar, so it follows the flow of calls: nested calls count up
  in one thread, each thread starts at 0, and an asyncio task starts at the depth of the code
  that created it.
- `task_context(run_id, node_id)` marks the code that handles one python task; every span
  recorded inside it carries the task's runId and nodeId.
- The sampling profiler lives in profiler.py.
"""

from __future__ import annotations

import contextvars
import functools
import inspect
import time
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Optional, TypeVar, overload

from .buffer import BoundedBuffer
from .defaults import SHORT_NAME_MAX_UTF16_UNITS, TRACES_BUFFER_MAX_SPANS
from .text_limits import truncate_utf16
from .timestamps import iso_now

F = TypeVar("F", bound=Callable[..., Any])

Span = dict[str, Any]


@dataclass(frozen=True)
class TaskContext:
    run_id: str
    node_id: str


_depth: contextvars.ContextVar[int] = contextvars.ContextVar("runtime_hub_trace_depth", default=0)
_task: contextvars.ContextVar[Optional[TaskContext]] = contextvars.ContextVar("runtime_hub_task", default=None)


@contextmanager
def task_context(run_id: str, node_id: str) -> Iterator[TaskContext]:
    """Spans recorded inside carry this task's runId and nodeId."""
    context = TaskContext(run_id, node_id)
    token = _task.set(context)
    try:
        yield context
    finally:
        _task.reset(token)


def current_task() -> Optional[TaskContext]:
    return _task.get()


def short_name(text: str) -> str:
    """A span or module name within the protocol's SHORT_NAME limit (and never empty)."""
    return truncate_utf16(text or "?", SHORT_NAME_MAX_UTF16_UNITS, mark="…")


def make_span(name: str, module: str, duration_ms: float, depth: int, at: str) -> Span:
    span: Span = {
        "name": short_name(name),
        "module": short_name(module),
        "durationMs": max(0.0, duration_ms),
        "depth": max(0, depth),
        "at": at,
    }
    task = _task.get()
    if task is not None:
        span["runId"] = task.run_id
        span["nodeId"] = task.node_id
    return span


class Tracer:
    """Times sections of code and pushes their spans into a bounded buffer."""

    def __init__(
        self,
        buffer: Optional[BoundedBuffer[Span]] = None,
        *,
        clock: Callable[[], float] = time.perf_counter,
        now: Callable[[], str] = iso_now,
    ) -> None:
        self.buffer: BoundedBuffer[Span] = buffer if buffer is not None else BoundedBuffer(TRACES_BUFFER_MAX_SPANS)
        self._clock = clock
        self._now = now

    def record(self, span: Span) -> None:
        self.buffer.push(span)

    @contextmanager
    def span(self, name: str, module: str) -> Iterator[None]:
        """Times the body of a `with` block as one span."""
        depth = _depth.get()
        token = _depth.set(depth + 1)
        at = self._now()
        started = self._clock()
        try:
            yield
        finally:
            elapsed_ms = (self._clock() - started) * 1000.0
            _depth.reset(token)
            self.record(make_span(name, module, elapsed_ms, depth, at))

    @overload
    def traced(self, function: F) -> F: ...

    @overload
    def traced(self, *, name: Optional[str] = None) -> Callable[[F], F]: ...

    def traced(self, function: Optional[F] = None, *, name: Optional[str] = None) -> Any:
        """`@tracer.traced` or `@tracer.traced(name="...")` on a function or coroutine function."""
        if function is None:
            return lambda inner: self._wrap(inner, name)
        return self._wrap(function, name)

    def _wrap(self, function: F, name: Optional[str]) -> F:
        span_name = name or getattr(function, "__qualname__", None) or repr(function)
        module = getattr(function, "__module__", None) or "?"
        if inspect.iscoroutinefunction(function):

            @functools.wraps(function)
            async def traced_coroutine(*args: Any, **kwargs: Any) -> Any:
                with self.span(span_name, module):
                    return await function(*args, **kwargs)

            return traced_coroutine  # type: ignore[return-value]

        @functools.wraps(function)
        def traced_function(*args: Any, **kwargs: Any) -> Any:
            with self.span(span_name, module):
                return function(*args, **kwargs)

        return traced_function  # type: ignore[return-value]


_default_tracer = Tracer()


def default_tracer() -> Tracer:
    """The tracer of the module-level `@traced`; an Agent sends its spans unless given another."""
    return _default_tracer


@overload
def traced(function: F) -> F: ...


@overload
def traced(*, name: Optional[str] = None) -> Callable[[F], F]: ...


def traced(function: Optional[F] = None, *, name: Optional[str] = None) -> Any:
    """Module-level decorator: records into the default tracer (see `default_tracer`)."""
    return _default_tracer.traced(function, name=name) if function is not None else _default_tracer.traced(name=name)
