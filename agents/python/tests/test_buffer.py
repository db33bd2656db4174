import threading

import pytest

from runtime_hub_agent.buffer import BoundedBuffer


def test_keeps_items_in_order_and_hands_them_out_in_batches():
    buffer = BoundedBuffer[int](10)
    buffer.push_many(range(5))

    assert buffer.take_batch(2) == [0, 1]
    assert buffer.take_batch(10) == [2, 3, 4]
    assert buffer.take_batch(10) == []
    assert len(buffer) == 0


def test_never_grows_past_its_size_and_drops_the_oldest():
    buffer = BoundedBuffer[int](3)

    results = [buffer.push(item) for item in range(7)]

    assert len(buffer) == 3
    assert results == [True, True, True, False, False, False, False]
    assert buffer.take_batch(10) == [4, 5, 6]


def test_counts_dropped_items_since_the_last_take_and_in_total():
    buffer = BoundedBuffer[int](2)
    assert buffer.push_many(range(5)) == 3

    assert buffer.take_dropped() == 3
    assert buffer.take_dropped() == 0
    assert buffer.take_batch(10) == [3, 4]
    buffer.push_many(range(3))  # one more than fits
    buffer.add_dropped(4)  # a batch given up after leaving the buffer
    assert buffer.take_dropped() == 5
    assert buffer.dropped_total == 8


def test_stays_bounded_under_concurrent_producers():
    buffer = BoundedBuffer[int](100)
    pushes_per_thread = 1_000

    def produce() -> None:
        for item in range(pushes_per_thread):
            buffer.push(item)

    threads = [threading.Thread(target=produce) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(buffer) == 100
    assert buffer.dropped_total == 8 * pushes_per_thread - 100


def test_take_batch_of_zero_takes_nothing():
    buffer = BoundedBuffer[int](2)
    buffer.push(1)
    assert buffer.take_batch(0) == []
    assert len(buffer) == 1


@pytest.mark.parametrize("size", [0, -1, 1.5, True])
def test_refuses_a_size_that_is_not_a_positive_integer(size):
    with pytest.raises(ValueError):
        BoundedBuffer(size)
