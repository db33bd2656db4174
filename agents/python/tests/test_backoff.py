import pytest

from runtime_hub_agent.backoff import Backoff


class FakeClock:
    def __init__(self) -> None:
        self.now_s = 1000.0

    def __call__(self) -> float:
        return self.now_s


def make_backoff(randoms, clock=None, slept=None, **limits):
    values = iter(randoms)
    return Backoff(
        limits.get("base", 0.5),
        limits.get("cap", 30.0),
        limits.get("stable", 60.0),
        random=lambda: next(values),
        sleep=(slept.append if slept is not None else lambda seconds: None),
        clock=clock or FakeClock(),
    )


def test_ceilings_double_from_the_base_up_to_the_cap():
    backoff = make_backoff([])
    assert [backoff.ceiling_s(failures) for failures in range(1, 10)] == [0.5, 1, 2, 4, 8, 16, 30, 30, 30]


def test_full_jitter_spreads_each_delay_over_zero_to_its_ceiling():
    # random() at the bottom, the middle and just under the top of [0, 1)
    backoff = make_backoff([0.0, 0.5, 0.999999, 0.25])

    delays = [backoff.next_delay_s() for _ in range(4)]

    assert delays[0] == 0.0
    assert delays[1] == pytest.approx(0.5)  # half of ceiling 1
    assert delays[2] == pytest.approx(2.0 * 0.999999)
    assert delays[3] == pytest.approx(1.0)  # a quarter of ceiling 4
    assert backoff.failures == 4


def test_no_delay_ever_exceeds_the_cap_or_goes_below_zero():
    backoff = make_backoff([1.0, 2.0, -1.0] + [0.999] * 200, cap=10.0)
    delays = [backoff.next_delay_s() for _ in range(203)]
    assert all(0.0 <= delay <= 10.0 for delay in delays)
    assert delays[0] == 0.5  # a random source above 1 is clamped to the ceiling
    assert delays[2] == 0.0


def test_wait_sleeps_the_drawn_delay_through_the_injected_sleep():
    slept = []
    backoff = make_backoff([0.5, 0.5, 0.5], slept=slept)

    returned = [backoff.wait() for _ in range(3)]

    assert slept == returned == [0.25, 0.5, 1.0]


def test_wait_sleeps_at_least_what_the_coordinator_asked_for():
    slept = []
    backoff = make_backoff([0.5, 0.5], slept=slept)

    assert [backoff.wait(at_least_s=3.0), backoff.wait(at_least_s=0.1)] == slept == [3.0, 0.5]


def test_a_stable_session_resets_the_count():
    clock = FakeClock()
    backoff = make_backoff([0.5] * 10, clock=clock, stable=60.0)
    for _ in range(5):
        backoff.next_delay_s()

    backoff.mark_connected()
    clock.now_s += 61.0
    backoff.mark_disconnected()

    assert backoff.failures == 0
    assert backoff.next_delay_s() == pytest.approx(0.25)


def test_a_session_that_drops_at_once_keeps_backing_off():
    clock = FakeClock()
    backoff = make_backoff([0.5] * 10, clock=clock, stable=60.0)
    for _ in range(5):
        backoff.next_delay_s()

    backoff.mark_connected()
    clock.now_s += 2.0
    backoff.mark_disconnected()

    assert backoff.failures == 5
    assert backoff.next_delay_s() == pytest.approx(0.5 * 16.0)  # ceiling of failure 6: 0.5 * 2^5


def test_huge_failure_counts_do_not_overflow():
    backoff = make_backoff([])
    assert backoff.ceiling_s(10_000) == 30.0


@pytest.mark.parametrize("base, cap", [(0, 1), (-1, 1), (2, 1)])
def test_refuses_nonsense_limits(base, cap):
    with pytest.raises(ValueError):
        Backoff(base, cap)
