"""``harmledger ingest``: read sources, extract and place claims, store them, relink.

Reports are taken :data:`~harmledger.ledger.store.BATCH` at a time: those already in the
ledger are skipped before extraction, the rest stored in one transaction, and the ledger
relinked once at the end (a killed run leaves its queue for the next one).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from typing import Annotated, TypeVar

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from harmledger.cli.common import DbOption, err, fail_on_error, out
from harmledger.ingest import IngestFailure, read_sources
from harmledger.ledger import Ledger
from harmledger.ledger.store import BATCH
from harmledger.models import Article
from harmledger.pipeline import process

T = TypeVar("T")


@fail_on_error
def ingest(
    sources: Annotated[list[str], typer.Argument(help="Files, folders, feeds or URLs of reports.")],
    db: DbOption = None,
) -> None:
    """Store reports and their claims in the ledger (idempotent: nothing is stored twice)."""
    stored = skipped = rejected = 0
    with Ledger(db) as ledger, _progress() as progress:
        task = progress.add_task("ingesting", total=None)
        for chunk in _batches(read_sources(sources)):
            progress.advance(task, len(chunk))
            articles = [item for item in chunk if isinstance(item, Article)]
            for failure in (item for item in chunk if isinstance(item, IngestFailure)):
                rejected += 1
                err.print(f"[red]rejected[/] {failure.error}", soft_wrap=True)
            new = ledger.missing(articles)  # extract only what is not stored yet
            added = ledger.add_many((article, process(article)) for article in new)
            stored += added
            skipped += len(articles) - added
        progress.update(task, description="linking")
        ledger.relink()
        counts = ledger.counts()
    out.print(
        f"{stored} stored, {skipped} already in the ledger, {rejected} rejected; ledger holds "
        f"{counts['articles']} articles, {counts['claims']} claims, {counts['incidents']} incidents, "
        f"{counts['tallies']} tallies"
    )
    if rejected:
        raise typer.Exit(1)


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
