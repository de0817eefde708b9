"""Where the pure stages run: in this process, in local worker processes, or on a Dask cluster.

``harmledger ingest`` hands the corpus over in partitions (:data:`~harmledger.ledger.store.BATCH`
articles each) and writes what comes back; the work itself, extraction and geolocation
(:func:`harmledger.pipeline.process`) and, on a cluster, linking by region
(:mod:`harmledger.link.regions`), touches no database, so it runs wherever a
:class:`concurrent.futures.Executor` sends it: a :class:`~concurrent.futures.ProcessPoolExecutor`
for ``--workers N``, a Dask client's executor for ``--dask ADDRESS``.

A :class:`Runner` keeps a bounded number of partitions in flight (twice the workers, so
each has the next one queued while the ledger stores) and returns their results in the
order they were read: articles and claims get the ids a single-process run gives them,
and memory stays flat however long the corpus. On a cluster a worker that dies
mid-partition loses nothing: Dask runs its tasks again elsewhere, and the ledger skips
any article already stored, so re-running a finished job adds nothing either.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import CancelledError, Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from harmledger.errors import HarmledgerError
from harmledger.ledger.relink import Linker
from harmledger.link import regions
from harmledger.link.copies import Prepared, prepare
from harmledger.models import Article, Claim
from harmledger.pipeline import process

T = TypeVar("T")
R = TypeVar("R")


class ClusterError(HarmledgerError):
    """The Dask scheduler cannot be reached, or the cluster gave up on a partition."""

    code = "E107"


def process_partition(articles: list[Article]) -> list[list[Claim]]:
    """The claims of each article, placed: one task, run where the executor sends it."""
    return [process(article) for article in articles]


def ingest_partition(articles: list[Article]) -> list[tuple[list[Claim], Prepared]]:
    """What ``harmledger ingest`` needs of each article before storing it: its claims, and what finding
    its copies reads of it (:func:`harmledger.link.copies.prepare`), work taken off the storing process."""
    return [(process(article), prepare(article)) for article in articles]


@dataclass
class Runner:
    """An executor (None: this process), how many tasks to keep in flight on it, and how it reports losing one."""

    executor: Executor | None = None
    slots: Callable[[], int] = lambda: 1
    lost: tuple[type[Exception], ...] = ()  # a dead pool, a partition the cluster gave up on
    by_region: bool = False  # link by region on the executor (a cluster), not in this process

    def in_order(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[tuple[T, R]]:
        """``(item, fn(item))`` for each item, in input order, with up to :attr:`slots` computing at once.

        Items are drawn from ``items`` only as room frees up, so a corpus streams through.
        """
        if self.executor is None:
            yield from ((item, fn(item)) for item in items)
            return
        pending: deque[tuple[T, Future[R]]] = deque()
        for item in items:
            pending.append((item, self.executor.submit(fn, item)))
            while len(pending) >= self.slots():
                yield self._collect(*pending.popleft())
        while pending:
            yield self._collect(*pending.popleft())

    def linker(self) -> Linker:
        """Linking by region over a cluster's workers (:mod:`harmledger.link.regions`); else plain linking here.

        Local workers do not link: sending 36k claims to two of them and their incidents back cost
        more than linking them (9.1 s on the wall clock and 5.8 s of this process's CPU, against
        3.3 s linked here), and the sending is this process's work either way.
        """
        if self.executor is None or not self.by_region:
            return regions.linker(None, 1)
        return regions.linker(self.executor.map, self.slots())

    def _collect(self, item: T, future: Future[R]) -> tuple[T, R]:
        try:
            return item, future.result()
        except self.lost as exc:
            message = f"workers lost a partition ({type(exc).__name__}: {exc}); run the same command again to resume"
            raise ClusterError(message) from exc


@contextmanager
def local(workers: int) -> Iterator[Runner]:
    """``workers`` processes on this machine; one means this process, without a pool."""
    if workers < 2:
        yield Runner()
        return
    with ProcessPoolExecutor(workers) as pool:
        yield Runner(pool, lambda: 2 * workers, (BrokenProcessPool,))


@contextmanager
def dask(address: str) -> Iterator[Runner]:
    """The Dask cluster whose scheduler listens at ``address`` (``tcp://host:8786``)."""
    try:
        from distributed import Client, KilledWorker  # noqa: PLC0415  (an optional extra: harmledger[dask])
    except ImportError as exc:
        raise ClusterError("Dask is not installed: pip install 'harmledger[dask]'") from exc
    try:
        # distributed's Client is untyped; Any keeps the calls below checked no less than they can be.
        client: Any = Client(address, set_as_default=False, timeout=30)  # type: ignore[no-untyped-call]
    except OSError as exc:
        raise ClusterError(f"cannot reach the Dask scheduler at {address}: {exc}; is it running?") from exc
    try:
        slots = lambda: 2 * max(1, sum(client.nthreads().values()))  # noqa: E731  (workers may join or leave)
        yield Runner(client.get_executor(pure=False), slots, (KilledWorker, CancelledError), by_region=True)
    finally:
        client.close()
