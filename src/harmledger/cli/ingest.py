"""``harmledger ingest``: read sources, extract and place claims, store them, relink."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from harmledger.cli.common import DbOption, err, fail_on_error, out
from harmledger.ingest import IngestFailure, read_sources
from harmledger.ledger import Ledger
from harmledger.pipeline import process


@fail_on_error
def ingest(
    sources: Annotated[list[str], typer.Argument(help="Files, folders, feeds or URLs of reports.")],
    db: DbOption = None,
) -> None:
    """Store reports and their claims in the ledger (idempotent: nothing is stored twice)."""
    stored = skipped = rejected = 0
    with Ledger(db) as ledger, _progress() as progress:
        task = progress.add_task("ingesting", total=None)
        for item in read_sources(sources):
            progress.advance(task)
            if isinstance(item, IngestFailure):
                rejected += 1
                err.print(f"[red]rejected[/] {item.error}", soft_wrap=True)
            elif ledger.has_article(item):
                skipped += 1
            elif ledger.add(item, process(item)):
                stored += 1
            else:
                skipped += 1
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
