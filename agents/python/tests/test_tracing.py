import asyncio
import threading

import pytest

import runtime_hub_agent
from runtime_hub_agent.buffer import BoundedBuffer
from runtime_hub_agent.tracing import Tracer, default_tracer, task_context


class SteppingClock:
    """perf_counter stand-in: every reading advances by `step_s`, so durations are exact."""

    def __init__(self, step_s: float) -> None:
        self.step_s = step_s
        self.now_s = 0.0

    def __call__(self) -> float:
        self.now_s += self.step_s
        return self.now_s


def make_tracer(step_s: float = 0.001) -> Tracer:
    return Tracer(BoundedBuffer(100), clock=SteppingClock(step_s), now=lambda: "2025-01-31T08:00:00.000Z")


def spans_of(tracer: Tracer) -> list[dict]:
    return tracer.buffer.take_batch(100)


def test_records_a_sync_function_with_its_name_module_duration_and_depth():
    tracer = make_tracer(step_s=0.25)

    @tracer.traced
    def load() -> str:
        return "loaded"

    assert load() == "loaded"
    assert spans_of(tracer) == [{
        "name": "test_records_a_sync_function_with_its_name_module_duration_and_depth.<locals>.load",
        "module": __name__,
        "durationMs": pytest.approx(250.0),
        "depth": 0,
        "at": "2025-01-31T08:00:00.000Z",
    }]


def test_nested_sync_calls_record_their_depth_innermost_first():
    # outer -> middle -> inner; each reading of the clock adds 1 ms
    tracer = make_tracer()

    @tracer.traced(name="inner")
    def inner() -> None:
        pass

    @tracer.traced(name="middle")
    def middle() -> None:
        inner()

    @tracer.traced(name="outer")
    def outer() -> None:
        middle()
        inner()

    outer()

    spans = spans_of(tracer)
    assert [(span["name"], span["depth"]) for span in spans] == [("inner", 2), ("middle", 1), ("inner", 1), ("outer", 0)]
    durations = {span["name"]: span["durationMs"] for span in spans}
    assert durations["outer"] > durations["middle"] > spans[0]["durationMs"]


def test_coroutines_record_durations_and_depth_across_awaits():
    tracer = make_tracer(step_s=0.002)

    @tracer.traced(name="fetch")
    async def fetch(value: int) -> int:
        await asyncio.sleep(0)
        return value * 2

    @tracer.traced(name="pipeline")
    async def pipeline() -> list:
        first = await fetch(1)
        # tasks started here begin at the depth of the code that created them
        rest = await asyncio.gather(fetch(2), fetch(3))
        return [first, *rest]

    assert asyncio.run(pipeline()) == [2, 4, 6]

    spans = spans_of(tracer)
    assert sorted((span["name"], span["depth"]) for span in spans) == [("fetch", 1), ("fetch", 1), ("fetch", 1), ("pipeline", 0)]
    assert spans[-1]["name"] == "pipeline"
    assert all(span["durationMs"] >= 2.0 for span in spans)


def test_a_function_that_raises_is_still_recorded_and_the_depth_restored():
    tracer = make_tracer()

    @tracer.traced(name="boom")
    def boom() -> None:
        raise KeyError("x")

    with pytest.raises(KeyError):
        boom()

    @tracer.traced(name="after")
    def after() -> None:
        pass

    after()
    assert [(span["name"], span["depth"]) for span in spans_of(tracer)] == [("boom", 0), ("after", 0)]


def test_each_thread_counts_depth_from_zero():
    tracer = make_tracer()

    @tracer.traced(name="work")
    def work() -> None:
        pass

    @tracer.traced(name="outer")
    def outer() -> None:
        thread = threading.Thread(target=work)
        thread.start()
        thread.join()

    outer()
    assert {span["name"]: span["depth"] for span in spans_of(tracer)} == {"work": 0, "outer": 0}


def test_spans_inside_a_task_context_carry_its_run_and_node():
    tracer = make_tracer()

    @tracer.traced(name="step")
    def step() -> None:
        pass

    with task_context("run-1", "transform"):
        step()
    step()

    inside, outside = spans_of(tracer)
    assert (inside["runId"], inside["nodeId"]) == ("run-1", "transform")
    assert "runId" not in outside and "nodeId" not in outside


def test_long_names_are_cut_to_the_protocol_limit():
    tracer = make_tracer()
    with tracer.span("n" * 300, "m" * 300):
        pass
    (span,) = spans_of(tracer)
    assert len(span["name"]) == 128 and len(span["module"]) == 128


def test_module_level_decorator_records_into_the_default_tracer():
    default_tracer().buffer.take_batch(10_000)

    @runtime_hub_agent.traced
    def plain() -> int:
        return 1

    @runtime_hub_agent.traced(name="named")
    def renamed() -> int:
        return 2

    assert plain() + renamed() == 3
    names = [span["name"] for span in default_tracer().buffer.take_batch(10)]
    assert names == ["test_module_level_decorator_records_into_the_default_tracer.<locals>.plain", "named"]
