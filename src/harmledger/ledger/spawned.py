"""A generator run in a second process, its items read here as it yields them.

The one relink at the end of an ingest streams the whole ledger through the linker while
the other cores sit idle; reading and linking in a second process lets this one write
the incidents meanwhile (:mod:`harmledger.ledger.relink`). The process is *spawned*, not
forked: a forked child would inherit this process's open database connection, in the
middle of its write transaction, and SQLite forbids carrying one across a fork. As with
any spawned process, a script that starts one must guard its own entry point
(``if __name__ == "__main__":``): the child imports it again.

Items travel pickled through a pipe, which holds the producer back when this process
falls behind, so memory stays flat. An exception in the child ends the iteration here
with its message; a child that dies without a word (killed, out of memory) ends it with
an error too, so what it sent is never taken for the whole.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any, TypeVar

from harmledger.errors import LedgerError

T = TypeVar("T")
_DONE = "done"
_FAILED = "failed"


@contextmanager
def stream(produce: Callable[..., Iterator[T]], *args: Any) -> Iterator[Iterator[T]]:
    """The items of ``produce(*args)``, computed in a spawned process started at once (``produce`` must be
    importable); leaving the block ends the process, whether or not all was read."""
    context = multiprocessing.get_context("spawn")
    receiving, sending = context.Pipe(duplex=False)
    child = context.Process(target=_run, args=(sending, produce, args), name="harmledger-helper", daemon=True)
    child.start()
    sending.close()  # this end is the child's: with it closed here, the child's death reads as end of file
    try:
        yield _Received(receiving, child)
    finally:
        receiving.close()  # a child still sending finds the pipe gone, and stops
        child.join(5)
        if child.is_alive():  # still computing, not sending: it would only notice at its next item
            child.terminate()
            child.join()


def waiting(items: Iterator[object]) -> bool:
    """True while ``items``, from :func:`stream`, has nothing to read yet: time this process can use otherwise."""
    return isinstance(items, _Received) and not items.receiving.poll()


class _Received(Iterator[T]):
    """The items a child sends, as they arrive."""

    def __init__(self, receiving: Connection, child: BaseProcess) -> None:
        self.receiving, self.child = receiving, child

    def __next__(self) -> T:
        try:
            kind, payload = self.receiving.recv()
        except EOFError:
            self.child.join(5)
            raise LedgerError(f"the helper process died before finishing (exit code {self.child.exitcode})") from None
        if kind == _DONE:
            raise StopIteration
        if kind == _FAILED:
            raise LedgerError(f"the helper process failed: {payload}")
        item: T = payload
        return item


def _run(sending: Connection, produce: Callable[..., Iterator[T]], args: tuple[Any, ...]) -> None:
    """The child's side: send each item, then a last word saying whether all went well."""
    try:
        try:
            for item in produce(*args):
                sending.send(("item", item))
        except Exception as exc:  # every failure is reported to the parent, which raises it
            sending.send((_FAILED, f"{type(exc).__name__}: {exc}"))
        else:
            sending.send((_DONE, None))
    except OSError:
        pass  # the parent stopped reading, having failed itself: there is no one to tell
    finally:
        sending.close()
