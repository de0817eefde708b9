"""``harmledger reprocess`` and ``harmledger export``: commands over the stored ledger.

Typer wiring only; the work is in :mod:`harmledger.ledger`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from harmledger.cli.common import DbOption, err, fail_on_error, out
from harmledger.ledger import Ledger
from harmledger.ledger.export import EXPORTERS, to_json_with_tallies
from harmledger.pipeline import process


@fail_on_error
def reprocess(db: DbOption = None) -> None:
    """Re-extract every stored article with the current extractor, relink, and keep analysts' decisions."""
    with Ledger(db) as ledger:
        count = ledger.reprocess(process)
        counts = ledger.counts()
    out.print(
        f"{count} articles reprocessed; ledger holds {counts['claims']} claims, {counts['incidents']} incidents, "
        f"{counts['tallies']} tallies"
    )


@fail_on_error
def export(
    fmt: Annotated[str, typer.Option("--format", "-f", help="csv, geojson or json.")] = "csv",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write; default stdout.")] = None,
    tallies: Annotated[
        bool, typer.Option("--tallies", help="Export cumulative tallies; with json, incidents and tallies apart.")
    ] = False,
    db: DbOption = None,
) -> None:
    """Export every incident (or tally) as CSV, GeoJSON or JSON."""
    exporter = EXPORTERS.get(fmt)
    if exporter is None:
        err.print(f"[red]error[/] unknown format {fmt!r}: choose one of {', '.join(EXPORTERS)}")
        raise typer.Exit(2)
    with Ledger(db) as ledger:
        if tallies and fmt == "json":
            text = to_json_with_tallies(ledger.incidents(), ledger.tallies())
        else:
            text = exporter(ledger.tallies() if tallies else ledger.incidents())
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        err.print(f"wrote {output}")
