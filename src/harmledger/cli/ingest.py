"""``harmledger ingest``: read sources, extract and place claims, store them, relink.

Reports are taken :data:`~harmledger.ledger.store.BATCH` at a time: those already in the
ledger are skipped before extraction, the rest extracted here, in worker processes or on
a Dask cluster (:mod:`harmledger.parallel`), stored in one transaction per batch in the
order read, and the ledger relinked once at the end (a killed run leaves its queue for the
next one): over the claims the new ones reach, by region over a Dask cluster's workers, or,
when they reach most of the ledger, by streaming the whole of it in date order
(:mod:`harmledger.ledger.relink`). Relinking as it went cost more with every report stored: a
corpus in no order of date reaches every place and month each time. With workers, that
last stream is read and linked in a second process while this one writes the incidents
and adds the new claims to text search, left until then (:meth:`Ledger.add_many`).
"""

from __future__ import annotations

import itertools
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from typing import Annotated, TypeVar

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from harmledger import parallel
from harmledger.cli.common import DbOption, err, fail_on_error, out
from harmledger.collection import fewer_full_collections
from harmledger.ingest import IngestFailure, read_sources
from harmledger.ledger import Ledger
from harmledger.ledger.store import BATCH
from harmledger.link.copies import remember
from harmledger.models import Article

T = TypeVar("T")


@fail_on_error
def ingest(
    sources: Annotated[list[str], typer.Argument(help="Files, folders, feeds or URLs of reports.")],
    db: DbOption = None,
    workers: Annotated[
        int | None,
        typer.Option(
            help="Processes extracting while this one stores (1: extract here, in turn). Default: the CPU count.",
            min=1,
            show_default=False,
        ),
    ] = None,
    dask: Annotated[
        str | None,
        typer.Option(
            "--dask",
            metavar="SCHEDULER_ADDRESS",
            help="Extract and link on this Dask cluster (tcp://host:8786) instead; see docs/scale.md.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Store reports and their claims in the ledger (idempotent: nothing is stored twice)."""
    counts: Counter[str] = Counter()
    runner_for = _runner(workers or os.cpu_count() or 1, dask)
    with fewer_full_collections(), Ledger(db) as ledger, _progress() as progress, runner_for as runner:
        task = progress.add_task("ingesting", total=None)

        def unstored(chunk: list[Article | IngestFailure]) -> list[Article]:
            progress.advance(task, len(chunk))
            for failure in (item for item in chunk if isinstance(item, IngestFailure)):
                counts["rejected"] += 1
                err.print(f"[red]rejected[/] {failure.error}", soft_wrap=True)
            articles = [item for item in chunk if isinstance(item, Article)]
            new = ledger.missing(articles)  # extract only what is not stored yet
            counts["skipped"] += len(articles) - len(new)
            return new

        partitions = (new for new in map(unstored, _batches(read_sources(sources))) if new)
        for articles, results in runner.in_order(parallel.ingest_partition, partitions):
            for article, (_, prepared) in zip(articles, results, strict=True):
                remember(article, prepared)
            items = ((article, claims) for article, (claims, _) in zip(articles, results, strict=True))
            added = ledger.add_many(items, search_now=False)  # the relink below indexes them, beside the linking
            counts["stored"] += added
            counts["skipped"] += len(articles) - added  # stored meanwhile by another process
        progress.update(task, description="linking")
        ledger.relink(linker=runner.linker(), helper=runner.executor is not None)  # linking beside the writing
        totals = ledger.counts()
    out.print(
        f"{counts['stored']} stored, {counts['skipped']} already in the ledger, {counts['rejected']} rejected; "
        f"ledger holds {totals['articles']} articles, {totals['claims']} claims, {totals['incidents']} incidents, "
        f"{totals['tallies']} tallies"
    )
    if counts["rejected"]:
        raise typer.Exit(1)


def _runner(workers: int, dask: str | None) -> AbstractContextManager[parallel.Runner]:
    return parallel.dask(dask) if dask else parallel.local(workers)


def _batches(items: Iterable[T]) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, BATCH)):
        yield chunk


def _progress() -> Progress:
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    )
