"""``harmledger ingest``: read sources, extract and place claims, store them, relink.

Reports are taken :data:`~harmledger.ledger.store.BATCH` at a time: those already in the
ledger are skipped before extraction, the rest stored in one transaction, and the ledger
relinked once at the end (a killed run leaves its queue for the next one).
"""

from __future__ import annotations

import itertools
import multiprocessing
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, nullcontext
from multiprocessing.pool import Pool
from typing import Annotated, TypeVar

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from harmledger.cli.common import DbOption, err, fail_on_error, out
from harmledger.ingest import IngestFailure, read_sources
from harmledger.ledger import Ledger
from harmledger.ledger.store import BATCH
from harmledger.models import Article, Claim
from harmledger.pipeline import process

T = TypeVar("T")


@fail_on_error
def ingest(
    sources: Annotated[list[str], typer.Argument(help="Files, folders, feeds or URLs of reports.")],
    db: DbOption = None,
    workers: Annotated[
        int, typer.Option(help="Processes extracting while this one stores (1: extract here, in turn).", min=1)
    ] = 1,
) -> None:
    """Store reports and their claims in the ledger (idempotent: nothing is stored twice)."""
    counts: Counter[str] = Counter()
    with Ledger(db) as ledger, _progress() as progress, _pool(workers) as pool:
        task = progress.add_task("ingesting", total=None)
        waiting: tuple[list[Article], Callable[[], list[list[Claim]]]] | None = None
        for chunk in _batches(read_sources(sources)):
            progress.advance(task, len(chunk))
            articles = [item for item in chunk if isinstance(item, Article)]
            for failure in (item for item in chunk if isinstance(item, IngestFailure)):
                counts["rejected"] += 1
                err.print(f"[red]rejected[/] {failure.error}", soft_wrap=True)
            new = ledger.missing(articles)  # extract only what is not stored yet
            counts["skipped"] += len(articles) - len(new)
            # The next batch is extracted (by the pool) while this one is stored.
            job = (new, _extract(new, pool))
            if waiting is not None:
                _store(ledger, *waiting, counts)
            waiting = job
        if waiting is not None:
            _store(ledger, *waiting, counts)
        progress.update(task, description="linking")
        ledger.relink()
        totals = ledger.counts()
    out.print(
        f"{counts['stored']} stored, {counts['skipped']} already in the ledger, {counts['rejected']} rejected; "
        f"ledger holds {totals['articles']} articles, {totals['claims']} claims, {totals['incidents']} incidents, "
        f"{totals['tallies']} tallies"
    )
    if counts["rejected"]:
        raise typer.Exit(1)


def _pool(workers: int) -> AbstractContextManager[Pool | None]:
    return multiprocessing.get_context().Pool(workers) if workers > 1 else nullcontext()


def _extract(articles: list[Article], pool: Pool | None) -> Callable[[], list[list[Claim]]]:
    """Claims of ``articles``, extracted now (no pool) or started in the pool and collected when called."""
    if pool is None:
        done = [process(article) for article in articles]
        return lambda: done
    started = pool.map_async(process, articles, chunksize=8)
    return started.get


def _store(
    ledger: Ledger, articles: list[Article], claims: Callable[[], list[list[Claim]]], counts: Counter[str]
) -> None:
    added = ledger.add_many(zip(articles, claims(), strict=True))
    counts["stored"] += added
    counts["skipped"] += len(articles) - added  # stored meanwhile by another process


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
