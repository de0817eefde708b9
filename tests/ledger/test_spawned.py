"""A generator run in a spawned process: its items arrive in order, and its failures are never taken for success."""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Iterator

import pytest

from harmledger.errors import LedgerError
from harmledger.ledger import spawned


def squares(count: int) -> Iterator[tuple[int, int]]:
    yield from ((n, n * n) for n in range(count))


def fails_after(count: int) -> Iterator[int]:
    yield from range(count)
    raise ValueError(f"no more than {count}")


def dies_after(count: int) -> Iterator[int]:
    yield from range(count)
    os._exit(3)  # as a process killed, or out of memory, ends: without a word


def slowly(count: int) -> Iterator[int]:
    time.sleep(1)
    yield from range(count)


def test_waiting_says_when_nothing_has_arrived_yet() -> None:
    with spawned.stream(slowly, 2) as items:
        assert spawned.waiting(items)  # the helper is still asleep: time to do something else
        assert next(items) == 0
        time.sleep(0.2)
        assert not spawned.waiting(items)  # the next item is already in the pipe
        assert list(items) == [1]
    assert not spawned.waiting(iter([1, 2]))  # an iterator of this process never keeps anyone waiting


def test_items_arrive_in_the_order_yielded_from_another_process() -> None:
    with spawned.stream(squares, 5_000) as items:
        assert list(items) == [(n, n * n) for n in range(5_000)]


def test_an_exception_in_the_helper_is_raised_here_with_its_message() -> None:
    received: list[int] = []
    with (
        pytest.raises(LedgerError, match=r"failed: ValueError: no more than 3"),
        spawned.stream(fails_after, 3) as items,
    ):
        received.extend(items)
    assert received == [0, 1, 2]


def test_a_helper_that_dies_is_an_error_not_the_end_of_its_items() -> None:
    with (
        pytest.raises(LedgerError, match=r"died before finishing \(exit code 3\)"),
        spawned.stream(dies_after, 2) as items,
    ):
        list(items)


def test_leaving_early_ends_the_helper() -> None:
    with spawned.stream(squares, 10**9) as items:
        assert next(items) == (0, 0)
    assert not multiprocessing.active_children()  # the helper, blocked sending the next items, found the pipe gone
