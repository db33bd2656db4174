import sys
import threading
import types

import pytest

from runtime_hub_agent.buffer import BoundedBuffer
from runtime_hub_agent.profiler import Profiler
from runtime_hub_agent.tracing import Tracer, task_context

SOURCE = """
def leaf():
    return 1

def parent():
    return leaf() + 1
"""


def make_module(name: str) -> types.ModuleType:
    module = types.ModuleType(name)
    exec(compile(SOURCE, f"<{name}>", "exec"), module.__dict__)
    return module


@pytest.fixture
def tracer():
    return Tracer(BoundedBuffer(10_000))


@pytest.fixture
def profiler_factory(tracer):
    started = []

    def make(every: int, prefixes: list) -> Profiler:
        profiler = Profiler(tracer, sample_every_calls=every, module_prefixes=prefixes)
        started.append(profiler)
        return profiler

    yield make
    for profiler in started:
        profiler.stop()


def test_records_one_call_in_n_of_the_watched_modules(tracer, profiler_factory):
    watched = make_module("shop.cart")
    profiler = profiler_factory(every=3, prefixes=["shop"])

    profiler.start()
    for _ in range(9):
        watched.leaf()
    profiler.stop()

    spans = tracer.buffer.take_batch(100)
    assert len(spans) == 3
    assert {(span["name"], span["module"], span["depth"]) for span in spans} == {("leaf", "shop.cart", 0)}
    assert all(span["durationMs"] >= 0 for span in spans)


def test_ignores_modules_outside_the_prefixes_including_lookalike_names(tracer, profiler_factory):
    watched = make_module("shop")
    lookalike = make_module("shopping")
    other = make_module("billing.invoice")
    profiler = profiler_factory(every=1, prefixes=["shop"])

    profiler.start()
    for _ in range(5):
        lookalike.leaf()
        other.leaf()
    watched.leaf()
    profiler.stop()

    assert [span["module"] for span in tracer.buffer.take_batch(100)] == ["shop"]


def test_depth_counts_the_watched_calls_beneath(tracer, profiler_factory):
    module = make_module("shop.orders")
    profiler = profiler_factory(every=1, prefixes=["shop"])

    profiler.start()
    module.parent()
    profiler.stop()

    assert [(span["name"], span["depth"]) for span in tracer.buffer.take_batch(100)] == [("leaf", 1), ("parent", 0)]


def test_profiles_threads_started_after_it_and_tags_task_spans(tracer, profiler_factory):
    module = make_module("shop.jobs")
    profiler = profiler_factory(every=1, prefixes=["shop.jobs"])

    def in_a_task() -> None:
        with task_context("run-9", "crunch"):
            module.leaf()

    profiler.start()
    thread = threading.Thread(target=in_a_task)
    thread.start()
    thread.join()
    profiler.stop()

    (span,) = tracer.buffer.take_batch(100)
    assert (span["name"], span["runId"], span["nodeId"]) == ("leaf", "run-9", "crunch")


def test_stop_removes_the_profile_function(tracer, profiler_factory):
    module = make_module("shop.after")
    profiler = profiler_factory(every=1, prefixes=["shop"])
    profiler.start()
    assert sys.getprofile() is not None
    profiler.stop()

    module.leaf()

    assert sys.getprofile() is None
    assert tracer.buffer.take_batch(100) == []


@pytest.mark.parametrize("every, prefixes", [(0, ["shop"]), (1, []), (1, ["  "])])
def test_refuses_a_profiler_that_would_record_nothing_or_everything(tracer, every, prefixes):
    with pytest.raises(ValueError):
        Profiler(tracer, sample_every_calls=every, module_prefixes=prefixes)
